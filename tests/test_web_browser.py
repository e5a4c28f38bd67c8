"""The review web app in a real browser: Debian's Chromium driven by Playwright, against a served temporary copy
of this workspace. A reviewer opens the dashboard, reviews a C081 requirement, confirms a suggested provision,
meets another reviewer's conflicting save, rejects a suggestion, switches the language, moves on with the
keyboard and downloads the review report."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from gapkit.review import read_file
from gapkit.web import suggestions, views
from gapkit.web.live import CHROMIUM, LiveServer, copy_workspace
from gapkit.workspace import load

from .conftest import REPO

if not Path(CHROMIUM).exists():
    pytest.skip(f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium; .ci/run installs it)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed "
                                                             "(pip install -e '.[test]')")

pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning"), pytest.mark.slow]  # a real browser
TIMEOUT_MS = 30_000


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A copy of the shipped workspace, with suggestions computed for C081, served on a free loopback port."""
    root = copy_workspace(REPO, tmp_path_factory.mktemp("web") / "ws")
    # C081 starts undecided (its reviewer fills an empty form); C129 keeps the analysis team's preliminary
    # assessments, for an expert to confirm as they are
    (root / "mappings" / "C081.yaml").unlink()
    (root / "mappings" / "audit" / "C081.jsonl").unlink()  # C081's log goes with its decisions
    ws = load(root)
    suggestions.compute(ws, "C081")
    ws = load(root)
    todo = [rid for rid in ws.instruments["C081"].clauses if views.is_requirement(ws, rid)
            and views.to_review(ws, rid) and len(suggestions.for_requirement(ws, rid)) >= 2]
    assert len(todo) >= 4, "the shipped workspace has C081 requirements left to review, with suggestions"
    with LiveServer(root) as url:
        yield {"url": url, "root": root, "todo": todo}


def review_url(site: dict[str, Any], rid: str) -> str:
    return f"{site['url']}/requirements/{rid}"


def fill_decision(pg: Any, reason: str, verdict: str = "partially_compliant", relation: str = "subset",
                  reviewer: str | None = None) -> None:
    pg.locator('#confirm-form select[name="relation"]').select_option(relation)
    pg.locator('#confirm-form select[name="verdict"]').select_option(verdict)
    pg.locator('#confirm-form textarea[name="reason"]').fill(reason)
    if reviewer is not None:
        pg.locator('#confirm-form input[name="reviewer"]').fill(reviewer)


def audit(site: dict[str, Any]) -> list[dict[str, Any]]:
    from gapkit.review import audit_logs

    lines = [x for p in audit_logs(site["root"]) for x in p.read_text(encoding="utf-8").splitlines()]
    # one log per Convention: in the order they were written, across the logs
    return sorted((json.loads(x) for x in lines if x.strip()), key=lambda e: str(e.get("time", "")))


def test_review_a_c081_requirement_and_confirm_a_suggested_provision(site: dict[str, Any], page: Any) -> None:
    rid = site["todo"][0]
    page.goto(site["url"] + "/?lang=en")
    assert page.locator("h1").inner_text() == "Dashboard"
    page.locator("a.code", has_text="C081").click()
    page.wait_for_url("**/conventions/C081")
    page.locator(f'tr[id="{rid}"] a').first.click()
    page.wait_for_url(f"**/requirements/{rid}")
    first = page.locator('article.cand input[name="provisions"]').first
    provision = first.get_attribute("value")
    first.check()
    fill_decision(page, "The Code covers part of it: browser test.", reviewer="Browser Reviewer")
    page.locator('#confirm-form button.primary').click()
    page.locator(".flash.ok").wait_for()
    assert "Decision saved" in page.locator(".flash.ok").inner_text()
    history = page.locator("section.history tbody tr").first.inner_text()
    assert "Browser Reviewer" in history and "Partially compliant" in history
    # ... and the decision is in the files a ministry lawyer would open
    m = read_file(site["root"] / "mappings" / "C081.yaml")[rid]
    assert m.provisions == [provision] and m.verdict == "partially_compliant" and m.relation == "subset"
    assert m.reviewer == "Browser Reviewer" and m.reason == {"en": "The Code covers part of it: browser test."}
    last = audit(site)[-1]
    assert last["requirement"] == rid and last["action"] == "confirm" and last["reviewer"] == "Browser Reviewer"
    # the name was given once: the next form does not ask again
    page.goto(review_url(site, site["todo"][3]))
    assert page.locator('#confirm-form input[name="reviewer"]').count() == 0


def test_a_second_session_saving_the_same_requirement_sees_the_first_decision(site: dict[str, Any],
                                                                             browser: Any) -> None:
    rid = site["todo"][1]
    one = browser.new_context(locale="en-GB")
    two = browser.new_context(locale="en-GB")
    try:
        a, b = one.new_page(), two.new_page()
        for pg in (a, b):
            pg.set_default_timeout(TIMEOUT_MS)
            pg.goto(review_url(site, rid) + "?lang=en")
        a.locator('article.cand input[name="provisions"]').first.check()
        fill_decision(a, "First session: covered in part.", reviewer="Session One")
        a.locator('#confirm-form button.primary').click()
        a.locator(".flash.ok").wait_for()
        # the second session still shows the page as it was; its save is refused
        b.locator('article.cand input[name="provisions"]').nth(1).check()
        fill_decision(b, "Second session: not compliant.", verdict="non_compliant", relation="intersects",
                      reviewer="Session Two")
        b.locator('#confirm-form button.primary').click()
        conflict = b.locator("section.conflict")
        conflict.wait_for()
        assert "First session: covered in part." in conflict.locator(".theirs").inner_text()
        assert "Session One" in conflict.locator(".theirs").inner_text()
        assert "Second session: not compliant." in conflict.locator(".mine").inner_text()
        assert b.locator('#confirm-form textarea[name="reason"]').input_value() == "Second session: not compliant."
        assert b.locator('#confirm-form select[name="verdict"]').input_value() == "non_compliant"
        assert read_file(site["root"] / "mappings" / "C081.yaml")[rid].reviewer == "Session One"
        # having looked, the second reviewer saves again: now it lands, and both are in the audit log
        b.locator('#confirm-form button.primary').click()
        b.locator(".flash.ok").wait_for()
        assert read_file(site["root"] / "mappings" / "C081.yaml")[rid].reason == {
            "en": "Second session: not compliant."}
        assert [e["reviewer"] for e in audit(site) if e["requirement"] == rid] == ["Session One", "Session Two"]
    finally:
        one.close()
        two.close()


def test_reject_a_suggestion(site: dict[str, Any], page: Any) -> None:
    rid = site["todo"][2]
    page.goto(review_url(site, rid) + "?lang=en")
    card = page.locator("article.cand").first
    provision = card.locator('input[name="provisions"]').get_attribute("value")
    card.locator("summary", has_text="Reject this suggestion").click()
    card.locator('textarea[name="reason"]').fill("Deals with another subject.")
    card.locator('details[id^="reject-"] input[name="reviewer"]').fill("Browser Reviewer")
    card.locator("button", has_text="Reject").click()
    page.locator(".flash.ok").wait_for()
    assert page.locator(f'article.cand input[value="{provision}"]').count() == 0
    assert "Deals with another subject." in page.locator("section.decision").inner_text()
    assert read_file(site["root"] / "mappings" / "C081.yaml")[rid].rejected[0].provision == provision


def test_switch_the_language(site: dict[str, Any], page: Any) -> None:
    page.goto(site["url"] + "/?lang=ru")
    assert page.locator("h1").inner_text() == "Обзор"
    page.locator(".langs a", has_text="EN").click()
    page.wait_for_url("**lang=en")
    assert page.locator("h1").inner_text() == "Dashboard" and page.locator("html").get_attribute("lang") == "en"
    page.locator("nav a", has_text="Roadmap").click()  # the choice stays on the next pages
    assert page.locator("h1").inner_text() == "Roadmap"
    page.locator(".langs a", has_text="RU").click()
    assert page.locator("h1").inner_text() == "Дорожная карта"


def test_keyboard_moves_to_the_next_unreviewed_requirement(site: dict[str, Any], page: Any) -> None:
    ws = load(site["root"])
    start = site["todo"][0]  # reviewed by the first test (or not, when run alone): either way n goes on
    expected = views.neighbours(ws, start)["next_to_review"]
    page.goto(review_url(site, start))
    page.locator("h1").click()  # focus on the page, not in a field
    page.keyboard.press("n")
    page.wait_for_url(f"**/requirements/{expected}")
    assert unquote(page.url).endswith(f"/requirements/{expected}")
    page.locator('#confirm-form textarea[name="reason"]').focus()
    page.keyboard.press("n")  # typing in a field is typing, not navigating
    assert unquote(page.url).endswith(f"/requirements/{expected}")
    assert page.locator('#confirm-form textarea[name="reason"]').input_value() == "n"


def test_download_the_review_docx(site: dict[str, Any], page: Any) -> None:
    page.goto(site["url"] + "/reports?lang=en")
    card = page.locator("section.card", has=page.locator("h2", has_text="Analytical review"))
    card.locator('input[value="C081"]').check()
    card.locator('select[name="lang"]').select_option("ru")
    card.locator('select[name="format"]').select_option("docx")
    card.locator("button", has_text="Generate").click()
    # made in the background: the page shows its progress and, when it is ready, the link
    page.locator("#made", has_text="review-C081-ru.docx").wait_for(timeout=120_000)
    with page.expect_download() as info:
        page.locator(".flash.ok a").click()
    download = info.value
    assert download.suggested_filename == "review-C081-ru.docx"
    saved = Path(download.path())
    with zipfile.ZipFile(saved) as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert "81" in body and "<w:body>" in body


def test_every_page_loads_only_from_the_app_and_breaks_no_rule(site: dict[str, Any], page: Any) -> None:
    """No CDN, nothing from elsewhere; no script or style the Content-Security-Policy would refuse."""
    requested: list[str] = []
    problems: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    for path in ("/", "/conventions/C081", f"/requirements/{site['todo'][3]}", "/provisions/KZ-LC:193(1)",
                 "/comments", "/roadmap", "/reports"):
        page.goto(site["url"] + path)
        assert page.locator("h1").count() == 1, path
    assert requested and all(u.startswith(site["url"] + "/") for u in requested), \
        [u for u in requested if not u.startswith(site["url"])]
    assert any(u.endswith("/static/style.css") for u in requested)
    assert not problems, problems


def test_a_provision_text_holding_a_script_is_shown_as_text(mini_ws: Path, browser: Any) -> None:
    act = mini_ws / "national_law" / "kz" / "labour_code.yaml"
    act.write_text(act.read_text(encoding="utf-8").replace("Контроль в форме проверки.",
                                                           "<script>alert(1)</script> проверки."), encoding="utf-8")
    context = browser.new_context()
    try:
        pg = context.new_page()
        pg.on("dialog", lambda d: pytest.fail("a script from a provision text ran"))
        with LiveServer(mini_ws, warm=False) as url:
            pg.goto(f"{url}/provisions/KZ-LC:191(5)")
            assert "<script>alert(1)</script>" in pg.locator("table.texts").inner_text()
    finally:
        context.close()


def test_an_expert_confirms_a_preliminary_assessment_as_is(site: dict[str, Any], page: Any) -> None:
    ws = load(site["root"])
    rid = next(m.requirement for m in read_file(site["root"] / "mappings" / "C129.yaml").values() if m.preliminary)
    page.goto(review_url(site, rid) + "?lang=ru")
    assert page.locator(".badge.s-preliminary").first.inner_text() == "Предварительная оценка"
    page.locator('form[action$="/accept"] input[name="reviewer"]').fill("Эксперт Проверяющий")
    page.locator("#accept").click()
    page.locator(".flash.ok").wait_for()
    m = read_file(site["root"] / "mappings" / "C129.yaml")[rid]
    assert (m.stage, m.reviewer) == ("confirmed", "Эксперт Проверяющий")
    assert page.locator(".badge.s-preliminary").count() == 0
    assert [e["action"] for e in audit(site) if e["requirement"] == rid][-2:] == ["assess", "confirm_preliminary"]
    assert ws.instruments["C129"]  # the workspace still loads


def test_a_name_too_long_is_refused_and_shown_back(site: dict[str, Any], page: Any) -> None:
    """Without accounts the local user gives a name once: one of 20,000 characters is refused, never stored or cut,
    and the page shows it back to copy."""
    page.goto(site["url"] + "/?lang=en")
    name = "Эксперт " * 2500
    page.evaluate("v => { const f = document.querySelector('.who input[name=\"reviewer\"]'); f.value = v; }", name)
    page.locator(".who form button").first.click()
    page.locator(".flash.err").wait_for()
    assert "at most 100 characters" in page.locator(".flash.err").inner_text()
    assert page.locator("dl.kept dd").inner_text() == " ".join(name.split())
    assert not any(c["name"] == "gapkit_reviewer" and len(c["value"]) > 300 for c in page.context.cookies())
