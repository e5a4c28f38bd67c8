"""Documents a ministry can sign off: one language per document, no working notes, the right frame for each
Convention, covers in correct Russian, rows that do not split, words that break with a hyphen, numbered contents;
and the document check that guards all of it."""

from __future__ import annotations

import re
import shutil
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn

from gapkit.cli import main
from gapkit.report import write
from gapkit.report.doc import Cell, Column, Document, Heading, Para, Row, Section, Table, Toc
from gapkit.report.lint import check_docx
from gapkit.review import load_mappings
from gapkit.workspace import load

from .conftest import copy_shipped, import_corpus, plain


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


# ---- the check itself ------------------------------------------------------------------------------------------


def _doc(tmp_path: Path, lang: str, *paras: str, heading_alone: bool = False) -> Path:
    doc = Document("Т", lang)
    doc.add(Heading("1. Раздел" if lang == "ru" else "1. Section", 1))
    doc.add(*(Para.of(p) for p in paras))
    if heading_alone:
        doc.add(Heading("2. Пустой" if lang == "ru" else "2. Empty", 1))
    return write(doc, tmp_path / f"{lang}-{abs(hash(paras))}.docx")


@pytest.mark.parametrize(("lang", "text", "rule"), [
    ("ru", "Статья 5 Конвенции № 87 соблюдается (Source: reference/kazakhstan.md §2.2).", "other alphabet"),
    ("ru", "Данные в файле national_law/kz/indicators.yaml.", "file path"),
    ("en", "The point was read in the mirror (commit a1ebbfa).", "commit"),
    ("en", "The labour inspectorate (Государственная инспекция труда) acts.", "other alphabet"),
    ("en", "See point CEACR:KZ-C087-2016-OBS/1 and unseen-inspectors-powers.", "internal id"),
    ("ru", "Остальная часть пункта не прочитана.", "research note"),
    ("en", "The relation is no_relationship.", "internal id"),
])
def test_the_check_finds_what_must_not_reach_a_page(tmp_path: Path, lang: str, text: str, rule: str) -> None:
    findings = check_docx(_doc(tmp_path, lang, text), lang)
    assert rule in {f.rule for f in findings}


def test_the_check_finds_a_heading_with_nothing_under_it(tmp_path: Path) -> None:
    findings = check_docx(_doc(tmp_path, "ru", "Текст раздела.", heading_alone=True), "ru")
    assert [f.rule for f in findings] == ["empty section"]


def test_the_check_passes_a_clean_document(tmp_path: Path) -> None:
    clean = ("Пункт 1 статьи 191 Трудового кодекса Республики Казахстан (ред. 12 июля 2026 г.) соответствует "
             "статье 3(1)(a) Конвенции № 81; текст — на adilet.zan.kz и NORMLEX (https://normlex.ilo.org).")
    assert check_docx(_doc(tmp_path, "ru", clean), "ru") == []


# ---- every document gapkit writes --------------------------------------------------------------------------------

DOCUMENTS = [("review", "C081", "C129"), ("review", "C087"), ("review", "C131"), ("ratification", "C102"),
             ("ratification", "C176"), ("ratification", "C190"), ("amendments", "C081", "C129"), ("comments",),
             ("roadmap",)]


@pytest.fixture(scope="module")
def full_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped workspace with every official text of the corpus loaded, as a user has it."""
    root = copy_shipped(tmp_path_factory.mktemp("documents") / "ws")
    import_corpus(root)
    return root


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize("kind", DOCUMENTS, ids=lambda k: "-".join(k))
def test_every_document_passes_the_check(full_ws: Path, tmp_path: Path, kind: tuple[str, ...], lang: str) -> None:
    out = tmp_path / ("-".join(kind) + f"-{lang}.docx")
    code, _, err = run("report", *kind, "--lang", lang, "--workspace", full_ws, "-o", out)
    assert code == 0, err
    ws = load(full_ws)
    names = [ws.name, *{m.reviewer for m in load_mappings(ws).values() if m.reviewer}]
    findings = check_docx(out, lang, names)
    assert not findings, "\n".join(map(str, findings[:10]))


# ---- the frame of each Convention ----------------------------------------------------------------------------------


def test_an_unratified_convention_gets_no_compliance_review(full_ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.docx"
    code, _, err = run("report", "review", "C190", "--workspace", full_ws, "-o", out)
    assert code == 2 and "not ratified" in err and "gapkit report ratification C190" in err
    assert not out.exists()


def test_the_review_cover_is_correct_russian_and_names_the_ratification(full_ws: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.docx"
    assert run("report", "review", "C081", "C129", "--workspace", full_ws, "-o", out)[0] == 0
    cover = "\n".join(p.text for p in docx.Document(str(out)).paragraphs[:12])
    assert ("на соответствие Конвенции 1947 года об инспекции труда (№ 81) и Конвенции 1969 года об инспекции "
            "труда в сельском хозяйстве (№ 129)") in cover
    assert "Конвенция 1947 года" not in cover.split("на соответствие", 1)[1].split("\n", 1)[0]
    en = tmp_path / "e.docx"
    assert run("report", "review", "C081", "C129", "--lang", "en", "--workspace", full_ws, "-o", en)[0] == 0
    text = "\n".join(p.text for p in docx.Document(str(en)).paragraphs)
    assert re.search(r"\(No\. 81\) and the .*\(No\. 129\); it identifies", text)


def test_the_acts_listed_are_those_the_findings_rely_on(full_ws: Path, tmp_path: Path) -> None:
    """C131's review lists the Labour Code and the Constitution its decisions cite, not the Social Code."""
    out = tmp_path / "r.docx"
    assert run("report", "review", "C131", "--workspace", full_ws, "-o", out)[0] == 0
    cover = "\n".join(p.text for p in docx.Document(str(out)).paragraphs[:20])
    ws = load(full_ws)
    cited = {p.split(":")[0] for rid, m in load_mappings(ws).items() if rid.startswith("C131:") for p in m.provisions}
    assert "Трудовой кодекс Республики Казахстан" in cover and "KZ-LC" in cited
    if "KZ-SC" not in cited:
        assert "Социальный кодекс" not in cover


# ---- layout ----------------------------------------------------------------------------------------------------


def _table_doc(tmp_path: Path, long_row_paras: int) -> Path:
    doc = Document("T", "ru")
    rows = [Row([Cell.text("1"), Cell.text("Предварительная оценка: Соответствует")], key="short"),
            Row([Cell.text("2"), Cell([Para.of("Длинный текст положения закона. " * 12)
                                      for _ in range(long_row_paras)])], key="long")]
    doc.add(Heading("1. Таблица", 1), Table([Column("№", 10), Column("Оценка", 22)], rows, font_pt=9))
    return write(doc, tmp_path / "t.docx")


def test_a_row_that_fits_on_a_page_never_splits_and_a_longer_one_may(tmp_path: Path) -> None:
    table = docx.Document(str(_table_doc(tmp_path, 60))).tables[0]
    short, long = table.rows[1], table.rows[2]
    assert short._tr.find(qn("w:trPr") + "/" + qn("w:cantSplit")) is not None
    assert long._tr.find(qn("w:trPr") + "/" + qn("w:cantSplit")) is None  # else a word processor cuts it off


def test_a_word_too_long_for_its_column_breaks_at_a_hyphenation_point(tmp_path: Path) -> None:
    path = _table_doc(tmp_path, 1)
    cell = docx.Document(str(path)).tables[0].rows[1].cells[1]
    assert "Пред\u00adва\u00adри\u00adтель\u00adная" in cell.text and plain(cell.text).startswith("Предварительная")
    with zipfile.ZipFile(path) as z:
        settings = z.read("word/settings.xml").decode()
    assert "autoHyphenation" in settings


def test_the_document_says_what_it_is_and_when_it_was_made(tmp_path: Path) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    props = docx.Document(str(_table_doc(tmp_path, 1))).core_properties
    assert props.title == "T" and props.created is not None
    assert props.created.replace(tzinfo=UTC) >= before.replace(second=0)


@pytest.mark.slow
@pytest.mark.toc_pages
def test_the_contents_carry_page_numbers_without_asking_to_update(tmp_path: Path) -> None:
    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice and poppler-utils are not installed: .ci/run installs them")
    doc = Document("T", "ru", cover=True)
    doc.add(Para.of("Обложка"), Section(False), Toc("Содержание"))
    for n in range(1, 4):
        doc.add(Heading(f"{n}. Раздел {n}", 1), *(Para.of("Текст раздела. " * 40) for _ in range(12)))
    doc.fill_toc()
    path = write(doc, tmp_path / "toc.docx")
    document = docx.Document(str(path))
    entries = [p.text for p in document.paragraphs if re.match(r"\d\. Раздел \d", p.text)][:3]
    pages = [int(re.search(r"(\d+)$", e).group(1)) for e in entries]
    assert pages == sorted(pages) and pages[0] >= 2 and len(set(pages)) == 3
    with zipfile.ZipFile(path) as z:
        assert "updateFields" not in z.read("word/settings.xml").decode()
        assert "[[H" not in z.read("word/document.xml").decode()  # the layout pass's markers are gone
