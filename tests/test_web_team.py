"""A team's working day in the web app, without a browser (FastAPI's TestClient): accounts and roles, four-eyes
approval, nothing lost or corrupted by a form, undo, filters, search, save and next, the history's diff."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from gapkit.accounts import AccountStore
from gapkit.cli import main
from gapkit.review import MAX_TEXT, MappingStore, history, read_file
from gapkit.web import pagecache
from gapkit.workspace import load

from .test_web import REQ, REQ_URL, client, csrf, decision, revision_in
from .test_web import ws as ws  # noqa: PLC0414  (the fixture: the small workspace with suggestions)

argon2 = pytest.importorskip("argon2")
FAST = argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)  # tests sign in many times
PASSWORDS = {"Айгерим Бекова": "reviewer-pass-1", "Daniyar Approver": "approver-pass-1", "Reader One": "reader-pass-1"}


@pytest.fixture
def team(ws: Path) -> Path:
    store = AccountStore(ws, hasher=FAST)
    store.add("Айгерим Бекова", "reviewer", PASSWORDS["Айгерим Бекова"])
    store.add("Daniyar Approver", "approver", PASSWORDS["Daniyar Approver"])
    store.add("Reader One", "reader", PASSWORDS["Reader One"])
    return ws


def signed_in(root: Path, name: str):  # type: ignore[no-untyped-def]
    c = client(root)
    token = csrf(c, "/login")
    r = c.post("/login", data={"name": name, "password": PASSWORDS[name], "csrf_token": token, "next": "/"})
    assert r.status_code == 303, r.text
    return c


def mapping(root: Path):  # type: ignore[no-untyped-def]
    return read_file(root / "mappings" / "C081.yaml").get(REQ)


# ---- accounts and roles ---------------------------------------------------------------------------------------


def test_with_accounts_every_page_asks_to_sign_in_and_the_name_comes_from_the_account(team: Path) -> None:
    c = client(team)
    r = c.get(REQ_URL)
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
    page = c.get("/login?lang=en")
    assert page.status_code == 200 and 'name="password"' in page.text and 'name="csrf_token"' in page.text
    # a sign-in without the form's CSRF token is refused
    assert c.post("/login", data={"name": "Reader One", "password": PASSWORDS["Reader One"]}).status_code == 403
    c = signed_in(team, "Айгерим Бекова")
    html = c.get(REQ_URL + "?lang=en").text
    assert "Айгерим Бекова" in html and 'name="reviewer"' not in html  # nobody types a name
    # a name typed into the form anyway is ignored: the account's is recorded
    r = c.post(REQ_URL + "/confirm", data=decision(c.cookies.get("gapkit_csrf"), revision_in(html), "Covered in part.",
                                                   reviewer="Someone Else"))
    assert r.status_code == 303
    assert mapping(team).reviewer == "Айгерим Бекова"
    assert history(team, REQ)[-1]["reviewer"] == "Айгерим Бекова"


def test_a_reader_reads_and_cannot_post(team: Path) -> None:
    c = signed_in(team, "Reader One")
    html = c.get(REQ_URL + "?lang=en").text
    assert "Confirm decision" not in html and 'id="confirm-form"' not in html  # no form to fill in vain
    r = c.post(REQ_URL + "/confirm", data=decision(c.cookies.get("gapkit_csrf"), "0", "I should not."))
    assert r.status_code == 403 and "reader" in r.text
    assert mapping(team) is None


def test_wrong_passwords_are_slowed_and_right_ones_still_work_after(team: Path) -> None:
    c = client(team)
    token = csrf(c, "/login")
    codes = [c.post("/login", data={"name": "Reader One", "password": f"wrong-guess-{i}", "csrf_token": token}
                    ).status_code for i in range(6)]
    assert codes[:3] == [401, 401, 401]  # three free tries, then the client must wait
    assert 429 in codes[3:]
    assert "Try again in" in c.post("/login?lang=en", data={"name": "Reader One", "password": "x",
                                                            "csrf_token": token}).text
    # the sign-out ends the session
    c2 = signed_in(team, "Reader One")
    assert c2.get("/").status_code == 200
    c2.post("/logout", data={"csrf_token": c2.cookies.get("gapkit_csrf")})
    assert c2.get("/").status_code == 303


def test_four_eyes_approval_by_another_person_only(team: Path) -> None:
    reviewer = signed_in(team, "Айгерим Бекова")
    html = reviewer.get(REQ_URL + "?lang=en").text
    reviewer.post(REQ_URL + "/confirm", data=decision(reviewer.cookies.get("gapkit_csrf"), revision_in(html),
                                                      "Covered in part."))
    html = reviewer.get(REQ_URL + "?lang=en").text
    assert 'id="approve-form"' not in html  # a reviewer has no approve button
    r = reviewer.post(REQ_URL + "/approve", data={"csrf_token": reviewer.cookies.get("gapkit_csrf"),
                                                  "revision": revision_in(html)})
    assert r.status_code == 403
    approver = signed_in(team, "Daniyar Approver")
    html = approver.get(REQ_URL + "?lang=en").text
    assert 'id="approve-form"' in html
    r = approver.post(REQ_URL + "/approve", data={"csrf_token": approver.cookies.get("gapkit_csrf"),
                                                  "revision": revision_in(html)})
    assert r.status_code == 303
    m = mapping(team)
    assert m.approval["approver"] == "Daniyar Approver" and m.approved
    assert "approved by Daniyar Approver" in approver.get(REQ_URL + "?lang=en").text
    # the approver's own decision cannot be approved by the approver
    html = approver.get(REQ_URL + "?lang=en").text
    approver.post(REQ_URL + "/confirm", data=decision(approver.cookies.get("gapkit_csrf"), revision_in(html),
                                                      "Not compliant.", verdict="non_compliant"))
    assert not mapping(team).approval  # a changed decision is no longer approved
    html = approver.get(REQ_URL + "?lang=en").text
    r = approver.post(REQ_URL + "/approve", data={"csrf_token": approver.cookies.get("gapkit_csrf"),
                                                  "revision": revision_in(html)})
    assert r.status_code == 400 and not mapping(team).approval


def test_accounts_added_while_the_app_runs_take_effect_at_once(ws: Path) -> None:
    c = client(ws)
    assert c.get(REQ_URL).status_code == 200  # one local user, no sign-in
    AccountStore(ws, hasher=FAST).add("Reader One", "reader", PASSWORDS["Reader One"])
    r = c.get(REQ_URL)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    (ws / "users.yaml").write_text("users: [oops\n", encoding="utf-8")  # broken by hand: nobody gets in
    assert c.get(REQ_URL).status_code == 303
    token = csrf(c, "/login")
    r = c.post("/login", data={"name": "Reader One", "password": PASSWORDS["Reader One"], "csrf_token": token})
    assert r.status_code == 401


def test_serving_the_network_needs_accounts(ws: Path) -> None:
    r = CliRunner().invoke(main, ["serve", "--workspace", str(ws), "--host", "0.0.0.0"])
    assert r.exit_code == 2 and "needs accounts" in r.output


# ---- nothing lost, nothing corrupt ----------------------------------------------------------------------------


def refused_keeping(ws: Path, data_changes: dict[str, object], says: str) -> None:
    c = client(ws)
    html = c.get(REQ_URL + "?lang=en").text
    before = (ws / "mappings").exists() and sorted(p.read_bytes() for p in (ws / "mappings").rglob("*.y*ml"))
    typed = "Our reason, typed with care: " + "слово " * 10
    data = decision(c.cookies.get("gapkit_csrf"), revision_in(html), typed)
    data.update(data_changes)
    r = c.post(REQ_URL + "/confirm?lang=en", data=data)
    assert r.status_code == 400 and says in r.text, r.text[-2000:]
    reason = data["reason"]
    assert isinstance(reason, str) and reason in r.text  # what was typed, whole, back in the form
    after = (ws / "mappings").exists() and sorted(p.read_bytes() for p in (ws / "mappings").rglob("*.y*ml"))
    assert before == after  # nothing written


def test_a_value_outside_its_vocabulary_is_refused_and_the_text_kept(ws: Path) -> None:
    refused_keeping(ws, {"practice_verdict": "totally_fine"}, "is not one of the values offered")
    refused_keeping(ws, {"relation": "kind_of"}, "is not one of the values offered")


def test_a_save_without_a_valid_revision_is_refused(ws: Path) -> None:
    refused_keeping(ws, {"revision": ""}, "carries no revision")
    refused_keeping(ws, {"revision": "abc"}, "carries no revision")


def test_a_text_over_its_limit_is_refused_whole_never_cut(ws: Path) -> None:
    long = "Очень длинное обоснование. " * 900  # 24,300 characters
    assert len(long) > MAX_TEXT
    refused_keeping(ws, {"reason": long}, f"at most {MAX_TEXT} are allowed")


def test_a_long_or_multiline_name_is_refused(ws: Path) -> None:
    refused_keeping(ws, {"reviewer": "N" * 20_000}, "A name is one line of at most 100 characters")
    c = client(ws)
    r = c.post("/reviewer", data={"reviewer": "N" * 101, "csrf_token": csrf(c), "next": "/"})
    assert r.status_code == 400 and "gapkit_reviewer" not in r.headers.get("set-cookie", "")


def test_a_cached_page_never_puts_a_token_into_a_users_text(ws: Path) -> None:
    """A reason that holds placeholder strings (of another run: this run's are secret) is shown as typed."""
    other = "0123456789abcdef0123456789abcdef"
    marks = f"gapkit-csrf-{other} gapkit-reviewer-{other} gapkit-csrf-placeholder-5b0e"
    assert other not in pagecache.CSRF_MARK
    MappingStore(load(ws)).confirm(REQ, ["KZ-LC:191(5)"], "intersects", "non_compliant", f"Odd text: {marks}", "B")
    c = client(ws)
    c.post("/reviewer", data={"reviewer": "Viewer", "csrf_token": csrf(c), "next": "/"})
    html = c.get(REQ_URL + "?lang=en").text
    token = c.cookies.get("gapkit_csrf")
    shown = re.search(r"Odd text: ([^<]*)", html)
    assert shown and shown.group(1).strip() == marks.replace("<", "&lt;")
    assert token not in shown.group(1) and "Viewer" not in shown.group(1)


def test_messages_come_from_the_server_not_the_address_and_pages_are_not_stored(ws: Path) -> None:
    c = client(ws)
    html = c.get(REQ_URL + "?lang=en&saved=confirm").text
    assert "Decision saved" not in html
    r = c.get(REQ_URL + "?lang=en")
    assert r.headers["cache-control"] == "no-store"
    r = c.post(REQ_URL + "/confirm", data=decision(c.cookies.get("gapkit_csrf"), revision_in(r.text), "Fine."))
    assert "saved" not in r.headers["location"]
    first = c.get(r.headers["location"].split("#")[0] + "?lang=en").text
    assert "Decision saved" in first  # once
    assert "Decision saved" not in c.get(REQ_URL + "?lang=en").text
    assert "Decision saved" not in client(ws).get(REQ_URL + "?lang=en").text  # and to nobody else


# ---- work faster, and undo --------------------------------------------------------------------------------------


def test_undo_of_each_kind_is_an_audited_change(ws: Path) -> None:
    c = client(ws)
    c.post("/reviewer", data={"reviewer": "A. Expert", "csrf_token": csrf(c), "next": "/"})
    token = c.cookies.get("gapkit_csrf")

    def post(action: str, **fields: str) -> None:
        rev = revision_in(c.get(REQ_URL + "?lang=en").text)
        r = c.post(f"{REQ_URL}/{action}", data={"csrf_token": token, "revision": rev, **fields})
        assert r.status_code == 303, r.text[-1500:]

    post("reject", provision="KZ-LC:191(5)", reason="Not about inspection.")
    assert [r.provision for r in mapping(ws).rejected] == ["KZ-LC:191(5)"]
    post("unreject", provision="KZ-LC:191(5)")
    assert mapping(ws).rejected == []
    post("propose", provision="KZ-LC:193(1)", proposed="Новая редакция.", justification="CEACR asks it.")
    assert len(mapping(ws).proposals) == 1
    post("withdraw", provision="KZ-LC:193(1)")
    assert mapping(ws).proposals == []
    post("confirm", provisions="KZ-LC:193(1)", relation="subset", verdict="partially_compliant", reason="First.")
    first = mapping(ws).revision
    post("confirm", provisions="KZ-LC:193(1)", relation="subset", verdict="non_compliant", reason="Second.")
    post("revert", to_revision=str(first))
    m = mapping(ws)
    assert (m.verdict, m.reason) == ("partially_compliant", {"en": "First."})
    post("reset")
    assert mapping(ws).verdict == "not_reviewed"
    actions = [e["action"] for e in history(ws, REQ)]
    assert actions == ["reject", "unreject", "propose", "withdraw", "confirm", "confirm", "revert", "reset"]
    # the history shows what each change changed
    html = c.get(REQ_URL + "?lang=en").text
    assert "<del>Not compliant</del> → <ins>Partially compliant</ins>" in html
    assert re.search(r"<del>Second\.\s*</del><ins>First\.\s*</ins>", html)


def test_save_and_next_goes_to_the_next_requirement_to_review(ws: Path) -> None:
    c = client(ws)
    html = c.get(REQ_URL + "?lang=en").text
    nxt = re.search(r'id="next-to-review" href="([^"]+)"', html)
    assert nxt
    r = c.post(REQ_URL + "/confirm", data={**decision(c.cookies.get("gapkit_csrf"), revision_in(html), "Done."),
                                           "then": "next"})
    assert r.status_code == 303 and r.headers["location"] == nxt.group(1)
    assert mapping(ws).verdict == "partially_compliant"


def test_filters_on_the_convention_tree_and_the_dashboard(ws: Path) -> None:
    MappingStore(load(ws)).confirm(REQ, ["KZ-LC:191(5)"], "intersects", "non_compliant", "Only with notice.", "Bekova")
    c = client(ws)
    tree = c.get("/conventions/C081?lang=en&verdict=non_compliant").text
    assert 'href="/requirements/C081:12(1)(a)"' in tree and "Requirements shown: 1" in tree
    assert "Requirements shown: 0" in c.get("/conventions/C081?lang=en&verdict=compliant").text
    assert "Requirements shown: 1" in c.get("/conventions/C081?lang=en&reviewer=Bekova").text
    assert "Requirements shown: 1" in c.get("/conventions/C081?lang=en&stage=confirmed").text
    dash = c.get("/?lang=en&verdict=non_compliant").text
    assert 'class="result"' in dash and "C081" in dash and "Requirements shown: 1" in dash
    none = c.get("/?lang=en&needs_review=1").text
    assert "No requirement passes these filters." in none


# ---- without waiting ------------------------------------------------------------------------------------------------


def test_suggestions_are_computed_in_the_background_at_start_and_when_the_texts_change(mini_ws: Path) -> None:
    from .test_web import wait_for_jobs

    suggestions_file = mini_ws / "mappings" / "suggestions" / "C081.json"
    c = client(mini_ws, background=True)
    progress = c.get("/progress.json").json()["suggestions"]
    assert progress is not None and progress["total"] == 1 and progress["label"] == "C081"
    wait_for_jobs(c)
    assert suggestions_file.is_file() and c.get("/progress.json").json()["suggestions"]["running"] is False
    first = suggestions_file.stat().st_mtime_ns
    # a provision's text changes: the app sees it on its next look and computes them again
    act = mini_ws / "national_law" / "kz" / "labour_code.yaml"
    text = act.read_text(encoding="utf-8")
    act.write_text(text.replace("Контроль в форме проверки.", "Контроль в форме проверки на месте."), encoding="utf-8")
    time.sleep(0.3)  # the app looks at the files at most four times a second
    c.get("/")
    wait_for_jobs(c)
    assert suggestions_file.stat().st_mtime_ns != first
