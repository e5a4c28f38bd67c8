"""The roadmap: the shipped data against the signed text, statuses at a date, progress records, checks.

Every test that writes works on a temporary workspace holding a copy of the repository's roadmap file,
so the repository's roadmap/progress.jsonl is never touched.
"""

from __future__ import annotations

import calendar
import json
import multiprocessing
import re
import shutil
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from gapkit.cli import main
from gapkit.roadmap import append_record, graph_edges, graph_nodes, load, load_progress, status_as_of
from gapkit.roadmap import checks as roadmap_checks
from gapkit.roadmap.model import Deliverable
from gapkit.roadmap.status import generated
from gapkit.workspace import Workspace
from gapkit.workspace import load as load_workspace

from .conftest import REPO, SHARED, copy_shipped

SEED = SHARED / "seeds" / "roadmap_kz_ilo_ru.txt"
ROADMAP_FILE = REPO / "roadmap" / "kz-ilo-2024-2025.yaml"
AS_OF = "2026-11-25"


# ---- helpers -------------------------------------------------------------------------------------------


_SHIPPED: list[Path] = []


def shipped() -> Path:
    """A copy of the repository's workspace, made once: never the repository itself, whose reports/out holds
    whatever its user has generated (the README's first command writes a review there)."""
    if not _SHIPPED:
        _SHIPPED.append(copy_shipped(Path(tempfile.mkdtemp(prefix="gapkit-roadmap-")) / "ws"))
    return _SHIPPED[0]


def invoke(*args: str, ws: Path | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [*args, "--workspace", str(ws or shipped())])
    return result.exit_code, result.stdout, result.stderr


def roadmap_json(ws: Path | None = None, as_of: str = AS_OF) -> dict[str, Any]:
    code, out, err = invoke("roadmap", "--as-of", as_of, "--format", "json", ws=ws)
    assert code == 0, err
    return json.loads(out)


def measure(view: dict[str, Any], mid: str) -> dict[str, Any]:
    return next(m for m in view["measures"] if m["id"] == mid)


def roadmap_problems(ws: Path) -> list[str]:
    """`gapkit check` lines about the roadmap's files (the temporary workspace lacks other folders)."""
    result = CliRunner().invoke(main, ["check", "--workspace", str(ws)])
    return [ln for ln in result.stdout.splitlines() if ln.startswith("roadmap/")]


@pytest.fixture(scope="module")
def repo_ws() -> Workspace:
    """The repository's workspace (a copy), loaded once (nothing here writes to it)."""
    return load_workspace(shipped())


@pytest.fixture(scope="module")
def repo_view() -> dict[str, Any]:
    """`gapkit roadmap --as-of 2026-11-25 --format json` on the repository."""
    return roadmap_json()


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """A workspace with the repository's Convention catalogues and a copy of its roadmap file."""
    shutil.copy(REPO / "gapkit.toml", tmp_path / "gapkit.toml")
    shutil.copytree(REPO / "conventions", tmp_path / "conventions")
    for d in ("national_law", "mappings", "comments", "reports/out"):
        (tmp_path / d).mkdir(parents=True)
    (tmp_path / "roadmap").mkdir()
    shutil.copy(ROADMAP_FILE, tmp_path / "roadmap" / ROADMAP_FILE.name)
    return tmp_path


def edit_roadmap(ws: Path, old: str, new: str) -> int:
    """Replace the first ``old`` in the copied roadmap file; returns the line it is on."""
    path = ws / "roadmap" / ROADMAP_FILE.name
    text = path.read_text(encoding="utf-8")
    assert old in text
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


# ---- the seed, read independently of the data ----------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(text.split())


def parse_seed(text: str) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The table of the roadmap's text: cells start with a tab; other lines continue the cell before."""
    start, end = text.index("\tМера"), text.index("Пояснения к сокращениям")
    cells: list[str] = []
    for line in text[start:end].splitlines():
        if line.startswith("\t"):
            cells.append(line[1:])
        elif line.strip() and cells:
            cells[-1] += "\n" + line
    cells = [c.strip() for c in cells]
    sections: list[dict[str, Any]] = []
    i = 0
    while i < len(cells):
        if m := re.fullmatch(r"(\d)\. (.+)", cells[i], re.S):
            sections.append({"number": m[1], "title": m[2], "measures": []})
            i += 1
        elif m := re.fullmatch(r"(\d)\.", cells[i]):
            body, deadline, parties, result = cells[i + 1:i + 5]
            q = re.search(r"(\d)-й квартал\s+(\d{4})", deadline)
            assert q, deadline
            sections[-1]["measures"].append({
                "number": f"{sections[-1]['number']}.{m[1]}", "text": body, "quarter": (int(q[2]), int(q[1])),
                # the roadmap writes МЮ with a Latin M in places: the same party
                "parties": [p.strip().replace("M", "М") for p in parties.replace("\n", " ").split(",") if p.strip()],
                "result": result,
            })
            i += 5
        else:
            i += 1
    abbreviations = {}
    for line in text[end:].splitlines()[1:]:
        if m := re.match(r"^(\S+)\s+[-–]\s+(.+)$", line.strip()):
            abbreviations[m[1]] = m[2].strip()
    return sections, abbreviations


@pytest.fixture(scope="module")
def seed() -> tuple[list[dict[str, Any]], dict[str, str]]:
    if not SEED.exists():
        pytest.skip(f"the roadmap's text is not at {SEED} (this clone has no ../shared; CI always has it)")
    return parse_seed(SEED.read_text(encoding="utf-8"))


# ---- the shipped data against the signed text ----------------------------------------------------------


def test_22_measures_in_5_sections_with_deadlines_parties_and_results_of_the_seed(seed: Any,
                                                                                    repo_ws: Workspace) -> None:
    sections, _ = seed
    rm = load(repo_ws).roadmap
    assert rm is not None
    assert [s.number for s in rm.sections] == [s["number"] for s in sections] == ["1", "2", "3", "4", "5"]
    expected = {m["number"]: m for s in sections for m in s["measures"]}
    assert len(expected) == 22
    assert [m.number for m in rm.measures.values()] == list(expected)
    for s, seed_s in zip(rm.sections, sections, strict=True):
        assert _norm(s.title["ru"]) == _norm(seed_s["title"])
        assert s.measures == [f"RM:{m['number']}" for m in seed_s["measures"]]
    for m in rm.measures.values():
        e = expected[m.number]
        year, q = e["quarter"]
        assert m.deadline.quarter == f"{year}-Q{q}", m.id
        assert m.deadline.date == date(year, q * 3, calendar.monthrange(year, q * 3)[1]), m.id
        assert m.parties == e["parties"], m.id
        assert _norm(m.text["ru"]) == _norm(e["text"]), m.id
        assert _norm(m.result["ru"]) == _norm(e["result"]), m.id
        assert m.text["en"] and m.result["en"], m.id
        # every Convention the measure's text names (№81, №129 ...) is among its linked Conventions
        named = {f"C{int(n):03d}" for n in re.findall(r"№\s*(\d+)", e["text"])}
        assert named <= set(m.conventions), m.id


def test_parties_have_full_names_of_the_abbreviations_list(seed: Any, repo_ws: Workspace) -> None:
    _, abbreviations = seed
    rm = load(repo_ws).roadmap
    assert rm is not None
    assert set(rm.parties) == set(abbreviations)
    for code, party in rm.parties.items():
        assert party.name["ru"] == abbreviations[code]
        assert party.name["en"]


def test_measure_13_lists_the_eleven_topics_as_the_roadmap_words_them(seed: Any, repo_ws: Workspace) -> None:
    sections, _ = seed
    text = sections[0]["measures"][2]["text"]
    bullets = [ln.lstrip("· ").rstrip(";.").strip() for ln in text.split("следующего:")[1].strip().splitlines()]
    m = load(repo_ws).roadmap.measures["RM:1.3"]  # type: ignore[union-attr]
    assert m.comment_points == []
    assert len(m.topics) == 11
    assert [_norm(t.text["ru"]) for t in m.topics] == [_norm(b) for b in bullets]
    assert all(t.text["en"] and t.articles for t in m.topics)


def test_general_agreement_conventions_are_the_nine_of_the_introduction(seed: Any, repo_ws: Workspace) -> None:
    rm = load(repo_ws).roadmap
    assert rm is not None and rm.general_agreement is not None
    text = SEED.read_text(encoding="utf-8")
    intro = text[: text.index("\tМера")]
    listed = [f"C{int(n):03d}" for n in re.findall(r"^\d\) «.+?» \(№(\d+)\)", intro, re.M)]
    assert [c.code for c in rm.general_agreement.conventions] == listed
    assert listed == ["C102", "C131", "C132", "C154", "C161", "C173", "C176", "C184", "C190"]


def test_shipped_roadmap_has_no_problems() -> None:
    assert roadmap_problems(REPO) == []


# ---- the roadmap at a date -----------------------------------------------------------------------------


def test_as_of_2026_11_25_every_measure_without_done_is_overdue(repo_view: dict[str, Any]) -> None:
    view = repo_view
    assert view["as_of"] == AS_OF
    assert len(view["measures"]) == 22 and len(view["sections"]) == 5
    for m in view["measures"]:
        assert m["deadline"]["date"] and m["deadline"]["quarter"]
        assert m["status"] == "overdue" and m["overdue"], m["id"]
        deadline = date.fromisoformat(m["deadline"]["date"])
        assert m["days_overdue"] == (date(2026, 11, 25) - deadline).days
    m = measure(view, "RM:1.2")
    assert [c["code"] for c in m["conventions"]] == ["C081", "C129"]
    assert m["conventions"][0]["catalogue"] == "conventions/C081.yaml"
    assert m["deliverables"] == [{"report": "review", "conventions": ["C081", "C129"], "generated": False,
                                  "last_generated": None, "files": []}]
    assert [p["code"] for p in m["parties"]] == ["МОТ", "МТСЗН"]
    assert m["parties"][1]["name"]["ru"].startswith("Министерство труда")


def test_before_the_first_deadline_nothing_is_overdue() -> None:
    view = roadmap_json(as_of="2024-06-30")
    assert {m["status"] for m in view["measures"]} == {"planned"}
    assert all(m["days_overdue"] == 0 for m in view["measures"])


def test_measure_33_shows_the_c131_ratification_with_its_source(repo_view: dict[str, Any]) -> None:
    m = measure(repo_view, "RM:3.3")
    facts = [f for f in m["facts"] if f["kind"] == "ratification" and "C131" in f["conventions"]]
    assert facts, m["facts"]
    fact = facts[0]
    assert fact["date"] == "2025-10-20"
    assert "224-VIII" in fact["text"]["en"] and "224-VIII" in fact["text"]["ru"]
    assert any("zan.kz" in s.get("url", "") and "Z2500000224" in s["url"] for s in fact["sources"])
    code, out, _ = invoke("roadmap", "--as-of", AS_OF)
    assert code == 0
    block = out[out.index("\n  3.3 "):out.index("\n  4.1 ")] if "\n  4.1 " in out else out
    assert "224-VIII" in block and "Z2500000224" in block


def test_measure_13_deliverables_and_graph_edges(repo_view: dict[str, Any], repo_ws: Workspace) -> None:
    m = measure(repo_view, "RM:1.3")
    assert [(d["report"], d["conventions"]) for d in m["deliverables"]] == [
        ("amendments", ["C081", "C129"]), ("comments", [])]
    wsobj = repo_ws
    edges = graph_edges(wsobj)
    assert ("RM:1.2", "C081", {"kind": "addresses", "target": "convention", "roadmap": "kz-ilo-2024-2025"}) in edges
    assert {e[2]["kind"] for e in edges} == {"addresses"}
    # every measure that names a Convention links to its catalogue
    assert all(wsobj.instruments[dst].kind == "convention" for _, dst, a in edges if a["target"] == "convention")
    assert len(graph_nodes(wsobj)) == 22


def test_text_table_is_grouped_by_section() -> None:
    code, out, _ = invoke("roadmap", "--as-of", AS_OF)
    assert code == 0
    lines = out.splitlines()
    headings = [ln for ln in lines if re.match(r"^\d\. ", ln)]
    assert [h[0] for h in headings] == ["1", "2", "3", "4", "5"]
    assert headings[0].startswith("1. Безопасный труд")
    assert sum(1 for ln in lines if ln.lstrip().startswith("№")) == 5  # a header row per section
    rows = [ln for ln in lines if re.match(r"^  \d\.\d ", ln)]
    assert len(rows) == 22
    row = next(ln for ln in rows if ln.startswith("  1.2 "))
    assert "overdue" in row and "2024-09-30" in row and "786 d" in row and "МОТ, МТСЗН" in row
    assert "review C081 C129 (not generated)" in row
    # the rows of section 2 come after its heading and before section 3's
    assert lines.index(headings[1]) < lines.index(next(ln for ln in rows if ln.startswith("  2.1 "))) \
        < lines.index(headings[2])
    assert lines[-1] == "22 measures in 5 sections: 22 overdue"
    _, out_en, _ = invoke("roadmap", "--as-of", AS_OF, "--lang", "en")
    assert "1. Safe work and compliance at the workplace through labour inspection" in out_en


# ---- progress records ----------------------------------------------------------------------------------


def test_set_appends_records_and_the_last_one_is_the_status(ws: Path) -> None:
    evidence = ws / "reports" / "out" / "review-C081-C129-ru.docx"
    evidence.write_bytes(b"docx")
    code, out, err = invoke("roadmap", "set", "1.2", "in_progress", "--by", "A. Expert", "--note", "draft sent",
                            ws=ws)
    assert code == 0, err
    assert "RM:1.2: in_progress" in out
    log = ws / "roadmap" / "progress.jsonl"
    first = log.read_bytes()
    code, out, err = invoke("roadmap", "set", "RM:1.2", "done", "--by", "A. Expert",
                            "--evidence", str(evidence), "--format", "json", ws=ws)
    assert code == 0, err
    assert log.read_bytes().startswith(first)  # earlier lines are never rewritten
    lines = [json.loads(ln) for ln in log.read_text(encoding="utf-8").splitlines()]
    assert [(r["measure"], r["status"], r["by"]) for r in lines] == [("RM:1.2", "in_progress", "A. Expert"),
                                                                     ("RM:1.2", "done", "A. Expert")]
    assert set(lines[0]) == {"time", "measure", "status", "by", "evidence", "note"}
    assert lines[0]["note"] == "draft sent" and lines[0]["evidence"] is None
    assert lines[1]["evidence"] == "reports/out/review-C081-C129-ru.docx"  # kept relative to the workspace
    assert datetime.fromisoformat(lines[1]["time"]).tzinfo is not None

    today = date.today().isoformat()
    view = roadmap_json(ws, as_of=today)
    m = measure(view, "RM:1.2")
    assert m["status"] == "done" and m["recorded_status"] == "done" and not m["overdue"]
    assert m["last_record"]["status"] == "done"
    assert m["deliverables"][0]["generated"] and m["deliverables"][0]["last_generated"]
    assert m["deliverables"][0]["files"][0]["path"] == "reports/out/review-C081-C129-ru.docx"
    assert measure(view, "RM:1.1")["status"] == "overdue"
    # before the records were made, the measure was still overdue
    assert measure(roadmap_json(ws, as_of=AS_OF), "RM:1.2")["status"] == "overdue"


def test_overdue_is_derived_from_the_status_at_the_date(ws: Path) -> None:
    wsobj = load_workspace(ws)
    t = datetime(2024, 9, 1, tzinfo=UTC)
    append_record(wsobj, "4.1", "in_progress", "X", now=t)
    append_record(wsobj, "4.1", "done", "X", now=datetime(2024, 9, 15, tzinfo=UTC))
    append_record(wsobj, "5.5", "cancelled", "X", now=t)
    records = load_progress(wsobj).records
    assert status_as_of("RM:4.1", records, date(2024, 9, 10)) == "in_progress"
    assert status_as_of("RM:4.1", records, date(2024, 9, 15)) == "done"
    assert status_as_of("RM:1.1", records, date(2030, 1, 1)) == "planned"
    view = roadmap_json(ws)
    assert measure(view, "RM:4.1")["status"] == "done"  # done late: no longer overdue
    assert measure(view, "RM:5.5")["status"] == "cancelled"
    assert view["summary"]["overdue"] == 20
    assert not any(ln for ln in (ws / "roadmap" / "progress.jsonl").read_text().splitlines() if "overdue" in ln)


@pytest.mark.parametrize(("args", "message"), [
    (("9.9", "done"), "RM:9.9 is not a measure of the roadmap"),       # unknown (or renumbered) measure
    (("RM:1.6", "done"), "RM:1.6 is not a measure of the roadmap"),    # stale: section 1 has five measures
    (("one", "done"), "is not a measure id"),
    (("1.3", "finished"), "unknown status 'finished'"),
    (("1.3", "overdue"), "'overdue' is derived"),
    (("1.3", "done", "--evidence", "no-such-file.pdf"), "no such file"),
])
def test_set_refuses_what_it_cannot_record(ws: Path, args: tuple[str, ...], message: str) -> None:
    code, _, err = invoke("roadmap", "set", *args, "--by", "X", ws=ws)
    assert code == 2
    assert message in err
    assert not (ws / "roadmap" / "progress.jsonl").exists()


def test_set_accepts_a_url_as_evidence_and_workspace_before_subcommand(ws: Path) -> None:
    result = CliRunner().invoke(main, ["roadmap", "--workspace", str(ws), "set", "3.3", "done", "--by", "Y",
                                       "--evidence", "https://adilet.zan.kz/rus/docs/Z2500000224"])
    assert result.exit_code == 0, result.stderr
    rec = json.loads((ws / "roadmap" / "progress.jsonl").read_text(encoding="utf-8"))
    assert rec["evidence"] == "https://adilet.zan.kz/rus/docs/Z2500000224"


def _append_many(root: str, worker: int, n: int) -> None:
    wsobj = load_workspace(Path(root))
    for i in range(n):
        append_record(wsobj, "1.3", "in_progress", f"w{worker}", note=f"{worker}-{i}")


def test_concurrent_appends_all_land_as_whole_lines(ws: Path) -> None:
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_append_many, args=(str(ws), w, 25)) for w in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    lines = (ws / "roadmap" / "progress.jsonl").read_text(encoding="utf-8").splitlines()
    notes = sorted(json.loads(ln)["note"] for ln in lines)
    assert notes == sorted(f"{w}-{i}" for w in range(4) for i in range(25))


def test_a_cut_line_stays_a_bad_line_and_the_next_record_lands(ws: Path) -> None:
    log = ws / "roadmap" / "progress.jsonl"
    log.write_text('{"time": "2025-01-01T00:00:00+00:00", "measure": "RM:1.1", "sta', encoding="utf-8")
    append_record(load_workspace(ws), "1.1", "done", "Z")
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and json.loads(lines[1])["status"] == "done"
    assert roadmap_problems(ws) == ["roadmap/progress.jsonl:1: not a JSON object: Unterminated string starting at"]


# ---- checks --------------------------------------------------------------------------------------------


def test_copied_roadmap_checks_clean(ws: Path) -> None:
    assert roadmap_problems(ws) == []


def test_check_catches_a_bad_convention_code(ws: Path) -> None:
    line = edit_roadmap(ws, "conventions: [C131]", "conventions: [C999]")
    line2 = edit_roadmap(ws, "conventions: [C176]", "conventions: [C76]")
    problems = roadmap_problems(ws)
    rel = f"roadmap/{ROADMAP_FILE.name}"
    assert any(p.startswith(f"{rel}:") and "RM:3.1: Convention C999: no catalogue in the workspace" in p
               for p in problems), problems
    assert any("RM:1.5: Convention 'C76' is not an instrument code" in p for p in problems), problems
    # the message points at the measure the code is in
    lines = (ws / "roadmap" / ROADMAP_FILE.name).read_text(encoding="utf-8").splitlines()
    where = [int(p.split(":")[1]) for p in problems if "C999" in p]
    assert all(w <= line and lines[w - 1].strip() == '- number: "3.1"' for w in where)
    assert line2 > 0


def test_check_catches_unknown_party_wrong_date_and_vocabulary(ws: Path) -> None:
    edit_roadmap(ws, "parties: [МОТ, МТСЗН]", "parties: [МОТ, МТСЗ]")
    edit_roadmap(ws, 'date: "2024-12-31"', 'date: "2024-12-30"')
    edit_roadmap(ws, "{report: review, conventions: [C131]}", "{report: analysis, conventions: [C131]}")
    edit_roadmap(ws, "types: [consultations]", "types: [talks]")
    text = "\n".join(roadmap_problems(ws))
    assert "RM:1.2: unknown party 'МТСЗ'" in text
    assert "RM:1.3: deadline date 2024-12-30 is not the last day of 2024-Q4 (2024-12-31)" in text
    assert "RM:3.1: report kind 'analysis' is not one of review, amendments, ratification-readiness, comments" in text
    assert "result type 'talks' is not in result_types" in text


def test_check_reports_bad_progress_lines_with_their_line(ws: Path) -> None:
    (ws / "roadmap" / "progress.jsonl").write_text(
        '{"time": "2025-01-01T00:00:00+00:00", "measure": "RM:1.1", "status": "done", "by": "A"}\n'
        '{"time": "2025-01-01T00:00:00+00:00", "measure": "RM:7.1", "status": "done", "by": "A"}\n'
        '{"time": "2025-01-01", "measure": "RM:1.1", "status": "overdue", "by": "A"}\n', encoding="utf-8")
    assert roadmap_problems(ws) == [
        "roadmap/progress.jsonl:2: RM:7.1 is not a measure of the roadmap kz-ilo-2024-2025",
        "roadmap/progress.jsonl:3: status 'overdue' is derived from the deadline, never recorded",
        "roadmap/progress.jsonl:3: time '2025-01-01' is not an ISO 8601 time with its UTC offset",
    ]


def test_comment_points_must_exist_in_comments(ws: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    edit_roadmap(ws, "comment_points: []\n        topics:", 'comment_points: ["C081-2024-obs:1", "nope"]\n'
                                                            "        topics:")
    monkeypatch.setattr(roadmap_checks, "known_comment_points", lambda _ws: {"C081-2024-obs:1"})
    assert [p.split(": ", 1)[1] for p in roadmap_problems(ws)] == ["RM:1.3: comment point 'nope' is not in comments/"]
    edges = graph_edges(load_workspace(ws))
    assert ("RM:1.3", "nope", {"kind": "addresses", "target": "comment_point", "roadmap": "kz-ilo-2024-2025"}) in edges


def test_generated_reports_are_found_by_kind_and_conventions(tmp_path: Path) -> None:
    for name in ("review-C081-C129-ru.docx", "review-C081-C129-C087.docx", "review-C081.html", "reviews.docx",
                 "comments-ru.docx", "comments-C087.docx", "review-C081-C129-en.txt"):
        (tmp_path / name).write_bytes(b"x")
    names = lambda d: [g.path.name for g in generated(tmp_path, d)]  # noqa: E731
    assert names(Deliverable("review", ["C081", "C129"])) == ["review-C081-C129-ru.docx"]
    assert names(Deliverable("review", ["C081"])) == ["review-C081.html"]
    assert names(Deliverable("comments")) == ["comments-ru.docx"]
    assert generated(tmp_path / "missing", Deliverable("review", ["C081"])) == []


def test_measure_1_3_links_to_the_comment_points_it_answers() -> None:
    """The points record their measure; the roadmap shows them, and every one exists in comments/."""
    import json as _json

    from click.testing import CliRunner

    from gapkit.cli import main as _main
    from gapkit.comments import load_comments
    from gapkit.workspace import load as _load

    from .conftest import REPO

    out = CliRunner().invoke(_main, ["roadmap", "--as-of", "2026-11-25", "--format", "json", "--workspace",
                                     str(shipped())])
    m13 = next(m for m in _json.loads(out.stdout)["measures"] if m["id"] == "RM:1.3")
    points = load_comments(_load(REPO)).points
    assert len(m13["comment_points"]) >= 11
    assert all(p in points for p in m13["comment_points"])
    topics = {t for p in m13["comment_points"] for t in points[p].topics}
    assert len(topics) == 11
