"""`gapkit import law`: the command line of the national-law importers (registered in gapkit.cli)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from gapkit.cli import EXIT_PROBLEMS, _emit, fail, import_, workspace_options
from gapkit.workspace import Workspace


@import_.command("law")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--act", "code", required=True, help="Code of the act the text is of, e.g. KZ-LC (Labour Code).")
@click.option("--lang", type=click.Choice(["ru", "kk"]), default=None,
              help="Language of the text (default: detected from its article headings).")
@click.option("--edition", help="Date of the edition the text is in, e.g. 2024-07-08 (adilet: 'редакция с …').")
@workspace_options
def import_law_(ws: Workspace, fmt: str, file: Path, code: str, lang: str | None, edition: str | None) -> None:
    """Import the text of a national act (mirror Markdown, adilet HTML, copied text or DOCX) into
    national_law/<country>/: articles, пункты and подпункты by id, excluded items, amendment notes.
    Merges by id with what the act's file holds; reports every line it could not place (exit 1 then)."""
    from gapkit.load.law import LawImportError, import_law

    try:
        report = import_law(ws, file, code.upper(), lang, edition)
    except LawImportError as e:
        fail(str(e))
        return
    _emit(fmt, report.as_dict(), report.text)
    if report.parsed.unplaced:
        sys.exit(EXIT_PROBLEMS)
