"""The roadmap model: sections of measures with deadlines, parties and deliverables; progress records.

Plain dataclasses. A measure's id is ``RM:<section>.<measure>`` (``RM:1.3``), derived from the roadmap's own
numbering; it is not a clause id, so it has its own small parser here rather than in :mod:`gapkit.citations`.

>>> measure_id("1.3"), measure_id("RM:1.3"), measure_id(" rm:5.5 ")
('RM:1.3', 'RM:1.3', 'RM:5.5')
>>> measure_id("1.3.2") is None
True
>>> quarter_end(2024, 3), quarter_end(2025, 1)
(datetime.date(2024, 9, 30), datetime.date(2025, 3, 31))
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from gapkit.model import Source

#: Statuses a progress record may carry. `overdue` is not one of them: it is derived, never stored.
RECORD_STATUSES: tuple[str, ...] = ("planned", "in_progress", "done", "cancelled")
#: Statuses after which a measure can no longer be overdue.
CLOSED_STATUSES: frozenset[str] = frozenset({"done", "cancelled"})
#: The status of a measure nobody has reported on.
DEFAULT_STATUS = "planned"
OVERDUE = "overdue"

#: Report kinds gapkit produces (the reports and indicators issues build them); the names are fixed here
#: because generated files are found by them: reports/out/<kind>[-<CONVENTION>...]*.docx
REPORT_KINDS: tuple[str, ...] = ("review", "amendments", "ratification-readiness", "comments")
#: Kinds that are about named Conventions and so need at least one.
REPORT_KINDS_NEEDING_CONVENTIONS: frozenset[str] = frozenset({"review", "amendments", "ratification-readiness"})

FACT_KINDS: tuple[str, ...] = ("ratification", "legislation", "other")

MEASURE_PREFIX = "RM"
_MEASURE_RE = re.compile(r"^(?:RM:)?(?P<section>\d+)\.(?P<measure>\d+)$", re.IGNORECASE)
_QUARTER_RE = re.compile(r"^(?P<year>\d{4})-Q(?P<q>[1-4])$")


def measure_id(text: str) -> str | None:
    """The canonical id of a measure written as ``1.3`` or ``RM:1.3``; None when it is neither."""
    m = _MEASURE_RE.match(text.strip()) if isinstance(text, str) else None
    return f"{MEASURE_PREFIX}:{int(m['section'])}.{int(m['measure'])}" if m else None


def parse_quarter(text: str) -> tuple[int, int] | None:
    """``2024-Q3`` -> (2024, 3)."""
    m = _QUARTER_RE.match(text.strip()) if isinstance(text, str) else None
    return (int(m["year"]), int(m["q"])) if m else None


def quarter_end(year: int, quarter: int) -> date:
    """The last day of a quarter: a deadline "3-й квартал 2024" is met on 30 September 2024 at the latest."""
    month = quarter * 3
    return date(year, month, calendar.monthrange(year, month)[1])


@dataclass
class Party:
    """A responsible or interested party, by the roadmap's abbreviation (МОТ, МТСЗН ...)."""

    code: str
    name: dict[str, str] = field(default_factory=dict)
    #: the abbreviation in other languages than the roadmap's own (en: MLSPP for МТСЗН)
    short: dict[str, str] = field(default_factory=dict)
    line: int = 0

    def abbreviation(self, lang: str) -> str:
        """How a document in ``lang`` names the party briefly: the roadmap's code in Russian, else its own."""
        return self.short.get(lang) or (self.code if lang in ("ru", "kk") else self.name.get(lang, self.code))


@dataclass
class Deadline:
    quarter: str = ""  # 2024-Q3
    date: date | None = None  # the last day of the quarter; None when the file's date is not a valid date
    date_text: str = ""  # as the file gives it, for messages
    as_written: str = ""  # as the roadmap writes it: "3-й квартал 2024"


@dataclass
class Deliverable:
    """A gapkit report that produces (or feeds) a measure's result: {report: review, conventions: [C081, C129]}."""

    report: str
    conventions: list[str] = field(default_factory=list)

    @property
    def file_prefix(self) -> str:
        """How the report's files under reports/out/ begin: review-C081-C129."""
        return "-".join([self.report, *self.conventions])

    @property
    def label(self) -> str:
        return " ".join([self.report, *self.conventions])


@dataclass
class Topic:
    """One of the CEACR topics a measure lists (measure 1.3 lists eleven), for comment points to link to."""

    id: str
    text: dict[str, str] = field(default_factory=dict)
    articles: list[str] = field(default_factory=list)  # Convention clause ids (our reading)
    line: int = 0


@dataclass
class Fact:
    """Something that changed since the roadmap was signed (a ratification, a law), with its sources."""

    id: str
    kind: str = "other"
    date_text: str = ""
    text: dict[str, str] = field(default_factory=dict)
    conventions: list[str] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    uncertain_note: str = ""
    line: int = 0


@dataclass
class Measure:
    id: str  # RM:1.3
    number: str  # 1.3
    section: str  # 1
    text: dict[str, str] = field(default_factory=dict)
    deadline: Deadline = field(default_factory=Deadline)
    parties: list[str] = field(default_factory=list)
    result: dict[str, str] = field(default_factory=dict)
    result_types: list[str] = field(default_factory=list)
    conventions: list[str] = field(default_factory=list)
    note: dict[str, str] = field(default_factory=dict)
    comment_points: list[str] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    deliverables: list[Deliverable] = field(default_factory=list)
    line: int = 0


@dataclass
class Section:
    number: str
    title: dict[str, str] = field(default_factory=dict)
    measures: list[str] = field(default_factory=list)  # measure ids, in the roadmap's order
    line: int = 0


@dataclass
class AgreementConvention:
    code: str
    title: dict[str, str] = field(default_factory=dict)
    line: int = 0


@dataclass
class GeneralAgreement:
    """The General Agreement the roadmap's introduction cites, with the Conventions it aims to have ratified."""

    title: dict[str, str] = field(default_factory=dict)
    signed: str = ""
    parties: dict[str, str] = field(default_factory=dict)
    commitment: dict[str, str] = field(default_factory=dict)
    conventions: list[AgreementConvention] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    line: int = 0


@dataclass
class Roadmap:
    id: str = ""
    title: dict[str, str] = field(default_factory=dict)
    signed: str = ""
    signatories: list[dict[str, object]] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    parties: dict[str, Party] = field(default_factory=dict)
    result_types: dict[str, dict[str, str]] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    measures: dict[str, Measure] = field(default_factory=dict)
    general_agreement: GeneralAgreement | None = None
    facts: list[Fact] = field(default_factory=list)
    path: str = ""  # relative to the workspace, for messages
    line: int = 0

    def facts_for(self, measure: str) -> list[Fact]:
        return [f for f in self.facts if measure in f.measures]


@dataclass(frozen=True)
class ProgressRecord:
    """One line of roadmap/progress.jsonl: a status reported for a measure, by someone, at a time."""

    time: datetime
    measure: str
    status: str
    by: str
    evidence: str | None = None
    note: str | None = None
    line: int = 0

    def as_dict(self) -> dict[str, object]:
        return {"time": self.time.isoformat(), "measure": self.measure, "status": self.status, "by": self.by,
                "evidence": self.evidence, "note": self.note}
