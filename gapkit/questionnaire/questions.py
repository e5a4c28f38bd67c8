"""Questionnaires: ask a competent authority for exactly what the analysis lacks, and read the answers back.

The questions come from the data, never from a list kept by hand:

- **C102 Part tests** (:mod:`gapkit.indicators.c102`): every test whose national value is unknown (no figure, or
  a figure that does not decide the test) asks for that value, in the unit the test needs and for a period;
- **Article 2 of C102**: which Parts the Government envisages accepting (the rule asks at least three, one of
  them among IV, V, VI, IX and X);
- **decisions**: every decision that records a question for the competent authorities (an
  ``insufficient_information`` finding says what is missing) asks it.

Each question keeps the revision of the answer it was asked against (0: none yet), so that an answer imported
after someone else has answered the same question is refused, not laid over theirs
(:class:`gapkit.indicators.answers.AnswerStore`). The words of a question are the outputs' business
(:mod:`gapkit.report.questionnaire` for Word, :mod:`gapkit.exchange.questionnaire_book` for Excel).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gapkit.citations import instrument_of
from gapkit.indicators.answer_model import Answer, c102_question, load_answers
from gapkit.indicators.answers import BASES, UNITS
from gapkit.indicators.article2 import RULE_CLAUSE, part_number
from gapkit.indicators.c102 import UNKNOWN, TestResult
from gapkit.indicators.run import Settings, compute
from gapkit.review import load_mappings
from gapkit.workspace import Workspace

#: the question on the Parts the Government would accept (C102 Article 2)
ARTICLE2_QUESTION = "C102:2/parts"


@dataclass
class Question:
    """One thing to ask, with what an answer to it must look like."""

    id: str
    convention: str
    kind: str  # c102_test | article2 | decision
    group: str  # the C102 Part of a test (part-III), "article2", or the Part or article of a decision (C102:part-III)
    clauses: list[str]  # the Convention provisions the answer serves
    provisions: list[str] = field(default_factory=list)  # the national provisions it concerns, where known
    test: str = ""  # a C102 test
    result: TestResult | None = None  # a C102 test as computed now (what is known, and why it is not enough)
    asked: dict[str, str] = field(default_factory=dict)  # a decision's question, {ru, en}
    verdict: str = ""  # a decision's verdict
    answer: Answer | None = None  # the answer already received, if any

    @property
    def revision(self) -> int:
        """The revision of the answer the question is asked against (0: none yet)."""
        return self.answer.revision if self.answer else 0

    @property
    def units(self) -> tuple[str, ...]:
        return UNITS.get(self.test, ()) if self.kind == "c102_test" else ()

    @property
    def bases(self) -> tuple[str, ...]:
        return BASES.get(self.test, ()) if self.kind == "c102_test" else ()

    @property
    def numeric(self) -> bool:
        return self.kind == "c102_test"


def _group(ws: Workspace, clause_id: str) -> str:
    """The Part a requirement belongs to (C102:part-III), else its article (C087:3): decisions are grouped so."""
    seen = set()
    cur = ws.clause(clause_id)
    while cur is not None and cur.id not in seen:
        seen.add(cur.id)
        if ":part-" in cur.id:
            return cur.id
        cur = ws.clause(cur.parent) if cur.parent else None
    return clause_id.split("(", 1)[0]


def questions(ws: Workspace, conventions: list[str], unanswered_only: bool = False) -> list[Question]:
    """Every question for these Conventions, grouped in the Convention's order: C102 Parts first (their tests),
    then the Article 2 question, then the decisions' questions by article."""
    answers = load_answers(ws).answers
    mappings = load_mappings(ws)
    out: list[Question] = []
    for code in conventions:
        if code == "C102" and "C102" in ws.instruments:
            run = compute(ws, Settings(only=("C102",)))
            for part in sorted(run.parts, key=lambda p: part_number(p.part)):
                nat = part.national
                for t in part.tests:
                    qid = c102_question(part.part, t.test)
                    if t.status != UNKNOWN and qid not in answers:
                        continue
                    provisions = list(t.national.provisions if t.national else [])
                    if not provisions and nat is not None:
                        provisions = list(nat.provisions)
                    out.append(Question(qid, code, "c102_test", part.part, list(t.requirement.clauses), provisions,
                                        t.test, t, answer=answers.get(qid)))
            out.append(Question(ARTICLE2_QUESTION, code, "article2", "article2", [RULE_CLAUSE],
                                answer=answers.get(ARTICLE2_QUESTION)))
        inst = ws.instruments.get(code)
        if inst is None:
            continue
        order = {cid: i for i, cid in enumerate(inst.clauses)}
        decided = [m for rid, m in mappings.items() if instrument_of(rid) == code and m.decided
                   and any(v.strip() for v in m.question.values())]
        for m in sorted(decided, key=lambda m: order.get(m.requirement, len(order))):
            qid = f"{m.requirement}/question"
            out.append(Question(qid, code, "decision", _group(ws, m.requirement), [m.requirement],
                                list(m.provisions), asked=dict(m.question), verdict=m.verdict,
                                answer=answers.get(qid)))
    if unanswered_only:
        out = [q for q in out if q.answer is None]
    return out

