"""The shipped Convention catalogues: complete, numbered as the Conventions are, authentic text placeable."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from gapkit.cli import main
from gapkit.workspace import load

from .conftest import REPO, SHARED, need_corpus

CONVENTIONS = ["C081", "C129", "C087", "C102", "C131", "C176", "C190"]


@pytest.fixture(scope="module")
def ws():
    return load(REPO)


def _reference_article_counts() -> dict[str, int]:
    ref = SHARED / "reference" / "conventions.md"
    if not ref.exists():
        pytest.skip(f"{ref} not found (this clone has no ../shared; CI always has it)")
    text = ref.read_text(encoding="utf-8")
    counts = {}
    for code in ("C081", "C129", "C087", "C102", "C131"):
        m = re.search(rf"^\| {code} \|.*full English text, Arts 1–(\d+)", text, re.M)
        counts[code] = int(m.group(1))
    counts["C176"] = int(re.search(r"C176.*?article total (\d+)", text, re.S).group(1))
    counts["C190"] = int(re.search(r"article count (\d+) is verified", text).group(1))
    return counts


@pytest.mark.parametrize("code", CONVENTIONS)
def test_every_article_is_present(ws, code: str) -> None:
    counts = _reference_article_counts()
    inst = ws.instruments[code]
    articles = sorted(int(c.id.split(":")[1]) for c in inst.clauses.values()
                      if re.fullmatch(rf"{code}:\d+", c.id))
    assert articles == list(range(1, counts[code] + 1))


@pytest.mark.parametrize("code", CONVENTIONS)
def test_list_json_has_text_and_concepts_for_every_substantive_clause(code: str) -> None:
    result = CliRunner().invoke(main, ["list", code, "--format", "json", "--workspace", str(REPO)])
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    substantive = [r for r in rows if r["kind"] in ("obligation", "option", "definition", "scope", "procedural")]
    assert substantive
    for r in substantive:
        assert r["text"].get("en") and r["text"].get("ru"), r["id"]
        assert r["concepts"], r["id"]
    # paragraph-level clauses exist where the Convention has paragraphs
    assert any("(" in r["id"] for r in rows)


@pytest.mark.parametrize("cid", ["C081:12(1)(c)(ii)", "C129:16(1)(a)", "C102:2", "C190:1(1)(a)", "C176:13(1)(e)"])
def test_show_known_clauses(cid: str) -> None:
    result = CliRunner().invoke(main, ["show", cid, "--format", "json", "--workspace", str(REPO)])
    assert result.exit_code == 0, result.output
    d = json.loads(result.stdout)
    assert d["id"] == cid and d["text"]["en"] and d["text"]["ru"]


def test_c081_and_c129_correspondences(ws) -> None:
    pairs = set(ws.instruments["C081"].corresponds)
    for this, other in [("C081:4", "C129:7"), ("C081:12", "C129:16"), ("C081:16", "C129:21")]:
        assert (this, other) in pairs
    for this, other in pairs:
        assert ws.clause(this) is not None and ws.clause(other) is not None


def test_c102_schedule_gives_rates_per_part() -> None:
    result = CliRunner().invoke(main, ["show", "C102:schedule-XI", "--format", "json", "--workspace", str(REPO)])
    assert result.exit_code == 0
    rates = json.loads(result.stdout)["params"]["rates"]
    by_part = {(r["part"], r["percent"]) for r in rates}
    # the Schedule to Part XI: sickness 45, old age 40, employment injury 50, survivors 40 ...
    assert ("part-III", 45) in by_part and ("part-V", 40) in by_part and ("part-X", 40) in by_part
    assert ("part-VI", 50) in by_part and ("part-VIII", 45) in by_part
    assert len(rates) == 9  # one row per contingency; Part VI has three (incapacity, invalidity, survivors)


def test_c102_acceptance_rule_is_data(ws) -> None:
    params = ws.clause("C102:2").params or {}
    flat = json.dumps(params) + json.dumps({k: ws.clause(k).params for k in ws.instruments["C102"].clauses
                                           if k.startswith("C102:2(")})
    assert "3" in flat and all(p in flat for p in ("part-IV", "part-V", "part-VI", "part-IX", "part-X"))


def test_thesaurus_has_150_concepts_in_both_languages(ws) -> None:
    assert len(ws.concepts) >= 150
    for c in ws.concepts.values():
        assert c.terms.get("en") and c.terms.get("ru"), c.id


def test_uncertain_clauses_say_why(ws) -> None:
    for code in CONVENTIONS:
        for c in ws.instruments[code].clauses.values():
            if c.uncertain:
                assert c.uncertain_note, c.id


# ---- the authentic texts, imported into a temporary workspace ---------------------------


@pytest.mark.parametrize("code", ["C081", "C129", "C087", "C102", "C131"])
def test_authentic_text_places_every_paragraph(tmp_path: Path, code: str) -> None:
    source = need_corpus("ilo", f"{code}.en.md")
    target = tmp_path / "ws"
    runner = CliRunner()
    assert runner.invoke(main, ["init", str(target), "--country", "kz", "--from", str(REPO)]).exit_code == 0
    result = runner.invoke(main, ["import", "convention", str(source), "--instrument", code,
                                  "--format", "json", "--workspace", str(target)])
    report = json.loads(result.stdout)
    assert report["unplaced"] == [], report["unplaced"][:5]
    assert report["missing"] == [], report["missing"][:10]
    assert result.exit_code == 0
    ws = load(target)
    assert ws.instruments[code].authentic_languages == ["en"]
    assert all(c.authentic.get("en") for c in ws.instruments[code].clauses.values() if c.is_substantive)
    check = runner.invoke(main, ["check", "--workspace", str(target)])
    assert check.exit_code == 0, check.output


def test_corresponding_clauses_of_c081_and_c129() -> None:
    """One answer for the web's side-by-side view and the reports: paragraph to paragraph both ways; where the
    other article has no such paragraph, nothing, or (for a report's justification) the article itself."""
    from gapkit.workspace import corresponding

    ws = load(REPO)
    assert corresponding(ws, "C081:12(1)(a)") == ["C129:16(1)(a)"]
    assert corresponding(ws, "C129:16(1)(a)") == ["C081:12(1)(a)"]
    assert corresponding(ws, "C081:12(1)(a)", ["C087"]) == []
    assert corresponding(ws, "C081:2(1)") == []
    assert corresponding(ws, "C081:2(1)", ["C129"], article_if_missing=True) == ["C129:4"]
