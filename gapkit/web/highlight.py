"""Marking the thesaurus concepts a requirement and a suggested provision share, in their texts.

The concept tagger (:mod:`gapkit.nlp`) finds concepts on lemma positions; this module maps those positions
back to characters by tokenising the text the same way, and wraps each span in ``<mark>``. Everything else
is escaped, so a text holding markup shows as text. The same concept gets the same colour everywhere
(``k0`` ... ``k5``) and its label as a tooltip.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterable

from markupsafe import Markup, escape

from gapkit import nlp

COLOURS = 6
# the word filter of nlp.lemmas: a token is a word when it holds a letter (kept in step with it: the
# result is checked against nlp.lemmas and nothing is marked when the two disagree)
_WORD_RE = re.compile(r"[^\W\d_]", re.UNICODE)
_CACHE: dict[tuple[int, str, str, frozenset[str], str], Markup] = {}
_CACHE_MAX = 20_000


def colour(concept: str) -> str:
    """A stable colour class for a concept."""
    return f"k{zlib.crc32(concept.encode('utf-8')) % COLOURS}"


def _word_spans(text: str, lang: str) -> list[tuple[int, int]] | None:
    low = text.lower()
    if len(low) != len(text):  # a letter whose lower case is longer: offsets would drift
        return None
    doc = nlp.pipeline(lang).make_doc(low)
    spans = [(t.idx, t.idx + len(t.text)) for t in doc
             if not (t.is_space or t.is_punct or not _WORD_RE.search(t.text))]
    return spans if len(spans) == len(nlp.lemmas(text, lang)) else None


def spans(tagger: nlp.Tagger, text: str, lang: str, concepts: Iterable[str]) -> list[tuple[int, int, list[str]]]:
    """Character spans of the given concepts in ``text`` (overlaps merged), each with its concepts."""
    wanted = set(concepts)
    if not text or not wanted or lang not in nlp.SPACY_LANG:
        return []
    found = [m for m in tagger.matches(text, lang) if m[0] in wanted]
    if not found:
        return []
    words = _word_spans(text, lang)
    if words is None:
        return []
    out: list[tuple[int, int, list[str]]] = []
    for concept, s, e in sorted(found, key=lambda m: (words[m[1]][0], -words[m[2] - 1][1])):
        start, end = words[s][0], words[e - 1][1]
        if out and start < out[-1][1]:
            last = out[-1]
            out[-1] = (last[0], max(last[1], end), last[2] + ([concept] if concept not in last[2] else []))
        else:
            out.append((start, end, [concept]))
    return out


def mark(tagger: nlp.Tagger, text: str, lang: str, concepts: Iterable[str],
         label: Callable[[str], str] = str, ui: str = "") -> Markup:
    """``text`` escaped, with the given concepts wrapped in ``<mark class="kN" title="label">``
    (``ui``: the language of the labels, part of what is memoised; so is the tagger, which a thesaurus
    edit replaces, with the concepts and labels it knows)."""
    wanted = frozenset(concepts)
    key = (tagger.serial, text, lang, wanted, ui)
    hit = _CACHE.get(key)
    if hit is not None:
        return hit
    out: list[str] = []
    pos = 0
    for start, end, found in spans(tagger, text, lang, wanted):
        out.append(escape(text[pos:start]))
        title = "; ".join(label(c) for c in found)
        out.append(Markup('<mark class="{}" title="{}">{}</mark>').format(colour(found[0]), title,
                                                                         text[start:end]))
        pos = end
    out.append(escape(text[pos:]))
    result = Markup("").join(out)
    if len(_CACHE) > _CACHE_MAX:
        _CACHE.clear()
    _CACHE[key] = result
    return result
