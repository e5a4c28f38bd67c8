"""What comment points link to elsewhere in gapkit: roadmap measures and amendment proposals."""

from __future__ import annotations

import re
from typing import Any

from gapkit.workspace import Workspace

MEASURE_RE = re.compile(r"^RM:\d+(?:\.\d+)*$")


def measure_ids(ws: Workspace) -> set[str]:
    """The ids of the roadmap's measures (RM:1.3 ...); empty when the workspace has no roadmap."""
    from gapkit.roadmap.load import measure_ids as roadmap_measures  # here: the roadmap's checks read comments

    return set(roadmap_measures(ws))


def proposals_for(ws: Workspace, provision: str) -> list[dict[str, Any]]:
    """Amendment proposals on a provision, each saying whether the decision it belongs to is confirmed
    (only a confirmed decision's proposal answers a comment)."""
    from gapkit.review import load_mappings
    from gapkit.review import proposals_for as review_proposals

    mappings = load_mappings(ws)
    return [{**p, "confirmed": mappings[p["requirement"]].confirmed} for p in review_proposals(ws, provision)]


def has_confirmed_proposal(proposals: list[dict[str, Any]]) -> bool:
    return any(p["confirmed"] for p in proposals)
