"""Suggested provisions for a requirement, as :mod:`gapkit.match` stored them (``gapkit suggest``).

The matcher may not be installed in this gapkit yet; then :func:`available` is False and the pages say
that no suggestions were computed. Stored suggestions leave out what a reviewer has rejected since (and
anything inside it), and are marked stale when the texts changed after they were computed.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from gapkit.citations import Citation
from gapkit.review import load_mappings
from gapkit.workspace import Workspace

CACHE_KEY = "web.suggestions"
TOP = 5  # suggestions per requirement computed from the app


def matcher() -> ModuleType | None:
    """gapkit.match when it is there and offers what the app uses."""
    try:
        mod = importlib.import_module("gapkit.match")
    except ModuleNotFoundError as e:
        if e.name and (e.name == "gapkit.match" or "gapkit.match".startswith(e.name + ".")):
            return None
        raise
    needs = ("suggest", "store", "stored", "fingerprint", "national_acts")
    return mod if all(hasattr(mod, n) for n in needs) else None


def available() -> bool:
    return matcher() is not None


@dataclass
class Suggested:
    provision: str
    score: float
    rank: int
    concepts: list[str] = field(default_factory=list)
    lemmas: list[str] = field(default_factory=list)
    cited_by: list[str] = field(default_factory=list)
    article: str = ""


@dataclass
class Stored:
    """The suggestions stored for one Convention."""

    instrument: str
    generated: str
    stale: bool
    rows: dict[str, list[dict[str, Any]]]


def _stored(ws: Workspace) -> dict[str, Stored]:
    if CACHE_KEY not in ws.cache:
        out: dict[str, Stored] = {}
        mod = matcher()
        for data in (mod.stored(ws) if mod else ()):
            code = str(data.get("instrument", ""))
            stale = data.get("fingerprint") != mod.fingerprint(ws, [code, *data.get("acts", [])])
            out[code] = Stored(code, str(data.get("generated", "")), stale, data["suggestions"])
        ws.cache[CACHE_KEY] = out
    return ws.cache[CACHE_KEY]


def computed(ws: Workspace, code: str) -> Stored | None:
    """What is stored for the Convention ``code`` (None: nothing computed yet)."""
    return _stored(ws).get(code)


def _inside(pid: str, rejected: set[str]) -> bool:
    if pid in rejected:
        return True
    if not Citation.is_valid(pid):
        return False
    c = Citation.parse(pid)
    return any(Citation.is_valid(r) and Citation.parse(r).is_ancestor_of(c) for r in rejected)


def for_requirement(ws: Workspace, requirement: str) -> list[Suggested]:
    """The stored suggestions of one requirement, best first, without the rejected ones."""
    stored = computed(ws, requirement.split(":")[0])
    if stored is None:
        return []
    m = load_mappings(ws).get(requirement)
    rejected = {r.provision for r in m.rejected} if m else set()
    out = []
    for rank, row in enumerate(stored.rows.get(requirement, []), start=1):
        pid = str(row.get("provision", ""))
        if ws.clause(pid) is None or _inside(pid, rejected):
            continue
        out.append(Suggested(pid, float(row.get("score", 0.0)), rank, list(row.get("concepts", [])),
                             list(row.get("lemmas", [])), list(row.get("cited_by", [])), str(row.get("article", ""))))
    return out


def compute(ws: Workspace, code: str) -> int:
    """Compute and store the suggestions of one Convention (seconds of work); how many requirements got some."""
    mod = matcher()
    if mod is None:
        raise LookupError("gapkit.match is not installed in this gapkit")
    acts = mod.national_acts(ws)
    result = mod.suggest(ws, code, acts, TOP)
    mod.store(ws, code, acts, TOP, result)
    return sum(1 for rows in result.values() if rows)
