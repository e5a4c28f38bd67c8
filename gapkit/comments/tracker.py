"""The questions the follow-up asks of the comments: which points are open, what is still asked.

A point that a later point takes up again (``follows_up``) is *carried* by that later point: it is
not listed as open on its own, and its unanswered requests are shown under the later point, so each
matter appears once, under the latest comment that deals with it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gapkit.comments.links import has_confirmed_proposal
from gapkit.comments.model import Comment, Point, Request
from gapkit.comments.store import Comments, load_comments
from gapkit.workspace import Workspace


def is_current(data: Comments, point: Point) -> bool:
    """No later point takes this one up."""
    return point.id not in data.followed_by()


def request_dict(r: Request) -> dict[str, Any]:
    d: dict[str, Any] = {"id": r.id, "text": r.text, "status": r.status,
                         "status_set_by": r.status_set_by or r.id.split("/")[0]}
    if r.authentic:
        d["authentic"] = r.authentic
    return d


def point_dict(data: Comments, p: Point) -> dict[str, Any]:
    comment = data.comments[p.comment]
    return {
        "id": p.id,
        "comment": p.comment,
        "topic": p.topic,
        "topics": p.topics,
        "articles": p.articles,
        "provisions": p.provisions,
        "cited_text": p.cited_text,
        "summary": p.summary,
        "requests": [request_dict(r) for r in p.requests],
        "government_reply": p.government_reply,
        "reviewer_notes": p.reviewer_notes,
        "status": p.status,
        "status_set_by": p.status_set_by or p.comment,
        "follows_up": p.follows_up,
        "followed_by": data.followed_by().get(p.id, []),
        "measure": p.measure or None,
        "uncertain": p.uncertain,
        "uncertain_note": p.uncertain_note,
        "where": f"{comment.path}:{p.line}",
    }


def comment_dict(c: Comment, points: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": c.id, "type": c.type, "conventions": c.conventions, "adopted": c.adopted,
        "ilc_session": c.ilc_session, "published": c.published, "normlex_id": c.normlex_id or None,
        "url": c.url or None, "repeats": c.repeats or None, "text_seen": c.text_seen, "seen_note": c.seen_note,
        "path": c.path, "points": points,
    }


def list_comments(ws: Workspace, open_only: bool = False, convention: str | None = None) -> list[dict[str, Any]]:
    """Comments with their points; ``open_only``: the open points no later point carries, and their comments."""
    data = load_comments(ws)
    out = []
    for c in sorted(data.comments.values(), key=lambda c: (c.conventions, c.adopted or 0, c.id)):
        if convention and convention not in c.conventions:
            continue
        points = [p for p in c.points if not open_only or (p.is_open and is_current(data, p))]
        if open_only and not points:
            continue
        out.append(comment_dict(c, [point_dict(data, p) for p in points]))
    return out


def _carried(data: Comments, point: Point) -> list[Point]:
    """The point and every earlier point it takes up, nearest first (each once)."""
    out: list[Point] = []
    stack = [point.id]
    while stack:
        p = data.points.get(stack.pop(0))
        if p is None or p in out:
            continue
        out.append(p)
        stack.extend(p.follows_up)
    return out


def followup(ws: Workspace, convention: str | None = None,
             proposals: Callable[[Workspace, str], list[dict[str, Any]]] | None = None) -> list[dict[str, Any]]:
    """Per open point: the requests still unanswered (its own and those it carries), the provisions they
    touch, and for each provision the amendment proposals made on it (``proposals``: the decisions' lookup,
    gapkit.review.proposals_with_state; without it the answer is None: not known)."""
    data = load_comments(ws)
    rows = []
    for c in sorted(data.comments.values(), key=lambda c: (c.conventions, c.adopted or 0, c.id)):
        if convention and convention not in c.conventions:
            continue
        for p in c.points:
            if not (p.is_open and is_current(data, p)):
                continue
            carried = _carried(data, p)
            requests = [{**request_dict(r), "point": q.id} for q in carried for r in q.requests if r.is_open]
            provisions: list[str] = []
            for q in carried:
                provisions += [pid for pid in q.provisions if pid not in provisions]
            rows.append({
                "point": p.id,
                "comment": c.id,
                "conventions": c.conventions,
                "topic": p.topic,
                "topics": p.topics,
                "status": p.status,
                "articles": p.articles,
                "measure": p.measure or None,
                "uncertain": p.uncertain,
                "carries": [q.id for q in carried[1:]],
                "unanswered": requests,
                "provisions": [_provision_row(ws, pid, proposals) for pid in provisions],
            })
    return rows


def _provision_row(ws: Workspace, pid: str,
                   lookup: Callable[[Workspace, str], list[dict[str, Any]]] | None) -> dict[str, Any]:
    if lookup is None:
        return {"id": pid, "amendment_proposal": None, "proposals": []}
    proposals = lookup(ws, pid)
    return {"id": pid, "amendment_proposal": has_confirmed_proposal(proposals), "proposals": proposals}
