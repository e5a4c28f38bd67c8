"""Questionnaires: the C102 questionnaire asks for exactly what the ratification analysis lacks, in Word and Excel;
the answers read back from the workbook decide the Part tests they answer, with the answer as their source; a bad
workbook is refused row by row and changes nothing."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from gapkit.cli import main
from gapkit.indicators.run import Settings, compute
from gapkit.report.lint import check_docx
from gapkit.workspace import load

from .conftest import copy_shipped

TODAY = date.today().isoformat()


def run(*args: str | Path) -> Any:
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def ws_dir(tmp_path: Path) -> Path:
    return copy_shipped(tmp_path / "ws")


def unknown_tests(root: Path) -> set[str]:
    """The C102 Part tests the ratification analysis reports as lacking a national figure (its JSON)."""
    result = run("indicators", "--only", "C102", "--format", "json", "--workspace", root)
    assert result.exit_code == 0, result.output
    parts = json.loads(result.stdout)["C102"]["parts"]
    return {f"C102:{p['part']}/{t['test']}" for p in parts for t in p["tests"] if t["status"] == "unknown"}


def export(root: Path, lang: str = "ru", fmt: str = "xlsx") -> Path:
    out = root / "reports" / "out" / f"q.{fmt}"
    result = run("questionnaire", "C102", "--lang", lang, "--format", fmt, "-o", out, "--workspace", root)
    assert result.exit_code == 0, result.output
    return out


def fill(book: Path, answers: dict[str, dict[str, Any]], out: Path | None = None) -> Path:
    """Type answers into the workbook as the Ministry would: by the row of each question, under the headers."""
    wb = load_workbook(str(book))
    sheet = wb[wb.sheetnames[1]]
    col = {c.value: i for i, c in enumerate(sheet[1], start=1)}
    rows = {sheet.cell(row=r, column=1).value: r for r in range(2, sheet.max_row + 1)}
    for qid, cells in answers.items():
        for header, value in cells.items():
            sheet.cell(row=rows[qid], column=col[header], value=value)
    path = out or book.with_name("filled.xlsx")
    wb.save(str(path))
    return path


def fingerprint(root: Path) -> str:
    """Everything the import may write: the figures, the answers and their audit, the decisions."""
    h = hashlib.sha256()
    for path in sorted([*(root / "national_law").rglob("*"), *(root / "mappings").rglob("*.yaml")]):
        if path.is_file() and not path.name.startswith("."):
            h.update(path.name.encode() + path.read_bytes())
    return h.hexdigest()


# ---- what is asked ---------------------------------------------------------------------------------------------


def test_the_c102_questionnaire_asks_every_test_the_ratification_analysis_cannot_decide(ws_dir: Path) -> None:
    unknown = unknown_tests(ws_dir)
    assert len(unknown) >= 10  # the shipped figures leave many tests open (Part II has none at all)
    book = load_workbook(str(export(ws_dir)))
    sheet = book[book.sheetnames[1]]
    asked = [sheet.cell(row=r, column=1).value for r in range(2, sheet.max_row + 1)]
    tests = {q for q in asked if "/" in q and ":part-" in q}
    assert tests == unknown  # every unknown test, and nothing the analysis already decides
    assert "C102:2/parts" in asked  # the Parts the Government would accept (Article 2)
    # each decision of C102 that asks the competent authorities something is asked too
    decisions = [q for q in asked if q.endswith("/question")]
    ws = load(ws_dir)
    from gapkit.review import load_mappings

    expected = {f"{m.requirement}/question" for m in load_mappings(ws).values()
                if m.requirement.startswith("C102:") and m.decided and any(v.strip() for v in m.question.values())}
    assert set(decisions) == expected and len(decisions) == len(asked) - len(tests) - 1


def test_the_word_questionnaire_groups_by_part_and_passes_the_document_check(ws_dir: Path) -> None:
    for lang in ("en", "ru"):  # the Russian one last: it is read below
        path = export(ws_dir, lang, "docx")
        findings = check_docx(path, lang, [load(ws_dir).name])
        assert not findings, "\n".join(map(str, findings[:5]))
    document = docx.Document(str(ws_dir / "reports" / "out" / "q.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Раздел III. Пособия по болезни" in headings and "Раздел II. Медицинская помощь" in headings
    assert "Статья 2 Конвенции № 102: принимаемые разделы" in headings
    text = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "Защищаемые лица" in text and "Единица: %." in text  # what is asked, and in what unit
    assert "C102:" not in text and "persons_protected" not in text  # no internal code reaches the page
    # the answer columns are left empty for the Ministry
    first = document.tables[0]
    assert [c.text for c in first.rows[1].cells[-2:]] == ["", ""]


# ---- the answers read back -------------------------------------------------------------------------------------


def test_round_trip_an_answer_decides_its_test_and_names_itself_as_the_source(ws_dir: Path) -> None:
    book = export(ws_dir)
    sheet = load_workbook(str(book)).worksheets[1]
    decision = next(v for r in range(2, sheet.max_row + 1) if str(v := sheet.cell(row=r, column=1).value)
                    .endswith("/question"))
    filled = fill(book, {
        decision: {"Ответ: текст": "Сведения будут представлены в первом квартале."},
        # a share of all employees that meets Article 15(a) (50%): the test passes
        "C102:part-III/persons_protected": {"Ответ: число": 62.5, "Единица": "%",
                                            "Основа": "от всех наемных работников", "Период (год)": 2025,
                                            "Документ-источник": "Письмо № 12-3/456", "Дата документа": "2026-11-20"},
        # a benefit below the Schedule's 45%: the test fails
        "C102:part-IV/benefit_rate": {"Ответ: число": "30,5", "Единица": "%",
                                      "Основа": "от прежнего заработка (ст. 65)", "Период (год)": "2025"},
        # a decision's question answered in words
        "C102:2/parts": {"Ответ: текст": "Разделы III, V, VI"},
    })
    assert unknown_tests(ws_dir) >= {"C102:part-III/persons_protected", "C102:part-IV/benefit_rate"}
    result = run("import", "answers", filled, "--from", "МТСЗН", "--date", TODAY, "--workspace", ws_dir)
    assert result.exit_code == 0, result.output
    assert "part-III persons_protected: unknown -> pass" in result.stdout
    assert "part-IV benefit_rate: unknown -> fail" in result.stdout

    parts = {p.part: p for p in compute(load(ws_dir), Settings(only=("C102",))).parts}
    persons = next(t for t in parts["part-III"].tests if t.test == "persons_protected")
    assert persons.status == "pass" and persons.national is not None and persons.national.answer is not None
    assert persons.national.answer.respondent == "МТСЗН" and persons.national.get("share_percent") == 62.5
    rate = next(t for t in parts["part-IV"].tests if t.test == "benefit_rate")
    assert rate.status == "fail" and rate.national is not None and rate.national.get("percent") == 30.5

    answers = (ws_dir / "national_law" / "kz" / "answers.yaml").read_text(encoding="utf-8")
    assert "C102:2/parts" in answers and "Разделы III, V, VI" in answers
    audit = (ws_dir / "national_law" / "kz" / "answers-audit.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(audit) == 4 and all(json.loads(line)["by"] == "МТСЗН" for line in audit)

    # the ratification analysis now shows what the answers changed, with the answer as the source
    out = ws_dir / "reports" / "out" / "r.docx"
    assert run("report", "ratification", "C102", "--lang", "ru", "-o", out, "--workspace", ws_dir).exit_code == 0
    document = docx.Document(str(out))
    text = "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for r in t.rows for c in r.cells])
    assert "Учтены ответы на опросник по 2 проверкам" in text
    assert "Ответ МТСЗН на опросник, получен" in text and "Письмо № 12-3/456" in text
    assert "Сведения будут представлены в первом квартале." in text  # beside the decision's question

    # the same workbook imported again changes nothing; the next questionnaire no longer asks what was answered
    again = run("import", "answers", filled, "--from", "MLSPP", "--date", TODAY, "--workspace", ws_dir)
    assert again.exit_code == 0 and "stored 0 answer(s)" in again.stdout
    assert len((ws_dir / "national_law" / "kz" / "answers-audit.jsonl").read_text().splitlines()) == 4
    result = run("questionnaire", "C102", "--unanswered", "--format", "xlsx", "-o", ws_dir / "u.xlsx",
                 "--workspace", ws_dir)
    assert result.exit_code == 0
    sheet = load_workbook(str(ws_dir / "u.xlsx")).worksheets[1]
    assert "C102:part-III/persons_protected" not in {sheet.cell(row=r, column=1).value
                                                      for r in range(2, sheet.max_row + 1)}


@pytest.mark.parametrize(("cells", "why"), [
    ({"Ответ: число": "около 60", "Единица": "%", "Основа": "от всех наемных работников", "Период (год)": 2025},
     "'около 60' in the number column is not a number"),
    # the other refusals take as long each: the fast loop checks one of them
    pytest.param({"Ответ: число": 60, "Единица": "недель", "Основа": "от всех наемных работников",
                  "Период (год)": 2025}, "the unit 'недель' is not one this question takes", marks=pytest.mark.slow),
    pytest.param({"Ответ: число": 60, "Единица": "%", "Основа": "от всех наемных работников",
                  "Период (год)": "прошлый"}, "is not YYYY", marks=pytest.mark.slow),
    pytest.param({"Ответ: число": 60, "Единица": "%", "Основа": "от всех наемных работников",
                  "Период (год)": 2099}, "starts after the answer was received", marks=pytest.mark.slow),
    pytest.param({"Ответ: число": 160, "Единица": "%", "Основа": "от всех наемных работников",
                  "Период (год)": 2025}, "more than the whole", marks=pytest.mark.slow),
])
def test_a_bad_row_refuses_the_workbook_with_its_row_and_changes_nothing(ws_dir: Path, cells: dict[str, Any],
                                                                         why: str) -> None:
    book = export(ws_dir)
    good = {"Ответ: число": 3, "Единица": "дней", "Период (год)": 2025}
    filled = fill(book, {"C102:part-III/persons_protected": cells, "C102:part-VI/duration": good})
    row = next(r for r in range(2, 200) if load_workbook(str(filled)).worksheets[1].cell(row=r, column=1).value
               == "C102:part-III/persons_protected")
    before = fingerprint(ws_dir)
    result = run("import", "answers", filled, "--from", "МТСЗН", "--date", TODAY, "--workspace", ws_dir)
    assert result.exit_code == 1
    assert f"row {row}: " in result.stderr and why in result.stderr and "nothing was written" in result.stderr
    assert fingerprint(ws_dir) == before  # not even the good row landed
    assert not (ws_dir / "national_law" / "kz" / "answers.yaml").exists()


def test_a_workbook_that_is_not_a_questionnaire_or_a_stale_one_is_refused(ws_dir: Path, tmp_path: Path) -> None:
    from openpyxl import Workbook

    other = tmp_path / "other.xlsx"
    Workbook().save(str(other))
    result = run("import", "answers", other, "--from", "МТСЗН", "--date", TODAY, "--workspace", ws_dir)
    assert result.exit_code == 2 and "not a gapkit questionnaire" in result.stderr
    result = run("import", "answers", other, "--from", "Минздрав", "--date", TODAY, "--workspace", ws_dir)
    assert result.exit_code == 2 and "not a party of the roadmap" in result.stderr

    # two copies of one questionnaire answered differently: the second is refused, the first answer stands
    book = export(ws_dir)
    first = fill(book, {"C102:part-VI/duration": {"Ответ: число": 26, "Единица": "недель"}}, tmp_path / "a.xlsx")
    second = fill(book, {"C102:part-VI/duration": {"Ответ: число": 13, "Единица": "недель"}}, tmp_path / "b.xlsx")
    assert run("import", "answers", first, "--from", "МТСЗН", "--date", TODAY, "--workspace", ws_dir).exit_code == 0
    before = fingerprint(ws_dir)
    result = run("import", "answers", second, "--from", "МТСЗН", "--date", TODAY, "--workspace", ws_dir)
    assert result.exit_code == 2 and "answered by someone else" in result.stderr
    assert fingerprint(ws_dir) == before


@pytest.mark.slow
def test_the_questionnaire_opens_in_libreoffice(ws_dir: Path) -> None:
    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice and poppler-utils are not installed: .ci/run installs them")
    path = export(ws_dir, "ru", "docx")
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{profile}", "--norestore",
                        "--convert-to", "pdf", "--outdir", str(path.parent), str(path)],
                       check=True, capture_output=True, timeout=300)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    text = subprocess.run(["pdftotext", "-layout", str(path.with_suffix(".pdf")), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Опросник: сведения для анализа соответствия" in text and "Как заполнить опросник" in text
    assert "Раздел III. Пособия по болезни" in text and "Ответ (значение, единица," in text
