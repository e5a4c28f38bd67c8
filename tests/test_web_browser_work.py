"""The review workbook in a real browser (Debian's Chromium driven by Playwright), against a served copy of this
workspace: a reviewer gives their name, downloads the C081 workbook from the page, fills a row as in Excel, uploads
it through the file input, reads what was written, and finds it among today's work; a workbook with a bad row is
refused with the row and why, and nothing is written."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from gapkit.exchange import words as W
from gapkit.review import read_file
from gapkit.web.live import CHROMIUM, LiveServer, copy_workspace

from .conftest import REPO

if not Path(CHROMIUM).exists():
    pytest.skip(f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium; .ci/run installs it)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed "
                                                             "(pip install -e '.[test]')")

pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning"), pytest.mark.slow]  # a real browser
TIMEOUT_MS = 60_000
NAME = "Браузерный Рецензент"
REASON = "Статья 191 Трудового кодекса покрывает требование лишь частично: проверка в браузере."


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    root = copy_workspace(REPO, tmp_path_factory.mktemp("web") / "ws")
    with LiveServer(root) as url:
        yield {"url": url, "root": root}


def sign_and_download(site: dict[str, Any], pg: Any, folder: Path) -> Path:
    """The reviewer names themself on the workbook page and downloads the C081 workbook in Russian."""
    pg.goto(site["url"] + "/workbook?lang=ru")
    assert pg.locator("h1").inner_text() == "Рабочая книга экспертизы"
    pg.locator('form[action="/reviewer"] input[name="reviewer"]').fill(NAME)
    pg.locator('form[action="/reviewer"] button').click()
    pg.wait_for_url("**/workbook*")
    assert NAME in pg.locator("#upload-form").locator("xpath=..").inner_text()
    pg.locator('#download-form input[name="conventions"][value="C081"]').check()
    pg.locator('#download-form select[name="book_lang"]').select_option("ru")
    with pg.expect_download() as info:
        pg.locator("#download-form button").click()
    download = info.value
    assert download.suggested_filename == "review-workbook-C081-ru.xlsx"
    path = folder / download.suggested_filename
    download.save_as(path)
    return path


def fill(path: Path, rows: dict[str, dict[str, str]]) -> Path:
    wb = openpyxl.load_workbook(path)
    sheet = wb["C081"]
    cols = {str(c.value): c.column for c in sheet[1] if c.value is not None}
    for rid, values in rows.items():
        r = next(n for n in range(2, sheet.max_row + 1) if sheet.cell(row=n, column=1).value == rid)
        for key, value in values.items():
            sheet.cell(row=r, column=cols[W.header(key, "ru")], value=value)
    out = path.with_name("filled-" + path.name)
    wb.save(out)
    return out


def requirement_rows(path: Path) -> list[str]:
    sheet = openpyxl.load_workbook(path, read_only=True)["C081"]
    return [str(r[0]) for r in sheet.iter_rows(min_row=2, max_col=1, values_only=True) if r[0]]


def upload(pg: Any, path: Path) -> None:
    pg.locator('#upload-form input[name="file"]').set_input_files(str(path))
    with pg.expect_navigation():
        pg.locator("#upload-form button").click()
    if pg.locator("h1").inner_text() == "Запрос отклонён":
        pytest.fail("the upload was refused (403): " + pg.locator(".flash.err").inner_text() + " — gapkit/web/"
                    "guard.py must take the csrf_token from a multipart/form-data body too")


def test_a_workbook_downloaded_filled_and_uploaded_in_the_browser_lands(site: dict[str, Any], page: Any,
                                                                         tmp_path: Path) -> None:
    book = sign_and_download(site, page, tmp_path)
    rid = requirement_rows(book)[0]
    filled = fill(book, {rid: {"new_provisions": "KZ-LC:191(5)", "new_relation": "частичное пересечение",
                               "new_verdict": "Частично соответствует", "new_reason": REASON}})
    upload(page, filled)
    assert page.locator("#result h2").inner_text() == "Записано решений: 1"
    assert NAME in page.locator("#result").inner_text()
    assert "Частично соответствует" in page.locator("#result table").inner_text()
    m = read_file(site["root"] / "mappings" / "C081.yaml")[rid]
    assert (m.verdict, m.relation, m.provisions) == ("partially_compliant", "intersects", ["KZ-LC:191(5)"])
    assert m.reviewer == NAME and m.reason == {"ru": REASON}
    # ... and it is among today's work, linked to its requirement
    page.goto(site["url"] + "/work")
    feed = page.locator("#feed")
    assert NAME in feed.inner_text() and "вынесено решение" in feed.inner_text()
    feed.locator("tbody tr").first.locator("a").first.click()
    page.wait_for_url(f"**/requirements/{rid}")


def test_a_workbook_with_a_bad_row_is_refused_in_the_browser_and_nothing_is_written(
        site: dict[str, Any], page: Any, tmp_path: Path) -> None:
    book = sign_and_download(site, page, tmp_path)
    rows = requirement_rows(book)
    before = (site["root"] / "mappings" / "C081.yaml").read_bytes()
    filled = fill(book, {rows[1]: {"new_provisions": "KZ-LC:191(5)", "new_relation": "частичное пересечение",
                                   "new_verdict": "Частично соответствует", "new_reason": REASON},
                         rows[2]: {"new_verdict": "может быть"}})
    upload(page, filled)
    result = page.locator("#result")
    assert result.locator("h2").inner_text() == "Файл не принят: ничего не записано"
    problem = result.locator("li.refused").inner_text()
    assert "лист «C081», строка 4" in problem and "'может быть' is not a known verdict" in problem
    assert (site["root"] / "mappings" / "C081.yaml").read_bytes() == before
    assert page.locator("#upload-form").is_visible()  # the page stays usable: the mended file can be sent again
