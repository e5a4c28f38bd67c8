"""`gapkit suggest`: suggested national provisions for each requirement of a Convention (registered in gapkit.cli)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from gapkit.clitools import EXIT_PROBLEMS, emit, fail, workspace_options
from gapkit.workspace import NoSuchConvention, Workspace, convention_code

if TYPE_CHECKING:
    from gapkit import match


def _text(result: dict[str, list[match.Suggestion]]) -> str:
    lines = []
    for rid, rows in result.items():
        lines.append(rid)
        if not rows:
            lines.append("  (no suggestion)")
        for i, s in enumerate(rows, start=1):
            cited = f"  cited by: {', '.join(s.cited_by)}" if s.cited_by else ""
            article = f"  (in {s.article})" if s.article != s.provision else ""
            lines.append(f"  {i}. {s.provision}{article}  {s.score:.3f}{cited}")
            if s.concepts:
                lines.append(f"       concepts: {', '.join(s.concepts)}")
            if s.lemmas:
                lines.append(f"       words: {', '.join(s.lemmas)}")
    return "\n".join(lines)


@click.command("suggest")
@click.argument("instrument")
@click.option("--act", "acts", multiple=True, metavar="CODE",
              help="National act to search (repeatable; default: every act of the workspace), e.g. --act KZ-LC.")
@click.option("--top", type=click.IntRange(1, 100), default=5, show_default=True, help="Suggestions per requirement.")
@click.option("--store/--no-store", default=True, show_default=True,
              help="Keep the result in mappings/suggestions/<INSTRUMENT>.json, where the graph reads its "
                   "`suggests` edges. Reviewer decisions are never changed.")
@workspace_options
def suggest_(ws: Workspace, fmt: str, instrument: str, acts: tuple[str, ...], top: int, store: bool) -> None:
    """Suggest, for each requirement of INSTRUMENT (e.g. C081), the national provisions that deal with
    it, best first, with the shared concepts and words that explain each, and the source of any
    explicit citation (CEACR comment point, the requirement's notes), which comes first."""
    try:
        code = convention_code(ws, instrument)
    except NoSuchConvention as e:
        fail(str(e), EXIT_PROBLEMS)
    # the matcher loads numpy, scipy and rapidfuzz: only when a suggestion is asked for, not for `gapkit --help`
    from tqdm import tqdm

    from gapkit import match

    chosen = [a.upper() for a in acts] or match.national_acts(ws)
    for a in chosen:
        if a not in ws.instruments or ws.instruments[a].kind != "act":
            held = ", ".join(c for c, i in ws.instruments.items() if i.kind == "act") or "none"
            fail(f"--act {a}: no national act {a} in the workspace (it holds: {held})", EXIT_PROBLEMS)
    if not any(ws.instruments[a].clauses for a in chosen):
        fail(f"no national provisions to search in {', '.join(chosen) or 'the workspace'}: "
             "import an act's text first (gapkit import law FILE --act CODE)", EXIT_PROBLEMS)
    # the bar shows itself only when the run lasts more than a second
    with tqdm(total=match.work_units(ws, code, chosen), desc=f"suggest {code}", unit="clause", delay=1.0,
              file=sys.stderr, leave=False) as bar:
        result = match.suggest(ws, code, chosen, top, progress=bar.update)
    if store:
        path = match.store(ws, code, chosen, top, result)
        click.echo(f"gapkit: suggestions kept in {ws.rel(path)}", err=True)
    data: dict[str, Any] = {rid: [s.as_dict() for s in rows] for rid, rows in result.items()}
    emit(fmt, data, lambda: _text(result))


#: this feature's commands, by the group they belong to ("": the top level); gapkit.registry gathers them
COMMANDS: tuple[tuple[str, click.Command], ...] = (
    ('', suggest_),
)
