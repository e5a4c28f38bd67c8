"""What the comments add to the workspace graph (gapkit.graph asks for ``graph_nodes``/``graph_edges``).

Nodes: one per point. Edges: ``cites`` (point -> Convention article, point -> national provision)
and ``addresses`` (roadmap measure -> point). Only ids that resolve in the workspace become edges:
a dangling id is the check's to report, not the graph's to invent a node for.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gapkit.comments.store import load_comments
from gapkit.comments.tracker import is_current
from gapkit.workspace import Workspace

Edge = tuple[str, str, dict[str, Any]]


def graph_nodes(ws: Workspace) -> Iterator[tuple[str, dict[str, Any]]]:
    data = load_comments(ws)
    for p in data.points.values():
        comment = data.comments[p.comment]
        yield p.id, {
            "kind": "comment_point", "comment": p.comment, "comment_type": comment.type,
            "conventions": list(comment.conventions), "topic": p.topic, "topics": list(p.topics),
            "status": p.status, "current": is_current(data, p), "uncertain": p.uncertain,
        }


def graph_edges(ws: Workspace) -> list[Edge]:
    data = load_comments(ws)
    edges: list[Edge] = []
    for p in data.points.values():
        for aid in p.articles:
            if ws.has_id(aid):
                edges.append((p.id, aid, {"kind": "cites", "role": "article"}))
        for pid in p.provisions:
            if ws.clause(pid) is not None:
                edges.append((p.id, pid, {"kind": "cites", "role": "provision"}))
        if p.measure:
            edges.append((p.measure, p.id, {"kind": "addresses"}))
    return edges
