"""C131 indicators: the Kaitz index (minimum wage ÷ median or average wage) and minimum wage ÷ subsistence minimum.

C131 sets no numerical level (its Article 3 lists elements to take into account); the thresholds come from
the benchmarks of the figures file or from the user, each with its source.

Which wage figure a year's minimum wage is compared with is the rule's choice, stated in every result:

- basis ``previous``: the wage of the year before, the latest annual figure known when the budget law fixed the
  year's minimum wage (the reference's 33.8% for 2024: 85,000 ÷ 251,356, the April 2023 survey);
- basis ``same``: the wage of the same year.

An annual figure of that year is used; where there is none, the latest sub-annual figure of that year stands in
for it, and the result says so and is uncertain. Nothing else is substituted: no figure, no result.
"""

from __future__ import annotations

from gapkit.indicators.figures import Benchmark, Figure, Indicators
from gapkit.indicators.results import Comparison, Input, Result, Why

BASES: tuple[str, ...] = ("previous", "same")
STATS: dict[str, str] = {"median_wage": "kaitz_median", "average_wage": "kaitz_average"}
#: the C131:3 elements each indicator informs (ids of conventions/C131.yaml C131:3 params.elements)
ELEMENTS: dict[str, list[str]] = {
    "kaitz_median": ["general_level_of_wages"],
    "kaitz_average": ["general_level_of_wages"],
    "minimum_wage_subsistence": ["needs_of_workers_and_families", "cost_of_living"],
}


def wage_for_year(ind: Indicators, stat: str, year: int) -> tuple[Figure | None, str]:
    """The wage figure standing for ``year``: its annual figure, else its latest sub-annual one (with why)."""
    within = ind.in_year(stat, year)
    annual = [f for f in within if f.period.is_year]
    if annual:
        return annual[-1], ""
    if within:
        return max(within, key=lambda f: f.period.end), "sub_annual"
    return None, ""


def ratio(numerator: float, denominator: float, percent: bool = True) -> float:
    return numerator / denominator * (100 if percent else 1)


def kaitz(ind: Indicators, year: int, stat: str = "median_wage", basis: str = "previous",
          threshold: Benchmark | None = None) -> Result:
    """The Kaitz index of ``year``: minimum wage of the year ÷ the ``stat`` wage of the base year, in per cent."""
    if stat not in STATS or basis not in BASES:
        raise ValueError(f"stat must be one of {list(STATS)} and basis one of {BASES}")
    base_year = year - 1 if basis == "previous" else year
    result = Result(STATS[stat], "C131", str(year), None, "percent",
                    Why(f"kaitz_{basis}", {"stat": stat, "year": year, "base_year": base_year}),
                    formula="ratio_percent", variant=basis, elements=ELEMENTS[STATS[stat]])
    mw = _annual(ind, "minimum_wage", year)
    wage, substitute = wage_for_year(ind, stat, base_year)
    if mw is None:
        result.missing.append(Why("missing_figure", {"indicator": "minimum_wage", "period": str(year)}))
    else:
        result.inputs.append(Input("minimum_wage", mw))
    if wage is None:
        result.missing.append(Why("missing_figure", {"indicator": stat, "period": str(base_year)}))
    else:
        result.inputs.append(Input(stat, wage, substitute))
    if mw is not None and wage is not None and wage.value:
        result.value = ratio(mw.value, wage.value)
    if threshold is not None:
        result.comparisons.append(_compare(threshold, result.value))
    return result


def minimum_wage_subsistence(ind: Indicators, year: int, threshold: Benchmark | None = None) -> Result:
    """Minimum wage ÷ subsistence minimum of the same year, in per cent (Labour Code Art 104(1-1): not below)."""
    result = Result("minimum_wage_subsistence", "C131", str(year), None, "percent",
                    Why("minimum_wage_subsistence", {"year": year}), formula="ratio_percent",
                    elements=ELEMENTS["minimum_wage_subsistence"])
    mw = _annual(ind, "minimum_wage", year)
    sm = _annual(ind, "subsistence_minimum", year)
    for role, fig in (("minimum_wage", mw), ("subsistence_minimum", sm)):
        if fig is None:
            result.missing.append(Why("missing_figure", {"indicator": role, "period": str(year)}))
        else:
            result.inputs.append(Input(role, fig))
    if mw is not None and sm is not None and sm.value:
        result.value = ratio(mw.value, sm.value)
    if threshold is not None:
        result.comparisons.append(_compare(threshold, result.value))
    return result


def _annual(ind: Indicators, indicator: str, year: int) -> Figure | None:
    found = [f for f in ind.in_year(indicator, year) if f.period.is_year]
    return found[-1] if found else None


def years(ind: Indicators) -> list[int]:
    """The years with a minimum wage figure: the years the C131 indicators are computed for."""
    return sorted({f.period.year for f in ind.series("minimum_wage") if f.period.is_year and f.period.year})


def c131_results(ind: Indicators, only_year: int | None = None, median_threshold: Benchmark | None = None,
                 average_threshold: Benchmark | None = None,
                 subsistence_threshold: Benchmark | None = None) -> list[Result]:
    """Every C131 indicator for every year (or one year): Kaitz on median and average, both bases; MZP ÷ PM."""
    out: list[Result] = []
    for year in years(ind) if only_year is None else [only_year]:
        for basis in BASES:
            out.append(kaitz(ind, year, "median_wage", basis, median_threshold))
        for basis in BASES:
            out.append(kaitz(ind, year, "average_wage", basis, average_threshold))
        out.append(minimum_wage_subsistence(ind, year, subsistence_threshold))
    return out


def _compare(threshold: Benchmark, value: float | None) -> Comparison:
    """The value against a threshold; an unknown value meets nothing and fails nothing."""
    return Comparison(threshold, threshold.met_by(value) if value is not None else None)
