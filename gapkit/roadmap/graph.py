"""The roadmap in the workspace graph: measure nodes and their `addresses` edges.

The graph module builds one networkx MultiDiGraph; it takes these as they are:
``G.add_nodes_from(graph_nodes(ws))`` and ``G.add_edges_from(graph_edges(ws))``.
"""

from __future__ import annotations

from typing import Any

from gapkit.roadmap.load import load
from gapkit.workspace import Workspace

Node = tuple[str, dict[str, Any]]
Edge = tuple[str, str, dict[str, Any]]


def graph_nodes(ws: Workspace) -> list[Node]:
    """One node per measure: (RM:1.3, {kind: measure, ...})."""
    rm = load(ws).roadmap
    if rm is None:
        return []
    return [(m.id, {"kind": "measure", "roadmap": rm.id, "number": m.number, "section": m.section,
                    "text": m.text, "deadline": m.deadline.date.isoformat() if m.deadline.date else None,
                    "parties": m.parties}) for m in rm.measures.values()]


def graph_edges(ws: Workspace) -> list[Edge]:
    """(measure, Convention, attrs) and (measure, comment point, attrs) `addresses` edges, in roadmap order."""
    rm = load(ws).roadmap
    if rm is None:
        return []
    edges: list[Edge] = []
    for m in rm.measures.values():
        for code in m.conventions:
            edges.append((m.id, code, {"kind": "addresses", "target": "convention", "roadmap": rm.id}))
        for point in m.comment_points:
            edges.append((m.id, point, {"kind": "addresses", "target": "comment_point", "roadmap": rm.id}))
    return edges
