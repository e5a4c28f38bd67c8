"""What an indicator function returns: the value, the inputs used with their sources, the rule applied.

A result never guesses: a missing input makes ``value`` None (unknown) and is named in ``missing``. Rules and
reasons are ids with arguments; :mod:`gapkit.report.indicators_text` words them in a language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gapkit.indicators.figures import Benchmark, Figure


@dataclass
class Why:
    """A rule or a reason: an id of the wording templates and the values it is said with."""

    id: str
    args: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "args": self.args}


@dataclass
class Input:
    """One figure a result was computed from, and the part it plays in the formula."""

    role: str  # e.g. minimum_wage, median_wage, workers, inspectors
    figure: Figure
    substitute: str = ""  # why this figure stands in for the one the rule asks for ("" when it is that one)


@dataclass
class Comparison:
    benchmark: Benchmark
    meets: bool | None  # None when the value is unknown


@dataclass
class Result:
    """One computed indicator, e.g. the Kaitz index of 2024 against the median wage of the year before."""

    indicator: str  # kaitz_median | kaitz_average | minimum_wage_subsistence | workers_per_inspector | ...
    convention: str  # the Convention the indicator informs (C131, C081)
    period: str  # what it is for (a year, or the period of its main input)
    value: float | None
    unit: str  # percent | workers/inspector | inspections/inspector
    rule: Why
    inputs: list[Input] = field(default_factory=list)
    formula: str = ""  # ratio | ratio_percent | stated (the figure as its source states it)
    variant: str = ""  # what distinguishes results of one indicator for one period (basis, denominator)
    comparisons: list[Comparison] = field(default_factory=list)
    missing: list[Why] = field(default_factory=list)
    notes: list[Why] = field(default_factory=list)  # why the result is uncertain, beyond its inputs
    elements: list[str] = field(default_factory=list)  # C131:3 element ids the indicator informs

    @property
    def known(self) -> bool:
        return self.value is not None

    @property
    def uncertain(self) -> bool:
        """Whether the value is: an input is uncertain or stands in for another, or the periods differ. (A
        benchmark's own uncertainty is the comparison's, shown with it.)"""
        return any(i.figure.uncertain or i.substitute for i in self.inputs) or bool(self.notes)

    @property
    def key(self) -> str:
        return "/".join(p for p in (self.indicator, self.period, self.variant) if p)
