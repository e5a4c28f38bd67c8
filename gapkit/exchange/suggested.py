"""The top suggested provisions of each requirement, from :mod:`gapkit.match`, for the review workbook.

Stored suggestions (``gapkit suggest``) are used when they were computed on the current texts; otherwise
they are computed here (seconds of work) and not stored: an export never writes into the workspace. When
the matcher fails, the workbook is written without suggestions and says why: a reviewer's export must not
depend on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gapkit.errors import GapkitError
from gapkit.workspace import Workspace


@dataclass
class Suggested:
    provision: str
    score: float
    cited_by: list[str] = field(default_factory=list)


class SuggestionsUnavailable(GapkitError):
    """The matcher failed: the workbook is written without suggestions."""


def top_suggestions(ws: Workspace, code: str, n: int = 3) -> dict[str, list[Suggested]]:
    """Requirement id -> its ``n`` best suggestions that still stand (rejected provisions left out)."""
    if n <= 0:
        return {}
    from gapkit import match  # numpy and scipy: loaded when a workbook is made, not with the command line

    try:
        stored = match.stored_by_convention(ws).get(code)
        if stored is not None and stored.top >= n and not stored.stale:
            rejected = match.rejected_provisions(ws)
            return {rid: [Suggested(str(r["provision"]), float(r.get("score", 0.0)), list(r.get("cited_by") or []))
                          for r in stored.standing(ws, rid, rejected.get(rid, set()))[:n]]
                    for rid in stored.suggestions}
        return {rid: [Suggested(s.provision, s.score, list(s.cited_by)) for s in rows]
                for rid, rows in match.suggest(ws, code, top=n).items()}
    except Exception as e:  # noqa: BLE001 - see the module's docstring
        raise SuggestionsUnavailable(f"gapkit.match failed: {type(e).__name__}: {e}") from e
