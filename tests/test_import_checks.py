"""Importers check that the text is what the user says it is: the act of `import law` against --act, the Convention
of `import convention` against --instrument and its language against --lang, the encoding, a duplicated article, the
rows of a review workbook against their sheet's Convention; two imports into one act at once lose nothing.

Every refusal is one line on stderr, exit code 2, and the workspace byte for byte as it was."""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from gapkit.cli import main
from gapkit.exchange.workbook import export_review
from gapkit.workspace import load

from .conftest import copy_shipped, need_corpus, write
from .exchange_helpers import Filler, audit, copy_workspace


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def snapshot(root: Path) -> dict[str, str]:
    """Every file of the workspace, hidden ones too, by its content's hash."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def refused(root: Path, *args: str | Path) -> str:
    """Run a command that must be refused: exit 2, one line on stderr, nothing on stdout, nothing changed."""
    before = snapshot(root)
    code, out, err = run(*args, "--workspace", root)
    assert code == 2 and out == "", (code, out, err)
    assert err.startswith("gapkit: ") and err.count("\n") == 1, err
    assert snapshot(root) == before
    return err


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    return copy_shipped(tmp_path / "ws")


# ---- import law: the act the text is of --------------------------------------------------------------------------


def test_trade_union_law_given_as_the_labour_code_is_refused(shipped: Path) -> None:
    err = refused(shipped, "import", "law", need_corpus("kz", "trade_unions_law", "rus.md"), "--act", "KZ-LC")
    assert "not the text of KZ-LC" in err and "О профессиональных союзах" in err
    assert "--act KZ-TU" in err  # the act it is


def test_entrepreneurial_code_given_as_the_labour_code_is_refused(shipped: Path) -> None:
    # a range of articles without a title: the mirror's meta.yaml of the folder it sits in says what it is
    src = need_corpus("kz", "entrepreneurial_code", "rus", "sec003_st137-st157.md")
    err = refused(shipped, "import", "law", src, "--act", "KZ-LC")
    assert "not the text of KZ-LC" in err and "--act KZ-EC" in err


def test_a_copied_file_is_told_by_its_title(mini_ws: Path, tmp_path: Path) -> None:
    # no meta.yaml beside it, and the workspace holds no act of that title: the title alone refuses it
    src = tmp_path / "in" / "law.md"
    src.parent.mkdir()
    shutil.copy(need_corpus("kz", "trade_unions_law", "rus.md"), src)
    err = refused(mini_ws, "import", "law", src, "--act", "KZ-LC")
    assert "«О профессиональных союзах»" in err and "not the text of KZ-LC" in err
    assert "Трудовой кодекс Республики Казахстан" in err


def test_a_copied_section_without_title_is_told_by_its_article_headings(shipped: Path, tmp_path: Path) -> None:
    src = tmp_path / "in" / "section.md"
    src.parent.mkdir()
    shutil.copy(need_corpus("kz", "entrepreneurial_code", "rus", "sec003_st137-st157.md"), src)
    err = refused(shipped, "import", "law", src, "--act", "KZ-LC")
    assert "not the text of KZ-LC" in err and "headings" in err and "--act KZ-EC" in err


def test_the_right_texts_still_import(shipped: Path) -> None:
    for parts, act in ((("labour_code", "rus", "sec005.md"), "KZ-LC"), (("labour_code", "kaz", "sec005.md"), "KZ-LC"),
                       (("trade_unions_law", "rus.md"), "KZ-TU"), (("constitution", "2026", "rus.md"), "KZ-CONST")):
        code, _, err = run("import", "law", need_corpus("kz", *parts), "--act", act, "--workspace", shipped)
        assert code in (0, 1) and "not the text" not in err, (parts, err)


# ---- import law: an act the workspace does not hold ----------------------------------------------------------------


def test_an_unknown_code_gets_did_you_mean(mini_ws: Path) -> None:
    src = need_corpus("kz", "labour_code", "rus", "sec005.md")
    err = refused(mini_ws, "import", "law", src, "--act", "KZ-XX")
    assert "no act KZ-XX in the workspace" in err and "did you mean KZ-LC?" in err and "--new-act" in err
    # an alias typed for the code
    err = refused(mini_ws, "import", "law", src, "--act", "LC")
    assert "did you mean KZ-LC?" in err


def test_a_new_act_is_made_only_when_asked_and_not_for_a_known_text(shipped: Path, mini_ws: Path) -> None:
    # the Trade Union Law is KZ-TU in the shipped workspace: not a new act under another code
    err = refused(shipped, "import", "law", need_corpus("kz", "trade_unions_law", "rus.md"), "--act", "KZ-PS",
                  "--new-act")
    assert "--act KZ-TU" in err
    # an act the workspace holds is not new
    err = refused(mini_ws, "import", "law", need_corpus("kz", "labour_code", "rus", "sec005.md"), "--act", "KZ-LC",
                  "--new-act")
    assert "KZ-LC is an act of the workspace already" in err
    code, _, err = run("import", "law", need_corpus("kz", "trade_unions_law", "rus.md"), "--act", "KZ-TU",
                       "--new-act", "--workspace", mini_ws)
    assert code == 0, err
    assert "KZ-TU" in load(mini_ws).instruments


# ---- import law: two imports into one act at once ----------------------------------------------------------------


@pytest.mark.slow
def test_two_concurrent_imports_into_one_act_lose_nothing(mini_ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each import reads the act's file, merges and writes it; the two are held at the write until both have read
    (or a second has passed): without the act's lock both write what they read before the other wrote."""
    from gapkit.load import law_store

    write_atomic = law_store.write_atomic
    barrier = threading.Barrier(2)

    def held(path: Path, text: str) -> None:
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=1)
        write_atomic(path, text)

    monkeypatch.setattr(law_store, "write_atomic", held)
    errors: list[BaseException] = []

    def one(name: str) -> None:
        try:
            law_store.import_law(load(mini_ws), need_corpus("kz", "labour_code", "rus", name), "KZ-LC", "ru",
                                 "2026-03-02")
        except BaseException as e:  # noqa: BLE001 - reported by the test
            errors.append(e)

    threads = [threading.Thread(target=one, args=(n,)) for n in ("sec005.md", "sec001_st15-st17.md")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    clauses = load(mini_ws).instruments["KZ-LC"].clauses
    assert "KZ-LC:193(1)" in clauses and "KZ-LC:16(2)" in clauses  # both imports landed
    assert clauses["KZ-LC:191(5)"].concepts == ["inspection_visit"]  # and what the file held is kept


# ---- import convention -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "other"), [("C129.en.md", "C129"), ("C087.en.md", "C087"), ("C102.en.md", "C102")])
def test_another_conventions_text_is_refused(shipped: Path, name: str, other: str) -> None:
    err = refused(shipped, "import", "convention", need_corpus("ilo", name), "--instrument", "C081")
    assert "not the text of C081" in err and f"--instrument {other}" in err


def test_the_conventions_own_text_imports(shipped: Path) -> None:
    code, _, err = run("import", "convention", need_corpus("ilo", "C129.en.md"), "--instrument", "C129",
                       "--workspace", shipped)
    assert code in (0, 1) and "not the text" not in err, err
    assert load(shipped).clause("C129:1(1)").authentic["en"].startswith("In this Convention")


def test_the_language_is_checked(shipped: Path, tmp_path: Path) -> None:
    err = refused(shipped, "import", "convention", need_corpus("ilo", "C081.en.md"), "--instrument", "C081",
                  "--lang", "ru")
    assert "is in English" in err and "--lang ru" in err
    russian = write(tmp_path, "c081.ru.txt", """
        Конвенция 1947 года об инспекции труда (№ 81)
        Статья 12
        1. Инспекторы труда, снабженные надлежащими документами, имеют право:
        а) беспрепятственно проходить без предварительного уведомления в любой час дня и ночи;
        """)
    err = refused(shipped, "import", "convention", russian, "--instrument", "C081", "--lang", "en")
    assert "is in Russian" in err and "--lang en" in err
    err = refused(shipped, "import", "convention", russian, "--instrument", "C081", "--lang", "kk")
    assert "is in Russian" in err and "--lang kk" in err


def test_invalid_utf8_is_refused_not_read_as_cp1252(mini_ws: Path, tmp_path: Path) -> None:
    src = tmp_path / "c081.txt"
    src.write_bytes(b"Labour Inspection Convention, 1947 (No. 81)\nArticle 12\n"
                    b"1. Labour inspectors shall be empowered\n(a) to enter \x93freely\x94 at any hour;\n")
    err = refused(mini_ws, "import", "convention", src, "--instrument", "C081")
    assert "not UTF-8" in err and "line 4" in err


def test_a_duplicated_article_is_an_error_with_its_line(mini_ws: Path, tmp_path: Path) -> None:
    src = write(tmp_path, "c081.txt", """
        Labour Inspection Convention, 1947 (No. 81)
        Article 12
        1. Labour inspectors provided with proper credentials shall be empowered--
        (a) to enter freely and without previous notification at any hour of the day or night;
        Article 12
        1. Labour inspectors shall be empowered to do something else.
        """)
    err = refused(mini_ws, "import", "convention", src, "--instrument", "C081")
    assert "line 5" in err and "Article 12" in err and "line 2" in err


# ---- import review -----------------------------------------------------------------------------------------------


def test_a_row_of_another_convention_in_a_sheet_applies_nothing(tmp_path: Path) -> None:
    root = copy_workspace(tmp_path / "ws")
    book = tmp_path / "book.xlsx"
    export_review(load(root), ["C081"], "en", book, suggestions=0)
    f = Filler(book, "C081", "en")
    f.set("C081:12(1)(a)", new_provisions="KZ-LC:193(1)", new_relation="partial overlap",
          new_verdict="Partially compliant", new_reason="A good row.")
    row = f.set("C081:12(1)(b)", id="C129:1(1)", new_provisions="KZ-LC:193(1)", new_relation="partial overlap",
                new_verdict="Compliant", new_reason="The id was changed to another Convention's.")
    f.save()
    audit_before = audit(root)
    err = refused(root, "import", "review", book, "--reviewer", "A. Expert")
    assert f"sheet 'C081', row {row}" in err and "C129:1(1)" in err and "not of C081" in err
    assert audit(root) == audit_before
