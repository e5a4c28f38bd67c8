"""Review: a second person's approval (four eyes), the undo operations (unreject, withdraw, reset, revert) and the
limits of a decision's texts and names. Each test writes into its own small workspace, never the repository's."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner

from gapkit.cli import main
from gapkit.review import (
    MAX_NAME,
    MAX_TEXT,
    ConflictError,
    MappingStore,
    ReviewError,
    audit_logs,
    history,
    import_assessments,
    read_file,
)
from gapkit.review.checks import mappings_are_sound
from gapkit.workspace import load
from gapkit.yamlio import YamlError

from .conftest import plain

REQ = "C081:12(1)(a)"
OTHER = "C081:12(1)"
REASON = {"ru": "Проверки только с предварительным уведомлением.", "en": "Inspections only with prior notice."}
#: a second provision of the act, so that a test can take it away again
EXTRA_PROVISION = """  - id: "KZ-LC:191(6)"
    text: {ru: Внеплановая проверка., en: An unscheduled inspection.}
    concepts: [inspection_visit]
"""


@pytest.fixture
def ws_dir(mini_ws: Path) -> Path:
    act = mini_ws / "national_law" / "kz" / "labour_code.yaml"
    act.write_text(act.read_text(encoding="utf-8") + EXTRA_PROVISION, encoding="utf-8")
    return mini_ws


def store(ws_dir: Path) -> MappingStore:
    return MappingStore(load(ws_dir))  # a fresh workspace each time: what another process would read


def confirm(ws_dir: Path, reviewer: str = "A. Expert", verdict: str = "non_compliant",
            reason: dict[str, str] | str = REASON, provisions: tuple[str, ...] = ("KZ-LC:191(5)",),
            expect: int | None = None, **kwargs):
    return store(ws_dir).confirm(REQ, list(provisions), "intersects", verdict, reason, reviewer, expect, **kwargs)


def mappings_file(ws_dir: Path) -> Path:
    return ws_dir / "mappings" / "C081.yaml"


def stored(ws_dir: Path, req: str = REQ):
    return read_file(mappings_file(ws_dir))[req]


def audit_lines(ws_dir: Path) -> list[dict]:
    return [json.loads(x) for path in audit_logs(ws_dir) for x in path.read_text(encoding="utf-8").splitlines()]


def snapshot(ws_dir: Path) -> tuple[bytes, bytes]:
    """The decisions file and the audit log, byte for byte: what "nothing was written" compares."""
    log = ws_dir / "mappings" / "audit" / "C081.jsonl"
    return mappings_file(ws_dir).read_bytes(), log.read_bytes() if log.exists() else b""


# ---- four eyes ----------------------------------------------------------------------------------------------


def test_approve_records_who_when_and_the_revision_approved(ws_dir: Path) -> None:
    confirm(ws_dir)
    m = store(ws_dir).approve(REQ, "B. Approver", expect_revision=1)
    assert m.revision == 2 and m.approved
    assert m.approval["approver"] == "B. Approver" and m.approval["revision"] == 1 and m.approval["time"]
    again = stored(ws_dir)
    assert again.approval == m.approval and again.approved and again.reviewer == "A. Expert"
    last = audit_lines(ws_dir)[-1]
    assert last["action"] == "approve" and last["reviewer"] == "B. Approver" and last["revision"] == 2
    assert last["after"]["approval"] == m.approval and last["before"]["approval"] == {}
    assert history(ws_dir, REQ)[-1]["after"]["approval"] == m.approval


@pytest.mark.parametrize("approver", ["A. Expert", "a. expert", "  A.   Expert ", "A.\u00a0EXPERT"])
def test_the_reviewer_never_approves_their_own_decision(ws_dir: Path, approver: str) -> None:
    confirm(ws_dir)
    before = snapshot(ws_dir)
    with pytest.raises(ReviewError, match="second person"):
        store(ws_dir).approve(REQ, approver)
    assert snapshot(ws_dir) == before


def test_a_preliminary_assessment_or_no_decision_is_not_approved(ws_dir: Path) -> None:
    with pytest.raises(ReviewError, match="no decision to approve"):
        store(ws_dir).approve(REQ, "B. Approver")
    store(ws_dir).assess(REQ, ["KZ-LC:191(5)"], "intersects", "non_compliant", REASON,
                         recommendation={"ru": "Изменить.", "en": "Amend."})
    with pytest.raises(ReviewError, match="preliminary assessment"):
        store(ws_dir).approve(REQ, "B. Approver")
    assert not stored(ws_dir).approval
    with pytest.raises(ReviewError, match="analysis team"):
        store(ws_dir).approve(REQ, "Analysis Team")


def test_a_change_of_the_decision_clears_its_approval_a_rejection_does_not(ws_dir: Path) -> None:
    confirm(ws_dir)
    store(ws_dir).approve(REQ, "B. Approver")
    m = store(ws_dir).reject(REQ, "KZ-LC:191(6)", "Not about entry.", "A. Expert")
    assert m.approved  # a rejection is not part of what was approved
    m = store(ws_dir).propose(REQ, "KZ-LC:191(6)", "Новая редакция.", "Статья 12 Конвенции.", "A. Expert")
    assert not m.approval and not m.approved  # the proposals are
    store(ws_dir).approve(REQ, "B. Approver")
    m = confirm(ws_dir, verdict="partially_compliant")
    assert m.approval == {} and "approval" not in yaml.safe_load(mappings_file(ws_dir).read_text())["mappings"][0]
    assert audit_lines(ws_dir)[-1]["before"]["approval"]["approver"] == "B. Approver"


def test_an_approval_needs_a_current_revision(ws_dir: Path) -> None:
    confirm(ws_dir)
    confirm(ws_dir, reviewer="C. Expert", verdict="compliant")
    with pytest.raises(ConflictError, match="C. Expert"):
        store(ws_dir).approve(REQ, "B. Approver", expect_revision=1)
    assert not stored(ws_dir).approval


def test_check_reports_an_approval_by_the_reviewer_or_on_an_unconfirmed_decision(ws_dir: Path) -> None:
    confirm(ws_dir)
    store(ws_dir).reject(OTHER, "KZ-LC:191(6)", "Not about entry.", "A. Expert")
    path = mappings_file(ws_dir)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for rec in data["mappings"]:  # a hand edit
        rec["approval"] = {"approver": " a. EXPERT", "time": "2026-01-01T00:00:00+00:00", "revision": 1}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    problems = [p.message for p in mappings_are_sound(load(ws_dir))]
    assert any(REQ in p and "approved by its own reviewer" in p for p in problems)
    assert any(OTHER in p and "only a confirmed decision is approved" in p for p in problems)
    assert not stored(ws_dir).approved  # and nothing shows it as approved
    data["mappings"][0]["approval"] = "B. Approver"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(YamlError, match="approval must be a mapping"):
        read_file(path)


# ---- undo ---------------------------------------------------------------------------------------------------


def test_unreject_takes_back_a_rejection_and_keeps_the_approval(ws_dir: Path) -> None:
    confirm(ws_dir)
    store(ws_dir).reject(REQ, "KZ-LC:191(6)", "Not about entry.", "A. Expert")
    store(ws_dir).approve(REQ, "B. Approver")
    with pytest.raises(ConflictError):
        store(ws_dir).unreject(REQ, "KZ-LC:191(6)", "A. Expert", expect_revision=2)
    m = store(ws_dir).unreject(REQ, "KZ-LC:191(6)", "A. Expert", expect_revision=3)
    assert m.revision == 4 and m.rejected == [] and m.approved
    last = audit_lines(ws_dir)[-1]
    assert last["action"] == "unreject" and last["before"]["rejected"][0]["provision"] == "KZ-LC:191(6)"
    with pytest.raises(ReviewError, match="not rejected"):
        store(ws_dir).unreject(REQ, "KZ-LC:191(6)", "A. Expert")


def test_withdraw_removes_the_proposal_and_clears_the_approval(ws_dir: Path) -> None:
    confirm(ws_dir)
    store(ws_dir).propose(REQ, "KZ-LC:191(6)", "Новая редакция.", "Статья 12 Конвенции.", "A. Expert")
    store(ws_dir).approve(REQ, "B. Approver")
    with pytest.raises(ConflictError):
        store(ws_dir).withdraw(REQ, "KZ-LC:191(6)", "A. Expert", expect_revision=1)
    m = store(ws_dir).withdraw(REQ, "KZ-LC:191(6)", "A. Expert", expect_revision=3)
    assert m.proposals == [] and m.approval == {} and stored(ws_dir).proposals == []
    last = audit_lines(ws_dir)[-1]
    assert last["action"] == "withdraw" and last["after"]["proposals"] == []
    with pytest.raises(ReviewError, match="no amendment proposal on KZ-LC:191\\(6\\)"):
        store(ws_dir).withdraw(REQ, "KZ-LC:191(6)", "A. Expert")


def test_reset_brings_the_decision_back_to_not_reviewed(ws_dir: Path) -> None:
    with pytest.raises(ReviewError, match="no decision to reset"):
        store(ws_dir).reset(REQ, "A. Expert")
    confirm(ws_dir, recommendation={"ru": "Изменить.", "en": "Amend."},
            practice={"verdict": "non_compliant", "note": {"en": "Inspections announced."}})
    store(ws_dir).reject(REQ, "KZ-LC:191(6)", "Not about entry.", "A. Expert")
    store(ws_dir).propose(REQ, "KZ-LC:191(6)", "Новая редакция.", "Статья 12 Конвенции.", "A. Expert")
    store(ws_dir).approve(REQ, "B. Approver")
    with pytest.raises(ConflictError):
        store(ws_dir).reset(REQ, "C. Expert", expect_revision=3)
    m = store(ws_dir).reset(REQ, "C. Expert", expect_revision=4)
    assert m.verdict == "not_reviewed" and not m.decided and m.stage == "confirmed"
    assert (m.provisions, m.relation, m.reason, m.recommendation, m.practice, m.basis, m.approval) == \
        ([], None, {}, {}, {}, {}, {})
    assert m.reviewer == "C. Expert" and m.time
    assert [r.provision for r in m.rejected] == ["KZ-LC:191(6)"] and [p.provision for p in m.proposals] == \
        ["KZ-LC:191(6)"]  # they have their own undo
    assert stored(ws_dir).as_dict() == m.as_dict()
    last = audit_lines(ws_dir)[-1]
    assert last["action"] == "reset" and last["reviewer"] == "C. Expert" and last["before"]["verdict"] == \
        "non_compliant"
    assert m.state(load(ws_dir)) == "rejected"


def test_revert_restores_an_earlier_decision_exactly(ws_dir: Path) -> None:
    first = confirm(ws_dir, verdict="non_compliant", reason={"ru": "Первая причина.", "en": "First reason."})
    store(ws_dir).approve(REQ, "B. Approver")
    confirm(ws_dir, reviewer="C. Expert", verdict="compliant", reason={"ru": "Вторая.", "en": "Second."},
            provisions=("KZ-LC:191(6)",))
    with pytest.raises(ConflictError):
        store(ws_dir).revert(REQ, 1, "D. Expert", expect_revision=2)
    m = store(ws_dir).revert(REQ, 1, "D. Expert", expect_revision=3)
    assert m.revision == 4 and m.verdict == "non_compliant" and m.reason == first.reason
    assert m.provisions == first.provisions and m.basis == first.basis and m.relation == first.relation
    assert m.reviewer == "D. Expert" and m.time >= first.time  # now (maybe the same second)
    assert m.approval == {}  # an approval is given, never restored
    again = stored(ws_dir)
    assert again.verdict == "non_compliant" and again.reason == {"ru": "Первая причина.", "en": "First reason."}
    last = audit_lines(ws_dir)[-1]
    assert last["action"] == "revert" and last["to_revision"] == 1 and last["reviewer"] == "D. Expert"
    with pytest.raises(ReviewError, match="current revision"):
        store(ws_dir).revert(REQ, 4, "D. Expert")
    with pytest.raises(ReviewError, match="not in its history"):
        store(ws_dir).revert(REQ, 9, "D. Expert")


def test_revert_to_a_preliminary_assessment_keeps_no_reviewer(ws_dir: Path) -> None:
    pre = store(ws_dir).assess(REQ, ["KZ-LC:191(5)"], "intersects", "partially_compliant", REASON,
                               recommendation={"ru": "Изменить.", "en": "Amend."})
    confirm(ws_dir, verdict="compliant")
    m = store(ws_dir).revert(REQ, 1, "D. Expert")
    assert m.preliminary and m.reviewer == "" and m.verdict == "partially_compliant" and m.time == pre.time
    assert m.method == pre.method and audit_lines(ws_dir)[-1]["reviewer"] == "D. Expert"


def test_revert_refuses_provisions_no_longer_in_the_workspace(ws_dir: Path) -> None:
    confirm(ws_dir, provisions=("KZ-LC:191(6)",))
    confirm(ws_dir, provisions=("KZ-LC:191(5)",), verdict="compliant")
    act = ws_dir / "national_law" / "kz" / "labour_code.yaml"
    act.write_text(act.read_text(encoding="utf-8").replace(EXTRA_PROVISION, ""), encoding="utf-8")
    before = snapshot(ws_dir)
    with pytest.raises(ReviewError, match=r"KZ-LC:191\(6\), no longer in the workspace"):
        store(ws_dir).revert(REQ, 1, "D. Expert")
    assert snapshot(ws_dir) == before


# ---- limits -------------------------------------------------------------------------------------------------


def test_a_too_long_reason_is_refused_not_cut_and_nothing_is_written(ws_dir: Path) -> None:
    confirm(ws_dir)
    before = snapshot(ws_dir)
    long = "x" * 24_039
    with pytest.raises(ReviewError, match="the reason is 24039 characters long; the limit is 20000"):
        confirm(ws_dir, reason={"ru": "Коротко.", "en": long})
    with pytest.raises(ReviewError, match="the recommendation is 20001 characters long"):
        confirm(ws_dir, recommendation="y" * (MAX_TEXT + 1))
    with pytest.raises(ReviewError, match="the rejection reason is"):
        store(ws_dir).reject(REQ, "KZ-LC:191(6)", long, "A. Expert")
    with pytest.raises(ReviewError, match="the justification is"):
        store(ws_dir).propose(REQ, "KZ-LC:191(6)", "Новая редакция.", long, "A. Expert")
    with pytest.raises(ReviewError, match="the note on practice is"):
        confirm(ws_dir, practice={"verdict": "compliant", "note": long})
    assert snapshot(ws_dir) == before
    m = confirm(ws_dir, reason={"ru": "р" * MAX_TEXT, "en": "e" * MAX_TEXT})  # the limit itself is allowed
    assert len(m.reason["ru"]) == MAX_TEXT


@pytest.mark.parametrize("name", ["A. Expert\nB. Expert", "x" * (MAX_NAME + 1), "A.\tExpert", "A.\u202eExpert"])
def test_a_name_is_one_line_of_at_most_a_hundred_printable_characters(ws_dir: Path, name: str) -> None:
    with pytest.raises(ReviewError, match="name"):
        confirm(ws_dir, reviewer=name)
    assert not mappings_file(ws_dir).exists()
    confirm(ws_dir)
    before = snapshot(ws_dir)
    with pytest.raises(ReviewError, match="approver's name"):
        store(ws_dir).approve(REQ, name)
    with pytest.raises(ReviewError, match="reviewer's name"):
        store(ws_dir).reject(REQ, "KZ-LC:191(6)", "Not about entry.", name)
    assert snapshot(ws_dir) == before
    confirm(ws_dir, reviewer="Ә. Ахметова-" + "ж" * (MAX_NAME - 12))  # a hundred letters of any alphabet stand


def test_an_unknown_practice_verdict_is_refused_on_every_path(ws_dir: Path) -> None:
    with pytest.raises(ReviewError, match="practice verdict 'totally_fine'"):
        confirm(ws_dir, practice={"verdict": "totally_fine", "note": "Fine."})
    with pytest.raises(ReviewError, match="practice verdict 'totally_fine'"):
        store(ws_dir).assess(REQ, ["KZ-LC:191(5)"], "intersects", "compliant", REASON,
                             practice={"verdict": "totally_fine"})
    with pytest.raises(ReviewError, match="practice is a verdict and a note"):
        confirm(ws_dir, practice="totally_fine")
    decisions = ws_dir / "decisions.yaml"
    decisions.write_text(yaml.safe_dump({"decisions": [{
        "requirement": REQ, "provisions": ["KZ-LC:191(5)"], "relation": "intersects", "verdict": "compliant",
        "reason": REASON, "practice": {"verdict": "totally_fine"}}]}), encoding="utf-8")
    result = import_assessments(load(ws_dir), decisions)
    assert result.written == [] and any("totally_fine" in p.message for p in result.problems)
    assert not mappings_file(ws_dir).exists()
    # a value already in the file (a hand edit, an older gapkit) is never carried into a new revision
    confirm(ws_dir, practice={"verdict": "compliant"})
    path = mappings_file(ws_dir)
    path.write_text(path.read_text(encoding="utf-8").replace("verdict: compliant", "verdict: totally_fine"),
                    encoding="utf-8")
    assert stored(ws_dir).practice["verdict"] == "totally_fine"
    before = snapshot(ws_dir)
    for write in (lambda s: s.reject(REQ, "KZ-LC:191(6)", "Not about entry.", "A. Expert"),
                  lambda s: s.approve(REQ, "B. Approver")):
        with pytest.raises(ReviewError, match="practice verdict 'totally_fine'"):
            write(store(ws_dir))
    assert snapshot(ws_dir) == before
    assert confirm(ws_dir, practice={"verdict": "non_compliant"}).practice["verdict"] == "non_compliant"


# ---- the command line and the reports -----------------------------------------------------------------------


def test_the_commands(ws_dir: Path) -> None:
    def run(*args: str) -> tuple[int, str]:
        result = CliRunner().invoke(main, [*args, "--workspace", str(ws_dir)])
        return result.exit_code, result.output + result.stderr

    confirm(ws_dir)
    store(ws_dir).reject(REQ, "KZ-LC:191(6)", "Not about entry.", "A. Expert")
    store(ws_dir).propose(REQ, "KZ-LC:191(6)", "Новая редакция.", "Статья 12 Конвенции.", "A. Expert")
    assert run("approve", REQ, "--approver", "A. Expert")[0] == 2
    code, out = run("approve", REQ, "--approver", "B. Approver", "--revision", "1")
    assert code == 3 and "conflict" in out
    code, out = run("approve", REQ, "--approver", "B. Approver", "--revision", "3")
    assert code == 0 and "approved" in out and stored(ws_dir).approved
    assert run("unreject", REQ, "KZ-LC:191(6)", "--reviewer", "A. Expert")[0] == 0
    assert run("withdraw", REQ, "KZ-LC:191(6)", "--reviewer", "A. Expert")[0] == 0
    assert run("reset", REQ, "--reviewer", "A. Expert")[0] == 0 and not stored(ws_dir).decided
    code, out = run("revert", REQ, "--to", "1", "--reviewer", "C. Expert", "--format", "json")
    assert code == 0 and json.loads(out)["verdict"] == "non_compliant"
    assert [e["action"] for e in audit_lines(ws_dir)][-5:] == ["approve", "unreject", "withdraw", "reset", "revert"]
    assert run("revert", REQ, "--to", "99", "--reviewer", "C. Expert")[0] == 2


def test_the_reports_show_the_approval_beside_the_reviewer(ws_dir: Path, tmp_path: Path) -> None:
    confirm(ws_dir)
    store(ws_dir).confirm(OTHER, ["KZ-LC:191(6)"], "subset", "partially_compliant", REASON, "A. Expert")
    m = store(ws_dir).approve(REQ, "B. Approver")
    day = m.approval["time"][:10]
    out = tmp_path / "review-ru.docx"
    result = CliRunner().invoke(main, ["report", "review", "C081", "--workspace", str(ws_dir), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    cells = {plain(c.text) for t in docx.Document(str(out)).tables for row in t.rows for c in row.cells}
    approved = [c for c in cells if "Утверждено:" in c]
    assert len(approved) == 1  # the unapproved decision shows nothing more
    ru_day = load_date("ru", day)
    assert f"Утверждено: B. Approver, {ru_day}" in approved[0] and "Рецензент: A. Expert" in approved[0]
    for kind in ("review", "ratification"):
        html_out = tmp_path / f"{kind}-en.html"
        result = CliRunner().invoke(main, ["report", kind, "C081", "--workspace", str(ws_dir), "--lang", "en",
                                           "--format", "html", "-o", str(html_out)])
        assert result.exit_code == 0, result.stderr
        html = html_out.read_text(encoding="utf-8")
        assert html.count("Approved by") == 1 and f"Approved by B. Approver on {load_date('en', day)}" in html
        assert "revision" not in html.lower().split("approved by", 1)[1][:80]  # no internal numbers beside it


def load_date(lang: str, iso: str) -> str:
    from gapkit.report.wording import Wording

    return Wording(lang, "review").date(iso)
