"""What comment points link to elsewhere in gapkit: roadmap measures (by id) and amendment proposals (given by the
caller: the decisions are a later layer than the comments)."""

from __future__ import annotations

import re
from typing import Any

MEASURE_RE = re.compile(r"^RM:\d+(?:\.\d+)*$")


def has_confirmed_proposal(proposals: list[dict[str, Any]]) -> bool:
    return any(p["confirmed"] for p in proposals)
