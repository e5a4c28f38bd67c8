"""The `gapkit` command line. Every command takes --workspace DIR and --format text|json."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import click

from gapkit import citations, registry
from gapkit.citations import Citation, CitationError, instrument_of
from gapkit.clitools import EXIT_PROBLEMS, emit, fail, workspace_options
from gapkit.model import Clause, Instrument
from gapkit.workspace import (
    CONFIG_FILE,
    FOLDERS,
    NoSuchConvention,
    Workspace,
    convention_code,
    default_workspace_dir,
)


class _Main(click.Group):
    """The command group: any error of the family (a workspace file that cannot be read, with its place; a
    citation that is not one; a save that came second) ends the command with its message and the error's exit
    code, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        from gapkit.errors import GapkitError
        from gapkit.yamlio import YamlError

        try:
            return super().invoke(ctx)
        except YamlError as e:
            fail(str(e.problem), e.exit_code)
        except GapkitError as e:
            fail(str(e), e.exit_code)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="gapkit")
def main() -> None:
    """gapkit: compare ILO Conventions with national law."""


# ---- cite ------------------------------------------------------------------------------


@main.command()
@click.argument("text")
@click.option("--context", help="Instrument or clause the text belongs to (for 'настоящего Кодекса', 'this Article').")
@workspace_options
def cite(ws: Workspace, fmt: str, text: str, context: str | None) -> None:
    """Find the citations in TEXT and print their canonical ids."""
    if context and not Citation.is_valid(context):
        fail(f"--context {context!r} is not an instrument code or a clause id (e.g. KZ-LC or KZ-LC:191)")
    result = citations.scan(text, ws.names, context)
    for u in result.unresolved:
        click.echo(f"gapkit: not resolved: {u.text!r}: {u.reason}", err=True)
    emit(fmt, [f.as_dict() for f in result.found],
          lambda: "\n".join(f"{f.citation}\t{f.text}" for f in result.found) or "(no citation found)")


# ---- show / list -----------------------------------------------------------------------


def clause_dict(ws: Workspace, c: Clause) -> dict[str, Any]:
    inst = ws.instruments[c.instrument]
    d: dict[str, Any] = {
        "id": c.id,
        "instrument": c.instrument,
        "number": c.number,
        "kind": c.kind,
        "heading": c.heading,
        "text": c.text,
        "concepts": c.concepts,
        "uncertain": c.uncertain,
    }
    if c.uncertain_note:
        d["uncertain_note"] = c.uncertain_note
    if c.authentic:
        d["authentic"] = c.authentic
    d["parent"] = c.parent
    d["children"] = c.children
    d["citation"] = {lang: Citation.parse(c.id).format(lang, ws.names) for lang in ("en", "ru", "kk")}
    if c.params:
        d["params"] = c.params
    if c.notes:
        d["notes"] = c.notes
    if not c.source.is_empty():
        d["source"] = {"url": c.source.url, "note": c.source.note}
    if inst.kind == "act":
        d["edition"] = c.edition or inst.edition
        if c.amendments:
            d["amendments"] = [a.__dict__ for a in c.amendments]
        if c.excluded_by:
            d["excluded_by"] = c.excluded_by
    return d


def instrument_dict(inst: Instrument) -> dict[str, Any]:
    return {
        "id": inst.code, "kind": inst.kind, "title": inst.title, "number": inst.number, "year": inst.year,
        "act_number": inst.act_number, "date": inst.date, "edition": inst.edition, "holds": inst.holds,
        "authentic_languages": inst.authentic_languages, "aliases": inst.aliases,
        "clauses": len(inst.clauses),
    }


def _clause_text(c: Clause, inst: Instrument, lang_order: tuple[str, ...] = ("en", "ru", "kk")) -> str:
    from gapkit.texts import official_text

    lines = [f"{c.id}  [{c.kind}]" + ("  UNCERTAIN" if c.uncertain else "")]
    for lang in lang_order:
        if c.heading.get(lang):
            lines.append(f"  {lang} heading: {c.heading[lang]}")
        if c.text.get(lang):
            lines.append(f"  {lang} {'summary' if inst.kind == 'act' else 'our wording'}: {c.text[lang]}")
        official = official_text(inst, c.id, lang) if inst.kind == "act" else c.authentic.get(lang)
        if official:
            lines.append(f"  {lang} {'official text' if inst.kind == 'act' else 'authentic'}: "
                         + official.replace("\n", "\n    "))
    if c.concepts:
        lines.append("  concepts: " + ", ".join(c.concepts))
    if c.uncertain_note:
        lines.append(f"  uncertain: {c.uncertain_note}")
    return "\n".join(lines)


@main.command()
@click.argument("clause_id", metavar="ID")
@click.option("--bill", "bill_name", metavar="NAME",
              help="Show the provision now and as the bill NAME would have it (gapkit import bill).")
@workspace_options
def show(ws: Workspace, fmt: str, clause_id: str, bill_name: str | None) -> None:
    """Show one clause (or an instrument) with its text in every language held; with --bill, its wording now
    beside its wording if the bill were adopted."""
    try:
        cid = str(Citation.parse(clause_id))
    except CitationError:
        found = citations.find(clause_id, ws.names)
        if len(found) != 1:
            fail(f"{clause_id!r} is not a clause id (e.g. C081:12(1)(a) or KZ-LC:191(5))")
        cid = str(found[0].citation)
    if cid in ws.instruments:
        inst = ws.instruments[cid]
        emit(fmt, instrument_dict(inst), lambda: json.dumps(instrument_dict(inst), ensure_ascii=False, indent=2))
        return
    if bill_name:
        _show_bill(ws, fmt, cid, bill_name)
        return
    c = ws.clause(cid)
    if c is None:
        fail(f"{cid} is not in the workspace" + ("" if instrument_of(cid) in ws.instruments
                                                 else f" (no instrument {cid.split(':')[0]})"), EXIT_PROBLEMS)
    assert c is not None
    emit(fmt, clause_dict(ws, c), lambda: _clause_text(c, ws.instruments[c.instrument]))


def _show_bill(ws: Workspace, fmt: str, cid: str, name: str) -> None:
    from gapkit.bill import current_text, load_bill, overlay

    bill = load_bill(ws, name)
    changed = overlay(ws, bill)
    o = changed.get(cid)
    if o is None:
        now, official = current_text(ws, cid)
        if ws.clause(cid) is None:
            fail(f"{cid} is not in the workspace, and the bill {name} does not add it", EXIT_PROBLEMS)
        data = {"provision": cid, "bill": name, "changed": False, "current": now, "official": official}
        emit(fmt, data, lambda: f"{cid}: the bill {name} does not change it\n  now ("
             f"{'official text' if official else 'our summary'}): " + now.replace("\n", "\n    "))
        return
    data = {"provision": cid, "bill": name, "changed": True, "kind": o.change.kind, "line": o.change.line,
            "current": o.current, "official": o.official, "proposed": o.proposed}

    def text() -> str:
        where = f"line {o.change.line} of the bill" if bill.form == "amending_law" else f"row {o.change.line}"
        lines = [f"{cid}: the bill {name} ({o.change.kind}, {where})",
                 (f"  now ({'official text' if o.official else 'our summary'}): " + o.current.replace("\n", "\n    "))
                 if o.current else "  now: (no such provision yet)",
                 "  if adopted: " + (o.proposed.replace("\n", "\n    ") if o.proposed is not None else "(deleted)")]
        return "\n".join(lines)

    emit(fmt, data, text)


@main.command("list")
@click.argument("instrument", required=False)
@workspace_options
def list_(ws: Workspace, fmt: str, instrument: str | None) -> None:
    """List the clauses of INSTRUMENT (or, without it, the instruments of the workspace)."""
    if instrument is None:
        rows = [instrument_dict(i) for i in ws.instruments.values()]
        emit(fmt, rows, lambda: "\n".join(
            f"{r['id']}\t{r['clauses']} clauses\t{r['title'].get('en') or r['title'].get('ru', '')}" for r in rows))
        return
    inst = ws.instruments.get(instrument.upper() if instrument.upper() in ws.instruments else instrument)
    if inst is None:
        fail(f"no instrument {instrument!r} in the workspace (it holds: {', '.join(ws.instruments) or 'none'})",
             EXIT_PROBLEMS)
    assert inst is not None
    rows = [
        {"id": c.id, "number": c.number, "heading": c.heading, "text": c.text, "kind": c.kind,
         "concepts": c.concepts, "uncertain": c.uncertain, "parent": c.parent}
        for c in inst.clauses.values()
    ]
    emit(fmt, rows, lambda: "\n".join(
        f"{r['id']}\t{r['kind']}\t{r['heading'].get('en') or r['heading'].get('ru', '')}"
        + ("\tUNCERTAIN" if r["uncertain"] else "") for r in rows))


# ---- check -----------------------------------------------------------------------------


@main.command("check")
@workspace_options
def check_(ws: Workspace, fmt: str) -> None:
    """Validate the whole workspace; print file:line: message for each problem."""
    from gapkit.check import run_checks  # every feature's checks: loaded when checks run

    problems = run_checks(ws)
    errors = [p for p in problems if p.severity == "error"]
    if fmt == "json":
        click.echo(json.dumps([{"path": p.path, "line": p.line, "message": p.message, "severity": p.severity}
                               for p in problems], ensure_ascii=False, indent=2))
    else:
        for p in problems:
            click.echo(str(p))
        n_clauses = sum(len(i.clauses) for i in ws.instruments.values())
        click.echo(f"{len(errors)} problem(s); {len(ws.instruments)} instruments, {n_clauses} clauses, "
                   f"{len(ws.concepts)} concepts", err=True)
    sys.exit(EXIT_PROBLEMS if errors else 0)


# ---- import ----------------------------------------------------------------------------


@main.group("import")
def import_() -> None:
    """Import real texts: Convention texts (NORMLEX, treaty databases) and national acts (adilet)."""


@import_.command("convention")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--instrument", "code", required=True, help="The Convention the text is of, e.g. C081.")
@click.option("--lang", type=click.Choice(["en", "ru", "kk"]), default="en", show_default=True)
@workspace_options
def import_convention_(ws: Workspace, fmt: str, file: Path, code: str, lang: str) -> None:
    """Attach the authentic text of a Convention (NORMLEX text or HTML, treaty-database Markdown)
    to the catalogue's clauses; report every line not placed and every clause left without text."""
    from gapkit.load.convention_text import ConventionImportError, import_convention

    try:
        inst = ws.instruments[convention_code(ws, code)]
    except NoSuchConvention as e:
        fail(str(e))
    try:
        report = import_convention(ws.root, inst, file, lang,
                                   [i for i in ws.instruments.values() if i.is_convention])
    except ConventionImportError as e:
        fail(str(e))
        return

    def text() -> str:
        lines = [f"{inst.code} ({lang}): {len(report.placed)} clauses given their authentic text -> "
                 f"{ws.rel(Path(report.path))}"]
        lines += [f"  line {u.line}: not placed: {u.reason}: {u.text[:80]}" for u in report.unplaced]
        lines += [f"  left without authentic text: {cid}" for cid in report.missing]
        lines.append(f"{len(report.unplaced)} line(s) not placed, {len(report.missing)} clause(s) without text")
        return "\n".join(lines)

    emit(fmt, report.as_dict(), text)
    if report.unplaced or report.missing:
        sys.exit(EXIT_PROBLEMS)


# ---- init ------------------------------------------------------------------------------


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--country", required=True, help="ISO 3166 alpha-2 code of the workspace's country (e.g. kz).")
@click.option("--name", help="Name of the workspace (default: the folder's name).")
@click.option("--from", "source", type=click.Path(file_okay=False, path_type=Path),
              help="Workspace to take the Convention catalogues from (default: this one).")
def init(directory: Path, country: str, name: str | None, source: Path | None) -> None:
    """Make a new empty workspace in DIRECTORY, holding the Convention catalogues."""
    country = country.strip().lower()
    if len(country) != 2 or not country.isalpha():
        fail(f"--country {country!r}: expected a two-letter country code such as kz")
    if directory.exists() and any(directory.iterdir()):
        fail(f"{directory} exists and is not empty; choose a new folder")
    src = source or default_workspace_dir() or Path(__file__).resolve().parent.parent
    catalogues = src / "conventions"
    if not catalogues.is_dir():
        fail(f"no Convention catalogues found in {src}; pass --from WORKSPACE")
    directory.mkdir(parents=True, exist_ok=True)
    for folder in FOLDERS:
        (directory / folder).mkdir(parents=True, exist_ok=True)
    (directory / "national_law" / country).mkdir(parents=True, exist_ok=True)
    for f in sorted(catalogues.glob("*.yaml")):
        shutil.copy2(f, directory / "conventions" / f.name)
    for f in sorted((catalogues / "thesaurus").glob("*.yaml")):
        shutil.copy2(f, directory / "conventions" / "thesaurus" / f.name)
    import tomli_w

    # written by a TOML library: a name with quotes, backslashes or any letters reads back as typed
    config = {"workspace": {"name": name or directory.name, "country": country, "languages": ["en", "ru"]}}
    (directory / CONFIG_FILE).write_text("# A gapkit workspace.\n" + tomli_w.dumps(config), encoding="utf-8")
    (directory / "reports" / ".gitignore").write_text("out/\n", encoding="utf-8")
    click.echo(f"made workspace {directory} for country {country} "
               f"with {len(list((directory / 'conventions').glob('*.yaml')))} Convention catalogues")


# ---- the features' commands ---------------------------------------------------------------
# Every feature's commands, from the one registry: there however gapkit is started (`gapkit`, `python -m gapkit.cli`).
for _group, _command in registry.commands():
    _target = main if not _group else main.commands[_group]
    assert isinstance(_target, click.Group), _group
    _target.add_command(_command)


if __name__ == "__main__":
    main()
