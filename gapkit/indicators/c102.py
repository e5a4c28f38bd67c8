"""C102 Part by Part: each Part's tests, the Convention's numbers against the national values.

The Convention's side is read from the catalogue's ``params`` (conventions/C102.yaml): persons protected and their
alternatives, the Schedule to Part XI rate of the standard beneficiary (``C102:schedule-XI``), qualifying period,
waiting days, duration, pensionable age. The national side is what the figures file gives for the Part
(:class:`~gapkit.indicators.figures.NationalPart`). Each test is ``pass``, ``fail`` or ``unknown`` with its reason;
a Part meets all tests only when every test passes, so a Part whose national values are missing is
"insufficient_information", never acceptable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gapkit.indicators.figures import NationalPart, NationalValue
from gapkit.indicators.results import Why
from gapkit.model import Instrument
from gapkit.yamlio import strip_lines

TESTS: tuple[str, ...] = ("persons_protected", "benefit_rate", "qualifying_period", "waiting_period", "duration",
                          "pensionable_age")
PASS, FAIL, UNKNOWN = "pass", "fail", "unknown"
CAN_ACCEPT, BLOCKED, INSUFFICIENT = "can_accept", "blocked", "insufficient_information"
SCHEDULE = "C102:schedule-XI"
WEEKS_PER = {"days": 1 / 7, "weeks": 1.0, "months": 52 / 12, "years": 52.0}
YEARS_PER = {"days": 1 / 365, "weeks": 1 / 52, "months": 1 / 12, "years": 1.0}


# ---- the Convention's side -----------------------------------------------------------------------------------


@dataclass
class Requirement:
    """What one test of one Part asks, from the catalogue: the clauses it rests on and the numbers (``spec``)."""

    test: str
    clauses: list[str]
    spec: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Clause:
    id: str
    params: dict[str, Any]


@dataclass
class PartSpec:
    part: str  # part-IV
    title: dict[str, str]
    requirements: dict[str, Requirement] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"C102:{self.part}"


def _art3(params: dict[str, Any]) -> bool:
    """Whether a clause is one of the temporary exceptions that need a declaration under Article 3."""
    return bool(params.get("requires_art3_declaration")) or any(
        isinstance(v, dict) and v.get("requires_art3_declaration") for v in params.values())


def _entries(value: Any) -> list[dict[str, Any]]:
    """C102:36(1) holds a list of rates, the other clauses one mapping: both as a list."""
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict)]
    return [value] if isinstance(value, dict) else []


def catalogue_parts(inst: Instrument) -> dict[str, PartSpec]:
    """The tests of Parts II-X as the C102 catalogue states them."""
    article2 = inst.clauses.get("C102:2")
    parts = list((article2.params if article2 else {}).get("choose_from") or [])
    rates = strip_lines(inst.clauses[SCHEDULE].params).get("rates") or [] if SCHEDULE in inst.clauses else []
    schedule = {(r.get("part"), r.get("contingency")): r for r in rates}
    out: dict[str, PartSpec] = {}
    for part in parts:
        pid = f"C102:{part}"
        if pid not in inst.clauses:
            continue
        spec = PartSpec(part, dict(inst.clauses[pid].heading))
        # the params without the loader's line bookkeeping, in the clauses' order
        clauses = [_Clause(c.id, strip_lines(c.params)) for c in inst.descendants(pid)]
        _persons(spec, clauses)
        _rates(spec, clauses, schedule)
        _qualifying(spec, clauses)
        _waiting(spec, clauses)
        _duration(spec, clauses)
        _age(spec, clauses)
        spec.requirements = {t: spec.requirements[t] for t in TESTS if t in spec.requirements}
        out[part] = spec
    return out


def _persons(spec: PartSpec, clauses: list[_Clause]) -> None:
    for c in clauses:
        alts = c.params.get("persons_protected")
        if isinstance(alts, list):
            spec.requirements["persons_protected"] = Requirement(
                "persons_protected", [c.id] + [a.get("clause", "") for a in alts], {"alternatives": alts})
            return


def _rates(spec: PartSpec, clauses: list[_Clause], schedule: dict[tuple[Any, Any], dict[str, Any]]) -> None:
    rows: list[dict[str, Any]] = []
    found: list[str] = []
    out: dict[str, Any] = {"rows": rows}
    for c in clauses:
        for e in _entries(c.params.get("benefit_rate")):
            row = e.get("schedule_row") or {}
            if "percent_points_below_schedule" in e:  # 29(3), 57(3), 63(3): 10 points lower after a short period
                q = c.params.get("qualifying_period") or {}
                out["deemed"] = {"clause": c.id, "percent": e.get("percent"),
                                 "points": e.get("percent_points_below_schedule"),
                                 "contribution_or_employment_years": q.get("max_years_contribution_or_employment",
                                                                           q.get("max_years_contribution_employment_or_residence")),
                                 "residence_years": q.get("max_years_residence",
                                                          q.get("max_years_contribution_employment_or_residence"))}
                found.append(c.id)
            elif "C102:67" in (e.get("method") or []):
                out["means_tested_clause"] = c.id
            elif row and e.get("percent") is not None:
                sched = schedule.get((row.get("part"), row.get("contingency")))
                rows.append({"clause": c.id, "contingency": row.get("contingency"),
                             "percent": (sched or e).get("percent"),
                             "standard_beneficiary": (sched or e).get("standard_beneficiary", ""),
                             "standard_beneficiary_label": (sched or {}).get("standard_beneficiary_label", {}),
                             "contingency_label": (sched or {}).get("contingency_label", {}),
                             "schedule": SCHEDULE if sched else ""})
                found.append(c.id)
        total = c.params.get("total_value")
        if isinstance(total, list):  # Part VII, Art 44: total value of family benefits per child
            for t in total:
                rows.append({"clause": t.get("clause", c.id), "family_total": True,
                             "percent": t.get("percent_of_reference_wage"),
                             "basis": "employees" if str(t.get("clause", "")).endswith("(a)") else "residents",
                             "multiplied_by": t.get("multiplied_by", "")})
            found.append(c.id)
    if rows:
        found += [SCHEDULE] if any(r.get("schedule") for r in rows) else []
        spec.requirements["benefit_rate"] = Requirement("benefit_rate", list(dict.fromkeys(found)), out)


def _qualifying(spec: PartSpec, clauses: list[_Clause]) -> None:
    for c in clauses:
        q = c.params.get("qualifying_period")
        if not isinstance(q, dict) or _art3(c.params) or q.get("benefit") not in (None, "full") or "condition" in q:
            continue
        if "childless_widow_min_marriage_duration" in q:
            continue
        rule = str(q.get("rule", ""))
        limits = {"contribution_or_employment": q.get("max_years_contribution_or_employment"),
                  "residence": q.get("max_years_residence")}
        if q.get("max_months_contribution_or_employment") is not None:
            limits["contribution_or_employment"] = q["max_months_contribution_or_employment"] / 12
        if rule.startswith("none"):
            kind = "none_allowed"  # Part VI: employment at the time of the accident, no period
        elif q.get("numeric_limit") == "none":
            kind = "no_numeric_limit"
        else:
            kind = "limits"
        spec.requirements["qualifying_period"] = Requirement(
            "qualifying_period", [c.id], {"kind": kind, "rule": rule,
                                          "limits": {k: v for k, v in limits.items() if v is not None},
                                          "months_contribution_or_employment": q.get(
                                              "max_months_contribution_or_employment")})
        return


def _waiting(spec: PartSpec, clauses: list[_Clause]) -> None:
    for c in clauses:
        w = c.params.get("waiting_period")
        if isinstance(w, dict) and w.get("days") is not None and not _art3(c.params):
            spec.requirements["waiting_period"] = Requirement(
                "waiting_period", [c.id], {"days": w["days"], "condition": w.get("condition", "")})
            return


def _duration(spec: PartSpec, clauses: list[_Clause]) -> None:
    out: dict[str, Any] = {"whole": False, "limit_weeks": None, "limits_by_basis": {}, "average_min_weeks": None,
                           "may_end_when": ""}
    found: list[str] = []
    for c in clauses:
        d = c.params.get("duration")
        if not isinstance(d, dict) or _art3(c.params):
            continue
        found.append(c.id)
        out["whole"] = out["whole"] or d.get("default") == "whole_contingency"
        for key in ("max_weeks_per_case", "morbid_condition_max_weeks_per_case", "cash_max_limit_weeks"):
            if d.get(key) is not None:
                out["limit_weeks"] = d[key]
        if d.get("max_weeks") is not None:
            out["limits_by_basis"][d.get("applies_to_basis", "employees")] = d["max_weeks"]
        if d.get("average_min_weeks") is not None:
            out["average_min_weeks"] = d["average_min_weeks"]
        if d.get("may_end_when"):
            out["may_end_when"] = d["may_end_when"]
    if found:
        spec.requirements["duration"] = Requirement("duration", found, out)


def _age(spec: PartSpec, clauses: list[_Clause]) -> None:
    for c in clauses:
        a = c.params.get("pensionable_age")
        if isinstance(a, dict) and a.get("max_years") is not None:
            spec.requirements["pensionable_age"] = Requirement("pensionable_age", [c.id], {"max_years": a["max_years"]})
            return


# ---- the tests -----------------------------------------------------------------------------------------------


@dataclass
class TestResult:
    part: str
    test: str
    status: str  # pass | fail | unknown
    requirement: Requirement
    national: NationalValue | None
    reason: Why
    met_by: str = ""  # the Convention clause (alternative) the national value meets

    __test__ = False  # not a pytest test class

    @property
    def uncertain(self) -> bool:
        return bool(self.national and self.national.uncertain)


@dataclass
class PartResult:
    spec: PartSpec
    national: NationalPart | None
    tests: list[TestResult]

    @property
    def part(self) -> str:
        return self.spec.part

    @property
    def meets_all_tests(self) -> bool:
        return bool(self.tests) and all(t.status == PASS for t in self.tests)

    @property
    def status(self) -> str:
        if self.meets_all_tests:
            return CAN_ACCEPT
        return BLOCKED if any(t.status == FAIL for t in self.tests) else INSUFFICIENT

    @property
    def blocking(self) -> list[TestResult]:
        """The tests that stand between the Part and its acceptance: failed ones first, then unknown ones."""
        return [t for t in self.tests if t.status == FAIL] + [t for t in self.tests if t.status == UNKNOWN]

    @property
    def uncertain(self) -> bool:
        return any(t.uncertain for t in self.tests)


def _num(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


#: the population a national share is of, by the basis of the protected classes (unless the value names another)
DEFAULT_DENOMINATOR = {"employees": "all_employees", "economically_active": "all_residents",
                       "residents": "all_residents"}


def _persons_test(req: Requirement, nat: NationalValue) -> tuple[str, Why, str]:
    art3 = bool(nat.get("art3_declaration"))
    basis = str(nat.get("basis", ""))
    covers_all = bool(nat.get("covers_all"))
    share = _num(nat.get("share_percent"))
    denominator = str(nat.get("denominator") or DEFAULT_DENOMINATOR.get(basis, ""))
    outcomes: list[tuple[str, Why, str]] = []
    needs_art3: list[str] = []
    for alt in req.spec["alternatives"]:
        ab = alt.get("basis")
        if not (ab == basis or (basis == "residents" and ab == "residents_means_tested")):
            continue
        clause = str(alt.get("clause", ""))
        if alt.get("share_percent") is not None and alt.get("denominator") != denominator:
            continue  # a share of another population
        if alt.get("requires_art3_declaration") and not art3:
            needs_art3.append(clause)
            continue
        if alt.get("share_percent") is not None:
            need = float(alt["share_percent"])
            have = 100.0 if covers_all else share
            args = {"required": need, "denominator": alt.get("denominator", ""), "share": have, "clause": clause}
            if have is None:
                outcomes.append((UNKNOWN, Why("share_missing", args), clause))
            elif have >= need:
                outcomes.append((PASS, Why("all_covered" if covers_all else "share_met", args), clause))
            else:
                outcomes.append((FAIL, Why("share_short", args), clause))
        elif covers_all:
            outcomes.append((PASS, Why("all_residents_covered", {"clause": clause}), clause))
        else:
            outcomes.append((UNKNOWN, Why("means_tested_coverage_unknown", {"clause": clause}), clause))
    if not outcomes:
        if needs_art3:
            return FAIL, Why("needs_art3_declaration", {"clause": needs_art3[0]}), ""
        allowed = sorted({str(a.get("basis")) for a in req.spec["alternatives"]})
        return FAIL, Why("basis_not_allowed", {"basis": basis, "allowed": allowed}), ""
    for status in (PASS, UNKNOWN, FAIL):
        for o in outcomes:
            if o[0] == status:
                return o
    raise AssertionError("unreachable")


def _range(nat: NationalValue, row: dict[str, Any]) -> tuple[float | None, float | None]:
    src: Any = nat.data
    by = nat.get("by_contingency")
    if isinstance(by, dict) and row.get("contingency") in by:
        src = by[row["contingency"]]
    if not isinstance(src, dict):
        return None, None
    if _num(src.get("percent")) is not None:
        return _num(src["percent"]), _num(src["percent"])
    return _num(src.get("percent_min")), _num(src.get("percent_max"))


def _years(nat: NationalValue | None) -> float | None:
    if nat is None or _num(nat.get("value")) is None:
        return None
    return float(nat.get("value")) * YEARS_PER.get(str(nat.get("unit", "years")), 1.0)


def _rate_test(req: Requirement, nat: NationalValue, part: NationalPart | None) -> tuple[str, Why, str]:
    rows = req.spec["rows"]
    family = [r for r in rows if r.get("family_total")]
    if family:  # Part VII: 44(a) for employees, 44(b) otherwise
        basis = ""
        if part and "persons_protected" in part.values:
            basis = str(part.values["persons_protected"].get("basis", ""))
        rows = [r for r in family if r["basis"] == ("employees" if basis == "employees" else "residents")]
    statuses: list[tuple[str, Why, str]] = []
    for row in rows:
        lo, hi = _range(nat, row)
        args = {"required": row["percent"], "low": lo, "high": hi, "clause": row["clause"],
                "contingency": row.get("contingency", ""), "reference": nat.get("reference", ""),
                "family_total": bool(row.get("family_total"))}
        if lo is None or hi is None:
            statuses.append((UNKNOWN, Why("rate_missing", args), row["clause"]))
        elif lo >= row["percent"]:
            statuses.append((PASS, Why("rate_met", args), row["clause"]))
        else:
            deemed = _deemed(req, lo, part)
            if deemed is not None:
                statuses.append(deemed)
            elif hi < row["percent"]:
                statuses.append((FAIL, Why("rate_short", args), row["clause"]))
            else:
                statuses.append((UNKNOWN, Why("rate_range", args), row["clause"]))
    if not statuses:
        return UNKNOWN, Why("rate_missing", {"required": None}), ""
    for status in (FAIL, UNKNOWN):
        hit = [s for s in statuses if s[0] == status]
        if hit:
            return hit[0]
    if len(statuses) == 1:
        return statuses[0]
    return PASS, Why("rates_met", {"rows": [s[1].args for s in statuses]}), statuses[0][2]


def _deemed(req: Requirement, low: float, part: NationalPart | None) -> tuple[str, Why, str] | None:
    """Art 29(3) / 57(3) / 63(3): a rate ten points lower, secured after a short qualifying period."""
    d = req.spec.get("deemed")
    if not d or d.get("percent") is None or low < d["percent"] or part is None:
        return None
    q = part.values.get("qualifying_period")
    years = _years(q)
    of = str(q.get("of", "")) if q else ""
    limit = d.get("residence_years") if of == "residence" else d.get("contribution_or_employment_years")
    if years is None or limit is None or years > limit:
        return None
    return PASS, Why("deemed_compliance", {"required": d["percent"], "low": low, "years": years, "limit": limit,
                                           "clause": d["clause"]}), d["clause"]


def _qualifying_test(req: Requirement, nat: NationalValue) -> tuple[str, Why, str]:
    kind = req.spec["kind"]
    value, unit, of = _num(nat.get("value")), str(nat.get("unit", "years")), str(nat.get("of", ""))
    args: dict[str, Any] = {"value": value, "unit": unit, "of": of, "clause": req.clauses[0]}
    if value is None:
        return UNKNOWN, Why("value_missing", args), ""
    if kind == "none_allowed":
        return (PASS, Why("no_period", args), req.clauses[0]) if value == 0 else (
            FAIL, Why("period_not_allowed", args), req.clauses[0])
    if kind == "no_numeric_limit":
        return PASS, Why("no_numeric_limit", args), req.clauses[0]
    key = "residence" if of == "residence" else "contribution_or_employment" if of in (
        "contribution", "employment") else ""
    limit = req.spec["limits"].get(key) if key else None
    years = value * YEARS_PER.get(unit, 1.0)
    args.update({"limit_years": limit, "years": years})
    if limit is None:
        return UNKNOWN, Why("period_kind_unknown", args), ""
    return (PASS, Why("period_met", args), req.clauses[0]) if years <= limit else (
        FAIL, Why("period_too_long", args), req.clauses[0])


def _waiting_test(req: Requirement, nat: NationalValue) -> tuple[str, Why, str]:
    days = _num(nat.get("days"))
    args = {"days": days, "max_days": req.spec["days"], "clause": req.clauses[0]}
    if days is None:
        return UNKNOWN, Why("value_missing", args), ""
    return (PASS, Why("waiting_met", args), req.clauses[0]) if days <= req.spec["days"] else (
        FAIL, Why("waiting_too_long", args), req.clauses[0])


def _duration_test(req: Requirement, nat: NationalValue, part: NationalPart | None) -> tuple[str, Why, str]:
    spec = req.spec
    clause = req.clauses[0]
    if nat.get("whole_contingency"):
        return PASS, Why("whole_contingency", {"clause": clause}), clause
    unit = str(nat.get("unit", "weeks"))
    lo, hi = _num(nat.get("min")), _num(nat.get("max"))
    if lo is None:
        return UNKNOWN, Why("value_missing", {"clause": clause}), ""
    per = WEEKS_PER.get(unit, 1.0)
    weeks_lo, weeks_hi = lo * per, (hi if hi is not None else lo) * per
    basis = str(part.values["persons_protected"].get("basis", "")) if part and "persons_protected" in part.values \
        else ""
    by_basis = spec["limits_by_basis"]
    required = by_basis.get(basis) or by_basis.get("employees") or spec["limit_weeks"]
    args = {"min": lo, "max": hi, "unit": unit, "weeks_min": weeks_lo, "weeks_max": weeks_hi,
            "required_weeks": required, "clause": clause}
    if required is None:
        return FAIL, Why("limit_not_allowed", args), clause
    if weeks_lo >= required:
        return PASS, Why("duration_met", args), clause
    if spec["average_min_weeks"] is not None and nat.get("varies_with"):
        avg = _num(nat.get("average_weeks"))
        args.update({"average_min_weeks": spec["average_min_weeks"], "average_weeks": avg})
        if avg is None:
            return UNKNOWN, Why("average_missing", args), ""
        return (PASS, Why("average_met", args), clause) if avg >= spec["average_min_weeks"] else (
            FAIL, Why("average_short", args), clause)
    return FAIL, Why("duration_short", args), clause


def _age_test(req: Requirement, nat: NationalValue) -> tuple[str, Why, str]:
    ages = {k: float(v) for k, v in nat.data.items() if _num(v) is not None}
    args: dict[str, Any] = {"ages": ages, "max_years": req.spec["max_years"], "clause": req.clauses[0]}
    if not ages:
        return UNKNOWN, Why("value_missing", args), ""
    args["highest"] = max(ages.values())
    return (PASS, Why("age_met", args), req.clauses[0]) if args["highest"] <= req.spec["max_years"] else (
        FAIL, Why("age_too_high", args), req.clauses[0])


def run_test(req: Requirement, part: NationalPart | None) -> TestResult:
    """One test of one Part: the Convention's requirement against the national value (if any)."""
    part_id = part.part if part else ""
    nat = part.values.get(req.test) if part else None
    if part is None:
        return TestResult(part_id, req.test, UNKNOWN, req, None, Why("no_national_part"))
    if nat is None:
        return TestResult(part_id, req.test, UNKNOWN, req, None, Why("national_missing", {"test": req.test}))
    if req.test == "persons_protected":
        status, why, met = _persons_test(req, nat)
    elif req.test == "benefit_rate":
        status, why, met = _rate_test(req, nat, part)
    elif req.test == "qualifying_period":
        status, why, met = _qualifying_test(req, nat)
    elif req.test == "waiting_period":
        status, why, met = _waiting_test(req, nat)
    elif req.test == "duration":
        status, why, met = _duration_test(req, nat, part)
    else:
        status, why, met = _age_test(req, nat)
    return TestResult(part_id, req.test, status, req, nat, why, met)


def assess_part(spec: PartSpec, national: NationalPart | None) -> PartResult:
    tests = [run_test(req, national) for req in spec.requirements.values()]
    for t in tests:
        t.part = spec.part
    return PartResult(spec, national, tests)


def assess(specs: dict[str, PartSpec], national: dict[str, NationalPart]) -> list[PartResult]:
    """Every Part of the catalogue, in the Convention's order, against the national values given for it."""
    return [assess_part(spec, national.get(part)) for part, spec in specs.items()]
