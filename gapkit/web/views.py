"""What each page shows, gathered from the workspace as plain data; the templates only lay it out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from gapkit import graph
from gapkit.citations import instrument_of
from gapkit.comments import list_comments, load_comments
from gapkit.model import Clause, Instrument
from gapkit.review import NOT_REVIEWED, SCALE, Mapping, history, load_mappings
from gapkit.roadmap import load as load_roadmap
from gapkit.roadmap.view import roadmap_view
from gapkit.web import suggestions
from gapkit.workspace import Workspace, corresponding


def conventions(ws: Workspace) -> list[Instrument]:
    return [i for i in ws.instruments.values() if i.is_convention]


def is_requirement(ws: Workspace, clause_id: str) -> bool:
    c = ws.clause(clause_id)
    return c is not None and c.is_substantive and ws.instruments[c.instrument].is_convention


def is_provision(ws: Workspace, clause_id: str) -> bool:
    c = ws.clause(clause_id)
    return c is not None and ws.instruments[c.instrument].kind == "act"


def verdict_of(ws: Workspace, rid: str) -> str:
    m = load_mappings(ws).get(rid)
    return m.verdict if m else NOT_REVIEWED


def to_review(ws: Workspace, rid: str) -> bool:
    """Not decided by an expert yet (none, or only the analysis team's preliminary assessment), or decided on a text
    that has changed since."""
    m = load_mappings(ws).get(rid)
    return m is None or not m.confirmed or m.state(ws) == "needs_review"


# ---- dashboard ---------------------------------------------------------------------------


def dashboard(ws: Workspace, today: date) -> dict[str, Any]:
    status = graph.status(ws)
    rows = []
    for inst in conventions(ws):
        s = status[inst.code]
        total = s["requirements"] or 1
        segments, x = [], 0.0
        for v in SCALE:
            n = s["verdicts"].get(v, 0)
            if n:
                segments.append({"verdict": v, "n": n, "x": round(x, 3), "w": round(100 * n / total, 3)})
                x += 100 * n / total
        first = next((rid for rid in graph.requirements(ws, inst.code) if to_review(ws, rid)), None)
        rows.append({"inst": inst, **s, "segments": segments, "first_to_review": first})
    mappings = load_mappings(ws)
    needs_review = [{"mapping": m, "stale": m.stale_provisions(ws)} for m in mappings.values()
                    if m.decided and m.state(ws) == "needs_review"]
    return {"conventions": rows, "needs_review": needs_review, "points": open_points(ws),
            "overdue": overdue_measures(ws, today)}


def open_points(ws: Workspace) -> list[dict[str, Any]]:
    """The open CEACR points no later point carries."""
    return [{**p, "conventions": c["conventions"]} for c in list_comments(ws, open_only=True) for p in c["points"]]


def roadmap(ws: Workspace, as_of: date) -> dict[str, Any] | None:
    """The roadmap at a date; None when the workspace holds no roadmap."""
    return roadmap_view(ws, as_of)


def overdue_measures(ws: Workspace, today: date) -> list[dict[str, Any]] | None:
    view = roadmap(ws, today)
    if view is None:
        return None
    return sorted((m for m in view["measures"] if m["overdue"]), key=lambda m: -m["days_overdue"])


# ---- a Convention as a tree ----------------------------------------------------------------


def depth(inst: Instrument, clause: Clause) -> int:
    n, cur = 0, clause
    while cur.parent and cur.parent in inst.clauses:
        cur = inst.clauses[cur.parent]
        n += 1
    return n


def _others(ws: Workspace, clause_id: str) -> list[dict[str, Any]]:
    """The corresponding clauses of the other Conventions, with their verdicts (shown side by side)."""
    return [{"id": o, "verdict": verdict_of(ws, o), "clause": ws.clause(o)} for o in corresponding(ws, clause_id)]


def partners(ws: Workspace, code: str) -> list[str]:
    out: list[str] = []
    for inst in conventions(ws):
        for a, b in inst.corresponds:
            for this, other in ((a, b), (b, a)):
                o = instrument_of(other)
                if instrument_of(this) == code and o != code and o in ws.instruments and o not in out:
                    out.append(o)
    return out


def convention(ws: Workspace, code: str) -> dict[str, Any]:
    inst = ws.instruments[code]
    mappings = load_mappings(ws)
    rows = []
    for c in inst.clauses.values():
        m = mappings.get(c.id)
        rows.append({
            "clause": c, "depth": depth(inst, c), "requirement": c.is_substantive,
            "verdict": (m.verdict if m else NOT_REVIEWED) if c.is_substantive else None,
            "state": m.state(ws) if m else "none",
            "others": _others(ws, c.id),
        })
    reqs = graph.requirements(ws, code)
    stored = suggestions.computed(ws, code)
    return {"inst": inst, "rows": rows, "partners": partners(ws, code), "status": graph.status(ws)[code],
            "first_to_review": next((r for r in reqs if to_review(ws, r)), None),
            "suggestions": stored}


# ---- requirement review --------------------------------------------------------------------


@dataclass
class Candidate:
    """A provision shown on the review page: suggested, or part of the decision."""

    clause: Clause
    suggestion: suggestions.Suggested | None = None
    in_decision: bool = False
    stale: bool = False  # its text changed since the decision was made on it
    concepts: list[str] = field(default_factory=list)


def neighbours(ws: Workspace, rid: str) -> dict[str, str | None]:
    """Previous and next requirement, and the next one (after this, wrapping round) still to review."""
    reqs = graph.requirements(ws, instrument_of(rid))
    i = reqs.index(rid)
    after = reqs[i + 1:] + reqs[:i]
    return {"prev": reqs[i - 1] if i > 0 else None, "next": reqs[i + 1] if i + 1 < len(reqs) else None,
            "next_to_review": next((r for r in after if to_review(ws, r)), None),
            "position": str(i + 1), "count": str(len(reqs))}


def ancestors(ws: Workspace, clause: Clause) -> list[Clause]:
    inst = ws.instruments[clause.instrument]
    out, cur = [], clause
    while cur.parent and cur.parent in inst.clauses:
        cur = inst.clauses[cur.parent]
        out.append(cur)
    return list(reversed(out))


def requirement(ws: Workspace, rid: str) -> dict[str, Any]:
    clause = ws.clause(rid)
    assert clause is not None
    m: Mapping | None = load_mappings(ws).get(rid)
    stale = set(m.stale_provisions(ws)) if m else set()
    decided = list(m.provisions) if m else []
    candidates: list[Candidate] = []
    for s in suggestions.for_requirement(ws, rid):
        c = ws.clause(s.provision)
        assert c is not None
        candidates.append(Candidate(c, s, s.provision in decided, s.provision in stale, s.concepts))
    shown = {c.clause.id for c in candidates}
    extra = []  # provisions of the decision the matcher did not suggest, shown first
    for pid in decided:
        c = ws.clause(pid)
        if c is not None and pid not in shown:
            shared = [x for x in c.concepts if x in clause.concepts]
            extra.append(Candidate(c, None, True, pid in stale, shared))
    candidates = extra + candidates
    stored = suggestions.computed(ws, clause.instrument)
    return {
        "clause": clause,
        "inst": ws.instruments[clause.instrument],
        "ancestors": ancestors(ws, clause),
        "mapping": m,
        "state": m.state(ws) if m else "none",
        "revision": m.revision if m else 0,
        "candidates": candidates,
        "highlight": sorted({x for c in candidates for x in c.concepts}),
        "suggestions_stored": stored,
        "history": _history(ws, rid),
        "points": points_on(ws, clause),
        "others": _others(ws, rid),
        "nav": neighbours(ws, rid),
    }


def _history(ws: Workspace, rid: str) -> list[dict[str, Any]]:
    """The audit trail of a requirement, newest first (read once per change of the files)."""
    memo = ws.cache.setdefault("web.history", {})
    if rid not in memo:
        memo[rid] = list(reversed(history(ws.root, rid)))
    return memo[rid]


def points_on(ws: Workspace, clause: Clause) -> list[dict[str, Any]]:
    """The open CEACR points that cite this clause or an article it belongs to (as gapkit.graph.points_on
    answers it, without building the whole graph: a review page is rendered right after every save)."""
    key = "web.cites"
    if key not in ws.cache:
        cites: dict[str, list[Any]] = {}
        for p in load_comments(ws).points.values():
            for target in dict.fromkeys([*p.articles, *p.provisions]):
                cites.setdefault(target, []).append(p)
        ws.cache[key] = cites
    out: dict[str, dict[str, Any]] = {}
    for target in [clause.id, *(a.id for a in reversed(ancestors(ws, clause)))]:
        for p in ws.cache[key].get(target, []):
            if p.id not in out and p.is_open:
                out[p.id] = {"id": p.id, "status": p.status, "topic": p.topic, "via": target}
    return list(out.values())


# ---- provision -------------------------------------------------------------------------------


def provision(ws: Workspace, pid: str) -> dict[str, Any]:
    clause = ws.clause(pid)
    assert clause is not None
    inst = ws.instruments[clause.instrument]
    impact = graph.impact(ws, pid)
    points = load_comments(ws).points  # the point's heading beside its id
    for p in impact["comment_points"]:
        p["topic"] = points[p["id"]].topic if p["id"] in points else ""
    rm = load_roadmap(ws).roadmap
    for ms in impact["measures"]:
        ms["text"] = rm.measures[ms["id"]].text if rm and ms["id"] in rm.measures else {}
    return {"clause": clause, "inst": inst, "ancestors": ancestors(ws, clause),
            "children": [inst.clauses[c] for c in clause.children if c in inst.clauses],
            "edition": clause.edition or inst.edition, "impact": impact}


# ---- comments --------------------------------------------------------------------------------


def comments(ws: Workspace, open_only: bool, convention_code: str | None) -> list[dict[str, Any]]:
    return list_comments(ws, open_only=open_only, convention=convention_code or None)
