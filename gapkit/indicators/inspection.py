"""C081/C129 indicators: workers per labour inspector against the ILO's reference benchmarks, inspections per inspector.

C081 Art 10 asks for "sufficient" inspectors and sets no number; the benchmarks (1 per 10,000 / 20,000 / 40,000
workers) come from the figures file with their source. The worker count is paired with the inspector count
nearest to it in time; when their periods differ the result says by how much and is uncertain.
"""

from __future__ import annotations

from gapkit.indicators.figures import Benchmark, Figure, Indicators
from gapkit.indicators.results import Comparison, Input, Result, Why

#: the worker counts an inspector count is divided into, in the order shown
WORKERS: tuple[str, ...] = ("employed", "wage_employees")
DENSITY_BENCHMARKS: tuple[str, ...] = ("inspectors_industrial_market", "inspectors_transition",
                                       "inspectors_less_developed")


def _gap(a: Figure, b: Figure) -> Why | None:
    if a.period.text == b.period.text:
        return None
    return Why("period_gap", {"a": a.id, "b": b.id, "years": round(a.period.years_from(b.period), 1)})


def workers_per_inspector(ind: Indicators, inspectors: Figure, workers: str = "employed",
                          benchmarks: list[Benchmark] | None = None) -> Result:
    """Workers ÷ inspectors, with the worker count (``employed`` or ``wage_employees``) nearest in time."""
    result = Result("workers_per_inspector", "C081", inspectors.period.text, None, "workers/inspector",
                    Why("workers_per_inspector", {"workers": workers}), [Input("inspectors", inspectors)],
                    formula="ratio", variant=workers)
    count = ind.nearest(workers, inspectors.period)
    if count is None:
        result.missing.append(Why("missing_figure", {"indicator": workers, "period": inspectors.period.text}))
    else:
        result.inputs.insert(0, Input("workers", count))
        gap = _gap(count, inspectors)
        if gap:
            result.notes.append(gap)
        if inspectors.value:
            result.value = count.value / inspectors.value
    for b in benchmarks or []:
        result.comparisons.append(Comparison(b, b.met_by(result.value) if result.value is not None else None))
    return result


def stated_ratio(figure: Figure, benchmarks: list[Benchmark] | None = None) -> Result:
    """The workers-per-inspector ratio as its source states it, beside the computed ones."""
    result = Result("workers_per_inspector", "C081", figure.period.text, figure.value, "workers/inspector",
                    Why("stated_ratio"), [Input("stated", figure)], formula="stated", variant="stated")
    for b in benchmarks or []:
        result.comparisons.append(Comparison(b, b.met_by(figure.value)))
    return result


def inspections_per_inspector(ind: Indicators, inspections: Figure) -> Result:
    """A year's inspections ÷ the inspector count nearest in time."""
    result = Result("inspections_per_inspector", "C081", inspections.period.text, None, "inspections/inspector",
                    Why("inspections_per_inspector"), [Input("inspections", inspections)], formula="ratio")
    count = ind.nearest("labour_inspectors", inspections.period)
    if count is None:
        result.missing.append(Why("missing_figure", {"indicator": "labour_inspectors",
                                                     "period": inspections.period.text}))
        return result
    result.inputs.append(Input("inspectors", count))
    gap = _gap(inspections, count)
    if gap:
        result.notes.append(gap)
    if count.value:
        result.value = inspections.value / count.value
    return result


def c081_results(ind: Indicators) -> list[Result]:
    """Density for every inspector count (against each worker count), the stated ratios, and inspections per
    inspector for every yearly inspection count (part-year counts are left out: they are not per year)."""
    benchmarks = [ind.benchmarks[b] for b in DENSITY_BENCHMARKS if b in ind.benchmarks]
    out: list[Result] = []
    inspectors = ind.series("labour_inspectors")
    for count in inspectors:
        for workers in WORKERS:
            out.append(workers_per_inspector(ind, count, workers, benchmarks))
    for stated in ind.series("workers_per_inspector_stated"):
        out.append(stated_ratio(stated, benchmarks))
    if not inspectors:
        out.append(Result("workers_per_inspector", "C081", "", None, "workers/inspector",
                          Why("workers_per_inspector", {"workers": WORKERS[0]}),
                          missing=[Why("missing_figure", {"indicator": "labour_inspectors", "period": ""})]))
    for fig in ind.series("inspections"):
        if fig.period.is_year:
            out.append(inspections_per_inspector(ind, fig))
    return out
