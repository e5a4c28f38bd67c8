"""Review: decisions with revisions, conflicts refused, an audit trail that loses nothing."""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from gapkit.cli import main
from gapkit.review import ConflictError, MappingStore, ReviewError, history, load_mappings, read_file
from gapkit.workspace import load
from gapkit.yamlio import YamlError

from .conftest import write

EXTRA_REQUIREMENTS = "".join(
    f'  - id: "C081:{n}"\n    kind: obligation\n    text: {{en: r{n}, ru: т{n}}}\n    concepts: [labour_inspector]\n'
    for n in range(20, 28)
)


@pytest.fixture
def ws_dir(mini_ws: Path) -> Path:
    conv = mini_ws / "conventions" / "C081.yaml"
    conv.write_text(conv.read_text() + EXTRA_REQUIREMENTS, encoding="utf-8")
    return mini_ws


def confirm(ws_dir: Path, req: str = "C081:12(1)(a)", reviewer: str = "A. Expert", expect: int | None = None,
            verdict: str = "non_compliant"):
    return MappingStore(load(ws_dir)).confirm(req, ["KZ-LC:191(5)"], "intersects", verdict,
                                              "Inspections only with notice under the Entrepreneurial Code.",
                                              reviewer, expect)


def audit_lines(ws_dir: Path) -> list[dict]:
    from gapkit.review import audit_logs

    lines = [json.loads(x) for path in audit_logs(ws_dir) for x in path.read_text(encoding="utf-8").splitlines()]
    return sorted(lines, key=lambda e: str(e.get("time", "")))  # across the Conventions' logs, as written


def test_confirm_records_everything_a_reviewer_decided(ws_dir: Path) -> None:
    m = confirm(ws_dir)
    assert m.revision == 1
    stored = read_file(ws_dir / "mappings" / "C081.yaml")["C081:12(1)(a)"]
    assert stored.provisions == ["KZ-LC:191(5)"] and stored.verdict == "non_compliant"
    assert stored.relation == "intersects" and stored.reviewer == "A. Expert" and stored.time
    assert stored.basis["KZ-LC:191(5)"]["edition"] == "2024-07-08"
    (entry,) = audit_lines(ws_dir)
    assert entry["requirement"] == "C081:12(1)(a)" and entry["before"] is None
    assert entry["after"]["verdict"] == "non_compliant" and entry["reviewer"] == "A. Expert"


def test_each_convention_has_its_log_and_a_line_keeps_what_changed(ws_dir: Path) -> None:
    """The log of C081 is C081's own; a second decision's line holds only what it changed, and the history gives
    the whole decision before and after each change all the same."""
    from gapkit.review import audit_path, history

    confirm(ws_dir)
    confirm(ws_dir, reviewer="B. Expert", verdict="partially_compliant")
    assert audit_path(ws_dir, "C081:12(1)(a)") == ws_dir / "mappings" / "audit" / "C081.jsonl"
    assert not (ws_dir / "mappings" / "audit.jsonl").exists()
    first, second = audit_lines(ws_dir)
    changed = {"verdict", "reviewer", "revision"}  # and the time, unless both fell in one second
    assert changed <= set(second["after"]) == set(second["before"]) <= changed | {"time"}
    assert second["before"]["verdict"] == "non_compliant" and second["after"]["verdict"] == "partially_compliant"
    old, new = history(ws_dir, "C081:12(1)(a)")
    assert new["before"] == old["after"] == first["after"]
    assert new["after"]["provisions"] == ["KZ-LC:191(5)"] and new["after"]["reviewer"] == "B. Expert"
    assert new["after"] == read_file(ws_dir / "mappings" / "C081.yaml")["C081:12(1)(a)"].as_dict()


def test_stale_revision_is_refused_naming_who_changed_it(ws_dir: Path) -> None:
    confirm(ws_dir, reviewer="First Reviewer", expect=0)
    with pytest.raises(ConflictError, match="First Reviewer"):
        confirm(ws_dir, reviewer="Second Reviewer", expect=0, verdict="compliant")
    assert read_file(ws_dir / "mappings" / "C081.yaml")["C081:12(1)(a)"].verdict == "non_compliant"
    assert len(audit_lines(ws_dir)) == 1


def test_cli_conflict_exit_code_and_message(ws_dir: Path) -> None:
    args = ["confirm", "C081:12(1)(a)", "KZ-LC:191(5)", "--relation", "subset", "--verdict", "partially_compliant",
            "--reason", "Covers scheduled inspections only.", "--expect-revision", "0", "--workspace", str(ws_dir)]
    first = CliRunner().invoke(main, [*args, "--reviewer", "Aigerim"])
    assert first.exit_code == 0, first.output
    second = CliRunner().invoke(main, [*args, "--reviewer", "Bolat"])
    assert second.exit_code == 3 and "conflict" in second.stderr and "Aigerim" in second.stderr


def test_bad_values_are_refused_and_nothing_is_written(ws_dir: Path) -> None:
    store = MappingStore(load(ws_dir))
    with pytest.raises(ReviewError, match="relation"):
        store.confirm("C081:12(1)(a)", ["KZ-LC:191(5)"], "overlaps", "compliant", "x", "A")
    with pytest.raises(ReviewError, match="no such national provision"):
        store.confirm("C081:12(1)(a)", ["KZ-LC:999"], "equal", "compliant", "x", "A")
    with pytest.raises(ReviewError, match="no such requirement"):
        store.confirm("C081:99", ["KZ-LC:191(5)"], "equal", "compliant", "x", "A")
    assert not (ws_dir / "mappings" / "C081.yaml").exists() and audit_lines(ws_dir) == []


def test_reject_and_propose_are_kept_with_the_decision(ws_dir: Path) -> None:
    store = MappingStore(load(ws_dir))
    store.reject("C081:12(1)", "KZ-LC:191(5)", "About forms of control, not entry powers.", "A. Expert")
    m = store.propose("C081:12(1)", "KZ-LC:191(5)", "Контроль осуществляется без предварительного уведомления.",
                      "Article 12(1)(a) of Convention No. 81; CEACR observation 2023.", "A. Expert")
    assert m.revision == 2
    assert m.rejected[0].provision == "KZ-LC:191(5)"
    assert m.proposals[0].current.startswith("Контроль в форме проверки")  # taken from the provision
    assert m.verdict == "not_reviewed"  # a rejection or a proposal never sets a verdict
    assert [e["action"] for e in history(ws_dir, "C081:12(1)")] == ["reject", "propose"]


def test_changed_provision_text_flags_mapping_for_re_review(ws_dir: Path) -> None:
    confirm(ws_dir)
    ws = load(ws_dir)
    assert load_mappings(ws)["C081:12(1)(a)"].state(ws) == "confirmed"
    act = ws_dir / "national_law" / "kz" / "labour_code.yaml"
    act.write_text(act.read_text().replace("Контроль в форме проверки.", "Контроль в форме проверки и визита."),
                   encoding="utf-8")
    ws = load(ws_dir)
    assert load_mappings(ws)["C081:12(1)(a)"].state(ws) == "needs_review"
    result = CliRunner().invoke(main, ["gaps", "C081", "--format", "json", "--workspace", str(ws_dir)])
    row = next(r for r in json.loads(result.stdout) if r["requirement"] == "C081:12(1)(a)")
    assert row["state"] == "needs_review" and row["mapping"]["stale_provisions"] == ["KZ-LC:191(5)"]


# ---- many writers at once --------------------------------------------------------------


def _writer(args: tuple[str, int, int]) -> list[tuple[str, str, int | None]]:
    ws_dir, worker, n = args
    rnd = random.Random(worker)
    ws = load(Path(ws_dir))
    store = MappingStore(ws)
    path = Path(ws_dir) / "mappings" / "C081.yaml"
    out: list[tuple[str, str, int | None]] = []
    for i in range(n):
        req = f"C081:{rnd.randrange(20, 28)}"
        seen = read_file(path).get(req)
        rev = seen.revision if seen else 0
        reviewer = f"w{worker}-{i}"
        try:
            m = store.confirm(req, ["KZ-LC:191(5)"], "equal", "compliant", f"write {i}", reviewer, rev)
            out.append((req, reviewer, m.revision))
        except ConflictError:
            out.append((req, reviewer, None))
    return out


@pytest.mark.slow
def test_eight_processes_fifty_writes_each(ws_dir: Path) -> None:
    with mp.get_context("fork").Pool(8) as pool:
        results = [r for chunk in pool.map(_writer, [(str(ws_dir), w, 50) for w in range(8)]) for r in chunk]
    assert len(results) == 400
    landed = [r for r in results if r[2] is not None]
    refused = [r for r in results if r[2] is None]
    assert landed and refused  # the writers really raced
    final = read_file(ws_dir / "mappings" / "C081.yaml")
    per_req: dict[str, list[int]] = {}
    for req, _, rev in landed:
        per_req.setdefault(req, []).append(rev)
    for req, revs in per_req.items():
        assert sorted(revs) == list(range(1, len(revs) + 1)), req  # no revision given twice, none skipped
        assert final[req].revision == len(revs)
    audit = audit_lines(ws_dir)
    assert len(audit) == len(landed)
    assert {(e["requirement"], e["reviewer"], e["revision"]) for e in audit} == set(landed)
    # every refused write is absent from the file and the log
    assert not {r[1] for r in refused} & {e["reviewer"] for e in audit}


def test_different_requirements_at_the_same_time_both_land(ws_dir: Path) -> None:
    code = ("import sys; from pathlib import Path; from gapkit.workspace import load; "
            "from gapkit.review import MappingStore; "
            "MappingStore(load(Path(sys.argv[1]))).confirm(sys.argv[2], ['KZ-LC:191(5)'], 'equal', 'compliant', "
            "'r', 'p', 0)")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(ws_dir), req]) for req in ("C081:20", "C081:21")]
    assert [p.wait() for p in procs] == [0, 0]
    final = read_file(ws_dir / "mappings" / "C081.yaml")
    assert final["C081:20"].revision == 1 and final["C081:21"].revision == 1


@pytest.mark.slow
def test_killed_writer_leaves_valid_yaml(ws_dir: Path) -> None:
    code = ("import sys; from pathlib import Path; from gapkit.workspace import load; "
            "from gapkit.review import MappingStore\n"
            "s = MappingStore(load(Path(sys.argv[1])))\n"
            "i = 0\n"
            "while True:\n"
            "    i += 1\n"
            "    s.confirm(f'C081:{20 + i % 8}', ['KZ-LC:191(5)'], 'equal', 'compliant', 'reason ' * 200, 'k')\n")
    path = ws_dir / "mappings" / "C081.yaml"
    rnd = random.Random(7)
    for _ in range(15):
        proc = subprocess.Popen([sys.executable, "-c", code, str(ws_dir)])
        time.sleep(0.6 + rnd.random() * 0.6)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["instrument"] == "C081" and all(m["reason"] for m in data["mappings"])
    total = sum(m.revision for m in read_file(path).values())
    assert total > 0


# ---- the shipped seed decisions --------------------------------------------------------


def test_gaps_lists_shipped_non_compliant_items_with_reasons() -> None:
    from .conftest import REPO

    result = CliRunner().invoke(main, ["gaps", "C081", "--format", "json", "--workspace", str(REPO)])
    assert result.exit_code == 0
    rows = {r["requirement"]: r for r in json.loads(result.stdout)}
    row = rows["C081:12(1)(a)"]
    assert row["verdict"] == "non_compliant"
    # the analysis team's preliminary assessment: in both languages, signed by no one
    assert row["reason"]["ru"] and row["reason"]["en"] and row["mapping"]["stage"] == "preliminary"
    assert row["mapping"]["reviewer"] == "" and row["state"] in ("preliminary", "needs_review")
    assert "KZ-EC:144(3)" in row["mapping"]["provisions"]
    assert rows["C081:16"]["verdict"] == "non_compliant"
    assert all(r["verdict"] != "compliant" for r in rows.values())


def test_impact_of_the_notice_rule_names_both_conventions() -> None:
    from .conftest import REPO

    result = CliRunner().invoke(main, ["impact", "KZ-EC:144", "--format", "json", "--workspace", str(REPO)])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    reqs = {r["requirement"] for r in data["requirements"]}
    assert {"C081:12(1)(a)", "C129:16(1)(a)", "C081:16", "C129:21"} <= reqs
    assert any(p["provision"] == "KZ-EC:144(3)" for p in data["proposals"])


def test_status_counts_verdicts_per_convention() -> None:
    from .conftest import REPO

    result = CliRunner().invoke(main, ["status", "--format", "json", "--workspace", str(REPO)])
    data = json.loads(result.stdout)
    c081 = data["C081"]
    assert c081["verdicts"]["non_compliant"] >= 2 and c081["reviewed"] + c081["verdicts"]["not_reviewed"] == \
        c081["requirements"]
    for s in data.values():  # every requirement is decided (preliminary or confirmed) or not reviewed, never both
        assert s["preliminary"] + s["confirmed"] == s["reviewed"] == s["requirements"] - s["verdicts"]["not_reviewed"]
        assert s["coverage"] == round(s["reviewed"] / s["requirements"], 4)


def test_reimporting_a_changed_provision_flags_its_mappings(ws_dir: Path, tmp_path_factory) -> None:
    """The law text a decision was made on changes with a new edition: the decision needs re-review."""
    from gapkit.load.law_store import import_law

    from .conftest import need_corpus

    src_dir = tmp_path_factory.mktemp("law")
    text = need_corpus("kz", "labour_code", "rus", "sec005.md").read_text(encoding="utf-8")
    import_law(load(ws_dir), write(src_dir, "old.md", text), "KZ-LC", "ru", "2024-07-08")
    confirm(ws_dir, req="C081:12(1)(a)")  # made on the imported 2024 text of 191(5)
    confirm(ws_dir, req="C081:12(1)")
    ws = load(ws_dir)
    assert {m.state(ws) for m in load_mappings(ws).values()} == {"confirmed"}
    newer = text.replace("осуществляется в форме проверки и профилактического контроля",
                         "осуществляется в форме проверки, профилактического контроля и мониторинга")
    import_law(load(ws_dir), write(src_dir, "new.md", newer), "KZ-LC", "ru", "2025-02-01")
    ws = load(ws_dir)
    assert {rid: m.state(ws) for rid, m in load_mappings(ws).items()} == {
        "C081:12(1)(a)": "needs_review", "C081:12(1)": "needs_review"}
    result = CliRunner().invoke(main, ["gaps", "C081", "--format", "json", "--workspace", str(ws_dir)])
    flagged = [r["requirement"] for r in json.loads(result.stdout) if r["state"] == "needs_review"]
    assert flagged == ["C081:12(1)", "C081:12(1)(a)"]
    # re-importing an unchanged section flags nothing new
    confirm(ws_dir, req="C081:20", verdict="compliant")
    import_law(load(ws_dir), write(src_dir, "same.md", newer), "KZ-LC", "ru", "2025-02-01")
    ws = load(ws_dir)
    assert load_mappings(ws)["C081:20"].state(ws) == "confirmed"


def test_a_file_replaced_atomically_keeps_its_mode_and_leaves_nothing_behind(tmp_path: Path) -> None:
    """Reports, workbooks and mappings files are replaced whole: a reader never sees half of one, a new one
    is readable by all, and a failed write leaves the old file and no temporary file."""
    from gapkit.yamlio import replace_atomic, write_atomic

    target = tmp_path / "out" / "review-C081-ru.html"
    write_atomic(target, "<p>one</p>")
    assert target.read_text(encoding="utf-8") == "<p>one</p>" and target.stat().st_mode & 0o777 == 0o644

    def broken(tmp: Path) -> None:
        tmp.write_text("<p>half", encoding="utf-8")
        raise OSError("disk full")

    with pytest.raises(OSError):
        replace_atomic(target, broken)
    assert target.read_text(encoding="utf-8") == "<p>one</p>"
    assert [p.name for p in target.parent.iterdir()] == [target.name]


def test_a_hand_edited_mapping_that_cannot_be_read_is_reported_not_a_crash(ws_dir: Path) -> None:
    """`revision: x` typed by hand: `gapkit check` names the file and line; whatever needs the decisions says so and
    stops (never shows them as not reviewed), and no decision is written over the file until it is mended."""
    confirm(ws_dir)
    path = ws_dir / "mappings" / "C081.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("revision: 1", "revision: x"), encoding="utf-8")
    with pytest.raises(YamlError, match="mappings/C081.yaml.*unreadable mapping"):
        load_mappings(load(ws_dir))
    result = CliRunner().invoke(main, ["check", "--workspace", str(ws_dir)])
    assert result.exit_code == 1 and "mappings/C081.yaml:" in result.output and "unreadable mapping" in result.output
    before = path.read_text(encoding="utf-8")
    with pytest.raises(YamlError, match="unreadable mapping"):
        MappingStore(load(ws_dir)).confirm("C081:12(1)(a)", ["KZ-LC:191(5)"], "intersects", "non_compliant",
                                           "Again.", "B. Expert")
    assert path.read_text(encoding="utf-8") == before
