"""Bad workspace files give problems with their place, never a traceback; a damaged line of a log never blocks a
write or a page; writes that would lose what a file holds are refused; what gapkit writes reads back."""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gapkit.check import run_checks
from gapkit.cli import main
from gapkit.comments import load_comments
from gapkit.indicators.figures import load_indicators
from gapkit.review import MappingStore, history, load_mappings, read_audit
from gapkit.roadmap.load import load as load_roadmap
from gapkit.roadmap.view import roadmap_view
from gapkit.workspace import load
from gapkit.yamlio import YamlError

from .conftest import copy_shipped, write


def run(*args: str | Path) -> tuple[int, str, str, BaseException | None]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr, result.exception


def _snapshot(root: Path) -> dict[str, str]:
    """Every file's content (the lock files a writer opens hold nothing and are left out)."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and p.suffix != ".lock"}


# ---- random shapes for every loader ----------------------------------------------------------------------------

_TEXT = st.text(alphabet=st.sampled_from(list("aZ09 :-\"'\\\n\tЯж№()[]{}#&*!|>%@`")), max_size=12)
_KEYS = st.sampled_from(["id", "kind", "text", "terms", "label", "conventions", "requirement", "verdict",
                         "provisions", "reason", "mappings", "instrument", "clauses", "concepts", "points",
                         "comment", "roadmap", "sections", "measures", "parties", "c102", "figures", "part",
                         "ru", "en", "parent", "heading", "params", "revision", "relation", "proposals",
                         "topic", "title", "status", "deadline", "number", "code", "x"])
_SHAPES = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 10 ** 6) | st.floats(allow_nan=False) | _TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(_KEYS, children, max_size=5),
    max_leaves=25)

#: each workspace file a loader reads, with the top-level keys its real files have (so the shapes reach inside)
FILES = {
    "conventions/C999.yaml": ("instrument", "clauses"),
    "national_law/kz/random_act.yaml": ("instrument", "clauses"),
    "conventions/thesaurus/random.yaml": ("concepts",),
    "mappings/C081.yaml": ("instrument", "mappings"),
    "comments/kz/random.yaml": ("comment", "points"),
    "roadmap/random.yaml": ("roadmap", "parties", "sections", "facts"),
    "national_law/kz/indicators.yaml": ("indicators", "figures", "benchmarks", "c102"),
}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_shipped(tmp_path_factory.mktemp("robust") / "ws")


def _read_everything(root: Path) -> None:
    """What the commands read, in the order they read it; a file that cannot be read is a YamlError that names it
    (the commands turn it into one line and exit 2): anything else is a bug."""
    ws = load(root)
    run_checks(ws)
    with contextlib.suppress(YamlError):
        load_mappings(ws)
    load_comments(ws)
    load_roadmap(ws)
    roadmap_view(ws, date(2026, 1, 1))
    load_indicators(ws)


@pytest.mark.slow
@pytest.mark.parametrize("rel", list(FILES))
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_shape_of_a_file_is_a_problem_never_a_traceback(base: Path, tmp_path_factory: pytest.TempPathFactory,
                                                            rel: str, data: st.DataObject) -> None:
    root = tmp_path_factory.mktemp("shape")
    for part in ("gapkit.toml", "conventions", "national_law", "mappings", "comments", "roadmap"):
        src = base / part
        if src.is_dir():
            import shutil

            shutil.copytree(src, root / part, dirs_exist_ok=True)
        else:
            (root / part).write_bytes(src.read_bytes())
    keys = FILES[rel]
    shape = data.draw(st.one_of(_SHAPES, st.fixed_dictionaries({}, optional={k: _SHAPES for k in keys})))
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump(shape, allow_unicode=True), encoding="utf-8")
    _read_everything(root)
    code, _out, err, exc = run("status", "--workspace", root)
    assert code in (0, 1, 2) and (exc is None or isinstance(exc, SystemExit)), err


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.one_of(
    st.builds(lambda r: json.dumps({"requirement": r, "revision": 1, "action": "confirm"}),
              st.sampled_from(["C081:1", "C081:3(1)(a)"])),
    st.text(max_size=40), st.binary(max_size=30).map(lambda b: b.decode("latin-1"))), max_size=8))
@pytest.mark.slow
def test_a_damaged_log_line_never_blocks_the_history_or_a_write(base: Path, tmp_path_factory: pytest.TempPathFactory,
                                                               lines: list[str]) -> None:
    root = copy_shipped(tmp_path_factory.mktemp("log") / "ws")
    (root / "mappings" / "audit.jsonl").write_text("".join(x.replace("\n", " ") + "\n" for x in lines)
                                                   + '{"requirement": "C081:1", "revis', encoding="utf-8")
    entries, damaged = read_audit(root)
    assert damaged  # at least the line cut short
    history(root, "C081:1")
    ws = load(root)
    MappingStore(ws).confirm("C081:1", ["KZ-LC:191(1)"], "equal", "compliant", {"ru": "Да.", "en": "Yes."},
                             "A. Expert")
    entries2, damaged2 = read_audit(root)
    assert len(entries2) == len(entries) + 1 and len(damaged2) == len(damaged)  # the new line is whole
    assert any("damaged line" in str(p) for p in run_checks(load(root)))


# ---- the failures the issue lists, each with its test ---------------------------------------------------------


def test_a_truncated_audit_line_keeps_history_and_pages_working(base: Path, tmp_path: Path) -> None:
    root = copy_shipped(tmp_path / "ws")
    with (root / "mappings" / "audit.jsonl").open("a", encoding="utf-8") as f:
        f.write('{"time": "2026-12-01", "requirement": "C081:1", "revi')
    code, out, err, exc = run("history", "C081:1", "--workspace", root)
    assert code == 0 and exc is None, err
    assert "damaged" in out
    from fastapi.testclient import TestClient

    from gapkit.web.app import create_app

    client = TestClient(create_app(root, warm=False), base_url="http://127.0.0.1:8000")
    page = client.get("/requirements/C081:1")
    assert page.status_code == 200 and ("повреждена" in page.text or "damaged" in page.text)


@pytest.mark.parametrize(("terms", "conventions"), [("[a, b]", "[C081]"), ("{en: [a], ru: [б]}", "C081")])
def test_thesaurus_shapes_are_problems(base: Path, tmp_path: Path, terms: str, conventions: str) -> None:
    root = copy_shipped(tmp_path / "ws")
    write(root, "conventions/thesaurus/odd.yaml", f"""
        concepts:
          - id: odd
            label: {{en: odd, ru: странный}}
            terms: {terms}
            conventions: {conventions}
        """)
    code, out, err, exc = run("check", "--workspace", root)
    assert exc is None or isinstance(exc, SystemExit), err
    assert code == 1 and "conventions/thesaurus/odd.yaml" in out


@pytest.mark.parametrize("name", ['Ministry "A"', "back\\slash", "Министерство\nтруда", "tab\there"])
def test_init_writes_a_toml_that_reads_back(tmp_path: Path, name: str) -> None:
    from .conftest import REPO

    code, _, err, _ = run("init", tmp_path / "ws", "--country", "kz", "--name", name, "--from", REPO)
    assert code == 0, err
    cfg = tomllib.loads((tmp_path / "ws" / "gapkit.toml").read_text(encoding="utf-8"))
    assert cfg["workspace"]["name"] == name
    assert load(tmp_path / "ws").name == name


def test_a_second_mappings_key_stops_every_write_and_loses_nothing(base: Path, tmp_path: Path) -> None:
    root = copy_shipped(tmp_path / "ws")
    path = root / "mappings" / "C081.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "mappings: []\n", encoding="utf-8")
    before = _snapshot(root)
    code, _, err, exc = run("confirm", "C081:20(1)", "--relation", "no_relationship", "--verdict",
                            "insufficient_information", "--reason", "Нет сведений.", "--reviewer", "X",
                            "--workspace", root)
    assert code == 2 and "duplicate key 'mappings'" in err and exc is None or isinstance(exc, SystemExit)
    assert _snapshot(root) == before
    code, out, _, _ = run("check", "--workspace", root)
    assert code == 1 and "duplicate key 'mappings'" in out


def test_a_requirement_recorded_twice_is_a_problem_not_a_silent_drop(base: Path, tmp_path: Path) -> None:
    root = copy_shipped(tmp_path / "ws")
    path = root / "mappings" / "C081.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["mappings"].append(copy.deepcopy(data["mappings"][0]))
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    before = _snapshot(root)
    rid = data["mappings"][0]["requirement"]
    code, _, err, _ = run("status", "--workspace", root)
    assert code == 2 and "recorded twice" in err and rid in err
    code, _, err, _ = run("confirm-preliminary", rid, "--reviewer", "X", "--workspace", root)
    assert code == 2 and "recorded twice" in err
    assert _snapshot(root) == before


def test_an_alias_bomb_is_refused_at_once(base: Path, tmp_path: Path) -> None:
    root = copy_shipped(tmp_path / "ws")
    bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n"
        for i in range(1, 10))
    path = root / "mappings" / "C081.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("mappings:", bomb + "mappings:", 1), encoding="utf-8")
    for args in (("check",), ("status",), ("report", "review", "C081", "-o", str(tmp_path / "r.docx"))):
        code, out, err, exc = run(*args, "--workspace", root)
        assert code in (1, 2) and "alias" in (out + err), args


@pytest.mark.parametrize(("edit", "message"), [
    (lambda d: d["mappings"][0].__setitem__("verdict", "maybe_compliant"), "maybe_compliant"),
    (lambda d: d.__setitem__("mappings", 5), "mappings must be a list"),
    (lambda d: d["mappings"][0].__setitem__("provisions", {"a": 1}), "provisions must be a list"),
])
@pytest.mark.slow
def test_an_unreadable_decisions_file_stops_every_command_that_needs_it(base: Path, tmp_path: Path, edit: Any,
                                                                        message: str) -> None:
    root = copy_shipped(tmp_path / "ws")
    path = root / "mappings" / "C081.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    for args in (("status",), ("report", "review", "C081", "-o", str(tmp_path / "r.docx")),
                 ("export", "review", "C081", "-o", str(tmp_path / "r.xlsx"))):
        code, out, err, exc = run(*args, "--workspace", root)
        assert code == 2 and message in err and "mappings/C081.yaml" in err, (args, out, err)
        assert exc is None or isinstance(exc, SystemExit)
    from fastapi.testclient import TestClient

    from gapkit.web.app import create_app

    page = TestClient(create_app(root, warm=False), base_url="http://127.0.0.1:8000").get("/")
    assert page.status_code == 503 and "mappings/C081.yaml" in page.text


@pytest.mark.slow
def test_a_writer_killed_mid_write_leaves_nothing_behind_the_next_time(base: Path, tmp_path: Path) -> None:
    import os
    import time

    root = copy_shipped(tmp_path / "ws")
    stale = root / "mappings" / ".C081.yaml.abc123.tmp"
    stale.write_text("half a file", encoding="utf-8")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    code, _, err, _ = run("confirm", "C081:20(1)", "--relation", "no_relationship", "--verdict",
                          "insufficient_information", "--reason", "Нет сведений.", "--reviewer", "X",
                          "--workspace", root)
    assert code == 0, err
    assert not stale.exists()
