"""A measure's status at a date: the last progress record up to that date, and whether it is overdue.

Pure functions of the roadmap, the records and the date, so any date can be asked about (``--as-of``).

>>> from datetime import date, datetime, timezone
>>> from gapkit.roadmap.model import Deadline
>>> m = Measure("RM:1.2", "1.2", "1", deadline=Deadline("2024-Q3", date(2024, 9, 30)))
>>> recs = [ProgressRecord(datetime(2024, 8, 1, tzinfo=timezone.utc), "RM:1.2", "in_progress", "A"),
...         ProgressRecord(datetime(2025, 2, 1, tzinfo=timezone.utc), "RM:1.2", "done", "B")]
>>> status_as_of("RM:1.2", recs, date(2024, 9, 30)), overdue(m, "in_progress", date(2024, 9, 30))
('in_progress', False)
>>> days_overdue(m, status_as_of("RM:1.2", recs, date(2024, 12, 1)), date(2024, 12, 1))
62
>>> status_as_of("RM:1.2", recs, date(2026, 1, 1)), days_overdue(m, "done", date(2026, 1, 1))
('done', 0)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from gapkit.roadmap.model import (
    CLOSED_STATUSES,
    DEFAULT_STATUS,
    OVERDUE,
    Deliverable,
    Measure,
    ProgressRecord,
)

#: Kinds of file a report is written as (DOCX; HTML for quick reading).
REPORT_SUFFIXES: tuple[str, ...] = (".docx", ".html")


def current_record(measure: str, records: Iterable[ProgressRecord], as_of: date) -> ProgressRecord | None:
    """The last record for ``measure`` made on or before ``as_of`` (records are in the order they were appended)."""
    last = None
    for r in records:
        if r.measure == measure and r.time.date() <= as_of:
            last = r
    return last


def status_as_of(measure: str, records: Iterable[ProgressRecord], as_of: date) -> str:
    """The recorded status at ``as_of``: the last record's, or ``planned`` when nobody has reported yet."""
    r = current_record(measure, records, as_of)
    return r.status if r else DEFAULT_STATUS


def overdue(measure: Measure, status: str, as_of: date) -> bool:
    """Its deadline (the quarter's last day) has passed and it is neither done nor cancelled."""
    d = measure.deadline.date
    return d is not None and as_of > d and status not in CLOSED_STATUSES


def days_overdue(measure: Measure, status: str, as_of: date) -> int:
    """Days since the deadline for an overdue measure; 0 otherwise."""
    if not overdue(measure, status, as_of):
        return 0
    assert measure.deadline.date is not None
    return (as_of - measure.deadline.date).days


def shown_status(measure: Measure, status: str, as_of: date) -> str:
    """The status people see: ``overdue`` in place of planned / in_progress once the deadline has passed."""
    return OVERDUE if overdue(measure, status, as_of) else status


# ---- deliverables already generated ---------------------------------------------------------------------


@dataclass(frozen=True)
class Generated:
    path: Path
    modified: datetime


def report_files(out_dir: Path) -> list[Generated]:
    """Every report file in ``out_dir``: one look at the folder serves all the deliverables of a roadmap."""
    if not out_dir.is_dir():
        return []
    return [Generated(p, datetime.fromtimestamp(p.stat().st_mtime).astimezone()) for p in sorted(out_dir.iterdir())
            if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES]


def generated(out: Path | Sequence[Generated], deliverable: Deliverable) -> list[Generated]:
    """The report files (in the folder ``out``, or among the files listed) that are this deliverable:
    ``review-C081-C129-ru.docx`` for review C081 C129, oldest first.

    The name starts with the kind and the Conventions; a further Convention makes it another report
    (``review-C081-C129.docx`` is not ``review C081``), anything else (language, date) is the same report.
    """
    files = report_files(out) if isinstance(out, Path) else out
    rx = re.compile(re.escape(deliverable.file_prefix) + r"(?![-_.]?[CP]\d{3})(?:[-_.]|$)")
    return sorted((g for g in files if rx.match(g.path.name)), key=lambda g: g.modified)
