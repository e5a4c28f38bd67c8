"""`gapkit questionnaire` and `gapkit import answers`: ask for what the analysis lacks, and read the answers back."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from gapkit.clitools import EXIT_PROBLEMS, conventions, emit, fail, open_workspace, workspace_options
from gapkit.workspace import Workspace


@click.command("questionnaire")
@click.argument("codes", nargs=-1, required=True, metavar="CONVENTION...")
@click.option("--lang", type=click.Choice(["ru", "en"]), default="ru", show_default=True)
@click.option("--format", "out_format", type=click.Choice(["docx", "xlsx"]), default="docx", show_default=True,
              help="docx: a document to fill in Word; xlsx: a workbook whose answers `gapkit import answers` reads.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write (default: reports/out/questionnaire-<CONVENTIONS>-<lang>.<format>).")
@click.option("--unanswered", is_flag=True, help="Only the questions no answer has been received for.")
@click.option("--workspace", "-w", "workspace_dir", type=click.Path(file_okay=False, path_type=Path),
              help="The workspace folder (default: the current folder, when it holds gapkit.toml).")
def questionnaire_(codes: tuple[str, ...], lang: str, out_format: str, output: Path | None, unanswered: bool,
                   workspace_dir: Path | None) -> None:
    """Write the questionnaire of CONVENTION(s): one question per national fact the analysis lacks (each C102
    Part test without a figure, the Parts to accept under Article 2, each decision's question to the competent
    authorities), grouped by Convention and Part or Article."""
    from gapkit.questionnaire.questions import questions
    from gapkit.report import default_output
    from gapkit.report.questionnaire import KIND

    ws = open_workspace(workspace_dir)
    chosen = conventions(ws, codes)
    qs = questions(ws, chosen, unanswered_only=unanswered)
    path = output or default_output(ws.root, KIND, chosen, lang, out_format)
    if out_format == "xlsx":
        from gapkit.exchange.questionnaire_book import write_book

        write_book(ws, chosen, qs, lang, path)
    else:
        from gapkit.report import write
        from gapkit.report.questionnaire import build_questionnaire

        write(build_questionnaire(ws, lang, chosen, qs), path)
    counts: dict[str, int] = {}
    for q in qs:
        counts[q.kind] = counts.get(q.kind, 0) + 1
    click.echo(str(path))
    click.echo(f"{len(qs)} question(s): " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items()),
               err=True)


def _respondent(ws: Workspace, given: str) -> str:
    """The roadmap party the answers come from, by its code or its abbreviation in any language."""
    from gapkit import roadmap

    rm = roadmap.load(ws).roadmap
    parties = rm.parties if rm is not None else {}
    for code, party in parties.items():
        if given.strip().casefold() in {code.casefold(), *(s.casefold() for s in party.short.values())}:
            return code
    known = ", ".join(f"{c} ({p.short.get('en', '')})" if p.short.get("en") else c for c, p in parties.items())
    fail(f"--from {given!r} is not a party of the roadmap (known: {known or 'none, the workspace has no roadmap'})")


@click.command("answers")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--from", "respondent", required=True, metavar="PARTY",
              help="Who answered: a party of the roadmap by its code or abbreviation (МТСЗН, MLSPP).")
@click.option("--date", "received", required=True, metavar="YYYY-MM-DD", help="The day the answers were received.")
@click.option("--dry-run", is_flag=True, help="Check and show what would change; write nothing.")
@workspace_options
def import_answers_(ws: Workspace, fmt: str, file: Path, respondent: str, received: str, dry_run: bool) -> None:
    """Read the answers of a filled questionnaire workbook into the workspace (answers.yaml, with an audit
    line each). Every answered row is checked first; one bad row refuses the file, with each row and why, and
    nothing is written. Then the C102 Part tests are computed again and what the answers changed is shown."""
    from gapkit.exchange.questionnaire_book import read_answers
    from gapkit.indicators.answers import AnswerStore
    from gapkit.questionnaire.questions import questions

    party = _respondent(ws, respondent)
    try:
        when = date.fromisoformat(received)
    except ValueError:
        fail(f"--date {received!r} is not a date (YYYY-MM-DD)")
    if when > date.today():
        fail(f"--date {received} is in the future")
    qs = questions(ws, [c for c, i in ws.instruments.items() if i.is_convention])
    result = read_answers(file, qs, party, when.isoformat())
    if result.problems:
        for p in result.problems:
            click.echo(f"gapkit: {file.name}: {p}", err=True)
        fail(f"{len(result.problems)} row(s) refused; nothing was written", EXIT_PROBLEMS)
    before = _statuses(ws)
    landed = AnswerStore(ws).apply(result.batch, party) if not dry_run else [a for a, _ in result.batch]
    after = _statuses(ws) if not dry_run else before
    changed = [{"part": k[0], "test": k[1], "before": before.get(k, ""), "after": v}
               for k, v in after.items() if before.get(k) != v]
    unchanged = len(result.batch) - len(landed)
    data: dict[str, Any] = {"file": str(file), "answers": [a.question for a in landed], "unchanged": unchanged,
                            "skipped": result.skipped, "dry_run": dry_run, "changed": changed}

    def text() -> str:
        head = "would store" if dry_run else "stored"
        lines = [f"{head} {len(landed)} answer(s) from {party} received {when.isoformat()}"
                 f" ({unchanged} already stored as they are, {result.skipped} row(s) without an answer)"]
        lines += [f"  C102 {c['part']} {c['test']}: {c['before']} -> {c['after']}" for c in changed]
        return "\n".join(lines)

    emit(fmt, data, text)


def _statuses(ws: Workspace) -> dict[tuple[str, str], str]:
    """Each C102 Part test's result now (the figures, with the answers laid over them)."""
    if "C102" not in ws.instruments:
        return {}
    from gapkit.indicators.run import Settings, compute

    run = compute(ws, Settings(only=("C102",)))  # the figures as loaded now: the store forgets them when it writes
    return {(p.part, t.test): t.status for p in run.parts for t in p.tests}


COMMANDS: tuple[tuple[str, click.Command], ...] = (("", questionnaire_), ("import", import_answers_))
