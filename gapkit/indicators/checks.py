"""`gapkit check` for the figures file (national_law/<country>/indicators.yaml).

Every figure and benchmark says where it comes from, an uncertain one says why, the provisions cited exist,
and each C102 entry names a Part of the catalogue with values in the vocabulary the tests read.
"""

from __future__ import annotations

from collections.abc import Iterator

from gapkit.check import Check
from gapkit.citations import Citation, instrument_of
from gapkit.indicators.answer_model import load_answers
from gapkit.indicators.figures import C102_TESTS, NationalValue, Period, PeriodError, load_indicators
from gapkit.workspace import Workspace
from gapkit.yamlio import Problem

BASES = ("employees", "economically_active", "residents", "residents_means_tested")
REFERENCES = ("previous_earnings", "labourer_wage")
UNITS = ("days", "weeks", "months", "years")
PERIOD_OF = ("contribution", "employment", "residence")
DENOMINATORS = ("all_employees", "all_residents", "employees_in_industrial_workplaces_20_plus")


def _provisions(ws: Workspace, path: str, line: int, what: str, ids: list[str]) -> Iterator[Problem]:
    for pid in ids:
        if not Citation.is_valid(pid):
            yield Problem(path, line, f"{what}: {pid!r} is not a clause id (e.g. KZ-SC:118(3))")
        elif ws.clause(pid) is None and instrument_of(pid) in ws.instruments:
            yield Problem(path, line, f"{what}: {pid} is not in the workspace")


def _value_problems(ws: Workspace, path: str, part: str, v: NationalValue) -> Iterator[Problem]:
    what = f"c102 {part} {v.test}"
    yield from _provisions(ws, path, v.line, what, v.provisions)
    if v.source.is_empty() and v.answer is None:  # an answered value's source is the answer
        yield Problem(path, v.line, f"{what}: no source (a URL or a note naming the reference section)")
    if v.as_of:
        try:
            Period.parse(v.as_of)
        except PeriodError as e:
            yield Problem(path, v.line, f"{what}: as_of: {e}")
    if v.uncertain and not v.uncertain_note:
        yield Problem(path, v.line, f"{what}: uncertain, but uncertain_note does not say why")
    checks = {"basis": BASES, "reference": REFERENCES, "unit": UNITS, "of": PERIOD_OF, "denominator": DENOMINATORS}
    for key, allowed in checks.items():
        value = v.get(key)
        if value is not None and value not in allowed and not (key == "unit" and v.test == "pensionable_age"):
            yield Problem(path, v.line, f"{what}: {key} {value!r} is not one of {', '.join(allowed)}")


def indicators_file(ws: Workspace) -> Iterator[Problem]:
    ind = load_indicators(ws)
    if not ind.exists:
        return
    yield from ind.problems
    seen: dict[str, int] = {}
    for f in ind.figures:
        if f.id in seen:
            yield Problem(ind.path, f.line, f"duplicate figure {f.id} (first at line {seen[f.id]})")
        seen.setdefault(f.id, f.line)
        if f.source.is_empty():
            yield Problem(ind.path, f.line, f"{f.id}: no source (a URL or a note naming the reference section)")
        if not f.unit:
            yield Problem(ind.path, f.line, f"{f.id}: no unit")
        if f.uncertain and not f.uncertain_note:
            yield Problem(ind.path, f.line, f"{f.id}: uncertain, but uncertain_note does not say why")
        yield from _provisions(ws, ind.path, f.line, f.id, f.provisions)
    for b in ind.benchmarks.values():
        if b.source.is_empty():
            yield Problem(ind.path, 0, f"benchmark {b.id}: no source")
        if b.uncertain and not b.uncertain_note:
            yield Problem(ind.path, 0, f"benchmark {b.id}: uncertain, but uncertain_note does not say why")
        yield from _provisions(ws, ind.path, 0, f"benchmark {b.id}", b.provisions)
    c102 = ws.instruments.get("C102")
    for part in ind.c102.values():
        if c102 is not None and f"C102:{part.part}" not in c102.clauses:
            yield Problem(ind.path, part.line, f"c102: {part.part} is not a Part of the C102 catalogue")
        yield from _provisions(ws, ind.path, part.line, f"c102 {part.part}", part.provisions)
        for v in part.values.values():
            yield from _value_problems(ws, ind.path, part.part, v)


def answers_file(ws: Workspace) -> Iterator[Problem]:
    """Each answer to a questionnaire answers a question of this workspace, from a party of the roadmap."""
    from gapkit import roadmap

    answers = load_answers(ws)
    if not load_indicators(ws).exists:  # the figures file reports these problems when it exists
        yield from answers.problems
    rm = roadmap.load(ws).roadmap
    c102 = ws.instruments.get("C102")
    for a in answers.answers.values():
        if rm is not None and a.respondent not in rm.parties:
            yield Problem(answers.path, a.line, f"{a.question}: respondent {a.respondent!r} is not a party of the "
                                                "roadmap")
        head, _, tail = a.question.rpartition("/")
        if a.kind == "c102_test" and (c102 is None or f"C102:{head.removeprefix('C102:')}" not in c102.clauses
                                      or tail not in C102_TESTS):
            yield Problem(answers.path, a.line, f"{a.question}: not a C102 Part test of the catalogue")
        if a.kind == "decision" and (tail != "question" or ws.clause(head) is None):
            yield Problem(answers.path, a.line, f"{a.question}: not a requirement of the workspace")


#: this feature's checks, run by `gapkit check` (gapkit.registry gathers them)
CHECKS: tuple[Check, ...] = (indicators_file, answers_file)
