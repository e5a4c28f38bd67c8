"""The expert opinion on a bill («Экспертное заключение на проект закона …»).

1 the bill's changes, act by act (structural element | current wording | wording of the bill); 2 the changes that
would weaken compliance, first; 3 per Convention, each requirement the changes touch (its assessment now and if
the bill were adopted, with the reasons); 4 the CEACR points that cite the changed provisions, and whether the
bill answers them; 5 recommendations on the wording. Built on :func:`gapkit.bill.impact.impact`, so the document
and ``gapkit bill impact`` always agree. Written to ``reports/out/bill-<NAME>-<lang>.docx``.
"""

from __future__ import annotations

from datetime import date

from gapkit import roadmap
from gapkit.bill import Bill, Overlaid
from gapkit.bill.impact import Impact, Touched, impact, related
from gapkit.citations import Citation
from gapkit.report.common import Context, cap, pick
from gapkit.report.doc import FILLS, GROUP_FILL, Cell, Column, Document, Heading, Para, Row, Section, Table
from gapkit.report.doc import Run as TextRun
from gapkit.report.points import point_index
from gapkit.report.wording import Wording
from gapkit.vocab import Verdict
from gapkit.workspace import Workspace

KIND = "bill"
CHANGE_WIDTHS = (10, 45, 101, 101)  # 257 mm: A4 landscape
ASSESS_WIDTHS = (10, 62, 32, 32, 121)
POINT_WIDTHS = (62, 100, 55, 40)
REGRESSION_FILL = "FFC7CE"


class BillBuilder:
    def __init__(self, ws: Workspace, lang: str, bill: Bill, today: date | None = None):
        self.c = Context(ws, lang, Wording(lang, "bill"), today or date.today())
        self.ws, self.lang, self.w, self.bill = ws, lang, self.c.w, bill
        self.result: Impact = impact(ws, bill)
        rm = roadmap.load(ws).roadmap
        self.measures = rm.measures if rm is not None else {}

    def verdict(self, v: str) -> str:
        return self.w.label("verdicts", v) if v else self.w("not_assessed")

    def build(self) -> Document:
        doc = Document(self.w("title"), self.lang, header=self.w("running_header"), cover=True)
        doc.add(Para([], "body"), Para.of(self.w("title"), "title"))
        if self.w("bill_title", self.bill.title):
            doc.add(Para.of(self.w("bill_title", self.bill.title), "subtitle"))
        doc.add(Para.of(self.w("cover_date", self.c.date(self.c.today.isoformat())), "subtitle"), Para([], "body"))
        acts = [self.c.title(self.ws.instruments[a]) for a in dict.fromkeys(ch.act for ch in self.bill.changes)]
        doc.add(Para.of(self.w("intro", len(self.bill.changes), acts)))
        doc.add(Section(True))
        self.changes(doc)
        self.regressions(doc)
        self.conventions(doc)
        self.points(doc)
        self.recommendations(doc)
        doc.add(Para.of(self.c.w("generated", self.ws.name, self.c.date(self.c.today.isoformat())), "small"))
        return doc

    # ---- 1 -----------------------------------------------------------------------------------------------------
    def changes(self, doc: Document) -> None:
        doc.add(Heading(self.w.label("h", "changes"), 1))
        cols = [Column(self.w.label("cols", k), wd) for k, wd in zip(("no", "element", "current", "proposed"),
                                                                     CHANGE_WIDTHS, strict=True)]
        cols[0].align = "center"
        rows: list[Row] = []
        n = 0
        for g, act in enumerate(dict.fromkeys(ch.act for ch in self.bill.changes), start=1):
            group = Para([TextRun(self.w("act_group", g, self.c.act_title(self.ws.instruments[act])), bold=True)],
                         "table", "center")
            rows.append(Row([Cell([group], GROUP_FILL)], "group", key=act))
            for o in (o for o in self.result.changes.values() if o.change.act == act):
                n += 1
                element = cap(self.c.cite_in_act(o.provision))
                if o.change.kind == "add":
                    element = self.w("new_element", element)
                current, proposed = self.wordings(o)
                rows.append(Row([Cell.text(str(n), align="center"), Cell.text(element), Cell(current),
                                 Cell(proposed or [Para([], "table")])], key=o.provision))
        doc.add(Table(cols, rows, font_pt=9, key="changes"))

    def wordings(self, o: Overlaid) -> tuple[list[Para], list[Para]]:
        """The current wording and the bill's. The law and the bill are in Russian: an English document gives
        our English summary of the provision and says what the bill does, never the Russian words."""
        if self.lang == "ru":
            current = [Para.of(t, "table") for t in o.current.split("\n") if t.strip()] if o.current else \
                [Para.of(self.w("absent"), "table")]
            if o.current and not o.official:
                current[0].runs.insert(0, TextRun(self.w("summary_mark"), italic=True))
            proposed = [Para.of(t, "table") for t in (o.proposed or "").split("\n") if t.strip()] \
                if o.proposed is not None else [Para.of(self.w("deleted"), "table")]
            return current, proposed or [Para([], "table")]
        clause = self.ws.clause(o.provision)
        summary = clause.text.get("en", "") if clause is not None else ""
        current = [Para([TextRun(self.w("summary_in_english"), italic=True), TextRun(summary)], "table")] if summary \
            else [Para.of(self.w("absent") if o.change.kind == "add" else self.w("in_russian"), "table")]
        return current, [Para.of(self.w(f"change_{o.change.kind}"), "table")]

    # ---- 2 -----------------------------------------------------------------------------------------------------
    def regressions(self, doc: Document) -> None:
        doc.add(Heading(self.w.label("h", "regressions"), 1))
        worse = [t for t in self.result.requirements if t.regression]
        if not worse:
            doc.add(Para.of(self.w("no_regressions")))
            return
        doc.add(Para.of(self.w("regressions_intro", len(worse)), keep_next=True))
        for t in worse:
            doc.add(Para([TextRun(self.w("regression", cap(self.c.cite(t.requirement)), self.verdict(t.verdict),
                                         self.verdict(str(t.if_adopted.get("verdict", "")))), bold=True)], "list"))

    # ---- 3 -----------------------------------------------------------------------------------------------------
    def conventions(self, doc: Document) -> None:
        doc.add(Heading(self.w.label("h", "conventions"), 1))
        reqs = self.result.requirements
        if not reqs:
            doc.add(Para.of(self.w("no_requirements")))
            return
        pending = sum(1 for t in reqs if not t.if_adopted.get("verdict"))
        if pending:
            doc.add(Para.of(self.w("not_assessed_note", pending)))
        n = 0
        for code in dict.fromkeys(t.convention for t in reqs):
            doc.add(Heading(self.c.convention(code), 2))
            mine = sorted((t for t in reqs if t.convention == code), key=lambda t: not t.regression)
            cols = [Column(self.w.label("cols", k), wd) for k, wd in zip(
                ("no", "requirement", "now", "if_adopted", "reason"), ASSESS_WIDTHS, strict=True)]
            cols[0].align = cols[2].align = cols[3].align = "center"
            rows = []
            for t in mine:
                n += 1
                rows.append(self.assessment_row(n, t))
            doc.add(Table(cols, rows, font_pt=9, key=f"assess-{code}"))

    def assessment_row(self, n: int, t: Touched) -> Row:
        clause = self.ws.clause(t.requirement)
        req = [Para([TextRun(cap(self.c.cite_in_act(t.requirement)), bold=True)], "table")]
        if clause is not None and pick(clause.text, self.lang):
            req.append(Para.of(pick(clause.text, self.lang), "table"))
        now = [Para.of(self.verdict(t.verdict), "table", align="center")]
        if t.stage == "preliminary":
            now.append(Para([TextRun(self.w("preliminary"), italic=True)], "table", align="center"))
        after_v = str(t.if_adopted.get("verdict", ""))
        after = [Para.of(self.verdict(after_v), "table", align="center")]
        if after_v and t.if_adopted.get("stage") == "preliminary":
            after.append(Para([TextRun(self.w("preliminary"), italic=True)], "table", align="center"))
        reason: list[Para] = []
        texts = t.if_adopted.get("reason") or {}
        if isinstance(texts, dict) and pick(texts, self.lang):
            reason.append(Para.of(pick(texts, self.lang), "table"))
        provisions = "; ".join(self.c.cite(p) for p in t.provisions)
        reason.append(Para([TextRun(cap(provisions), italic=True)], "table"))
        if not t.decided:
            reason.append(Para([TextRun(self.w("via_suggestion"), italic=True)], "table"))
        fill_after = REGRESSION_FILL if t.regression else FILLS.get(after_v) if after_v else None
        return Row([Cell.text(str(n), align="center"), Cell(req), Cell(now, FILLS.get(t.verdict)),
                    Cell(after, fill_after), Cell(reason)], key=t.requirement)

    # ---- 4 -----------------------------------------------------------------------------------------------------
    def points(self, doc: Document) -> None:
        doc.add(Heading(self.w.label("h", "points"), 1))
        if not self.result.points:
            doc.add(Para.of(self.w("no_points")))
            return
        idx = point_index(self.ws)
        doc.add(Para.of(self.w("points_intro"), keep_next=True))
        cols = [Column(self.w.label("cols", k), wd) for k, wd in zip(("point", "requirement", "provisions",
                                                                     "measure"), POINT_WIDTHS, strict=True)]
        rows = []
        for pt in self.result.points:
            p = pt.point
            cm = idx.comment(p)
            label = self.w("comment_label", self.w.table("comment_types").get(cm.type, cm.type), cm.adopted or "") \
                if cm else ""
            head = [Para([TextRun(label, bold=True)], "table"),
                    Para.of(p.title_in(self.lang) or idx.topic(p, self.lang), "table")]
            state = self.point_state(p.articles)
            held = [a for a in p.articles if Citation.is_valid(a) and self.ws.clause(a) is not None]
            body = [Para.of(cap("; ".join(self.c.cite(a) for a in held)), "table")] if held else []
            body.append(Para([TextRun(state, italic=True)], "table"))
            provisions = [Para.of(cap(self.c.cite(q)), "table") for q in pt.provisions]
            measures = [Para.of(self.w("measure", self.measures[m].number), "table") for m in pt.measures
                        if m in self.measures]
            rows.append(Row([Cell(head), Cell(body), Cell(provisions), Cell(measures or [Para([], "table")])],
                            key=p.id))
        doc.add(Table(cols, rows, font_pt=9, key="points"))

    def point_state(self, articles: list[str]) -> str:
        """Whether the bill answers a point: every requirement of its articles it touches is assessed compliant
        if adopted (answered), one is not (open), or none is assessed yet."""
        touched = [t for t in self.result.requirements if any(related(a, t.requirement) for a in articles)]
        assessed = [t for t in touched if t.if_adopted.get("verdict")]
        if not assessed:
            return self.w("point_unknown")
        if all(t.if_adopted["verdict"] in (Verdict.COMPLIANT, Verdict.NOT_APPLICABLE) for t in assessed):
            return self.w("point_answered")
        return self.w("point_open")

    # ---- 5 -----------------------------------------------------------------------------------------------------
    def recommendations(self, doc: Document) -> None:
        doc.add(Heading(self.w.label("h", "recommendations"), 1))
        assessed = [t for t in self.result.requirements if t.if_adopted.get("verdict")]
        short = [t for t in assessed if t.if_adopted["verdict"] in (Verdict.NON_COMPLIANT,
                                                                   Verdict.PARTIALLY_COMPLIANT)]
        if not assessed:
            doc.add(Para.of(self.w("pending_recommendations")))
            return
        if not short:
            doc.add(Para.of(self.w("no_recommendations")))
            return
        doc.add(Para.of(self.w("recommendations_intro"), keep_next=True))
        for t in sorted(short, key=lambda t: not t.regression):
            texts = t.if_adopted.get("reason") or {}
            why = pick(texts, self.lang) if isinstance(texts, dict) else ""
            doc.add(Para([TextRun(cap(self.c.cite(t.requirement)) + ". ", bold=True), TextRun(why)], "list"))


def build_bill(ws: Workspace, lang: str, bill: Bill, today: date | None = None) -> Document:
    return BillBuilder(ws, lang, bill, today).build()
