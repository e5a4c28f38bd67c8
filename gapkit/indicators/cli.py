"""`gapkit indicators` and `gapkit report ratification C102`: the figures, and the C102 readiness report."""

from __future__ import annotations

from pathlib import Path

import click

from gapkit.cli import EXIT_PROBLEMS, _emit, fail, main, open_workspace, workspace_options
from gapkit.indicators.run import Settings, as_json, compute, text_lines
from gapkit.report import default_output, write
from gapkit.report.cli import conventions, report, report_options
from gapkit.workspace import Workspace

CONVENTIONS = ("C131", "C081", "C102")


@main.command("indicators")
@click.option("--year", type=int,
              help="Only this year for the C131 indicators (default: every year with a minimum wage).")
@click.option("--kaitz-threshold", type=click.FloatRange(0, 1000), metavar="PCT",
              help="Kaitz threshold, per cent of the median wage (default: the figures file's benchmark, else 50).")
@click.option("--average-threshold", type=click.FloatRange(0, 1000), metavar="PCT",
              help="Threshold for minimum wage ÷ average wage, per cent (default: not compared).")
@click.option("--only", "only", multiple=True, type=click.Choice(CONVENTIONS, case_sensitive=False),
              help="Only the indicators of this Convention (repeatable): C131, C081 (with C129), C102.")
@click.option("--lang", type=click.Choice(["en", "ru"]), default="en", show_default=True,
              help="Language of the rules, reasons and labels.")
@workspace_options
def indicators(ws: Workspace, fmt: str, year: int | None, kaitz_threshold: float | None,
               average_threshold: float | None, only: tuple[str, ...], lang: str) -> None:
    """Indicators from the national figures: C131 Kaitz index, C081 inspector density, C102 Part by Part.

    Each value comes with its inputs (value, unit, period, source), the rule applied and the arithmetic;
    a missing input gives "unknown" and says what is missing.
    """
    run = compute(ws, Settings(year, kaitz_threshold, average_threshold,
                               tuple(o.upper() for o in only) or CONVENTIONS))
    if not run.ind.exists:
        click.echo(f"gapkit: no figures file at {run.ind.path}; every indicator is unknown "
                   "(docs/workspace-format.md, \"Indicators\", says what it holds)", err=True)
    for p in run.ind.problems:
        click.echo(f"gapkit: {p}", err=True)
    _emit(fmt, as_json(ws, run, lang), lambda: "\n".join(text_lines(ws, run, lang)))
    if run.ind.problems:
        raise SystemExit(EXIT_PROBLEMS)


@report.command("ratification")
@click.argument("codes", nargs=-1, required=True, metavar="CONVENTION")
@report_options("readiness", "ratification", "indicators")
def ratification(workspace_dir: Path | None, codes: tuple[str, ...], lang: str, fmt: str,
                 output: Path | None) -> None:
    """The analysis of the readiness to ratify CONVENTION (C102, C176, C190 ...): what would block ratification and
    what would have to change; for C102, Part by Part with the Part tests and the rule of Article 2."""
    from gapkit.report.readiness import KIND, NotForRatification, build_ratification

    ws = open_workspace(workspace_dir)
    wanted = conventions(ws, codes)
    if len(wanted) != 1:
        fail(f"the ratification analysis is made for one Convention at a time; got {' '.join(wanted)}")
    if wanted == ["C102"]:
        problems = compute(ws).ind.problems
        if problems:
            fail(f"the figures file has problems; nothing was written: {problems[0]}", EXIT_PROBLEMS)
    try:
        doc = build_ratification(ws, wanted, lang)
    except NotForRatification as e:
        fail(str(e))
    path = output or default_output(ws.root, KIND, wanted, lang, fmt)  # the name the roadmap looks for
    write(doc, path, fmt)
    click.echo(str(path))
