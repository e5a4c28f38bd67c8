"""The analysis of the readiness to ratify a Convention the country has not ratified («Анализ готовности Республики
Казахстан к ратификации Конвенции № …»): what would stand in the way of ratification, and what would have to change.

The question is not "is the law compliant" but "what blocks ratification": each requirement's decision (preliminary
or an expert's) with its reasons and the change it asks for. Two frames:

- C102, Part by Part (:mod:`gapkit.report.readiness`): the Part tests computed from the national figures, the rule of
  Article 2, and under each Part the decisions on its requirements (this module's :class:`DecisionTable`);
- every other Convention, article by article (:class:`ArticleReadinessBuilder`): cover with the editions of the acts
  the decisions cite; 1 summary (the counts, the obstacles by article); 2 each article's requirements in a landscape
  table `№ | Provision | Requirement | National provisions | Assessment | Reasons | What would have to change`;
  3 the questions to the competent authorities; 4 method.

Written to ``reports/out/ratification-readiness-<CONVENTION>-<lang>``: the roadmap finds its deliverables by that name.
:func:`gapkit.report.readiness.build_ratification` chooses the frame.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from datetime import date
from typing import Any

from gapkit import roadmap
from gapkit.errors import GapkitError
from gapkit.report import data as D
from gapkit.report.common import Context, answer_source, cap, pick
from gapkit.report.doc import FILLS, Cell, Column, Document, Heading, Inline, Para, Row, Section, Table, Toc
from gapkit.report.doc import Run as TextRun
from gapkit.report.wording import Wording
from gapkit.review import NOT_REVIEWED, SCALE, in_lang
from gapkit.vocab import Verdict
from gapkit.workspace import Workspace

KIND = "ratification-readiness"
#: what stands in the way of ratification
BLOCKING: tuple[str, ...] = (Verdict.NON_COMPLIANT, Verdict.PARTIALLY_COMPLIANT)
#: landscape column widths (257 mm)
DECISION_WIDTHS = (9, 22, 50, 36, 28, 62, 50)


class NotForRatification(GapkitError):
    """A report asked for a Convention it cannot be made for; the message says why."""


class DecisionTable:
    """The requirements of an article or a Part with their decisions, as a ratification analysis shows them."""

    def __init__(self, c: Context, rw: Wording):
        self.c, self.rw, self.ws, self.lang = c, rw, c.ws, c.lang

    def label(self, verdict: str) -> str:
        return self.rw.label("verdicts", verdict)

    def table(self, reqs: list[D.Req], key: str, start: int = 1) -> Table:
        cols = [Column(self.rw.label("cols", k), wd) for k, wd in zip(
            ("no", "provision", "requirement", "national", "assessment", "reason", "change"), DECISION_WIDTHS,
            strict=True)]
        cols[0].align = cols[4].align = "center"
        rows = [self.row(n, r) for n, r in enumerate(reqs, start)]
        return Table(cols, rows, font_pt=9, key=key)

    def row(self, n: int, r: D.Req) -> Row:
        clause = r.clause
        requirement = []
        heading = pick(clause.heading, self.lang)
        if heading:
            requirement.append(Para([TextRun(heading, bold=True)], "table"))
        text = pick(clause.text, self.lang)
        if text:
            requirement.append(Para([TextRun(text)], "table"))
        provision: list[Inline] = [TextRun(cap(self.c.cite_in_act(r.id)))]  # the document is about one Convention
        provision += self.c.uncertain_clause(clause)
        return Row([
            Cell.text(str(n)),
            Cell([Para(provision, "table")]),
            Cell(requirement or [Para([], "table")]),
            self.national(r),
            self.assessment(r),
            self.reasons(r),
            self.change(r),
        ], key=r.id)

    def national(self, r: D.Req) -> Cell:
        """The provisions the decision cites, by their citation (their text is in the analytical review)."""
        m = r.mapping
        if m is None or not m.decided:
            return Cell.text(self.rw.label("words", "none"), align="center")
        if not m.provisions:
            return Cell([Para([TextRun(self.rw("no_provisions"), italic=True)], "table")])
        paras = []
        for pid in m.provisions:
            runs: list[Inline] = [TextRun(cap(self.c.cite(pid)))]
            clause = self.ws.clause(pid)
            if clause is not None:
                runs += self.c.uncertain_clause(clause)
            paras.append(Para(runs, "table"))
        return Cell(paras)

    def assessment(self, r: D.Req) -> Cell:
        verdict = r.verdict
        paras = []
        if r.mapping is not None and r.mapping.preliminary:  # never passed off as an expert's
            paras.append(Para([TextRun(self.rw("preliminary_label"), italic=True)], "table", "center"))
        paras.append(Para([TextRun(self.label(verdict), bold=verdict != NOT_REVIEWED)], "table", "center"))
        return Cell(paras, FILLS.get(verdict))

    def reasons(self, r: D.Req) -> Cell:
        m = r.mapping
        if m is None or not m.decided:
            return Cell([Para([TextRun(self.rw("not_reviewed"), italic=True)], "table")])
        paras = [Para([TextRun(t)], "table") for t in in_lang(m.reason, self.lang).split("\n") if t.strip()]
        if m.confirmed and m.reviewer:
            when = self.c.date(m.time[:10]) if m.time else ""
            paras.append(Para([TextRun(f"{m.reviewer}, {when}".rstrip(", "), italic=True)], "table"))
            if m.approved:
                paras.append(Para([TextRun(self.c.approved(m), italic=True)], "table"))
        return Cell(paras or [Para([], "table")])

    def change(self, r: D.Req) -> Cell:
        m = r.mapping
        paras: list[Para] = []
        if m is not None and m.decided:
            paras += [Para.of(t, "table") for t in in_lang(m.recommendation, self.lang).split("\n") if t.strip()]
            if not paras:
                key = ("rec_amend" if r.verdict in BLOCKING else
                       "rec_information" if r.verdict == Verdict.INSUFFICIENT_INFORMATION else "nothing_to_change")
                paras.append(Para([TextRun(self.rw(key), italic=True)], "table"))
            measure = self.measure(m.measure)
            if measure:
                paras.append(Para([TextRun(self.rw("measure_line", measure), italic=True)], "table"))
        return Cell(paras or [Para.of(self.rw.label("words", "none"), "table", align="center")])

    def measure(self, measure_id: str) -> str:
        """The roadmap measure's number (its parties, written in the roadmap's Russian abbreviations, are in the
        roadmap report)."""
        rm = roadmap.load(self.ws).roadmap
        m = rm.measures.get(measure_id) if rm is not None and measure_id else None
        return m.number if m is not None else ""

    # ---- what the summary and the questions need ------------------------------------------------------------
    def counts_text(self, reqs: list[D.Req], only: tuple[str, ...] = BLOCKING) -> str:
        n = Counter(r.verdict for r in reqs)
        return "; ".join(f"{self.label(v).lower()} — {n[v]}" for v in SCALE if v in only and n[v])

    def questions(self, reqs: list[D.Req]) -> list[tuple[D.Req, str]]:
        return [(r, q) for r in reqs if r.mapping is not None and r.mapping.decided
                for q in [in_lang(r.mapping.question, self.lang)] if q.strip()]

    def questions_table(self, reqs: list[D.Req], key: str) -> Table:
        from gapkit.indicators.answer_model import load_answers

        answers = load_answers(self.ws).answers
        rows = []
        for r, q in self.questions(reqs):
            cell = [Para.of(t, "table") for t in q.split("\n") if t.strip()]
            a = answers.get(f"{r.id}/question")
            if a is not None and a.text:  # the answer received to the questionnaire, with where it comes from
                cell.append(Para([TextRun(f"{answer_source(self.c, a)}: {a.text}", italic=True)], "table"))
            rows.append(Row([Cell([Para([TextRun(cap(self.c.cite_in_act(r.id)))], "table")]), Cell(cell)], key=r.id))
        return Table([Column(self.rw.label("cols", "provision"), 40), Column(self.rw.label("cols", "question"), 130)],
                     rows, font_pt=9.5, key=key)


def stats(reqs: list[D.Req], labels: dict[str, str]) -> dict[str, Any]:
    n = Counter(r.verdict for r in reqs)
    return {"total": len(reqs), "reviewed": len(reqs) - n[NOT_REVIEWED],
            "counts": {v: n.get(v, 0) for v in (*SCALE, NOT_REVIEWED)}, "labels": labels,
            "confirmed": sum(1 for r in reqs if r.mapping and r.mapping.confirmed),
            "preliminary": sum(1 for r in reqs if r.mapping and r.mapping.preliminary)}


def editions(c: Context, rw: Wording, reqs: list[D.Req]) -> list[Para]:
    """The cover's list of the acts reviewed, each with the edition it was read in."""
    out = [Para.of(rw("editions_intro"), "body", keep_next=True)]
    for a in D.cited_acts(c.ws, reqs, c.today):
        runs: list[Inline] = [TextRun(c.title(a.inst), bold=True)]
        ed = D.edition_read(a.inst)
        runs.append(TextRun(" — " + (rw("edition_of", c.date(ed)) if ed else rw("edition_unknown"))))
        runs += c.uncertain_act(a)
        out.append(Para(runs, "list"))
    return out


class ArticleReadinessBuilder:
    """The ratification analysis of a Convention without Parts to accept one by one (C176, C190)."""

    def __init__(self, ws: Workspace, code: str, lang: str, today: date | None = None):
        self.ws, self.code, self.lang = ws, code, lang
        self.w = Wording(lang, "ratification")
        self.c = Context(ws, lang, self.w, today or date.today())
        self.inst = ws.instruments[code]
        self.reqs = D.requirements(ws, code)
        self.t = DecisionTable(self.c, self.w)

    def by_article(self) -> OrderedDict[str, list[D.Req]]:
        out: OrderedDict[str, list[D.Req]] = OrderedDict()
        for r in self.reqs:
            out.setdefault(r.article, []).append(r)
        return out

    def article_title(self, article: str) -> str:
        clause = self.ws.clause(article)
        heading = pick(clause.heading, self.lang) if clause else ""
        cited = cap(self.c.cite_in_act(article))
        return f"{cited}. {heading}" if heading else cited

    def build(self) -> Document:
        number = self.inst.number or self.code
        doc = Document(self.w("title", number), self.lang, header=self.w("running_header", number), cover=True)
        doc.add(Para([], "body"), Para([], "body"), Para.of(self.w("title", number), "title"),
                Para.of(self.w("subtitle", self.c.title(self.inst)), "subtitle"), Para([], "body"))
        doc.add(*editions(self.c, self.w, self.reqs))
        s = stats(self.reqs, {v: self.t.label(v) for v in (*SCALE, NOT_REVIEWED)})
        doc.add(Para([], "body"), Para.of(self.w("cover_state", s), "body"),
                Para.of(self.w("cover_date", self.c.date(self.c.today.isoformat())), "body"),
                Para.of(self.w("disclaimer", self.ws.name), "small"))
        doc.add(Section(False), Toc(self.w.label("h", "toc")))
        self.summary(doc, s)
        self.articles(doc)
        self.questions(doc)
        self.method(doc)
        doc.fill_toc()
        return doc

    def summary(self, doc: Document, s: dict[str, Any]) -> None:
        doc.add(Heading(self.w.label("h", "summary"), 1), Para.of(self.w("summary_counts", s)))
        blocked = [(a, rs) for a, rs in self.by_article().items() if any(r.verdict in BLOCKING for r in rs)]
        n_blocking = sum(1 for r in self.reqs if r.verdict in BLOCKING)
        if blocked:
            doc.add(Para.of(self.w("summary_blocking", len(blocked), n_blocking)))
        else:
            doc.add(Para.of(self.w("summary_no_blocking")))
        n_questions = len(self.t.questions(self.reqs))
        if n_questions:
            doc.add(Para.of(self.w("summary_questions", n_questions)))
        if blocked:
            doc.add(Heading(self.w.label("h", "blocking"), 2))
            for article, rs in blocked:
                doc.add(Para([TextRun(self.article_title(article) + ": ", bold=True),
                              TextRun(self.t.counts_text(rs))], "list"))

    def articles(self, doc: Document) -> None:
        doc.add(Section(True), Heading(self.w.label("h", "articles"), 1), Para.of(self.w("articles_intro")))
        n = 1
        for article, rs in self.by_article().items():
            doc.add(Heading(self.article_title(article), 2))
            doc.add(self.t.table(rs, f"article-{article}", n))
            n += len(rs)
        doc.add(Section(False))

    def questions(self, doc: Document) -> None:
        doc.add(Heading(self.w.label("h", "questions"), 1))
        if not self.t.questions(self.reqs):
            doc.add(Para.of(self.w("no_questions")))
            return
        doc.add(Para.of(self.w("questions_intro"), keep_next=True), self.t.questions_table(self.reqs, "questions"))

    def method(self, doc: Document) -> None:
        doc.add(Heading(self.w.label("h", "method"), 1))
        for p in self.w.paragraphs("method"):
            doc.add(Para.of(p))
        doc.add(Para.of(self.c.w("generated", self.ws.name, self.c.date(self.c.today.isoformat())), "small"))
