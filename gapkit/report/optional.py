"""The modules the reports use when they are there: the CEACR comment tracker and the roadmap.

They are found through importlib at run time, so a gapkit without them still makes every report it can,
and a report that needs them says which module is missing instead of failing or leaving blanks.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from types import ModuleType
from typing import Any

from gapkit.citations import Citation
from gapkit.report.data import cit
from gapkit.workspace import Workspace

COMMENTS = "gapkit.comments"
ROADMAP = "gapkit.roadmap"
#: what each module must offer for the reports to use it
NEEDS: dict[str, tuple[str, ...]] = {COMMENTS: ("load_comments",), ROADMAP: ("load", "load_progress")}


class MissingModule(LookupError):
    def __init__(self, module: str):
        super().__init__(f"the module {module} is not installed in this gapkit")
        self.module = module


def module(name: str) -> ModuleType | None:
    """The module, or None when it (or what the reports need of it) is not there yet."""
    try:
        mod = importlib.import_module(name)
    except ModuleNotFoundError as e:
        if e.name and (e.name == name or name.startswith(e.name + ".")):
            return None
        raise  # the module is there but something it needs is not: that is a real error
    return mod if all(hasattr(mod, attr) for attr in NEEDS.get(name, ())) else None


def require(name: str) -> ModuleType:
    mod = module(name)
    if mod is None:
        raise MissingModule(name)
    return mod


# ---- CEACR points, seen from the Convention articles ------------------------------------------------------


@dataclass
class PointIndex:
    """The CEACR points of the workspace by the Convention clauses they concern (empty without the module)."""

    available: bool = False
    data: Any = None
    by_clause: dict[str, list[Any]] = field(default_factory=dict)

    def comment(self, point: Any) -> Any:
        return self.data.comments.get(point.comment) if self.data is not None else None

    def on(self, unit: str, only_open: bool = True) -> list[Any]:
        """Points that cite ``unit``, something inside it, or an article it sits in; each once, in file order."""
        me = cit(unit)
        seen: dict[str, Any] = {}
        for cid, points in self.by_clause.items():
            other = cit(cid)
            if cid == unit or me.is_ancestor_of(other) or other.is_ancestor_of(me):
                for p in points:
                    if not only_open or self._open(p):
                        seen.setdefault(p.id, p)
        order = list(self.data.points) if self.data is not None else []
        return sorted(seen.values(), key=lambda p: order.index(p.id) if p.id in order else 1 << 30)

    def _open(self, p: Any) -> bool:
        # a point that a later comment takes up again is followed there, not twice
        return bool(getattr(p, "is_open", False)) and p.id not in self.followed

    @cached_property
    def followed(self) -> set[str]:
        """Points that later points take up again (the tracker's ``followed_by``)."""
        followed_by = getattr(self.data, "followed_by", None)
        return set(followed_by()) if callable(followed_by) else set()

    def comments_on(self, unit: str) -> list[Any]:
        """The comments whose latest word on a matter concerns ``unit`` (a point taken up again by a later one
        is represented by the later one), oldest first."""
        out: dict[str, Any] = {}
        for p in self.on(unit, only_open=False):
            if p.id in self.followed:
                continue
            cm = self.comment(p)
            if cm is not None:
                out.setdefault(cm.id, cm)
        return sorted(out.values(), key=lambda c: (c.adopted or 0, c.id))

    def topic(self, point: Any, lang: str) -> str:
        """What a point is about, in ``lang``: its roadmap topic's label, else the CEACR heading as recorded."""
        topics = getattr(self.data, "topics", {}) or {}
        for tid in getattr(point, "topics", []) or []:
            label = getattr(topics.get(tid), "label", {}) or {}
            if label.get(lang):
                return str(label[lang])
        return str(point.topic or point.id)

    def comments_for(self, codes: Iterable[str]) -> list[Any]:
        if self.data is None:
            return []
        want = set(codes)
        return [c for c in self.data.comments.values() if want & set(c.conventions)]


def point_index(ws: Workspace) -> PointIndex:
    key = "report.points"
    if key in ws.cache:
        return ws.cache[key]
    mod = module(COMMENTS)
    idx = PointIndex()
    if mod is not None:
        data = mod.load_comments(ws)
        idx = PointIndex(True, data)
        for p in data.points.values():
            for cid in p.articles:
                if Citation.is_valid(cid):
                    idx.by_clause.setdefault(str(Citation.parse(cid)), []).append(p)
    ws.cache[key] = idx
    return idx
