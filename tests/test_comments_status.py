"""Setting a CEACR point's status (gapkit.comments.status): in place in the comment file, with an audit line, refused
when stale; the file keeps its comments and layout and still passes `gapkit check`."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from gapkit.check import run_checks
from gapkit.comments import load_comments
from gapkit.comments.status import (
    AUDIT_FILE,
    StatusConflict,
    StatusError,
    audit_entries,
    set_point_status,
    sources_for,
)
from gapkit.workspace import load

from .conftest import write

COMMENT_FILE = "comments/kz/C081-2023-observation.yaml"
COMMENT = """
# A hand-written comment file: these lines must survive a status change.
# Format: docs/workspace-format.md, section "CEACR comments".
comment:
  id: CEACR:KZ-C081-2023-OBS
  type: observation
  country: kz
  conventions: [C081]
  adopted: 2023
points:
  - id: CEACR:KZ-C081-2023-OBS/1
    topic: "Article 12: powers of inspectors"   # the Committee's heading
    articles: ["C081:12(1)(a)"]
    provisions: ["KZ-LC:191(5)"]
    summary:
      en: >-
        The Committee asked how inspectors
        enter workplaces without notice.
    requests:
      - id: CEACR:KZ-C081-2023-OBS/1/r1
        text: {en: Describe the visits.}
        status: open
    status: open   # set when the reply comes
  - id: CEACR:KZ-C081-2023-OBS/2
    topic: Statistics
    summary: {en: Annual report.}
"""
P1, P2 = "CEACR:KZ-C081-2023-OBS/1", "CEACR:KZ-C081-2023-OBS/2"


@pytest.fixture
def ws_root(mini_ws: Path) -> Path:
    write(mini_ws, COMMENT_FILE, COMMENT)
    return mini_ws


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    a, b = before.splitlines(), after.splitlines()
    assert len(a) <= len(b)
    import difflib

    return [(op, line) for op, line in ((d[0], d[2:]) for d in difflib.ndiff(a, b)) if op in "+-"]


def test_a_status_is_changed_in_place_with_an_audit_line(ws_root: Path) -> None:
    path = ws_root / COMMENT_FILE
    before = path.read_text(encoding="utf-8")
    ws = load(ws_root)
    change = set_point_status(ws, P1, "partially_addressed", "  Айгерим   Сапарова ", note="Reply of 2025 seen.",
                              expect_status="open")
    after = path.read_text(encoding="utf-8")
    assert changed_lines(before, after) == [
        ("-", "    status: open   # set when the reply comes"),
        ("+", "    status: partially_addressed   # set when the reply comes"),
        ("+", "    status_set_by: CEACR:KZ-C081-2023-OBS"),
    ]
    assert change.changed and change.before == "open" and change.by == "Айгерим Сапарова"
    point = load_comments(load(ws_root)).points[P1]
    assert (point.status, point.status_set_by) == ("partially_addressed", "CEACR:KZ-C081-2023-OBS")
    [entry] = audit_entries(ws_root)
    assert entry["reviewer"] == "Айгерим Сапарова" and entry["action"] == "point_status" and entry["point"] == P1
    assert entry["before"] == {"status": "open", "status_set_by": ""}
    assert entry["after"] == {"status": "partially_addressed", "status_set_by": "CEACR:KZ-C081-2023-OBS"}
    assert entry["note"] == "Reply of 2025 seen." and entry["time"].endswith("+00:00")
    assert not [p for p in run_checks(load(ws_root)) if p.path.startswith("comments/") and p.severity == "error"]


def test_a_point_without_a_status_gets_both_lines_and_a_mapping_can_be_named(ws_root: Path) -> None:
    ws = load(ws_root)
    assert sources_for(ws, load_comments(ws).points[P1]) == ["CEACR:KZ-C081-2023-OBS", "mapping:C081:12(1)(a)"]
    set_point_status(ws, P2, "addressed", "B. Expert", set_by="CEACR:KZ-C081-2023-OBS")
    set_point_status(ws, P1, "addressed", "B. Expert", set_by="mapping:C081:12(1)(a)")
    text = (ws_root / COMMENT_FILE).read_text(encoding="utf-8")
    assert "    status_set_by: mapping:C081:12(1)(a)\n" in text
    assert ("  - id: CEACR:KZ-C081-2023-OBS/2\n    status: addressed\n"
            "    status_set_by: CEACR:KZ-C081-2023-OBS\n") in text
    assert text.startswith("# A hand-written comment file") and "# the Committee's heading" in text
    points = load_comments(load(ws_root)).points
    assert points[P2].status == "addressed" and points[P2].summary == {"en": "Annual report."}
    assert points[P1].summary["en"] == "The Committee asked how inspectors enter workplaces without notice."
    assert len(audit_entries(ws_root)) == 2


@pytest.mark.parametrize(("args", "message"), [
    ({"status": "closed"}, "status 'closed' is not one of open, partially_addressed, addressed"),
    ({"by": " "}, "say who sets the status"),
    ({"set_by": "CEACR:KZ-C081-1999-OBS"}, "is neither a comment in comments/ nor mapping:"),
    ({"set_by": "mapping:KZ-LC:191(5)"}, "is neither a comment"),
    ({"point": "CEACR:KZ-C081-2023-OBS/9"}, "is not a point of a comment"),
])
def test_what_cannot_be_set_is_refused_and_nothing_is_written(ws_root: Path, args: dict[str, str],
                                                              message: str) -> None:
    before = (ws_root / COMMENT_FILE).read_bytes()
    kw = {"point": P1, "status": "addressed", "by": "B. Expert", **args}
    with pytest.raises(StatusError, match=message.replace("(", r"\(").replace(")", r"\)")):
        set_point_status(load(ws_root), kw.pop("point"), kw.pop("status"), kw.pop("by"), **kw)
    assert (ws_root / COMMENT_FILE).read_bytes() == before and not (ws_root / AUDIT_FILE).exists()


def test_a_stale_status_is_refused(ws_root: Path) -> None:
    set_point_status(load(ws_root), P1, "addressed", "A. Expert")
    before = (ws_root / COMMENT_FILE).read_bytes()
    with pytest.raises(StatusConflict, match="the status is addressed now"):
        set_point_status(load(ws_root), P1, "partially_addressed", "B. Expert", expect_status="open")
    assert (ws_root / COMMENT_FILE).read_bytes() == before and len(audit_entries(ws_root)) == 1


def test_the_same_status_again_writes_nothing(ws_root: Path) -> None:
    ws = load(ws_root)
    set_point_status(ws, P1, "addressed", "A. Expert")
    before = (ws_root / COMMENT_FILE).read_bytes()
    assert not set_point_status(load(ws_root), P1, "addressed", "A. Expert").changed
    assert (ws_root / COMMENT_FILE).read_bytes() == before and len(audit_entries(ws_root)) == 1


def test_two_writers_at_once_both_land_one_after_the_other(ws_root: Path) -> None:
    errors: list[Exception] = []

    def run(point: str, name: str) -> None:
        try:
            set_point_status(load(ws_root), point, "addressed", name)
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=run, args=(p, n)) for p, n in ((P1, "A"), (P2, "B"))]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors
    points = load_comments(load(ws_root)).points
    assert points[P1].status == points[P2].status == "addressed"
    lines = (ws_root / AUDIT_FILE).read_text(encoding="utf-8").splitlines()
    assert sorted(json.loads(x)["point"] for x in lines) == [P1, P2]
