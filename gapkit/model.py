"""The clause model: instruments (Conventions and national acts) holding trees of clauses.

Plain dataclasses; no behaviour beyond small derived properties. The tree is derived from
canonical ids (see :mod:`gapkit.citations`), so a file only states what cannot be derived.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gapkit.citations import instrument_of
from gapkit.vocab import ClauseKind

LANGUAGES: tuple[str, ...] = ("en", "ru", "kk")

#: Kinds of clause, in the order the catalogues document them.
CLAUSE_KINDS: tuple[str, ...] = tuple(k.value for k in ClauseKind)

#: Kinds that state something a national law can meet or fail to meet.
SUBSTANTIVE_KINDS: frozenset[str] = frozenset(k.value for k in ClauseKind if k.substantive)

INSTRUMENT_KINDS: tuple[str, ...] = ("convention", "protocol", "act")


@dataclass
class Source:
    """Where a fact comes from: a URL and/or a note (reference file, comment id ...)."""

    url: str = ""
    note: str = ""

    def is_empty(self) -> bool:
        return not (self.url or self.note)


@dataclass
class Amendment:
    """An amendment note on a national article ("Сноска"): which act changed it and when."""

    act: str = ""  # e.g. "Закон РК от 08.07.2024 № 116-VIII"
    date: str = ""  # ISO date of the amending act
    number: str = ""  # e.g. "116-VIII"
    text: str = ""  # the note as the source gives it, in its language
    lang: str = "ru"


@dataclass
class Annotation:
    """What the legal database's editors note beside the law and is not part of it: a Constitutional Court
    ruling on the provision ("Нормативным постановлением Конституционного Суда РК ... признан ..."), a
    "Примечание!" that a review of constitutionality has begun. Kept with the official text, never in it."""

    text: str
    lang: str = "ru"


@dataclass
class Clause:
    """One unit of an instrument: a Part, an article, a paragraph, a subparagraph or a point."""

    id: str
    kind: str = "obligation"
    heading: dict[str, str] = field(default_factory=dict)
    text: dict[str, str] = field(default_factory=dict)  # our words (catalogues) / summary or imported text
    authentic: dict[str, str] = field(default_factory=dict)  # authentic text, as imported
    # official text that follows the clause's sub-items (AKN's wrapUp): "влечет штраф ..." after a list,
    # or a second list that restarts its numbering after an unnumbered lead-in
    wrap_up: dict[str, str] = field(default_factory=dict)
    annotations: list[Annotation] = field(default_factory=list)
    label: str = ""  # national: the number as written where depth does not say it ("1)" right under an article)
    concepts: list[str] = field(default_factory=list)
    uncertain: bool = False
    uncertain_note: str = ""
    source: Source = field(default_factory=Source)
    parent: str | None = None  # set explicitly only where the id does not say it (article in a Part)
    params: dict[str, Any] = field(default_factory=dict)
    notes: str = ""
    edition: str = ""  # national: date of the text this clause was made on
    amendments: list[Amendment] = field(default_factory=list)
    excluded_by: str = ""  # national: the act that excluded the item
    children: list[str] = field(default_factory=list)  # filled when the instrument is assembled
    line: int = 0  # line in its file, for messages

    @property
    def instrument(self) -> str:
        return instrument_of(self.id)

    @property
    def number(self) -> str:
        """The clause's own number as the instrument writes it: "12", "(1)", "(c)", "Part V"."""
        from gapkit.citations import Citation

        return Citation.parse(self.id).own_number()

    @property
    def is_substantive(self) -> bool:
        return self.kind in SUBSTANTIVE_KINDS


@dataclass
class Instrument:
    """A Convention, Protocol or national act, with its clauses in document order."""

    code: str
    kind: str
    title: dict[str, str] = field(default_factory=dict)
    number: int | None = None  # Convention number
    year: int | None = None
    country: str = ""
    act_number: str = ""
    date: str = ""
    adilet_id: str = ""
    zan_doc_id: str = ""  # the document's number in the Reference Control Bank (zan.gov.kz/client/#!/doc/<id>)
    edition: str = ""  # national: date of the text our summaries were made on
    holds: str = "summary"  # summary | authentic
    authentic_languages: list[str] = field(default_factory=list)
    authentic_edition: dict[str, str] = field(default_factory=dict)  # lang -> date of the official text imported
    authentic_source: dict[str, str] = field(default_factory=dict)  # lang -> address of that official text
    in_force: dict[str, str] = field(default_factory=dict)  # {from: date, until: date}: an act no longer in force
    superseded_by: str = ""  # the act that replaced it (the 1995 Constitution: KZ-CONST)
    #: a Convention and the country: {date, act: {ru, en}} when ratified (the law that ratified it), or
    #: {status: not_ratified}; empty when the workspace does not say
    ratification: dict[str, Any] = field(default_factory=dict)
    uncertain: bool = False  # a fact about the act itself (date, number, edition) not confirmed in a source
    uncertain_note: str = ""
    aliases: dict[str, list[str]] = field(default_factory=dict)
    cite_as: dict[str, str] = field(default_factory=dict)
    source: Source = field(default_factory=Source)
    corresponds: list[tuple[str, str]] = field(default_factory=list)
    clauses: dict[str, Clause] = field(default_factory=dict)  # id -> clause, document order
    path: str = ""  # file it was loaded from
    extra: dict[str, Any] = field(default_factory=dict)

    def in_force_on(self, iso_date: str) -> bool:
        """Whether the act is in force on a date (YYYY-MM-DD); an act that states no period always is."""
        start, until = self.in_force.get("from", ""), self.in_force.get("until", "")
        return not (start and iso_date < start) and not (until and iso_date > until)

    @property
    def not_ratified(self) -> bool:
        """The workspace says the country has not ratified this Convention."""
        return self.ratification.get("status") == "not_ratified"

    @property
    def is_convention(self) -> bool:
        """A Convention or a Protocol: its clauses are requirements (an act's are provisions)."""
        return self.kind in ("convention", "protocol")

    def roots(self) -> list[Clause]:
        """Top-level clauses (Parts, or articles outside any Part)."""
        return [c for c in self.clauses.values() if c.parent is None]

    def get(self, clause_id: str) -> Clause | None:
        return self.clauses.get(clause_id)

    def descendants(self, clause_id: str) -> list[Clause]:
        out: list[Clause] = []
        stack = list(reversed(self.clauses[clause_id].children))
        while stack:
            c = self.clauses[stack.pop()]
            out.append(c)
            stack.extend(reversed(c.children))
        return out


@dataclass
class Concept:
    """A thesaurus concept: one idea named in several languages."""

    id: str
    label: dict[str, str] = field(default_factory=dict)
    terms: dict[str, list[str]] = field(default_factory=dict)
    conventions: list[str] = field(default_factory=list)
    #: the keys of a requirement's ``params`` this concept is the subject of (C102's "benefit_rate": the rate of
    #: benefit): a requirement that fixes that parameter is about this concept, whatever its words
    parameters: list[str] = field(default_factory=list)
    path: str = ""
    line: int = 0
