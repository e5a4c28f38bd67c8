"""Whole acts from folders in the mirror's layout, the official text shown for what it is, and our summaries checked
against it (the real texts of ../shared/corpus/kz; each test on its own copy of the shipped workspace)."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner

from gapkit.cli import main
from gapkit.review import MappingStore, load_mappings
from gapkit.texts import official_text
from gapkit.workspace import load
from gapkit.yamlio import dump_yaml

from .conftest import CORPUS_FOLDERS, copy_shipped, import_corpus, need_corpus


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def import_json(root: Path, folder: str, *extra: str) -> dict:
    code, out, err = run("import", "law", str(need_corpus("kz", *folder.split("/"))), *extra,
                         "--workspace", str(root), "--format", "json")
    assert code == 0, err
    return json.loads(out)


def edit_act(root: Path, name: str, edit: object, add: dict | None = None) -> None:
    """Change an act's file as a hand (or a later edition) would: ``edit`` each clause, ``add`` one."""
    path = root / "national_law" / "kz" / f"{name}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for c in data["clauses"]:
        edit(c)  # type: ignore[operator]
    if add:
        data["clauses"].append(add)
    path.write_text(dump_yaml(data), encoding="utf-8")


@pytest.fixture
def ws_root(tmp_path: Path) -> Path:
    return copy_shipped(tmp_path / "ws")


# ---- one command per act, nothing unplaced ------------------------------------------------------------------


def test_labour_code_whole_edition_in_one_command(ws_root: Path) -> None:
    report = import_json(ws_root, "labour_code/2026-07-12")
    assert report["act"] == "KZ-LC" and report["unplaced"] == []
    assert report["recognised_by"] == "zan.gov.kz document 95666"  # --act left out: the metadata names the act
    (ru,) = report["imports"]
    assert ru["edition"] == "2026-07-12" and ru["lang"] == "ru" and ru["articles"] > 200
    inst = load(ws_root).instruments["KZ-LC"]
    assert inst.authentic_edition == {"ru": "2026-07-12"}
    assert inst.authentic_source == {"ru": "https://zan.gov.kz/client/#!/doc/95666/rus/12.07.2026"}
    c = inst.clauses
    # parts, sections and chapters are containers with their headings, each inside the one above it
    assert c["KZ-LC:part-general"].heading["ru"] == "ОБЩАЯ ЧАСТЬ" and c["KZ-LC:part-special"].kind == "container"
    assert c["KZ-LC:section-2"].parent == "KZ-LC:part-special" and c["KZ-LC:chapter-21"].parent == "KZ-LC:section-5"
    assert c["KZ-LC:191"].parent == "KZ-LC:chapter-21"
    # five files, one tree: articles of every section, and the new Art 143-2 of this edition
    assert {"KZ-LC:1", "KZ-LC:143-2", "KZ-LC:179", "KZ-LC:204"} <= set(c)
    # a Constitutional Court ruling printed in the text is kept beside the law, never in it
    notes = [a.text for a in c["KZ-LC:26(2)(2)"].annotations]
    assert notes and notes[0].startswith("Нормативным постановлением Конституционного Суда")
    assert "Конституционного Суда" not in official_text(inst, "KZ-LC:26", "ru")


def test_entrepreneurial_code_ranges_merge_and_its_paragraph_is_a_container(ws_root: Path) -> None:
    report = import_json(ws_root, "entrepreneurial_code")
    assert report["unplaced"] == []
    c = load(ws_root).instruments["KZ-EC"].clauses
    para = c["KZ-EC:chapter-13-paragraph-2"]
    assert para.kind == "container" and para.parent == "KZ-EC:chapter-13"
    assert para.heading["ru"].startswith("Порядок организации и проведения контроля")
    assert para.amendments and para.amendments[0].text.startswith("Сноска. Заголовок параграфа 2")
    assert c["KZ-EC:140"].parent == para.id and c["KZ-EC:139"].parent == "KZ-EC:chapter-13"
    # the two range files (Arts 129-136, 137-157) are one act
    assert all(f"KZ-EC:{n}" in c for n in range(129, 158))


def test_trade_unions_law_single_file_folder(ws_root: Path) -> None:
    report = import_json(ws_root, "trade_unions_law")
    assert report["unplaced"] == [] and report["imports"][0]["edition"] == "2023-04-18"
    c = load(ws_root).instruments["KZ-TU"].clauses
    assert c["KZ-TU:preamble"].authentic["ru"].startswith("Настоящий Закон регулирует")


def test_social_code_parts_paragraphs_and_a_list_that_restarts(ws_root: Path) -> None:
    report = import_json(ws_root, "social_code")
    assert report["unplaced"] == []
    # the folder holds the metadata of two editions: the import says which date it gives the files
    assert any("2024-09-01" in w for w in report["warnings"])
    inst = load(ws_root).instruments["KZ-SC"]
    c = inst.clauses
    assert c["KZ-SC:section-3"].parent == "KZ-SC:part-special"
    assert c["KZ-SC:chapter-10"].parent == "KZ-SC:section-3"  # its heading is in another file than its section's
    assert c["KZ-SC:chapter-9-paragraph-2"].parent == "KZ-SC:chapter-9"
    # "для работодателей: 1)…5); для соискателей: 1)…3)" — the second list is kept whole after the first
    text = official_text(inst, "KZ-SC:106(2)", "ru")
    assert text.index("для работодателей") < text.index("5) полностью") < text.index("для соискателей") \
        < text.index("3) выдают направления")
    assert c["KZ-SC:106(2)(1)"].authentic["ru"] == "осуществляют подбор персонала;"


def test_administrative_offences_code_notes_of_an_article(ws_root: Path) -> None:
    report = import_json(ws_root, "administrative_offences_code")
    assert report["unplaced"] == []
    c = load(ws_root).instruments["KZ-AOC"].clauses
    assert c["KZ-AOC:91(note)"].kind == "container"
    assert c["KZ-AOC:91(note)(3)"].authentic["ru"].startswith("Для целей части одиннадцатой настоящей статьи")
    assert c["KZ-AOC:91(12)"].authentic["ru"].startswith("Неоднократное")


def test_constitution_of_2026_is_the_current_one_and_1995_the_earlier(ws_root: Path) -> None:
    new = import_json(ws_root, "constitution/2026")
    old = import_json(ws_root, "constitution/1995")
    assert (new["act"], new["unplaced"], old["act"], old["unplaced"]) == ("KZ-CONST", [], "KZ-CONST1995", [])
    ws = load(ws_root)
    cur, prev = ws.instruments["KZ-CONST"], ws.instruments["KZ-CONST1995"]
    assert cur.authentic_edition == {"ru": "2026-03-15"} and prev.authentic_edition == {"ru": "2023-01-01"}
    assert cur.in_force_on("2026-07-01") and not prev.in_force_on("2026-07-01") and prev.in_force_on("2026-06-30")
    assert cur.clauses["KZ-CONST:26(1)"].authentic["ru"].startswith("Граждане Республики Казахстан имеют право")
    assert cur.clauses["KZ-CONST:1"].parent == "KZ-CONST:section-I"
    # the 1995 index file: front matter and the table of its section files are not text; its sections' titles
    # stand on the heading line after "## Раздел I."
    assert prev.clauses["KZ-CONST1995:section-I"].heading["ru"] == "Общие положения"
    assert prev.clauses["KZ-CONST1995:preamble"].authentic["ru"].startswith("Мы, народ Казахстана")
    # "положения пункта 2 применяются в следующей редакции:" and the wording after it are the editors' note
    note = prev.clauses["KZ-CONST1995:50(2)"].annotations[0].text
    assert "в следующей редакции" in note and "Десять депутатов Сената" in note
    assert "Десять депутатов" not in official_text(prev, "KZ-CONST1995:50", "ru")


# ---- which act a folder is ------------------------------------------------------------------------------------


def test_a_folder_given_as_another_act_is_refused_and_nothing_changes(ws_root: Path) -> None:
    before = snapshot(ws_root)
    code, _, err = run("import", "law", str(need_corpus("kz", "trade_unions_law")), "--act", "KZ-LC",
                       "--workspace", str(ws_root))
    assert code == 2 and "KZ-TU" in err and "not of KZ-LC" in err
    assert snapshot(ws_root) == before


def test_a_file_needs_its_act_named(ws_root: Path) -> None:
    code, _, err = run("import", "law", str(need_corpus("kz", "trade_unions_law", "rus.md")),
                       "--workspace", str(ws_root))
    assert code == 2 and "--act" in err


# ---- all of the corpus, and the check of our summaries ----------------------------------------------------------


def test_every_act_of_the_corpus_imported_and_the_workspace_checks_clean(ws_root: Path) -> None:
    import_corpus(ws_root)
    inst = load(ws_root).instruments["KZ-LC"]
    # the Kazakh text of section 5 is an older edition than the Russian whole Code: each keeps its own date
    assert inst.authentic_edition == {"ru": "2026-07-12", "kk": "2024-07-08"}
    code, out, err = run("check", "--workspace", str(ws_root))
    assert code == 0, out + err


def test_the_check_catches_a_summary_the_official_text_does_not_bear_out(ws_root: Path) -> None:
    import_corpus(ws_root, ("entrepreneurial_code",))
    # a figure the law does not state, and a пункт the article does not have
    def edit(c: dict) -> None:
        if c["id"] == "KZ-EC:144(3)":
            c["text"]["ru"] = c["text"]["ru"].replace("тридцать календарных дней", "10 календарных дней")
    edit_act(ws_root, "entrepreneurial_code", edit, {
        "id": "KZ-EC:144(99)", "kind": "obligation", "text": {"ru": "Придуманный пункт.", "en": "An invented one."},
        "concepts": ["labour_inspector"], "source": {"note": "test"}})
    code, out, _ = run("check", "--workspace", str(ws_root))
    assert code == 1
    assert "KZ-EC:144(99): summary of a provision the official text does not have" in out
    assert re.search(r"KZ-EC:144\(3\): the summary states 10, which the official text", out)


# ---- the comparative table: the law's text, or a summary that says so ------------------------------------------


def _table_rows(path: Path) -> list[list[str]]:
    table = docx.Document(str(path)).tables[0]  # the others list the findings no amendment answers
    return [[c.text for c in r.cells] for r in table.rows[2:] if len({id(c._tc) for c in r.cells}) == 5]


def test_fresh_workspace_marks_every_current_wording_as_a_summary(ws_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "a.docx"
    code, _, err = run("report", "amendments", "C081", "C129", "--lang", "ru", "--workspace", str(ws_root),
                       "-o", str(out))
    assert code == 0, err
    rows = _table_rows(out)
    assert rows
    for row in rows:
        assert row[2] == "Отсутствует." or row[2].startswith("Изложение (официальный текст не загружен):"), row
    preface = "\n".join(p.text for p in docx.Document(str(out)).paragraphs[:6])
    assert "пункт 3 статьи 144 Предпринимательского кодекса" in preface and "adilet.zan.kz" in preface
    assert "gapkit" not in preface  # where the official text comes from, not the command that loads it


def _official_paragraph(article: str, number: str) -> str:
    """Пункт ``number`` of an article of the Entrepreneurial Code, read straight from the corpus file."""
    text = need_corpus("kz", "entrepreneurial_code", "rus", "sec003_st137-st157.md").read_text(encoding="utf-8")
    block = text.split(f'<a id="st{article}"></a>')[1].split("<a id=")[0]
    m = re.search(rf"(?ms)^{number}\. .*?(?=^\d+\. |\Z)", block)
    assert m
    lines = [ln.strip() for ln in m.group(0).splitlines() if ln.strip() and not ln.lstrip().startswith(">")]
    return " ".join(lines)


def test_after_the_official_import_the_table_quotes_the_whole_paragraph(ws_root: Path, tmp_path: Path) -> None:
    import_corpus(ws_root, ("entrepreneurial_code",))
    out = tmp_path / "a.docx"
    code, _, err = run("report", "amendments", "C081", "C129", "--lang", "ru", "--workspace", str(ws_root),
                       "-o", str(out))
    assert code == 0, err
    row = next(r for r in _table_rows(out) if r[1] == "Пункт 3 статьи 144")
    expected = _official_paragraph("144", "3")
    assert " ".join(row[2].split()) == " ".join(expected.split())  # all three paragraphs of it, word for word
    assert "Изложение" not in row[2]


def test_a_proposal_drafted_on_a_summary_is_to_be_redrafted_once_the_law_is_loaded(ws_root: Path,
                                                                                   tmp_path: Path) -> None:
    store = MappingStore(load(ws_root))
    m = store.propose("C081:13(2)(b)", "KZ-LC:193(6)", "Новая редакция, составленная по изложению.",
                      "Обоснование.", "Test Reviewer")
    (p,) = [p for p in m.proposals if p.provision == "KZ-LC:193(6)"]
    assert (p.base, p.current) == ("summary", load(ws_root).clause("KZ-LC:193(6)").text["ru"])
    assert run("check", "--workspace", str(ws_root))[0] == 0
    import_corpus(ws_root, ("labour_code/2026-07-12",))
    ws = load(ws_root)
    assert load_mappings(ws)["C081:13(2)(b)"].state(ws) == "needs_review"
    code, out, _ = run("check", "--workspace", str(ws_root))
    assert code == 1 and "the proposal on KZ-LC:193(6) was drafted on our summary" in out
    # redrafted on the official text, it stands: the proposal records which text, not the text itself
    m = MappingStore(ws).propose("C081:13(2)(b)", "KZ-LC:193(6)", "Дополнение.", "Обоснование.", "Test Reviewer",
                                 change="append")
    (p,) = [p for p in m.proposals if p.provision == "KZ-LC:193(6)"]
    assert p.base == "official" and p.current == "" and p.base_edition == "2026-07-12"
    assert "the proposal on KZ-LC:193(6)" not in run("check", "--workspace", str(ws_root))[1]


def test_a_decision_made_on_the_official_text_stands_until_that_text_changes(ws_root: Path) -> None:
    import_corpus(ws_root, ("entrepreneurial_code",))
    ws = load(ws_root)
    MappingStore(ws).confirm("C081:12(1)(a)", ["KZ-EC:144(3)"], "intersects", "non_compliant", "Уведомление.",
                             "Test Reviewer")
    ws = load(ws_root)
    m = load_mappings(ws)["C081:12(1)(a)"]
    assert m.basis["KZ-EC:144(3)"]["on"] == "official" and m.state(ws) == "confirmed"
    def edit(c: dict) -> None:  # a later edition changes the official wording of 144(3)
        if c["id"] == "KZ-EC:144(3)":
            c["authentic"]["ru"] = c["authentic"]["ru"].replace("тридцать календарных", "пятнадцать календарных")
    edit_act(ws_root, "entrepreneurial_code", edit)
    ws = load(ws_root)
    assert load_mappings(ws)["C081:12(1)(a)"].stale_provisions(ws) == ["KZ-EC:144(3)"]


@pytest.mark.parametrize("folder", CORPUS_FOLDERS)
def test_each_corpus_folder_imports_with_nothing_unplaced(ws_root: Path, folder: str) -> None:
    report = import_json(ws_root, folder)
    assert report["unplaced"] == [] and report["imports"]


# ---- the same rule wherever national text is shown ------------------------------------------------------------------


def test_web_pages_show_the_official_text_or_a_marked_summary(ws_root: Path) -> None:
    TestClient = pytest.importorskip("fastapi.testclient").TestClient
    from gapkit.web.app import create_app

    def page(url: str) -> str:
        c = TestClient(create_app(ws_root, warm=False), base_url="http://127.0.0.1")
        r = c.get(url + ("&" if "?" in url else "?") + "lang=ru")
        assert r.status_code == 200
        return r.text

    html = page("/provisions/KZ-EC:144(3)")
    official = "Положения настоящего пункта не распространяются на проверки субъектов контроля"
    assert "не загружен" in html and official not in html
    import_corpus(ws_root, ("entrepreneurial_code",))
    html = page("/provisions/KZ-EC:144(3)")
    assert official in html


def test_the_review_workbook_marks_summaries(ws_root: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    def suggestion_cells(path: Path) -> list[str]:
        sheet = load_workbook(path)["C081"]
        head = [c.value for c in sheet[1]]
        cols = [i for i, h in enumerate(head) if h and "предлаг" in str(h).lower()]
        return [str(r[i].value) for r in sheet.iter_rows(min_row=2) for i in cols if r[i].value]

    out = tmp_path / "a.xlsx"
    assert run("export", "review", "C081", "--lang", "ru", "--workspace", str(ws_root), "-o", str(out))[0] == 0
    cells = [c for c in suggestion_cells(out) if "KZ-" in c]
    assert cells and all("[Изложение, официальный текст не загружен]" in c for c in cells)
    import_corpus(ws_root, ("labour_code/2026-07-12", "entrepreneurial_code"))
    out2 = tmp_path / "b.xlsx"
    assert run("export", "review", "C081", "--lang", "ru", "--workspace", str(ws_root), "-o", str(out2))[0] == 0
    cells = [c for c in suggestion_cells(out2) if "KZ-LC:" in c or "KZ-EC:" in c]
    assert cells and not any("[Изложение" in c for c in cells)


def test_a_report_dated_after_july_2026_reviews_the_2026_constitution(ws_root: Path) -> None:
    from datetime import date

    from gapkit.report import data as D

    ws = load(ws_root)
    after = [a.code for a in D.acts(ws, date(2026, 12, 7))]
    before = [a.code for a in D.acts(ws, date(2025, 12, 1))]
    assert "KZ-CONST" in after and "KZ-CONST1995" not in after
    assert "KZ-CONST1995" in before and "KZ-CONST" not in before


def test_a_ceacr_point_citing_the_1995_constitution_says_it_is_no_longer_in_force(ws_root: Path,
                                                                                tmp_path: Path) -> None:
    path = ws_root / "comments" / "kz" / "C087-2016-cas_conclusions.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["points"][0]["provisions"] = ["KZ-CONST1995:23(2)"]
    path.write_text(dump_yaml(data), encoding="utf-8")
    out = tmp_path / "c.docx"
    code, _, err = run("report", "comments", "--lang", "ru", "--workspace", str(ws_root), "-o", str(out))
    assert code == 0, err
    cells = [c.text for t in docx.Document(str(out)).tables for r in t.rows for c in r.cells]
    cited = [c for c in cells if "Конституции Республики Казахстан 1995 года" in c]
    assert any("(текст, утративший силу после 30 июня 2026 г.)" in c for c in cited)


def test_a_subparagraph_right_under_its_article_is_cited_as_one(ws_root: Path) -> None:
    names = load(ws_root).names
    from gapkit.citations import Citation

    assert Citation.parse("KZ-LC:16(2)").format("ru", names) == "подпункт 2) статьи 16 Трудового кодекса"
    assert Citation.parse("KZ-LC:191(5)").format("ru", names) == "пункт 5 статьи 191 Трудового кодекса"
