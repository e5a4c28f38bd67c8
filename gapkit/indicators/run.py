"""Every indicator of a workspace at once, for the command and the report: C131, C081/C129 and C102.

:func:`compute` gathers the results; :mod:`gapkit.report.indicators_text` says them in a language with their
inputs, sources, rules and formulas, so an expert can redo each sum by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from gapkit.indicators.article2 import Acceptance, AcceptanceRule, acceptance
from gapkit.indicators.c102 import PartResult, assess, catalogue_parts
from gapkit.indicators.figures import Benchmark, Indicators, load_indicators
from gapkit.indicators.inspection import c081_results
from gapkit.indicators.results import Result
from gapkit.indicators.wages import ELEMENTS, c131_results
from gapkit.model import Source
from gapkit.workspace import Workspace
from gapkit.yamlio import strip_lines

#: used when the figures file holds no kaitz_median benchmark: the level the ILO–Kazakhstan roadmap states
DEFAULT_KAITZ = Benchmark(
    "kaitz_median", 50, "percent", "at_least",
    {"en": "Kaitz index of at least 50% of the median wage",
     "ru": "индекс Кейтца не менее 50 % медианной заработной платы"},
    Source(note="default of gapkit: the ILO–Kazakhstan Decent Work Roadmap 2024–2025 states that the Kaitz index "
                "should be at least 50% \"according to ILO recommendations\"; C131 sets no level"),
    True, "C131 sets no numerical level; the 50% is a statement of the Roadmap, not Convention text.")


@dataclass
class Settings:
    year: int | None = None
    kaitz_threshold: float | None = None  # percent of the median; None: the file's benchmark (or 50)
    average_threshold: float | None = None  # percent of the average wage; None: not compared
    only: tuple[str, ...] = ("C131", "C081", "C102")


@dataclass
class Run:
    ind: Indicators
    settings: Settings
    c131: list[Result] = field(default_factory=list)
    c081: list[Result] = field(default_factory=list)
    parts: list[PartResult] = field(default_factory=list)
    acceptance: Acceptance | None = None
    thresholds: dict[str, Benchmark | None] = field(default_factory=dict)


def user_benchmark(base: Benchmark | None, bid: str, value: float, option: str) -> Benchmark:
    label = {"en": f"at least {value:g}% (set with {option})", "ru": f"не менее {value:g} % (задано {option})"}
    if base is None:
        return Benchmark(bid, value, "percent", "at_least", label, Source(note=f"set by the user with {option}"),
                         set_by_user=True)
    return replace(base, value=value, label=label, set_by_user=True,
                   source=Source(note=f"set by the user with {option} (file: {base.source.note})"))


def compute(ws: Workspace, settings: Settings | None = None) -> Run:
    settings = settings or Settings()
    ind = load_indicators(ws)
    run = Run(ind, settings)
    kaitz = ind.benchmarks.get("kaitz_median") or DEFAULT_KAITZ
    if settings.kaitz_threshold is not None:
        kaitz = user_benchmark(kaitz, "kaitz_median", settings.kaitz_threshold, "--kaitz-threshold")
    average = None
    if settings.average_threshold is not None:
        average = user_benchmark(ind.benchmarks.get("kaitz_average"), "kaitz_average", settings.average_threshold,
                                 "--average-threshold")
    run.thresholds = {"kaitz_median": kaitz, "kaitz_average": average,
                      "minimum_wage_subsistence": ind.benchmarks.get("minimum_wage_subsistence")}
    if "C131" in settings.only:
        run.c131 = c131_results(ind, settings.year, kaitz, average, run.thresholds["minimum_wage_subsistence"])
    if "C081" in settings.only:
        run.c081 = c081_results(ind)
    c102 = ws.instruments.get("C102")
    if "C102" in settings.only and c102 is not None:
        run.parts = assess(catalogue_parts(c102), ind.c102)
        run.acceptance = acceptance(run.parts, AcceptanceRule.from_catalogue(c102))
    return run


def c131_elements(ws: Workspace, lang: str) -> dict[str, Any]:
    """The C131:3 elements and C131:4 machinery of the catalogue, with the indicators that inform each element."""
    c131 = ws.instruments.get("C131")
    if c131 is None:
        return {"elements": [], "machinery": []}
    informs: dict[str, list[str]] = {}
    for indicator, elements in ELEMENTS.items():
        for e in elements:
            informs.setdefault(e, []).append(indicator)
    art3 = strip_lines(c131.clauses["C131:3"].params) if "C131:3" in c131.clauses else {}
    element_rows = [{"id": e["id"], "clause": e.get("clause"), "label": e.get(lang) or e.get("en"),
                     "indicators": informs.get(e["id"], [])} for e in art3.get("elements") or []]
    machinery = []
    for c in c131.clauses.values():
        m = strip_lines(c.params).get("machinery")
        if isinstance(m, dict):
            machinery.append({"id": m.get("id"), "clause": c.id, "label": m.get(lang) or m.get("en"),
                              "measured_by_figures": False})
    return {"elements": element_rows, "machinery": machinery, "numerical_threshold": art3.get("numerical_threshold")}
