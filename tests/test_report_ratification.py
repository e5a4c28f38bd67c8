"""The analysis of the readiness to ratify C176 and C190, article by article: what would block ratification and what
would have to change, from the decisions of the workspace."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from gapkit.cli import main
from gapkit.review import load_mappings
from gapkit.workspace import load

from .conftest import copy_shipped, plain


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def ws_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_shipped(tmp_path_factory.mktemp("ratification") / "ws")
    # one decision confirmed by an expert, the others the analysis team's preliminary ones
    code, _, err = run("confirm-preliminary", "C190:7", "--reviewer", "A. Expert", "--workspace", root)
    assert code == 0, err
    return root


def _text(path: Path) -> tuple[docx.document.Document, str]:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return document, "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture(scope="module")
def c190(ws_dir: Path) -> dict[str, Path]:
    out = {}
    for lang in ("ru", "en"):
        code, stdout, err = run("report", "ratification", "C190", "--lang", lang, "--workspace", ws_dir)
        assert code == 0, err
        out[lang] = Path(stdout.strip())
    return out


def test_the_file_is_named_as_the_roadmap_looks_for_it(c190: dict[str, Path], ws_dir: Path) -> None:
    assert c190["ru"] == ws_dir / "reports" / "out" / "ratification-readiness-C190-ru.docx"
    from gapkit.roadmap.model import Deliverable
    from gapkit.roadmap.status import generated

    assert generated(ws_dir / "reports" / "out", Deliverable("ratification-readiness", ["C190"]))


def test_every_requirement_has_its_row_with_the_decision_and_what_would_have_to_change(
        c190: dict[str, Path], ws_dir: Path) -> None:
    document, text = _text(c190["ru"])
    assert "Анализ готовности Республики Казахстан к ратификации Конвенции № 190" in text
    ws = load(ws_dir)
    mappings = load_mappings(ws)
    decided = {rid: m for rid, m in mappings.items() if rid.startswith("C190:")}
    rows = {r.cells[1].text: r for t in document.tables if t.rows[0].cells[-1].text == "Что необходимо изменить"
            for r in t.rows[1:]}
    substantive = [c.id for c in ws.instruments["C190"].clauses.values() if c.is_substantive]
    assert len(rows) == len(substantive)
    # a requirement the law does not meet: its verdict, reason and recommendation, in Russian
    rid, m = next((rid, m) for rid, m in decided.items() if m.verdict == "non_compliant" and m.preliminary)
    row = rows["Статья " + rid.split(":")[1]]
    assert plain(row.cells[4].text).splitlines() == ["Предварительно:", "Не соответствует"]
    assert m.reason["ru"].split("\n")[0] in row.cells[5].text
    assert m.recommendation["ru"].split("\n")[0] in row.cells[6].text
    # the decision an expert confirmed carries the expert's name, and no preliminary mark
    confirmed = rows["Статья 7"]
    assert "Предварительно" not in confirmed.cells[4].text and "A. Expert" in confirmed.cells[5].text


def test_the_summary_names_the_articles_that_block_ratification_and_the_questions(c190: dict[str, Path],
                                                                                   ws_dir: Path) -> None:
    document, text = _text(c190["ru"])
    mappings = load_mappings(load(ws_dir))
    summary = "\n".join(p.text for p in document.paragraphs)
    assert "Основные препятствия к ратификации" in summary
    assert re.search(r"Статья 7\. Определение и запрещение в законодательстве: не соответствует — 1", summary)
    questions = next(t for t in document.tables if t.rows[0].cells[-1].text == "Вопрос")
    asked = {r.cells[0].text for r in questions.rows[1:]}
    expected = {"Статья " + rid.split(":")[1] for rid, m in mappings.items()
                if rid.startswith("C190:") and m.question.get("ru")}
    assert asked == expected and asked


def test_each_document_is_in_one_language_and_names_no_file(c190: dict[str, Path]) -> None:
    _, ru = _text(c190["ru"])
    _, en = _text(c190["en"])
    allowed = {"NORMLEX", "gapkit", "Kazakhstan", "adilet", "Expert"}  # names: the database, the workspace, a reviewer
    latin = {w for w in re.findall(r"[A-Za-z]{5,}", ru) if w not in allowed}
    assert not latin, sorted(latin)[:20]
    assert "Analysis of the readiness of the Republic of Kazakhstan to ratify Convention No. 190" in en
    assert not re.findall(r"[А-Яа-яЁё]{4,}", en)[:5]
    for text in (ru, en):
        assert ".yaml" not in text and "mappings/" not in text and "national_law" not in text


@pytest.mark.slow
def test_c176_opens_in_libreoffice_with_its_articles(ws_dir: Path, tmp_path: Path) -> None:
    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice and poppler-utils are not installed: .ci/run installs them")
    path = tmp_path / "ratification-readiness-C176-ru.docx"
    code, _, err = run("report", "ratification", "C176", "--workspace", ws_dir, "-o", path)
    assert code == 0, err
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{profile}", "--norestore",
                        "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                       check=True, capture_output=True, timeout=600)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    pdf = tmp_path / "ratification-readiness-C176-ru.pdf"
    assert pdf.exists(), "LibreOffice made no PDF"
    text = re.sub(r"\s+", " ", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                              check=True).stdout.replace("\u00ad", ""))
    for words in ("Анализ готовности Республики Казахстан к ратификации Конвенции № 176", "Постатейный анализ",
                  "Статья 5", "Что необходимо изменить", "Вопросы к уполномоченным органам", "Метод и источники"):
        assert words in text, words


def test_the_web_app_makes_it_for_the_convention_chosen(ws_dir: Path) -> None:
    from gapkit.web.reports import ReportError, generate

    ws = load(ws_dir)
    path = generate(ws, "ratification-readiness", ["C176"], "en", "html")
    assert path.name == "ratification-readiness-C176-en.html" and "Convention No. 176" in path.read_text("utf-8")
    with pytest.raises(ReportError, match="one Convention at a time"):
        generate(ws, "ratification-readiness", ["C176", "C190"], "ru", "docx")
