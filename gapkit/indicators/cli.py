"""`gapkit indicators`: the figures, the indicators computed from them, and C102 Part by Part."""

from __future__ import annotations

import click

from gapkit.clitools import EXIT_PROBLEMS, emit, workspace_options
from gapkit.workspace import Workspace

CONVENTIONS = ("C131", "C081", "C102")


@click.command("indicators")
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
    from gapkit.indicators.run import Settings, compute
    from gapkit.report.indicators_text import as_json, text_lines

    run = compute(ws, Settings(year, kaitz_threshold, average_threshold,
                               tuple(o.upper() for o in only) or CONVENTIONS))
    if not run.ind.exists:
        click.echo(f"gapkit: no figures file at {run.ind.path}; every indicator is unknown "
                   "(docs/workspace-format.md, \"Indicators\", says what it holds)", err=True)
    for p in run.ind.problems:
        click.echo(f"gapkit: {p}", err=True)
    emit(fmt, as_json(ws, run, lang), lambda: "\n".join(text_lines(ws, run, lang)))
    if run.ind.problems:
        raise SystemExit(EXIT_PROBLEMS)



#: this feature's commands, by the group they belong to ("": the top level); gapkit.registry gathers them
COMMANDS: tuple[tuple[str, click.Command], ...] = (
    ('', indicators),
)
