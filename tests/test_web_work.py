"""The reviewer's tools in the web app without a browser (routes_work): the review workbook downloaded, filled and
uploaded; OSCAL; a CEACR point's status; a roadmap measure's progress; today's work."""

from __future__ import annotations

import json
import re
import shutil
import time
import zipfile
from datetime import UTC, datetime
from html import unescape
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import quote

import openpyxl
import pytest

from gapkit import accounts
from gapkit.accounts import AccountStore
from gapkit.comments import load_comments
from gapkit.comments.status import AUDIT_FILE as POINT_AUDIT
from gapkit.exchange import words as W
from gapkit.review import MappingStore, audit_logs, read_file
from gapkit.web import routes_work
from gapkit.web.app import create_app
from gapkit.web.i18n import LANGS, Translator
from gapkit.workspace import load

from .conftest import REPO, write

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
TestClient = pytest.importorskip("fastapi.testclient").TestClient

BASE = "http://127.0.0.1"
REQ, OTHER = "C081:12(1)(a)", "C081:12(1)"
NAME = "Айгерим Сапарова"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
POINT = "CEACR:KZ-C081-2023-OBS/1"
COMMENT_FILE = "comments/kz/C081-2023-observation.yaml"
COMMENT = """
# A comment file written by hand: its comments stay.
comment:
  id: CEACR:KZ-C081-2023-OBS
  type: observation
  country: kz
  conventions: [C081]
  adopted: 2023
points:
  - id: CEACR:KZ-C081-2023-OBS/1
    topic: "Article 12: powers of inspectors"
    articles: ["C081:12(1)(a)"]
    summary: {en: Visits without notice., ru: Посещения без уведомления.}
    status: open
"""
REASON = "Проверка без предварительного уведомления в законе не предусмотрена."


@pytest.fixture
def ws(mini_ws: Path) -> Path:
    """The small workspace with a CEACR comment and the shipped roadmap."""
    write(mini_ws, COMMENT_FILE, COMMENT)
    shutil.copy(REPO / "roadmap" / "kz-ilo-2024-2025.yaml", mini_ws / "roadmap")
    return mini_ws


def client(root: Path, name: str | None = NAME) -> Any:
    c = TestClient(create_app(root, warm=False), base_url=BASE, follow_redirects=False)
    if name:
        c.cookies.set("gapkit_reviewer", quote(name, safe=""))
    return c


def csrf(c: Any, url: str = "/workbook") -> str:
    c.get(url)
    return str(c.cookies.get("gapkit_csrf"))


def download(c: Any, codes: tuple[str, ...] = ("C081",), lang: str = "ru") -> bytes:
    query = "&".join([*(f"conventions={code}" for code in codes), f"book_lang={lang}"])
    r = c.get(f"/workbook/download?{query}")
    assert r.status_code == 200, r.text[:2000]
    assert r.headers["content-type"] == XLSX
    return bytes(r.content)


def fill(content: bytes, rows: dict[str, dict[str, str]], lang: str = "ru") -> bytes:
    """The workbook with cells filled by header, as a reviewer does in Excel."""
    wb = openpyxl.load_workbook(BytesIO(content))
    sheet = wb["C081"]
    cols = {str(c.value): c.column for c in sheet[1] if c.value is not None}
    for rid, values in rows.items():
        r = next(n for n in range(2, sheet.max_row + 1) if sheet.cell(row=n, column=1).value == rid)
        for key, value in values.items():
            sheet.cell(row=r, column=cols[W.header(key, lang)], value=value)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(c: Any, content: bytes, dry_run: bool = False, name: str = "мои решения.xlsx",
           **fields: str) -> Any:
    data = {"csrf_token": csrf(c), **({"dry_run": "1"} if dry_run else {}), **fields}
    r = c.post("/workbook/upload", data=data, files={"file": (name, content, XLSX)})
    if r.status_code == 403 and unescape(Translator("ru")("error.csrf")) in unescape(r.text):
        pytest.fail("the upload form's csrf_token was not read: gapkit/web/guard.py must take the token from a "
                    "multipart/form-data body too (as from a urlencoded one)")
    return r


def decision(**extra: str) -> dict[str, str]:
    return {"new_provisions": "KZ-LC:191(5)", "new_relation": "частичное пересечение",
            "new_verdict": "Частично соответствует", "new_reason": REASON, **extra}


def flashes(html: str) -> list[str]:
    return [unescape(re.sub(r"<[^>]+>", "", m)) for m in re.findall(r'class="flash [a-z]+"[^>]*>(.*?)</p>', html, re.S)]


def text_of(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.name.endswith(".lock")}


# ---- the review workbook ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_pages_render_in_both_languages(ws: Path, lang: str) -> None:
    c = client(ws)
    for url in ("/workbook", "/work", "/comments", "/roadmap"):
        r = c.get(f"{url}?lang={lang}")
        assert r.status_code == 200, url
        assert f'<html lang="{lang}">' in r.text
        assert not re.search(r">\s*[a-z_]+\.[a-z_.]+\s*<", r.text), f"an untranslated key on {url}"
        assert "work." not in text_of(r.text), url
    page = c.get(f"/workbook?lang={lang}").text
    assert 'name="conventions" value="C081"' in page and 'enctype="multipart/form-data"' in page


def test_the_workbook_downloads_as_an_excel_workbook_with_a_row_per_requirement(ws: Path) -> None:
    before = files_of(ws)
    c = client(ws)
    r = c.get("/workbook/download?conventions=c081&book_lang=en")
    assert r.status_code == 200 and r.headers["content-type"] == XLSX
    assert r.headers["content-disposition"] == 'attachment; filename="review-workbook-C081-en.xlsx"'
    wb = openpyxl.load_workbook(BytesIO(r.content))
    assert "C081" in wb.sheetnames and wb["_gapkit"]["B1"].value == "gapkit-review-workbook"
    sheet = wb["C081"]
    assert sheet.cell(row=1, column=1).value == W.header("id", "en")
    assert [sheet.cell(row=n, column=1).value for n in range(2, sheet.max_row + 1)] == [OTHER, REQ]
    assert files_of(ws) == before  # made in a temporary folder: nothing written into the workspace
    # what cannot be made is said on the page, in its language
    r = c.get("/workbook/download?lang=ru")
    assert r.status_code == 400 and "Выберите хотя бы одну конвенцию." in flashes(r.text)
    r = c.get("/workbook/download?conventions=C999&lang=ru")
    assert r.status_code == 400 and any(f.startswith("Книга не выгружена: ") and "C999" in f for f in flashes(r.text))
    r = c.get("/workbook/download?conventions=C081&book_lang=de")
    assert r.status_code == 400 and "«de»" in r.text
    assert 'id="download-form"' in r.text  # the page stays usable
    # ?lang= as the command line names it works too (it also sets the pages' language)
    r = c.get("/workbook/download?conventions=C081&lang=en")
    assert r.headers["content-disposition"] == 'attachment; filename="review-workbook-C081-en.xlsx"'


def test_a_filled_workbook_lands_under_the_signed_in_reviewers_name(ws: Path) -> None:
    c = client(ws)
    filled = fill(download(c), {REQ: decision()})
    r = upload(c, filled, reviewer="Somebody Else")  # a name in the form is not the reviewer
    assert r.status_code == 200, flashes(r.text)
    page = text_of(r.text)
    assert "Записано решений: 1" in page and f"от имени {NAME}" in page
    assert "пункт 1 статьи 12 Конвенции" in page or "C081" in page
    assert f'href="/requirements/{quote(REQ, safe=":()")}"' in r.text and "Частично соответствует" in page
    m = read_file(ws / "mappings" / "C081.yaml")[REQ]
    assert (m.verdict, m.relation, m.provisions) == ("partially_compliant", "intersects", ["KZ-LC:191(5)"])
    assert m.reviewer == NAME and m.reason == {"ru": REASON} and m.revision == 1
    lines = [json.loads(x) for p in audit_logs(ws) for x in p.read_text(encoding="utf-8").splitlines()]
    assert [(e["requirement"], e["action"], e["reviewer"]) for e in lines] == [(REQ, "confirm", NAME)]
    assert not [p for p in files_of(ws) if p.endswith(".xlsx")]  # the upload was not kept in the workspace
    # the same file again: nothing changed since, so nothing to write
    r = upload(c, filled)
    assert r.status_code == 400 and "решение изменено после выгрузки книги" in r.text


def test_a_dry_run_says_what_would_change_and_writes_nothing(ws: Path) -> None:
    c = client(ws)
    before = files_of(ws)
    r = upload(c, fill(download(c), {REQ: decision()}), dry_run=True)
    assert r.status_code == 200
    assert "Проверка пройдена: будет записано решений — 1" in r.text and "Ничего не записано." in r.text
    assert files_of(ws) == before


def test_a_workbook_with_a_bad_row_is_refused_whole_with_every_row_and_why(ws: Path, monkeypatch: Any) -> None:
    MappingStore(load(ws)).confirm(OTHER, ["KZ-LC:191(5)"], "subset", "compliant", {"en": "Covered."}, "B. Colleague")
    c = client(ws)
    book = download(c, lang="en")
    before = files_of(ws)
    bad = fill(book, {REQ: decision(), OTHER: {"new_verdict": "maybe", "new_provisions": "KZ-LC:999"}}, lang="en")
    r = upload(c, bad)
    assert r.status_code == 400
    page = text_of(r.text)
    assert "Файл не принят: ничего не записано" in page
    assert "лист «C081», строка 2" in page  # OTHER is the first requirement row
    assert "'maybe' is not a known verdict" in page and "a changed row needs YOUR reason" in page
    assert "unknown national provision 'KZ-LC:999'" in page
    assert "остальные изменённые строки (1)" in page
    assert files_of(ws) == before  # the good row was not written either: mappings and audit byte-identical
    assert 'id="upload-form"' in r.text  # the page stays usable
    # a file that is no workbook: refused with its own name, never the temporary one
    r = upload(c, b"PK\x03\x04 not really", name="notes.xlsx")
    assert r.status_code == 400
    [message] = [f for f in flashes(r.text) if f.startswith("Файл не принят")]
    assert "notes.xlsx: not an Excel workbook" in message and "/tmp" not in message and "upload.xlsx" not in message
    # a workbook whose sheet is broken XML, one that would unpack to more than a workbook holds: refused as well
    broken = BytesIO()
    with zipfile.ZipFile(BytesIO(book)) as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            sheet = info.filename.startswith("xl/worksheets/sheet2")
            dst.writestr(info, b"<worksheet><<not xml" if sheet else src.read(info.filename))
    r = upload(c, broken.getvalue(), name="broken.xlsx")
    assert r.status_code == 400
    assert any(f.startswith("Файл не принят") and "broken.xlsx: cannot be read" in f for f in flashes(r.text))
    monkeypatch.setattr(routes_work, "MAX_UNPACKED", 10_000)
    r = upload(c, book, name="big.xlsx")
    assert r.status_code == 400 and any("big.xlsx: unpacks to" in f for f in flashes(r.text))
    assert files_of(ws) == before


def test_a_row_changed_by_someone_else_since_the_export_is_a_conflict_showing_both(ws: Path) -> None:
    c = client(ws)
    book = download(c)
    MappingStore(load(ws)).confirm(REQ, [], "no_relationship", "non_compliant", {"en": "Nothing in the law."},
                                   "B. Colleague")
    before = files_of(ws)
    r = upload(c, fill(book, {REQ: decision()}))
    assert r.status_code == 400
    page = text_of(r.text)
    assert "решение изменено после выгрузки книги" in page and "Сейчас (B. Colleague)" in page
    assert "Не соответствует" in page and "Частично соответствует" in page
    assert files_of(ws) == before and read_file(ws / "mappings" / "C081.yaml")[REQ].reviewer == "B. Colleague"


def test_an_upload_needs_a_name_and_the_csrf_token(ws: Path) -> None:
    c = client(ws, name=None)
    book = fill(download(c), {REQ: decision()})
    before = files_of(ws)
    r = upload(c, book)
    assert r.status_code == 400 and "Укажите своё имя вверху страницы" in r.text
    named = client(ws)
    named.get("/workbook")
    r = named.post("/workbook/upload", files={"file": ("b.xlsx", book, XLSX)})
    assert r.status_code == 403
    r = named.post("/workbook/upload", data={"csrf_token": "x" * 43}, files={"file": ("b.xlsx", book, XLSX)})
    assert r.status_code == 403
    assert files_of(ws) == before


# ---- OSCAL ------------------------------------------------------------------------------------------------


def test_oscal_downloads_the_mapping_collection_of_a_convention(ws: Path) -> None:
    c = client(ws)
    r = c.get("/oscal/C081?lang=ru")
    assert r.status_code == 400 and any(f.startswith("Файл OSCAL не выгружен: ") for f in flashes(r.text))
    assert c.get("/oscal/C999").status_code == 404
    MappingStore(load(ws)).confirm(REQ, ["KZ-LC:191(5)"], "subset", "partially_compliant", {"en": "Part."}, NAME)
    time.sleep(0.3)  # the app looks at the disk at most every 0.25 s
    assert 'href="/oscal/C081"' in c.get("/workbook").text and 'href="/oscal/C081"' in c.get("/work").text
    r = c.get("/oscal/c081")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    assert r.headers["content-disposition"] == 'attachment; filename="C081-oscal-mapping.json"'
    doc = json.loads(r.content)["mapping-collection"]
    assert doc["metadata"]["oscal-version"].startswith("1.2") and doc["metadata"]["parties"][0]["name"] == NAME
    [mapping] = doc["mappings"]
    [m] = mapping["maps"]
    assert m["relationship"] == "subset-of" and m["remarks"] == "Part."
    assert [p["value"] for p in m["targets"][0]["props"] if p["name"] == "gapkit-id"] == [REQ]
    assert [p["value"] for p in m["sources"][0]["props"] if p["name"] == "gapkit-id"] == ["KZ-LC:191(5)"]
    assert mapping["target-gap-summary"]["unmapped-controls"][0]["with-ids"] == ["C081_12.1"]


# ---- a CEACR point's status ---------------------------------------------------------------------------


def point_url(pid: str = POINT) -> str:
    return f"/comments/points/{quote(pid, safe=':()')}/status"


def test_a_point_status_is_set_from_the_comments_page_with_an_audit_line(ws: Path) -> None:
    c = client(ws)
    page = c.get("/comments?lang=ru").text
    assert f'action="{point_url()}"' in page and 'name="was" value="open"' in page
    assert '<option value="mapping:C081:12(1)(a)">' in page
    token = c.cookies.get("gapkit_csrf")
    r = c.post(point_url(), data={"csrf_token": token, "status": "partially_addressed", "was": "open",
                                  "set_by": "mapping:C081:12(1)(a)", "note": "Ответ 2025 года.",
                                  "next": "/comments?open=1"})
    assert r.status_code == 303 and r.headers["location"] == "/comments?open=1#" + quote(POINT, safe=":/")
    shown = c.get(r.headers["location"])
    assert "Статус пункта сохранён: выполнен частично." in flashes(shown.text)
    assert 'class="badge s-partially_addressed"' in shown.text
    point = load_comments(load(ws)).points[POINT]
    assert (point.status, point.status_set_by) == ("partially_addressed", "mapping:C081:12(1)(a)")
    text = (ws / COMMENT_FILE).read_text(encoding="utf-8")
    assert text.startswith("# A comment file written by hand") and "    status: partially_addressed\n" in text
    [entry] = [json.loads(x) for x in (ws / POINT_AUDIT).read_text(encoding="utf-8").splitlines()]
    assert entry["reviewer"] == NAME and entry["point"] == POINT and entry["note"] == "Ответ 2025 года."
    assert entry["before"]["status"] == "open" and entry["after"]["status"] == "partially_addressed"
    # a page from before the change: refused, nothing written
    before = files_of(ws)
    r = c.post(point_url(), data={"csrf_token": token, "status": "addressed", "was": "open"})
    assert r.status_code == 303
    assert any("уже изменил другой рецензент" in f for f in flashes(c.get(r.headers["location"]).text))
    for bad in ({"status": "closed"}, {"status": "addressed", "set_by": "CEACR:KZ-C081-1999-OBS"}):
        r = c.post(point_url(), data={"csrf_token": token, **bad})
        assert any(f.startswith("Статус не сохранён") for f in flashes(c.get(r.headers["location"]).text)), bad
    assert c.post(point_url("CEACR:KZ-C081-2023-OBS/7"), data={"csrf_token": token,
                                                               "status": "open"}).status_code == 404
    assert c.post(point_url(), data={"status": "addressed"}).status_code == 403  # no CSRF token
    assert files_of(ws) == before


def test_a_point_status_needs_a_name(ws: Path) -> None:
    c = client(ws, name=None)
    before = files_of(ws)
    r = c.post(point_url(), data={"csrf_token": csrf(c, "/comments"), "status": "addressed"})
    assert r.status_code == 303
    assert any("Укажите своё имя" in f for f in flashes(c.get(r.headers["location"]).text))
    assert files_of(ws) == before


# ---- a roadmap measure's progress -----------------------------------------------------------------


def test_progress_is_recorded_from_the_roadmap_page(ws: Path) -> None:
    c = client(ws)
    page = c.get("/roadmap?lang=en").text
    assert 'action="/roadmap/measures/RM:1.3/progress"' in page
    token = c.cookies.get("gapkit_csrf")
    (ws / "reports" / "minutes.pdf").write_bytes(b"%PDF minutes")
    r = c.post("/roadmap/measures/RM:1.3/progress", data={"csrf_token": token, "status": "in_progress",
                                                          "evidence": "reports/minutes.pdf", "note": "Draft sent."})
    assert r.status_code == 303 and r.headers["location"] == "/roadmap#RM:1.3"
    assert "Progress of measure 1.3 recorded: in progress." in flashes(c.get(r.headers["location"]).text)
    r = c.post("/roadmap/measures/1.3/progress", data={"csrf_token": token, "status": "done",
                                                       "evidence": "https://example.org/report"})
    assert r.status_code == 303
    log = ws / "roadmap" / "progress.jsonl"
    records = [json.loads(x) for x in log.read_text(encoding="utf-8").splitlines()]
    assert [(x["measure"], x["status"], x["by"], x["evidence"], x["note"]) for x in records] == [
        ("RM:1.3", "in_progress", NAME, "reports/minutes.pdf", "Draft sent."),
        ("RM:1.3", "done", NAME, "https://example.org/report", None)]
    assert 'class="badge s-done"' in c.get("/roadmap").text
    # evidence outside the workspace, an unknown status, an unknown measure: nothing recorded
    before = log.read_bytes()
    for bad in ({"status": "done", "evidence": "/etc/passwd"}, {"status": "done", "evidence": "../outside.txt"},
                {"status": "overdue"}):
        r = c.post("/roadmap/measures/RM:1.3/progress", data={"csrf_token": token, **bad})
        assert r.status_code == 303
        assert any(f.startswith("Progress not recorded") for f in flashes(c.get(r.headers["location"]).text)), bad
    assert c.post("/roadmap/measures/RM:9.9/progress", data={"csrf_token": token,
                                                             "status": "done"}).status_code == 404
    assert c.post("/roadmap/measures/RM:1.3/progress", data={"status": "done"}).status_code == 403
    assert log.read_bytes() == before


# ---- today's work -----------------------------------------------------------------------------------------


def test_todays_work_shows_each_reviewers_counts_and_the_days_changes(ws: Path) -> None:
    store = MappingStore(load(ws))
    store.confirm(REQ, ["KZ-LC:191(5)"], "subset", "partially_compliant", {"ru": REASON}, NAME)
    store.reject(OTHER, "KZ-LC:191(5)", "Не о том.", NAME)
    # a decision of an earlier day, in the same log
    old = {"time": "2020-03-01T23:30:00+00:00", "reviewer": NAME, "action": "confirm", "requirement": OTHER,
           "revision": 0, "before": None, "after": {"verdict": "compliant", "requirement": OTHER}}
    log = ws / "mappings" / "audit" / "C081.jsonl"
    log.write_text(json.dumps(old) + "\n" + log.read_text(encoding="utf-8"), encoding="utf-8")
    c = client(ws)
    token = csrf(c, "/comments")
    c.post(point_url(), data={"csrf_token": token, "status": "addressed"})
    c.post("/roadmap/measures/RM:1.3/progress", data={"csrf_token": token, "status": "done"})
    r = c.get("/work?lang=ru")
    assert r.status_code == 200
    today = datetime.now(UTC).date().isoformat()
    assert f"Работа за {today}" in r.text
    row = text_of(re.search(rf"<tr><th scope=\"row\">{NAME}</th>.*?</tr>", r.text, re.S).group(0))  # type: ignore[union-attr]
    # decisions, approved, rejected, proposals, point statuses, progress, other: today (in all)
    assert row.split(NAME)[1].split() == ["1", "(всего", "2)", "0", "(всего", "0)", "1", "(всего", "1)", "0",
                                          "(всего", "0)", "1", "(всего", "1)", "1", "(всего", "1)", "0", "(всего", "0)"]
    feed = r.text.split('id="feed"')[1]
    assert feed.count('<tr class="k-') == 4  # newest first: progress, point, rejection, decision
    assert feed.index("отмечен ход мероприятия") < feed.index("изменён статус пункта замечания") \
        < feed.index("отклонено предложенное положение") < feed.index("вынесено решение")
    assert f'href="/requirements/{quote(REQ, safe=":()")}"' in feed and "Частично соответствует" in feed
    assert 'href="/roadmap#RM:1.3"' in feed and "мероприятие 1.3" in feed
    earlier = c.get("/work?day=2020-03-01&lang=en").text
    assert "Work on 2020-03-01" in earlier and "decision made" in earlier and "Compliant" in earlier
    assert "No change on this day." in c.get("/work?day=2021-01-01&lang=en").text
    assert f"Работа за {today}" in c.get("/work?day=tomorrow&lang=ru").text  # not a date: today


def test_todays_work_reads_the_logs_once_until_one_changes(ws: Path, monkeypatch: Any) -> None:
    reads: list[Path] = []
    real = routes_work.read_audit

    def counted(root: Path) -> Any:
        reads.append(root)
        return real(root)

    monkeypatch.setattr(routes_work, "read_audit", counted)
    c = client(ws)
    token = csrf(c, "/comments")
    assert "No change on this day." in c.get("/work?lang=en").text
    c.get("/work?day=2020-03-01&lang=en")
    assert len(reads) == 1  # another day, the same logs
    c.post("/roadmap/measures/RM:1.3/progress", data={"csrf_token": token, "status": "done"})
    assert "measure progress recorded" in c.get("/work?lang=en").text and len(reads) == 2
    # a change made outside the app (the command line) is seen once the app has looked at the disk
    MappingStore(load(ws)).confirm(REQ, ["KZ-LC:191(5)"], "subset", "partially_compliant", {"ru": REASON},
                                   "B. Colleague")
    time.sleep(0.3)  # the app looks at the disk at most every 0.25 s
    page = c.get("/work?lang=en").text
    assert "B. Colleague" in page and "decision made" in page and len(reads) == 3


# ---- with accounts -------------------------------------------------------------------------------------


def test_with_accounts_the_account_is_the_reviewer_and_a_reader_changes_nothing(ws: Path,
                                                                                monkeypatch: Any) -> None:
    from argon2 import PasswordHasher

    monkeypatch.setattr(accounts, "HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    store = AccountStore(ws)
    store.add("Ann Reviewer", "reviewer", "secretpass1")
    store.add("Ben Reader", "reader", "secretpass1")

    def signed_in(name: str) -> Any:
        c = TestClient(create_app(ws, warm=False), base_url=BASE, follow_redirects=False)
        c.get("/login")
        r = c.post("/login", data={"name": name, "password": "secretpass1", "next": "/workbook",
                                   "csrf_token": c.cookies.get("gapkit_csrf")})
        assert r.status_code == 303, r.text[:500]
        return c

    ann = signed_in("Ann Reviewer")
    r = upload(ann, fill(download(ann), {REQ: decision()}), reviewer="Somebody Else")
    assert r.status_code == 200 and read_file(ws / "mappings" / "C081.yaml")[REQ].reviewer == "Ann Reviewer"
    ben = signed_in("Ben Reader")
    assert 'id="upload-form"' not in ben.get("/workbook").text
    assert 'class="status-form"' not in ben.get("/comments").text
    assert 'class="progress-form"' not in ben.get("/roadmap").text
    assert download(ben)  # reading is allowed
    before = files_of(ws)
    assert upload(ben, fill(download(ben), {OTHER: decision()})).status_code == 403
    assert ben.post(point_url(), data={"csrf_token": ben.cookies.get("gapkit_csrf"),
                                       "status": "addressed"}).status_code == 403
    assert files_of(ws) == before
