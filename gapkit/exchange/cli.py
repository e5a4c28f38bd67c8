"""`gapkit export review|oscal|akn` and `gapkit import review`: the review workbook and the open exports."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from gapkit.clitools import EXIT_PROBLEMS, emit, fail, workspace_options
from gapkit.exchange import words as W
from gapkit.review import in_lang
from gapkit.workspace import Workspace

EXIT_CONFLICT = 3  # as `gapkit confirm`


@click.group("export")
def export() -> None:
    """Export for Excel and for other tools: review workbook, OSCAL mapping collection, Akoma Ntoso."""


def _out(ws: Workspace, output: Path | None, name: str) -> Path:
    return output if output is not None else ws.root / "reports" / "out" / name


@export.command("review")
@click.argument("codes", nargs=-1, required=True, metavar="CONVENTION...")
@click.option("--lang", type=click.Choice(W.LANGS), default="ru", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="The .xlsx file to write (default: reports/out/review-workbook-<CONVENTIONS>-<lang>.xlsx).")
@click.option("--suggestions", type=click.IntRange(0, 3), default=3, show_default=True,
              help="Suggested provisions shown per requirement (0: none, faster).")
@workspace_options
def export_review_(ws: Workspace, fmt: str, codes: tuple[str, ...], lang: str, output: Path | None,
                   suggestions: int) -> None:
    """Write the review workbook (XLSX) of CONVENTION(s): one sheet each, one row per requirement."""
    from gapkit.exchange.workbook import ExportError, export_review

    path = _out(ws, output, "-".join(["review-workbook", *(c.upper() for c in codes), lang]) + ".xlsx")
    if path.suffix.lower() != ".xlsx":
        fail(f"{path}: the workbook is an .xlsx file")
    try:
        result = export_review(ws, list(codes), lang, path, suggestions)
    except ExportError as e:
        fail(str(e), EXIT_PROBLEMS)
        return
    if result.note:
        click.echo(f"gapkit: {result.note}", err=True)
    emit(fmt, result.as_dict(), lambda: f"wrote {result.path}: " + ", ".join(
        f"{code} {n} requirements" for code, n in result.sheets.items()))


def _decision_text(d: Any) -> str:
    if d is None:
        return "-"
    get = d.get if isinstance(d, dict) else lambda k: getattr(d, k)
    if getattr(d, "accept", False):
        return "the preliminary assessment, confirmed as it is"
    reason = get("reason") or {}
    return (f"{get('verdict')} / {get('relation') or '-'} / {', '.join(get('provisions') or []) or 'no provision'}: "
            f"{in_lang(reason, 'ru') if isinstance(reason, dict) else reason}")


@click.command("review")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--reviewer", required=True, help="Your name, as it should appear in the audit trail.")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@workspace_options
def import_review_(ws: Workspace, fmt: str, file: Path, reviewer: str, dry_run: bool) -> None:
    """Apply the filled review workbook FILE: each changed row through the review store, or refused with why."""
    from gapkit.exchange.review_import import ReviewImportError, import_review

    try:
        result = import_review(ws, file, reviewer, dry_run)
    except ReviewImportError as e:
        fail(str(e), e.exit_code)
        return

    def text() -> str:
        lines = []
        verb = "would apply" if dry_run else "applied"
        for r in result.of("applied", "would_apply"):
            rev = f" -> revision {r.revision}" if r.revision else ""
            lines.append(f"{verb}: {r.sheet} row {r.row} {r.requirement}{rev}")
            lines.append(f"    before: {_decision_text(r.before)}")
            lines.append(f"    after:  {_decision_text(r.yours)}")
        for r in result.of("refused"):
            lines.append(f"refused: {r.sheet} row {r.row} {r.requirement or '(no id)'}: {r.reason}")
        for r in result.of("conflict"):
            lines.append(f"conflict: {r.sheet} row {r.row} {r.requirement}: {r.reason}")
            lines.append(f"    theirs (revision {r.theirs['revision'] if r.theirs else '?'}): "
                         f"{_decision_text(r.theirs)}")
            lines.append(f"    yours: {_decision_text(r.yours)}")
        lines.append(f"{len(result.of('applied', 'would_apply'))} row(s) {verb}, {len(result.of('refused'))} "
                     f"refused, {len(result.of('conflict'))} conflict(s), {result.unchanged} unchanged"
                     + (" (dry run: nothing written)" if dry_run else ""))
        return "\n".join(lines)

    emit(fmt, result.as_dict(), text)
    if result.of("conflict"):
        sys.exit(EXIT_CONFLICT)
    if result.of("refused"):
        sys.exit(EXIT_PROBLEMS)


@export.command("oscal")
@click.argument("code", metavar="CONVENTION")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="The .json file to write (default: reports/out/oscal-mapping-<CONVENTION>.json).")
@workspace_options
def export_oscal_(ws: Workspace, fmt: str, code: str, output: Path | None) -> None:
    """The confirmed mappings of CONVENTION as an OSCAL 1.2 mapping collection (JSON), unmapped ones as gaps."""
    from gapkit.exchange.oscal import OscalError, write_mapping_collection

    path = _out(ws, output, f"oscal-mapping-{code.upper()}.json")
    try:
        summary = write_mapping_collection(ws, code, path)
    except OscalError as e:
        fail(str(e), EXIT_PROBLEMS)
        return
    emit(fmt, summary, lambda: f"wrote {path}: {summary['maps']} mapped requirement(s), "
                                f"{summary['unmapped']} unmapped")


@export.command("akn")
@click.argument("code", metavar="INSTRUMENT")
@click.option("--output", "-o", type=click.Path(file_okay=False, path_type=Path),
              help="The folder to write into (default: reports/out/akn/).")
@workspace_options
def export_akn_(ws: Workspace, fmt: str, code: str, output: Path | None) -> None:
    """INSTRUMENT (a national act, or a Convention) as Akoma Ntoso 3.0 XML: one file per language held."""
    from gapkit.exchange.akn import AknError, write_akn

    folder = output if output is not None else ws.root / "reports" / "out" / "akn"
    try:
        files = write_akn(ws, code, folder)
    except AknError as e:
        fail(str(e), EXIT_PROBLEMS)
        return
    emit(fmt, {lang: str(p) for lang, p in files.items()},
          lambda: "\n".join(f"wrote {p} ({lang})" for lang, p in files.items()))


#: this feature's commands, by the group they belong to ("": the top level); gapkit.registry gathers them
COMMANDS: tuple[tuple[str, click.Command], ...] = (
    ("", export),
    ('import', import_review_),
)
