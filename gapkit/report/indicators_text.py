"""The words of the indicators in a language: rules, reasons, formulas with their numbers, inputs with sources.

All words come from ``gapkit/report/templates/<lang>/indicators.j2``; numbers are written the way the language
writes them (``85 000`` and ``33,8`` in Russian, ``85,000`` and ``33.8`` in English).

>>> Explainer("ru").number(85000) == "85\u00a0000", Explainer("en").number(33.81658, 1), Explainer("ru").number(0.25)
(True, '33.8', '0,25')
>>> Explainer("en").number(45.0, 1), Explainer("en").number(4.333, 1), Explainer("en").number(34615.38, 0)
('45', '4.3', '34,615')
"""

from __future__ import annotations

import re
from typing import Any

from gapkit.citations import Citation, CitationError, Names
from gapkit.indicators.article2 import Acceptance
from gapkit.indicators.c102 import PartResult, PartSpec, TestResult
from gapkit.indicators.figures import Benchmark, Figure, NationalValue
from gapkit.indicators.results import Input, Result, Why
from gapkit.indicators.run import Run, c131_elements
from gapkit.report.common import pick
from gapkit.report.wording import Wording
from gapkit.workspace import Workspace

NBSP = "\u00a0"
#: decimals shown per unit of a computed value
DECIMALS = {"percent": 1, "workers/inspector": 0, "inspections/inspector": 1}


def roman(parts: list[str]) -> list[str]:
    """["part-II", "part-V"] -> ["II", "V"]: Part lists are written with their numerals only."""
    return [p.removeprefix("part-") for p in parts]


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


class Explainer:
    def __init__(self, lang: str = "en", names: Names | None = None):
        self.lang = lang
        self.names = names
        self.w = Wording(lang, "indicators")

    # ---- numbers, periods, citations -------------------------------------------------------------------------
    def number(self, x: float | None, decimals: int | None = None) -> str:
        if x is None:
            return self.w.label("words", "none")
        if decimals is None:
            decimals = 0 if float(x).is_integer() else 2
        text = f"{x:,.{decimals}f}"
        if "." in text:  # 45.0 -> 45, 31.50 -> 31.5
            text = text.rstrip("0").rstrip(".")
        if self.lang == "en":
            return text
        return text.replace(",", NBSP).replace(".", ",")

    def period(self, text: str) -> str:
        if len(text) == 7 and text[4:6] in ("-Q", "-H"):
            return self.w("quarter" if text[5] == "Q" else "half", text[6], text[:4])
        return text

    def cite(self, clause_id: str) -> str:
        try:
            return Citation.parse(clause_id).format(self.lang, self.names)
        except CitationError:
            return clause_id

    def say(self, name: str, args: dict[str, Any] | None = None) -> str:
        """A template macro said with the arguments it declares (a Why may carry more than one macro uses)."""
        macro = self.w._get(name)
        wanted = getattr(macro, "arguments", ())
        return self.w(name, **{k: v for k, v in (args or {}).items() if k in wanted})

    # ---- figures and results ---------------------------------------------------------------------------------
    def figure_label(self, indicator: str) -> str:
        return self.w.table("figure_labels").get(indicator, indicator.replace("_", " "))

    def unit(self, unit: str) -> str:
        return self.w.table("units").get(unit, unit)

    def figure_value(self, f: Figure) -> str:
        u = self.unit(f.unit)
        return f"{self.number(f.value)}{'' if u == '%' else NBSP}{u}" if u else self.number(f.value)

    def source(self, src: Any) -> str:
        return "; ".join(p for p in (src.note, src.url) if p)

    def input_dict(self, i: Input) -> dict[str, Any]:
        d = i.figure.as_dict()
        d["role"] = i.role
        d["label"] = self.figure_label(i.figure.indicator)
        d["shown"] = f"{self.figure_label(i.figure.indicator)}, {self.period(i.figure.period.text)}: " \
                     f"{self.figure_value(i.figure)}"
        if i.substitute:
            d["substitute"] = self.say(i.substitute, {"figure": self.period(i.figure.period.text)})
        return d

    def rule(self, r: Result) -> str:
        args = dict(r.rule.args)
        if "stat" in args:
            args["stat"] = self.w.table("roles").get(args["stat"], args["stat"])
        if "workers" in args:
            args["workers"] = self.figure_label(args["workers"])
        return self.say(f"rule_{r.rule.id}", args)

    def value(self, r: Result) -> str:
        if r.value is None:
            return self.w.label("statuses", "unknown")
        d = DECIMALS.get(r.unit, 1)
        return f"{self.number(r.value, d)}{'%' if r.unit == 'percent' and self.lang == 'en' else ''}" \
               f"{NBSP + '%' if r.unit == 'percent' and self.lang != 'en' else ''}"

    def formula(self, r: Result) -> str:
        """The arithmetic with its numbers: "85,000 ÷ 251,356 × 100 = 33.8%"."""
        if r.formula == "stated":
            return self.say("formula_stated", {"value": self.number(r.value)})
        if r.value is None or len(r.inputs) < 2:
            return ""
        a, b = r.inputs[0].figure.value, r.inputs[1].figure.value
        times = " × 100" if r.formula == "ratio_percent" else ""
        return f"{self.number(a)} ÷ {self.number(b)}{times} = {self.value(r)}"

    def missing(self, why: Why) -> str:
        args = dict(why.args)
        what = self.figure_label(str(args.get("indicator", "")))
        return self.say("missing_figure", {"what": what, "period": self.period(str(args.get("period", "")))})

    def note(self, why: Why) -> str:
        if why.id == "period_gap":
            return self.say("period_gap", {"a": why.args["a"], "b": why.args["b"],
                                           "years": self.number(why.args["years"], 1)})
        return self.say(why.id, why.args)

    def benchmark_dict(self, b: Benchmark, meets: bool | None = None, compared: bool = True) -> dict[str, Any]:
        d = b.as_dict()
        d["shown"] = pick(b.label, self.lang) or f"{b.id}: {self.number(b.value)}"
        if compared:
            d["meets"] = meets
            d["meets_shown"] = self.w.label("meets", "unknown" if meets is None else "yes" if meets else "no")
        return d

    def result_dict(self, r: Result) -> dict[str, Any]:
        d: dict[str, Any] = {
            "indicator": r.indicator, "label": self.w.table("indicator_labels").get(r.indicator, r.indicator),
            "convention": r.convention, "period": r.period, "variant": r.variant,
            "value": None if r.value is None else round(r.value, DECIMALS.get(r.unit, 1)),
            "exact": r.value, "unit": r.unit, "shown": self.value(r), "formula": self.formula(r),
            "rule": {"id": r.rule.id, "args": r.rule.args, "text": self.rule(r)},
            "inputs": [self.input_dict(i) for i in r.inputs],
            "comparisons": [self.benchmark_dict(c.benchmark, c.meets) for c in r.comparisons],
            "missing": [self.missing(m) for m in r.missing],
            "uncertain": r.uncertain,
            "uncertain_notes": self.uncertain_notes(r),
        }
        if r.variant in self.w.table("bases"):
            d["variant_label"] = self.w.label("bases", r.variant)
        if r.elements:
            d["c131_elements"] = r.elements
        return d

    def uncertain_notes(self, r: Result) -> list[str]:
        out = [self.note(n) for n in r.notes]
        for i in r.inputs:
            if i.substitute:
                out.append(self.say(i.substitute, {"figure": self.period(i.figure.period.text)}))
            if i.figure.uncertain:
                out.append(f"{i.figure.id}: {i.figure.uncertain_note}")
        return list(dict.fromkeys(out))

    # ---- C102 ------------------------------------------------------------------------------------------------
    def test_label(self, test: str) -> str:
        return self.w.label("tests", test)

    def part_title(self, spec: PartSpec) -> str:
        return pick(spec.title, self.lang)

    def part_short(self, part: str) -> str:
        return self.say("part_label", {"roman": part.removeprefix("part-")})

    def art(self, clause_id: str) -> str:
        """A C102 article cited inside a C102 table: "Art 21(a)" / "ст. 21(a)"."""
        return self.say("art", {"n": clause_id.split(":", 1)[-1]})

    def article2_reason(self, why: Why) -> str:
        args = dict(why.args)
        for key in ("parts", "choose_from", "must_include_one_of"):
            if key in args:
                args[key] = roman(args[key])
        args["required"] = args.get("must_include_one_of", [])
        return self.say(f"a2_{why.id}", args)

    def requirement(self, t: TestResult) -> str:
        spec = t.requirement.spec
        if t.test == "persons_protected":
            alts = []
            for a in spec["alternatives"]:
                means = a.get("share_percent") is None
                text = self.say("req_alternative", {
                    "basis": self.w.table("protected_bases").get(a.get("basis"), a.get("basis")),
                    "share": self.number(a.get("share_percent")) if not means else "",
                    "denominator": self.w.table("denominators").get(a.get("denominator"), a.get("denominator", "")),
                    "means_tested": means})
                tag = f" ({self.art(a['clause'])}" + (
                    "; " + self.say("art3_note") if a.get("requires_art3_declaration") else "") + ")"
                alts.append(text + tag)
            return self.say("req_persons", {"alternatives": alts})
        if t.test == "benefit_rate":
            rows = []
            for r in spec["rows"]:
                if r.get("family_total"):
                    rows.append(self.say("req_family", {"percent": self.number(r["percent"]), "basis": r["basis"]})
                                + f" ({self.art(r['clause'])})")
                else:
                    rows.append(self.say("req_rate_row", {
                        "percent": self.number(r["percent"]),
                        "beneficiary": lower_first(pick(r.get("standard_beneficiary_label") or {}, self.lang)
                                                   or r.get("standard_beneficiary", "")),
                        "contingency": lower_first(pick(r.get("contingency_label") or {}, self.lang))
                        if len(spec["rows"]) > 1 else ""}) + f" ({self.art(r['clause'])})")
            d = spec.get("deemed")
            if d and d.get("percent") is not None:
                rows.append(self.say("req_deemed", {"percent": self.number(d["percent"]),
                                                    "years": self.number(d["contribution_or_employment_years"]),
                                                    "residence": self.number(d["residence_years"])})
                            + f" ({self.art(d['clause'])})")
            return self.say("req_rate", {"rows": rows})
        if t.test == "qualifying_period":
            kind = spec["kind"]
            if kind == "none_allowed":
                return self.say("req_qualifying_none")
            if kind == "no_numeric_limit":
                return self.say("req_qualifying_abuse")
            lim = spec["limits"]
            ce, res = lim.get("contribution_or_employment"), lim.get("residence")
            months = spec.get("months_contribution_or_employment")
            return self.say("req_qualifying_limits", {
                "contribution": None if ce is None else self.number(ce, 2),
                "months": None if months is None else self.number(months),
                "residence": None if res is None else self.number(res, 2)})
        if t.test == "waiting_period":
            condition = spec.get("condition")  # the catalogue says it in each language
            return self.say("req_waiting", {"days": self.number(spec["days"]),
                                            "condition": pick(condition, self.lang) if isinstance(condition, dict)
                                            else condition})
        if t.test == "duration":
            limit = spec["limits_by_basis"].get("employees") or spec["limit_weeks"]
            if spec["average_min_weeks"] is not None and limit is not None:
                return self.say("req_duration_average", {"weeks": self.number(limit),
                                                         "average": self.number(spec["average_min_weeks"])})
            if limit is not None:
                return self.say("req_duration_limit", {"weeks": self.number(limit)})
            return self.say("req_duration_whole")
        return self.say("req_age", {"years": self.number(spec["max_years"])})

    def national(self, t: TestResult) -> str:
        nat = t.national
        if nat is None:
            return self.say("nat_missing")
        if t.test == "persons_protected":
            return self.say("nat_persons", {
                "classes": pick(nat.get("classes") or {}, self.lang),
                "basis": self.w.table("protected_bases").get(nat.get("basis"), nat.get("basis", "")),
                "share": None if nat.get("share_percent") is None else self.number(nat.get("share_percent")),
                "covers_all": bool(nat.get("covers_all"))})
        if t.test == "benefit_rate":
            lo = nat.get("percent", nat.get("percent_min"))
            hi = nat.get("percent", nat.get("percent_max"))
            if lo is None or hi is None:
                return self.say("nat_rate_none")
            return self.say("nat_rate", {"low": self.number(lo), "high": self.number(hi),
                                         "reference": self.w.table("references").get(nat.get("reference", ""), "")})
        if t.test == "qualifying_period":
            if nat.get("value") is None:
                return self.say("nat_missing")
            return self.say("nat_period", {"value": self.number(nat.get("value")),
                                           "unit": self.w.table("period_units").get(nat.get("unit", "years"), ""),
                                           "of": self.w.table("period_of").get(nat.get("of", ""), "")}).strip()
        if t.test == "waiting_period":
            return self.say("nat_waiting", {"days": self.number(nat.get("days"))})
        if t.test == "duration":
            if nat.get("whole_contingency"):
                return self.say("nat_duration_whole")
            if nat.get("min") is None:
                return self.say("nat_missing")
            return self.say("nat_duration", {"low": self.number(nat.get("min")),
                                             "high": None if nat.get("max") is None else self.number(nat.get("max")),
                                             "unit": self.w.table("period_units").get(nat.get("unit", "weeks"), "")})
        return self.say("nat_age", {"parts": [f"{self.sex(k)}: {self.number(v)}" for k, v in nat.data.items()
                                              if isinstance(v, int | float) and not isinstance(v, bool)]})

    def sex(self, key: str) -> str:
        """"men", "women", "women_from_2028" (the age that applies from a year on) in the document's words."""
        sexes = self.w.table("sexes")
        m = re.fullmatch(r"(men|women)_from_(\d{4})", key)
        return self.say("sex_from", {"sex": sexes.get(m.group(1), m.group(1)), "year": m.group(2)}) if m \
            else sexes.get(key, key)

    def reason(self, t: TestResult) -> str:
        args = dict(t.reason.args)
        for key in ("share", "required", "low", "high", "days", "max_days", "average_weeks", "average_min_weeks",
                    "required_weeks", "highest", "max_years"):
            if isinstance(args.get(key), int | float):
                args[key] = self.number(args[key], 1)
        for key in ("weeks_min", "weeks_max", "years", "limit", "limit_years"):
            if isinstance(args.get(key), int | float):
                args[key] = self.number(args[key], 1)
        if "value" in args and isinstance(args["value"], int | float):
            args["value"] = self.number(args["value"])
        if "unit" in args:
            args["unit"] = self.w.table("period_units").get(args["unit"], args["unit"])
        if "of" in args:
            args["of"] = self.w.table("period_of").get(args["of"], args["of"])
        if "denominator" in args:
            args["denominator"] = self.w.table("denominators").get(args["denominator"], args["denominator"])
        if "clause" in args and args["clause"]:
            args["clause"] = self.art(args["clause"]) if args["clause"].startswith("C102:") else self.cite(
                args["clause"])
        if "test" in args:
            args["test"] = self.test_label(args["test"])
        if "basis" in args:
            args["basis"] = self.w.table("protected_bases").get(args["basis"], args["basis"])
        if "allowed" in args:
            args["allowed"] = [self.w.table("protected_bases").get(a, a) for a in args["allowed"]]
        text = self.say(f"r_{t.reason.id}", args)
        if t.test == "duration" and t.reason.id not in ("whole_contingency", "national_missing", "no_national_part"):
            text += " " + self.say("weeks_note")
        return text

    def national_dict(self, nat: NationalValue | None) -> dict[str, Any] | None:
        if nat is None:
            return None
        d = nat.as_dict()
        d["provisions_cited"] = [self.cite(p) for p in nat.provisions]
        return d

    def test_dict(self, t: TestResult) -> dict[str, Any]:
        return {
            "test": t.test, "label": self.test_label(t.test), "status": t.status,
            "status_shown": self.w.label("statuses", t.status),
            "requirement": {"clauses": t.requirement.clauses, "spec": t.requirement.spec,
                            "text": self.requirement(t)},
            "national": self.national_dict(t.national), "national_shown": self.national(t),
            "reason": {"id": t.reason.id, "args": t.reason.args, "text": self.reason(t)},
            "met_by": t.met_by, "uncertain": t.uncertain,
        }

    def part_dict(self, r: PartResult) -> dict[str, Any]:
        nat = r.national
        return {
            "part": r.part, "id": r.spec.id, "title": self.part_title(r.spec), "status": r.status,
            "status_shown": self.w.label("part_statuses", r.status), "meets_all_tests": r.meets_all_tests,
            "scheme": pick(nat.scheme, self.lang) if nat and nat.scheme else None,
            "provisions": nat.provisions if nat else [],
            "tests": [self.test_dict(t) for t in r.tests],
            "blocking": [f"{self.test_label(t.test)}: {self.reason(t)}" for t in r.blocking],
            "uncertain": r.uncertain,
        }


# ---- the results said in a language ------------------------------------------------------------------------


def acceptance_dict(acc: Acceptance, ex: Explainer) -> dict[str, Any]:
    rule = acc.rule
    why = [ex.article2_reason(r) for r in acc.missing_for_rule()]
    if acc.can_ratify_now:
        conclusion = ex.say("a2_can", {"count": len(acc.combinations), "largest": roman(acc.largest)})
    else:
        conclusion = ex.say("a2_cannot", {"acceptable": roman(acc.acceptable), "why": why})
    return {
        "rule": {**rule.as_dict(), "text": ex.say("rule_article2", {
            "min_parts": rule.min_parts, "parts": roman(rule.choose_from), "required": roman(rule.must_include_one_of),
            "clause": ex.cite(rule.clause)})},
        "acceptable_now": acc.acceptable,
        "can_ratify_now": acc.can_ratify_now,
        "combinations": acc.combinations,
        "largest": acc.largest,
        "conclusion": conclusion,
        "blocked": {r.part: [f"{ex.test_label(t.test)}: {ex.reason(t)}" for t in r.blocking]
                    for r in acc.results if r.part not in acc.acceptable},
    }


def as_json(ws: Workspace, run: Run, lang: str = "en") -> dict[str, Any]:
    ex = Explainer(lang, ws.names)
    out: dict[str, Any] = {"workspace": ws.name, "figures_file": run.ind.path, "lang": lang,
                           "figures_file_found": run.ind.exists}
    if "C131" in run.settings.only:
        out["C131"] = {"note": ex.say("c131_no_threshold"),
                       "thresholds": {k: None if b is None else ex.benchmark_dict(b, compared=False)
                                      for k, b in run.thresholds.items()},
                       **c131_elements(ws, lang),
                       "results": [ex.result_dict(r) for r in run.c131]}
    if "C081" in run.settings.only:
        out["C081"] = {"results": [ex.result_dict(r) for r in run.c081]}
    if "C102" in run.settings.only:
        out["C102"] = {"parts": [ex.part_dict(p) for p in run.parts],
                       "article2": acceptance_dict(run.acceptance, ex) if run.acceptance else None}
    return out


def text_lines(ws: Workspace, run: Run, lang: str = "en") -> list[str]:
    """The same content for a terminal: each value with its formula, inputs, sources and rule."""
    data = as_json(ws, run, lang)
    words = Explainer(lang, ws.names).w.table("labels")
    lines: list[str] = [f"{data['figures_file']}" + ("" if data["figures_file_found"] else " (not found)")]
    for code in ("C131", "C081"):
        if code not in data:
            continue
        lines.append("")
        lines.append(f"== {code}" + (f": {data[code]['note']}" if data[code].get("note") else ""))
        for r in data[code]["results"]:
            head = f"{r['period']}  {r['label']}" + (f" [{r['variant_label']}]" if r.get("variant_label") else "")
            value = r["formula"] or r["shown"]
            lines.append(f"{head}: {value}" + (f"  ({words['uncertain']})" if r["uncertain"] else ""))
            for c in r["comparisons"]:
                lines.append(f"    {words['threshold']} ({c['shown']}): {c['meets_shown']}")
            for m in r["missing"]:
                lines.append(f"    {words['unknown']}: {m}")
            for i in r["inputs"]:
                src = "; ".join(p for p in (i["source"]["note"], i["source"]["url"]) if p)
                lines.append(f"    {i['id']}: {i['shown']}  [{src}]")
            lines.append(f"    {words['rule']}: {r['rule']['text']}")
            for n in r["uncertain_notes"]:
                lines.append(f"    {words['uncertain']}: {n}")
    if "C102" in data:
        lines.append("")
        lines.append("== C102")
        for p in data["C102"]["parts"]:
            lines.append(f"{p['title']}: {p['status_shown']}")
            for t in p["tests"]:
                nat = t["national"] or {}
                lines.append(f"    {t['label']}: {t['status_shown']} — {t['reason']['text']}")
                lines.append(f"        {words['convention']}: {t['requirement']['text']}")
                lines.append(f"        {words['national']}: {t['national_shown']}"
                             + (f" ({', '.join(nat['provisions'])})" if nat.get("provisions") else ""))
        a2 = data["C102"]["article2"]
        if a2:
            lines.append(f"{words['article2']}: {a2['rule']['text']}")
            lines.append(f"    {a2['conclusion']}")
    return lines


__all__ = ["Explainer", "acceptance_dict", "as_json", "pick", "roman", "text_lines"]
