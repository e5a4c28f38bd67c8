"""Answers to the questionnaires: what a competent authority told us, kept beside the figures it completes.

``national_law/<country>/answers.yaml`` holds one record per question answered (a C102 Part test, the Parts the
Government envisages accepting under Article 2, or a question a decision asks). Each record says who answered
(a party of the roadmap, by its code), when the answer was received, the document it came in, and its revision.
The hand-written ``indicators.yaml`` is never rewritten: :func:`gapkit.indicators.figures.overlay` lays the answered
C102 values over it when the figures are loaded, and the value then names the answer as its source.

Every change goes through :class:`AnswerStore`, in the manner of the review store: a lock, a revision check per
question (an answer made against revision 1 is refused once someone else has made revision 2), the audit line
first (``answers-audit.jsonl``), then an atomic replace. A batch lands whole or not at all.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

from gapkit.errors import GapkitError
from gapkit.indicators.answer_model import FILE_NAME, Answer, path_of, read
from gapkit.indicators.figures import C102_TESTS, Period, PeriodError
from gapkit.workspace import Workspace
from gapkit.yamlio import append_lines, dump_yaml, locked, write_atomic

AUDIT_NAME = "answers-audit.jsonl"

#: what an answer to each C102 test is given in: the units a value may have, and the bases it may be of
UNITS: dict[str, tuple[str, ...]] = {
    "persons_protected": ("percent",),
    "benefit_rate": ("percent",),
    "qualifying_period": ("days", "weeks", "months", "years"),
    "waiting_period": ("days",),
    "duration": ("days", "weeks", "months"),
    "pensionable_age": ("years",),
}
BASES: dict[str, tuple[str, ...]] = {
    # the population the share is of (C102 Articles 9, 15, 21 ...: employees, or all residents)
    "persons_protected": ("all_employees", "all_residents"),
    # what the standard beneficiary's benefit is a percentage of (Article 65: previous earnings; 66: the wage of
    # an ordinary adult male labourer)
    "benefit_rate": ("previous_earnings", "labourer_wage"),
    "qualifying_period": ("contribution", "employment", "residence"),
    "waiting_period": (),
    # a duration that lasts the whole contingency needs no number
    "duration": ("limited", "whole_contingency"),
    "pensionable_age": ("general", "men", "women"),
}


#: the basis an answer has when it names none: a number of weeks is a limited duration, an age is everyone's
DEFAULT_BASIS = {"duration": "limited", "pensionable_age": "general"}


class AnswersError(GapkitError):
    """An answer that cannot be stored; nothing was written."""


def audit_path(ws: Workspace) -> Path:
    return path_of(ws).with_name(AUDIT_NAME)


# ---- checking one answer ------------------------------------------------------------------------------------


def check(answer: Answer, test: str = "") -> list[str]:
    """What is wrong with an answer to a C102 test (``test``), an Article 2 or a decision question: each a reason
    in words, none when it can be stored."""
    why: list[str] = []
    if answer.kind == "c102_test":
        if test not in C102_TESTS:
            return [f"{test!r} is not a C102 test"]
        units, bases = UNITS[test], BASES[test]
        whole = test == "duration" and answer.basis == "whole_contingency"
        if answer.value is None and not whole:
            why.append("the answer needs a number")
        if answer.value is not None and answer.value < 0:
            why.append(f"{answer.value:g} is negative")
        if answer.value is not None and answer.unit == "percent" and answer.value > 100 and test != "benefit_rate":
            why.append(f"{answer.value:g} per cent is more than the whole")
        if not whole and answer.unit not in units:
            why.append(f"the unit must be {' or '.join(units)}, not {answer.unit or 'empty'}")
        if bases and answer.basis not in bases:
            why.append(f"the basis must be {' or '.join(bases)}, not {answer.basis or 'empty'}")
    elif not answer.text.strip():
        why.append("the answer is empty")
    if answer.period:
        try:
            period = Period.parse(answer.period)
        except PeriodError as e:
            why.append(str(e).replace("period ", "the period ", 1))
        else:
            try:
                received = date.fromisoformat(answer.received)
            except ValueError:
                received = None
            if received is not None and period.start > received:
                why.append(f"the period {answer.period} starts after the answer was received ({answer.received})")
    elif answer.kind == "c102_test" and answer.value is not None and test in ("persons_protected", "benefit_rate"):
        why.append("a share or a rate needs the period it is for (a year, e.g. 2025)")
    return why


# ---- the store ----------------------------------------------------------------------------------------------


class AnswerStore:
    """The one writer of the answers file."""

    def __init__(self, ws: Workspace):
        self.ws = ws
        self.path = path_of(ws)

    def apply(self, batch: list[tuple[Answer, int]], by: str) -> list[Answer]:
        """Store each answer, made against the revision given (0: the question had no answer). Every answer of the
        batch lands, or none does: a revision that moved refuses the batch with the questions it concerns."""
        if not batch:
            return []
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with locked(self.path.with_name(f".{FILE_NAME}.lock")):
            current = read(self.path, self.ws.rel(self.path))
            if current.problems:
                raise AnswersError(f"{current.problems[0]}: mend the answers file first; nothing was written")
            # an answer already stored as it is (the same file imported twice) changes nothing
            batch = [(a, rev) for a, rev in batch if not _same(current.answers.get(a.question), a)]
            if not batch:
                return []
            now_at = {q: a.revision for q, a in current.answers.items()}
            moved = [f"{a.question} (now at revision {now_at[a.question]}, the questionnaire was made at {rev})"
                     for a, rev in batch if now_at.get(a.question, 0) != rev]
            if moved:
                raise AnswersError("answered by someone else since the questionnaire was made: " + "; ".join(moved)
                                   + ". Nothing was written: make the questionnaire again and answer anew.")
            t = datetime.now(UTC).replace(microsecond=0).isoformat()
            landed = []
            entries = []
            for a, rev in batch:
                before = current.answers.get(a.question)
                a.revision, a.by, a.time = rev + 1, by, t
                current.answers[a.question] = a
                landed.append(a)
                entries.append({"time": t, "by": by, "action": "answer", "question": a.question,
                                "revision": a.revision, "before": before.as_dict() if before else None,
                                "after": a.as_dict()})
            # the audit lines go first: a process killed between the two leaves lines for answers that did not
            # land, never an answer without its line
            path = audit_path(self.ws)
            append_lines(path, [json.dumps(e, ensure_ascii=False, sort_keys=True) for e in entries],
                         path.with_name(f".{AUDIT_NAME}.lock"))
            write_atomic(self.path, _header() + dump_yaml(
                {"answers": [x.as_dict() for x in sorted(current.answers.values(), key=lambda x: x.question)]}))
        for key in ("answers", "indicators"):  # the figures carry the answers laid over them
            self.ws.cache.pop(key, None)
        return landed


_PAYLOAD = ("kind", "respondent", "received", "value", "unit", "basis", "period", "text", "document", "document_date",
            "comment")


def _same(stored: Answer | None, new: Answer) -> bool:
    return stored is not None and all(getattr(stored, k) == getattr(new, k) for k in _PAYLOAD)


def _header() -> str:
    return ("# Answers to the questionnaires (gapkit questionnaire / gapkit import answers). Written by gapkit:\n"
            "# every change is in answers-audit.jsonl beside it. indicators.yaml is read first, then these.\n")
