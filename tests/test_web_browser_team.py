"""A team's working day in a real browser (Debian's Chromium driven by Playwright) on a served copy of the shipped
workspace with accounts: signing in and roles, four-eyes approval, search by citation and by words, every filter,
undo of each kind, save and next with the keyboard, applying a C081 decision to C129, and the integrity cases
(each refused with what was typed kept)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from gapkit.review import MAX_TEXT, MappingStore, history, read_file
from gapkit.web import suggestions, views
from gapkit.web.live import CHROMIUM, LiveServer, copy_workspace
from gapkit.workspace import load

from .conftest import REPO

if not Path(CHROMIUM).exists():
    pytest.skip(f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium; .ci/run installs it)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed "
                                                             "(pip install -e '.[test]')")
argon2 = pytest.importorskip("argon2")

pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning"), pytest.mark.slow]  # a real browser
TIMEOUT_MS = 30_000
PASSWORDS = {"Айгерим Бекова": "reviewer-pass-1", "Daniyar Approver": "approver-pass-1",
             "Reader One": "reader-pass-1"}
ROLES = {"Айгерим Бекова": "reviewer", "Daniyar Approver": "approver", "Reader One": "reader"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The shipped workspace with three accounts and C081's suggestions, served on a free loopback port."""
    from gapkit.accounts import AccountStore

    root = copy_workspace(REPO, tmp_path_factory.mktemp("team") / "ws")
    store = AccountStore(root, hasher=argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    for name, password in PASSWORDS.items():
        store.add(name, ROLES[name], password)
    suggestions.compute(load(root), "C081")
    ws = load(root)
    undecided = [r for r in ws.instruments["C081"].clauses if views.is_requirement(ws, r) and views.to_review(ws, r)
                 and len(suggestions.for_requirement(ws, r)) >= 2]
    pairs = [(r, o) for r in undecided for o in views.corresponding_requirements(ws, r) if o.startswith("C129")]
    assert len(undecided) >= 6 and pairs, "C081 requirements to review, some with a C129 counterpart"
    with LiveServer(root) as url:
        yield {"url": url, "root": root, "undecided": undecided, "pairs": pairs, "used": set()}


def signed_in(browser: Any, site: dict[str, Any], name: str) -> Any:
    """A browser window of its own, signed in through the sign-in page."""
    context = browser.new_context(locale="en-GB", accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    pg = context.new_page()
    pg.goto(site["url"] + "/?lang=en")
    assert "/login" in pg.url  # nothing without signing in
    pg.locator('input[name="name"]').fill(name)
    pg.locator('input[name="password"]').fill(PASSWORDS[name])
    pg.locator("form button.primary").click()
    pg.wait_for_url(re.compile(r".*/(\?.*)?$"))
    assert pg.locator(".who .me").inner_text() == name
    return pg


def take(site: dict[str, Any], pairs: bool = False) -> str:
    """A C081 requirement no other test of this module has used."""
    pool = [a for a, _b in site["pairs"]] if pairs else site["undecided"]
    rid = next(r for r in pool if r not in site["used"])
    site["used"].add(rid)
    return rid


def mapping(site: dict[str, Any], rid: str) -> Any:
    return read_file(site["root"] / "mappings" / f"{rid.split(':')[0]}.yaml").get(rid)


def review(pg: Any, site: dict[str, Any], rid: str) -> None:
    pg.goto(f"{site['url']}/requirements/{rid}?lang=en")


def decide(pg: Any, reason: str, verdict_key: str = "2", relation_key: str = "!") -> None:
    """Tick the first suggestion and pick verdict and relation with the keyboard shortcuts."""
    pg.locator('article.cand input[name="provisions"]').first.check()
    pg.locator("h1").click()  # out of any field: the digits are shortcuts
    pg.keyboard.press(f"Digit{verdict_key}")
    pg.keyboard.press("Shift+Digit2" if relation_key == "!" else relation_key)
    pg.locator('#confirm-form textarea[name="reason"]').fill(reason)


# ---- accounts and roles -------------------------------------------------------------------------------------------


def test_a_reader_reads_and_cannot_post_a_reviewers_name_comes_from_the_account(browser: Any,
                                                                                 site: dict[str, Any]) -> None:
    rid = take(site)
    before = mapping(site, rid)
    reader = signed_in(browser, site, "Reader One")
    review(reader, site, rid)
    assert reader.locator("#confirm-form").count() == 0 and reader.locator('input[name="reviewer"]').count() == 0
    token = next(c["value"] for c in reader.context.cookies() if c["name"] == "gapkit_csrf")
    r = reader.request.post(f"{site['url']}/requirements/{rid}/confirm",
                            form={"csrf_token": token, "revision": "0", "relation": "subset",
                                  "verdict": "compliant", "reason": "A reader tries."})
    assert r.status == 403 and mapping(site, rid) == before
    reader.context.close()

    pg = signed_in(browser, site, "Айгерим Бекова")
    review(pg, site, rid)
    assert pg.locator('input[name="reviewer"]').count() == 0  # nobody types a name
    decide(pg, "Covered in part: browser test of roles.")
    assert pg.locator('#confirm-form select[name="verdict"]').input_value() == "partially_compliant"
    assert pg.locator('#confirm-form select[name="relation"]').input_value() == "subset"
    pg.keyboard.press("Control+Enter")
    pg.locator(".flash.ok", has_text="Decision saved").wait_for()
    m = mapping(site, rid)
    assert m.reviewer == "Айгерим Бекова" and m.verdict == "partially_compliant"
    assert history(site["root"], rid)[-1]["reviewer"] == "Айгерим Бекова"
    site["decided_by_reviewer"] = rid
    pg.context.close()


def test_four_eyes_approval(browser: Any, site: dict[str, Any]) -> None:
    rid = site.get("decided_by_reviewer") or take(site)
    if mapping(site, rid) is None or not mapping(site, rid).decided:
        MappingStore(load(site["root"])).confirm(rid, [], "no_relationship", "non_compliant", "None.", "Айгерим Бекова")
    reviewer = signed_in(browser, site, "Айгерим Бекова")
    review(reviewer, site, rid)
    assert reviewer.locator("#approve-form").count() == 0  # a reviewer does not approve
    reviewer.context.close()
    approver = signed_in(browser, site, "Daniyar Approver")
    review(approver, site, rid)
    approver.locator("#approve-form button").click()
    approver.locator(".flash.ok", has_text="Decision approved").wait_for()
    assert "approved by Daniyar Approver" in approver.locator("#decision").inner_text()
    m = mapping(site, rid)
    assert m.approval["approver"] == "Daniyar Approver" and m.approved
    # the history shows the approval as a change of its own
    assert "approval" in approver.locator("section.history tbody tr").first.inner_text()
    approver.context.close()


# ---- search ---------------------------------------------------------------------------------------------------------


def test_search_by_citation_and_by_words(browser: Any, site: dict[str, Any]) -> None:
    pg = signed_in(browser, site, "Reader One")
    box = pg.locator("#q")
    box.fill("ст. 193 ТК")
    box.press("Enter")
    pg.wait_for_url("**/provisions/**")
    assert unquote(pg.url).endswith("/provisions/KZ-LC:193")
    pg.locator("body").press("/")  # the shortcut puts the cursor in the search box
    pg.keyboard.type("Article 12(1)(a) of C081")
    pg.keyboard.press("Enter")
    pg.wait_for_url("**/requirements/**")
    assert unquote(pg.url).endswith("/requirements/C081:12(1)(a)")
    # words: a Russian word in another form finds its lemma's occurrences
    pg.goto(site["url"] + "/search?lang=ru&q=инспекторами")
    assert pg.locator("#nfound").count() == 1
    hits = pg.locator("li.hit")
    assert hits.count() >= 3
    marked = [m.lower() for m in pg.locator("li.hit mark").all_inner_texts()]
    assert marked and all(m.startswith("инспектор") for m in marked)
    groups = pg.locator("section.hits h2").all_inner_texts()
    assert any("Требования" in g for g in groups) and any("положения" in g for g in groups)
    pg.goto(site["url"] + "/search?lang=en&q=qwertyuiop")
    assert pg.locator("#no-results").count() == 1
    pg.context.close()


# ---- filters ----------------------------------------------------------------------------------------------------


SHOWN = 'table.tree td.cl a[href^="/requirements/"], table.results td:first-child a[href^="/requirements/"]'


def shown_requirements(pg: Any) -> list[str]:
    """The requirements a filtered list shows (not the headings above them, nor the other Convention's column)."""
    hrefs = pg.locator(SHOWN).evaluate_all("els => els.map(e => e.getAttribute('href'))")
    return [unquote(h.split("/requirements/")[1]) for h in hrefs]


def test_each_filter_of_the_convention_tree_and_the_dashboard(browser: Any, site: dict[str, Any]) -> None:
    pg = signed_in(browser, site, "Reader One")
    ws = load(site["root"])
    every = set(views.graph.requirements(ws, "C081"))

    def check(f: dict[str, str], where: str = "/conventions/C081") -> list[str]:
        shown = sorted(set(shown_requirements(pg)))
        codes = ["C081"] if where != "/" else [i.code for i in views.conventions(ws)]
        expected = sorted({r["id"] for r in views.filtered(load(site["root"]), codes, f)})
        assert shown == expected[:300], f
        return shown

    pg.goto(site["url"] + "/conventions/C081?lang=en")
    form = pg.locator("#filters")
    form.locator('select[name="verdict"]').select_option("partially_compliant")
    form.locator("button").click()
    pg.wait_for_url("**verdict=partially_compliant*")
    shown = check({"verdict": "partially_compliant"})
    assert 0 < len(shown) < len(every)
    for stage in ("preliminary", "confirmed", "approved", "none"):
        pg.goto(site["url"] + "/conventions/C081?lang=en")
        pg.locator('#filters select[name="stage"]').select_option(stage)
        pg.locator("#filters button").click()
        pg.wait_for_url(f"**stage={stage}*")
        check({"stage": stage})
    pg.goto(site["url"] + "/conventions/C081?lang=en")
    pg.locator('#filters input[name="open_point"]').check()
    pg.locator("#filters button").click()
    pg.wait_for_url("**open_point=1*")
    assert check({"open_point": "1"})
    pg.goto(site["url"] + "/conventions/C081?lang=en")
    pg.locator('#filters input[name="needs_review"]').check()
    pg.locator("#filters button").click()
    pg.wait_for_url("**needs_review=1*")
    check({"needs_review": "1"})
    names = pg.locator('#filters select[name="reviewer"] option').all_inner_texts()[1:]
    assert names
    pg.locator('#filters select[name="reviewer"]').select_option(names[0])
    pg.locator('#filters input[name="needs_review"]').uncheck()
    pg.locator("#filters button").click()
    pg.wait_for_url("**reviewer=*")
    assert check({"reviewer": names[0]})
    # Parts: C102's
    pg.goto(site["url"] + "/conventions/C102?lang=en")
    parts = pg.locator('#filters select[name="part"] option')
    assert parts.count() > 3
    part = parts.nth(3).get_attribute("value")
    pg.locator('#filters select[name="part"]').select_option(part)
    pg.locator("#filters button").click()
    pg.wait_for_url("**part=*")
    shown = sorted(set(shown_requirements(pg)))
    expected = sorted(r["id"] for r in views.filtered(load(site["root"]), ["C102"], {"part": part}))
    assert shown == expected and shown
    # the dashboard: every Convention, the same filters
    pg.goto(site["url"] + "/?lang=en")
    pg.locator('#filters select[name="verdict"]').select_option("non_compliant")
    pg.locator("#filters button").click()
    pg.wait_for_url("**verdict=non_compliant*")
    assert check({"verdict": "non_compliant"}, "/")
    # ... and, a Convention chosen, its Parts
    pg.locator('#filters select[name="convention"]').select_option("C102")
    pg.locator('#filters select[name="verdict"]').select_option("")
    pg.locator("#filters button").click()
    pg.wait_for_url("**convention=C102*")
    pg.locator('#filters select[name="part"]').select_option(part)
    pg.locator("#filters button").click()
    pg.wait_for_url("**part=*")
    shown = sorted(set(shown_requirements(pg)))
    assert shown == expected
    pg.context.close()


# ---- work faster, and undo ------------------------------------------------------------------------------------------


def test_undo_of_each_kind(browser: Any, site: dict[str, Any]) -> None:
    rid = take(site)
    pg = signed_in(browser, site, "Айгерим Бекова")
    review(pg, site, rid)
    card = pg.locator("article.cand:not(.chosen)").first
    provision = card.locator('input[name="provisions"]').get_attribute("value")
    card.locator('details[id^="reject-"] summary').click()
    card.locator('details[id^="reject-"] textarea[name="reason"]').fill("Not about this requirement.")
    card.locator('details[id^="reject-"] button').click()
    pg.locator(".flash.ok", has_text="Suggestion rejected").wait_for()
    assert [r.provision for r in mapping(site, rid).rejected] == [provision]
    pg.locator("#decision button", has_text="restore").click()
    pg.locator(".flash.ok", has_text="Rejection withdrawn").wait_for()
    assert mapping(site, rid).rejected == []
    proposals = len(mapping(site, rid).proposals)
    card = pg.locator("article.cand:not(.chosen)").first
    card.locator('details[id^="propose-"] summary').click()
    card.locator('details[id^="propose-"] textarea[name="proposed"]').fill("Новая редакция пункта.")
    card.locator('details[id^="propose-"] textarea[name="justification"]').fill("The CEACR asks for it.")
    card.locator('details[id^="propose-"] button').click()
    pg.locator(".flash.ok", has_text="Amendment proposal saved").wait_for()
    assert len(mapping(site, rid).proposals) == proposals + 1
    pg.locator(f'#decision form[action$="/withdraw"]:has(input[value="{provision}"]) button').click()
    pg.locator(".flash.ok", has_text="withdrawn").wait_for()
    assert len(mapping(site, rid).proposals) == proposals
    assert provision not in [p.provision for p in mapping(site, rid).proposals]
    decide(pg, "First wording of the reason.")
    pg.locator("#save").click()
    pg.locator(".flash.ok", has_text="Decision saved").wait_for()
    first = mapping(site, rid).revision
    decide(pg, "Second wording of the reason.", verdict_key="3")
    pg.locator("#save").click()
    pg.locator(".flash.ok", has_text="Decision saved").wait_for()
    assert mapping(site, rid).verdict == "non_compliant"
    # the history shows what changed: the verdict and the reason's words
    top = pg.locator("section.history tbody tr").first
    assert top.locator("del", has_text="Partially compliant").count() == 1
    assert top.locator("ins", has_text="Not compliant").count() == 1
    assert top.locator("ins", has_text="Second").count() == 1 and top.locator("del", has_text="First").count() == 1
    pg.locator(f'tr#rev-{first} button', has_text="restore this revision").click()
    pg.locator(".flash.ok", has_text="earlier revision").wait_for()
    m = mapping(site, rid)
    assert (m.verdict, m.reason) == ("partially_compliant", {"en": "First wording of the reason."})
    pg.locator("#decision details.undo summary").click()
    pg.locator("#reset-form button").click()
    pg.locator(".flash.ok", has_text="Decision reset").wait_for()
    assert mapping(site, rid).verdict == "not_reviewed"
    assert [e["action"] for e in history(site["root"], rid)][-8:] == [
        "reject", "unreject", "propose", "withdraw", "confirm", "confirm", "revert", "reset"]
    pg.context.close()


def test_save_and_next_and_apply_to_the_corresponding_c129_requirement(browser: Any, site: dict[str, Any]) -> None:
    rid = take(site, pairs=True)
    target = next(b for a, b in site["pairs"] if a == rid)
    pg = signed_in(browser, site, "Айгерим Бекова")
    review(pg, site, rid)
    following = pg.locator("#next-to-review").get_attribute("href")
    decide(pg, "Covered in part: the same in C129.")
    pg.keyboard.press("Control+Shift+Enter")  # save and next
    pg.wait_for_url(f"**{following}")
    pg.locator(".flash.ok", has_text="Decision saved").wait_for()
    source = mapping(site, rid)
    assert source.verdict == "partially_compliant"
    review(pg, site, rid)
    pg.locator(f'a.apply-to[href^="/requirements/{target}?"]').click()
    pg.wait_for_url("**from=*")
    assert "filled with the decision on" in pg.locator(".flash.warn").inner_text()
    ticked = pg.locator('input[name="provisions"]:checked').evaluate_all("els => els.map(e => e.value)")
    assert sorted(ticked) == sorted(source.provisions)
    assert pg.locator('#confirm-form select[name="verdict"]').input_value() == "partially_compliant"
    pg.locator('#confirm-form textarea[name="reason"]').fill("C129: the same provisions, checked for agriculture.")
    pg.locator("#save").click()
    pg.locator(".flash.ok", has_text="Decision saved").wait_for()
    m = mapping(site, target)
    assert m.provisions == source.provisions and m.verdict == "partially_compliant"
    assert m.reason == {"en": "C129: the same provisions, checked for agriculture."} and m.reviewer == "Айгерим Бекова"
    assert mapping(site, rid).reason == source.reason  # the first decision untouched
    pg.context.close()


# ---- nothing lost, nothing corrupt ------------------------------------------------------------------------------


def test_the_integrity_cases_are_refused_with_the_typed_text_kept(browser: Any, site: dict[str, Any]) -> None:
    rid = take(site)
    pg = signed_in(browser, site, "Айгерим Бекова")
    files = sorted(p.read_bytes() for p in (site["root"] / "mappings").glob("*.yaml"))

    def submit_and_check(says: str, reason: str) -> None:
        pg.locator("#save").click()
        pg.locator(".flash.err").wait_for()
        assert says in pg.locator(".flash.err").inner_text()
        assert pg.locator('#confirm-form textarea[name="reason"]').input_value() == reason
        assert sorted(p.read_bytes() for p in (site["root"] / "mappings").glob("*.yaml")) == files

    # a reason over the limit: the counter says so, the save is refused, the whole text stays
    review(pg, site, rid)
    long = ("Обоснование, набранное в браузере. " * 700)[:24_039]
    decide(pg, long)
    counter = pg.locator("#confirm-form textarea[name='reason'] + .counter")
    assert counter.inner_text() == f"24039 of {MAX_TEXT}" and "over" in (counter.get_attribute("class") or "")
    submit_and_check(f"at most {MAX_TEXT}", long)
    # a value outside the vocabulary, put in the page by hand
    review(pg, site, rid)
    decide(pg, "Practice: a made-up verdict.")
    pg.evaluate("""() => { const s = document.querySelector('#confirm-form select[name="practice_verdict"]');
                           const o = document.createElement('option'); o.value = 'totally_fine'; s.add(o);
                           s.value = 'totally_fine'; }""")
    submit_and_check("is not one of the values offered", "Practice: a made-up verdict.")
    # a form without a valid revision
    for value in (None, "abc"):
        review(pg, site, rid)
        decide(pg, "No revision in the form.")
        pg.evaluate("v => { const r = document.querySelector('#confirm-form input[name=\"revision\"]');"
                    " if (v === null) r.remove(); else r.value = v; }", value)
        submit_and_check("carries no revision", "No revision in the form.")
    # a text that looks like the page cache's placeholders is shown as typed, with nobody's token put into it
    review(pg, site, rid)
    odd = "Причина: gapkit-csrf-0123456789abcdef0123456789abcdef и gapkit-csrf-placeholder-5b0e."
    decide(pg, odd)
    pg.locator("#save").click()
    pg.locator(".flash.ok", has_text="Decision saved").wait_for()
    token = next(c["value"] for c in pg.context.cookies() if c["name"] == "gapkit_csrf")
    shown = pg.locator("#decision dd.pre").first.inner_text()
    assert shown == odd and token not in shown
    # a message only the server can give: the address cannot make the page say something was saved
    pg.goto(f"{site['url']}/requirements/{rid}?lang=en&saved=confirm&made=x")
    assert pg.locator(".flash.ok").count() == 0
    pg.context.close()
