"""`gapkit report review|amendments|comments|roadmap|ratification`: documents written to reports/out/ (or -o FILE)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import wraps
from pathlib import Path
from typing import Any

import click

from gapkit.clitools import EXIT_PROBLEMS, conventions, fail, open_workspace
from gapkit.report import ASKED, FORMATS, default_output, write
from gapkit.report.doc import Document
from gapkit.workspace import REPORTS_OUT, Workspace


@click.group()
def report() -> None:
    """Write a report as DOCX (or HTML): review, amendments, comments, roadmap, ratification, bill."""


def report_options(*templates: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--workspace, --lang, --format docx|html, -o FILE. ``templates``: the wording the report is written with; a
    language in which it is not complete (Kazakh, today) is refused, never mixed with the one it would fall back to."""

    def deco(fn: Callable[..., Any]) -> Callable[..., Any]:
        @click.option("--workspace", "-w", "workspace_dir", type=click.Path(file_okay=False, path_type=Path),
                      help="The workspace folder (default: the current folder, when it holds gapkit.toml).")
        @click.option("--lang", type=click.Choice(ASKED), default="ru", show_default=True,
                      help="Language of the document.")
        @click.option("--format", "fmt", type=click.Choice(FORMATS), default="docx", show_default=True,
                      help="docx, or html: the same content as one self-contained page.")
        @click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
                      help="File to write (default: reports/out/<kind>-<CONVENTIONS>-<lang>.<format>).")
        @wraps(fn)
        def wrapper(workspace_dir: Path | None, **kwargs: Any) -> Any:
            from gapkit.report.wording import complete  # jinja2: loaded when a report is made

            lang = kwargs.get("lang", "ru")
            if not complete(lang, templates):
                fail(f"this report has no complete wording in {lang!r}: it would be part {lang}, part Russian. "
                     f"Nothing was written; make it in ru or en.")
            return fn(workspace_dir=workspace_dir, **kwargs)

        return wrapper

    return deco


def _finish(ws: Workspace, doc: Document, kind: str, codes: list[str], lang: str, fmt: str,
            output: Path | None) -> None:
    path = output or default_output(ws.root, kind, codes, lang, fmt)
    write(doc, path, fmt)
    click.echo(str(path))


@report.command("review")
@click.argument("codes", nargs=-1, required=True, metavar="CONVENTION...")
@report_options("review")
def review_(workspace_dir: Path | None, codes: tuple[str, ...], lang: str, fmt: str, output: Path | None) -> None:
    """The analytical review of CONVENTION... (e.g. C081 C129) against the national law."""
    from gapkit.report.background import ChartWorker
    from gapkit.report.review import NotRatified, build_review

    with ChartWorker() as charts:  # starts drawing-ready before the workspace loads: see background.py
        ws = open_workspace(workspace_dir)
        wanted = conventions(ws, codes)
        try:
            doc = build_review(ws, wanted, lang, charts=charts.chart)
        except NotRatified as e:
            fail(f"{e}: gapkit report ratification {wanted[0] if len(wanted) == 1 else 'CONVENTION'}")
            return
        _finish(ws, doc, "review", wanted, lang, fmt, output)


@report.command("amendments")
@click.argument("codes", nargs=-1, required=True, metavar="CONVENTION...")
@click.option("--title", help="Title of the draft law the table accompanies (default: a generic amending law).")
@click.option("--deleted-style", type=click.Choice(["bold+strike", "strike", "bold"]), default="bold+strike",
              show_default=True, help="How deleted words are marked in the current wording.")
@report_options("amendments")
def amendments_(workspace_dir: Path | None, codes: tuple[str, ...], title: str | None, deleted_style: str,
                lang: str, fmt: str, output: Path | None) -> None:
    """The comparative table (сравнительная таблица) of the amendment proposals made for CONVENTION..."""
    from gapkit.report.amendments import build_amendments

    ws = open_workspace(workspace_dir)
    wanted = conventions(ws, codes)
    doc = build_amendments(ws, wanted, lang, title=title, deleted_style=deleted_style)
    _finish(ws, doc, "amendments", wanted, lang, fmt, output)


@report.command("comments")
@click.option("--convention", "codes", multiple=True, help="Only the comments on this Convention (repeatable).")
@report_options("comments")
def comments_(workspace_dir: Path | None, codes: tuple[str, ...], lang: str, fmt: str, output: Path | None) -> None:
    """The status of the CEACR comments: register, points raised, requests, what is still open."""
    from gapkit.report.comments_report import build_comments

    ws = open_workspace(workspace_dir)
    wanted = conventions(ws, codes) if codes else []
    doc = build_comments(ws, wanted, lang)
    _finish(ws, doc, "comments", wanted, lang, fmt, output)


@report.command("roadmap")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), help="Status at this date (default: today).")
@report_options("roadmap")
def roadmap_(workspace_dir: Path | None, as_of: datetime | None, lang: str, fmt: str, output: Path | None) -> None:
    """The status of the roadmap's measures at a date: done, in progress, overdue, deliverables."""
    from gapkit.report.roadmap_report import NoRoadmap, build_roadmap

    ws = open_workspace(workspace_dir)
    try:
        doc = build_roadmap(ws, lang, as_of.date() if as_of else date.today())
    except NoRoadmap as e:
        fail(str(e), EXIT_PROBLEMS)
        return
    _finish(ws, doc, "roadmap", [], lang, fmt, output)


@report.command("ratification")
@click.argument("codes", nargs=-1, required=True, metavar="CONVENTION")
@report_options("readiness", "ratification", "indicators")
def ratification(workspace_dir: Path | None, codes: tuple[str, ...], lang: str, fmt: str,
                 output: Path | None) -> None:
    """The analysis of the readiness to ratify CONVENTION (C102, C176, C190 ...): what would block ratification and
    what would have to change; for C102, Part by Part with the Part tests and the rule of Article 2."""
    from gapkit.indicators.run import compute
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


@report.command("bill")
@click.argument("name")
@report_options("bill")
def bill_(workspace_dir: Path | None, name: str, lang: str, fmt: str, output: Path | None) -> None:
    """The expert opinion on the bill NAME (read with gapkit import bill): its changes, the Convention
    requirements they touch with their assessment now and if adopted (regressions first), the CEACR comments on
    the changed provisions, and recommendations on the wording."""
    from gapkit.bill import load_bill
    from gapkit.report.bill_report import KIND, build_bill

    ws = open_workspace(workspace_dir)
    doc = build_bill(ws, lang, load_bill(ws, name))
    path = output or ws.root.joinpath(*REPORTS_OUT) / f"{KIND}-{name}-{lang}.{fmt}"
    write(doc, path, fmt)
    click.echo(str(path))


#: this feature's commands, by the group they belong to ("": the top level); gapkit.registry gathers them
COMMANDS: tuple[tuple[str, click.Command], ...] = (("", report),)
