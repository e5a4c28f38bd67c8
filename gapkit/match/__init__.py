"""Suggested matches: for each Convention requirement, the national provisions that deal with it, and why.

The ranking is in :mod:`gapkit.match.rank` (two stages: :mod:`gapkit.match.index` finds candidates,
``rank`` re-scores them); ``gapkit suggest`` is :mod:`gapkit.match.cli`. Its names are read through
this package (``match.suggest``, ``match.Stored``), but only when first asked for: ranking needs
numpy, scipy and rapidfuzz, which ``gapkit --help`` and every other command should not pay for. What a page
says of a stored suggestion (``match.shared_words``, ``match.strength``: :mod:`gapkit.match.explain`) loads neither
scipy nor rapidfuzz (its words are checked against spaCy's stop words, and spaCy brings numpy).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gapkit.match.explain import *  # noqa: F403
    from gapkit.match.rank import *  # noqa: F403


_SUBMODULES = frozenset({"rank", "index", "cli", "explain"})
#: the names read from :mod:`gapkit.match.explain`, without loading the ranking
_LIGHT = frozenset({"shared_words", "strength", "is_shown_word", "word_language", "BOILERPLATE", "STRONG", "MODERATE",
                    "STRONG_RANKS"})


def __getattr__(name: str) -> Any:
    # a submodule or a dunder is Python's own lookup (import machinery, doctest, pickling): never the ranking's
    if name in _SUBMODULES or name.startswith("__"):
        raise AttributeError(f"module 'gapkit.match' has no attribute {name!r}")
    if name in _LIGHT:
        import gapkit.match.explain

        return getattr(gapkit.match.explain, name)
    import gapkit.match.rank

    try:
        return getattr(gapkit.match.rank, name)
    except AttributeError:
        raise AttributeError(f"module 'gapkit.match' has no attribute {name!r}") from None
