"""`gapkit gaps`, `gapkit status`, `gapkit impact`: the questions asked of the workspace graph."""

from __future__ import annotations

import click

from gapkit import graph
from gapkit.clitools import EXIT_PROBLEMS, emit, fail, workspace_options
from gapkit.review import in_lang
from gapkit.workspace import Workspace


@click.command()
@click.argument("instrument")
@workspace_options
def gaps(ws: Workspace, fmt: str, instrument: str) -> None:
    """Requirements not reviewed, non-compliant, partially compliant or needing re-review."""
    code = instrument.upper()
    if code not in ws.instruments:
        fail(f"no instrument {instrument!r} in the workspace", EXIT_PROBLEMS)
    rows = graph.gaps(ws, code)

    def text() -> str:
        out = []
        for r in rows:
            flag = " [needs re-review]" if r["state"] == "needs_review" else ""
            out.append(f"{r['requirement']}\t{r['verdict']}{flag}\t{r['heading'].get('en', '')}")
            if r["reason"]:
                out.append(f"    {in_lang(r['reason'], 'en')}")
            for p in r["open_points"]:
                out.append(f"    open CEACR point {p['id']}: {p['topic']}")
        return "\n".join(out) or "no gaps"

    emit(fmt, rows, text)


@click.command()
@workspace_options
def status(ws: Workspace, fmt: str) -> None:
    """Per Convention: requirements per verdict and coverage."""
    data = graph.status(ws)

    def text() -> str:
        lines = []
        for code, s in data.items():
            v = s["verdicts"]
            lines.append(f"{code}\t{s['reviewed']}/{s['requirements']} decided ({s['coverage']:.0%}: "
                         f"{s['confirmed']} confirmed, {s['preliminary']} preliminary)\t"
                         + ", ".join(f"{k} {n}" for k, n in v.items() if n)
                         + (f"\t{s['needs_review']} need re-review" if s["needs_review"] else ""))
        return "\n".join(lines)

    emit(fmt, data, text)


@click.command()
@click.argument("provision")
@workspace_options
def impact(ws: Workspace, fmt: str, provision: str) -> None:
    """What a change to PROVISION touches: requirements, mappings, comment points, roadmap measures."""
    try:
        data = graph.impact(ws, provision)
    except (KeyError, ValueError):
        fail(f"{provision} is not in the workspace", EXIT_PROBLEMS)
        return

    def text() -> str:
        lines = [f"A change to {data['provision']} touches:"]
        lines += [f"  requirement {r['requirement']}: {r['verdict']} ({r['relation']}) via {', '.join(r['via'])}"
                  for r in data["requirements"]]
        lines += [f"  amendment proposal on {p['provision']} for {p['requirement']}" for p in data["proposals"]]
        lines += [f"  CEACR point {p['id']} ({p['status']})" for p in data["comment_points"]]
        lines += [f"  roadmap measure {m['id']}" for m in data["measures"]]
        return "\n".join(lines)

    emit(fmt, data, text)


#: this feature's commands, by the group they belong to ("": the top level); gapkit.registry gathers them
COMMANDS: tuple[tuple[str, click.Command], ...] = (("", gaps), ("", status), ("", impact))
