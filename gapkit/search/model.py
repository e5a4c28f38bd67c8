"""What a search answers: plain dataclasses, in the order the search box shows them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from gapkit.errors import GapkitError

#: the groups of a result, in the order they are shown, and the kind of hit each holds
GROUPS: dict[str, str] = {
    "requirements": "requirement",  # Convention clauses: our wording and headings
    "provisions": "provision",  # national acts' clauses: their official text and our summaries
    "points": "point",  # CEACR comment points
    "decisions": "decision",  # reviewers' reasons and recommendations, by the requirement they decide
}
#: what a hit's snippet was taken from
SOURCES: tuple[str, ...] = ("official", "summary", "requirement", "point", "reason")


class SearchError(GapkitError):
    """A query that cannot be searched (empty, or a language the workspace has no texts in)."""


@dataclass
class SearchHit:
    """One thing found: a requirement, a provision, a comment point or a decision.

    ``snippet`` is at most 240 characters of the text that matched, around its first match; ``spans`` are the
    (start, end) offsets in ``snippet`` of the words that matched, for a page to mark. ``lang`` is the snippet's
    language; ``source`` says which text it is: a provision's ``official`` text or our ``summary`` of it, a
    Convention ``requirement`` in our wording, a comment ``point``, a decision's ``reason`` (or recommendation).
    """

    kind: str  # requirement | provision | point | decision
    id: str  # clause id, point id, or (a decision) the id of the requirement it decides
    title: str  # the heading (the clause's or its nearest ancestor's), a point's title; "" when there is none
    snippet: str
    spans: list[tuple[int, int]]
    lang: str
    score: float
    source: str


@dataclass
class SearchResults:
    """A query's hits by group (:data:`GROUPS`, in that order), each group best first and cut at the limit.

    ``target`` is the canonical id of the clause the query names when the whole query is a citation (the web app
    goes there directly). ``total`` counts every hit of every group before the limit (``counts``: per group);
    ``terms`` are the lemmas searched, by language (stop words and citations left out).
    """

    query: str
    target: str | None
    groups: dict[str, list[SearchHit]]
    total: int
    counts: dict[str, int] = field(default_factory=dict)
    terms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    cited: tuple[str, ...] = ()  # the clause ids the query cites (their clauses rank higher)

    def hits(self) -> list[SearchHit]:
        """Every hit shown, group after group."""
        return [h for hits in self.groups.values() for h in hits]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
