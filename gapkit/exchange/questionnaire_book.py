"""The questionnaire as an Excel workbook the authority fills in, and the answers read back from it.

One sheet of instructions and one of questions: a row per question (grey: what is asked, the rule, what is
known; yellow: the answer), drop-down lists for the unit and the basis each question accepts, a number check on
the value cells, and two hidden columns: the question's code and the revision of the answer it was asked
against. The hidden ``_gapkit`` sheet says what the workbook is.

Reading it back (:func:`read_answers`) checks every answered row (a number where a number is asked, a unit and a
basis from the question's lists, a period that is one and does not lie after the answer was received) and
returns the answers with the revision each was asked against, or every row's problem: the caller stores all of
them or none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from gapkit.errors import GapkitError
from gapkit.exchange.words import LISTS_SHEET, META_SHEET
from gapkit.exchange.workbook import (
    GREY,
    HEADER_FILL,
    WRAP,
    YELLOW,
    cell_text,
    meta_sheet,
    print_landscape,
    protect,
    row_height,
    save_atomic,
)
from gapkit.indicators.answers import BASES, DEFAULT_BASIS, UNITS, Answer, check
from gapkit.questionnaire.questions import Question
from gapkit.report.common import Context, cap, pick
from gapkit.report.indicators_text import Explainer
from gapkit.report.questionnaire import group_title, test_question
from gapkit.report.wording import Wording
from gapkit.workspace import Workspace

FORMAT = "gapkit-questionnaire"
FORMAT_VERSION = 1
#: the columns of the questions sheet, in order; the answer's columns are the ones the authority fills
COLUMNS = ("id", "revision", "no", "convention", "group", "provision", "question", "requirement", "holds",
           "value", "unit", "basis", "period", "text", "document", "document_date", "comment")
FILL = ("value", "unit", "basis", "period", "text", "document", "document_date", "comment")
WIDTHS = {"id": 10, "revision": 6, "no": 5, "convention": 12, "group": 14, "provision": 22, "question": 60,
          "requirement": 45, "holds": 45, "value": 12, "unit": 12, "basis": 24, "period": 10, "text": 40,
          "document": 30, "document_date": 14, "comment": 30}


class BookError(GapkitError):
    """A workbook that is not a gapkit questionnaire, or cannot be read; nothing was written."""


def _height(values: dict[str, Any]) -> float:
    return row_height(values, WIDTHS)


class _Words:
    """The questionnaire's words in one language, for the cells."""

    def __init__(self, ws: Workspace, lang: str):
        self.ws, self.lang = ws, lang
        self.w = Wording(lang, "questionnaire")
        self.c = Context(ws, lang, self.w, date.today())
        self.ex = Explainer(lang, ws.names)

    def header(self, key: str) -> str:
        return self.w.label("cols", key)

    def unit(self, code: str) -> str:
        return self.w.label("units", code)

    def basis(self, code: str) -> str:
        return self.w.label("bases", code)

    def row(self, q: Question, n: int) -> dict[str, Any]:
        values: dict[str, Any] = {"id": q.id, "revision": q.revision, "no": n,
                                  "convention": self.c.convention(q.convention)}
        if q.kind == "c102_test":
            said = test_question(self.w, self.ex, q)
            values.update(group=self.ex.part_short(q.group), provision=said.label,
                          question=f"{said.ask}\n{said.wanted}", requirement=said.rule,
                          holds="\n".join(x for x in (said.holds, said.why) if x))
        elif q.kind == "article2":
            values["group"] = self.c.cite(q.clauses[0])
            values["question"] = self.w("article2_question")
            values["requirement"] = self.w("article2_rule")
        else:
            values["group"] = group_title(self.c, q.group)
            values["provision"] = cap(self.c.cite_in_act(q.clauses[0]))
            values["question"] = pick(q.asked, self.lang)
            clause = self.ws.clause(q.clauses[0])
            values["requirement"] = pick(clause.text, self.lang) if clause is not None else ""
            holds = [self.w("current_verdict", self.w.label("verdicts", q.verdict))]
            if q.provisions:
                holds.insert(0, cap("; ".join(self.c.cite(p) for p in q.provisions)))
            values["holds"] = "\n".join(holds)
        return {k: cell_text(v) if isinstance(v, str) else v for k, v in values.items()}


def write_book(ws: Workspace, codes: list[str], qs: list[Question], lang: str, path: Path) -> Path:
    """Write the questionnaire workbook (atomically: a reader sees the old file or the new one)."""
    words = _Words(ws, lang)
    wb = Workbook()
    intro = wb.active
    assert intro is not None
    intro.title = words.w("sheet_instructions")
    intro.column_dimensions["A"].width = 100
    numbers = [str(ws.instruments[c].number or c) for c in codes]
    lines = [words.w("title", numbers), words.w("intro", len(qs), numbers), *words.w.paragraphs("book_instructions")]
    for r, text in enumerate(lines, start=1):
        cell = intro.cell(row=r, column=1, value=text)
        cell.alignment = WRAP
        cell.font = Font(bold=r == 1, size=12 if r == 1 else 11)
        intro.row_dimensions[r].height = _height({"question": text}) * 0.7
    sheet = wb.create_sheet(words.w("sheet_questions"))
    col = {key: get_column_letter(i) for i, key in enumerate(COLUMNS, start=1)}
    for i, key in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=i, value=words.header(key))
        cell.font, cell.alignment, cell.fill = Font(bold=True), WRAP, HEADER_FILL
        sheet.column_dimensions[col[key]].width = WIDTHS[key]
    ranges = _lists(wb, words)
    checks: dict[str, DataValidation] = {}

    def validation(kind: str, test: str) -> DataValidation:
        name = f"{kind}:{test}"
        if name not in checks:
            dv = DataValidation(type="list", formula1=ranges[name], allow_blank=True, showErrorMessage=True)
            dv.error = words.w("book_list_error")
            sheet.add_data_validation(dv)
            checks[name] = dv
        return checks[name]

    number = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                            showErrorMessage=True)
    sheet.add_data_validation(number)
    for r, q in enumerate(qs, start=2):
        values = words.row(q, r - 1)
        if q.answer is not None:  # an answer already received is shown, to be corrected or left as it is
            a = q.answer
            values.update(value=a.value, unit=words.unit(a.unit) if a.unit else None,
                          basis=words.basis(a.basis) if a.basis else None, period=a.period or None,
                          text=a.text or None, document=a.document or None,
                          document_date=a.document_date or None, comment=a.comment or None)
        for i, key in enumerate(COLUMNS, start=1):
            cell = sheet.cell(row=r, column=i, value=values.get(key))
            cell.alignment = WRAP
            fillable = key in FILL and (q.numeric or key not in ("value", "unit", "basis"))
            cell.fill = YELLOW if fillable else GREY
            if fillable:
                cell.protection = Protection(locked=False)
        if q.numeric:
            number.add(f"{col['value']}{r}")
            validation("unit", q.test).add(f"{col['unit']}{r}")
            if q.bases:
                validation("basis", q.test).add(f"{col['basis']}{r}")
        sheet.row_dimensions[r].height = _height(values)
    sheet.column_dimensions[col["id"]].hidden = True
    sheet.column_dimensions[col["revision"]].hidden = True
    sheet.freeze_panes = f"{col['no']}2"
    protect(sheet)
    print_landscape(sheet)
    meta_sheet(wb, [("format", FORMAT), ("version", FORMAT_VERSION), ("workspace", ws.name), ("lang", lang),
                    ("conventions", " ".join(codes)), ("questions", len(qs)),
                    ("made", datetime.now(UTC).replace(microsecond=0).isoformat())])
    save_atomic(wb, path)
    return path


def _lists(wb: Workbook, words: _Words) -> dict[str, str]:
    """The hidden sheet of drop-down values: the units and the bases of each C102 test."""
    sheet = wb.create_sheet(LISTS_SHEET)
    sheet.sheet_state = "hidden"
    ranges: dict[str, str] = {}
    c = 0
    for kind, table, label in (("unit", UNITS, words.unit), ("basis", BASES, words.basis)):
        for test, codes in table.items():
            if not codes:
                continue
            c += 1
            for r, code in enumerate(codes, start=1):
                sheet.cell(row=r, column=c, value=label(code))
            letter = get_column_letter(c)
            ranges[f"{kind}:{test}"] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$1:${letter}${len(codes)}"
    return ranges


# ---- reading the answers back -------------------------------------------------------------------------------


@dataclass
class ReadResult:
    batch: list[tuple[Answer, int]] = field(default_factory=list)  # each answer with the revision asked against
    problems: list[str] = field(default_factory=list)  # "row 7: ..." for every row that cannot be stored
    skipped: int = 0  # rows without an answer


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().casefold()


def _code(value: Any, codes: tuple[str, ...], label_sets: list[dict[str, str]]) -> str | None:
    """The code of a unit or basis written as its code or its label in either language ('' for none)."""
    if value is None or str(value).strip() == "":
        return ""
    n = _norm(str(value))
    for code in codes:
        if n == _norm(code) or any(n == _norm(labels.get(code, "")) for labels in label_sets):
            return code
    return None


def _number(value: Any) -> float | None | str:
    """A number from a cell: a number, or text that is one ('62,5'); the text itself when it is not."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return str(value).strip()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_answers(path: Path, qs: list[Question], respondent: str, received: str) -> ReadResult:
    """The answers in a filled questionnaire, each checked against the question of its row."""
    try:
        wb = load_workbook(str(path), data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as e:
        raise BookError(f"{path}: not an Excel workbook gapkit can read ({e}); nothing was written") from e
    if META_SHEET not in wb.sheetnames or wb[META_SHEET]["B1"].value != FORMAT:
        raise BookError(f"{path}: not a gapkit questionnaire (it has no {META_SHEET} sheet saying so); "
                        "nothing was written")
    lang = str(wb[META_SHEET]["B4"].value or "ru")
    labels = [Wording(x, "questionnaire") for x in ("ru", "en")]
    unit_labels = [w.table("units") for w in labels]
    basis_labels = [w.table("bases") for w in labels]
    headers = {_norm(w.label("cols", k)): k for w in labels for k in COLUMNS}
    sheet = next((wb[n] for n in wb.sheetnames if n not in (META_SHEET, LISTS_SHEET)
                  and _norm(str(wb[n].cell(row=1, column=1).value or "")) in headers), None)
    if sheet is None:
        raise BookError(f"{path}: no sheet of questions found; nothing was written")
    where: dict[str, int] = {}
    for i, cell in enumerate(sheet[1], start=1):
        key = headers.get(_norm(str(cell.value or "")))
        if key is not None:
            where.setdefault(key, i)
    missing = [k for k in ("id", "revision", "value", "unit", "basis", "period", "text") if k not in where]
    if missing:
        raise BookError(f"{path}: the sheet {sheet.title!r} lacks the column(s) "
                        f"{', '.join(Wording(lang, 'questionnaire').label('cols', k) for k in missing)}; "
                        "nothing was written")
    known = {q.id: q for q in qs}
    out = ReadResult()
    seen: dict[str, int] = {}
    for r in range(2, sheet.max_row + 1):
        def get(key: str, row: int = r) -> Any:
            return sheet.cell(row=row, column=where[key]).value if key in where else None

        qid = _text(get("id"))
        answered = [k for k in ("value", "text", "unit", "basis", "period", "document", "document_date", "comment")
                    if _text(get(k))]
        if not qid and not answered:
            continue
        if not answered or answered == ["unit"] or set(answered) <= {"unit", "basis"}:
            out.skipped += 1
            continue
        q = known.get(qid)
        if q is None:
            out.problems.append(f"row {r}: the question code {qid!r} is not a question of this workspace now "
                                "(the row was changed, or the analysis has moved on): make the questionnaire again")
            continue
        if qid in seen:
            out.problems.append(f"row {r}: the question of row {seen[qid]} is answered twice")
            continue
        seen[qid] = r
        raw_rev = get("revision")
        try:
            revision = int(raw_rev or 0)
        except (TypeError, ValueError):
            out.problems.append(f"row {r}: the hidden revision column was changed ({raw_rev!r})")
            continue
        why: list[str] = []
        value: float | None = None
        unit = basis = ""
        if q.numeric:
            got = _number(get("value"))
            if isinstance(got, str):
                why.append(f"{got!r} in the number column is not a number")
            else:
                value = got
            u = _code(get("unit"), UNITS.get(q.test, ()), unit_labels)
            if u is None:
                why.append(f"the unit {get('unit')!r} is not one this question takes")
            else:
                unit = u or (UNITS[q.test][0] if len(UNITS.get(q.test, ())) == 1 else "")
            b = _code(get("basis"), BASES.get(q.test, ()), basis_labels)
            if b is None:
                why.append(f"the basis {get('basis')!r} is not one this question takes")
            else:
                basis = b or DEFAULT_BASIS.get(q.test, "")
        answer = Answer(qid, q.kind, respondent, received, value=value, unit=unit, basis=basis,
                        period=_text(get("period")), text=_text(get("text")), document=_text(get("document")),
                        document_date=_text(get("document_date")), comment=_text(get("comment")))
        if answer.document_date:
            try:
                date.fromisoformat(answer.document_date)
            except ValueError:
                why.append(f"the document date {answer.document_date!r} is not a date (write it as 2026-03-15)")
        if not why:
            why = check(answer, q.test)
        if why:
            out.problems.append(f"row {r}: " + "; ".join(why))
            continue
        out.batch.append((answer, revision))
    return out
