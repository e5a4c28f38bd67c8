"""The decisions' own checks for `gapkit check`: each file reads whole, every id resolves, every decision holds
what its stage needs; the audit log's damaged lines."""

from __future__ import annotations

from collections.abc import Iterator

from gapkit.check import Check
from gapkit.review import (
    CHANGES,
    NOT_REVIEWED,
    RELATIONS,
    VERDICTS,
    Mapping,
    _decision_problems,
    _measure_ids,
    _point_ids,
    read_audit,
    read_file,
    same_person,
)
from gapkit.workspace import Workspace
from gapkit.yamlio import Problem, YamlError


def audit_log_is_sound(ws: Workspace) -> Iterator[Problem]:
    """A damaged line of the audit log (a write cut short): reported, never in the way of a write or a page."""
    for rel, n, _text in read_audit(ws.root)[1]:
        yield Problem(rel, n, "damaged line (not JSON): a write was cut short here; the decisions files are not "
                              "affected")


def _approval_problems(rel: str, m: Mapping) -> Iterator[Problem]:
    """An approval is a second person's, of a confirmed decision (four eyes)."""
    if not m.approval:
        return
    approver = str(m.approval.get("approver") or "")
    if not approver.strip():
        yield Problem(rel, m.line, f"{m.requirement}: the approval names no approver")
    elif same_person(approver, m.reviewer):
        yield Problem(rel, m.line, f"{m.requirement}: approved by its own reviewer {m.reviewer!r}; a second person "
                                   "approves a decision (four eyes)")
    if not m.confirmed:
        what = "a preliminary assessment" if m.preliminary else "a requirement no one has decided"
        yield Problem(rel, m.line, f"{m.requirement}: an approval on {what}; only a confirmed decision is approved")


def mappings_are_sound(ws: Workspace) -> Iterator[Problem]:
    for path in sorted((ws.root / "mappings").glob("*.yaml")):
        rel = ws.rel(path)
        try:
            mappings = read_file(path)
        except YamlError as e:
            yield Problem(rel, e.problem.line, e.problem.message)
            continue
        code = path.stem
        points, measures = _point_ids(ws), _measure_ids(ws)
        for m in mappings.values():
            clause = ws.clause(m.requirement)
            if clause is None or clause.instrument != code:
                yield Problem(rel, m.line, f"{m.requirement}: not a requirement of {code}")
            for pid in [*m.provisions, *(p.provision for p in m.proposals if ws.clause(p.provision)),
                        *(r.provision for r in m.rejected)]:
                if ws.clause(pid) is None:
                    yield Problem(rel, m.line, f"{m.requirement}: provision {pid} is not in the workspace")
            if m.verdict != NOT_REVIEWED and m.verdict not in VERDICTS:
                yield Problem(rel, m.line, f"{m.requirement}: verdict {m.verdict!r} is not one of "
                                           f"{', '.join(VERDICTS)}")
            if m.relation is not None and m.relation not in RELATIONS:
                yield Problem(rel, m.line, f"{m.requirement}: relation {m.relation!r} is not one of "
                                           f"{', '.join(RELATIONS)}")
            if m.practice.get("verdict") and m.practice["verdict"] not in VERDICTS:
                yield Problem(rel, m.line, f"{m.requirement}: practice verdict {m.practice['verdict']!r} is unknown")
            yield from _decision_problems(ws, rel, m, points, measures)
            yield from _approval_problems(rel, m)
            for p in m.proposals:
                if p.change and p.change not in CHANGES:
                    yield Problem(rel, m.line, f"{m.requirement}: proposal on {p.provision}: change {p.change!r} is "
                                               f"not one of {', '.join(CHANGES)}")
                why = p.stale(ws) if ws.clause(p.provision) else ""
                if why:
                    yield Problem(rel, m.line, f"{m.requirement}: the proposal on {p.provision} was {why}: redraft it "
                                               "against the official text (gapkit propose)")


#: the decisions' checks, run by `gapkit check` (gapkit.registry gathers them)
CHECKS: tuple[Check, ...] = (audit_log_is_sound, mappings_are_sound)
