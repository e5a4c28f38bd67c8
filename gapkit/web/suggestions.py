"""Suggested provisions for a requirement, as :mod:`gapkit.match` stored them (``gapkit suggest``).

Stored suggestions leave out what a reviewer has rejected since (and anything inside it), and are marked
stale when the texts changed after they were computed: :class:`gapkit.match.Stored` decides both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from gapkit.citations import Citation
from gapkit.review import load_mappings
from gapkit.workspace import Workspace

if TYPE_CHECKING:  # the matcher loads numpy and scipy: imported where it is used, not when the app starts
    from gapkit.match import Stored

TOP = 5  # suggestions per requirement computed from the app


@dataclass
class Suggested:
    provision: str
    score: float
    rank: int
    concepts: list[str] = field(default_factory=list)
    lemmas: list[str] = field(default_factory=list)
    cited_by: list[str] = field(default_factory=list)
    article: str = ""
    words: dict[str, list[str]] = field(default_factory=dict)  # the shared words by language


def computed(ws: Workspace, code: str) -> Stored | None:
    """What is stored for the Convention ``code`` (None: nothing computed yet)."""
    from gapkit.match import stored_by_convention

    return stored_by_convention(ws).get(code)


def for_requirement(ws: Workspace, requirement: str) -> list[Suggested]:
    """The stored suggestions of one requirement that still stand, best first."""
    stored = computed(ws, Citation.parse(requirement).instrument)
    if stored is None:
        return []
    m = load_mappings(ws).get(requirement)
    rejected = {r.provision for r in m.rejected} if m else set()
    return [Suggested(str(row["provision"]), float(row.get("score", 0.0)), row["rank"], list(row.get("concepts", [])),
                      list(row.get("lemmas", [])), list(row.get("cited_by", [])), str(row.get("article", "")),
                      dict(row.get("words") or {}))
            for row in stored.standing(ws, requirement, rejected)]


def compute(ws: Workspace, code: str) -> int:
    """Compute and store the suggestions of one Convention (seconds of work); how many requirements got some."""
    from gapkit import match

    acts = match.national_acts(ws)
    result = match.suggest(ws, code, acts, TOP)
    match.store(ws, code, acts, TOP, result)
    return sum(1 for rows in result.values() if rows)


def strength(s: Suggested) -> str:
    """strong | moderate | weak: how a lawyer reads the score (the number is shown on hover)."""
    from gapkit import match

    return str(match.strength(s.score, s.rank))


def words(s: Suggested, lang: str) -> list[str]:
    """The shared words of a suggestion in the page's language only, without noise words."""
    from gapkit import match

    return match.shared_words(s, lang)
