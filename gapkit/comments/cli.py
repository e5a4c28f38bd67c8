"""`gapkit comments` (list, follow-up) and `gapkit import ceacr` (registered in gapkit.cli)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from gapkit.clitools import EXIT_PROBLEMS, emit, fail, open_workspace, workspace_options
from gapkit.comments.normlex import CeacrImportError, import_ceacr
from gapkit.comments.tracker import followup, list_comments
from gapkit.review import proposals_with_state
from gapkit.workspace import Workspace


def _points_text(rows: list[dict[str, Any]]) -> str:
    lines = []
    for c in rows:
        session = f", ILC {c['ilc_session']} ({c['published']})" if c["ilc_session"] else ""
        seen = "" if c["text_seen"] == "full" else f"  [text seen: {c['text_seen']}]"
        lines.append(f"{c['id']}  {c['type']} {c['adopted']}{session}  {', '.join(c['conventions'])}{seen}")
        for p in c["points"]:
            flag = "  UNCERTAIN" if p["uncertain"] else ""
            lines.append(f"  {p['id']}  [{p['status']}]{flag}  {p['topic']}")
            if p["articles"] or p["provisions"]:
                lines.append(f"      articles: {', '.join(p['articles']) or '-'}; "
                             f"provisions: {', '.join(p['provisions']) or '-'}")
            for r in p["requests"]:
                text = r["text"].get("en") or r.get("authentic", {}).get("en", "")
                lines.append(f"      {r['id'].rsplit('/', 1)[1]} [{r['status']}] {text}")
    return "\n".join(lines) or "(no comment)"


def _followup_text(rows: list[dict[str, Any]]) -> str:
    lines = []
    for row in rows:
        flag = "  UNCERTAIN" if row["uncertain"] else ""
        lines.append(f"{row['point']}  [{row['status']}]{flag}  {row['topic']}")
        if row["carries"]:
            lines.append(f"    carries: {', '.join(row['carries'])}")
        for r in row["unanswered"]:
            text = r["text"].get("en") or r.get("authentic", {}).get("en", "")
            lines.append(f"    unanswered {r['id']}: {text}")
        for prov in row["provisions"]:
            known = "yes" if prov["amendment_proposal"] else "no"
            lines.append(f"    provision {prov['id']}: amendment proposal: {known}")
    return "\n".join(lines) or "(no open point)"


@click.group("comments", invoke_without_command=True)
@click.option("--open", "open_only", is_flag=True,
              help="Only the open points (open or partially addressed) that no later point takes up.")
@click.option("--convention", help="Only the comments on this Convention, e.g. C081.")
@click.option("--workspace", "-w", "workspace_dir", type=click.Path(file_okay=False, path_type=Path),
              help="The workspace folder (default: the current folder, when it holds gapkit.toml).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def comments(ctx: click.Context, open_only: bool, convention: str | None, workspace_dir: Path | None,
             fmt: str) -> None:
    """The CEACR comments and their points, with status (see also: gapkit comments followup)."""
    if ctx.invoked_subcommand is not None:
        # options given before the subcommand ("gapkit comments -w DIR followup") are passed on to it
        ctx.obj = {"workspace_dir": workspace_dir, "fmt": fmt, "convention": convention}
        return
    ws = open_workspace(workspace_dir)
    code = convention.upper() if convention else None
    rows = list_comments(ws, open_only, code)
    emit(fmt, rows, lambda: _points_text(rows))


@comments.command("followup")
@click.option("--convention", help="Only the comments on this Convention, e.g. C081.")
@click.option("--workspace", "-w", "workspace_dir", type=click.Path(file_okay=False, path_type=Path),
              help="The workspace folder (default: the current folder, when it holds gapkit.toml).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default=None, help="text (default) or json.")
@click.pass_context
def comments_followup(ctx: click.Context, convention: str | None, workspace_dir: Path | None,
                      fmt: str | None) -> None:
    """Per open point: the requests still unanswered, the provisions they touch, and whether an
    amendment proposal of a confirmed mapping exists for each (unknown without a review module)."""
    given = ctx.obj or {}
    ws = open_workspace(workspace_dir or given.get("workspace_dir"))
    convention = convention or given.get("convention")
    rows = followup(ws, convention.upper() if convention else None, proposals=proposals_with_state)
    emit(fmt or given.get("fmt") or "text", rows, lambda: _followup_text(rows))


@click.command("ceacr")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--id", "comment_id", help="The comment id, e.g. CEACR:KZ-C081-C129-2024-OBS (default: from the "
                                         "text's header); needed for a text without a NORMLEX header.")
@click.option("--normlex-id", default="", help="NORMLEX number of the comment (e.g. 4410858).")
@click.option("--url", default="", help="Address of the comment on NORMLEX.")
@click.option("--replace", is_flag=True, help="Overwrite the comment's file if it exists.")
@workspace_options
def import_ceacr_(ws: Workspace, fmt: str, file: Path, comment_id: str | None, normlex_id: str, url: str,
                  replace: bool) -> None:
    """Import a CEACR comment as NORMLEX shows it (copied as text, Markdown or HTML) into comments/<cc>/: points
    per article heading (on its own line or opening its paragraph) and numbered sub-point, articles and national
    provisions resolved, requests extracted. Reports every line or citation it could not place (exit 1 then). A
    file over 2 MB, or a text with no Convention line or no text of the Committee, is refused (exit 2) and
    nothing is written."""
    try:
        report = import_ceacr(ws, file, comment_id, normlex_id, url, replace)
    except CeacrImportError as e:
        fail(str(e))
        return
    emit(fmt, report.as_dict(), report.text)
    if report.unplaced:
        sys.exit(EXIT_PROBLEMS)


#: this feature's commands, by the group they belong to ("": the top level); gapkit.registry gathers them
COMMANDS: tuple[tuple[str, click.Command], ...] = (
    ('', comments),
    ('import', import_ceacr_),
)
