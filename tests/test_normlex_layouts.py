"""`gapkit import ceacr` on NORMLEX as users copy it: headings inline or on their own line, bold or plain; the
country on the Convention line or above it; "the same Code" tied to the act last named; and the texts it refuses.

The comments here are short synthetic texts in NORMLEX's shape, not real comments.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from gapkit.citations import ActName, Names, find, scan
from gapkit.cli import main
from gapkit.comments import load_comments
from gapkit.workspace import load

from .conftest import MINI_ACT, REPO, write

MINI_EC = """
instrument:
  code: KZ-EC
  kind: act
  country: kz
  title: {ru: Предпринимательский кодекс Республики Казахстан, en: Entrepreneurial Code}
  act_number: 375-V
  date: "2015-10-29"
  aliases: {ru: [Предпринимательский кодекс], en: [Entrepreneurial Code, Entrepreneur Code]}
  cite_as: {ru: Предпринимательского кодекса, en: the Entrepreneurial Code}
  source: {note: test fixture}
clauses:
  - id: "KZ-EC:144"
    kind: container
    heading: {ru: Проверки, en: Inspections}
  - id: "KZ-EC:144(3)"
    text: {ru: Уведомление о проверке., en: Notice of an inspection.}
  - id: "KZ-EC:148"
    text: {ru: Регистрация проверки., en: Registration of an inspection.}
"""

HEADER = "Observation (CEACR) - adopted 2023, published 112nd ILC session (2024)"
CONVENTIONS_WITH_COUNTRY = (
    "Labour Inspection Convention, 1947 (No. 81) - Kazakhstan (Ratification: 2001)\n"
    "Labour Inspection (Agriculture) Convention, 1969 (No. 129) - Kazakhstan (Ratification: 2001)"
)
CONVENTIONS_COUNTRY_ABOVE = (
    "Kazakhstan\n"
    "Labour Inspection Convention, 1947 (No. 81) (Ratification: 2001)\n"
    "Labour Inspection (Agriculture) Convention, 1969 (No. 129) (Ratification: 2001)"
)
INTRO = "The Committee notes the Government's report, received in September 2023."

# (articles, title, text) of four headed points
POINTS = [
    ("Articles 12 and 16 of Convention No. 81 and Articles 16 and 21 of Convention No. 129",
     "Advance notice of inspection visits",
     "The Committee notes that under section 144(3) of the Entrepreneur Code employers are told of a visit in "
     "advance, and that under section 148 of the same Code each visit is entered in a register. The Committee "
     "requests the Government to let inspectors call without notice."),
    ("Article 4 of Convention No. 81 and Article 7 of Convention No. 129",
     "Supervision and control by a central authority",
     "The Committee notes that under section 191(5) of the Labour Code control takes the form of inspections. "
     "The Committee requests the Government to explain how the central authority oversees the regional offices."),
    ("Article 10 of Convention No. 81 and Article 14 of Convention No. 129",
     "Number of labour inspectors",
     "The Committee notes the staffing figures sent by the Government. The Committee asks the Government to keep "
     "sending them."),
    ("Articles 20 and 21 of Convention No. 81 and Articles 26 and 27 of Convention No. 129",
     "Annual report",
     "The Committee regrets that no annual report has reached the Office. The Committee urges the Government to "
     "publish one."),
]
ARTICLES = [
    ["C081:12", "C081:16", "C129:16", "C129:21"],
    ["C081:4", "C129:7"],
    ["C081:10", "C129:14"],
    ["C081:20", "C081:21", "C129:26", "C129:27"],
]

# how a heading and its point's text are laid out, as copied from a browser, a Markdown converter or the page source
LAYOUTS = {
    "inline, bold in Markdown": "**{a}. {t}.** {x}",
    "inline, bold in HTML": "<p><b>{a}. {t}.</b> {x}</p>",
    "inline, plain": "{a}. {t}. {x}",
    "inline, only the articles bold": "**{a}.** {t}. {x}",
    "own line, plain": "{a}. {t}.\n{x}",
    "own line, bold in Markdown": "**{a}. {t}.**\n{x}",
    "own line, bold in HTML": "<p><strong>{a}. {t}.</strong></p>\n<p>{x}</p>",
}


def comment_text(layout: str, conventions: str = CONVENTIONS_WITH_COUNTRY) -> str:
    body = "\n".join(LAYOUTS[layout].format(a=a, t=t, x=x) for a, t, x in POINTS)
    return f"{HEADER}\n{conventions}\n{INTRO}\n{body}\n"


def invoke(*args: str, ws: Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [*args, "--workspace", str(ws)])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """A workspace with the real Convention catalogues, the Labour Code's 191(5) and three units of the
    Entrepreneurial Code; the texts to import are written beside it, not in it."""
    root = tmp_path / "ws"
    write(root, "gapkit.toml", '[workspace]\nname = "Test"\ncountry = "kz"\nlanguages = ["ru", "en"]\n')
    shutil.copytree(REPO / "conventions", root / "conventions", ignore=shutil.ignore_patterns("authentic"))
    write(root, "national_law/kz/labour_code.yaml", MINI_ACT)
    write(root, "national_law/kz/entrepreneurial_code.yaml", MINI_EC)
    for d in ("mappings", "comments", "roadmap", "reports"):
        (root / d).mkdir(exist_ok=True)
    return root


def import_json(ws: Path, text: str, *args: str) -> tuple[int, dict[str, Any]]:
    src = ws.parent / "in" / "comment.txt"
    src.parent.mkdir(exist_ok=True)
    src.write_text(text, encoding="utf-8")
    code, out, err = invoke("import", "ceacr", str(src), "--format", "json", *args, ws=ws)
    assert code in (0, 1), err
    return code, json.loads(out)


def hashes(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


# ---- headings ------------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS)
def test_four_headings_make_four_points_in_every_layout(ws: Path, layout: str) -> None:
    code, report = import_json(ws, comment_text(layout))
    assert report["unplaced"] == [] and code == 0
    assert [p["articles"] for p in report["points"]] == ARTICLES
    assert [p["requests"] for p in report["points"]] == [1, 1, 1, 1]
    comment = load_comments(load(ws)).comments["CEACR:KZ-C081-C129-2023-OBS"]
    assert [p.topic for p in comment.points] == [t for _, t, _ in POINTS]
    assert comment.authentic["en"] == INTRO
    # the stored text is the text, without the markup it was copied with
    for point, (_, title, text) in zip(comment.points, POINTS, strict=True):
        assert title in point.authentic["en"] and text in point.authentic["en"]
        assert not any(mark in point.authentic["en"] for mark in ("**", "<b>", "<p>", "</"))


def test_normlex_layout_inline_headings_country_above_and_the_same_code(ws: Path) -> None:
    code, report = import_json(ws, comment_text("inline, bold in Markdown", CONVENTIONS_COUNTRY_ABOVE))
    assert code == 0, report["unplaced"]
    assert report["comment"] == "CEACR:KZ-C081-C129-2023-OBS"
    assert [(p["articles"], p["provisions"]) for p in report["points"]] == [
        (ARTICLES[0], ["KZ-EC:144(3)", "KZ-EC:148"]), (ARTICLES[1], ["KZ-LC:191(5)"]),
        (ARTICLES[2], []), (ARTICLES[3], [])]


def test_sub_points_under_an_inline_heading_and_untitled_inline_headings(ws: Path) -> None:
    text = "\n".join([
        HEADER, CONVENTIONS_WITH_COUNTRY,
        "**Article 4 of Convention No. 81 and Article 7 of Convention No. 129. Central authority.** The Committee "
        "notes the Government's indication.",
        "**1. Regional offices.** The Committee requests the Government to describe the regional offices.",
        "2. Coordination. The Committee requests the Government to describe how the offices work together.",
        "Legislation. The Committee notes that a new Labour Code is being drafted.",
        "The Government provided statistics. The Committee requests the Government to keep providing them.",
    ])
    code, report = import_json(ws, text)
    assert code == 0, report["unplaced"]
    comment = load_comments(load(ws)).comments["CEACR:KZ-C081-C129-2023-OBS"]
    assert [(p.topic, p.articles, len(p.requests)) for p in comment.points] == [
        ("Central authority", ["C081:4", "C129:7"], 0),
        ("Central authority: Regional offices", ["C081:4", "C129:7"], 1),
        ("Central authority: Coordination", ["C081:4", "C129:7"], 1),
        ("Legislation", [], 1),  # a sentence with the Government as its subject is text, not a heading
    ]


# ---- the country ---------------------------------------------------------------------------------


@pytest.mark.parametrize("conventions", [CONVENTIONS_WITH_COUNTRY, CONVENTIONS_COUNTRY_ABOVE],
                         ids=["country on the Convention line", "country on its own line above"])
def test_the_country_on_the_convention_line_or_above_it(ws: Path, conventions: str) -> None:
    code, report = import_json(ws, comment_text("own line, plain", conventions))
    assert code == 0, report["unplaced"]
    assert report["comment"] == "CEACR:KZ-C081-C129-2023-OBS"
    comment = load_comments(load(ws)).comments["CEACR:KZ-C081-C129-2023-OBS"]
    assert comment.conventions == ["C081", "C129"] and comment.authentic["en"] == INTRO


# ---- "the same Code" -----------------------------------------------------------------------------

NAMES = Names([
    ActName("KZ-EC", aliases={"en": ["Entrepreneur Code"], "ru": ["Предпринимательский кодекс"]}),
    ActName("KZ-LC", aliases={"en": ["Labour Code"], "ru": ["Трудовой кодекс"]}),
    ActName("KZ-TU", aliases={"en": ["Law on Trade Unions"], "ru": ["Закон о профсоюзах"]}),
])


@pytest.mark.parametrize(("text", "ids"), [
    ("under section 144(3) of the Entrepreneur Code and under section 148 of the same Code",
     ["KZ-EC:144(3)", "KZ-EC:148"]),
    ("section 5 of the Law on Trade Unions, section 191 of the Labour Code and section 7 of the said Act",
     ["KZ-TU:5", "KZ-LC:191", "KZ-TU:7"]),
    ("пунктом 3 статьи 144 Предпринимательского кодекса и статьей 148 этого Кодекса",
     ["KZ-EC:144(3)", "KZ-EC:148"]),
    ("статья 191 Трудового кодекса, статья 5 Закона о профсоюзах и пункт 2 статьи 192 того же Кодекса",
     ["KZ-LC:191", "KZ-TU:5", "KZ-LC:192(2)"]),
    ("section 144 of the Entrepreneur Code, section 148 of the same Code and section 149 of the same Code",
     ["KZ-EC:144", "KZ-EC:148", "KZ-EC:149"]),
])
def test_the_same_code_is_the_act_last_named(text: str, ids: list[str]) -> None:
    assert [str(f.citation) for f in find(text, NAMES) if f.citation.head] == ids


def test_the_same_code_with_no_act_named_before_is_unresolved_even_with_a_context() -> None:
    result = scan("section 148 of the same Code", NAMES, context="C081")
    assert result.found == [] and "no act" in result.unresolved[0].reason


def test_the_same_code_refers_back_to_an_earlier_paragraph() -> None:
    first = scan("The Committee notes section 144(3) of the Entrepreneur Code.", NAMES)
    second = scan("It also notes section 148 of the same Code.", NAMES, named_before=first.named)
    assert [str(f.citation) for f in second.found] == ["KZ-EC:148"]


def test_the_code_in_a_comment_on_one_convention_is_no_article_of_the_convention(ws: Path) -> None:
    text = "\n".join([
        "Direct Request (CEACR) - adopted 2015, published 105th ILC session (2016)",
        "Labour Inspection Convention, 1947 (No. 81) - Kazakhstan (Ratification: 2001)",
        "Article 12 of the Convention. Powers of inspectors.",
        "The Committee notes section 144(3) of the Entrepreneur Code.",
        "It notes too that under section 148 of the Code visits are registered, and under section 148 of the same "
        "Code likewise. The Committee requests the Government to report on visits.",
    ])
    code, report = import_json(ws, text)
    assert code == 0, report["unplaced"]
    assert [(p["articles"], p["provisions"]) for p in report["points"]] == [
        (["C081:12"], ["KZ-EC:144(3)", "KZ-EC:148"])]


# ---- what is refused -----------------------------------------------------------------------------


def refused(ws: Path, src: Path, *args: str) -> str:
    before = hashes(ws)
    code, out, err = invoke("import", "ceacr", str(src), *args, ws=ws)
    assert code == 2, out
    assert out == "" and err.startswith("gapkit: ") and err.count("\n") == 1, err
    assert hashes(ws) == before
    return err


def test_an_oversized_text_is_refused_before_it_is_read(ws: Path) -> None:
    src = ws.parent / "big.txt"
    filler = f"{INTRO}\n" * (2 * 1024 * 1024 // len(INTRO) + 1)  # the limit is 2 MB
    src.write_text(comment_text("inline, plain") + filler, encoding="utf-8")
    assert "MB" in refused(ws, src)


@pytest.mark.parametrize(("text", "args"), [
    ("The weather was fine all week and the harvest came in early.\nPrices at the market fell.\n",
     ("--id", "CEACR:KZ-C081-2023-OBS")),
    (f"{HEADER}\n{CONVENTIONS_WITH_COUNTRY}\nThe weather was fine all week.\nPrices at the market fell.\n", ()),
    (f"{HEADER}\n{CONVENTIONS_WITH_COUNTRY}\n", ()),
    (f"{HEADER}\nThe Committee notes the report.\n", ()),
    ("", ("--id", "CEACR:KZ-C081-2023-OBS")),
], ids=["prose with --id", "prose under a header", "a header alone", "no Convention line", "empty"])
def test_a_text_without_a_comment_structure_is_refused(ws: Path, text: str, args: tuple[str, ...]) -> None:
    src = ws.parent / "prose.txt"
    src.write_text(text, encoding="utf-8")
    refused(ws, src, *args)


def test_an_unreadable_or_binary_input_is_refused(ws: Path) -> None:
    src = ws.parent / "binary.txt"
    src.write_bytes(b"\xff\xfe\x00\x01" * 100)
    refused(ws, src)
    refused(ws, ws.parent / "missing.txt")
    refused(ws, ws.parent)
