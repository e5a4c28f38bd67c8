"""What a bill touches: per changed provision, the requirements mapped to it (decided and suggested), the CEACR
points that cite it and the roadmap measures that answer those points; per requirement, its verdict now and its
verdict if the bill were adopted.

A provision is touched by a change when it is the provision changed, lies inside it (a paragraph of a replaced
article) or holds it (the article of a changed paragraph).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gapkit.bill import Bill, Overlaid, overlay
from gapkit.citations import instrument_of
from gapkit.review import load_mappings
from gapkit.vocab import NOT_REVIEWED, Verdict
from gapkit.workspace import Workspace

#: worse first: a verdict if adopted lower on this scale than the verdict now is a regression
RANK: dict[str, int] = {Verdict.COMPLIANT: 3, Verdict.NOT_APPLICABLE: 3, Verdict.PARTIALLY_COMPLIANT: 2,
        Verdict.INSUFFICIENT_INFORMATION: 1, Verdict.NON_COMPLIANT: 0}


def related(a: str, b: str) -> bool:
    """One provision is the other, lies inside it or holds it (same act)."""
    return a == b or b.startswith(a + "(") or a.startswith(b + "(")


@dataclass
class Touched:
    """A Convention requirement a change touches."""

    requirement: str
    provisions: list[str]  # the changed provisions it touches through
    decided: bool  # through a decision (else only through a suggestion)
    verdict: str  # now
    stage: str  # preliminary | confirmed | ""
    if_adopted: dict[str, Any] = field(default_factory=dict)  # {verdict, reason, stage, reviewer, time} or {}

    @property
    def convention(self) -> str:
        return instrument_of(self.requirement)

    @property
    def regression(self) -> bool:
        """The verdict if adopted would be worse than the verdict now."""
        after = str(self.if_adopted.get("verdict") or "")
        return bool(after) and self.verdict in RANK and RANK.get(after, 3) < RANK[self.verdict]

    @property
    def improvement(self) -> bool:
        after = str(self.if_adopted.get("verdict") or "")
        return bool(after) and RANK.get(after, 0) > RANK.get(self.verdict, 3)


@dataclass
class PointTouched:
    point: Any  # gapkit.comments.model.Point
    provisions: list[str]
    measures: list[str]


@dataclass
class Impact:
    bill: Bill
    changes: dict[str, Overlaid]
    requirements: list[Touched]
    points: list[PointTouched]

    def as_dict(self) -> dict[str, Any]:
        return {
            "bill": self.bill.name, "title": self.bill.title,
            "changes": [{"provision": o.provision, "kind": o.change.kind, "line": o.change.line,
                         "current": o.current, "official": o.official, "proposed": o.proposed,
                         "requirements": [t.requirement for t in self.requirements if o.provision in t.provisions],
                         "points": [p.point.id for p in self.points if o.provision in p.provisions]}
                        for o in self.changes.values()],
            "requirements": [{"requirement": t.requirement, "through": t.provisions, "decided": t.decided,
                              "verdict": t.verdict, "stage": t.stage, "if_adopted": t.if_adopted,
                              "regression": t.regression} for t in self.requirements],
            "points": [{"point": p.point.id, "open": p.point.is_open, "title": p.point.title,
                        "provisions": p.provisions, "measures": p.measures} for p in self.points],
        }


def impact(ws: Workspace, bill: Bill) -> Impact:
    changes = overlay(ws, bill)
    targets = list(changes)
    mappings = load_mappings(ws)
    by_req: dict[str, Touched] = {}
    order = {cid: i for inst in ws.instruments.values() if inst.is_convention for i, cid in enumerate(inst.clauses)}
    for rid, m in mappings.items():
        through = [t for t in targets if any(related(p, t) for p in m.provisions)]
        if through and m.decided:
            by_req[rid] = Touched(rid, through, True, m.verdict, str(m.stage), dict(m.if_adopted.get(bill.name, {})))
    for rid, ts in _suggested(ws, targets).items():
        if rid not in by_req:
            found = mappings.get(rid)
            by_req[rid] = Touched(rid, ts, False, found.verdict if found else NOT_REVIEWED,
                                  str(found.stage) if found and found.decided else "",
                                  dict(found.if_adopted.get(bill.name, {})) if found else {})
    requirements = sorted(by_req.values(), key=lambda t: (t.convention, order.get(t.requirement, 1 << 30)))
    return Impact(bill, changes, requirements, _points(ws, targets))


def _suggested(ws: Workspace, targets: list[str]) -> dict[str, list[str]]:
    """Requirements whose stored suggestions (``gapkit suggest``) that still stand hold a changed provision (not one a
    reviewer rejected, nor a repealed one: :meth:`gapkit.match.Stored.standing`)."""
    from gapkit.match import stored_by_convention

    mappings = load_mappings(ws)
    out: dict[str, list[str]] = {}
    for stored in stored_by_convention(ws).values():
        for rid in stored.suggestions:
            m = mappings.get(rid)
            rows = stored.standing(ws, rid, {r.provision for r in m.rejected} if m else set())
            hit = [t for t in targets if any(related(str(r.get("provision", "")), t) for r in rows)]
            if hit:
                out[rid] = hit
    return out


def _points(ws: Workspace, targets: list[str]) -> list[PointTouched]:
    from gapkit import roadmap
    from gapkit.comments import load_comments
    from gapkit.comments.tracker import is_current

    data = load_comments(ws)
    rm = roadmap.load(ws).roadmap
    out = []
    for comment in data.comments.values():
        for p in comment.points:
            hit = [t for t in targets if any(related(q, t) for q in p.provisions)]
            if not hit or not is_current(data, p):
                continue
            measures = [p.measure] if p.measure else []
            if rm is not None:
                measures += [mid for mid, m in rm.measures.items() if p.id in m.comment_points and mid not in measures]
            out.append(PointTouched(p, hit, measures))
    return out
