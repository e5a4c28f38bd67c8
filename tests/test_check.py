"""`gapkit check`: 0 on a sound workspace; file:line messages and a non-zero exit otherwise."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from gapkit.cli import main

from .conftest import REPO, write


def run_check(ws: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", "--workspace", str(ws)])
    return result.exit_code, result.output


def test_sound_workspace_passes(mini_ws: Path) -> None:
    code, out = run_check(mini_ws)
    assert code == 0, out


def test_shipped_workspace_passes() -> None:
    code, out = run_check(REPO)
    assert code == 0, out


def test_duplicate_id_is_reported_with_its_line(mini_ws: Path) -> None:
    path = mini_ws / "conventions" / "C081.yaml"
    path.write_text(path.read_text() + '  - id: "C081:12(1)"\n    kind: obligation\n    text: {en: x, ru: y}\n'
                    '    concepts: [labour_inspector]\n', encoding="utf-8")
    code, out = run_check(mini_ws)
    assert code == 1
    dup = [ln for ln in out.splitlines() if "duplicate id C081:12(1)" in ln]
    assert dup, out
    last = len(path.read_text().splitlines()) - 3  # the added clause starts 4 lines from the end
    assert dup[0].startswith(f"conventions/C081.yaml:{last}:")


def test_dangling_references_are_reported(mini_ws: Path) -> None:
    path = mini_ws / "conventions" / "C081.yaml"
    text = path.read_text().replace('parent: "C081:part-I"', 'parent: "C081:part-IX"')
    text = text.replace("concepts: [labour_inspector, inspection_visit]",
                        "concepts: [labour_inspector, no_such_concept]")
    path.write_text(text + '  - id: "C081:14(2)"\n    text: {en: x, ru: y}\n    concepts: [labour_inspector]\n',
                    encoding="utf-8")
    code, out = run_check(mini_ws)
    assert code == 1
    assert "parent C081:part-IX is not in C081" in out
    assert "unknown concept 'no_such_concept'" in out
    assert "C081:14(2): parent C081:14 is not in C081" in out
    for ln in out.splitlines()[:-1]:
        assert ln.split(":", 2)[1].isdigit(), ln  # every message has file:line


def test_bad_vocabulary_values_are_reported(mini_ws: Path) -> None:
    path = mini_ws / "national_law" / "kz" / "labour_code.yaml"
    text = path.read_text().replace("kind: container", "kind: chapter")
    text = text.replace("text: {ru: Контроль", "uncertain: maybe\n    text: {xx: oops, ru: Контроль")
    path.write_text(text, encoding="utf-8")
    code, out = run_check(mini_ws)
    assert code == 1
    assert "kind 'chapter' is not one of" in out
    assert "uncertain must be true or false" in out
    assert "unknown language 'xx'" in out


def test_broken_yaml_gives_file_and_line_not_a_traceback(mini_ws: Path) -> None:
    write(mini_ws, "conventions/C129.yaml", "instrument:\n  code: C129\n  title: {en: [unclosed\nclauses: []\n")
    code, out = run_check(mini_ws)
    assert code == 1
    assert "Traceback" not in out
    assert any(ln.startswith("conventions/C129.yaml:") and "invalid YAML" in ln for ln in out.splitlines()), out


def test_not_utf8_file_is_reported(mini_ws: Path) -> None:
    (mini_ws / "conventions" / "C131.yaml").write_bytes(b"instrument:\n  code: C131\n  title: \xff\xfe\n")
    code, out = run_check(mini_ws)
    assert code == 1 and "conventions/C131.yaml:3: not UTF-8 text" in out


def test_no_workspace_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--workspace", str(tmp_path)])
    assert result.exit_code == 2
    assert "not a gapkit workspace" in result.output and "--workspace" in result.output


@pytest.mark.parametrize("problem", ["duplicate", "dangling", "vocabulary", "yaml"])
def test_console_script_exits_nonzero(mini_ws: Path, problem: str) -> None:
    """The installed `gapkit` command, as a user runs it."""
    conv = mini_ws / "conventions" / "C081.yaml"
    text = conv.read_text()
    text = {
        "duplicate": text + '  - id: "C081:12"\n    kind: container\n',
        "dangling": text.replace('parent: "C081:part-I"', 'parent: "C081:part-II"'),
        "vocabulary": text.replace("kind: obligation", "kind: duty", 1),
        "yaml": text.replace("clauses:", "clauses: [", 1),
    }[problem]
    conv.write_text(text, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "gapkit.cli", "check"], cwd=mini_ws, capture_output=True, text=True)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert proc.stdout.startswith("conventions/C081.yaml:")


def test_an_act_that_is_uncertain_says_why(mini_ws: Path) -> None:
    act = mini_ws / "national_law" / "kz" / "labour_code.yaml"
    act.write_text(act.read_text().replace("  act_number: 414-V", "  act_number: 414-V\n  uncertain: true"),
                   encoding="utf-8")
    code, out = run_check(mini_ws)
    assert code == 1 and "KZ-LC: uncertain, but uncertain_note does not say why" in out
    text = act.read_text().replace("  uncertain: true", "  uncertain: true\n  uncertain_note: edition not read")
    act.write_text(text, encoding="utf-8")
    from gapkit.workspace import load

    inst = load(mini_ws).instruments["KZ-LC"]
    assert inst.uncertain and inst.uncertain_note == "edition not read"
    assert run_check(mini_ws)[0] == 0
