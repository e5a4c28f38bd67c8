"""The top suggested provisions of each requirement, from :mod:`gapkit.match`, for the review workbook.

Stored suggestions (``gapkit suggest``) are used when they were computed on the current texts; otherwise
they are computed here (seconds of work) and not stored: an export never writes into the workspace. When
the matching module cannot be imported, there are no suggestions and the export says so.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

from gapkit.workspace import Workspace


@dataclass
class Suggested:
    provision: str
    score: float
    cited_by: list[str] = field(default_factory=list)


class SuggestionsUnavailable(Exception):
    """The matching module is not there (or failed): the workbook is written without suggestions."""


def _match() -> Any:
    try:
        return importlib.import_module("gapkit.match")
    except ImportError as e:  # the module or one of its dependencies is not installed
        raise SuggestionsUnavailable(f"gapkit.match cannot be imported: {e}") from e


def _from_rows(rows: list[dict[str, Any]], n: int) -> list[Suggested]:
    return [Suggested(str(r.get("provision", "")), float(r.get("score", 0.0)), list(r.get("cited_by") or []))
            for r in rows[:n] if r.get("provision")]


def top_suggestions(ws: Workspace, code: str, n: int = 3) -> dict[str, list[Suggested]]:
    """Requirement id -> its ``n`` best suggestions (rejected provisions left out by the matcher)."""
    if n <= 0:
        return {}
    match = _match()
    try:
        for data in match.stored(ws):
            if (data.get("instrument") == code and int(data.get("top", 0)) >= n
                    and data.get("fingerprint") == match.fingerprint(ws, [code, *data.get("acts", [])])):
                rejected = match.rejected_provisions(ws)
                return {rid: _from_rows([r for r in rows if r.get("provision") not in rejected.get(rid, set())], n)
                        for rid, rows in data["suggestions"].items()}
        return {rid: [Suggested(s.provision, s.score, list(s.cited_by)) for s in rows]
                for rid, rows in match.suggest(ws, code, top=n).items()}
    except Exception as e:  # noqa: BLE001 - a matcher still being built must not stop a reviewer's export
        raise SuggestionsUnavailable(f"gapkit.match failed: {type(e).__name__}: {e}") from e
