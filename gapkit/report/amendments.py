"""The comparative table of amendments (сравнительная таблица, outline (b) of report_formats.md §7).

From the amendment proposals recorded on the mappings of the Conventions asked for: one group row per
amended act (constitution, codes, laws, each by date: the order an amending law lists them), then one
row per amended unit: `№ п/п | Структурный элемент | Действующая редакция | Предлагаемая редакция |
Обоснование`. Changed words come from a word-level diff: deleted words struck through (and bold) in the
current wording, inserted words bold in the proposed one; a new unit reads "Отсутствует." in the current
wording and is bold throughout, a deleted one reads "Исключить.". Each justification ends with the
Convention article it answers (and the corresponding article of the other Convention examined with it)
and the CEACR comments that raise the matter.

The English document gives our English rendering of each proposal and our summary of the current wording (the
law's own wording is Russian). After the table, the findings not met or partly met that no amendment answers:
those whose decision says why (practice, resources, information to come, an amendment proposed under another
requirement), and those for which no amendment has been drafted yet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from gapkit.citations import Citation, instrument_of
from gapkit.report import data as D
from gapkit.report.common import Context, cap, pick, sentence
from gapkit.report.doc import FILLS, GROUP_FILL, Cell, Column, Document, Heading, Inline, Para, Row, Run, Table
from gapkit.report.points import point_index
from gapkit.report.text import Span, diff_words
from gapkit.review import Mapping, Proposal, in_lang, load_mappings
from gapkit.texts import ShownText, shown_text
from gapkit.vocab import Verdict
from gapkit.workspace import Workspace, corresponding

#: widths (mm) on A4 landscape, 257 mm between 20 mm margins (report_formats.md §2.2)
WIDTHS = (10, 32, 80, 80, 55)
FONT_PT = 12  # the practice for comparative tables: 12-14 pt
#: the findings an amendment should answer
UNMET: tuple[str, ...] = (Verdict.NON_COMPLIANT, Verdict.PARTIALLY_COMPLIANT)


@dataclass
class Change:
    provision: str
    current: str  # the wording the proposal was drafted on, as recorded
    proposed: str
    kind: str  # wording | append | new | delete
    proposal: Proposal
    requirements: list[str] = field(default_factory=list)
    justifications: list[str] = field(default_factory=list)
    justifications_en: list[str] = field(default_factory=list)


def _key(clause_id: str) -> tuple[object, ...]:
    """Numbering order: 22 < 22-1 < 113; (1) < (1-1) < (2); letters after numbers."""
    c = Citation.parse(clause_id)

    def part(s: str) -> tuple[int, ...]:
        return tuple(int(x) if x.isdigit() else 10_000 + sum(map(ord, x)) for x in s.split("-"))

    return (part(c.head or "0"), *(part(s) for s in c.subs))


def changes(ctx: Context, codes: list[str]) -> dict[str, list[Change]]:
    """The proposals on the Conventions' requirements, by amended act; the same wording proposed for several
    requirements is one row that answers all of them."""
    deletion = tuple(w.casefold() for w in ctx.w.values("deletion_words"))
    by_key: dict[tuple[str, str, str], Change] = {}
    for m in load_mappings(ctx.ws).values():
        if instrument_of(m.requirement) not in codes:
            continue
        for p in m.proposals:
            proposed = p.proposed.strip()
            kind = p.kind(deletion)
            ch = by_key.setdefault((p.provision, kind, proposed if kind != "delete" else ""),
                                   Change(p.provision, p.current.strip(), proposed, kind, p))
            if m.requirement not in ch.requirements:
                ch.requirements.append(m.requirement)
            if p.justification.strip() and p.justification.strip() not in ch.justifications:
                ch.justifications.append(p.justification.strip())
            if p.justification_en.strip() and p.justification_en.strip() not in ch.justifications_en:
                ch.justifications_en.append(p.justification_en.strip())
    out: dict[str, list[Change]] = {}
    for ch in by_key.values():
        out.setdefault(instrument_of(ch.provision), []).append(ch)
    order = [a.code for a in D.acts(ctx.ws)]
    return {code: sorted(out[code], key=lambda c: _key(c.provision))
            for code in sorted(out, key=lambda c: order.index(c) if c in order else len(order))}


class AmendmentsBuilder:
    def __init__(self, ws: Workspace, codes: list[str], lang: str, today: date | None = None,
                 title: str | None = None, deleted_style: str = "bold+strike"):
        from gapkit.report.wording import Wording

        self.c = Context(ws, lang, Wording(lang, "amendments"), today or date.today())
        self.ws, self.codes, self.w, self.lang = ws, codes, self.c.w, lang
        self.title = title
        self.deleted = deleted_style
        self.points = point_index(ws)

    def build(self) -> Document:
        convs = [self.c.convention(c) for c in self.codes]
        law = self.title or self.w("default_law_title")
        doc = Document(self.w("title", law), self.lang, header=self.w("running_header", convs), landscape=True)
        doc.add(Para([Run(self.w("title", law), bold=True)], "body", align="center", keep_next=True))
        doc.add(Para.of(self.w("subtitle", convs), "small", align="center"))
        groups = changes(self.c, self.codes)
        summarised = [ch.provision for rows in groups.values() for ch in rows if ch.kind != "new"
                      and (t := self.shown(ch)) is not None and not t.official]
        if summarised:  # the reader is told, before the table, which current wordings are not the law's own
            doc.add(Para.of(self.w("summaries_intro", [self.c.cite(p) for p in summarised]), "small"))
            doc.add(Para.of(self.w("summaries_how"), "small"))
        table = Table([Column(self.w.label("cols", k), w) for k, w in zip(
            ("no", "unit", "current", "proposed", "justification"), WIDTHS, strict=True)],
            numbering_row=True, font_pt=FONT_PT, key="amendments")
        table.columns[0].align = "center"
        n = 0
        for i, (act_code, rows) in enumerate(groups.items(), 1):
            inst = self.ws.instruments.get(act_code)
            name = self.c.act_title(inst) if inst else act_code
            table.rows.append(Row([Cell([Para([Run(f"{i}. {name}", bold=True)], "table", "center")], GROUP_FILL)],
                                  "group", key=act_code))
            for ch in rows:
                n += 1
                table.rows.append(self.row(n, ch))
        if not groups:
            table.rows.append(Row([Cell([Para([Run(self.w("no_proposals"), italic=True)], "table", "center")])],
                                  "group", key="none"))
        doc.add(table)
        self.without_amendment(doc, groups)
        for p in self.w.paragraphs("notes", self.lang != "ru", self.c.date(self.c.today.isoformat()), self.ws.name):
            doc.add(Para.of(p, "small"))
        return doc

    def without_amendment(self, doc: Document, groups: dict[str, list[Change]]) -> None:
        """The findings not met or partly met that the table does not answer: why none, or that none is drafted."""
        answered = {rid for rows in groups.values() for ch in rows for rid in ch.requirements}
        unmet: list[Mapping] = [m for m in load_mappings(self.ws).values()
                                if instrument_of(m.requirement) in self.codes and m.verdict in UNMET
                                and m.requirement not in answered]
        order = {cid: i for code in self.codes for i, cid in enumerate(self.ws.instruments[code].clauses)}
        unmet.sort(key=lambda m: (self.codes.index(instrument_of(m.requirement)), order.get(m.requirement, 0)))
        why = [m for m in unmet if in_lang(m.no_amendment, self.lang)]
        none = [m for m in unmet if not in_lang(m.no_amendment, self.lang)]
        cols = [Column(self.w.label("cols", "finding"), 55), Column(self.w.label("cols", "verdict"), 32),
                Column(self.w.label("cols", "why_none"), 170)]
        if why:
            doc.add(Heading(self.w("h_why_none"), 2), Para.of(self.w("why_none_intro"), keep_next=True))
            doc.add(Table(cols, [self.finding_row(m, in_lang(m.no_amendment, self.lang)) for m in why],
                          font_pt=FONT_PT - 1, key="why-none"))
        if none:
            doc.add(Heading(self.w("h_not_drafted"), 2), Para.of(self.w("not_drafted_intro"), keep_next=True))
            doc.add(Table(cols, [self.finding_row(m, in_lang(m.recommendation, self.lang) or self.w.label(
                "words", "none")) for m in none], font_pt=FONT_PT - 1, key="not-drafted"))

    def finding_row(self, m: Mapping, text: str) -> Row:
        clause = self.ws.clause(m.requirement)
        heading = pick(clause.heading, self.lang) if clause is not None else ""
        finding = [Para([Run(cap(self.c.cite(m.requirement)), bold=True)], "table")]
        if heading:
            finding.append(Para.of(heading, "table"))
        verdict = [Para.of(self.w.label("verdicts", m.verdict), "table")]
        if m.preliminary:
            verdict.insert(0, Para([Run(self.w("preliminary_label"), italic=True)], "table"))
        return Row([Cell(finding), Cell(verdict, FILLS.get(m.verdict)),
                    Cell([Para.of(t, "table") for t in text.split("\n") if t.strip()])], key=m.requirement)

    def row(self, n: int, ch: Change) -> Row:
        unit: list[Inline] = [Run(cap(self.c.cite_in_act(ch.provision)))]
        if ch.kind == "new":
            unit.append(Run(" " + self.w("new_unit", len(Citation.parse(ch.provision).subs))))
        clause = self.ws.clause(ch.provision)
        if clause is not None:
            unit += self.c.uncertain_clause(clause)
        else:
            a = D.act(self.ws, instrument_of(ch.provision))
            if a is not None:
                unit += self.c.uncertain_act(a)
        return Row([Cell.text(str(n)), Cell([Para(unit, "table")]), self.current(ch), self.proposed(ch),
                    self.justification(ch)], key=ch.provision)

    def _deleted(self, text: str) -> Run:
        return Run(text, bold="bold" in self.deleted, strike="strike" in self.deleted)

    def shown(self, ch: Change) -> ShownText | None:
        """The provision's wording today: the official text where the workspace holds it, else our summary; in an
        English document our English summary (the law's own wording is Russian)."""
        inst = self.ws.instruments.get(instrument_of(ch.provision))
        if inst is None:
            return None
        if self.lang == "en":
            clause = inst.clauses.get(ch.provision)
            text = pick(clause.text, "en") if clause is not None else ""
            return ShownText(text, False, "en", clause.edition if clause else "") if text else None
        return shown_text(inst, ch.provision, "ru")

    def proposed_text(self, ch: Change) -> str:
        return ch.proposal.proposed_en if self.lang == "en" else ch.proposed

    def _summary_mark(self) -> Run:
        return Run(self.w("summary_mark") + " ", italic=True, bold=True)

    def _paras(self, text: str, runs: Callable[[str], list[Inline]] = lambda t: [Run(t)],
               lead: list[Inline] | None = None) -> list[Para]:
        """One paragraph per line of a wording (пункты and подпункты stay on lines of their own)."""
        lines = [ln for ln in text.split("\n") if ln.strip()] or [""]
        out = [Para(list(runs(ln)), "table") for ln in lines]
        if lead:
            out[0].runs[:0] = lead
        return out

    def current(self, ch: Change) -> Cell:
        if ch.kind == "new":
            return Cell.text(self.w("absent"))
        shown = self.shown(ch)
        if shown is None:  # the provision is no longer in the workspace: the wording recorded with the proposal
            return Cell(self._paras(ch.current, lambda t: [self._deleted(t)] if ch.kind == "delete" else [Run(t)]))
        lead: list[Inline] = [] if shown.official else [self._summary_mark()]
        if ch.kind == "delete":
            return Cell(self._paras(shown.text, lambda t: [self._deleted(t)], lead))
        if ch.kind == "wording" and self._diffable(ch, shown):
            spans, _ = diff_words(shown.text, ch.proposed)
            return Cell(self._spans(spans, lambda sp: self._deleted(sp.text) if sp.kind == "deleted" else Run(sp.text)))
        return Cell(self._paras(shown.text, lead=lead))

    def proposed(self, ch: Change) -> Cell:
        if ch.kind == "delete":
            return Cell.text(self.w("delete"))
        proposed = self.proposed_text(ch)
        if ch.kind == "new":
            return Cell(self._paras(proposed, lambda t: [Run(t, bold=True)]))
        shown = self.shown(ch)
        if ch.kind == "append":
            base = self._paras(shown.text, lead=[] if shown.official else [self._summary_mark()]) if shown else []
            return Cell(base + self._paras(proposed, lambda t: [Run(t, bold=True)]) + self._redraft(ch))
        if shown is not None and self._diffable(ch, shown):
            _, spans = diff_words(shown.text, proposed)
            return Cell(self._spans(spans, lambda sp: Run(sp.text, bold=sp.kind == "inserted")))
        return Cell(self._paras(proposed) + self._redraft(ch))

    def _diffable(self, ch: Change, shown: ShownText) -> bool:
        """Changed words are marked only against the official text the proposal was drafted on."""
        return shown.official and not ch.proposal.stale(self.ws)

    def _redraft(self, ch: Change) -> list[Para]:
        if not ch.proposal.stale(self.ws):
            return []
        return [Para([Run(self.w("redraft"), italic=True)], "table")]

    def _spans(self, spans: list[Span], run: Callable[[Span], Run]) -> list[Para]:
        """Diff spans laid out one paragraph per line of the wording."""
        paras: list[Para] = [Para([], "table")]
        for sp in spans:
            for i, piece in enumerate(sp.text.split("\n")):
                if i:
                    paras.append(Para([], "table"))
                if piece:
                    paras[-1].runs.append(run(Span(piece, sp.kind)))
        return [p for p in paras if p.runs] or [Para([], "table")]

    def justification(self, ch: Change) -> Cell:
        paras = [Para([Run(j)], "table") for j in (ch.justifications_en if self.lang == "en" else ch.justifications)]
        articles: list[str] = []
        for rid in ch.requirements:
            for cid in [rid, *sorted(corresponding(self.ws, rid, self.codes, article_if_missing=True))]:
                cited = self.c.cite(cid)
                if cited not in articles:
                    articles.append(cited)
        paras.append(Para([Run(self.w("basis_conventions"), bold=True), Run(" " + sentence("; ".join(articles)))],
                          "table"))
        comments: list[str] = []
        for rid in ch.requirements:
            for cm in self.points.comments_on(rid):
                kind = self.w.table("comment_types").get(cm.type, cm.type)
                label = self.w("comment_ref", kind, cm.adopted or "")
                if label not in comments:
                    comments.append(label)
        if comments:
            paras.append(Para([Run(self.w("basis_comments"), bold=True), Run(" " + sentence("; ".join(comments)))],
                              "table"))
        return Cell(paras)


def build_amendments(ws: Workspace, codes: list[str], lang: str, today: date | None = None,
                     title: str | None = None, deleted_style: str = "bold+strike") -> Document:
    return AmendmentsBuilder(ws, codes, lang, today, title, deleted_style).build()
