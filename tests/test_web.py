"""The review web app without a browser (FastAPI's TestClient): pages, decisions, conflicts, safety."""

from __future__ import annotations

import json
import re
import time
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from click.testing import CliRunner

from gapkit import match
from gapkit.cli import main
from gapkit.review import MappingStore, history, read_file
from gapkit.web import reports
from gapkit.web.app import create_app
from gapkit.web.i18n import LANGS, messages
from gapkit.web.state import WebState
from gapkit.workspace import load

from .conftest import REPO

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
TestClient = pytest.importorskip("fastapi.testclient").TestClient

BASE = "http://127.0.0.1"
REQ = "C081:12(1)(a)"
REQ_URL = "/requirements/C081:12(1)(a)"
SCRIPT = "<script>alert(1)</script>"


def client(root: Path, **kw: object) -> TestClient:
    return TestClient(create_app(root, warm=False, **kw), base_url=BASE, follow_redirects=False)


def wait_for_jobs(c: TestClient, timeout: float = 120) -> None:
    """Until the work the app runs in the background (suggestions, reports) is done."""
    deadline = time.monotonic() + timeout
    while any(j.running for j in c.app.state.ui.jobs.all().values()):  # type: ignore[attr-defined]
        assert time.monotonic() < deadline, "background work did not finish"
        time.sleep(0.05)


def add_suggestions(root: Path, rows: dict[str, list[dict]]) -> None:
    """A stored suggestion file as `gapkit suggest` writes it (fingerprint of the current texts)."""
    fp = match.fingerprint(load(root), ["C081", "KZ-LC"])
    path = root / "mappings" / "suggestions" / "C081.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"instrument": "C081", "acts": ["KZ-LC"], "top": 5, "fingerprint": fp,
                                "generated": "2026-01-01T00:00:00+00:00", "suggestions": rows}), encoding="utf-8")


@pytest.fixture
def ws(mini_ws: Path) -> Path:
    """The small workspace with a second provision, and a stored suggestion for C081:12(1)(a)."""
    act = mini_ws / "national_law" / "kz" / "labour_code.yaml"
    act.write_text(act.read_text(encoding="utf-8") + (
        '  - id: "KZ-LC:193"\n    kind: container\n    heading: {ru: Права инспекторов, en: Powers of inspectors}\n'
        '  - id: "KZ-LC:193(1)"\n    text: {ru: Инспектор труда вправе беспрепятственно посещать работодателей.,'
        ' en: A labour inspector may freely visit employers.}\n    concepts: [labour_inspector]\n'), encoding="utf-8")
    add_suggestions(mini_ws, {REQ: [
        {"provision": "KZ-LC:193(1)", "score": 0.61, "concepts": ["labour_inspector"], "lemmas": ["инспектор"],
         "cited_by": [], "article": "KZ-LC:193"},
        {"provision": "KZ-LC:191(5)", "score": 0.42, "concepts": ["inspection_visit"], "lemmas": ["проверка"],
         "cited_by": [], "article": "KZ-LC:191"}]})
    return mini_ws


def csrf(c: TestClient, url: str = "/") -> str:
    c.get(url)
    return c.cookies.get("gapkit_csrf")


def revision_in(html: str) -> str:
    m = re.search(r'name="revision" value="(\d+)"', html)
    assert m, "the form carries the revision it was rendered at"
    return m.group(1)


def decision(token: str, revision: str, reason: str, verdict: str = "partially_compliant", **extra: object) -> dict:
    return {"provisions": ["KZ-LC:193(1)"], "relation": "subset", "verdict": verdict, "reason": reason,
            "csrf_token": token, "revision": revision, "reviewer": "A. Expert", **extra}


# ---- pages -------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_renders_in_both_languages(ws: Path, lang: str) -> None:
    c = client(ws)
    for url in ("/", "/conventions/C081", REQ_URL, "/provisions/KZ-LC:191(5)", "/comments", "/roadmap", "/reports"):
        r = c.get(f"{url}?lang={lang}")
        assert r.status_code == 200, url
        assert f'<html lang="{lang}">' in r.text
        assert 'hreflang="ru"' in r.text and 'hreflang="en"' in r.text  # the switch, on every page
        assert not re.search(r">\s*[a-z_]+\.[a-z_.]+\s*<", r.text), f"an untranslated key on {url}"
    # the choice is kept: the next page without ?lang is in the same language
    assert f'<html lang="{lang}">' in c.get("/comments").text


def test_dashboard_shows_verdict_counts_and_what_needs_attention(ws: Path) -> None:
    MappingStore(load(ws)).confirm(REQ, ["KZ-LC:191(5)"], "intersects", "non_compliant", "Only with notice.", "B")
    html = client(ws).get("/?lang=en").text
    assert "Not compliant: 1" in html and "1 of 2 assessed" in html
    assert "<svg" in html and 'class="v-non_compliant"' in html  # the coverage bar
    assert "Mappings needing re-review" in html and "Open CEACR points" in html and "Overdue roadmap measures" in html


def test_review_page_shows_requirement_suggestions_with_shared_concepts_and_score(ws: Path) -> None:
    html = client(ws).get(REQ_URL + "?lang=ru").text
    assert "В любое время суток без предварительного уведомления." in html
    assert "вправе беспрепятственно посещать работодателей." in html
    # the concept both share is marked in the provision's text, with its label
    assert re.search(r'<mark class="k\d" title="инспектор труда">Инспектор труда</mark> вправе', html)
    assert "0.61" in html and 'name="provisions" value="KZ-LC:193(1)"' in html


def test_a_thesaurus_edit_shows_in_the_marked_texts(ws: Path) -> None:
    """The marked texts are memoised; a new label in the thesaurus is shown without restarting the app."""
    c = client(ws)
    assert 'title="инспектор труда"' in c.get(REQ_URL + "?lang=ru").text
    thesaurus = ws / "conventions" / "thesaurus" / "t.yaml"
    text = thesaurus.read_text(encoding="utf-8")
    thesaurus.write_text(text.replace("ru: инспектор труда}", "ru: государственный инспектор труда}"), encoding="utf-8")
    time.sleep(0.3)  # the app looks at the disk at most every 0.25 s
    assert 'title="государственный инспектор труда"' in c.get(REQ_URL + "?lang=ru").text


def test_no_suggestions_computed_is_said_and_the_rest_works(mini_ws: Path) -> None:
    c = client(mini_ws)
    html = c.get(REQ_URL + "?lang=en").text
    assert "No suggestions computed." in html and 'id="confirm-form"' in html
    r = c.post(REQ_URL + "/confirm", data={**decision(c.cookies.get("gapkit_csrf"), "0", "Seen."),
                                           "provisions": ["KZ-LC:191(5)"]})
    assert r.status_code == 303, re.findall(r'class="flash err"[^<]*', r.text)


def test_a_citation_in_the_address_leads_to_the_clause(ws: Path) -> None:
    c = client(ws)
    r = c.get("/provisions/пункт 5 статьи 191 Трудового кодекса")
    assert r.status_code == 303 and r.headers["location"] == "/provisions/KZ-LC:191(5)"
    assert c.get("/requirements/C081:99").status_code == 404
    assert c.get("/provisions/C081:12(1)").status_code == 404  # a requirement is not a provision


# ---- decisions -------------------------------------------------------------------------------------


def test_confirm_writes_the_mapping_and_the_audit_log_and_shows_it_in_the_history(ws: Path) -> None:
    c = client(ws)
    page = c.get(REQ_URL).text
    r = c.post(REQ_URL + "/confirm", data=decision(c.cookies.get("gapkit_csrf"), revision_in(page),
                                                   "Free entry, but only with notice.",
                                                   other_provisions="пункт 5 статьи 191 Трудового кодекса"))
    assert r.status_code == 303 and r.headers["location"].startswith(REQ_URL)
    m = read_file(ws / "mappings" / "C081.yaml")[REQ]
    assert m.provisions == ["KZ-LC:193(1)", "KZ-LC:191(5)"] and m.relation == "subset"
    assert m.verdict == "partially_compliant" and m.reviewer == "A. Expert" and m.revision == 1
    (entry,) = history(ws, REQ)
    assert entry["action"] == "confirm" and entry["after"]["reason"] == {"en": "Free entry, but only with notice."}
    html = c.get(r.headers["location"]).text
    assert "Free entry, but only with notice." in html and "A. Expert" in html
    assert c.cookies.get("gapkit_reviewer") == "A.%20Expert"  # given once, kept for the next decisions


def test_a_bad_decision_is_refused_and_keeps_what_was_typed(ws: Path) -> None:
    c = client(ws)
    token = csrf(c, REQ_URL)
    r = c.post(REQ_URL + "/confirm", data={**decision(token, "0", "My careful reasoning."), "verdict": ""})
    assert r.status_code == 400 and "My careful reasoning." in r.text
    r = c.post(REQ_URL + "/confirm", data=decision(token, "0", "Again.", other_provisions="статья 999 ТК"))
    assert r.status_code == 400 and "статья 999 ТК" in r.text and "Again." in r.text
    assert not (ws / "mappings" / "C081.yaml").exists()


def test_a_stale_form_is_refused_shows_the_other_decision_and_keeps_both(ws: Path) -> None:
    first, second = client(ws), client(ws)
    page1, page2 = first.get(REQ_URL).text, second.get(REQ_URL).text
    r1 = first.post(REQ_URL + "/confirm", data=decision(first.cookies.get("gapkit_csrf"), revision_in(page1),
                                                        "First reviewer: notice is required."))
    assert r1.status_code == 303
    r2 = second.post(REQ_URL + "/confirm", data={
        **decision(second.cookies.get("gapkit_csrf"), revision_in(page2), "Second reviewer: not compliant at all.",
                   verdict="non_compliant"), "reviewer": "B. Lawyer"})
    assert r2.status_code == 409
    assert "First reviewer: notice is required." in r2.text  # the other reviewer's decision, shown
    assert "Second reviewer: not compliant at all." in r2.text  # and ours, kept in the form
    assert 'value="non_compliant" selected' in r2.text
    assert read_file(ws / "mappings" / "C081.yaml")[REQ].reason == {"en": "First reviewer: notice is required."}
    # saved again after looking: based on the revision now shown, it lands
    r3 = second.post(REQ_URL + "/confirm", data={
        **decision(second.cookies.get("gapkit_csrf"), revision_in(r2.text), "Second reviewer: not compliant at all.",
                   verdict="non_compliant"), "reviewer": "B. Lawyer"})
    assert r3.status_code == 303
    assert [e["reviewer"] for e in history(ws, REQ)] == ["A. Expert", "B. Lawyer"]


def test_reject_a_suggestion_and_propose_an_amendment(ws: Path) -> None:
    c = client(ws)
    token = csrf(c, REQ_URL)
    r = c.post(REQ_URL + "/reject", data={"provision": "KZ-LC:191(5)", "reason": "About the form of control only.",
                                          "csrf_token": token, "revision": "0", "reviewer": "A. Expert"})
    assert r.status_code == 303
    html = c.get(REQ_URL + "?lang=en").text
    assert 'name="provisions" value="KZ-LC:191(5)"' not in html  # no longer suggested
    assert "About the form of control only." in html
    r = c.post(REQ_URL + "/propose", data={"provision": "KZ-LC:193(1)", "csrf_token": token, "revision": "1",
                                           "proposed": "… без предварительного уведомления.",
                                           "justification": "C081 Art. 12(1)(a)."})
    assert r.status_code == 303
    m = read_file(ws / "mappings" / "C081.yaml")[REQ]
    assert m.rejected[0].provision == "KZ-LC:191(5)" and m.proposals[0].proposed.endswith("уведомления.")
    assert m.proposals[0].current.startswith("Инспектор труда вправе")
    assert [e["action"] for e in history(ws, REQ)] == ["reject", "propose"]


def test_a_broken_mappings_file_is_reported_and_nothing_is_written(ws: Path) -> None:
    broken = ws / "mappings" / "C081.yaml"
    c = client(ws)
    page = c.get(REQ_URL).text  # loaded before the file broke
    broken.write_text("instrument: C081\nmappings: [\n", encoding="utf-8")
    r = c.post(REQ_URL + "/confirm", data=decision(c.cookies.get("gapkit_csrf"), revision_in(page), "Kept."))
    assert r.status_code in (500, 503) and "mappings/C081.yaml" in r.text and "Kept." in r.text
    assert broken.read_text(encoding="utf-8") == "instrument: C081\nmappings: [\n"
    shown = c.get(REQ_URL)  # every page that needs the decisions says which file, rather than "not reviewed"
    assert shown.status_code == 503 and "mappings/C081.yaml" in shown.text


def test_suggestions_are_computed_from_the_convention_page(mini_ws: Path) -> None:
    c = client(mini_ws)
    assert "No suggestions computed." in c.get("/conventions/C081?lang=en").text
    r = c.post("/conventions/C081/suggest", data={"csrf_token": c.cookies.get("gapkit_csrf")})
    assert r.status_code == 303
    assert "computed in the background" in c.get("/conventions/C081?lang=en").text  # said once, from the server
    wait_for_jobs(c)
    assert (mini_ws / "mappings" / "suggestions" / "C081.json").is_file()
    assert "Suggestions computed" in c.get("/conventions/C081?lang=en").text
    assert "No suggestions computed." not in c.get(REQ_URL + "?lang=en").text


def test_keyboard_navigation_targets_the_next_unreviewed_requirement(ws: Path) -> None:
    MappingStore(load(ws)).confirm("C081:12(1)", [], "no_relationship", "non_compliant", "None.", "A")
    html = client(ws).get("/requirements/C081:12(1)").text
    assert re.search(r'data-key="n" id="next-to-review" href="/requirements/C081:12\(1\)\(a\)"', html)
    assert '<script src="/static/app.js" defer></script>' in html


def test_a_change_made_elsewhere_is_seen_without_a_restart(ws: Path) -> None:
    app = create_app(ws, warm=False)
    c = TestClient(app, base_url=BASE)
    assert "Made from the command line." not in c.get(REQ_URL).text
    MappingStore(load(ws)).confirm(REQ, ["KZ-LC:191(5)"], "intersects", "non_compliant", "Made from the command line.",
                                   "CLI user")
    state: WebState = app.state.web
    state.fresh(force=True)
    assert "Made from the command line." in c.get(REQ_URL).text


def test_pages_kept_in_the_page_cache_carry_each_browsers_own_token(ws: Path) -> None:
    app = create_app(ws, warm=False)
    a, b = TestClient(app, base_url=BASE), TestClient(app, base_url=BASE)
    ha, hb = a.get(REQ_URL).text, b.get(REQ_URL).text
    assert app.state.pages.hits >= 1
    assert a.cookies.get("gapkit_csrf") in ha and b.cookies.get("gapkit_csrf") in hb
    assert a.cookies.get("gapkit_csrf") not in hb and "placeholder-5b0e" not in ha


# ---- safety --------------------------------------------------------------------------------------


def test_text_from_imported_documents_is_escaped(ws: Path) -> None:
    act = ws / "national_law" / "kz" / "labour_code.yaml"
    text = act.read_text(encoding="utf-8").replace("Контроль в форме проверки.", f"Контроль {SCRIPT} проверки.")
    act.write_text(text, encoding="utf-8")
    c = client(ws)
    for url in ("/provisions/KZ-LC:191(5)", REQ_URL):
        html = c.get(url).text
        assert SCRIPT not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html, url
    assert "script-src 'self'" in c.get("/").headers["content-security-policy"]


def test_a_post_without_the_csrf_token_is_refused(ws: Path) -> None:
    c = client(ws)
    c.get(REQ_URL)
    data = decision("", "0", "Forged.")
    del data["csrf_token"]
    assert c.post(REQ_URL + "/confirm", data=data).status_code == 403
    assert c.post(REQ_URL + "/confirm", data={**data, "csrf_token": "x" * 43}).status_code == 403
    other_site = {"origin": "https://evil.example"}
    r = c.post(REQ_URL + "/confirm", data={**data, "csrf_token": c.cookies.get("gapkit_csrf")}, headers=other_site)
    assert r.status_code == 403
    from gapkit.review import audit_logs

    assert not (ws / "mappings" / "C081.yaml").exists() and not audit_logs(ws)


def test_downloads_serve_only_reports_gapkit_wrote(ws: Path, tmp_path: Path) -> None:
    out = ws / "reports" / "out"
    out.mkdir(parents=True)
    (out / "review-C081-ru.docx").write_bytes(b"PK\x03\x04 a report")
    (out / "notes.txt").write_text("not a report")
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    (out / "review-C129-ru.docx").symlink_to(secret)
    c = client(ws)
    assert c.get("/reports/download/review-C081-ru.docx").content.startswith(b"PK")
    for bad in ("..%2F..%2Fetc%2Fpasswd", "..%2F..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "notes.txt",
                "review-C129-ru.docx", "..%2Fgapkit.toml", "review-C081-ru.docx%00.txt"):
        r = c.get(f"/reports/download/{bad}")
        assert r.status_code == 404 and b"secret" not in r.content and b"root:" not in r.content, bad
    assert c.get("/download?file=../../etc/passwd").status_code == 404
    assert [f.name for f in reports.listing(ws)] == ["review-C081-ru.docx"]


def test_with_a_token_every_request_needs_it(ws: Path) -> None:
    token = "correct-horse-battery"
    c = client(ws, token=token)
    for url in ("/", REQ_URL, "/static/style.css", "/reports/download/review-C081-ru.docx"):
        r = c.get(url)
        assert r.status_code == 401 and 'name="token"' in r.text, url
    assert c.post(REQ_URL + "/confirm", data={"reason": "x"}).status_code == 401
    assert c.get("/", headers={"x-gapkit-token": token}).status_code == 200
    assert c.post("/login", data={"token": "wrong-token-value", "next": "/"}).status_code == 401
    r = c.get(f"/comments?token={token}")
    assert r.status_code == 303 and r.headers["location"] == "/comments"  # kept in a cookie, out of the address
    assert c.get("/comments").status_code == 200
    other = client(ws, token=token)
    r = other.post("/login", data={"token": token, "next": REQ_URL})
    assert r.status_code == 303 and other.get(REQ_URL).status_code == 200


def test_a_request_to_another_host_name_is_refused(ws: Path) -> None:
    r = client(ws).get("/", headers={"host": "attacker.example:8000"})
    assert r.status_code == 421


# ---- reports ---------------------------------------------------------------------------------------


def test_generate_a_review_report_and_download_it(ws: Path) -> None:
    c = client(ws)
    token = csrf(c, "/reports")
    r = c.post("/reports/generate", data={"kind": "review", "conventions": ["C081"], "lang": "en", "format": "docx",
                                          "csrf_token": token})
    assert r.status_code == 303 and r.headers["location"] == "/reports"
    wait_for_jobs(c)
    page = c.get("/reports?lang=en").text
    assert "Report ready:" in page and "review-C081-en.docx" in page
    doc = c.get("/reports/download/review-C081-en.docx")
    assert doc.status_code == 200 and "attachment" in doc.headers["content-disposition"]
    assert "word/document.xml" in zipfile.ZipFile(BytesIO(doc.content)).namelist()
    r = c.post("/reports/generate", data={"kind": "review", "lang": "en", "format": "docx", "csrf_token": token})
    assert r.status_code == 400 and "Convention" in r.text


def test_a_report_made_from_the_browser_shows_on_the_roadmap_at_once(tmp_path: Path) -> None:
    """The roadmap page is cached; making the review a measure calls for is a change it shows straight away."""
    from gapkit.web.live import copy_workspace

    root = copy_workspace(REPO, tmp_path / "ws")
    c = client(root)
    before = c.get("/roadmap?lang=en").text
    assert before.count("not generated yet") >= 1 and "review-C081-C129" not in before
    r = c.post("/reports/generate", data={"kind": "review", "conventions": ["C081", "C129"], "lang": "en",
                                          "format": "html", "csrf_token": csrf(c, "/reports")})
    assert r.status_code == 303
    wait_for_jobs(c)
    after = c.get("/roadmap?lang=en").text
    assert after.count("not generated yet") < before.count("not generated yet")


# ---- words and the command -------------------------------------------------------------------------


def test_every_word_the_pages_use_is_there_in_both_languages() -> None:
    msgs = messages()
    for key, entry in msgs.items():
        assert set(entry) == set(LANGS) and all(entry.values()), key
    templates = Path(__file__).resolve().parent.parent / "gapkit" / "web" / "templates"
    used = set()
    for f in templates.glob("*.j2"):
        used |= set(re.findall(r"""\bt\(["']([a-z_]+\.[a-z_.]+)["']""", f.read_text(encoding="utf-8")))
    dynamic = {k for k in used if k.endswith("_")}  # t("review.saved_" ~ action): every value must be there
    missing = sorted(k for k in used - dynamic if k not in msgs)
    assert not missing, missing
    from gapkit.web import routes_review, views

    expected = {"review.saved_": routes_review.ACTIONS, "convention.holds_": ("summary", "authentic"),
                "history.field_": views.DIFF_FIELDS, "review.strength_": ("strong", "moderate", "weak"),
                "filters.stage_": views.STAGE_FILTERS, "search.group_": ("requirements", "provisions", "points",
                                                                          "decisions"),
                "search.source_": ("official", "summary", "requirement", "point", "reason"),
                "review.provision_text_": ("summary", "authentic"), "comments.seen_": ("partial", "none"),
                "error.title_": ("403", "404", "503"), "reports.about_": tuple(k.name for k in reports.KINDS),
                "propose.change_": ("wording", "append", "delete")}
    assert dynamic <= set(expected)
    assert not [p + v for p, vs in expected.items() for v in vs if p + v not in msgs]
    # the verdicts' words come from the review's vocabulary (gapkit.report.wording.VERDICT_LABELS), as in the reports
    assert {k for k in msgs if k.startswith("verdict.")} >= {
        f"verdict.{v}" for v in ("compliant", "partially_compliant", "non_compliant", "not_applicable",
                                 "insufficient_information", "not_reviewed")}


def test_serve_command_is_there() -> None:
    r = CliRunner().invoke(main, ["serve", "--help"])
    assert r.exit_code == 0 and "--host" in r.output and "--port" in r.output and "--token" in r.output
    assert "127.0.0.1" in r.output


def test_serve_refuses_a_short_token(mini_ws: Path) -> None:
    r = CliRunner().invoke(main, ["serve", "--workspace", str(mini_ws), "--token", "abc"])
    assert r.exit_code == 2 and "at least 20" in r.output
