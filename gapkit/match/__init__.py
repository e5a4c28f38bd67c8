"""Suggested matches: for each Convention requirement, the national provisions that deal with it, and why.

The ranking is in :mod:`gapkit.match.rank` (two stages: :mod:`gapkit.match.index` finds candidates,
``rank`` re-scores them); ``gapkit suggest`` is :mod:`gapkit.match.cli`. Its names are read through
this package (``match.suggest``, ``match.Stored``), but only when first asked for: ranking needs
numpy, scipy and rapidfuzz, which ``gapkit --help`` and every other command should not pay for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gapkit.match.rank import *  # noqa: F403


_SUBMODULES = frozenset({"rank", "index", "cli"})


def __getattr__(name: str) -> Any:
    # a submodule or a dunder is Python's own lookup (import machinery, doctest, pickling): never the ranking's
    if name in _SUBMODULES or name.startswith("__"):
        raise AttributeError(f"module 'gapkit.match' has no attribute {name!r}")
    import gapkit.match.rank

    try:
        return getattr(gapkit.match.rank, name)
    except AttributeError:
        raise AttributeError(f"module 'gapkit.match' has no attribute {name!r}") from None
