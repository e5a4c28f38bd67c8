"""What the reports say, gathered from the workspace: requirements with their decisions, acts, correspondences.

Nothing here formats: it answers questions ("which Part is this requirement in?", "which acts are uncertain?")
and leaves the words to the report builders and their templates.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from gapkit.citations import Citation, instrument_of
from gapkit.model import Clause, Instrument
from gapkit.review import NOT_REVIEWED, Mapping, load_mappings
from gapkit.vocab import Verdict
from gapkit.workspace import Workspace

#: worst first: the colour of a group of requirements is that of its worst verdict
SEVERITY: tuple[str, ...] = (Verdict.NON_COMPLIANT, Verdict.PARTIALLY_COMPLIANT, Verdict.INSUFFICIENT_INFORMATION,
                             NOT_REVIEWED, Verdict.COMPLIANT, Verdict.NOT_APPLICABLE)


@dataclass
class Req:
    """One requirement of a Convention, with the reviewer's decision on it (if any)."""

    clause: Clause
    part: str  # the Part it is in (C081:part-I), or the Convention's code when the Convention has no Parts
    article: str  # the article it belongs to (C081:12), or itself when it is an article
    mapping: Mapping | None
    state: str  # confirmed | needs_review | rejected | none

    @property
    def id(self) -> str:
        return self.clause.id

    @property
    def verdict(self) -> str:
        return self.mapping.verdict if self.mapping else NOT_REVIEWED

    @property
    def depth(self) -> int:
        """How far below its article it sits: 0 for the article, 1 for a paragraph, 2 for a subparagraph."""
        return len(Citation.parse(self.id).subs)


def _is_part(clause_id: str) -> bool:
    head = Citation.parse(clause_id).head or ""
    return head.startswith("part-")


def part_of(inst: Instrument, clause: Clause) -> str:
    cur: Clause | None = clause
    while cur is not None:
        if _is_part(cur.id):
            return cur.id
        cur = inst.clauses.get(cur.parent) if cur.parent else None
    return inst.code


def article_of(inst: Instrument, clause: Clause) -> str:
    cur = clause
    while cur.parent and not _is_part(cur.parent) and cur.parent in inst.clauses:
        cur = inst.clauses[cur.parent]
    return cur.id


def requirements(ws: Workspace, code: str) -> list[Req]:
    """The substantive clauses of a Convention in document order, each with its decision."""
    inst = ws.instruments[code]
    mappings = load_mappings(ws)
    out = []
    for c in inst.clauses.values():
        if not c.is_substantive:
            continue
        m = mappings.get(c.id)
        out.append(Req(c, part_of(inst, c), article_of(inst, c), m, m.state(ws) if m else "none"))
    return out


def counts(reqs: list[Req]) -> Counter[str]:
    return Counter(r.verdict for r in reqs)


def worst(verdicts: Counter[str] | list[str]) -> str:
    present = set(verdicts) if not isinstance(verdicts, Counter) else {v for v, n in verdicts.items() if n}
    return next((v for v in SEVERITY if v in present), NOT_REVIEWED)


# ---- C081 beside C129 ------------------------------------------------------------------------------------


@dataclass
class Beside:
    """Where two Conventions in one review correspond (C081 and C129): which units sit beside which."""

    pairs: list[tuple[str, str]] = field(default_factory=list)  # (this unit, other unit), both held
    shown_beside: set[str] = field(default_factory=set)  # other-side units shown next to their counterpart

    def others_for(self, article: str) -> list[tuple[str, str]]:
        """The (this, other) pairs whose `this` side is the article or sits inside it."""
        art = Citation.parse(article)
        return [(t, o) for t, o in self.pairs if t == article or art.is_ancestor_of(Citation.parse(t))]


def beside(ws: Workspace, codes: list[str]) -> Beside:
    out = Beside()
    for code in codes:
        for this, other in ws.instruments[code].corresponds:
            o_code = instrument_of(other)
            if o_code not in codes or o_code == code or ws.clause(this) is None or ws.clause(other) is None:
                continue
            if any(Citation.parse(prev).is_ancestor_of(Citation.parse(other)) for _, prev in out.pairs
                   if instrument_of(prev) == o_code):
                continue  # C081:15(c) <-> C129:20(c) is already inside C081:15 <-> C129:20
            out.pairs.append((this, other))
            out.shown_beside.add(other)
    return out


def inside(unit: str, clause_id: str) -> bool:
    return unit == clause_id or Citation.parse(unit).is_ancestor_of(Citation.parse(clause_id))


# ---- national acts ---------------------------------------------------------------------------------------


@dataclass
class Act:
    inst: Instrument
    uncertain: bool = False
    uncertain_note: str = ""

    @property
    def code(self) -> str:
        return self.inst.code


def _rank(inst: Instrument) -> tuple[int, str]:
    """Constitution, then codes, then laws, each by date: the order in which an amending law lists them."""
    title = (inst.title.get("ru") or inst.title.get("en") or "").lower()
    kind = 0 if "конституц" in title or "constitution" in title else 1 if "кодекс" in title or "code" in title else 2
    return kind, inst.date or "9999"


def acts(ws: Workspace, on: date | None = None) -> list[Act]:
    """The national acts of the workspace, in legal order, with what is uncertain about them; ``on``: only those
    in force on that date (a report made after 1 July 2026 reviews the Constitution of 2026, not that of 1995)."""
    key = "report.acts"
    if key not in ws.cache:
        ws.cache[key] = [Act(inst, inst.uncertain, inst.uncertain_note)
                         for inst in sorted((i for i in ws.instruments.values() if i.kind == "act"), key=_rank)]
    everything: list[Act] = ws.cache[key]
    return everything if on is None else [a for a in everything if a.inst.in_force_on(on.isoformat())]


def act(ws: Workspace, code: str) -> Act | None:
    return next((a for a in acts(ws) if a.code == code), None)


def cited_acts(ws: Workspace, reqs: list[Req], on: date | None = None) -> list[Act]:
    """The acts the decisions on these requirements cite (their provisions and amendment proposals), in the
    workspace's order of acts (the Constitution first): what a document's findings rely on."""
    codes = {instrument_of(p) for r in reqs if r.mapping and r.mapping.decided
             for p in [*r.mapping.provisions, *(q.provision for q in r.mapping.proposals)]}
    return [a for a in acts(ws, on) if a.code in codes]


def edition_read(inst: Instrument) -> str:
    """The edition of an act the document relies on: that of the official text loaded, else the one our summaries
    were made on."""
    return next(iter(inst.authentic_edition.values()), "") or inst.edition
