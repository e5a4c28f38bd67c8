"""The command line as a user (or a script) calls it: cite, show, list, init."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from gapkit.cli import main

from .conftest import REPO


def invoke(*args: str, ws: Path = REPO) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [*args, "--workspace", str(ws)])
    return result.exit_code, result.stdout, result.stderr


def test_cite_json_lists_each_citation_in_order() -> None:
    code, out, _ = invoke("cite",
                          "Articles 12 and 16 of Convention No. 81 and Articles 16 and 21 of Convention No. 129",
                          "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert [d["id"] for d in data] == ["C081:12", "C081:16", "C129:16", "C129:21"]
    assert all(d["text"] for d in data)


def test_cite_with_context_resolves_this_code() -> None:
    code, out, _ = invoke("cite", "пункта 3 статьи 198 настоящего Кодекса", "--context", "KZ-LC", "--format", "json")
    assert code == 0
    assert json.loads(out)[0] == {"id": "KZ-LC:198(3)", "text": "пункта 3 статьи 198 настоящего Кодекса",
                                  "start": 0, "end": 38}


def test_cite_reports_what_it_cannot_resolve_on_stderr() -> None:
    code, out, err = invoke("cite", "пункта 3 статьи 198 настоящего Кодекса", "--format", "json")
    assert code == 0 and json.loads(out) == []
    assert "not resolved" in err and "context" in err


def test_show_returns_clause_in_every_language(mini_ws: Path) -> None:
    code, out, _ = invoke("show", "C081:12(1)(a)", "--format", "json", ws=mini_ws)
    assert code == 0
    d = json.loads(out)
    assert d["id"] == "C081:12(1)(a)"
    assert d["text"]["en"] and d["text"]["ru"]
    assert d["parent"] == "C081:12(1)"
    assert d["citation"]["ru"] == "статья 12(1)(a) Конвенции № 81"


def test_show_accepts_a_citation_as_people_write_it(mini_ws: Path) -> None:
    code, out, _ = invoke("show", "пункт 5 статьи 191 Трудового кодекса", "--format", "json", ws=mini_ws)
    assert code == 0 and json.loads(out)["id"] == "KZ-LC:191(5)"


def test_show_unknown_clause_is_a_clear_error(mini_ws: Path) -> None:
    code, _, err = invoke("show", "C081:99", "--format", "json", ws=mini_ws)
    assert code == 1 and "C081:99 is not in the workspace" in err


def test_list_instrument_json(mini_ws: Path) -> None:
    code, out, _ = invoke("list", "KZ-LC", "--format", "json", ws=mini_ws)
    assert code == 0
    rows = json.loads(out)
    assert [r["id"] for r in rows] == ["KZ-LC:191", "KZ-LC:191(5)"]
    assert set(rows[1]) >= {"id", "number", "heading", "text", "kind", "concepts", "uncertain"}
    assert rows[1]["text"]["ru"] and rows[1]["text"]["en"]


def test_list_shipped_labour_code_has_russian_and_english() -> None:
    code, out, _ = invoke("list", "KZ-LC", "--format", "json")
    assert code == 0
    rows = [r for r in json.loads(out) if r["kind"] not in ("container", "excluded")]
    assert rows and all(r["text"].get("ru") and r["text"].get("en") for r in rows)


def test_init_makes_a_workspace_with_the_catalogues(tmp_path: Path, mini_ws: Path) -> None:
    target = tmp_path / "ghana"
    result = CliRunner().invoke(main, ["init", str(target), "--country", "GH", "--from", str(mini_ws)])
    assert result.exit_code == 0, result.output
    for folder in ("conventions", "national_law/gh", "mappings", "comments", "roadmap", "reports"):
        assert (target / folder).is_dir()
    assert (target / "conventions" / "C081.yaml").is_file()
    assert 'country = "gh"' in (target / "gapkit.toml").read_text()
    code, out, _ = invoke("check", ws=target)
    assert code == 0, out
    code, out, _ = invoke("list", "C081", "--format", "json", ws=target)
    assert code == 0 and len(json.loads(out)) == 4


def test_init_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("keep me")
    result = CliRunner().invoke(main, ["init", str(tmp_path), "--country", "kz"])
    assert result.exit_code == 2 and (tmp_path / "x.txt").read_text() == "keep me"


def test_every_command_takes_a_convention_as_people_type_it(tmp_path: Path) -> None:
    """C081, c81 and 81 are the same Convention for every command; an unknown one is named with those held."""
    for given in ("C081", "c81", "81"):
        out = tmp_path / f"{given}.json"
        result = CliRunner().invoke(main, ["export", "oscal", given, "-o", str(out), "--workspace", str(REPO)])
        assert result.exit_code == 0, result.output
        assert json.loads(out.read_text(encoding="utf-8"))["mapping-collection"]
    result = CliRunner().invoke(main, ["export", "oscal", "999", "-o", str(tmp_path / "x.json"),
                                       "--workspace", str(REPO)])
    assert result.exit_code != 0 and "no Convention '999'" in result.output and "C081, C087" in result.output
