"""Indicators: arithmetic on national figures against the Conventions' numbers, done the same way every time.

- :mod:`~gapkit.indicators.figures`: the figures file ``national_law/<country>/indicators.yaml``;
- :mod:`~gapkit.indicators.wages`: C131 Kaitz index and minimum wage ÷ subsistence minimum;
- :mod:`~gapkit.indicators.inspection`: C081/C129 workers per inspector and inspections per inspector;
- :mod:`~gapkit.indicators.c102`: C102 Part by Part tests; :mod:`~gapkit.indicators.article2`: its Article 2 rule;
- :mod:`~gapkit.indicators.answers`: the answers to the questionnaires, laid over the figures;
- ``cli``: the command; the words (rule, reason, formula) in a language are the reports' business
  (:mod:`gapkit.report.indicators_text`).

Each function returns the value, the inputs it used (with their sources) and the rule it applied; a missing
input gives an unknown result that names what is missing, never a guess.
"""

from __future__ import annotations

from gapkit.indicators.figures import Benchmark, Figure, Indicators, NationalPart, Period, load_indicators

__all__ = ["Benchmark", "Figure", "Indicators", "NationalPart", "Period", "load_indicators"]
