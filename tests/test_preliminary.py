"""Two kinds of decision, never confused: the analysis team's preliminary assessment (no person's name) and a named
expert's confirmed decision — through the CLI, the store, the web app, the review workbook, OSCAL and the reports."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner

from gapkit.cli import main
from gapkit.review import MappingStore, ReviewError, history, load_mappings, read_file
from gapkit.workspace import load
from gapkit.yamlio import dump_yaml

from .conftest import plain, write

REQ = "C081:12(1)(a)"
REASON = {"ru": "Посещение возможно только с предварительным уведомлением.",
          "en": "Visits are possible only with prior notice."}
RECOMMENDATION = {"ru": "Дополнить статью 191 Трудового кодекса правом посещать без уведомления.",
                  "en": "Add to Article 191 of the Labour Code a right to visit without notice."}


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def assessments(root: Path, text: str) -> Path:
    return write(root, "assessment.yaml", text)


GOOD = """
decisions:
  - requirement: "C081:12(1)(a)"
    provisions: ["KZ-LC:191(5)"]
    relation: intersects
    verdict: non_compliant
    reason:
      ru: "Посещение возможно только с предварительным уведомлением."
      en: "Visits are possible only with prior notice."
    recommendation:
      ru: "Дополнить статью 191 Трудового кодекса правом посещать без уведомления."
      en: "Add to Article 191 of the Labour Code a right to visit without notice."
  - requirement: "C081:12(1)"
    provisions: []
    relation: no_relationship
    verdict: insufficient_information
    reason: {ru: "Закон об этом молчит.", en: "The law is silent."}
    question: {ru: "Каким актом определены полномочия инспекторов?", en: "Which act sets the inspectors' powers?"}
"""


@pytest.fixture
def assessed(mini_ws: Path) -> Path:
    code, out, err = run("import", "decisions", assessments(mini_ws, GOOD), "--workspace", mini_ws)
    assert code == 0, out + err
    return mini_ws


def test_the_team_records_preliminary_assessments_with_no_name(assessed: Path) -> None:
    m = load_mappings(load(assessed))[REQ]
    assert (m.stage, m.reviewer, m.preliminary, m.confirmed) == ("preliminary", "", True, False)
    assert m.reason == REASON and m.recommendation == RECOMMENDATION and m.state(load(assessed)) == "preliminary"
    (entry,) = history(assessed, REQ)
    assert entry["action"] == "assess" and entry["reviewer"] == "" and entry["by"] == "analysis team"
    code, out, _ = run("status", "--workspace", assessed, "--format", "json")
    s = json.loads(out)["C081"]
    assert code == 0 and (s["preliminary"], s["confirmed"], s["reviewed"]) == (2, 0, 2)


def test_importing_the_same_file_again_changes_nothing(assessed: Path) -> None:
    before = read_file(assessed / "mappings" / "C081.yaml")[REQ].revision
    code, out, _ = run("import", "decisions", assessed / "assessment.yaml", "--workspace", assessed)
    assert code == 0 and "recorded 0 preliminary assessment(s); 2 unchanged" in out
    assert read_file(assessed / "mappings" / "C081.yaml")[REQ].revision == before


def test_a_wrong_assessment_file_writes_nothing_and_says_where(mini_ws: Path) -> None:
    bad = GOOD.replace('ru: "Дополнить статью 191', 'xx: "Дополнить статью 191').replace(
        'provisions: []', 'provisions: ["KZ-LC:999"]')
    code, out, _ = run("import", "decisions", assessments(mini_ws, bad), "--workspace", mini_ws)
    assert code == 2
    assert "assessment.yaml:2: C081:12(1)(a): the recommendation is missing in ru" in out
    assert "assessment.yaml:12: C081:12(1): KZ-LC:999: no such national provision in the workspace" in out
    assert not (mini_ws / "mappings" / "C081.yaml").exists()


def test_a_named_experts_decision_is_never_replaced_by_an_assessment(assessed: Path) -> None:
    store = MappingStore(load(assessed))
    store.confirm(REQ, ["KZ-LC:191(5)"], "subset", "partially_compliant", "Частично.", "Айгерим Сапарова")
    code, out, _ = run("import", "decisions", assessed / "assessment.yaml", "--workspace", assessed)
    assert code == 0 and f"kept 1 decision(s) confirmed by a named reviewer: {REQ}" in out
    m = read_file(assessed / "mappings" / "C081.yaml")[REQ]
    assert m.reviewer == "Айгерим Сапарова" and m.verdict == "partially_compliant"
    with pytest.raises(ReviewError):
        MappingStore(load(assessed)).assess(REQ, [], "no_relationship", "non_compliant", {"ru": "x", "en": "x"})


def test_an_expert_confirms_as_is_and_the_assessment_stays_in_the_history(assessed: Path) -> None:
    code, out, err = run("confirm-preliminary", REQ, "--reviewer", "Бауыржан Омаров", "--workspace", assessed)
    assert code == 0, out + err
    m = read_file(assessed / "mappings" / "C081.yaml")[REQ]
    assert (m.stage, m.reviewer, m.verdict, m.reason) == ("confirmed", "Бауыржан Омаров", "non_compliant", REASON)
    assert [e["action"] for e in history(assessed, REQ)] == ["assess", "confirm_preliminary"]
    # a decision an expert changes is theirs; the assessment before it is kept in the history
    run("confirm", "C081:12(1)", "KZ-LC:191(5)", "--relation", "subset", "--verdict", "partially_compliant",
        "--reason", "Только проверки.", "--reviewer", "Бауыржан Омаров", "--workspace", assessed)
    changed = history(assessed, "C081:12(1)")
    assert [e["action"] for e in changed] == ["assess", "confirm"]
    assert changed[0]["after"]["stage"] == "preliminary" and changed[1]["after"]["reviewer"] == "Бауыржан Омаров"


# ---- the checks -------------------------------------------------------------------------------------------------


def test_the_checks_of_a_decision(assessed: Path) -> None:
    path = assessed / "mappings" / "C081.yaml"

    def edit(change: object) -> str:  # a hand edit of the decision on REQ, then what `gapkit check` says
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(next(m for m in data["mappings"] if m["requirement"] == REQ))  # type: ignore[operator]
        path.write_text(dump_yaml(data), encoding="utf-8")
        code, out, _ = run("check", "--workspace", assessed)
        assert code == 1
        return out

    def first(m: dict) -> None:
        m["reviewer"] = "Айгерим Сапарова"  # a person's name on a preliminary assessment
        del m["recommendation"]["en"]
        m["provisions"] = ["KZ-LC:555(1)"]

    out = edit(first)
    assert "C081:12(1)(a): a preliminary assessment carries no person's name" in out
    assert "C081:12(1)(a): the recommendation is missing in en" in out
    assert "C081:12(1)(a): provision KZ-LC:555(1) is not in the workspace" in out

    def second(m: dict) -> None:
        del m["recommendation"]
        del m["reason"]["ru"]

    out = edit(second)
    assert "C081:12(1)(a): a non compliant decision says what to do: add its recommendation" in out
    assert "C081:12(1)(a): the reason is missing in ru" in out


# ---- the web app ----------------------------------------------------------------------------------------------


def test_the_web_page_offers_confirm_as_is_and_change(assessed: Path) -> None:
    TestClient = pytest.importorskip("fastapi.testclient").TestClient
    from gapkit.web.app import create_app

    c = TestClient(create_app(assessed, warm=False), base_url="http://127.0.0.1", follow_redirects=False)
    html = c.get(f"/requirements/{REQ}?lang=ru").text
    assert "Предварительная оценка" in html and "Подтвердить как есть" in html and "Изменить" in html
    assert REASON["ru"] in html and RECOMMENDATION["ru"] in html
    # the change form is filled with the assessment, in both languages
    assert f">{REASON['ru']}</textarea>" in html and f">{REASON['en']}</textarea>" in html
    token = c.cookies.get("gapkit_csrf")
    r = c.post(f"/requirements/{REQ}/accept", data={"csrf_token": token, "revision": "1",
                                                   "reviewer": "Айгерим Сапарова"})
    assert r.status_code == 303, r.text
    m = read_file(assessed / "mappings" / "C081.yaml")[REQ]
    assert (m.stage, m.reviewer) == ("confirmed", "Айгерим Сапарова")
    page = c.get(f"/requirements/{REQ}?lang=ru").text
    assert "Подтвердить как есть" not in page and "подтверждение предварительной оценки" in page


# ---- the review workbook ----------------------------------------------------------------------------------------


def test_the_workbook_carries_the_state_and_confirms_as_is(assessed: Path, tmp_path: Path) -> None:
    from .exchange_helpers import Filler, header_columns, row_of

    book = tmp_path / "b.xlsx"
    assert run("export", "review", "C081", "--lang", "ru", "-o", book, "--workspace", assessed)[0] == 0
    f = Filler(book, "C081")
    cols = header_columns(f.sheet)
    r = row_of(f.sheet, REQ)
    assert f.sheet.cell(row=r, column=cols["Состояние"]).value.startswith("предварительная оценка")
    assert f.sheet.cell(row=r, column=cols["Сейчас: обоснование"]).value == REASON["ru"]
    f.set(REQ, new_confirm="подтвердить")
    # confirming as is and changing in the same row is refused
    f.set("C081:12(1)", new_confirm="подтвердить", new_verdict="Соответствует", new_reason="Нет.")
    f.save()
    code, out, _ = run("import", "review", book, "--reviewer", "Айгерим Сапарова", "--workspace", assessed)
    assert code == 1 and "1 row(s) applied, 1 refused" in out and "not both in one row" in out
    after = read_file(assessed / "mappings" / "C081.yaml")
    assert (after[REQ].stage, after[REQ].reviewer, after[REQ].reason) == ("confirmed", "Айгерим Сапарова", REASON)
    assert after["C081:12(1)"].preliminary


# ---- OSCAL and the reports --------------------------------------------------------------------------------------


def test_oscal_carries_the_stage_and_names_no_person_for_an_assessment(assessed: Path, tmp_path: Path) -> None:
    out = tmp_path / "o.json"
    assert run("export", "oscal", "C081", "-o", out, "--workspace", assessed)[0] == 0
    mc = json.loads(out.read_text(encoding="utf-8"))["mapping-collection"]
    (mp,) = mc["mappings"][0]["maps"]
    props = {p["name"]: p["value"] for p in mp["props"]}
    assert props["stage"] == "preliminary" and "reviewer" not in props and props["state"] == "preliminary"
    assert [p["type"] for p in mc["metadata"]["parties"]] == ["organization"]
    assert mc["mappings"][0]["method"] == "hybrid" and mp["remarks"] == REASON["en"]


def test_the_review_says_which_verdicts_are_preliminary(assessed: Path, tmp_path: Path) -> None:
    MappingStore(load(assessed)).accept("C081:12(1)", "Бауыржан Омаров")
    out = tmp_path / "r.docx"
    code, _, err = run("report", "review", "C081", "--lang", "ru", "--workspace", assessed, "-o", out)
    assert code == 0, err
    document = docx.Document(str(out))
    cover = "\n".join(p.text for p in document.paragraphs[:25])
    assert "из них подтверждено экспертами — 1" in cover and "ожидающих подтверждения экспертом, — 1" in cover
    rows = {plain(r.cells[1].text).split("\n")[0]: [plain(c.text) for c in r.cells] for t in document.tables
            for r in t.rows if len(r.cells) == 7}
    pre = rows["Статья 12(1)(a) Конвенции № 81"]
    assert pre[5].startswith("Предварительная оценка:\nНе соответствует")
    assert REASON["ru"] in pre[4] and "Предварительная оценка аналитической группы" in pre[4]
    assert RECOMMENDATION["ru"] in pre[6] and REASON["en"] not in "".join(pre)
    confirmed = rows["Статья 12(1) Конвенции № 81"]
    assert confirmed[5].startswith("Недостаточно информации") and "Бауыржан Омаров" in confirmed[4]
