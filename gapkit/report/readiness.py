"""The analysis of the readiness to ratify C102 (flexible approach), Part by Part: which Parts can be accepted now,
what blocks the others, and what would have to change.

Cover (the acts reviewed and their editions); 1 summary (the Article 2 conclusion, the counts, the obstacles by
Part); 2 the Part-acceptance table `Part | Title | Meets all tests | Blocking gaps`; 3 the rule of Article 2 (the
combinations possible now, what blocks the other Parts); 4 each of Parts II-X: its national scheme, its tests in a
landscape table `Test | Convention requirement | National value | Result | Reason and arithmetic | Source`, what the
law does not fix, and the decisions on its requirements (:class:`~gapkit.report.ratification.DecisionTable`);
5 the general provisions (Parts I, XI-XIV) and their decisions; 6 the questions to the competent authorities;
7 method and sources. The figures and the rule of each test are shown with it, so an expert can redo the
arithmetic; whatever is uncertain carries a visible mark and a footnote.

The content comes from :mod:`gapkit.indicators` (the same results ``gapkit indicators`` gives) and the decisions; the
words from ``templates/<lang>/readiness.j2``, ``ratification.j2`` and ``indicators.j2``. Written to
``reports/out/ratification-readiness-C102-<lang>``: the roadmap finds the deliverable of its C102 measure by that name.
"""

from __future__ import annotations

from datetime import date

from gapkit.citations import instrument_of
from gapkit.indicators.c102 import BLOCKED, CAN_ACCEPT, FAIL, INSUFFICIENT, PASS, PartResult, TestResult
from gapkit.indicators.figures import NationalValue
from gapkit.indicators.run import Run, Settings, compute
from gapkit.report import data as D
from gapkit.report.common import Context, answer_source, cap
from gapkit.report.doc import (
    FILLS,
    Cell,
    Column,
    Document,
    Heading,
    Inline,
    Note,
    Para,
    Row,
    Section,
    Table,
    Toc,
)
from gapkit.report.doc import Run as TextRun
from gapkit.report.indicators_text import Explainer, acceptance_dict, pick, roman
from gapkit.report.ratification import (
    BLOCKING,
    KIND,
    ArticleReadinessBuilder,
    DecisionTable,
    NotForRatification,
    editions,
    stats,
)
from gapkit.report.wording import Wording
from gapkit.review import NOT_REVIEWED, SCALE
from gapkit.workspace import Workspace

__all__ = ["KIND", "NotForRatification", "ReadinessBuilder", "build_ratification", "build_readiness"]
#: fills of a Part's status and of a test's result (the label is always printed too)
STATUS_FILL = {CAN_ACCEPT: FILLS["compliant"], BLOCKED: FILLS["non_compliant"], INSUFFICIENT: "FFEB9C"}
RESULT_FILL = {PASS: FILLS["compliant"], FAIL: FILLS["non_compliant"], "unknown": "FFEB9C"}
#: portrait (170 mm) and landscape (257 mm) column widths
ACCEPTANCE_WIDTHS = (17, 43, 30, 80)
TEST_WIDTHS = (33, 60, 52, 22, 51, 39)


class ReadinessBuilder:
    def __init__(self, ws: Workspace, lang: str, today: date | None = None, run: Run | None = None):
        self.ws, self.lang = ws, lang
        self.c = Context(ws, lang, Wording(lang, "readiness"), today or date.today())
        self.w = self.c.w
        self.ex = Explainer(lang, ws.names)
        self.run = run or compute(ws, Settings(only=("C102",)))
        self.acc = self.run.acceptance
        self.common_source = ""  # the source shared by the values of the Part being written
        # the frame of every ratification analysis, and the decisions on the requirements, Part by Part
        self.rw = Wording(lang, "ratification")
        self.rc = Context(ws, lang, self.rw, self.c.today)
        self.t = DecisionTable(self.rc, self.rw)
        self.reqs = D.requirements(ws, "C102")
        self.by_part: dict[str, list[D.Req]] = {}
        for r in self.reqs:
            self.by_part.setdefault(r.part.removeprefix("C102:"), []).append(r)

    # ---- small pieces ----------------------------------------------------------------------------------------
    def status(self, r: PartResult) -> str:
        return self.ex.w.label("part_statuses", r.status)

    def uncertain_marks(self, uncertain: bool, note: str, what: str) -> list[Inline]:
        if not uncertain:
            return []
        return [TextRun(" " + self.c.w.label("words", "uncertain"), bold=True),
                Note(self.c.w("uncertain_note", what, note))]

    def provisions_runs(self, ids: list[str]) -> list[Inline]:
        """The provisions cited, in the report's language, with the marks of what is uncertain in them: a clause's
        own mark after it, the mark of an uncertain act once, after the last of its provisions."""
        out: list[Inline] = []
        acts: list[str] = []
        for i, pid in enumerate(ids):
            text = self.c.cite(pid)
            out.append(TextRun(cap(text) if i == 0 else "; " + text))
            clause = self.ws.clause(pid)
            if clause is not None and clause.uncertain:
                known = self.c.w("uncertain_requirement" if self.ws.instruments[clause.instrument].is_convention
                                 else "uncertain_provision")
                out += [TextRun(" " + self.c.w.label("words", "uncertain"), bold=True),
                        Note(self.c.w("uncertain_note", self.c.cite(clause.id), known))]
            code = instrument_of(pid)
            if code not in acts:
                acts.append(code)
        for code in acts:
            a = D.act(self.ws, code)
            if a is not None:
                out += self.c.uncertain_act(a)
        return out

    # ---- the document ----------------------------------------------------------------------------------------
    def build(self) -> Document:
        doc = Document(self.rw("title", 102), self.lang, header=self.rw("running_header", 102), cover=True)
        self.cover(doc)
        self.summary(doc)
        self.acceptance(doc)
        self.article2(doc)
        self.parts(doc)
        self.general_parts(doc)
        self.questions(doc)
        self.method(doc)
        doc.fill_toc()
        return doc

    def country(self) -> str:
        return self.c.w.table("countries").get(self.ws.country, self.ws.name)

    def cover(self, doc: Document) -> None:
        inst = self.ws.instruments["C102"]
        doc.add(Para([], "body"), Para([], "body"), Para.of(self.rw("title", 102), "title"),
                Para.of(self.rw("subtitle", self.rc.title(inst)), "subtitle"),
                Para.of(self.w("subtitle", self.country()), "subtitle"), Para([], "body"))
        doc.add(*editions(self.rc, self.rw, self.reqs))
        s = stats(self.reqs, {v: self.t.label(v) for v in (*SCALE, NOT_REVIEWED)})
        doc.add(Para([], "body"), Para.of(self.rw("cover_state", s), "body"),
                Para.of(self.w("cover_date", self.c.date(self.c.today.isoformat()))),
                Para.of(self.w("disclaimer", self.ws.name), "small"))
        doc.add(Section(False), Toc(self.w.label("h", "toc")))

    def summary(self, doc: Document) -> None:
        results = self.run.parts
        counts = {s: sum(1 for r in results if r.status == s) for s in (CAN_ACCEPT, BLOCKED, INSUFFICIENT)}
        doc.add(Heading(self.w.label("h", "summary"), 1))
        if self.acc is not None:
            doc.add(Para([TextRun(acceptance_dict(self.acc, self.ex)["conclusion"], bold=True)]))
        doc.add(Para.of(self.w("summary_counts", counts[CAN_ACCEPT], counts[BLOCKED],
                               counts[INSUFFICIENT], len(results))))
        doc.add(Para.of(self.w("summary_rule")))
        needed = sum(1 for r in results for t in r.tests if t.status != PASS)
        if needed:
            doc.add(Para.of(self.w("summary_needed", needed)))
        answered = [t for r in results for t in r.tests if t.national is not None and t.national.answer is not None]
        if answered:  # what the answers to the questionnaire changed: the tests they decide, with their results
            doc.add(Para.of(self.w("summary_answers", len(answered)), keep_next=True))
            for t in answered:
                assert t.national is not None and t.national.answer is not None
                doc.add(Para([TextRun(f"{self.ex.part_short(t.part)}, {self.ex.test_label(t.test)}: ", bold=True),
                              TextRun(f"{self.ex.w.label('statuses', t.status)} ("
                                      f"{_lower_first(answer_source(self.c, t.national.answer))})")], "list"))
        s = stats(self.reqs, {v: self.t.label(v) for v in (*SCALE, NOT_REVIEWED)})
        doc.add(Para.of(self.rw("summary_counts", s)))
        blocked = [(part, rs) for part, rs in self.by_part.items() if any(r.verdict in BLOCKING for r in rs)]
        if blocked:
            doc.add(Para.of(self.w("summary_decisions_blocking"), keep_next=True))
            for part, rs in blocked:
                doc.add(Para([TextRun(self.part_name(part) + ": ", bold=True), TextRun(self.t.counts_text(rs))],
                             "list"))
        questions = len(self.t.questions(self.reqs))
        if questions:
            doc.add(Para.of(self.w("summary_questions", questions)))

    def part_name(self, part: str) -> str:
        """A Part's heading; for requirements outside any Part (the Annex), their own heading."""
        clause = self.ws.clause(f"C102:{part}") if part.startswith("part-") else None
        if clause is None and self.by_part.get(part):
            clause = self.ws.clause(self.by_part[part][0].article)
        heading = pick(clause.heading, self.lang) if clause is not None else ""
        return heading or (cap(self.c.cite(clause.id)) if clause is not None else part)

    def acceptance(self, doc: Document) -> None:
        doc.add(Heading(self.w.label("h", "acceptance"), 1), Para.of(self.w("acceptance_intro"), keep_next=True))
        cols = [Column(self.w.label("cols", k), wd) for k, wd in
                zip(("part", "title", "meets", "blocking"), ACCEPTANCE_WIDTHS, strict=True)]
        cols[0].align = "center"
        rows = []
        for r in self.run.parts:
            blocking = [Para([TextRun(self.ex.test_label(t.test) + ": ", bold=True),
                              TextRun(self.ex.reason(t))], "table") for t in r.blocking]
            rows.append(Row([
                Cell.text(r.part.removeprefix("part-")),
                Cell.text(self.title_only(r)),
                Cell([Para([TextRun(self.w("meets_cell", r.meets_all_tests, self.status(r)))], "table")],
                     STATUS_FILL[r.status]),
                Cell(blocking or [Para.of(self.w("no_blocking"), "table")]),
            ], key=r.part))
        doc.add(Table(cols, rows, font_pt=9, key="acceptance"))

    def title_only(self, r: PartResult) -> str:
        """"Part IV. Unemployment Benefit" -> "Unemployment Benefit" (the Part is in the first column)."""
        title = self.ex.part_title(r.spec)
        head, _, rest = title.partition(". ")
        return rest if rest and head.split()[-1] == r.part.removeprefix("part-") else title

    def article2(self, doc: Document) -> None:
        if self.acc is None:
            return
        a2 = acceptance_dict(self.acc, self.ex)
        doc.add(Heading(self.w.label("h", "article2"), 1), Para.of(cap(a2["rule"]["text"])),
                Para([TextRun(a2["conclusion"], bold=True)]))
        if self.acc.can_ratify_now:
            doc.add(Para.of(self.w("combinations_intro", len(self.acc.combinations)), keep_next=True))
            for combo in self.acc.minimal:
                doc.add(Para.of(self.w("combo", roman(combo)), "list"))
        others = [r for r in self.run.parts if r.part not in self.acc.acceptable]
        if others:
            doc.add(Para.of(self.w("blocked_intro"), keep_next=True))
            for r in others:
                gaps = "; ".join(self.ex.test_label(t.test).lower() for t in r.blocking)
                doc.add(Para([TextRun(self.ex.part_title(r.spec) + ": ", bold=True),
                              TextRun(f"{self.status(r)} ({gaps})")], "list"))

    def parts(self, doc: Document) -> None:
        doc.add(Section(True), Heading(self.w.label("h", "parts"), 1))
        for r in self.run.parts:
            doc.add(Heading(self.w("part_heading", self.ex.part_title(r.spec), self.status(r)), 2))
            nat = r.national
            if nat is None:
                doc.add(Para.of(self.w("no_national"), keep_next=True))
            else:
                if nat.scheme:
                    doc.add(Para.of(self.w("scheme", pick(nat.scheme, self.lang)), keep_next=True))
                if nat.provisions:
                    label: list[Inline] = [TextRun(self.w("provisions_label") + " ", bold=True)]
                    doc.add(Para(label + self.provisions_runs(nat.provisions), keep_next=True))
                self.common_source = self.shared_source(r)
                if self.common_source:
                    doc.add(Para([TextRun(self.w("source_label") + " ", bold=True), TextRun(self.common_source)],
                                 keep_next=True))
            doc.add(self.tests_table(r))
            self.common_source = ""
            if nat is not None and nat.missing:
                doc.add(Para.of(self.rw("part_missing", pick(nat.missing, self.lang))))
            reqs = self.by_part.get(r.part, [])
            if reqs:
                doc.add(Para([TextRun(self.rw.label("h", "part_decisions"), bold=True)], keep_next=True),
                        self.t.table(reqs, f"decisions-{r.part}"))
        doc.add(Section(False))

    def general_parts(self, doc: Document) -> None:
        """Parts I and XI-XIV: they bind whichever Parts are accepted."""
        tested = {r.part for r in self.run.parts}
        general = [(part, rs) for part, rs in self.by_part.items() if part not in tested]
        if not general:
            return
        doc.add(Section(True), Heading(self.w.label("h", "general_parts"), 1), Para.of(self.rw("general_parts_intro")))
        for part, rs in general:
            doc.add(Heading(self.part_name(part), 2), self.t.table(rs, f"decisions-{part}"))
        doc.add(Section(False))

    def questions(self, doc: Document) -> None:
        doc.add(Heading(self.w.label("h", "questions"), 1))
        if not self.t.questions(self.reqs):
            doc.add(Para.of(self.rw("no_questions")))
            return
        doc.add(Para.of(self.rw("questions_intro"), keep_next=True), self.t.questions_table(self.reqs, "questions"))

    def source_text(self, nat: NationalValue) -> str:
        """Where the value comes from: a questionnaire's answer, as a ministry cites it; else where the official
        text was read (the address; the note is the team's, in one language only)."""
        if nat.answer is not None:
            return answer_source(self.c, nat.answer)
        return nat.source.url

    def shared_source(self, r: PartResult) -> str:
        """The source all the Part's national values share (said once above the table, not in every row)."""
        sources = {self.source_text(t.national) for t in r.tests if t.national is not None}
        return sources.pop() if len(sources) == 1 else ""

    def tests_table(self, r: PartResult) -> Table:
        cols = [Column(self.w.label("cols", k), wd) for k, wd in
                zip(("test", "requirement", "national", "result", "reason", "source"), TEST_WIDTHS, strict=True)]
        cols[3].align = "center"
        rows = [self.test_row(t) for t in r.tests]
        return Table(cols, rows, font_pt=9, key=f"tests-{r.part}")

    def test_row(self, t: TestResult) -> Row:
        nat = t.national
        national: list[Para] = [Para([TextRun(cap(self.ex.national(t)))], "table")]
        source: list[Para] = []
        if nat is not None:
            if nat.note:
                national.append(Para([TextRun(cap(pick(nat.note, self.lang)), italic=True)], "table"))
            formula = nat.get("formula")
            if formula:
                text = pick(formula, self.lang) if isinstance(formula, dict) else str(formula)
                national.append(Para.of(self.w("formula", text), "table"))
            national[0].runs += self.uncertain_marks(nat.uncertain, pick(nat.uncertain_note, self.lang),
                                                     f"{self.ex.part_short(t.part)}, {self.ex.test_label(t.test)}")
            if nat.provisions:
                source.append(Para(self.provisions_runs(nat.provisions), "table"))
            if nat.as_of:
                source.append(Para([TextRun(self.c.w.label("words", "edition") + " " + self.c.date(nat.as_of))],
                                   "table"))
            src = self.source_text(nat)
            if src and src != self.common_source:
                source.append(Para([TextRun(src, italic=True)], "table"))
        requirement = [Para([TextRun(cap(self.ex.requirement(t)))], "table"),
                       Para([TextRun("; ".join(self.c.cite(c) for c in t.requirement.clauses[:1]), italic=True)],
                            "table")]
        return Row([
            Cell([Para([TextRun(self.ex.test_label(t.test), bold=True)], "table")]),
            Cell(requirement),
            Cell(national),
            Cell([Para([TextRun(self.ex.w.label("statuses", t.status))], "table", "center")],
                 RESULT_FILL[t.status]),
            Cell([Para([TextRun(self.ex.reason(t))], "table")]),
            Cell(source or [Para.of(self.c.w.label("words", "none"), "table")]),
        ], key=f"{t.part}/{t.test}")

    def method(self, doc: Document) -> None:
        doc.add(Heading(self.w.label("h", "method"), 1))
        for p in self.w.paragraphs("method"):
            doc.add(Para.of(p))
        doc.add(Para.of(self.ex.say("weeks_note")))
        doc.add(Para.of(self.w("sources_intro"), keep_next=True))
        seen: list[str] = []
        for r in self.run.parts:
            for t in r.tests:
                if t.national is None:
                    continue
                src = self.source_text(t.national)
                for pid in t.national.provisions:
                    line = self.c.cite(pid) + (f" — {src}" if src else "")
                    if line not in seen:
                        seen.append(line)
        for line in seen:
            doc.add(Para([TextRun(cap(line))], "list"))
        doc.add(Para.of(self.c.w("generated", self.ws.name, self.c.date(self.c.today.isoformat())), "small"))


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def build_readiness(ws: Workspace, lang: str, today: date | None = None) -> Document:
    """The C102 analysis (:func:`gapkit.report.ratification.build_ratification` calls it for C102)."""
    return ReadinessBuilder(ws, lang, today).build()


def build_ratification(ws: Workspace, codes: list[str], lang: str, today: date | None = None) -> Document:
    """The analysis of the readiness to ratify one Convention: C102 Part by Part, any other article by article."""
    if len(codes) != 1:
        raise NotForRatification("the ratification analysis is made for one Convention at a time")
    code = codes[0]
    if code not in ws.instruments or not ws.instruments[code].is_convention:
        raise NotForRatification(f"no Convention {code} in the workspace")
    if code == "C102":
        return build_readiness(ws, lang, today)
    return ArticleReadinessBuilder(ws, code, lang, today).build()
