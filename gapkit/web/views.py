"""What each page shows, gathered from the workspace as plain data; the templates only lay it out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from gapkit import graph
from gapkit.citations import instrument_of
from gapkit.comments import list_comments, load_comments
from gapkit.model import Clause, Instrument
from gapkit.review import NOT_REVIEWED, SCALE, Mapping, history, load_mappings, text_map
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


def resolve(ws: Workspace, given: str, kind: str) -> str | None:
    """The canonical id of the requirement or provision (``kind``) given by its id or by a citation as people write
    it (the search's one reading of a citation), or None."""
    from gapkit import search

    cid = search.resolve(ws, given)
    ok = is_requirement if kind == "requirement" else is_provision
    return cid if cid is not None and ok(ws, cid) else None


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
    """The audit trail of a requirement, newest first, each change with what it changed (read once per change of
    the files)."""
    memo = ws.cache.setdefault("web.history", {})
    if rid not in memo:
        entries = list(reversed(history(ws.root, rid)))
        current = load_mappings(ws).get(rid)
        for e in entries:
            if not e.get("damaged"):
                e["changes"] = changes(e.get("before"), e.get("after") or {})
                e["current"] = bool(current and e.get("landed") and e.get("revision") == current.revision)
        memo[rid] = entries
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


# ---- filters ---------------------------------------------------------------------------------

#: the filters of the Convention tree and the dashboard, by their query parameter
FILTERS: tuple[str, ...] = ("verdict", "stage", "needs_review", "open_point", "reviewer", "part")
STAGE_FILTERS: tuple[str, ...] = ("none", "preliminary", "confirmed", "approved")


def filters_of(query: Any) -> dict[str, str]:
    """The filters asked for in a page's address (empty values dropped)."""
    return {k: str(query.get(k) or "").strip() for k in FILTERS if str(query.get(k) or "").strip()}


def mapping_of(ws: Workspace, rid: str) -> Mapping | None:
    return load_mappings(ws).get(rid)


def stage_of(m: Mapping | None) -> str:
    """none | preliminary | confirmed | approved: how far a requirement's decision has come."""
    if m is None or not m.decided:
        return "none"
    if m.preliminary:
        return "preliminary"
    return "approved" if m.approved else "confirmed"


def parts(ws: Workspace, code: str) -> list[Clause]:
    """The Parts (divisions) of a Convention, for the Part filter."""
    from gapkit.citations import Citation

    inst = ws.instruments[code]
    return [c for c in inst.clauses.values() if Citation.parse(c.id).is_division and depth(inst, c) == 0]


def matches(ws: Workspace, rid: str, f: dict[str, str]) -> bool:
    """Whether a requirement passes the filters."""
    m = mapping_of(ws, rid)
    if f.get("verdict") and (m.verdict if m else NOT_REVIEWED) != f["verdict"]:
        return False
    if f.get("stage") and stage_of(m) != f["stage"]:
        return False
    if f.get("needs_review") and not (m is not None and m.decided and m.state(ws) == "needs_review"):
        return False
    if f.get("reviewer") and (m is None or f["reviewer"].casefold() not in (m.reviewer or "").casefold()):
        return False
    clause = ws.clause(rid)
    if clause is None:
        return False
    if f.get("open_point") and not points_on(ws, clause):
        return False
    return not (f.get("part") and f["part"] not in {a.id for a in ancestors(ws, clause)})


def filtered(ws: Workspace, codes: list[str], f: dict[str, str]) -> list[dict[str, Any]]:
    """The requirements of the Conventions that pass the filters, as rows of a list."""
    out = []
    for code in codes:
        for rid in graph.requirements(ws, code):
            if matches(ws, rid, f):
                m = mapping_of(ws, rid)
                out.append({"id": rid, "code": code, "clause": ws.clause(rid), "mapping": m,
                            "verdict": m.verdict if m else NOT_REVIEWED, "stage": stage_of(m),
                            "state": m.state(ws) if m else "none"})
    return out


def reviewers(ws: Workspace) -> list[str]:
    """Everyone who has confirmed a decision, for the reviewer filter."""
    return sorted({m.reviewer for m in load_mappings(ws).values() if m.reviewer})


def corresponding_requirements(ws: Workspace, rid: str) -> list[str]:
    """The requirements of other Conventions that correspond to this one (C081 ↔ C129)."""
    return [o for o in corresponding(ws, rid) if is_requirement(ws, o)]


# ---- what a change changed -------------------------------------------------------------------

#: the fields of a decision the history shows, in the order a reader checks them
DIFF_FIELDS: tuple[str, ...] = ("stage", "verdict", "relation", "provisions", "reason", "recommendation",
                                "practice", "rejected", "proposals", "approval")


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """Two texts as runs of kept, deleted and inserted words: [("=", ...), ("-", ...), ("+", ...)]."""
    import difflib
    import re

    a, b = re.findall(r"\S+\s*", before), re.findall(r"\S+\s*", after)
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":  # unchanged words: their ends only, around what changed
            same = "".join(a[i1:i2])
            out.append(("=", same if len(same) <= 160 else f"{same[:70]} … {same[-70:]}"))
            continue
        if i2 > i1:
            out.append(("-", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(("+", "".join(b[j1:j2])))
    return out


def changes(before: dict[str, Any] | None, after: dict[str, Any]) -> list[dict[str, Any]]:
    """What one change of the history changed, field by field, as the history page shows it."""
    before = before or {}
    out: list[dict[str, Any]] = []
    for name in DIFF_FIELDS:
        was, now = before.get(name), after.get(name)
        if (was or None) == (now or None):
            continue
        row: dict[str, Any] = {"field": name, "before": was, "after": now}
        if name == "provisions":
            row["added"] = [p for p in now or [] if p not in (was or [])]
            row["removed"] = [p for p in was or [] if p not in (now or [])]
        elif name in ("rejected", "proposals"):
            key = "provision"
            olds = {r.get(key) for r in was or [] if isinstance(r, dict)}
            news = {r.get(key) for r in now or [] if isinstance(r, dict)}
            row["added"] = sorted(p for p in news - olds if p)
            row["removed"] = sorted(p for p in olds - news if p)
            # the same provisions, another wording or justification: which ones changed
            row["edited"] = sorted(p for p in olds & news if p and _by(was, p) != _by(now, p))
        elif name in ("reason", "recommendation"):
            b, a = text_map(was) if was else {}, text_map(now) if now else {}
            row["langs"] = [{"lang": lg, "diff": word_diff(b.get(lg, ""), a.get(lg, "")),
                             "size": len(b.get(lg, "")) + len(a.get(lg, ""))}
                            for lg in ("ru", "en") if b.get(lg, "") != a.get(lg, "")]
        if name == "provisions" and not row["added"] and not row["removed"]:
            continue  # the same provisions in another order
        out.append(row)
    return out


def _by(records: Any, provision: str) -> Any:
    return next((r for r in records or [] if isinstance(r, dict) and r.get("provision") == provision), None)


# ---- acts and links ----------------------------------------------------------------------------


def clause_href(ws: Workspace, cid: str) -> str:
    """The page of a clause: a provision's, a requirement's, or its place in its Convention's tree."""
    from urllib.parse import quote

    c = ws.clause(cid)
    if c is not None and ws.instruments[c.instrument].kind == "act":
        return "/provisions/" + quote(cid, safe=":()")
    if is_requirement(ws, cid):
        return "/requirements/" + quote(cid, safe=":()")
    code = instrument_of(cid)
    return f"/conventions/{quote(code)}#{quote(cid, safe=':()')}" if code in ws.instruments else ""


def acts(ws: Workspace) -> list[Instrument]:
    return [i for i in ws.instruments.values() if i.kind == "act"]


def act(ws: Workspace, code: str) -> dict[str, Any]:
    """An act as a tree to browse: every unit with its depth (the page shows each one's text, official or our
    summary, marked as such)."""
    from gapkit.texts import is_repealed

    inst = ws.instruments[code]
    rows = [{"clause": c, "depth": depth(inst, c), "repealed": is_repealed(c, inst)} for c in inst.clauses.values()]
    return {"inst": inst, "rows": rows}
