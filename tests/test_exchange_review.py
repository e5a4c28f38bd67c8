"""The review workbook: export, fill in as a reviewer does in Excel, import; nothing lost, nothing half-done."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from gapkit.cli import main
from gapkit.exchange import words as W
from gapkit.exchange.review_import import import_review
from gapkit.exchange.workbook import export_review
from gapkit.review import MappingStore, read_file
from gapkit.workspace import load

from .exchange_helpers import Filler, audit, audit_bytes, copy_workspace, header_columns, row_of

REVIEWER = "Айгерим Сапарова"


def _has_calc(soffice: str) -> bool:
    """Whether this LibreOffice can open spreadsheets (a writer-only install cannot)."""
    program = Path(soffice).resolve().parent
    return any(program.glob("libsclo.so")) or any(program.glob("libsc*lo.*"))


def run(*args: str | Path) -> object:
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The shipped workspace (a copy) and its C081 workbook in Russian, with suggestions: made once."""
    root = copy_workspace(tmp_path_factory.mktemp("ws") / "kz")
    book = root / "reports" / "out" / "review-C081-ru.xlsx"
    result = run("export", "review", "C081", "--lang", "ru", "-o", book, "--workspace", root)
    assert result.exit_code == 0, result.output
    return root, book


@pytest.fixture
def ws_and_book(exported: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """A fresh copy of the exported workspace and workbook for one test."""
    root, book = exported
    mine = tmp_path / "kz"
    shutil.copytree(root, mine)
    return mine, mine / "reports" / "out" / book.name


# ---- the round trip of the issue --------------------------------------------------------------


@pytest.mark.slow
def test_round_trip_ten_rows_seven_land_three_refused(ws_and_book: tuple[Path, Path], tmp_path: Path) -> None:
    root, book = ws_and_book
    before = read_file(root / "mappings" / "C081.yaml")
    f = Filler(book, "C081")
    reason = ("Статья 196 ТК: взаимодействие инспекции с другими органами; сотрудничество с работодателями "
              "не урегулировано.")
    rows = {
        # labels as the drop-down gives them
        "C081:5(a)": f.set("C081:5(a)", new_provisions="KZ-LC:196(1)", new_relation="частичное пересечение",
                           new_verdict="Частично соответствует", new_reason=reason),
        # the codes themselves
        "C081:5(b)": f.set("C081:5(b)", new_provisions="KZ-LC:196(1)", new_relation="intersects",
                           new_verdict="partially_compliant", new_reason="Only co-operation with bodies is set."),
        # trailing spaces around a label
        "C081:6": f.set("C081:6", new_relation="  соответствующих положений нет ",
                        new_verdict="  Недостаточно информации  ",
                        new_reason="Статус инспекторов — в законе о госслужбе."),
        # non-breaking space and a stray separator; an English label in a Russian workbook; other case
        "C081:7(1)": f.set("C081:7(1)", new_provisions="KZ-LC:191(2)\u00a0;  ", new_relation="Partial overlap",
                           new_verdict="PARTIALLY COMPLIANT", new_reason="Qualifications listed, not recruitment."),
        # a citation in words instead of an id
        "C081:12(2)": f.set("C081:12(2)", new_provisions="пункт 5 статьи 191 Трудового кодекса",
                            new_relation="subset", new_verdict="non-compliant",
                            new_reason="Нет обязанности уведомлять."),
        # an existing decision: only the verdict changes, provisions and relation are kept
        "C081:3(1)(b)": f.set("C081:3(1)(b)", new_verdict="Соответствует",
                              new_reason="Разъяснение законодательства предусмотрено ст. 194 п. 9 ТК."),
        # Excel's quirks: the revision stored as text, empty strings in cells left blank
        "C081:8": f.set("C081:8", new_relation="no_relationship", new_verdict="insufficient_information",
                        new_reason="Нет данных о составе инспекции.", new_practice_note="", new_practice_verdict="",
                        exported_revision="0"),
        # three rows to be refused
        "C081:7(3)": f.set("C081:7(3)", new_provisions="KZ-LC:9999(1)", new_relation="subset",
                           new_verdict="partially_compliant", new_reason="Обучение — ст. 9999."),
        "C081:11(1)(a)": f.set("C081:11(1)(a)", new_provisions="KZ-LC:17(1)", new_relation="subset",
                               new_verdict="complient", new_reason="Территориальные подразделения."),
        "C081:4(1)": f.set("C081:4(1)", new_verdict="Соответствует", new_reason="Центральный орган есть."),
    }
    f.save()
    # meanwhile, a colleague changes C081:4(1) through the command line
    r = run("confirm", "C081:4(1)", "KZ-LC:16(2)", "--relation", "intersects", "--verdict", "partially_compliant",
            "--reason", "Координация территориальных подразделений не описана.", "--reviewer", "Бауыржан Омаров",
            "--workspace", root)
    assert r.exit_code == 0, r.output
    lines_before = len(audit(root))

    result = run("import", "review", book, "--reviewer", REVIEWER, "--workspace", root)
    assert result.exit_code == 3, result.output  # a conflict is reported as such
    out = result.stdout
    assert "7 row(s) applied, 2 refused, 1 conflict(s)" in out

    after = read_file(root / "mappings" / "C081.yaml")
    landed = ["C081:5(a)", "C081:5(b)", "C081:6", "C081:7(1)", "C081:12(2)", "C081:3(1)(b)", "C081:8"]
    for rid in landed:
        assert after[rid].reviewer == REVIEWER, rid
        assert after[rid].revision == (before[rid].revision if rid in before else 0) + 1, rid
    assert after["C081:5(a)"].provisions == ["KZ-LC:196(1)"] and after["C081:5(a)"].relation == "intersects"
    assert after["C081:5(a)"].verdict == "partially_compliant" and after["C081:5(a)"].reason == {"ru": reason}
    assert after["C081:6"].provisions == [] and after["C081:6"].verdict == "insufficient_information"
    assert after["C081:7(1)"].provisions == ["KZ-LC:191(2)"] and after["C081:7(1)"].relation == "intersects"
    assert after["C081:12(2)"].provisions == ["KZ-LC:191(5)"] and after["C081:12(2)"].verdict == "non_compliant"
    kept = before["C081:3(1)(b)"]
    assert after["C081:3(1)(b)"].provisions == kept.provisions and after["C081:3(1)(b)"].relation == kept.relation
    assert after["C081:3(1)(b)"].verdict == "compliant"
    assert after["C081:8"].practice == {}
    # the refused rows changed nothing: not a provision, not a verdict, nothing half-applied
    assert "C081:7(3)" not in after and "C081:11(1)(a)" not in after
    assert after["C081:4(1)"].reviewer == "Бауыржан Омаров" and after["C081:4(1)"].verdict == "partially_compliant"

    new = audit(root)[lines_before:]
    assert len(new) == 7
    assert {e["requirement"] for e in new} == set(landed) and all(e["reviewer"] == REVIEWER for e in new)

    # the report names each refused row with its row number and why, and shows both versions of the conflict
    assert f"C081 row {rows['C081:7(3)']} C081:7(3): unknown national provision 'KZ-LC:9999(1)'" in out
    assert f"C081 row {rows['C081:11(1)(a)']} C081:11(1)(a):" in out and "'complient' is not a known verdict" in out
    assert f"conflict: C081 row {rows['C081:4(1)']} C081:4(1): changed since the export (revision 1 then, 2 now, " \
           "by Бауыржан Омаров" in out
    assert "theirs (revision 2): partially_compliant / intersects / KZ-LC:16(2): Координация" in out
    assert "yours: compliant / intersects" in out and "Центральный орган есть." in out

    # importing the same file again changes nothing more: the landed rows are now stale (or identical)
    again = run("import", "review", book, "--reviewer", REVIEWER, "--workspace", root)
    assert "0 row(s) applied" in again.stdout and len(audit(root)) == lines_before + 7

    # the workbook as the reviewer saved it opens in LibreOffice
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice and not _has_calc(soffice):
        pytest.skip("soffice is present without its spreadsheet part (Debian: libreoffice-calc-nogui); the "
                    "workbook could not be opened in LibreOffice here")
    if soffice:
        outdir = tmp_path / "pdf"
        proc = subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
                               "--convert-to", "pdf", "--outdir", str(outdir), str(book)],
                              capture_output=True, text=True, timeout=180)
        pdf = outdir / (book.stem + ".pdf")
        assert pdf.exists() and pdf.stat().st_size > 10_000, proc.stdout + proc.stderr
        assert pdf.read_bytes().startswith(b"%PDF")


def test_dry_run_shows_changes_and_writes_nothing(ws_and_book: tuple[Path, Path]) -> None:
    root, book = ws_and_book
    f = Filler(book, "C081")
    f.set("C081:5(a)", new_provisions="KZ-LC:196(1)", new_relation="intersects", new_verdict="partially_compliant",
          new_reason="Interaction with other bodies only.")
    f.save()
    mapping_bytes = (root / "mappings" / "C081.yaml").read_bytes()
    logged = audit_bytes(root)
    result = run("import", "review", book, "--reviewer", REVIEWER, "--dry-run", "--workspace", root)
    assert result.exit_code == 0, result.output
    assert "would apply: C081 row" in result.stdout and "C081:5(a)" in result.stdout
    assert "after:  partially_compliant / intersects / KZ-LC:196(1)" in result.stdout
    assert "(dry run: nothing written)" in result.stdout
    assert (root / "mappings" / "C081.yaml").read_bytes() == mapping_bytes
    assert audit_bytes(root) == logged


# ---- the workbook itself ------------------------------------------------------------------------


def test_workbook_layout_for_excel(exported: tuple[Path, Path]) -> None:
    root, book = exported
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames[:2] == ["Инструкция", "C081"]
    assert wb["_gapkit"].sheet_state == "hidden" and wb["_lists"].sheet_state == "hidden"
    sheet = wb["C081"]
    cols = header_columns(sheet)
    ws = load(root)
    rids = [c.id for c in ws.instruments["C081"].clauses.values() if c.is_substantive]
    assert [sheet.cell(row=r, column=1).value for r in range(2, sheet.max_row + 1)] == rids
    assert sheet.freeze_panes == "B2"
    hidden = cols[W.header("exported_revision", "ru")]
    assert sheet.column_dimensions[openpyxl.utils.get_column_letter(hidden)].hidden
    assert sheet.protection.sheet and sheet.cell(row=2, column=cols[W.header("new_verdict", "ru")]).protection.locked \
        is False
    assert sheet.cell(row=2, column=1).protection.locked is not False
    assert sheet.cell(row=2, column=cols[W.header("text", "ru")]).alignment.wrap_text
    # drop-downs on the verdict and relation columns, fed by the hidden list sheet
    sqrefs = {str(dv.sqref): dv.formula1 for dv in sheet.data_validations.dataValidation}
    verdict_col = openpyxl.utils.get_column_letter(cols[W.header("new_verdict", "ru")])
    relation_col = openpyxl.utils.get_column_letter(cols[W.header("new_relation", "ru")])
    assert any(k.startswith(verdict_col) and "_lists" in v for k, v in sqrefs.items())
    assert any(k.startswith(relation_col) and "_lists" in v for k, v in sqrefs.items())
    assert [c.value for c in wb["_lists"]["A"]] == W.vocabulary_labels("verdict", "ru")
    # the current decision, with its revision in the visible and the hidden column
    r = row_of(sheet, "C081:3(1)(b)")
    assert sheet.cell(row=r, column=cols[W.header("provisions", "ru")]).value == "KZ-LC:194(9); KZ-EC:144-2(1)"
    assert sheet.cell(row=r, column=cols[W.header("verdict", "ru")]).value == "Частично соответствует"
    assert sheet.cell(row=r, column=hidden).value == 1
    # the top suggestions of gapkit.match, with their text
    sugg = sheet.cell(row=r, column=cols[W.header("suggestion_1", "ru")]).value
    assert sugg.startswith("KZ-") and "(оценка " in sugg
    assert "Трудового кодекса" in sugg or "Предпринимательского кодекса" in sugg
    instructions = " ".join(str(c.value) for row in wb["Инструкция"].iter_rows() for c in row if c.value)
    assert "Как заполнять" in instructions and "--dry-run" in instructions and "Частично соответствует" in instructions


def test_english_workbook_and_no_matcher(mini_ws: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from gapkit import match

    def failing(*a: object, **k: object) -> object:
        raise RuntimeError("the matcher broke")

    monkeypatch.setattr(match, "suggest", failing)
    result = export_review(load(mini_ws), ["C081"], "en", tmp_path / "en.xlsx")
    assert not result.suggestions and "gapkit.match" in result.note
    wb = openpyxl.load_workbook(tmp_path / "en.xlsx")
    assert wb.sheetnames[:2] == ["Instructions", "C081"]
    text = " ".join(str(c.value) for row in wb["Instructions"].iter_rows() for c in row if c.value)
    assert "How to fill in" in text and "not available" in text
    sheet = wb["C081"]
    cols = header_columns(sheet)
    assert "YOUR verdict" in cols and "Suggested provision 1" in cols
    first = cols["Suggested provision 1"]
    assert all(sheet.cell(row=r, column=first).value is None for r in range(2, sheet.max_row + 1))
    # and the rest works: a filled row lands
    f = Filler(tmp_path / "en.xlsx", "C081", "en")
    f.set("C081:12(1)(a)", new_provisions="KZ-LC:191(5)", new_relation="partial overlap", new_verdict="Not compliant",
          new_reason="Inspections only with prior notice.")
    f.save()
    res = import_review(load(mini_ws), tmp_path / "en.xlsx", "A. Expert")
    assert [r.requirement for r in res.of("applied")] == ["C081:12(1)(a)"]
    assert read_file(mini_ws / "mappings" / "C081.yaml")["C081:12(1)(a)"].verdict == "non_compliant"


# ---- refusals, each with its row number and reason -----------------------------------------------


@pytest.fixture
def mini_book(mini_ws: Path, tmp_path: Path) -> Path:
    book = tmp_path / "mini.xlsx"
    export_review(load(mini_ws), ["C081"], "ru", book, suggestions=0)
    return book


def test_unknown_id_missing_reason_and_duplicates_are_refused(mini_ws: Path, mini_book: Path) -> None:
    f = Filler(mini_book, "C081")
    r1 = f.set("C081:12(1)", new_provisions="KZ-LC:191(5)", new_relation="subset", new_verdict="compliant")
    # the reviewer overwrote the id: an unknown requirement
    r2 = f.set("C081:12(1)(a)", id="C081:99", new_relation="subset", new_verdict="compliant", new_reason="x")
    values = {W.header("id", "ru"): "C081:12(1)", W.header("new_provisions", "ru"): "KZ-LC:191(5)",
              W.header("new_relation", "ru"): "subset", W.header("new_verdict", "ru"): "compliant",
              W.header("new_reason", "ru"): "again", W.header("exported_revision", "ru"): 0}
    f.sheet.append([values.get(str(c.value)) for c in f.sheet[1]])
    f.save()
    res = import_review(load(mini_ws), mini_book, "A. Expert")
    refused = {r.row: r.reason for r in res.of("refused")}
    assert "a changed row needs YOUR reason" in refused[r1]
    assert "unknown requirement id 'C081:99'" in refused[r2]
    dup = max(refused)  # the row appended at the end: the same requirement a second time
    assert f"C081:12(1) is changed again in sheet 'C081', row {r1}" in refused[dup]
    assert res.of("applied") == [] and not (mini_ws / "mappings" / "C081.yaml").exists()


def test_a_row_is_applied_whole_or_not_at_all(mini_ws: Path, mini_book: Path) -> None:
    MappingStore(load(mini_ws)).confirm("C081:12(1)(a)", ["KZ-LC:191(5)"], "intersects", "non_compliant",
                                        "Notice required.", "First")
    book2 = mini_book.with_name("again.xlsx")
    export_review(load(mini_ws), ["C081"], "ru", book2, suggestions=0)
    f = Filler(book2, "C081")
    # a good provision and reason, a bad relation: nothing of the row is written
    row = f.set("C081:12(1)(a)", new_provisions="KZ-LC:191(5); KZ-LC:191", new_relation="overlaps",
                new_verdict="compliant", new_reason="Now covered.")
    f.save()
    res = import_review(load(mini_ws), book2, "Second")
    (refused,) = res.of("refused")
    assert refused.row == row and "'overlaps' is not a known relation" in refused.reason
    m = read_file(mini_ws / "mappings" / "C081.yaml")["C081:12(1)(a)"]
    assert (m.revision, m.verdict, m.provisions, m.reviewer) == (1, "non_compliant", ["KZ-LC:191(5)"], "First")
    assert len(audit(mini_ws)) == 1


def test_hidden_revision_tampered_and_unchanged_rows(mini_ws: Path, mini_book: Path) -> None:
    f = Filler(mini_book, "C081")
    row = f.set("C081:12(1)", new_relation="subset", new_verdict="compliant", new_reason="r", exported_revision="")
    f.save()
    res = import_review(load(mini_ws), mini_book, "A. Expert")
    assert res.of("refused")[0].row == row and "hidden revision column" in res.of("refused")[0].reason
    assert res.unchanged == 1  # the other requirement's row, left blank


@pytest.mark.parametrize("content, message", [
    (b"not a workbook", "not an Excel workbook"),
    (None, "not a review workbook exported by gapkit"),
])
def test_files_that_are_not_review_workbooks(mini_ws: Path, tmp_path: Path, content: bytes | None,
                                             message: str) -> None:
    path = tmp_path / "x.xlsx"
    if content is None:
        openpyxl.Workbook().save(path)
    else:
        path.write_bytes(content)
    result = run("import", "review", path, "--reviewer", "A", "--workspace", mini_ws)
    assert result.exit_code == 1 and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (mini_ws / "mappings" / "C081.yaml").exists()


def test_export_of_an_unknown_convention_fails_clearly(mini_ws: Path, tmp_path: Path) -> None:
    result = run("export", "review", "C999", "-o", tmp_path / "x.xlsx", "--workspace", mini_ws)
    assert result.exit_code == 1 and "no Convention catalogue 'C999'" in result.stderr
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.slow
def test_workbook_saved_again_by_libreoffice_still_imports(ws_and_book: tuple[Path, Path], tmp_path: Path) -> None:
    """A reviewer who uses LibreOffice Calc instead of Excel: the file it saves reads back the same."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice or not _has_calc(soffice):
        pytest.skip("LibreOffice Calc is not installed here (Debian: libreoffice-calc-nogui)")
    root, book = ws_and_book
    f = Filler(book, "C081")
    row = f.set("C081:5(a)", new_provisions="KZ-LC:196(1)", new_relation="частичное пересечение",
                new_verdict="Частично соответствует", new_reason="Взаимодействие с другими органами.")
    f.save()
    out = tmp_path / "lo"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(book)], capture_output=True, timeout=180)
    resaved = out / book.name
    assert resaved.exists()
    res = import_review(load(root), resaved, REVIEWER)
    assert [(r.row, r.requirement) for r in res.of("applied")] == [(row, "C081:5(a)")] and not res.of("refused")
    assert read_file(root / "mappings" / "C081.yaml")["C081:5(a)"].reviewer == REVIEWER
