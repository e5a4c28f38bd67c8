"""The questionnaire as a Word document the competent authority fills in («Опросник: сведения для анализа …»).

Portrait first page (title, what the questionnaire is, how to fill it in), then landscape tables: one per C102
Part (question | requirement and rule | national provisions and what is known | answer | source and date), the
Article 2 question, and the decisions' questions by article. The answer columns are left empty for the
authority; an answer already received is shown in its row. The words of each question are in
``templates/<lang>/questionnaire.j2``; what a C102 test asks and why is said by the indicators' explainer, as the
ratification analysis says it, so the two documents never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gapkit.questionnaire.questions import Question
from gapkit.report.common import Context, answer_source, cap, pick
from gapkit.report.doc import Cell, Column, Document, Heading, Inline, Para, Row, Section, Table
from gapkit.report.doc import Run as TextRun
from gapkit.report.indicators_text import Explainer
from gapkit.report.wording import Wording
from gapkit.workspace import Workspace

KIND = "questionnaire"
#: the columns of the C102 tests' and Article 2's tables, and their landscape widths (257 mm)
TEST_COLUMNS = ("no", "question", "requirement", "national", "answer", "source")
WIDTHS = (10, 62, 52, 50, 45, 38)
DECISION_WIDTHS = (10, 34, 95, 68, 50)
ANSWERED_FILL = "E2EFDA"


@dataclass
class TestQuestion:
    """What a question on a C102 Part test says, in one language: the same words in Word and in Excel."""

    label: str  # the test («Защищаемые лица»)
    ask: str  # the question
    wanted: str  # the units and bases an answer is given in
    rule: str  # the Convention's rule the test applies ("" when the test was not computed)
    holds: str  # what the workspace knows now
    why: str  # why that does not decide the test ("" when nothing is known at all)


def test_question(w: Wording, ex: Explainer, q: Question) -> TestQuestion:
    wanted = [w("units_wanted", [w.label("units", u) for u in q.units])]
    if q.bases:
        wanted.append(w("bases_wanted", [w.label("bases", b) for b in q.bases]))
    t = q.result
    known = t is not None and t.national is not None
    return TestQuestion(
        ex.test_label(q.test), w(f"ask_{q.test}", q.group.removeprefix("part-")), " ".join(wanted),
        cap(ex.requirement(t)) if t is not None else "",
        w("holds", ex.national(t)) if t is not None and known else w("holds_none"),
        w("why", ex.reason(t)) if t is not None and known and t.status == "unknown" else "")


def group_title(c: Context, group: str) -> str:
    """A Part by its heading («Раздел III. Пособия по болезни»), an article by its citation and heading."""
    clause = c.ws.clause(group)
    heading = pick(clause.heading, c.lang) if clause is not None else ""
    if ":part-" in group:
        return heading or group
    return cap(c.cite(group)) + (f". {heading}" if heading else "")


class QuestionnaireBuilder:
    def __init__(self, ws: Workspace, lang: str, codes: list[str], qs: list[Question], today: date | None = None):
        self.c = Context(ws, lang, Wording(lang, "questionnaire"), today or date.today())
        self.ws, self.lang, self.w, self.codes, self.qs = ws, lang, self.c.w, codes, qs
        self.ex = Explainer(lang, ws.names)
        self.numbers = [str(ws.instruments[c].number or c) for c in codes]

    def label(self, table: str, key: str) -> str:
        return self.w.label(table, key)

    def build(self) -> Document:
        doc = Document(self.w("title", self.numbers), self.lang, header=self.w("running_header", self.numbers),
                       cover=True)
        doc.add(Para([], "body"), Para.of(self.w("title", self.numbers), "title"),
                Para.of(self.w("subtitle"), "subtitle"), Para.of(self.w("cover_date", self.c.date(
                    self.c.today.isoformat())), "subtitle"), Para([], "body"))
        doc.add(Para.of(self.w("intro", len(self.qs), self.numbers)))
        doc.add(Heading(self.label("h", "instructions"), 1))
        for p in self.w.paragraphs("instructions"):
            doc.add(Para.of(p))
        if not self.qs:
            doc.add(Para.of(self.w("no_questions")))
            return doc
        doc.add(Section(True))
        n = 1
        tests = [q for q in self.qs if q.kind == "c102_test"]
        if tests:
            doc.add(Heading(self.label("h", "c102_parts"), 1))
            for part in dict.fromkeys(q.group for q in tests):
                rows = [q for q in tests if q.group == part]
                doc.add(Heading(self._part_title(part), 2))
                doc.add(self.tests_table(rows, n, f"part-{part}"))
                n += len(rows)
        for q in (q for q in self.qs if q.kind == "article2"):
            doc.add(Heading(self.label("h", "article2"), 1))
            doc.add(self.article2_table(q, n))
            n += 1
        decisions = [q for q in self.qs if q.kind == "decision"]
        if decisions:
            doc.add(Heading(self.label("h", "decisions"), 1),
                    Para.of(self.w("decisions_intro", len(decisions)), keep_next=True))
            for code in self.codes:
                mine = [q for q in decisions if q.convention == code]
                if not mine:
                    continue
                if len(self.codes) > 1:
                    doc.add(Heading(self.c.convention(code), 2))
                for group in dict.fromkeys(q.group for q in mine):
                    rows = [q for q in mine if q.group == group]
                    doc.add(Heading(group_title(self.c, group), 3 if len(self.codes) > 1 else 2))
                    doc.add(self.decisions_table(rows, n, f"decisions-{group}"))
                    n += len(rows)
        doc.add(Para.of(self.c.w("generated", self.ws.name, self.c.date(self.c.today.isoformat())), "small"))
        doc.fill_toc()
        return doc

    def _part_title(self, part: str) -> str:
        c102 = self.ws.instruments.get("C102")
        clause = c102.clauses.get(f"C102:{part}") if c102 else None
        title = pick(clause.heading, self.lang) if clause else ""
        return title or self.w("part_heading", part.removeprefix("part-"), "")

    # ---- cells ---------------------------------------------------------------------------------------------
    def provisions(self, ids: list[str]) -> list[Para]:
        if not ids:
            return []
        return [Para([TextRun(cap("; ".join(self.c.cite(p) for p in ids)))], "table")]

    def answer_cells(self, q: Question) -> tuple[Cell, Cell]:
        """The answer and its source: empty for the authority to fill, or the answer already received."""
        a = q.answer
        if a is None:
            return Cell([Para([], "table")]), Cell([Para([], "table")])
        parts: list[str] = []
        if a.value is not None:
            unit = self.label("units", a.unit) if a.unit else ""
            parts.append(f"{self.ex.number(a.value)}{'' if unit in ('', '%') else ' '}{unit}")
        if a.basis:
            parts.append(self.label("bases", a.basis))
        if a.period:
            parts.append(self.ex.period(a.period))
        if a.text:
            parts.append(a.text)
        source = [Para.of(answer_source(self.c, a), "table")]
        return Cell([Para.of(cap("; ".join(parts)), "table")], ANSWERED_FILL), Cell(source, ANSWERED_FILL)

    def columns(self, keys: tuple[str, ...], widths: tuple[int, ...]) -> list[Column]:
        cols = [Column(self.label("cols", k), wd) for k, wd in zip(keys, widths, strict=True)]
        cols[0].align = "center"
        return cols

    def tests_table(self, qs: list[Question], start: int, key: str) -> Table:
        cols = self.columns(TEST_COLUMNS, WIDTHS)
        rows = []
        for i, q in enumerate(qs, start):
            said = test_question(self.w, self.ex, q)
            question = [Para([TextRun(said.label, bold=True)], "table"), Para.of(said.ask, "table"),
                        Para([TextRun(said.wanted, italic=True)], "table")]
            requirement: list[Para] = []
            if said.rule and q.result is not None:
                clause = self.c.cite(q.result.requirement.clauses[0])
                requirement = [Para.of(said.rule, "table"), Para([TextRun(clause, italic=True)], "table")]
            national = [*self.provisions(q.provisions), Para.of(said.holds, "table")]
            if said.why:
                national.append(Para([TextRun(said.why, italic=True)], "table"))
            answer, source = self.answer_cells(q)
            empty = [Para([], "table")]
            rows.append(Row([Cell.text(str(i), align="center"), Cell(question), Cell(requirement or empty),
                             Cell(national or empty), answer, source], key=q.id))
        return Table(cols, rows, font_pt=9, key=key)

    def article2_table(self, q: Question, n: int) -> Table:
        cols = self.columns(TEST_COLUMNS, WIDTHS)
        answer, source = self.answer_cells(q)
        row = Row([Cell.text(str(n), align="center"), Cell([Para.of(self.w("article2_question"), "table")]),
                   Cell([Para.of(self.w("article2_rule"), "table")]), Cell([Para([], "table")]), answer, source],
                  key=q.id)
        return Table(cols, [row], font_pt=9, key="article2")

    def decisions_table(self, qs: list[Question], start: int, key: str) -> Table:
        cols = self.columns(("no", "provision", "question", "answer", "source"), DECISION_WIDTHS)
        rows = []
        for i, q in enumerate(qs, start):
            clause = self.ws.clause(q.clauses[0])
            requirement: list[Inline] = [TextRun(cap(self.c.cite_in_act(q.clauses[0])), bold=True)]
            cells = [Para(requirement, "table")]
            if clause is not None and pick(clause.text, self.lang):
                cells.append(Para.of(pick(clause.text, self.lang), "table"))
            asked = pick(q.asked, self.lang)
            question = [Para.of(t, "table") for t in asked.split("\n") if t.strip()]
            question += self.provisions(q.provisions)
            question.append(Para([TextRun(self.w("current_verdict", self.w.label("verdicts", q.verdict)),
                                          italic=True)], "table"))
            answer, source = self.answer_cells(q)
            # the answer column is wide enough to write in; the source column takes the rest
            rows.append(Row([Cell.text(str(i), align="center"), Cell(cells), Cell(question),
                             answer, source], key=q.id))
        return Table(cols, rows, font_pt=9, key=key)


def build_questionnaire(ws: Workspace, lang: str, codes: list[str], qs: list[Question],
                        today: date | None = None) -> Document:
    return QuestionnaireBuilder(ws, lang, codes, qs, today).build()
