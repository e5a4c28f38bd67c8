"""Draft laws: a bill read from the text of an amending law or from a comparative table (gapkit's own and one laid
out by hand) gives the acts as they would read if adopted, checked against the corpus texts changed by hand; what
it touches and the expert opinion on it; an unreadable bill is refused with its line and changes nothing."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from gapkit.bill import load_bill, overlay
from gapkit.cli import main
from gapkit.report.lint import check_docx
from gapkit.workspace import load

from .conftest import copy_shipped, import_corpus, need_corpus

NOTICE = ("не менее чем за тридцать календарных дней до начала проверки")
HARASSMENT = ("83) насилие и домогательство в сфере труда – неприемлемые формы поведения или угрозы такого "
              "поведения, которые имеют целью или результатом причинение физического, психологического, "
              "сексуального или экономического вреда;")
LAW = f"""ПРОЕКТ

ЗАКОН РЕСПУБЛИКИ КАЗАХСТАН

О внесении изменений и дополнений в некоторые законодательные акты Республики Казахстан по вопросам проверок

Статья 1. Внести изменения и дополнения в следующие законодательные акты Республики Казахстан:

1. В Предпринимательский кодекс Республики Казахстан от 29 октября 2015 года (Ведомости Парламента Республики \
Казахстан, 2015 г., № 20-II, ст. 112):
1) в статье 144:
пункт 3 исключить;
дополнить пунктом 14 следующего содержания:
«14. Требования настоящей статьи об уведомлении не распространяются на проверки соблюдения трудового \
законодательства.»;
2) в пункте 7 статьи 144 слова «выявленные в отношении конкретных субъектов» заменить словами «выявленные в \
отношении субъектов»;
3) пункт 4 статьи 144 изложить в следующей редакции:
«4. Внеплановой проверкой является проверка, назначаемая органом контроля и надзора.»;

2. В Трудовой кодекс Республики Казахстан от 23 ноября 2015 года:
1) пункт 1 статьи 1 дополнить подпунктом 83) следующего содержания:
«{HARASSMENT}»;

Статья 2. Настоящий Закон вводится в действие по истечении десяти календарных дней после дня его первого \
официального опубликования.
"""


def run(*args: str | Path) -> Any:
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def official(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped workspace with the official Entrepreneurial and Labour Codes loaded: made once, copied per test."""
    root = copy_shipped(tmp_path_factory.mktemp("bill") / "ws")
    import_corpus(root, ("entrepreneurial_code", "labour_code/2026-07-12"))
    return root


@pytest.fixture
def ws_dir(official: Path, tmp_path: Path) -> Path:
    import shutil

    dest = tmp_path / "ws"
    shutil.copytree(official, dest)
    return dest


def corpus_paragraph(number: str) -> str:
    """A paragraph of Article 144 of the Entrepreneurial Code as the official text gives it."""
    text = (need_corpus("kz", "entrepreneurial_code", "rus") / "sec003_st137-st157.md").read_text(encoding="utf-8")
    article = text[text.index("#### Статья 144."):text.index("#### Статья 144-1.")]
    return next(line.strip() for line in article.split("\n") if line.startswith(f"{number}. "))


def fingerprint(root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted([*(root / "mappings").rglob("*"), *(root / "national_law").rglob("*"),
                        *((root / "bills").rglob("*") if (root / "bills").exists() else [])]):
        if path.is_file():
            h.update(str(path.relative_to(root)).encode() + path.read_bytes())
    return h.hexdigest()


def test_an_amending_law_with_each_kind_of_change_overlays_the_official_texts(ws_dir: Path, tmp_path: Path) -> None:
    law = tmp_path / "law.txt"
    law.write_text(LAW, encoding="utf-8")
    result = run("import", "bill", law, "--name", "inspections", "--workspace", ws_dir)
    assert result.exit_code == 0, result.output
    ws = load(ws_dir)
    bill = load_bill(ws, "inspections")
    assert bill.title.startswith("О внесении изменений и дополнений")
    assert [(c.kind, c.target) for c in bill.changes] == [
        ("delete", "KZ-EC:144(3)"), ("add", "KZ-EC:144(14)"), ("words", "KZ-EC:144(7)"),
        ("replace", "KZ-EC:144(4)"), ("add", "KZ-LC:1(1)(83)")]
    changed = overlay(ws, bill)
    # the 30-day notice goes: the paragraph now is the corpus's, and the bill deletes it
    assert changed["KZ-EC:144(3)"].current.split("\n")[0] == corpus_paragraph("3") and NOTICE in \
        changed["KZ-EC:144(3)"].current
    assert changed["KZ-EC:144(3)"].proposed is None and changed["KZ-EC:144(3)"].official
    # the words replaced: the corpus paragraph changed by hand
    by_hand = corpus_paragraph("7").replace("выявленные в отношении конкретных субъектов",
                                            "выявленные в отношении субъектов")
    assert changed["KZ-EC:144(7)"].proposed == by_hand != corpus_paragraph("7")
    assert changed["KZ-EC:144(4)"].proposed == "4. Внеплановой проверкой является проверка, назначаемая органом " \
                                               "контроля и надзора."
    assert changed["KZ-EC:144(14)"].current == "" and changed["KZ-EC:144(14)"].proposed.startswith("14. Требования")
    assert changed["KZ-LC:1(1)(83)"].proposed == HARASSMENT
    # the acts themselves are untouched: the official text still holds the notice
    assert NOTICE in (ws_dir / "national_law" / "kz" / "entrepreneurial_code.yaml").read_text(encoding="utf-8")

    shown = run("show", "KZ-EC:144(3)", "--bill", "inspections", "--workspace", ws_dir)
    assert shown.exit_code == 0 and "now (official text): 3. Орган контроля" in shown.stdout
    assert "if adopted: (deleted)" in shown.stdout
    shown = run("show", "KZ-LC:1(1)(83)", "--bill", "inspections", "--workspace", ws_dir)
    assert "now: (no such provision yet)" in shown.stdout and "насилие и домогательство" in shown.stdout


@pytest.mark.parametrize(("line", "why"), [
    ("пункт 3 переделать;", "is not a change gapkit can read"),
    ("пункт 99 исключить;", "KZ-EC:144(99) is not in the workspace"),
    ("в пункте 7 слова «которых нет в тексте» заменить словами «x»;", "are not in the current text"),
    # an абзац is held inside its пункт's text: deleting it is not deleting the пункт
    ("абзац второй пункта 3 исключить;", "is a part of KZ-EC:144(3)"),
])
def test_an_unreadable_bill_is_refused_with_its_line_and_changes_nothing(ws_dir: Path, tmp_path: Path, line: str,
                                                                        why: str) -> None:
    bad = LAW.replace("пункт 3 исключить;", line)
    law = tmp_path / "bad.txt"
    law.write_text(bad, encoding="utf-8")
    expected_line = bad.split("\n").index(line) + 1
    before = fingerprint(ws_dir)
    result = run("import", "bill", law, "--name", "bad", "--workspace", ws_dir)
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert "\n" not in message and f"line {expected_line}" in message and why in message, message
    assert fingerprint(ws_dir) == before


def test_the_act_amended_is_told_by_its_title_as_the_law_importer_tells_it(official: Path) -> None:
    from gapkit.bill import act_by_title

    ws = load(official)
    assert act_by_title(ws, "Трудовой кодекс Республики Казахстан от 23 ноября 2015 года") == "KZ-LC"
    assert act_by_title(ws, "Предпринимательский кодекс Республики Казахстан от 29 октября 2015 года № 375-V") == \
        "KZ-EC"
    # the title of the Constitution in force is held in that of 1995: the longer name decides
    assert act_by_title(ws, "Конституция Республики Казахстан") == "KZ-CONST"
    assert act_by_title(ws, "Конституция Республики Казахстан 1995 года") == "KZ-CONST1995"
    assert act_by_title(ws, "Гражданский кодекс Республики Казахстан") is None


def test_changes_to_one_provision_apply_in_the_bill_s_order(official: Path) -> None:
    from gapkit.bill import Bill, BillError, Change

    ws = load(official)  # read only: the overlay writes nothing
    reworded = Bill("seq", "", [Change("KZ-EC", "KZ-EC:144(4)", "replace", text="4. Новая редакция пункта.", line=1),
                                Change("KZ-EC", "KZ-EC:144(4)", "words", old_words="Новая", new_words="Иная", line=2)])
    assert overlay(ws, reworded)["KZ-EC:144(4)"].proposed == "4. Иная редакция пункта."
    added = Bill("seq", "", [Change("KZ-EC", "KZ-EC:144(14)", "add", text="14. Новый пункт.", line=1),
                             Change("KZ-EC", "KZ-EC:144(14)", "words", old_words="Новый", new_words="Иной", line=2)])
    assert overlay(ws, added)["KZ-EC:144(14)"].proposed == "14. Иной пункт."
    # words changed in a provision the bill has deleted: an error, never the deletion undone in silence
    deleted = Bill("seq", "", [Change("KZ-EC", "KZ-EC:144(3)", "delete", line=1),
                               Change("KZ-EC", "KZ-EC:144(3)", "words", old_words="Орган", new_words="Органы", line=2)])
    with pytest.raises(BillError, match="line 2: the words of KZ-EC:144.3. are changed after the bill deletes it"):
        overlay(ws, deleted)


def test_gapkit_s_own_comparative_table_reads_back_as_the_proposals_it_shows(ws_dir: Path) -> None:
    table = ws_dir / "reports" / "out" / "amendments.docx"
    assert run("report", "amendments", "C081", "C129", "--lang", "ru", "-o", table,
               "--workspace", ws_dir).exit_code == 0
    result = run("import", "bill", table, "--name", "own", "--format", "json", "--workspace", ws_dir)
    assert result.exit_code == 0, result.output
    ws = load(ws_dir)
    from gapkit.review import load_mappings

    proposals = {p.provision: p for m in load_mappings(ws).values() if m.requirement[:4] in ("C081", "C129")
                 for p in m.proposals}
    bill = load_bill(ws, "own")
    assert {c.target for c in bill.changes} == set(proposals)
    change = next(c for c in bill.changes if c.target == "KZ-EC:144(3)")
    assert change.kind == "replace" and change.text.startswith("3. Орган контроля и надзора")

    def words(text: str) -> str:
        return " ".join(text.split())

    # each row's wording holds the proposal's own words (the table gives the whole unit as it would read)
    for c in bill.changes:
        assert words(proposals[c.target].proposed) in words(c.text), c.target
    assert "государственными инспекторами труда" in change.text
    notes = [c for c in bill.changes if "(note)" in c.target]
    assert notes and all(c.kind == "add" for c in notes)


def _hand_table(path: Path) -> Path:
    """A comparative table as a ministry lawyer lays it out in Word: a numbering row, the act in a merged row, the
    deleted words struck through in the proposed wording."""
    d = docx.Document()
    d.add_paragraph("Сравнительная таблица к проекту Закона Республики Казахстан «О внесении изменений и дополнений "
                    "в некоторые законодательные акты Республики Казахстан по вопросам проверок»")
    t = d.add_table(rows=0, cols=5)
    for texts in (["№ п/п", "Структурный элемент", "Действующая редакция", "Предлагаемая редакция", "Обоснование"],
                  ["1", "2", "3", "4", "5"]):
        cells = t.add_row().cells
        for c, text in zip(cells, texts, strict=True):
            c.text = text
    group = t.add_row().cells
    merged = group[0].merge(group[4])
    merged.text = "Предпринимательский кодекс Республики Казахстан от 29 октября 2015 года № 375-V"
    rows = [
        ["1", "Пункт 3 статьи 144", corpus_paragraph("3"), "Исключить.", "Статья 12 Конвенции № 81."],
        ["2", "Пункт 7 статьи 144", corpus_paragraph("7"), None, "Статья 16 Конвенции № 81."],
        ["3", "Пункт 14 статьи 144 (новый)", "Отсутствует.", "14. Проверки соблюдения трудового законодательства "
                                                              "проводятся без уведомления.", "Статья 12."],
    ]
    for values in rows:
        cells = t.add_row().cells
        for i, (c, text) in enumerate(zip(cells, values, strict=True)):
            if text is not None:
                c.text = text
            elif i == 3:  # the proposed wording with the deleted word struck through
                para = c.paragraphs[0]
                before, after = corpus_paragraph("7").split(" конкретных ", 1)
                para.add_run(before + " ")
                struck = para.add_run("конкретных ")
                rpr = struck._r.get_or_add_rPr()
                strike = OxmlElement("w:strike")
                strike.set(qn("w:val"), "true")
                rpr.append(strike)
                para.add_run(after)
    d.save(str(path))
    return path


def test_a_comparative_table_laid_out_by_hand(ws_dir: Path, tmp_path: Path) -> None:
    table = _hand_table(tmp_path / "table.docx")
    result = run("import", "bill", table, "--name", "by-hand", "--workspace", ws_dir)
    assert result.exit_code == 0, result.output
    ws = load(ws_dir)
    bill = load_bill(ws, "by-hand")
    assert [(c.kind, c.target) for c in bill.changes] == [("delete", "KZ-EC:144(3)"), ("replace", "KZ-EC:144(7)"),
                                                          ("add", "KZ-EC:144(14)")]
    changed = overlay(ws, bill)
    assert changed["KZ-EC:144(7)"].proposed == corpus_paragraph("7").replace(" конкретных ", " ")
    assert changed["KZ-EC:144(3)"].proposed is None and changed["KZ-EC:144(3)"].change.line == 4


def test_what_the_notice_bill_touches_and_the_expert_opinion(ws_dir: Path, tmp_path: Path) -> None:
    law = tmp_path / "law.txt"
    law.write_text(LAW, encoding="utf-8")
    assert run("import", "bill", law, "--name", "notice", "--workspace", ws_dir).exit_code == 0
    result = run("bill", "impact", "notice", "--format", "json", "--workspace", ws_dir)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    reqs = {r["requirement"]: r for r in data["requirements"]}
    ws = load(ws_dir)
    from gapkit.review import load_mappings

    mappings = load_mappings(ws)
    for rid in ("C081:12(1)(a)", "C129:16(1)(a)"):
        assert "KZ-EC:144(3)" in reqs[rid]["through"]
        assert reqs[rid]["verdict"] == mappings[rid].verdict and reqs[rid]["if_adopted"] == {}
    notice = next(ch for ch in data["changes"] if ch["provision"] == "KZ-EC:144(3)")
    points = {p["point"]: p for p in data["points"]}
    assert notice["points"] and all("KZ-EC:144(3)" in points[p]["provisions"] for p in notice["points"])
    # the CEACR points on advance notice of inspections, with the roadmap measure that answers them
    assert any("notice" in (points[p]["title"].get("en") or "").lower() for p in notice["points"])
    assert all(points[p]["measures"] for p in notice["points"])

    # the verdict if adopted: the team's preliminary one, then an expert's, each an audited decision
    from gapkit.review import audit_path

    audit = audit_path(ws_dir, "C081:12(1)(a)")
    lines = len(audit.read_text(encoding="utf-8").splitlines())
    result = run("bill", "assess", "notice", "C081:12(1)(a)", "--verdict", "partially_compliant", "--reason",
                 "Уведомление за тридцать дней исключено; основания внеплановых проверок по-прежнему ограничены.",
                 "--reason-en", "The thirty-day notice goes; the grounds of unscheduled inspections remain limited.",
                 "--workspace", ws_dir)
    assert result.exit_code == 0, result.output
    entry = json.loads(audit.read_text(encoding="utf-8").splitlines()[-1])
    assert len(audit.read_text(encoding="utf-8").splitlines()) == lines + 1 and entry["action"] == "if_adopted:notice"
    m = load_mappings(load(ws_dir))["C081:12(1)(a)"]
    assert m.if_adopted["notice"]["verdict"] == "partially_compliant" and m.verdict == mappings["C081:12(1)(a)"].verdict

    for lang in ("en", "ru"):
        out = ws_dir / "reports" / "out" / f"bill-{lang}.docx"
        result = run("report", "bill", "notice", "--lang", lang, "-o", out, "--workspace", ws_dir)
        assert result.exit_code == 0, result.output
        assert not check_docx(out, lang, [ws.name])
    document = docx.Document(str(ws_dir / "reports" / "out" / "bill-ru.docx"))
    text = "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for r in t.rows for c in r.cells])
    assert "Экспертное заключение на проект закона" in text and "Пункт 3 статьи 144" in text
    assert "Исключить." in text and "Статья 12(1)(a)" in text and "Статья 16(1)(a)" in text
    assert "Частично соответствует" in text and "не оценено" in text  # the field for C129:16(1)(a) is left open
    assert "Замечания КЭПКР, в которых названы изменяемые положения" in text
