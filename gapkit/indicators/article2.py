"""C102 Article 2: which combinations of Parts a Member may accept, and which it could accept now.

The rule is read from the catalogue (``C102:2`` params): at least ``min_parts`` of Parts II-X, including at least
one of ``must_include_one_of`` (IV, V, VI, IX or X).

>>> rule = AcceptanceRule(["part-II", "part-III", "part-V", "part-VIII"], 3, ["part-V"])
>>> rule.check(["part-II", "part-III", "part-VIII"]).ok, rule.check(["part-II", "part-III", "part-V"]).ok
(False, True)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from gapkit.indicators.c102 import CAN_ACCEPT, PartResult
from gapkit.indicators.results import Why
from gapkit.model import Instrument

RULE_CLAUSE = "C102:2(a)(ii)"
ROMAN = {"I": 1, "V": 5, "X": 10}


def part_number(part: str) -> int:
    """part-IX -> 9 (to keep Parts in the Convention's order)."""
    s = part.removeprefix("part-")
    total = 0
    for i, ch in enumerate(s):
        v = ROMAN.get(ch, 0)
        total += -v if i + 1 < len(s) and ROMAN.get(s[i + 1], 0) > v else v
    return total


@dataclass
class Check:
    ok: bool
    reasons: list[Why] = field(default_factory=list)


@dataclass
class AcceptanceRule:
    choose_from: list[str]
    min_parts: int
    must_include_one_of: list[str]
    clause: str = RULE_CLAUSE

    @classmethod
    def from_catalogue(cls, inst: Instrument) -> AcceptanceRule:
        params = (inst.clauses.get(RULE_CLAUSE) or inst.clauses["C102:2"]).params
        base = inst.clauses["C102:2"].params if "C102:2" in inst.clauses else {}
        return cls(list(params.get("choose_from") or base.get("choose_from") or []),
                   int(params.get("min_parts") or base.get("min_parts") or 0),
                   list(params.get("must_include_one_of") or base.get("must_include_one_of") or []))

    def check(self, parts: Iterable[str], acceptable: Iterable[str] | None = None) -> Check:
        """Whether this set of Parts may be accepted together (and, given the Parts that meet all their tests,
        whether it could be accepted now); every reason it may not."""
        chosen = sorted(set(parts), key=part_number)
        reasons: list[Why] = []
        outside = [p for p in chosen if p not in self.choose_from]
        if outside:
            reasons.append(Why("not_a_branch_part", {"parts": outside, "choose_from": self.choose_from}))
        if len(chosen) < self.min_parts:
            reasons.append(Why("too_few_parts", {"count": len(chosen), "min_parts": self.min_parts}))
        if not set(chosen) & set(self.must_include_one_of):
            reasons.append(Why("no_required_part", {"must_include_one_of": self.must_include_one_of}))
        if acceptable is not None:
            blocked = [p for p in chosen if p not in set(acceptable)]
            if blocked:
                reasons.append(Why("parts_not_ready", {"parts": blocked}))
        return Check(not reasons, reasons)

    def combinations(self, acceptable: Iterable[str]) -> list[list[str]]:
        """Every combination of the acceptable Parts the rule allows, smallest first."""
        pool = sorted(set(acceptable) & set(self.choose_from), key=part_number)
        out: list[list[str]] = []
        for n in range(max(self.min_parts, 1), len(pool) + 1):
            for combo in combinations(pool, n):
                if set(combo) & set(self.must_include_one_of):
                    out.append(list(combo))
        return out

    def as_dict(self) -> dict[str, Any]:
        return {"clause": self.clause, "choose_from": self.choose_from, "min_parts": self.min_parts,
                "must_include_one_of": self.must_include_one_of}


@dataclass
class Acceptance:
    rule: AcceptanceRule
    results: list[PartResult]
    acceptable: list[str]
    combinations: list[list[str]]

    @property
    def can_ratify_now(self) -> bool:
        return bool(self.combinations)

    @property
    def largest(self) -> list[str]:
        return self.combinations[-1] if self.combinations else []

    @property
    def minimal(self) -> list[list[str]]:
        """The smallest combinations (three Parts, under the rule as written)."""
        if not self.combinations:
            return []
        n = len(self.combinations[0])
        return [c for c in self.combinations if len(c) == n]

    def missing_for_rule(self) -> list[Why]:
        """Why no combination is possible now: what the acceptable Parts lack under the rule."""
        if self.can_ratify_now:
            return []
        return self.rule.check(self.acceptable).reasons


def acceptance(results: list[PartResult], rule: AcceptanceRule) -> Acceptance:
    acceptable = [r.part for r in results if r.status == CAN_ACCEPT]
    return Acceptance(rule, results, acceptable, rule.combinations(acceptable))
