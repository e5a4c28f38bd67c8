"""Shared test helpers: where the repository and ../shared are, and small workspaces made on the fly."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"


def need_corpus(*parts: str) -> Path:
    """The path of a real text in ../shared/corpus, or skip the test with the reason."""
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real test corpus not found at {path} (this clone has no ../shared; CI always has it)")
    return path


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


MINI_THESAURUS = """
concepts:
  - id: labour_inspector
    label: {en: labour inspector, ru: инспектор труда}
    terms: {en: [labour inspector], ru: [инспектор труда]}
  - id: inspection_visit
    label: {en: inspection visit, ru: проверка}
    terms: {en: [inspection visit], ru: [проверка]}
"""

MINI_CONVENTION = """
instrument:
  code: C081
  kind: convention
  number: 81
  year: 1947
  title: {en: "Labour Inspection Convention, 1947 (No. 81)", ru: Конвенция 1947 года об инспекции труда}
clauses:
  - id: "C081:part-I"
    kind: container
    heading: {en: Labour Inspection in Industry, ru: Инспекция труда в промышленности}
  - id: "C081:12"
    parent: "C081:part-I"
    kind: container
    heading: {en: Powers of inspectors, ru: Полномочия инспекторов}
  - id: "C081:12(1)"
    kind: obligation
    text: {en: Inspectors may enter workplaces., ru: Инспекторы вправе посещать предприятия.}
    concepts: [labour_inspector]
  - id: "C081:12(1)(a)"
    kind: obligation
    text: {en: At any hour without prior notice., ru: В любое время суток без предварительного уведомления.}
    concepts: [labour_inspector, inspection_visit]
"""

MINI_ACT = """
instrument:
  code: KZ-LC
  kind: act
  country: kz
  title: {ru: Трудовой кодекс Республики Казахстан, en: Labour Code}
  act_number: 414-V
  date: "2015-11-23"
  edition: "2024-07-08"
  aliases: {ru: [Трудовой кодекс, ТК РК], en: [Labour Code]}
  cite_as: {ru: Трудового кодекса, en: the Labour Code}
  source: {note: test fixture}
clauses:
  - id: "KZ-LC:191"
    kind: container
    heading: {ru: Государственный контроль, en: State control}
  - id: "KZ-LC:191(5)"
    text: {ru: Контроль в форме проверки., en: Control takes the form of an inspection.}
    concepts: [inspection_visit]
"""


@pytest.fixture
def mini_ws(tmp_path: Path) -> Path:
    """A small valid workspace: one Convention, one act, a two-concept thesaurus."""
    write(tmp_path, "gapkit.toml", '[workspace]\nname = "Test"\ncountry = "kz"\nlanguages = ["ru", "en"]\n')
    write(tmp_path, "conventions/thesaurus/t.yaml", MINI_THESAURUS)
    write(tmp_path, "conventions/C081.yaml", MINI_CONVENTION)
    write(tmp_path, "national_law/kz/labour_code.yaml", MINI_ACT)
    for d in ("mappings", "comments", "roadmap", "reports"):
        (tmp_path / d).mkdir(exist_ok=True)
    return tmp_path


def copy_shipped(dest: Path) -> Path:
    """The repository's workspace copied to ``dest`` (catalogues, acts, mappings, comments, roadmap; no reports), for a
    test that writes into it: never the repository's own files."""
    from gapkit.web.live import copy_workspace

    return copy_workspace(REPO, dest)


#: every act of ../shared/corpus/kz at its newest edition, as folders in the mirror's layout (the Kazakh text of the
#: Labour Code's section 5 is an older edition: imported on its own, with its date)
CORPUS_FOLDERS = ("labour_code/2026-07-12", "entrepreneurial_code", "trade_unions_law", "social_code",
                  "administrative_offences_code", "constitution/2026", "constitution/1995")


def import_corpus(root: Path, folders: tuple[str, ...] = CORPUS_FOLDERS) -> None:
    """Load the official texts of the corpus into the workspace at ``root`` (skips the test without ../shared)."""
    from gapkit.load.law import import_folder, import_law
    from gapkit.workspace import load

    for folder in folders:
        import_folder(load(root), need_corpus("kz", *folder.split("/")))
    if folders == CORPUS_FOLDERS:
        import_law(load(root), need_corpus("kz", "labour_code", "kaz", "sec005.md"), "KZ-LC", "kk", "2024-07-08")


@pytest.fixture(autouse=True)
def _contents_without_layout(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reports skip the LibreOffice layout pass that numbers their contents' pages (seconds per document), except
    in the tests marked ``toc_pages``, which test it."""
    if request.node.get_closest_marker("toc_pages") is None:
        monkeypatch.setenv("GAPKIT_TOC_PAGES", "0")


def plain(text: str) -> str:
    """A document's text as a reader sees it: without the soft hyphens that let a long word break in a narrow
    column (invisible unless the word breaks there)."""
    return text.replace("\u00ad", "")


@pytest.fixture(autouse=True, scope="session")
def _own_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The tests' parse cache is their own: never the user's ~/.cache/gapkit."""
    old = os.environ.get("GAPKIT_CACHE")
    os.environ["GAPKIT_CACHE"] = str(tmp_path_factory.mktemp("gapkit-cache"))
    yield
    if old is None:
        os.environ.pop("GAPKIT_CACHE", None)
    else:
        os.environ["GAPKIT_CACHE"] = old


#: Fixtures that make a test slow, and why: the tests that use them are marked ``slow`` (``pytest -m "not slow"``
#: leaves them out; ``pytest`` and CI run them). A test is also marked by hand when it runs LibreOffice, a
#: browser, races processes or feeds many generated inputs.
SLOW_FIXTURES: dict[str, str] = {
    "pdfs": "converts every document with LibreOffice",
    "shipped": "writes every document of the shipped workspace",
    "own_ws": "writes whole documents of the shipped workspace",
    "reports": "writes the C102 ratification documents (about 300 pages)",
    "c190": "writes the C190 ratification documents",
    "full_ws": "imports the whole corpus",
    "official_ws": "imports the official Entrepreneurial Code",
    "official": "imports the official Entrepreneurial and Labour Codes",
    "exported": "exports a review workbook with suggestions the matcher computes",
}
#: Test files whose tests import whole acts of the corpus, each a second or more.
SLOW_FILES = ("test_load_folder.py",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & SLOW_FIXTURES.keys() or item.path.name in SLOW_FILES or item.get_closest_marker("toc_pages"):
            item.add_marker(pytest.mark.slow)


# ---- the browser tests' Chromium (Debian's, driven by Playwright; the modules skip when either is missing) -------

BROWSER_TIMEOUT_MS = 30_000


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One Chromium per test module."""
    from playwright.sync_api import sync_playwright

    from gapkit.web.live import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser window (its own cookies), in Russian, that fails the test if any dialog opens: no script of
    a document ever runs."""
    context = browser.new_context(accept_downloads=True, locale="ru-RU")
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    pg = context.new_page()
    pg.on("dialog", lambda d: pytest.fail(f"a dialog opened: {d.message}"))
    yield pg
    context.close()
