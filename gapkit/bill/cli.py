"""`gapkit import bill`, `gapkit bill impact` and `gapkit bill assess`: read a draft law, see what it touches,
and give each requirement it touches its verdict if adopted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from gapkit.clitools import emit, workspace_options
from gapkit.workspace import Workspace


@click.command("bill")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--name", required=True, help="What to call the bill in the workspace, e.g. inspections-2026.")
@click.option("--replace", is_flag=True, help="Replace a bill of that name already read.")
@workspace_options
def import_bill_(ws: Workspace, fmt: str, file: Path, name: str, replace: bool) -> None:
    """Read a draft law: its comparative table (.docx: № | Структурный элемент | Действующая редакция |
    Предлагаемая редакция | Обоснование) or the text of the amending law (.txt, .md). Every change must apply to
    the workspace's texts; the first that does not is reported with its line, and nothing is written."""
    from gapkit.bill import check_name, save_bill, validate
    from gapkit.bill.amending import read_amending_law
    from gapkit.bill.table import read_table

    check_name(name)
    bill = read_table(ws, file, name) if file.suffix.lower() == ".docx" else read_amending_law(ws, file, name)
    validate(ws, bill)
    path = save_bill(ws, bill, replace)
    acts = sorted({c.act for c in bill.changes})
    data = {"bill": name, "title": bill.title, "path": str(path), "changes": [c.as_dict() for c in bill.changes]}
    emit(fmt, data, lambda: "\n".join(
        [f"read {len(bill.changes)} change(s) to {', '.join(acts)} into {ws.rel(path)}"]
        + [f"  {c.kind:<8} {c.target}" for c in bill.changes]))


@click.group("bill")
def bill_group() -> None:
    """Draft laws read with `gapkit import bill`: what each would change, and the verdicts if adopted."""


@bill_group.command("impact")
@click.argument("name")
@workspace_options
def bill_impact_(ws: Workspace, fmt: str, name: str) -> None:
    """What the bill NAME touches: per changed provision, the requirements mapped to it (decided and suggested),
    the CEACR points that cite it and the roadmap measures; per requirement, its verdict now and if adopted."""
    from gapkit.bill import load_bill
    from gapkit.bill.impact import impact

    result = impact(ws, load_bill(ws, name))

    def text() -> str:
        lines = [f"{name}: {result.bill.title}" if result.bill.title else name]
        for o in result.changes.values():
            lines.append(f"{o.provision}  {o.change.kind}")
            for t in result.requirements:
                if o.provision in t.provisions:
                    after = t.if_adopted.get("verdict") or "(not assessed)"
                    mark = "  REGRESSION" if t.regression else ""
                    how = "decision" if t.decided else "suggested"
                    lines.append(f"  {t.requirement:<18} {how:<9} now: {t.verdict:<24} if adopted: {after}{mark}")
            for p in result.points:
                if o.provision in p.provisions:
                    state = "open" if p.point.is_open else p.point.status
                    measures = f"  measures: {', '.join(p.measures)}" if p.measures else ""
                    title = p.point.title.get("en") or p.point.topic
                    lines.append(f"  CEACR {p.point.id} ({state}): {title}{measures}")
        return "\n".join(lines)

    emit(fmt, result.as_dict(), text)


@bill_group.command("assess")
@click.argument("name")
@click.argument("requirement")
@click.option("--verdict", required=True, help="The verdict if the bill were adopted.")
@click.option("--reason", "reason_ru", required=True, help="Why, in Russian.")
@click.option("--reason-en", default="", help="Why, in English.")
@click.option("--reviewer", default="", help="Your name; without it the verdict is the analysis team's preliminary "
                                            "one, for an expert to confirm.")
@click.option("--expect-revision", type=int, default=None, help="Refuse if the decision has moved on.")
@workspace_options
def bill_assess_(ws: Workspace, fmt: str, name: str, requirement: str, verdict: str, reason_ru: str, reason_en: str,
                 reviewer: str, expect_revision: int | None) -> None:
    """Record the verdict on REQUIREMENT if the bill NAME were adopted (audited, as every decision)."""
    from gapkit.bill import load_bill
    from gapkit.review import MappingStore

    load_bill(ws, name)
    reason: dict[str, Any] = {"ru": reason_ru, **({"en": reason_en} if reason_en else {})}
    m = MappingStore(ws).assess_if_adopted(requirement, name, verdict, reason, reviewer, expect_revision)
    emit(fmt, m.as_dict(), lambda: f"{m.requirement}: if {name} is adopted: {verdict} (revision {m.revision})")


COMMANDS: tuple[tuple[str, click.Command], ...] = (("import", import_bill_), ("", bill_group))
