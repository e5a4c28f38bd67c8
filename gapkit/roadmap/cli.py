"""`gapkit roadmap [--as-of DATE]` (every measure at a date) and `gapkit roadmap set MEASURE STATUS`."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from gapkit.clitools import EXIT_PROBLEMS, emit, fail, open_workspace, workspace_options
from gapkit.roadmap.load import load
from gapkit.roadmap.progress import ProgressError, append_record
from gapkit.roadmap.view import render_table, roadmap_view
from gapkit.workspace import Workspace


@click.group("roadmap", invoke_without_command=True)
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Show the roadmap as it stood on this date, YYYY-MM-DD (default: today).")
@click.option("--lang", type=click.Choice(["ru", "en"]), default="ru", show_default=True,
              help="Language of the measure texts in the table.")
# The group takes --workspace/--format itself rather than through workspace_options, which would load
# the workspace before `set` has read its own --workspace.
@click.option("--workspace", "-w", "workspace_dir", type=click.Path(file_okay=False, path_type=Path),
              help="The workspace folder (default: the current folder, when it holds gapkit.toml).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def roadmap(ctx: click.Context, as_of: datetime | None, lang: str, workspace_dir: Path | None, fmt: str) -> None:
    """The roadmap's measures: status, deadline, days overdue, parties, Conventions, comment points and
    deliverable reports (generated or not), grouped by section."""
    if ctx.invoked_subcommand is not None:
        # `gapkit roadmap -w DIR set ...`: what the group was given becomes the subcommand's default
        defaults = {"workspace_dir": workspace_dir, "fmt": fmt}
        ctx.default_map = {**(ctx.default_map or {}), ctx.invoked_subcommand: defaults}
        return
    ws = open_workspace(workspace_dir)
    day = as_of.date() if as_of else date.today()
    view = roadmap_view(ws, day)
    if view is None:
        _no_roadmap(ws)
        return
    problems = load(ws).problems
    if problems:
        click.echo(f"gapkit: {len(problems)} problem(s) in the roadmap file; `gapkit check` lists them", err=True)
    emit(fmt, view, lambda: render_table(view, lang))


def _no_roadmap(ws: Workspace) -> None:
    problems = load(ws).problems
    for p in problems:
        click.echo(str(p), err=True)
    fail("the workspace has no roadmap (roadmap/*.yaml)" if not problems else "the roadmap file cannot be read",
         EXIT_PROBLEMS)


@roadmap.command("set")
@click.argument("measure")
@click.argument("status")
@click.option("--evidence", metavar="FILE_OR_URL",
              help="What shows it: a file (kept as a path relative to the workspace) or a URL.")
@click.option("--note", help="A short note kept with the record.")
@click.option("--by", required=True, help="Who reports the status (a name).")
@workspace_options
def set_(ws: Workspace, fmt: str, measure: str, status: str, evidence: str | None, note: str | None,
         by: str) -> None:
    """Record STATUS (planned, in_progress, done, cancelled) for MEASURE (1.3 or RM:1.3).

    The record is appended to roadmap/progress.jsonl with the time; earlier records are never changed,
    and the measure's status is that of its last record. `overdue` is derived, never recorded."""
    try:
        record = append_record(ws, measure, status, by, evidence, note)
    except ProgressError as e:
        fail(str(e))
        return
    data: dict[str, Any] = record.as_dict()
    emit(fmt, data, lambda: f"{record.measure}: {record.status} (recorded {data['time']} by {record.by})"
                             + (f", evidence {record.evidence}" if record.evidence else ""))


#: this feature's commands, by the group they belong to ("": the top level); gapkit.registry gathers them
COMMANDS: tuple[tuple[str, click.Command], ...] = (
    ('', roadmap),
)
