"""What a suggestion says to the lawyer who reads it: the words it shares with its requirement, in the page's
language and without noise, and how strong a match it is («сильное / среднее / слабое совпадение»).

Light on purpose (no ranking: neither scipy nor rapidfuzz): the web page and the exports call it on stored
suggestions, old ones too.

Shared words are stored per language (``words: {"ru": [...], "en": [...]}``, beside the flat ``lemmas`` list that
older readers and older files have); :func:`shared_words` reads either shape.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any, Literal

from gapkit import nlp
from gapkit.nlp import word_language

#: Words of legal boilerplate that say nothing about what a provision is about: the act's and the country's names,
#: the Conventions' own formulas ("each Member shall"), the words of references. Stop words and the words of
#: cross-references (:data:`gapkit.nlp.STRUCTURE_WORDS`: «статья», "paragraph", «тармақ») are left out as well, by
#: :func:`gapkit.nlp.is_content`, and so are words of fewer than three letters («рк»).
#: The matcher also leaves out any word found in more than a quarter of the provisions of its language
#: (``rank.EXPLAIN_MAX_SHARE``); this list holds those that fall below that share in some workspaces («Республика
#: Казахстан»: 30 % of the imported official texts, 3 % of the summaries) but are never telling.
BOILERPLATE: dict[str, frozenset[str]] = {
    "ru": frozenset({"кодекс", "закон", "республика", "казахстан", "конвенция", "член", "указанный", "следующий",
                     "иной", "соответствие", "соответствующий", "исключить"}),
    "en": frozenset({"section", "chapter", "convention", "member", "shall", "code", "law", "republic", "kazakhstan",
                     "provision", "set", "relevant", "accordance"}),
    "kk": frozenset({"заң"}),  # and every word of KK_STEMS
}
#: Kazakh is matched on word forms, not lemmas («Қазақстан Республикасының», «кодексті»): its boilerplate by stem.
KK_STEMS: tuple[str, ...] = ("қазақстан", "республика", "кодекс", "бап", "баб", "тармақ", "конвенция")

_WORD = re.compile(r"^[^\W\d_]+(?:-[^\W\d_]+)*$")  # letters, with hyphens inside only ("a)–c", "and/or", "156-vi": no)
#: what :func:`~gapkit.nlp.word_language` says of the words each language may show (a Kazakh word may lack Kazakh
#: letters); it is also what an old suggestion file's flat list of words is read with
_SCRIPTS: dict[str, tuple[str, ...]] = {"ru": ("ru",), "en": ("en",), "kk": ("kk", "ru")}
_ROMAN = re.compile(r"^(?=[ivxlcdm]+$)m{0,4}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})$")


@cache
def is_shown_word(word: str, lang: str) -> bool:
    """A shared word worth showing a reader of ``lang``: a word of that language (Russian words have no Latin
    letters, English ones no Cyrillic), of three letters or more, not a number («три», "first", a Roman numeral),
    not a stop word or a word of cross-references, not boilerplate (:data:`BOILERPLATE`).

    >>> [w for w in ("инспектор", "labour", "три", "статья", "республика", "vi", "iii", "и", "по", "a)–c", "2018")
    ...  if is_shown_word(w, "ru")]
    ['инспектор']
    >>> [w for w in ("inspector", "инспектор", "shall", "member", "iv", "three", "the") if is_shown_word(w, "en")]
    ['inspector']
    """
    if lang not in nlp.SPACY_LANG or len(word) < 3 or not _WORD.match(word):
        return False
    if word_language(word) not in _SCRIPTS.get(lang, (lang,)):
        return False
    if word in BOILERPLATE.get(lang, ()) or (lang == "kk" and word.startswith(KK_STEMS)):
        return False
    if _ROMAN.match(word) or not nlp.is_content(word, lang) or nlp.pipeline(lang).vocab[word].like_num:
        return False
    # a word of a Kazakh page without Kazakh letters may be Russian («инспекция», «три»): it passes as Russian too
    return lang != "kk" or word_language(word) == "kk" or is_shown_word(word, "ru")


def _field(suggestion: Mapping[str, Any] | Any, name: str) -> Any:
    if isinstance(suggestion, Mapping):
        return suggestion.get(name)
    return getattr(suggestion, name, None)


def shared_words(suggestion: Mapping[str, Any] | Any, lang: str) -> list[str]:
    """The words a suggestion shares with its requirement that a reader of ``lang`` is shown, most telling first.

    ``suggestion``: a stored row (``{"lemmas": [...], "words": {"ru": [...]}}``), a :class:`~gapkit.match.Suggestion`
    or anything with those attributes. Rows stored before the words were kept per language hold one flat list
    (``lemmas``) and no ``words`` (or an empty one): its words are sorted by their letters. Only words of ``lang``
    are given (none when the requirement and the provision share no text in it), and never noise
    (:func:`is_shown_word`).

    >>> shared_words({"lemmas": ["labour", "инспектор", "республика", "три", "inspection"]}, "ru")
    ['инспектор']
    >>> shared_words({"lemmas": ["labour", "инспектор"], "words": {"ru": ["инспектор"], "en": ["labour"]}}, "en")
    ['labour']
    """
    if lang not in nlp.SPACY_LANG:
        return []
    words = _field(suggestion, "words")
    lemmas = _field(suggestion, "lemmas")
    if not (isinstance(words, Mapping) and words) and isinstance(lemmas, Mapping):
        words = lemmas  # a file that stored the words per language under the old key
    if isinstance(words, Mapping) and words:  # empty: an old row (a new one then holds no word in any language)
        chosen = list(words.get(lang) or [])
    else:
        pairs = [w for w in (lemmas or []) if isinstance(w, list | tuple) and len(w) == 2]  # (lang, word) pairs
        scripts = _SCRIPTS.get(lang, (lang,))
        chosen = ([w for lg, w in pairs if lg == lang] if pairs
                  else [w for w in (lemmas or []) if isinstance(w, str) and word_language(w) in scripts])
    return [w for w in dict.fromkeys(chosen) if isinstance(w, str) and is_shown_word(w, lang)]


# ---- strength -------------------------------------------------------------------------------------------------

#: How strong a suggestion is, by its score (0..1 from the words and concepts it shares; 1 + that for a provision
#: a CEACR comment or the requirement's notes cite) and its rank. Set on the top 5 suggestions of every requirement
#: of the seven Conventions against every act (3190 suggestions; the repository ships no mappings/suggestions, so
#: they were computed, not stored), in three workspaces: the shipped one (255 cited), and the shipped one with
#: the official texts of ../shared/corpus/kz imported, with and without the summaries (benchmarks/quality.py's two):
#:
#:   score quantiles of the uncited   10 %   25 %   33 %   50 %   67 %   75 %   90 %
#:   shipped                          0.22   0.31   0.35   0.42   0.48   0.51   0.59
#:   + official texts                 0.25   0.35   0.39   0.46   0.51   0.54   0.63
#:   official texts only              0.22   0.31   0.35   0.42   0.48   0.51   0.60
#:   median of rank 1 / 3 / 5: 0.49 / 0.41 / 0.38 (shipped)
#:
#: so strong (cited, or score >= 0.45 at ranks 1-3) is 35 %, 35 % and 29 % of the suggestions, weak (< 0.35) 30 %,
#: 25 % and 32 %. On the gold pairs of benchmarks/gold*.yaml (875 suggestions of 175 requirements) a strong one is
#: a gold provision 65 % of the time, a moderate one 43 %, a weak one 25-35 %; at a score above 0.45, ranks 4 and
#: 5 are right no more often than a moderate one (40-45 %), hence STRONG_RANKS.
STRONG = 0.45
MODERATE = 0.35
STRONG_RANKS = 3

Strength = Literal["strong", "moderate", "weak"]


def strength(score: float, rank: int) -> Strength:
    """``"strong"``, ``"moderate"`` or ``"weak"``: what the page says of a suggestion («сильное / среднее / слабое
    совпадение»), its score shown on hover. A provision cited for the requirement (score 1 and above) is strong.

    >>> [strength(s, 1) for s in (1.2, 0.5, 0.4, 0.1)], strength(0.5, 4), strength(1.05, 5)
    (['strong', 'strong', 'moderate', 'weak'], 'moderate', 'strong')
    """
    if score >= 1.0:
        return "strong"
    if score >= STRONG and rank <= STRONG_RANKS:
        return "strong"
    if score >= MODERATE:
        return "moderate"
    return "weak"
