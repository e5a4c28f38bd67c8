"""One graph of the workspace, and the questions asked of it: gaps, status, impact.

Nodes are clauses (requirements and provisions), CEACR comment points and roadmap measures.
Edges: ``contains`` (parent -> child), ``corresponds`` (C081 <-> C129), ``maps`` (provision ->
requirement, confirmed: relation, verdict), ``suggests`` (provision -> requirement, score),
``cites`` (comment point -> clause), ``addresses`` (measure -> Convention or comment point).

Other features contribute nodes and edges through ``graph_nodes(ws)`` / ``graph_edges(ws)`` functions;
:func:`gapkit.registry.graph_contributors` lists them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gapkit.citations import Citation, instrument_of
from gapkit.comments.model import OPEN_STATUSES
from gapkit.review import NOT_REVIEWED, load_mappings
from gapkit.vocab import Relation, Verdict
from gapkit.workspace import Workspace

if TYPE_CHECKING:  # networkx takes a second to import: only commands that ask the graph pay for it
    import networkx as nx

GAP_VERDICTS: tuple[str, ...] = (NOT_REVIEWED, Verdict.NON_COMPLIANT, Verdict.PARTIALLY_COMPLIANT)


def build(ws: Workspace) -> nx.MultiDiGraph:
    """The workspace as one graph, built in one pass over what is loaded (memoised)."""
    if "graph" in ws.cache:
        return ws.cache["graph"]
    import networkx as nx

    g = nx.MultiDiGraph()
    for inst in ws.instruments.values():
        role = "requirement" if inst.is_convention else "provision"
        g.add_node(inst.code, kind="instrument", role=role)
        for c in inst.clauses.values():
            g.add_node(c.id, kind=role if c.kind != "container" else "container", role=role, clause_kind=c.kind,
                       instrument=inst.code, substantive=c.is_substantive)
            g.add_edge(c.parent or inst.code, c.id, key="contains", kind="contains")
        for this, other in inst.corresponds:
            g.add_edge(this, other, key="corresponds", kind="corresponds")
            g.add_edge(other, this, key="corresponds", kind="corresponds")
    for m in load_mappings(ws).values():
        for pid in m.provisions:
            g.add_edge(pid, m.requirement, key="maps", kind="maps", relation=m.relation, verdict=m.verdict,
                       revision=m.revision)
    from gapkit import registry  # the composition root: imported here, the matcher loads numpy and scipy

    for contributor in registry.graph_contributors():
        for node, attrs in contributor.graph_nodes(ws):
            g.add_node(node, **attrs)
        for src, dst, attrs in contributor.graph_edges(ws):
            kind = attrs.get("kind", "cites")
            g.add_edge(src, dst, key=kind, **{**attrs, "kind": kind})
    ws.cache["graph"] = g
    return g


def edges_of(g: nx.MultiDiGraph, node: str, kind: str, direction: str = "out") -> list[tuple[str, dict[str, Any]]]:
    if node not in g:
        return []
    it = g.out_edges(node, data=True) if direction == "out" else g.in_edges(node, data=True)
    return [((v if direction == "out" else u), d) for u, v, d in it if d.get("kind") == kind]


def ancestors_in_tree(g: nx.MultiDiGraph, node: str) -> list[str]:
    out: list[str] = []
    cur = node
    while True:
        parents = [p for p, _ in edges_of(g, cur, "contains", "in")]
        if not parents or g.nodes[parents[0]].get("kind") == "instrument":
            return out
        cur = parents[0]
        out.append(cur)


def descendants_in_tree(g: nx.MultiDiGraph, node: str) -> list[str]:
    out, stack = [], [node]
    while stack:
        for child, _ in edges_of(g, stack.pop(), "contains"):
            out.append(child)
            stack.append(child)
    return out


def points_on(g: nx.MultiDiGraph, clause_id: str, only_open: bool = True) -> list[dict[str, Any]]:
    """Comment points that cite this clause or an article it belongs to."""
    out: dict[str, dict[str, Any]] = {}
    for target in [clause_id, *ancestors_in_tree(g, clause_id)]:
        for point, _ in edges_of(g, target, "cites", "in"):
            attrs = g.nodes[point]
            if point in out or (only_open and attrs.get("status") not in OPEN_STATUSES):
                continue
            out[point] = {"id": point, "status": attrs.get("status"), "topic": attrs.get("topic", ""), "via": target}
    return list(out.values())


# ---- questions ---------------------------------------------------------------------------


def requirements(ws: Workspace, code: str) -> list[str]:
    inst = ws.instruments[code]
    return [c.id for c in inst.clauses.values() if c.is_substantive]


def gaps(ws: Workspace, code: str) -> list[dict[str, Any]]:
    """Requirements not reviewed, non-compliant, partially compliant, or needing re-review."""
    g = build(ws)
    mappings = load_mappings(ws)
    out = []
    for rid in requirements(ws, code):
        m = mappings.get(rid)
        verdict = m.verdict if m else NOT_REVIEWED
        state = m.state(ws) if m else "none"
        if verdict not in GAP_VERDICTS and state != "needs_review":
            continue
        clause = ws.clause(rid)
        assert clause is not None
        out.append({
            "requirement": rid,
            "heading": clause.heading,
            "uncertain": clause.uncertain,
            "verdict": verdict,
            "state": state,
            "reason": m.reason if m else {},
            "mapping": m.as_dict(ws) if m and (m.decided or m.rejected or m.proposals) else None,
            "open_points": points_on(g, rid),
        })
    return out


def status(ws: Workspace) -> dict[str, Any]:
    """Per Convention: requirements per verdict, and how much has been reviewed and covered."""
    mappings = load_mappings(ws)
    out: dict[str, Any] = {}
    for code, inst in ws.instruments.items():
        if not inst.is_convention:
            continue
        reqs = requirements(ws, code)
        counts = {v: 0 for v in (*GAP_VERDICTS[1:], Verdict.COMPLIANT, Verdict.NOT_APPLICABLE,
                                 Verdict.INSUFFICIENT_INFORMATION, NOT_REVIEWED)}
        needs_review = covered = preliminary = confirmed = 0
        for rid in reqs:
            m = mappings.get(rid)
            counts[m.verdict if m else NOT_REVIEWED] += 1
            preliminary += bool(m and m.preliminary)
            confirmed += bool(m and m.confirmed)
            if m and m.state(ws) == "needs_review":
                needs_review += 1
            if m and m.decided and m.relation in (Relation.EQUAL, "superset"):
                covered += 1
        reviewed = len(reqs) - counts[NOT_REVIEWED]
        out[code] = {
            "requirements": len(reqs), "verdicts": counts, "reviewed": reviewed,
            "coverage": round(reviewed / len(reqs), 4) if reqs else 0.0,
            "covered_by_law": covered, "needs_review": needs_review,
            "preliminary": preliminary, "confirmed": confirmed,
        }
    return out


def impact(ws: Workspace, provision: str) -> dict[str, Any]:
    """What a change to this provision (or anything in it) touches."""
    g = build(ws)
    pid = str(Citation.parse(provision))
    if pid not in g:
        raise KeyError(pid)
    inside = [pid, *descendants_in_tree(g, pid)]
    around = [*inside, *ancestors_in_tree(g, pid)]
    mappings = load_mappings(ws)
    reqs: dict[str, dict[str, Any]] = {}
    for node in inside:
        for rid, d in edges_of(g, node, "maps"):
            reqs.setdefault(rid, {"requirement": rid, "via": [], "verdict": d.get("verdict"),
                                  "relation": d.get("relation")})["via"].append(node)
    proposals = [{"requirement": m.requirement, "provision": p.provision, "proposed": p.proposed}
                 for m in mappings.values() for p in m.proposals if p.provision in inside]
    points: dict[str, dict[str, Any]] = {}
    for node in around:
        for point, _ in edges_of(g, node, "cites", "in"):
            points[point] = {"id": point, "status": g.nodes[point].get("status"), "via": node}
    for rid in reqs:  # points on the requirements it meets
        for p in points_on(g, rid, only_open=False):
            points.setdefault(p["id"], {"id": p["id"], "status": p["status"], "via": rid})
    conventions = sorted({instrument_of(r) for r in reqs} | _conventions_of_points(g, points))
    measures: dict[str, dict[str, Any]] = {}
    for target in [*points, *conventions]:
        for measure, _ in edges_of(g, target, "addresses", "in"):
            measures.setdefault(measure, {"id": measure, "addresses": []})["addresses"].append(target)
    return {
        "provision": pid,
        "contains": inside[1:],
        "requirements": sorted(reqs.values(), key=lambda r: r["requirement"]),
        "mappings": [mappings[r].as_dict(ws) for r in sorted(reqs) if r in mappings],
        "proposals": proposals,
        "comment_points": sorted(points.values(), key=lambda p: p["id"]),
        "measures": sorted(measures.values(), key=lambda m: m["id"]),
    }


def _conventions_of_points(g: nx.MultiDiGraph, points: dict[str, Any]) -> set[str]:
    out = set()
    for p in points:
        for target, _ in edges_of(g, p, "cites"):
            code = instrument_of(target)
            if g.nodes.get(code, {}).get("role") == "requirement":
                out.add(code)
    return out
