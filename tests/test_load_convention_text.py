"""Importing a Convention's authentic text: NORMLEX copied text, saved HTML, treaty Markdown."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from gapkit.cli import main
from gapkit.load.convention_text import parse_text, read_lines
from gapkit.workspace import load

NORMLEX_TEXT = """\
C081 - Labour Inspection Convention, 1947 (No. 81)
Preamble
The General Conference of the International Labour Organisation,
adopts the following Convention:
PART I. LABOUR INSPECTION IN INDUSTRY
Article 12
1. Labour inspectors provided with proper credentials shall be empowered--
(a) to enter freely and without previous notification at any hour of the day or night;
"""


def _import(ws: Path, file: Path, code: str = "C081") -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["import", "convention", str(file), "--instrument", code,
                                       "--format", "json", "--workspace", str(ws)])
    return result.exit_code, (json.loads(result.stdout) if result.stdout.strip().startswith("{") else {})


def test_normlex_copied_text_is_placed(mini_ws: Path, tmp_path: Path) -> None:
    src = tmp_path / "src" / "c081.txt"
    src.parent.mkdir()
    src.write_text(NORMLEX_TEXT, encoding="utf-8")
    code, report = _import(mini_ws, src)
    ws = load(mini_ws)
    assert ws.clause("C081:12(1)(a)").authentic["en"].startswith("to enter freely")
    assert ws.clause("C081:12(1)").authentic["en"].startswith("Labour inspectors provided")
    # the mini catalogue has no preamble clause: that is reported, not dropped
    assert [u["line"] for u in report["unplaced"]] == [3, 4]
    assert code == 1


def test_saved_html_gives_the_same_text(mini_ws: Path, tmp_path: Path) -> None:
    html_page = tmp_path / "src" / "c081.html"
    html_page.parent.mkdir()
    html_page.write_text(
        "<html><head><title>NORMLEX</title><script>var x=1;</script></head><body>"
        "<h3>Article 12</h3><p>1. Labour inspectors provided with proper credentials shall be empowered--</p>"
        "<p>(a) to enter freely and without previous notification at any hour of the day or night;</p>"
        "</body></html>", encoding="utf-8")
    code, report = _import(mini_ws, html_page)
    assert code == 0 and report["unplaced"] == [] and report["placed"] == 2
    ws = load(mini_ws)
    assert ws.clause("C081:12(1)(a)").authentic["en"] == (
        "to enter freely and without previous notification at any hour of the day or night;")


def test_roman_points_and_letters_are_told_apart() -> None:
    lines = ["### Article  12", "1. chapeau", "(c) to carry out", "(i) to interrogate", "(ii) to require",
             "2. next", "### Article  3", "(g) seven", "(h) eight", "(i) the ninth letter"]
    parsed = parse_text(lines, "C081")
    assert set(parsed.texts) == {"C081:12", "C081:12(1)", "C081:12(1)(c)", "C081:12(1)(c)(i)",
                                 "C081:12(1)(c)(ii)", "C081:12(2)", "C081:3", "C081:3(g)", "C081:3(h)", "C081:3(i)"}


def test_bad_files_are_refused_and_change_nothing(mini_ws: Path, tmp_path_factory) -> None:
    before = {p: p.read_bytes() for p in mini_ws.rglob("*") if p.is_file()}
    tmp_path = tmp_path_factory.mktemp("src")
    empty = tmp_path / "empty.md"
    empty.write_text("")
    binary = tmp_path / "x.md"
    binary.write_bytes(b"PK\x03\x04\x00\x00binary")
    other = tmp_path / "other.html"
    other.write_text("<html><body><p>Weather in Astana: sunny</p></body></html>")
    for f in (empty, binary, other, tmp_path / "missing.md"):
        result = CliRunner().invoke(main, ["import", "convention", str(f), "--instrument", "C081",
                                           "--workspace", str(mini_ws)])
        assert result.exit_code == 2, f
        assert len(result.stderr.strip().splitlines()) == 1
    after = {p: p.read_bytes() for p in mini_ws.rglob("*") if p.is_file()}
    assert before == after


def test_read_lines_strips_html_markup(tmp_path: Path) -> None:
    f = tmp_path / "a.html"
    f.write_text("<html><body><p>Article 1</p><p>Each Member&nbsp;shall</p></body></html>")
    assert [ln.strip() for ln in read_lines(f) if ln.strip()] == ["Article 1", "Each Member\xa0shall"]
