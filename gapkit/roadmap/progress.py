"""Appending progress records to roadmap/progress.jsonl: one JSON object a line, never rewritten.

Writers append one whole line with a single write, under the lock file beside the log
(:func:`gapkit.yamlio.append_lines`); earlier lines are never touched, so the log is the history of every status
reported.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

from gapkit.errors import GapkitError
from gapkit.roadmap.load import forget_progress, load, progress_path
from gapkit.roadmap.model import OVERDUE, RECORD_STATUSES, ProgressRecord, measure_id
from gapkit.workspace import Workspace
from gapkit.yamlio import append_lines

LOCK_NAME = ".progress.jsonl.lock"
_URL_RE = re.compile(r"^[a-z][a-z0-9+.-]*://\S+$", re.IGNORECASE)


class ProgressError(GapkitError, ValueError):
    """A record that cannot be accepted: unknown measure or status, no name, missing evidence file."""


def check_record(ws: Workspace, measure: str, status: str, by: str) -> str:
    """The canonical id of ``measure`` when a record for it with ``status`` by ``by`` can be accepted."""
    rm = load(ws).roadmap
    if rm is None:
        raise ProgressError("the workspace has no roadmap (roadmap/*.yaml), so there is no measure to report on")
    if status == OVERDUE:
        raise ProgressError("'overdue' is derived from the deadline and the date, never recorded; "
                            f"record one of {', '.join(RECORD_STATUSES)}")
    if status not in RECORD_STATUSES:
        raise ProgressError(f"unknown status {status!r}: expected one of {', '.join(RECORD_STATUSES)}")
    mid = measure_id(measure)
    if mid is None:
        raise ProgressError(f"{measure!r} is not a measure id (write it as 1.3 or RM:1.3)")
    if mid not in rm.measures:
        ids = list(rm.measures)
        span = f"{ids[0]} … {ids[-1]}" if ids else "none"
        raise ProgressError(f"{mid} is not a measure of the roadmap {rm.id} (its measures: {span}, "
                            f"{len(ids)} in all); was it renumbered or removed?")
    if not by.strip():
        raise ProgressError("--by: say who reports the status (a name)")
    return mid


def evidence_ref(ws: Workspace, evidence: str, cwd: Path | None = None) -> str:
    """A URL as given; a file as a path relative to the workspace when it lies inside it, else absolute."""
    evidence = evidence.strip()
    if _URL_RE.match(evidence):
        return evidence
    given = Path(evidence).expanduser()
    candidates = [given] if given.is_absolute() else [(cwd or Path.cwd()) / given, ws.root / given]
    path = next((p for p in candidates if p.exists()), None)
    if path is None:
        raise ProgressError(f"evidence {evidence!r}: no such file (give an existing file or an http(s) URL)")
    path = path.resolve()
    try:
        return path.relative_to(ws.root).as_posix()
    except ValueError:
        return str(path)


def append_record(ws: Workspace, measure: str, status: str, by: str, evidence: str | None = None,
                  note: str | None = None, now: datetime | None = None) -> ProgressRecord:
    """Validate and append one record; returns it. Raises :class:`ProgressError` when it cannot be accepted."""
    mid = check_record(ws, measure, status, by)
    record = ProgressRecord(
        time=(now or datetime.now(UTC)).replace(microsecond=0),
        measure=mid, status=status, by=by.strip(),
        evidence=evidence_ref(ws, evidence) if evidence else None,
        note=note.strip() if note and note.strip() else None,
    )
    if record.time.tzinfo is None:
        raise ProgressError("the record's time needs its UTC offset")
    path = progress_path(ws)
    append_lines(path, [json.dumps(record.as_dict(), ensure_ascii=False)], path.with_name(LOCK_NAME))
    forget_progress(ws)
    return record
