"""The CEACR comment tracker: the shipped Kazakhstan comments, the NORMLEX importer, the checks, the follow-up.

Writes happen in workspaces the tests make; the shipped data is only read.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from gapkit.check import run_checks
from gapkit.cli import main
from gapkit.comments import CommentId, graph_edges, load_comments
from gapkit.comments.tracker import followup
from gapkit.review import proposals_with_state
from gapkit.workspace import load

from .conftest import MINI_ACT, REPO, write

ELEVEN_TOPICS = {
    "moratoria", "inspectors_powers", "visit_procedure", "immediate_measures", "frequency_duration_scope",
    "prompt_proceedings_penalties", "complaint_confidentiality", "central_authority", "number_of_inspectors",
    "number_of_visits", "annual_report",
}

MINI_EC = """
instrument:
  code: KZ-EC
  kind: act
  country: kz
  title: {ru: Предпринимательский кодекс Республики Казахстан, en: Entrepreneurial Code}
  act_number: 375-V
  date: "2015-10-29"
  edition: "2026-01-01"
  aliases: {ru: [Предпринимательский кодекс], en: [Entrepreneurial Code]}
  cite_as: {ru: Предпринимательского кодекса, en: the Entrepreneurial Code}
  source: {note: test fixture}
clauses:
  - id: "KZ-EC:144"
    kind: container
    heading: {ru: Порядок организации проверок, en: Organisation of inspections}
  - id: "KZ-EC:144(3)"
    text: {ru: Уведомление за тридцать дней., en: Thirty days' notice of an inspection.}
    concepts: [inspection_visit]
  - id: "KZ-EC:146"
    text: {ru: Регистрация акта о назначении проверки., en: Registration of the act ordering an inspection.}
    concepts: [inspection_visit]
"""

# A comment in NORMLEX's layout: page furniture, header, two Conventions, an introduction, two article
# headings (the first with a numbered sub-point), three requests, citations of both Codes and one of a
# provision the workspace does not hold.
NORMLEX_TEXT = """
Display in: French - Spanish
Observation (CEACR) - adopted 2023, published 112nd ILC session (2024)
Labour Inspection Convention, 1947 (No. 81) - Kazakhstan (Ratification: 2001)
Labour Inspection (Agriculture) Convention, 1969 (No. 129) - Kazakhstan (Ratification: 2001)
The Committee notes the observations of a workers' organisation received on 1 September 2022.
Articles 12 and 16 of Convention No. 81 and Articles 16 and 21 of Convention No. 129. Limitations and restrictions of labour inspections.
1. Moratorium on labour inspections. The Committee notes with concern that the moratorium was extended.
The Committee notes that under section 144(3) of the Entrepreneurial Code employers receive notice thirty days before an inspection, and that under section 146 of the Entrepreneurial Code the act ordering it is registered beforehand. The Committee urges the Government to lift the moratorium without delay. The Committee once again requests the Government to ensure that labour inspectors may make visits without prior notice.
Article 4 of Convention No. 81 and Article 7 of Convention No. 129. Central authority.
The Committee notes the Government's indication that under section 191(5) of the Labour Code control takes the form of inspections, and that section 999 of the Labour Code was amended. The Committee requests the Government to provide information on the supervision of the territorial departments by the Ministry.
The Committee is raising other matters in a request addressed directly to the Government.
"""  # noqa: E501  (one paragraph a line, as NORMLEX is copied)


def invoke(*args: str, ws: Path = REPO) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [*args, "--workspace", str(ws)])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def cat_ws(tmp_path: Path) -> Path:
    """A workspace with the real Convention catalogues and thesaurus and two small national acts."""
    write(tmp_path, "gapkit.toml", '[workspace]\nname = "Test"\ncountry = "kz"\nlanguages = ["ru", "en"]\n')
    shutil.copytree(REPO / "conventions", tmp_path / "conventions",
                    ignore=shutil.ignore_patterns("authentic"))
    write(tmp_path, "national_law/kz/labour_code.yaml", MINI_ACT)
    write(tmp_path, "national_law/kz/entrepreneurial_code.yaml", MINI_EC)
    for d in ("mappings", "comments", "roadmap", "reports"):
        (tmp_path / d).mkdir(exist_ok=True)
    return tmp_path


# ---- the shipped Kazakhstan comments -------------------------------------------------------------


def test_open_points_list_c081_c129_and_c087_with_ids_that_resolve() -> None:
    code, out, _ = invoke("comments", "--open", "--format", "json")
    assert code == 0
    comments = json.loads(out)
    ws = load(REPO)
    points = {p["id"]: (c, p) for c in comments for p in c["points"]}
    by_convention = {conv: [pid for pid, (c, _) in points.items() if conv in c["conventions"]]
                     for conv in ("C081", "C129", "C087")}
    assert all(by_convention.values()), by_convention
    for pid, (c, p) in points.items():
        assert p["status"] in ("open", "partially_addressed"), pid
        assert not p["followed_by"], f"{pid} is carried by a later point and should not be listed"
        for aid in p["articles"]:
            assert ws.has_id(aid) and aid.split(":")[0] in c["conventions"], (pid, aid)
        for pid_ in p["provisions"]:
            clause = ws.clause(pid_)
            assert clause is not None and ws.instruments[clause.instrument].kind == "act", (pid, pid_)
    # the points the reference reads, with their articles and provisions
    central = points["CEACR:KZ-C081-C129-2024-DR/1"][1]
    assert central["articles"] == ["C081:4", "C129:7"]
    assert "KZ-LC:16(2)" in central["provisions"] and len(central["requests"]) == 2
    moratorium = points["CEACR:KZ-C081-C129-2023-OBS/1"][1]
    assert moratorium["articles"] == ["C081:12", "C081:16", "C129:16", "C129:21"]
    assert moratorium["provisions"] == ["KZ-EC:144(12)"] and moratorium["status"] == "partially_addressed"
    assert points["CEACR:KZ-C087-2024-OBS/1"][1]["articles"] == ["C087:3"]
    assert "CEACR:KZ-C081-2015-OBS/1" in points  # the annual report, asked for in 2015, no follow-up seen
    # carried points are not listed on their own: the 2021 moratorium point is taken up in 2023
    assert "CEACR:KZ-C081-C129-2021-OBS/1" not in points
    assert "CEACR:KZ-C081-C129-2021-DR/2" not in points  # addressed in 2023


def test_shipped_comments_pass_the_check() -> None:
    problems = [p for p in run_checks(load(REPO)) if p.path.startswith("comments/")]
    assert problems == [], "\n".join(map(str, problems))


def test_every_comment_of_the_reference_is_shipped() -> None:
    data = load_comments(load(REPO))
    by_normlex = {c.normlex_id for c in data.comments.values() if c.normlex_id}
    # the NORMLEX numbers the reference gives (section 2)
    for nid in ("2290301", "2324880", "3240242", "4118111", "4118115", "4348030", "4348026", "2249344",
                "4410858", "4410854", "3298653", "4060436", "4322409", "4414982", "3284582", "3330995",
                "4288290", "3950243", "4414822", "2290279", "2324897", "4002110", "4288432", "4012903"):
        assert nid in by_normlex, nid
    # and those listed without a number: C081 DRs 2004/2005/2007, C087 DRs 2003-2005, CAS on C087
    for cid in ("CEACR:KZ-C081-2004-DR", "CEACR:KZ-C081-2007-DR", "CEACR:KZ-C087-2003-DR",
                "CAS:KZ-C087-2015-CONCL", "CAS:KZ-C087-2019-CONCL", "CAS:KZ-C087-2021-CONCL"):
        assert cid in data.comments, cid
    assert data.comments["CEACR:KZ-C081-2004-DR"].text_seen == "none"


def test_each_of_the_eleven_topics_is_linked_to_a_point() -> None:
    ws = load(REPO)
    data = load_comments(ws)
    assert set(data.topics) == ELEVEN_TOPICS
    for topic in data.topics.values():
        assert topic.label["en"] and topic.label["ru"] and topic.measure == "RM:1.3"
        linked = [p for p in data.points.values() if topic.id in p.topics]
        assert linked, f"no point linked to {topic.id}"
        assert all({"C081", "C129"} & set(data.comments[p.comment].conventions) for p in linked)
    roadmap = pytest.importorskip("gapkit.roadmap")
    rm = roadmap.load(ws).roadmap
    if rm is not None and "RM:1.3" in rm.measures and rm.measures["RM:1.3"].topics:
        assert {t.id for t in rm.measures["RM:1.3"].topics} == ELEVEN_TOPICS  # one id per topic, everywhere


def test_points_not_seen_are_uncertain_and_hold_no_request() -> None:
    data = load_comments(load(REPO))
    unseen = [p for p in data.points.values() if "/unseen-" in p.id]
    assert len(unseen) >= 7
    for p in unseen:
        assert p.uncertain and p.uncertain_note, p.id
        assert p.requests == [], f"{p.id}: a request that was not read cannot be recorded"
    for p in data.points.values():
        assert not p.uncertain or p.uncertain_note, p.id


def test_followup_carries_the_requests_of_earlier_points() -> None:
    rows = {r["point"]: r for r in followup(load(REPO), proposals=proposals_with_state)}
    cas = rows["CEACR:KZ-C081-C129-2024-OBS/1"]
    assert cas["carries"] == ["CAS:KZ-C081-2024-CONCL/1", "CAS:KZ-C081-2024-CONCL/2"]
    assert {r["id"] for r in cas["unanswered"]} == {"CAS:KZ-C081-2024-CONCL/1/r1", "CAS:KZ-C081-2024-CONCL/2/r1"}
    moratorium = rows["CEACR:KZ-C081-C129-2023-OBS/1"]
    assert [p["id"] for p in moratorium["provisions"]] == ["KZ-EC:144(12)"]
    assert all(p["amendment_proposal"] in (True, False) for p in moratorium["provisions"])


def test_graph_edges_cite_articles_and_provisions_and_measures_address_points() -> None:
    edges = graph_edges(load(REPO))
    point = "CEACR:KZ-C081-C129-2024-DR/1"
    cites = {(dst, a["role"]) for src, dst, a in edges if src == point and a["kind"] == "cites"}
    assert ("C081:4", "article") in cites and ("KZ-LC:16(2)", "provision") in cites
    assert ("RM:1.3", point, {"kind": "addresses"}) in edges


def test_comments_text_and_convention_filter() -> None:
    code, out, _ = invoke("comments", "--convention", "c087")
    assert code == 0 and "CEACR:KZ-C087-2024-OBS/1" in out and "C081:" not in out
    code, out, _ = invoke("comments", "followup")
    assert code == 0 and "unanswered CAS:KZ-C081-2024-CONCL/1/r1" in out


# ---- importing a NORMLEX text ------------------------------------------------------------------------


def test_import_ceacr_splits_points_with_articles_provisions_and_requests(cat_ws: Path) -> None:
    src = write(cat_ws, "in/obs.txt", NORMLEX_TEXT)
    code, out, _ = invoke("import", "ceacr", str(src), "--normlex-id", "4348030", "--format", "json", ws=cat_ws)
    report = json.loads(out)
    assert code == 1  # something was not placed, and it says what, with the line
    assert report["comment"] == "CEACR:KZ-C081-C129-2023-OBS"
    assert report["path"] == "comments/kz/C081-C129-2023-observation.yaml"
    unplaced = {(u["line"], u["reason"].split(":")[0]) for u in report["unplaced"]}
    assert (1, "before the comment's header") in unplaced
    assert (10, "KZ-LC") in unplaced  # section 999 of the Labour Code: not in the workspace
    data = load_comments(load(cat_ws))
    comment = data.comments["CEACR:KZ-C081-C129-2023-OBS"]
    assert (comment.type, comment.adopted, comment.ilc_session, comment.published) == ("observation", 2023, 112, 2024)
    assert comment.conventions == ["C081", "C129"] and comment.normlex_id == "4348030"
    assert "observations of a workers' organisation" in comment.authentic["en"]
    first, second = comment.points
    assert first.id == "CEACR:KZ-C081-C129-2023-OBS/1"
    assert first.topic == "Limitations and restrictions of labour inspections: Moratorium on labour inspections"
    assert first.articles == ["C081:12", "C081:16", "C129:16", "C129:21"]
    assert first.provisions == ["KZ-EC:144(3)", "KZ-EC:146"]
    assert [r.authentic["en"].split(" the Government")[0] for r in first.requests] == [
        "The Committee urges", "The Committee once again requests"]
    assert second.topic == "Central authority"
    assert second.articles == ["C081:4", "C129:7"]
    assert second.provisions == ["KZ-LC:191(5)"]
    assert second.cited_text == ["section 999 of the Labour Code"]
    assert [r.id for r in second.requests] == ["CEACR:KZ-C081-C129-2023-OBS/2/r1"]
    assert all(p.status == "open" and p.status_set_by == comment.id for p in comment.points)
    # the imported file is a sound comment file
    problems = [p for p in run_checks(load(cat_ws)) if p.path.startswith("comments/")]
    assert problems == [], "\n".join(map(str, problems))


def test_import_ceacr_refuses_to_overwrite_without_replace(cat_ws: Path) -> None:
    src = write(cat_ws, "in/obs.txt", NORMLEX_TEXT)
    invoke("import", "ceacr", str(src), ws=cat_ws)
    target = cat_ws / "comments/kz/C081-C129-2023-observation.yaml"
    target.write_text(target.read_text(encoding="utf-8") + "# reviewer's edit\n", encoding="utf-8")
    code, _, err = invoke("import", "ceacr", str(src), ws=cat_ws)
    assert code == 2 and "--replace" in err
    assert target.read_text(encoding="utf-8").endswith("# reviewer's edit\n")
    code, _, _ = invoke("import", "ceacr", str(src), "--replace", ws=cat_ws)
    assert code == 1 and "reviewer's edit" not in target.read_text(encoding="utf-8")


def test_import_ceacr_single_convention_uses_it_as_context(cat_ws: Path) -> None:
    src = write(cat_ws, "in/dr.txt", """
        Direct Request (CEACR) - adopted 2015, published 105th ILC session (2016)
        Labour Inspection Convention, 1947 (No. 81) - Kazakhstan (Ratification: 2001)
        Articles 20 and 21 of the Convention. Annual report.
        The Committee requests the Government to ensure that the central authority publishes an annual report.
        Legislation.
        The Committee asks the Government to send a copy of the Labour Code.
        Follow-up to the conclusions of the Committee on the Application of Standards (International Labour Conference, 112th Session, June 2024)
        The Committee notes the discussion. The Committee firmly urges the Government to recruit more inspectors. It trusts that the Government will report on this.
        """)  # noqa: E501
    code, out, _ = invoke("import", "ceacr", str(src), "--format", "json", ws=cat_ws)
    assert code == 0, out
    points = json.loads(out)["points"]
    assert [(p["articles"], p["requests"]) for p in points] == [(["C081:20", "C081:21"], 1), ([], 1), ([], 1)]
    imported = load_comments(load(cat_ws)).points
    assert imported["CEACR:KZ-C081-2015-DR/2"].topic == "Legislation"
    assert imported["CEACR:KZ-C081-2015-DR/3"].topic.startswith("Follow-up to the conclusions of the Committee")


def test_import_ceacr_without_header_needs_an_id(cat_ws: Path) -> None:
    src = write(cat_ws, "in/case.txt", "Article 2 of Convention No. 87. Registration.\n"
                                       "The Committee requests the Government to register the union.\n")
    code, _, err = invoke("import", "ceacr", str(src), ws=cat_ws)
    assert code == 2 and "--id" in err
    code, out, _ = invoke("import", "ceacr", str(src), "--id", "CFA:KZ-C087-2018-CASE3283", "--format", "json",
                          ws=cat_ws)
    assert code == 0, out
    assert json.loads(out)["path"] == "comments/kz/C087-2018-cfa_case.yaml"
    comment = load_comments(load(cat_ws)).comments["CFA:KZ-C087-2018-CASE3283"]
    assert comment.case == "3283" and comment.points[0].articles == ["C087:2"]


# ---- the checks -------------------------------------------------------------------------------------


DANGLING = """
comment:
  id: CEACR:KZ-C081-2023-OBS
  type: observation
  country: kz
  conventions: [C081]
  adopted: 2023
  text_seen: partial
points:
  - id: CEACR:KZ-C081-2023-OBS/1
    topic: Powers of inspectors
    topics: [no_such_topic]
    articles: ["C081:99", "C129:16"]
    provisions: ["KZ-LC:999", "KZ-LC:191(5)"]
    summary: {en: A test point.}
    requests:
      - id: CEACR:KZ-C081-2023-OBS/1/r1
        text: {en: Do something.}
        status: closed
    status: addressed
    status_set_by: CEACR:KZ-C081-2019-OBS
    follows_up: ["CEACR:KZ-C081-2021-OBS/4"]
    measure: RM:9.9
    uncertain: true
"""


def test_check_catches_dangling_ids_with_file_and_line(cat_ws: Path) -> None:
    write(cat_ws, "comments/kz/C081-2023-observation.yaml", DANGLING)
    write(cat_ws, "comments/topics.yaml", "topics:\n  - id: moratoria\n    label: {en: moratoria, ru: моратории}\n")
    problems = [p for p in run_checks(load(cat_ws)) if p.path.startswith("comments/")]
    text = "\n".join(map(str, problems))
    point_line = "comments/kz/C081-2023-observation.yaml:9: CEACR:KZ-C081-2023-OBS/1: "
    for message in (
        "article C081:99 is not in the C081 catalogue",
        "article C129:16: C129 is not a Convention this comment examines",
        "provision KZ-LC:999 is not in the workspace",
        "topic 'no_such_topic' is not defined in comments/topics.yaml",
        "status_set_by 'CEACR:KZ-C081-2019-OBS' is neither a comment",
        "follows_up CEACR:KZ-C081-2021-OBS/4, which is not a point",
        "uncertain, but uncertain_note does not say",
    ):
        assert point_line + message in text, f"{message!r} not in:\n{text}"
    assert "comments/kz/C081-2023-observation.yaml:2: CEACR:KZ-C081-2023-OBS: the text was not fully seen" in text
    assert "request CEACR:KZ-C081-2023-OBS/1/r1: status 'closed' is not one of" in text
    assert "measure RM:9.9 is not in the roadmap" in text
    assert "KZ-LC:191(5)" not in text  # what resolves is not reported
    warnings = [p for p in problems if p.severity == "warning"]
    assert "topic moratoria: no comment point is linked to it" in [w.message for w in warnings]


def test_check_wants_the_id_derived_from_the_fields_and_the_file_named_after_it(cat_ws: Path) -> None:
    write(cat_ws, "comments/kz/misnamed.yaml", """
        comment:
          id: CEACR:KZ-C081-2022-DR
          type: observation
          country: kz
          conventions: [C081, C129]
          adopted: 2023
        points: []
        """)
    text = "\n".join(str(p) for p in run_checks(load(cat_ws)) if p.path.startswith("comments/"))
    assert "the id says direct_request, type says observation" in text
    assert "the id names C081, conventions lists C081, C129" in text
    assert "the id says 2022, adopted says 2023" in text
    assert "a comment with this id lives in comments/kz/C081-2022-direct_request.yaml" in text


def test_comment_ids_round_trip() -> None:
    for text in ("CEACR:KZ-C081-C129-2024-OBS", "CEACR:KZ-C081-2010-DR", "CAS:KZ-C081-2024-CONCL",
                 "CFA:KZ-C087-2018-CASE3283"):
        assert str(CommentId.parse(text)) == text
    assert not CommentId.is_valid("CAS:KZ-C081-2024-OBS")  # an observation is the CEACR's
    assert not CommentId.is_valid("CEACR:KZ-2024-OBS")
