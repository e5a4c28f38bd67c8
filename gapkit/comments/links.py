"""What the comments link to in modules written by others: roadmap measures and amendment proposals.

Those modules may not be there (a new workspace, an older checkout), so each is looked up by name
and an absent one means "unknown" (None), never an error: the comment files stay checkable alone.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from dataclasses import asdict, is_dataclass
from types import ModuleType
from typing import Any

from gapkit.workspace import Workspace

MEASURE_RE = re.compile(r"^RM:\d+(?:\.\d+)*$")


def _module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as e:
        if e.name != name:  # the module is there but something it needs is not: that is a real error
            raise
        return None


def measure_ids(ws: Workspace) -> set[str] | None:
    """The ids of the roadmap's measures (RM:1.3 ...), or None when there is no roadmap module."""
    mod = _module("gapkit.roadmap")
    if mod is None:
        return None
    fn = getattr(mod, "measure_ids", None)
    if callable(fn):
        return {str(m) for m in fn(ws)}
    loader = getattr(mod, "load_roadmap", None)
    if not callable(loader):
        return None
    roadmap = loader(ws)
    measures = getattr(roadmap, "measures", None)
    if measures is None and isinstance(roadmap, dict):
        measures = roadmap.get("measures")
    if measures is None:
        return None
    return set(_ids(measures))


def _ids(measures: Any) -> Iterable[str]:
    if isinstance(measures, dict):
        yield from (str(k) for k in measures)
        return
    for m in measures:
        mid = getattr(m, "id", None) or (m.get("id") if isinstance(m, dict) else None)
        if mid:
            yield str(mid)


def proposals_for(ws: Workspace, provision: str) -> list[Any] | None:
    """Amendment proposals on a provision (from gapkit.review), or None when that is not known.

    Each proposal that names its requirement says whether the reviewer's mapping on that requirement is
    confirmed (``confirmed``), since only a confirmed mapping's proposal answers a comment.
    """
    mod = _module("gapkit.review")
    fn = getattr(mod, "proposals_for", None) if mod else None
    if not callable(fn):
        return None
    proposals = [_plain(p) for p in fn(ws, provision) or []]
    loader = getattr(mod, "load_mappings", None)
    mappings = loader(ws) if callable(loader) else {}
    for p in proposals:
        mapping = mappings.get(p.get("requirement")) if isinstance(p, dict) and isinstance(mappings, dict) else None
        if mapping is not None and hasattr(mapping, "confirmed"):
            p["confirmed"] = bool(mapping.confirmed)
    return proposals


def has_confirmed_proposal(proposals: list[Any] | None) -> bool | None:
    """True when a proposal exists whose mapping is confirmed (or whose mapping's state is not known)."""
    if proposals is None:
        return None
    return any(not isinstance(p, dict) or p.get("confirmed", True) for p in proposals)


def _plain(value: Any) -> Any:
    """A proposal as JSON can hold it, whatever shape the review module gives it."""
    if isinstance(value, dict | str | int | float | bool) or value is None:
        return value
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    as_dict = getattr(value, "as_dict", None)
    return as_dict() if callable(as_dict) else str(value)
