"""The CEACR points of a workspace, seen from the Convention articles they concern (for the reports)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from gapkit.citations import Citation
from gapkit.comments import Comment, Comments, Point, load_comments
from gapkit.workspace import Workspace


@dataclass
class PointIndex:
    """The CEACR points of the workspace by the Convention clauses they concern."""

    data: Comments
    by_clause: dict[str, list[Point]] = field(default_factory=dict)

    def comment(self, point: Point) -> Comment | None:
        return self.data.comments.get(point.comment)

    def on(self, unit: str, only_open: bool = True) -> list[Point]:
        """Points that cite ``unit``, something inside it, or an article it sits in; each once, in file order."""
        me = Citation.parse(unit)
        seen: dict[str, Point] = {}
        for cid, points in self.by_clause.items():
            other = Citation.parse(cid)
            if cid == unit or me.is_ancestor_of(other) or other.is_ancestor_of(me):
                for p in points:
                    if not only_open or self._open(p):
                        seen.setdefault(p.id, p)
        order = {pid: i for i, pid in enumerate(self.data.points)}
        return sorted(seen.values(), key=lambda p: order.get(p.id, 1 << 30))

    def _open(self, p: Point) -> bool:
        # a point that a later comment takes up again is followed there, not twice
        return p.is_open and p.id not in self.followed

    @cached_property
    def followed(self) -> set[str]:
        """Points that later points take up again (the tracker's ``followed_by``)."""
        return set(self.data.followed_by())

    def comments_on(self, unit: str) -> list[Comment]:
        """The comments whose latest word on a matter concerns ``unit`` (a point taken up again by a later one
        is represented by the later one), oldest first."""
        out: dict[str, Comment] = {}
        for p in self.on(unit, only_open=False):
            if p.id in self.followed:
                continue
            cm = self.comment(p)
            if cm is not None:
                out.setdefault(cm.id, cm)
        return sorted(out.values(), key=lambda c: (c.adopted or 0, c.id))

    def topic(self, point: Point, lang: str) -> str:
        """What a point is about, in ``lang``: its roadmap topic's label, else the CEACR heading as recorded."""
        for tid in point.topics:
            topic = self.data.topics.get(tid)
            if topic is not None and topic.label.get(lang):
                return topic.label[lang]
        return str(point.topic or point.id)

    def comments_for(self, codes: Iterable[str]) -> list[Comment]:
        want = set(codes)
        return [c for c in self.data.comments.values() if want & set(c.conventions)]


def point_index(ws: Workspace) -> PointIndex:
    key = "report.points"
    if key in ws.cache:
        return ws.cache[key]
    idx = PointIndex(load_comments(ws))
    for p in idx.data.points.values():
        for cid in p.articles:
            if Citation.is_valid(cid):
                idx.by_clause.setdefault(str(Citation.parse(cid)), []).append(p)
    ws.cache[key] = idx
    return idx
