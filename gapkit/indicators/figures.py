"""The national figures file, ``national_law/<country>/indicators.yaml``: dated figures, benchmarks, C102 inputs.

Loading never raises on bad content: each problem is kept with its line (``gapkit check`` prints them) and
what can be read is read. A figure is a value with its unit, period and source; nothing here computes.

>>> Period.parse("2024-Q2").start, Period.parse("2024-Q2").end
(datetime.date(2024, 4, 1), datetime.date(2024, 6, 30))
>>> Period.parse("2024-01/2024-05").kind, Period.parse("2023").is_year
('range', True)
"""

from __future__ import annotations

import bisect
import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from gapkit.errors import GapkitError
from gapkit.fields import source
from gapkit.indicators.answer_model import Answer, Answers, load_answers
from gapkit.model import Source
from gapkit.workspace import Workspace
from gapkit.yamlio import LINE_KEY, Problem, YamlError, load_yaml, strip_lines

FILE_NAME = "indicators.yaml"
COMPARISONS = ("at_least", "at_most")
#: the C102 tests a Part's national entry may hold
C102_TESTS = ("persons_protected", "benefit_rate", "qualifying_period", "waiting_period", "duration",
              "pensionable_age")
_PERIOD = re.compile(r"^(\d{4})(?:-(Q[1-4]|H[12]|\d{2})(?:-(\d{2}))?)?$")


class PeriodError(GapkitError, ValueError):
    pass


@dataclass(frozen=True)
class Period:
    """The time a figure is for: a year, quarter (2024-Q2), half (2023-H1), month, day, or a range A/B."""

    text: str
    start: date
    end: date
    kind: str  # year | quarter | half | month | day | range

    @classmethod
    def parse(cls, text: str) -> Period:
        text = str(text).strip()
        if "/" in text:
            a, b = (cls.parse(p) for p in text.split("/", 1))
            if b.end < a.start:
                raise PeriodError(f"period {text!r} ends before it starts")
            return cls(text, a.start, b.end, "range")
        m = _PERIOD.match(text)
        if not m:
            raise PeriodError(f"period {text!r} is not YYYY, YYYY-Qn, YYYY-Hn, YYYY-MM, YYYY-MM-DD or A/B")
        y, sub, day = int(m.group(1)), m.group(2), m.group(3)
        try:
            if sub is None:
                return cls(text, date(y, 1, 1), date(y, 12, 31), "year")
            if sub[0] in "QH":
                months = 3 if sub[0] == "Q" else 6
                first = (int(sub[1]) - 1) * months + 1
                last = first + months - 1
                return cls(text, date(y, first, 1), date(y, last, calendar.monthrange(y, last)[1]),
                           "quarter" if sub[0] == "Q" else "half")
            mo = int(sub)
            if day is None:
                return cls(text, date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1]), "month")
            d = date(y, mo, int(day))
            return cls(text, d, d, "day")
        except ValueError as e:
            raise PeriodError(f"period {text!r}: {e}") from e

    @property
    def is_year(self) -> bool:
        return self.kind == "year"

    @property
    def year(self) -> int | None:
        """The calendar year the period lies in, or None when it spans two."""
        return self.start.year if self.start.year == self.end.year else None

    @property
    def middle(self) -> date:
        return date.fromordinal((self.start.toordinal() + self.end.toordinal()) // 2)

    def years_from(self, other: Period) -> float:
        """Distance in years between the middles of two periods."""
        return abs(self.middle.toordinal() - other.middle.toordinal()) / 365.25


def _texts(value: Any) -> dict[str, str]:
    """A note as a mapping of language to text (a plain string is English)."""
    if isinstance(value, dict):
        return {str(k): str(v).strip() for k, v in value.items() if k != LINE_KEY and v}
    return {"en": str(value).strip()} if value else {}


def _note(value: Any) -> str:
    """A figure's uncertain_note as one string (a mapping of languages gives its English text)."""
    texts = _texts(value)
    return texts.get("en") or next(iter(texts.values()), "")


@dataclass
class Figure:
    """One national figure: a value with its unit, the period it is for, and where it comes from."""

    indicator: str
    period: Period
    value: float
    unit: str
    source: Source = field(default_factory=Source)
    uncertain: bool = False
    uncertain_note: str = ""
    note: dict[str, str] = field(default_factory=dict)
    provisions: list[str] = field(default_factory=list)
    series: str = ""
    line: int = 0

    @property
    def id(self) -> str:
        return f"{self.indicator}@{self.period.text}"

    def as_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "indicator": self.indicator, "period": self.period.text,
                             "value": self.value, "unit": self.unit,
                             "source": {"url": self.source.url, "note": self.source.note},
                             "uncertain": self.uncertain}
        for key in ("uncertain_note", "note", "provisions", "series"):
            if getattr(self, key):
                d[key] = getattr(self, key)
        return d


@dataclass
class Benchmark:
    """A threshold an indicator is compared with, with its source (never taken from a Convention's silence)."""

    id: str
    value: float
    unit: str
    comparison: str  # at_least | at_most
    label: dict[str, str] = field(default_factory=dict)
    source: Source = field(default_factory=Source)
    uncertain: bool = False
    uncertain_note: str = ""
    provisions: list[str] = field(default_factory=list)
    set_by_user: bool = False

    def met_by(self, value: float) -> bool:
        return value >= self.value if self.comparison == "at_least" else value <= self.value

    def as_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "value": self.value, "unit": self.unit, "comparison": self.comparison,
                             "label": self.label, "source": {"url": self.source.url, "note": self.source.note},
                             "uncertain": self.uncertain}
        if self.uncertain_note:
            d["uncertain_note"] = self.uncertain_note
        if self.provisions:
            d["provisions"] = self.provisions
        if self.set_by_user:
            d["set_by_user"] = True
        return d


@dataclass
class NationalValue:
    """The national side of one C102 test: its fields (``data``), the provisions and source it rests on."""

    test: str
    data: dict[str, Any] = field(default_factory=dict)
    provisions: list[str] = field(default_factory=list)
    source: Source = field(default_factory=Source)
    uncertain: bool = False
    uncertain_note: dict[str, str] = field(default_factory=dict)  # by language (a plain string is English)
    note: dict[str, str] = field(default_factory=dict)
    as_of: str = ""  # the date of the law's text the value was read in
    line: int = 0
    answer: Answer | None = None  # the questionnaire answer the value comes from (then its source)

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def as_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {**self.data, "provisions": self.provisions, "as_of": self.as_of,
                             "uncertain": self.uncertain}
        if self.uncertain_note:
            d["uncertain_note"] = self.uncertain_note
        if self.note:
            d["note"] = self.note
        if not self.source.is_empty():
            d["source"] = {"url": self.source.url, "note": self.source.note}
        return d


_VALUE_META = {"provisions", "source", "uncertain", "uncertain_note", "note", "as_of", LINE_KEY}


def national_value(test: str, raw: dict[str, Any]) -> NationalValue:
    """A test's national input from its mapping (as the YAML holds it, or as a test writes it)."""
    return NationalValue(
        test=test,
        data={k: strip_lines(v) for k, v in raw.items() if k not in _VALUE_META},
        provisions=[str(p) for p in raw.get("provisions") or []],
        source=source(raw.get("source")),
        uncertain=bool(raw.get("uncertain", False)),
        uncertain_note=_texts(raw.get("uncertain_note")),
        note=_texts(raw.get("note")),
        as_of=str(raw.get("as_of", "") or ""),
        line=int(raw.get(LINE_KEY, 0) or 0),
    )


@dataclass
class NationalPart:
    """What the national law provides for one C102 branch: a scheme and one value per test (absent: not known)."""

    part: str
    scheme: dict[str, str] = field(default_factory=dict)
    provisions: list[str] = field(default_factory=list)
    values: dict[str, NationalValue] = field(default_factory=dict)
    #: what the law does not fix for this Part and the figure that would answer it, by language
    missing: dict[str, str] = field(default_factory=dict)
    line: int = 0

    @classmethod
    def of(cls, part: str, tests: dict[str, dict[str, Any]] | None = None, **kw: Any) -> NationalPart:
        """A hand-made Part (tests, scripts): ``NationalPart.of("part-IV", {"waiting_period": {"days": 3}})``."""
        return cls(part, values={t: national_value(t, v) for t, v in (tests or {}).items()}, **kw)


@dataclass
class Indicators:
    path: str = ""
    country: str = ""
    currency: str = ""
    figures: list[Figure] = field(default_factory=list)
    benchmarks: dict[str, Benchmark] = field(default_factory=dict)
    c102: dict[str, NationalPart] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    exists: bool = True
    # indexes, built once (every indicator asks for its figures year by year)
    _series: dict[str, list[Figure]] = field(default_factory=dict, repr=False)
    _years: dict[tuple[str, int], list[Figure]] = field(default_factory=dict, repr=False)
    _middles: dict[str, tuple[list[int], list[Figure]]] = field(default_factory=dict, repr=False)
    _indexed: int = -1

    def _index(self) -> None:
        if self._indexed == len(self.figures):
            return
        self._series, self._years, self._middles = {}, {}, {}
        for f in sorted(self.figures, key=lambda f: (f.period.start, f.period.end)):
            self._series.setdefault(f.indicator, []).append(f)
            if f.period.year is not None:
                self._years.setdefault((f.indicator, f.period.year), []).append(f)
        for indicator, figs in self._series.items():
            by_middle = sorted(figs, key=lambda f: f.period.middle)
            self._middles[indicator] = ([f.period.middle.toordinal() for f in by_middle], by_middle)
        self._indexed = len(self.figures)

    def series(self, indicator: str) -> list[Figure]:
        """The figures of one indicator, oldest first."""
        self._index()
        return list(self._series.get(indicator, []))

    def in_year(self, indicator: str, year: int) -> list[Figure]:
        """The figures of one indicator whose period lies within the calendar year, oldest first."""
        self._index()
        return list(self._years.get((indicator, year), []))

    def nearest(self, indicator: str, to: Period) -> Figure | None:
        """The figure of ``indicator`` whose period's middle is nearest to ``to``'s (the later one on a tie)."""
        self._index()
        middles, figs = self._middles.get(indicator, ([], []))
        if not figs:
            return None
        i = bisect.bisect_left(middles, to.middle.toordinal())
        near = [figs[j] for j in range(max(0, i - 2), min(len(figs), i + 2))]
        return min(near, key=lambda f: (round(f.period.years_from(to), 6), -f.period.end.toordinal()))

    def get(self, figure_id: str) -> Figure | None:
        return next((f for f in self.figures if f.id == figure_id), None)


def path_of(ws: Workspace) -> Path:
    return ws.root / "national_law" / (ws.country or "xx") / FILE_NAME


def load_indicators(ws: Workspace) -> Indicators:
    """The workspace's figures (memoised per process); an absent file gives an empty set, not an error."""
    key = "indicators"
    if key not in ws.cache:
        path = path_of(ws)
        ind = read(path, ws.rel(path)) if path.is_file() else Indicators(ws.rel(path), exists=False)
        answers = load_answers(ws)
        ind.problems += answers.problems
        overlay(ind.c102, answers)
        ws.cache[key] = ind
    return ws.cache[key]


def read(path: Path, rel: str | None = None) -> Indicators:
    rel = rel or str(path)
    ind = Indicators(rel)
    try:
        data = load_yaml(path, rel)
    except YamlError as e:
        ind.problems.append(e.problem)
        return ind
    if not isinstance(data, dict):
        ind.problems.append(Problem(rel, 1, "an indicators file is a mapping: indicators, figures, benchmarks, c102"))
        return ind
    for key in data:
        if key not in ("indicators", "figures", "benchmarks", "c102", LINE_KEY):
            ind.problems.append(Problem(rel, data.get(LINE_KEY, 1), f"unknown section {key!r}"))
    head = data.get("indicators") or {}
    if isinstance(head, dict):
        ind.country = str(head.get("country", "") or "")
        ind.currency = str(head.get("currency", "") or "")
    for raw in _list(ind, data, "figures"):
        fig = _figure(ind, raw)
        if fig is not None:
            ind.figures.append(fig)
    for raw in _list(ind, data, "benchmarks"):
        b = _benchmark(ind, raw)
        if b is not None:
            if b.id in ind.benchmarks:
                ind.problems.append(Problem(rel, raw.get(LINE_KEY, 0), f"duplicate benchmark {b.id}"))
            ind.benchmarks[b.id] = b
    for raw in _list(ind, data, "c102"):
        part = _part(ind, raw)
        if part is not None:
            if part.part in ind.c102:
                ind.problems.append(Problem(rel, part.line, f"c102: {part.part} is given twice"))
            ind.c102[part.part] = part
    return ind


def _list(ind: Indicators, data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = data.get(key) or []
    if not isinstance(value, list):
        ind.problems.append(Problem(ind.path, data.get(LINE_KEY, 1), f"{key} must be a list"))
        return []
    out = []
    for item in value:
        if isinstance(item, dict):
            out.append(item)
        else:
            ind.problems.append(Problem(ind.path, 0, f"{key}: each entry is a mapping, not {item!r:.40}"))
    return out


def _number(ind: Indicators, line: int, what: str, value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        ind.problems.append(Problem(ind.path, line, f"{what}: value must be a number, not {value!r}"))
        return None
    return float(value) if isinstance(value, float) else value


_FIGURE_FIELDS = {"indicator", "period", "value", "unit", "source", "uncertain", "uncertain_note", "note",
                  "provisions", "series", LINE_KEY}


def _figure(ind: Indicators, raw: dict[str, Any]) -> Figure | None:
    line = raw.get(LINE_KEY, 0)
    for key in raw:
        if key not in _FIGURE_FIELDS:
            ind.problems.append(Problem(ind.path, line, f"unknown field {key!r} in a figure"))
    indicator = str(raw.get("indicator", "") or "")
    if not re.fullmatch(r"[a-z][a-z0-9_]*", indicator):
        ind.problems.append(Problem(ind.path, line, f"figure: indicator {indicator!r} is not a snake_case name"))
        return None
    try:
        period = Period.parse(str(raw.get("period", "")))
    except PeriodError as e:
        ind.problems.append(Problem(ind.path, line, f"{indicator}: {e}"))
        return None
    value = _number(ind, line, f"{indicator}@{period.text}", raw.get("value"))
    if value is None:
        return None
    return Figure(indicator, period, value, str(raw.get("unit", "") or ""), source(raw.get("source")),
                  bool(raw.get("uncertain", False)), _note(raw.get("uncertain_note")), _texts(raw.get("note")),
                  [str(p) for p in raw.get("provisions") or []], str(raw.get("series", "") or ""), line)


def _benchmark(ind: Indicators, raw: dict[str, Any]) -> Benchmark | None:
    line = raw.get(LINE_KEY, 0)
    bid = str(raw.get("id", "") or "")
    value = _number(ind, line, f"benchmark {bid}", raw.get("value"))
    if not bid or value is None:
        if not bid:
            ind.problems.append(Problem(ind.path, line, "a benchmark needs an id"))
        return None
    comparison = str(raw.get("comparison", "") or "")
    if comparison not in COMPARISONS:
        ind.problems.append(Problem(ind.path, line, f"benchmark {bid}: comparison must be at_least or at_most"))
        return None
    return Benchmark(bid, value, str(raw.get("unit", "") or ""), comparison, _texts(raw.get("label")),
                     source(raw.get("source")), bool(raw.get("uncertain", False)),
                     _note(raw.get("uncertain_note")), [str(p) for p in raw.get("provisions") or []])


def _part(ind: Indicators, raw: dict[str, Any]) -> NationalPart | None:
    line = raw.get(LINE_KEY, 0)
    part = str(raw.get("part", "") or "")
    if not re.fullmatch(r"part-[IVX]+", part):
        ind.problems.append(Problem(ind.path, line, f"c102: part {part!r} is not a Part id such as part-IV"))
        return None
    out = NationalPart(part, _texts(raw.get("scheme")), [str(p) for p in raw.get("provisions") or []],
                       missing=_texts(raw.get("missing")), line=line)
    for key, value in raw.items():
        if key in ("part", "scheme", "provisions", "missing", LINE_KEY):
            continue
        if key not in C102_TESTS:
            ind.problems.append(Problem(ind.path, line, f"c102 {part}: unknown test {key!r} "
                                                        f"(expected one of {', '.join(C102_TESTS)})"))
            continue
        if not isinstance(value, dict):
            ind.problems.append(Problem(ind.path, line, f"c102 {part}: {key} must be a mapping"))
            continue
        out.values[key] = national_value(key, value)
    return out


#: the basis of the protected classes a share implies, when the figures give none (the inverse of
#: :data:`gapkit.indicators.c102.DEFAULT_DENOMINATOR`)
BASIS_OF_DENOMINATOR = {"all_employees": "employees", "all_residents": "economically_active"}


# ---- the answers laid over the figures ----------------------------------------------------------------------


def answered_value(answer: Answer, test: str, before: NationalValue | None) -> NationalValue:
    """The national value of a C102 test once ``answer`` is laid over what the figures held (``before``): the
    answered fields replace the figures' own; provisions and notes on the law stay."""
    data: dict[str, Any] = dict(before.data) if before else {}
    if test == "persons_protected":
        data["share_percent"] = answer.value
        data["denominator"] = answer.basis
        data.setdefault("basis", BASIS_OF_DENOMINATOR.get(answer.basis, ""))
        data["covers_all"] = False
    elif test == "benefit_rate":
        for key in ("percent_min", "percent_max", "by_contingency"):
            data.pop(key, None)
        data["percent"], data["reference"] = answer.value, answer.basis
    elif test == "qualifying_period":
        data.update(value=answer.value, unit=answer.unit, of=answer.basis)
    elif test == "waiting_period":
        data["days"] = answer.value
    elif test == "duration":
        if answer.basis == "whole_contingency":
            data = {"whole_contingency": True}
        else:
            data = {"min": answer.value, "unit": answer.unit}
    elif test == "pensionable_age":
        key = answer.basis or "general"
        data = {k: v for k, v in data.items() if k in ("men", "women", "general") and k != key} if key != "general" \
            else {}
        data[key] = answer.value
    value = national_value(test, data)
    if before is not None:
        # the provisions stay; the figures' note said what was missing, which the answer now gives
        value.provisions, value.line = list(before.provisions), before.line
    value.answer = answer
    return value


def overlay(c102: dict[str, NationalPart], answers: Answers) -> None:
    """Lay the answered C102 tests over the Parts the figures give (a Part the figures lack is added)."""
    for a in answers.answers.values():
        if a.kind != "c102_test" or "/" not in a.question:
            continue
        head, test = a.question.rsplit("/", 1)
        part = head.removeprefix("C102:")
        if test not in C102_TESTS or not part.startswith("part-"):
            continue
        national = c102.setdefault(part, NationalPart(part))
        national.values[test] = answered_value(a, test, national.values.get(test))
