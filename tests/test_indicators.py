"""Indicators: the Kaitz index and inspector density from the shipped figures, each C102 Part's tests and the
Article 2 rule on hand-made inputs, and the C102 readiness report opening in LibreOffice."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn

from gapkit.cli import main
from gapkit.indicators.article2 import AcceptanceRule, acceptance
from gapkit.indicators.c102 import BLOCKED, CAN_ACCEPT, FAIL, INSUFFICIENT, PASS, UNKNOWN, assess, catalogue_parts
from gapkit.indicators.figures import NationalPart, Period, read
from gapkit.indicators.wages import kaitz
from gapkit.workspace import load

from .conftest import REPO, write

A4 = (210.0, 297.0)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def shipped_json() -> dict[str, Any]:
    code, out, err = run("indicators", "--format", "json", "--workspace", REPO)
    assert code == 0, err
    return json.loads(out)


def result(data: dict[str, Any], code: str, indicator: str, period: str, variant: str = "") -> dict[str, Any]:
    for r in data[code]["results"]:
        if r["indicator"] == indicator and r["period"] == period and r["variant"] == variant:
            return r
    raise AssertionError(f"no {indicator} {period} {variant} in {code}")


# ---- C131 and C081 from the shipped figures ------------------------------------------------------------------


def test_kaitz_2024_is_85000_over_251356_with_inputs_and_sources(shipped_json: dict[str, Any]) -> None:
    r = result(shipped_json, "C131", "kaitz_median", "2024", "previous")
    assert r["value"] == 33.8 and r["unit"] == "percent"
    assert r["formula"] == "85,000 ÷ 251,356 × 100 = 33.8%"
    inputs = {i["id"]: i for i in r["inputs"]}
    assert set(inputs) == {"minimum_wage@2024", "median_wage@2023"}
    assert inputs["minimum_wage@2024"]["value"] == 85000 and inputs["median_wage@2023"]["value"] == 251356
    assert all(i["source"]["note"] or i["source"]["url"] for i in r["inputs"])
    assert "reference/kazakhstan.md §4" in inputs["median_wage@2023"]["source"]["note"]
    assert "2023" in r["rule"]["text"] and r["rule"]["id"] == "kaitz_previous"
    # against the Roadmap's 50% of the median, with the threshold's own source
    (cmp,) = r["comparisons"]
    assert cmp["value"] == 50 and cmp["meets"] is False and "Roadmap" in cmp["source"]["note"]
    assert not r["uncertain"]
    # the same year's survey gives the reference's other figure
    same = result(shipped_json, "C131", "kaitz_median", "2024", "same")
    assert same["formula"] == "85,000 ÷ 285,677 × 100 = 29.8%"


def test_a_quarter_standing_in_for_a_year_is_said_and_uncertain(shipped_json: dict[str, Any]) -> None:
    r = result(shipped_json, "C131", "kaitz_average", "2024", "previous")
    assert [i["id"] for i in r["inputs"]] == ["minimum_wage@2024", "average_wage@2023-Q4"]
    assert r["uncertain"] and any("Q4 2023 stands in" in n for n in r["uncertain_notes"])


def test_a_missing_figure_gives_unknown_naming_it(shipped_json: dict[str, Any]) -> None:
    r = result(shipped_json, "C131", "kaitz_median", "2018", "previous")
    assert r["value"] is None and r["formula"] == ""
    assert r["missing"] == ["no figure for the median monthly wage of 2017"]
    assert r["comparisons"][0]["meets"] is None


def test_inspector_density_from_the_shipped_inspector_count(shipped_json: dict[str, Any]) -> None:
    r = result(shipped_json, "C081", "workers_per_inspector", "2020-02", "employed")
    assert [i["id"] for i in r["inputs"]] == ["employed@2022", "labour_inspectors@2020-02"]
    assert r["value"] == round(9_000_000 / 260) and r["formula"] == "9,000,000 ÷ 260 = 34,615"
    meets = {c["id"]: c["meets"] for c in r["comparisons"]}
    assert meets == {"inspectors_industrial_market": False, "inspectors_transition": False,
                     "inspectors_less_developed": True}
    assert r["uncertain"] and "2.4 years" in r["uncertain_notes"][0]  # the counts are 2.4 years apart
    stated = result(shipped_json, "C081", "workers_per_inspector", "2020-02", "stated")
    assert stated["value"] == 23000
    per = result(shipped_json, "C081", "inspections_per_inspector", "2023")
    assert per["formula"] == "6,927 ÷ 260 = 26.6"


def test_russian_output_writes_numbers_the_russian_way() -> None:
    code, out, err = run("indicators", "--format", "json", "--lang", "ru", "--only", "C131", "--year", "2024",
                         "--workspace", REPO)
    assert code == 0, err
    r = result(json.loads(out), "C131", "kaitz_median", "2024", "previous")
    assert r["formula"] == "85\u00a0000 ÷ 251\u00a0356 × 100 = 33,8\u00a0%"
    assert "МЗП 2024 г." in r["rule"]["text"]


# ---- a workspace of hand-made figures ------------------------------------------------------------------------

FIGURES = """
indicators: {country: kz}
figures:
  - {indicator: minimum_wage, period: "2024", value: 100, unit: KZT/month, source: {note: test}}
  - {indicator: median_wage, period: "2023", value: 250, unit: KZT/month, source: {note: test}}
  - {indicator: median_wage, period: "2024-Q2", value: 400, unit: KZT/month, source: {note: test}}
"""


def test_user_threshold_and_sub_annual_rule_on_hand_made_figures(mini_ws: Path) -> None:
    write(mini_ws, "national_law/kz/indicators.yaml", FIGURES)
    code, out, err = run("indicators", "--format", "json", "--only", "C131", "--kaitz-threshold", "40",
                         "--workspace", mini_ws)
    assert code == 0, err
    data = json.loads(out)
    prev = result(data, "C131", "kaitz_median", "2024", "previous")
    assert prev["value"] == 40.0 and prev["comparisons"][0]["meets"] is True
    assert prev["comparisons"][0]["set_by_user"] is True
    same = result(data, "C131", "kaitz_median", "2024", "same")  # no annual 2024 median: Q2 stands in
    assert same["value"] == 25.0 and same["uncertain"] and same["comparisons"][0]["meets"] is False


def test_kaitz_function_returns_value_inputs_and_rule(tmp_path: Path) -> None:
    ind = read(write(tmp_path, "i.yaml", FIGURES))
    r = kaitz(ind, 2024, "median_wage", "previous")
    assert r.value == 40.0 and [i.figure.id for i in r.inputs] == ["minimum_wage@2024", "median_wage@2023"]
    assert r.rule.id == "kaitz_previous" and r.rule.args["base_year"] == 2023
    missing = kaitz(ind, 2025, "median_wage", "same")
    assert missing.value is None and [m.args["indicator"] for m in missing.missing] == ["minimum_wage", "median_wage"]


@pytest.mark.parametrize("bad, message", [
    ("  - {indicator: minimum_wage, period: 2024x, value: 1, unit: KZT, source: {note: t}}\n", "period '2024x'"),
    ("  - {indicator: minimum_wage, period: '2024', value: lots, unit: KZT, source: {note: t}}\n",
     "value must be a number"),
    ("  - {indicator: minimum_wage, period: '2025', value: 1, unit: KZT}\n", "no source"),
    ("  - {indicator: minimum_wage, period: '2025', value: 1, unit: KZT, source: {note: t}, uncertain: true}\n",
     "uncertain_note does not say why"),
    ("  - {indicator: minimum_wage, period: '2025', value: 1, unit: KZT, source: {note: t},"
     " provisions: ['KZ-LC:9999']}\n", "KZ-LC:9999 is not in the workspace"),
])
def test_bad_figures_are_reported_with_their_line_and_nothing_is_written(
        mini_ws: Path, bad: str, message: str) -> None:
    write(mini_ws, "national_law/kz/indicators.yaml", FIGURES + bad)
    code, out, err = run("check", "--workspace", mini_ws)
    assert code == 1 and "national_law/kz/indicators.yaml:" in out and message in out, out
    out_file = mini_ws / "reports" / "r.docx"
    code, _, err = run("report", "ratification", "C102", "--workspace", mini_ws, "-o", out_file)
    assert code != 0 and not out_file.exists()


def test_a_c102_entry_with_an_unknown_test_is_refused(mini_ws: Path) -> None:
    write(mini_ws, "national_law/kz/indicators.yaml", FIGURES + "c102:\n  - part: part-IV\n    waiting: {days: 3}\n")
    code, out, _ = run("check", "--workspace", mini_ws)
    assert code == 1 and "c102 part-IV: unknown test 'waiting'" in out


def test_a_c102_value_without_a_source_is_refused(mini_ws: Path) -> None:
    write(mini_ws, "national_law/kz/indicators.yaml",
          FIGURES + "c102:\n  - part: part-IV\n    waiting_period: {days: 3, as_of: '2024-13-01'}\n")
    code, out, _ = run("check", "--workspace", mini_ws)
    assert code == 1 and "c102 part-IV waiting_period: no source" in out and "as_of: period '2024-13-01'" in out


def test_without_a_figures_file_every_indicator_is_unknown_and_says_so(mini_ws: Path) -> None:
    code, out, err = run("indicators", "--format", "json", "--workspace", mini_ws)
    assert code == 0 and "no figures file at national_law/kz/indicators.yaml" in err
    data = json.loads(out)
    assert data["figures_file_found"] is False and data["C131"]["results"] == []
    assert data["C081"]["results"][0]["value"] is None and data["C081"]["results"][0]["missing"]


def test_period_parsing() -> None:
    assert Period.parse("2025-H1").end.isoformat() == "2025-06-30"
    assert Period.parse("2020-02").kind == "month" and Period.parse("2023").is_year
    with pytest.raises(ValueError):
        Period.parse("2024-Q5")


# ---- C102 Part by Part on hand-made national values ---------------------------------------------------------


@pytest.fixture(scope="module")
def specs() -> dict[str, Any]:
    """The Convention's side, read from the shipped catalogue (read only)."""
    return catalogue_parts(load(REPO).instruments["C102"])


def passing(part: str, **override: dict[str, Any]) -> NationalPart:
    """A national branch that meets every test a Part can ask, with some tests replaced."""
    rate: dict[str, Any] = {"percent": 100, "reference": "previous_earnings"}
    if part == "part-VII":
        rate = {"percent": 3, "reference": "labourer_wage"}
    tests: dict[str, dict[str, Any]] = {
        "persons_protected": {"basis": "employees", "covers_all": True},
        "benefit_rate": rate,
        "qualifying_period": {"value": 0, "unit": "years", "of": "contribution"},
        "waiting_period": {"days": 0},
        "duration": {"whole_contingency": True},
        "pensionable_age": {"men": 60, "women": 60},
    }
    tests.update(override)
    return NationalPart.of(part, {k: v for k, v in tests.items() if v is not None})


def one(specs: dict[str, Any], part: str, test: str, **override: dict[str, Any]) -> tuple[str, str, str]:
    """The result of one test of a Part whose other tests all pass: (test status, reason id, Part status)."""
    (result,) = assess({part: specs[part]}, {part: passing(part, **override)})
    t = next(t for t in result.tests if t.test == test)
    return t.status, t.reason.id, result.status


def test_every_part_meets_all_tests_with_complete_passing_values(specs: dict[str, Any]) -> None:
    assert list(specs) == [f"part-{r}" for r in ("II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")]
    results = assess(specs, {p: passing(p) for p in specs})
    assert [r.status for r in results] == [CAN_ACCEPT] * 9
    tests = {r.part: [t.test for t in r.tests] for r in results}
    assert tests["part-II"] == ["persons_protected", "qualifying_period", "duration"]  # medical care: no cash rate
    assert tests["part-V"][-1] == "pensionable_age" and "waiting_period" in tests["part-IV"]


def test_a_part_without_national_parameters_is_insufficient_information_never_acceptable(
        specs: dict[str, Any]) -> None:
    (r,) = assess({"part-VI": specs["part-VI"]}, {})
    assert r.status == INSUFFICIENT and not r.meets_all_tests
    assert {t.status for t in r.tests} == {UNKNOWN} and {t.reason.id for t in r.tests} == {"no_national_part"}
    (r,) = assess({"part-IV": specs["part-IV"]}, {"part-IV": passing("part-IV", waiting_period=None)})
    assert r.status == INSUFFICIENT and [t.test for t in r.blocking] == ["waiting_period"]


@pytest.mark.parametrize("part, test, override, expected", [
    # Part IV (unemployment): Schedule 45%, 7 waiting days, 13 weeks or an average of 13 weeks
    ("part-IV", "waiting_period", {"days": 7}, (PASS, "waiting_met")),
    ("part-IV", "waiting_period", {"days": 8}, (FAIL, "waiting_too_long")),
    ("part-IV", "benefit_rate", {"percent": 45, "reference": "previous_earnings"}, (PASS, "rate_met")),
    ("part-IV", "benefit_rate", {"percent": 44, "reference": "previous_earnings"}, (FAIL, "rate_short")),
    ("part-IV", "benefit_rate", {"percent_min": 31.5, "percent_max": 58.5}, (UNKNOWN, "rate_range")),
    ("part-IV", "benefit_rate", {"reference": "previous_earnings"}, (UNKNOWN, "rate_missing")),
    ("part-IV", "duration", {"min": 13, "unit": "weeks"}, (PASS, "duration_met")),
    ("part-IV", "duration", {"min": 3, "unit": "months"}, (PASS, "duration_met")),  # 3 × 52 ÷ 12 = 13 weeks
    ("part-IV", "duration", {"min": 2, "unit": "months"}, (FAIL, "duration_short")),
    ("part-IV", "duration", {"min": 1, "max": 6, "unit": "months", "varies_with": "contribution_record"},
     (UNKNOWN, "average_missing")),
    ("part-IV", "duration", {"min": 1, "max": 6, "unit": "months", "varies_with": "contribution_record",
                             "average_weeks": 14}, (PASS, "average_met")),
    ("part-IV", "duration", {"min": 1, "max": 6, "unit": "months", "varies_with": "contribution_record",
                             "average_weeks": 12}, (FAIL, "average_short")),
    ("part-IV", "persons_protected", {"basis": "employees", "share_percent": 60}, (PASS, "share_met")),
    ("part-IV", "persons_protected", {"basis": "employees", "share_percent": 40}, (FAIL, "share_short")),
    ("part-IV", "persons_protected", {"basis": "employees"}, (UNKNOWN, "share_missing")),
    ("part-IV", "persons_protected", {"basis": "residents", "covers_all": True}, (PASS, "all_residents_covered")),
    ("part-IV", "persons_protected", {"basis": "economically_active", "share_percent": 90},
     (FAIL, "basis_not_allowed")),
    ("part-IV", "qualifying_period", {"value": 6, "unit": "months", "of": "contribution"},
     (PASS, "no_numeric_limit")),
    # Part III (sickness): 3 waiting days, 26 weeks
    ("part-III", "waiting_period", {"days": 3}, (PASS, "waiting_met")),
    ("part-III", "waiting_period", {"days": 4}, (FAIL, "waiting_too_long")),
    ("part-III", "duration", {"min": 26, "unit": "weeks"}, (PASS, "duration_met")),
    ("part-III", "duration", {"min": 25, "unit": "weeks"}, (FAIL, "duration_short")),
    # Part II (medical care): 26 weeks per case; the Article 3 alternative only with a declaration
    ("part-II", "duration", {"min": 182, "unit": "days"}, (PASS, "duration_met")),
    ("part-II", "persons_protected", {"basis": "residents", "share_percent": 50}, (PASS, "share_met")),
    # Part V (old age): 30 years / 20 of residence, age 65, for life; 29(3): 30% after 10 years
    ("part-V", "pensionable_age", {"men": 65, "women": 63}, (PASS, "age_met")),
    ("part-V", "pensionable_age", {"men": 66, "women": 63}, (FAIL, "age_too_high")),
    ("part-V", "qualifying_period", {"value": 30, "unit": "years", "of": "contribution"}, (PASS, "period_met")),
    ("part-V", "qualifying_period", {"value": 31, "unit": "years", "of": "employment"}, (FAIL, "period_too_long")),
    ("part-V", "qualifying_period", {"value": 21, "unit": "years", "of": "residence"}, (FAIL, "period_too_long")),
    ("part-V", "benefit_rate", {"percent": 40, "reference": "previous_earnings"}, (PASS, "rate_met")),
    ("part-V", "duration", {"whole_contingency": True}, (PASS, "whole_contingency")),
    ("part-V", "duration", {"min": 10, "unit": "years"}, (FAIL, "limit_not_allowed")),
    # Part VI (employment injury): no qualifying period at all, 3 waiting days, three Schedule rows
    ("part-VI", "qualifying_period", {"value": 0, "unit": "months", "of": "contribution"}, (PASS, "no_period")),
    ("part-VI", "qualifying_period", {"value": 1, "unit": "months", "of": "contribution"},
     (FAIL, "period_not_allowed")),
    ("part-VI", "benefit_rate", {"by_contingency": {"employment_injury_incapacity_for_work": {"percent": 50},
                                                    "employment_injury_invalidity": {"percent": 50},
                                                    "employment_injury_survivors": {"percent": 40}}},
     (PASS, "rates_met")),
    ("part-VI", "benefit_rate", {"by_contingency": {"employment_injury_incapacity_for_work": {"percent": 50},
                                                    "employment_injury_invalidity": {"percent": 50},
                                                    "employment_injury_survivors": {"percent": 39}}},
     (FAIL, "rate_short")),
    ("part-VI", "persons_protected", {"basis": "employees", "share_percent": 50, "art3_declaration": True},
     (PASS, "share_met")),
    # Part VII (family): 3% (employees) of the labourer's wage per child; 3 months or 1 year of residence
    ("part-VII", "benefit_rate", {"percent": 2.9, "reference": "labourer_wage"}, (FAIL, "rate_short")),
    ("part-VII", "qualifying_period", {"value": 3, "unit": "months", "of": "employment"}, (PASS, "period_met")),
    ("part-VII", "qualifying_period", {"value": 4, "unit": "months", "of": "employment"}, (FAIL, "period_too_long")),
    # Part VIII (maternity): 45%, at least 12 weeks
    ("part-VIII", "duration", {"min": 12, "unit": "weeks"}, (PASS, "duration_met")),
    ("part-VIII", "duration", {"min": 70, "unit": "days"}, (FAIL, "duration_short")),
    ("part-VIII", "benefit_rate", {"percent": 45, "reference": "previous_earnings"}, (PASS, "rate_met")),
    # Parts IX and X: 15 years of contribution or 10 of residence, 40% (30% after 5 years: 57(3), 63(3))
    ("part-IX", "qualifying_period", {"value": 15, "unit": "years", "of": "contribution"}, (PASS, "period_met")),
    ("part-IX", "qualifying_period", {"value": 16, "unit": "years", "of": "contribution"}, (FAIL, "period_too_long")),
    ("part-X", "qualifying_period", {"value": 10, "unit": "years", "of": "residence"}, (PASS, "period_met")),
    ("part-X", "qualifying_period", {"value": 11, "unit": "years", "of": "residence"}, (FAIL, "period_too_long")),
    ("part-X", "benefit_rate", {"percent": 39, "reference": "previous_earnings"}, (PASS, "deemed_compliance")),
])
def test_each_part_test_on_hand_made_values(specs: dict[str, Any], part: str, test: str,
                                            override: dict[str, Any], expected: tuple[str, str]) -> None:
    status, reason, part_status = one(specs, part, test, **{test: override})
    assert (status, reason) == expected
    assert part_status == {PASS: CAN_ACCEPT, FAIL: BLOCKED, UNKNOWN: INSUFFICIENT}[status]


def test_the_article_3_alternative_counts_only_with_a_declaration(specs: dict[str, Any]) -> None:
    alternatives = specs["part-VI"].requirements["persons_protected"].spec["alternatives"]
    assert [a["clause"] for a in alternatives] == ["C102:33(a)", "C102:33(b)"]
    assert alternatives[1]["requires_art3_declaration"]
    industrial = {"basis": "employees", "share_percent": 60,
                  "denominator": "employees_in_industrial_workplaces_20_plus"}
    assert one(specs, "part-VI", "persons_protected", persons_protected=industrial)[:2] == (
        FAIL, "needs_art3_declaration")
    (r,) = assess({"part-VI": specs["part-VI"]}, {"part-VI": passing(
        "part-VI", persons_protected={**industrial, "art3_declaration": True})})
    assert r.tests[0].status == PASS and r.tests[0].met_by == "C102:33(b)"
    (r,) = assess({"part-VI": specs["part-VI"]}, {"part-VI": passing(
        "part-VI", persons_protected={"basis": "employees", "share_percent": 50})})
    assert r.tests[0].met_by == "C102:33(a)"


def test_deemed_compliance_needs_the_short_qualifying_period(specs: dict[str, Any]) -> None:
    rate = {"percent": 35, "reference": "previous_earnings"}
    ok = one(specs, "part-V", "benefit_rate", benefit_rate=rate,
             qualifying_period={"value": 10, "unit": "years", "of": "contribution"})
    assert ok[:2] == (PASS, "deemed_compliance")
    long = one(specs, "part-V", "benefit_rate", benefit_rate=rate,
               qualifying_period={"value": 15, "unit": "years", "of": "contribution"})
    assert long[:2] == (FAIL, "rate_short")


def test_schedule_rates_come_from_the_schedule_to_part_xi(specs: dict[str, Any]) -> None:
    rows = {p: [r["percent"] for r in s.requirements["benefit_rate"].spec["rows"]]
            for p, s in specs.items() if "benefit_rate" in s.requirements and p != "part-VII"}
    assert rows == {"part-III": [45], "part-IV": [45], "part-V": [40], "part-VI": [50, 50, 40],
                    "part-VIII": [45], "part-IX": [40], "part-X": [40]}
    assert "C102:schedule-XI" in specs["part-IV"].requirements["benefit_rate"].clauses


# ---- Article 2 --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rule() -> AcceptanceRule:
    return AcceptanceRule.from_catalogue(load(REPO).instruments["C102"])


def test_article_2_rule_as_the_catalogue_states_it(rule: AcceptanceRule) -> None:
    assert rule.min_parts == 3 and rule.must_include_one_of == ["part-IV", "part-V", "part-VI", "part-IX", "part-X"]
    assert len(rule.choose_from) == 9


def test_parts_ii_iii_viii_alone_cannot_be_accepted_ii_iii_v_can(rule: AcceptanceRule) -> None:
    bad = rule.check(["part-II", "part-III", "part-VIII"])
    assert not bad.ok and [r.id for r in bad.reasons] == ["no_required_part"]
    assert rule.check(["part-II", "part-III", "part-V"]).ok
    assert [r.id for r in rule.check(["part-IV", "part-V"]).reasons] == ["too_few_parts"]
    assert [r.id for r in rule.check(["part-I", "part-IV", "part-V"]).reasons] == ["not_a_branch_part"]


def test_what_could_be_accepted_now_follows_the_parts_tests(specs: dict[str, Any], rule: AcceptanceRule) -> None:
    failing = {"waiting_period": {"days": 30}}
    national = {p: passing(p) if p in ("part-II", "part-III", "part-VIII") else passing(p, **failing)
                for p in specs}
    national["part-V"] = passing("part-V", pensionable_age={"men": 70})
    national["part-IX"] = passing("part-IX", qualifying_period={"value": 40, "unit": "years", "of": "contribution"})
    national["part-X"] = passing("part-X", duration={"min": 1, "unit": "years"})
    national["part-VII"] = passing("part-VII", benefit_rate={"percent": 1, "reference": "labourer_wage"})
    acc = acceptance(assess(specs, national), rule)
    assert acc.acceptable == ["part-II", "part-III", "part-VIII"]
    assert not acc.can_ratify_now and [r.id for r in acc.missing_for_rule()] == ["no_required_part"]
    # Part V meets its tests: II, III, V becomes possible (and the wider II, III, V, VIII)
    national["part-V"] = passing("part-V")
    acc = acceptance(assess(specs, national), rule)
    assert acc.can_ratify_now and ["part-II", "part-III", "part-V"] in acc.combinations
    assert acc.largest == ["part-II", "part-III", "part-V", "part-VIII"]
    assert ["part-II", "part-III", "part-VIII"] not in acc.combinations
    assert not rule.check(["part-II", "part-IV", "part-V"], acc.acceptable).ok  # IV is not ready


def test_the_shipped_figures_allow_no_part_yet_and_say_why(shipped_json: dict[str, Any]) -> None:
    c102 = shipped_json["C102"]
    statuses = {p["part"]: p["status"] for p in c102["parts"]}
    # the law fixes no benefit for children beyond one and a half (unless the family has four or more): blocked;
    # every other Part lacks some value only statistics or an act not reviewed would give
    assert statuses.pop("part-VII") == "blocked"
    assert set(statuses.values()) == {INSUFFICIENT}
    part_vii = next(p for p in c102["parts"] if p["part"] == "part-VII")
    duration = next(t for t in part_vii["tests"] if t["test"] == "duration")
    assert duration["status"] == "fail" and duration["reason"]["id"] == "limit_not_allowed"
    a2 = c102["article2"]
    assert a2["can_ratify_now"] is False and a2["combinations"] == []
    assert "No combination of Parts can be accepted now" in a2["conclusion"]
    part_iv = next(p for p in c102["parts"] if p["part"] == "part-IV")
    tests = {t["test"]: t for t in part_iv["tests"]}
    assert tests["waiting_period"]["status"] == PASS and "0 days ≤ 7 days" in tests["waiting_period"]["reason"]["text"]
    assert tests["benefit_rate"]["status"] == UNKNOWN and "31.5% to 58.5%" in tests["benefit_rate"]["reason"]["text"]
    assert {"KZ-SC:118(2)", "KZ-SC:118(3)"} <= set(tests["benefit_rate"]["national"]["provisions"])
    assert tests["benefit_rate"]["national"]["uncertain"] is True
    part_vi = {t["test"]: t for p in c102["parts"] if p["part"] == "part-VI" for t in p["tests"]}
    # the Labour Code fixes the waiting days of incapacity for work; the accident insurance law, not reviewed, the rest
    assert part_vi["waiting_period"]["status"] == PASS
    assert part_vi["duration"]["reason"]["id"] == "national_missing"


# ---- the report -------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("readiness")
    docs = {}
    for lang in ("ru", "en"):
        path = out / f"ratification-readiness-C102-{lang}.docx"
        code, stdout, err = run("report", "ratification", "C102", "--lang", lang, "--workspace", REPO, "-o", path)
        assert code == 0, err
        assert stdout.strip() == str(path) and path.exists()
        docs[lang] = path
    return docs


EXPECTED = {
    "ru": ["Анализ готовности Республики Казахстан к ратификации Конвенции № 102", "Резюме", "Принятие разделов",
           "Правило статьи 2", "Разделы II–X: проверки и оценка требований", "Раздел", "Название",
           "Выполнены все проверки", "Препятствия", "Требование Конвенции", "Национальное значение",
           "Обоснование и расчет", "Источник", "недостаточно информации", "0 дн. ≤ 7 дн.", "[не подтверждено]",
           "Оценка требований раздела", "Что необходимо изменить", "Общие положения Конвенции",
           "Вопросы к уполномоченным органам", "Что закон не устанавливает"],
    "en": ["Analysis of the readiness of the Republic of Kazakhstan to ratify Convention No. 102", "Summary",
           "Acceptance of Parts", "The rule of Article 2", "Parts II–X: tests and assessment of the requirements",
           "Part", "Title", "Meets all tests", "Blocking gaps", "Convention requirement", "National value",
           "Reason and arithmetic", "insufficient information", "0 days ≤ 7 days", "What would have to change",
           "Questions to the competent authorities", "What the law does not fix"],
}


def norm(text: str) -> str:
    text = text.replace("\u00ad", "").replace("\u00a0", " ")
    text = re.sub(r"-\n\s*", "", text)
    return re.sub(r"\s+", " ", text)


@pytest.mark.slow
def test_ratification_report_opens_in_libreoffice_with_its_headings_and_columns(reports: dict[str, Path]) -> None:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed: .ci/run installs libreoffice-writer-nogui")
    if shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None:
        pytest.skip("poppler-utils (pdftotext, pdfinfo) is not installed")
    outdir = reports["ru"].parent / "pdf"
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{profile}", "--norestore",
                        "--convert-to", "pdf", "--outdir", str(outdir), *map(str, reports.values())],
                       check=True, capture_output=True, timeout=600)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    for lang, path in reports.items():
        pdf = outdir / (path.stem + ".pdf")
        assert pdf.exists(), f"LibreOffice made no PDF ({lang})"
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1)) > 0
        text = norm(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
        missing = [w for w in EXPECTED[lang] if w not in text]
        assert not missing, f"{lang}: not in the PDF text: {missing}"


def test_ratification_docx_is_a4_with_a_landscape_test_section_and_the_acceptance_table(
        reports: dict[str, Path]) -> None:
    document = docx.Document(str(reports["ru"]))
    for s in document.sections:
        w, h = s.page_width.mm, s.page_height.mm
        assert ((h, w) if w > h else (w, h)) == pytest.approx(A4, abs=0.5)
    assert any(s.orientation == 1 for s in document.sections)
    first = document.tables[0]
    assert [c.text for c in first.rows[0].cells] == ["Раздел", "Название", "Выполнены все проверки", "Препятствия"]
    for table in document.tables:
        assert table.rows[0]._tr.find(qn("w:trPr") + "/" + qn("w:tblHeader")) is not None
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in first.rows[1:]}
    assert list(rows) == ["II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
    assert rows["IV"][2] == "нет — недостаточно информации" and "Период ожидания" not in rows["IV"][3]
    assert rows["VII"][2] == "нет — не может быть принят" and "Продолжительность выплаты" in rows["VII"][3]
    assert "Размер пособия типичного получателя" in rows["IV"][3]
    # each Part's tests: the waiting-period row of Part IV with its arithmetic and its source
    part_iv = next(t for t in document.tables[1:] if any("статья 24(3)" in c.text for r in t.rows for c in r.cells))
    row = next(r for r in part_iv.rows if r.cells[0].text == "Период ожидания")
    assert row.cells[3].text == "выполнено" and "0 дн. ≤ 7 дн." in row.cells[4].text
    assert "статьи 113 Социального кодекса" in row.cells[5].text and "ред. 1 января 2025 г." in row.cells[5].text
    # under the Part, its requirements with their decisions: the duration of Part IV with what would have to change
    decisions = next(t for t in document.tables if t.rows[0].cells[-1].text == "Что необходимо изменить"
                     and any(r.cells[1].text.startswith("Статья 24") for r in t.rows[1:]))
    assert all(r.cells[4].text.startswith("Предварительно:") for r in decisions.rows[1:])
    # no file of the workspace is named on any page
    text = "\n".join(p.text for p in document.paragraphs) + "".join(
        c.text for t in document.tables for r in t.rows for c in r.cells)
    assert ".yaml" not in text and "conventions/" not in text


def test_default_output_is_the_name_the_roadmap_looks_for(tmp_path: Path) -> None:
    shutil.copy(REPO / "gapkit.toml", tmp_path / "gapkit.toml")
    for d in ("conventions", "national_law"):
        shutil.copytree(REPO / d, tmp_path / d)
    code, out, err = run("report", "ratification", "C102", "--workspace", tmp_path)
    assert code == 0, err
    path = Path(out.strip())
    assert path == tmp_path / "reports" / "out" / "ratification-readiness-C102-ru.docx" and path.exists()
    from gapkit.roadmap.model import Deliverable
    from gapkit.roadmap.status import generated

    assert generated(tmp_path / "reports" / "out", Deliverable("ratification-readiness", ["C102"]))


def test_the_ratification_analysis_is_of_one_convention_at_a_time() -> None:
    code, _, err = run("report", "ratification", "C176", "C190", "--workspace", REPO)
    assert code == 2 and "one Convention at a time" in err
