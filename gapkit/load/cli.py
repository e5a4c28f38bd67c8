"""`gapkit import law`: the command line of the national-law importers (registered in gapkit.cli)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from gapkit.clitools import EXIT_PROBLEMS, emit, fail, workspace_options
from gapkit.workspace import Workspace


@click.command("law")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--act", "code", help="Code of the act the text is of, e.g. KZ-LC (Labour Code). May be left out for a "
                                    "folder whose metadata names an act of the workspace.")
@click.option("--lang", type=click.Choice(["ru", "kk"]), default=None,
              help="Language of the text (default: detected from its article headings; for a folder: every language "
                   "it holds).")
@click.option("--edition", help="Date of the edition the text is in, e.g. 2024-07-08 (adilet: 'редакция с …'); "
                                "a folder's metadata gives it.")
@click.option("--new-act", is_flag=True,
              help="--act names an act the workspace does not hold yet: make its file (without it, an unknown code is "
                   "refused with the codes it comes close to).")
@workspace_options
def import_law_(ws: Workspace, fmt: str, path: Path, code: str | None, lang: str | None, edition: str | None,
                new_act: bool) -> None:
    """Import the official text of a national act into national_law/<country>/: a file (mirror Markdown, adilet
    HTML, copied text or DOCX) or a whole act as a folder in the mirror's layout (meta.yaml, rus/ and kaz/ section
    files, or rus.md / kaz.md). Articles, пункты and подпункты by id, the divisions with their headings, excluded
    items, amendment notes. Merges by id with what the act's file holds; reports every line it could not place
    (exit 1 then). A text that is not the act's (its metadata, title or article headings say it is another act) is
    refused, and nothing is written."""
    from gapkit.load.law import LawImportError, import_folder, import_law

    try:
        if path.is_dir():
            folder = import_folder(ws, path, code.upper() if code else None, lang, edition, new_act)
            emit(fmt, folder.as_dict(), folder.text)
            if folder.unplaced:
                sys.exit(EXIT_PROBLEMS)
            return
        if not code:
            fail("--act is needed for a single file (e.g. --act KZ-LC); a folder in the mirror's layout names its act")
        report = import_law(ws, path, code.upper(), lang, edition, new_act)
    except LawImportError as e:
        fail(str(e))
        return
    emit(fmt, report.as_dict(), report.text)
    if report.parsed.unplaced:
        sys.exit(EXIT_PROBLEMS)


#: this feature's commands, by the group they belong to ("": the top level); gapkit.registry gathers them
COMMANDS: tuple[tuple[str, click.Command], ...] = (
    ('import', import_law_),
)
