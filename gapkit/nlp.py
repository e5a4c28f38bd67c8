"""Language processing: lemmas of clause texts and the thesaurus concepts they mention.

Three spaCy pipelines, built once per process, for their tokenizers, stop words and vocabularies: ``ru``, ``en``
and, for Kazakh, the multi-language ``xx`` (spaCy has no ``kk``). Lemmas are pymorphy3's for Russian
(:func:`russian_analyser`), spacy-lookups-data's lookup table for English, and the lower-cased word for Kazakh (it is
matched on word forms); each word form is lemmatised once per process (:func:`lemmas`, :func:`word_lemmas`).
Nothing is downloaded at run time: all of it installs from the package index.

>>> lemmas("Права государственных инспекторов труда", "ru")
('право', 'государственный', 'инспектор', 'труд')
>>> content_lemmas("Inspectors may enter workplaces freely", "en")
('inspector', 'enter', 'workplace', 'freely')

Concepts are found by a PhraseMatcher over the lemmatised thesaurus terms, so "без
предварительного уведомления" in the thesaurus matches "без предварительного уведомления" in
any inflected form, and "inspection without prior notice" matches "inspections ... without prior
notice" in English (see :class:`Tagger`).
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # spaCy takes seconds to import: only the commands that read texts pay for it
    from spacy.language import Language
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

from gapkit.model import Concept

#: spaCy language of each workspace language (spaCy has no Kazakh pipeline: the multi-language tokenizer).
SPACY_LANG: dict[str, str] = {"ru": "ru", "en": "en", "kk": "xx"}
_WORD_RE = re.compile(r"[^\W\d_]", re.UNICODE)  # a token is a word when it holds a letter
_CYRILLIC_RE = re.compile(r"[а-яё]")

# Lemmas of word forms already seen, per language: legal texts repeat a small vocabulary, so a
# form is lemmatised once per process however many clauses hold it.
_FORMS: dict[str, dict[str, str]] = {lang: {} for lang in SPACY_LANG}
# Lemmas of whole texts, per (language, text): a clause is lemmatised once per text version.
_TEXTS: dict[tuple[str, str], tuple[str, ...]] = {}
TEXT_CACHE = True  # the speed benchmark turns it off to measure the cost of texts that all differ
# A term's words count as the term when they stand within (per word x words + slack) tokens of each other.
WINDOW_PER_WORD = 2
WINDOW_SLACK = 3


@cache
def pipeline(lang: str) -> Language:
    """The spaCy pipeline of a workspace language (blank: a tokenizer), built on first use and kept for the process."""
    if lang not in SPACY_LANG:
        raise ValueError(f"unknown language {lang!r} (expected en, ru or kk)")
    import spacy

    return spacy.blank(SPACY_LANG[lang])


@cache
def russian_analyser() -> Any:
    """The pymorphy3 analyser of Russian, built on first use and kept for the process (one for every caller: its
    dictionaries take a while to load)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@cache
def _english_lookup() -> Any:
    """spacy-lookups-data's table of English lemmas (what spaCy's ``lookup`` lemmatizer reads), loaded once."""
    from spacy.lookups import load_lookups

    return load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")


def _russian_lemma(form: str) -> str:
    """The lemma of a lower-cased Russian word form, in one pymorphy3 parse: its normal form when the parses agree
    on one (what spaCy's ``pymorphy3_lookup`` lemmatizer gives), else the normal form of the most probable parse
    (the lookup mode would leave the form unchanged, "платы", "права", "мер": the most probable parse is right far
    more often than the form). A form without Cyrillic letters the parses disagree on stays as it is."""
    parses = russian_analyser().parse(form)
    normal = {p.normal_form for p in parses}
    lemma = normal.pop().lower() if len(normal) == 1 else form.lower()
    if lemma == form.lower() and parses and _CYRILLIC_RE.search(lemma):
        lemma = parses[0].normal_form
    return lemma


def _lemma(form: str, lang: str) -> str:
    """The lemma of one lower-cased token, kept for the process."""
    forms = _FORMS[lang]
    lemma = forms.get(form)
    if lemma is None:
        if lang == "ru":
            lemma = _russian_lemma(form)
        elif lang == "en":
            lemma = _english_lookup().get(form, form).lower()
        else:
            lemma = form.lower()
        forms[form] = lemma
    return lemma


def lemmas(text: str, lang: str) -> tuple[str, ...]:
    """The lemma of every word of ``text`` in order (punctuation, numbers and spaces left out).

    Stop words are kept: thesaurus terms contain them ("без предварительного уведомления").
    """
    key = (lang, text)
    hit = _TEXTS.get(key) if TEXT_CACHE else None
    if hit is not None:
        return hit
    result = tuple(_lemma(token.text, lang) for token in pipeline(lang).make_doc(text.lower())
                   if not token.is_space and not token.is_punct and _WORD_RE.search(token.text))
    if TEXT_CACHE:
        _TEXTS[key] = result
    return result


_LETTERS_RE = re.compile(r"[^\W\d_]+")


@cache
def _special_cases(lang: str) -> frozenset[str]:
    """The strings spaCy's tokenizer of ``lang`` has rules for ("cannot": "can", "not"; "id": "i", "d")."""
    tokenizer: Any = pipeline(lang).tokenizer
    return frozenset(tokenizer.rules)


def word_lemmas(word: str, lang: str) -> tuple[str, ...]:
    """What :func:`lemmas` gives a text of one word, in fewer steps for a vocabulary: a lower-cased run of letters
    that the tokenizer keeps whole (any but its special cases) is neither tokenized nor kept as a text, only its
    lemma for the process.

    >>> word_lemmas("инспекторов", "ru"), word_lemmas("cannot", "en")
    (('инспектор',), ('can', 'not'))
    """
    if word in _special_cases(lang) or not _LETTERS_RE.fullmatch(word) or word != word.lower():
        return lemmas(word, lang)
    return (_lemma(word, lang),)


_LATIN_LETTER = re.compile(r"[a-z]")
_CYRILLIC_LETTER = re.compile(r"[а-яёәғқңөұүһі]")
_KAZAKH_LETTER = re.compile(r"[әғқңөұүһі]")


def word_language(word: str) -> str:
    """The language a lower-cased word is written in, by its letters: ``en`` (Latin), ``kk`` (Cyrillic with a letter
    of Kazakh's own), ``ru`` (any other Cyrillic: a Kazakh word written without them reads as Russian), or ``""``
    (both scripts, a Roman numeral typed with a Cyrillic «і»; or no letter).

    >>> [word_language(w) for w in ("инспектор", "labour", "еңбек", "vі", "")]
    ['ru', 'en', 'kk', '', '']
    """
    latin, cyrillic = bool(_LATIN_LETTER.search(word)), bool(_CYRILLIC_LETTER.search(word))
    if latin == cyrillic:
        return ""
    if latin:
        return "en"
    return "kk" if _KAZAKH_LETTER.search(word) else "ru"


#: The words of cross-references ("подпункт 2) пункта 1 статьи 195 настоящего Кодекса", "осы баптың
#: 2-тармағы"): they say where a rule is, never what it is about, and would show as shared words.
STRUCTURE_WORDS: dict[str, frozenset[str]] = {
    "ru": frozenset({"статья", "пункт", "подпункт", "часть", "настоящий", "глава", "параграф", "раздел"}),
    "en": frozenset({"article", "paragraph", "subparagraph"}),
    "kk": frozenset({"бап", "тармақ", "тармақша", "осы"}),
}


@cache
def _stop_words(lang: str) -> frozenset[str]:
    return frozenset(pipeline(lang).Defaults.stop_words) | STRUCTURE_WORDS.get(lang, frozenset())


def is_content(lemma: str, lang: str) -> bool:
    """A lemma that says something about the subject: not a stop word or a word of cross-references
    (:data:`STRUCTURE_WORDS`), not a single letter.

    >>> [w for w in ("инспектор", "пункт", "и", "б") if is_content(w, "ru")]
    ['инспектор']
    """
    return len(lemma) > 1 and lemma not in _stop_words(lang)


def content_lemmas(text: str, lang: str) -> tuple[str, ...]:
    """The lemmas of ``text`` that carry meaning, in order (what the matcher weighs)."""
    return tuple(lemma for lemma in lemmas(text, lang) if is_content(lemma, lang))


_SERIALS = itertools.count(1)
Match = tuple[str, int, int]  # concept id, first token, end token (lemma positions)


@dataclass
class _Term:
    concept: str
    content: tuple[str, ...]  # its content lemmas, each once
    window: int  # how many tokens apart its words may be and still count as the term


@dataclass
class Tagger:
    """Finds thesaurus concepts in texts, on lemmas.

    A term matches where its lemmas stand together (a PhraseMatcher over the lemmatised terms),
    and also where all its content words stand close to each other in any order, because legal
    texts put other words between them: "запрашивать и получать документы" (the term) in
    "запрашивать и получать от работодателей, работников (их представителей) документы".

    >>> t = Tagger.build([Concept("without_prior_notice", terms={
    ...     "ru": ["без предварительного уведомления"], "en": ["without prior notice"]}),
    ...     Concept("documents", terms={"ru": ["запрашивать и получать документы"]})])
    >>> t.tag("Проверки проводятся без предварительных уведомлений", "ru")
    ('without_prior_notice',)
    >>> t.tag("Inspectors may visit without prior notice.", "en")
    ('without_prior_notice',)
    >>> t.tag("запрашивать и получать от работодателей, работников (их представителей) документы", "ru")
    ('documents',)
    """

    matchers: dict[str, PhraseMatcher] = field(default_factory=dict)
    terms: dict[str, dict[str, list[_Term]]] = field(default_factory=dict)  # lang -> key lemma -> terms
    _cache: dict[tuple[str, str], tuple[Match, ...]] = field(default_factory=dict)
    #: which tagger this is, for what others memoise from it: unlike id(), never reused by a later one
    serial: int = field(default_factory=lambda: next(_SERIALS))

    @classmethod
    def build(cls, concepts: Iterable[Concept]) -> Tagger:
        from spacy.matcher import PhraseMatcher
        from spacy.tokens import Doc

        tagger = cls()
        patterns: dict[str, dict[str, list[Doc]]] = {lang: {} for lang in SPACY_LANG}
        loose: dict[str, list[_Term]] = {lang: [] for lang in SPACY_LANG}
        for concept in concepts:
            for lang, terms in concept.terms.items():
                if lang not in SPACY_LANG:
                    continue
                vocab = pipeline(lang).vocab
                words = {lemmas(t, lang) for t in terms}
                docs = [Doc(vocab, words=list(w)) for w in words if w]
                if docs:
                    patterns[lang].setdefault(concept.id, []).extend(docs)
                for w in words:
                    content = tuple(dict.fromkeys(x for x in w if is_content(x, lang)))
                    if len(content) >= 2:
                        loose[lang].append(_Term(concept.id, content, WINDOW_PER_WORD * len(content) + WINDOW_SLACK))
        for lang, by_concept in patterns.items():
            if not by_concept:
                continue
            matcher = PhraseMatcher(pipeline(lang).vocab, attr="ORTH")
            for cid, docs in by_concept.items():
                matcher.add(cid, docs)
            tagger.matchers[lang] = matcher
        for lang, loose_terms in loose.items():
            # each term is looked up under its least shared word, so a text checks few terms
            share: dict[str, int] = {}
            for term in loose_terms:
                for x in term.content:
                    share[x] = share.get(x, 0) + 1
            keyed: dict[str, list[_Term]] = {}
            for term in loose_terms:
                keyed.setdefault(min(term.content, key=lambda x: (share[x], x)), []).append(term)
            tagger.terms[lang] = keyed
        return tagger

    def matches(self, text: str, lang: str) -> tuple[Match, ...]:
        """Every (concept, start, end) found in ``text``, in text order (cached per text)."""
        from spacy.tokens import Doc

        key = (lang, text)
        hit = self._cache.get(key) if TEXT_CACHE else None
        if hit is not None:
            return hit
        words = lemmas(text, lang) if text else ()
        found: set[Match] = set()
        matcher = self.matchers.get(lang)
        if words and matcher is not None:
            doc = Doc(pipeline(lang).vocab, words=list(words))
            for match_id, start, end in matcher(doc):
                found.add((doc.vocab.strings[match_id], start, end))
        keyed = self.terms.get(lang, {})
        if words and keyed:
            at: dict[str, list[int]] = {}
            for i, w in enumerate(words):
                at.setdefault(w, []).append(i)
            for w in at.keys() & keyed.keys():
                for term in keyed[w]:
                    span = _near(term, at)
                    if span is not None:
                        found.add((term.concept, *span))
        result = tuple(sorted(found, key=lambda m: (m[1], m[2], m[0])))
        if TEXT_CACHE:
            self._cache[key] = result
        return result

    def tag(self, text: str, lang: str, lead: str = "") -> tuple[str, ...]:
        """Concept ids mentioned in ``text``, in order of first mention.

        ``lead``: the lead-in sentence an enumerated item completes ("Инспекторы имеют право:");
        a term may start in it, but only terms that reach into ``text`` count.
        """
        if not lead:
            return tuple(dict.fromkeys(c for c, _s, _e in self.matches(text, lang)))
        skip = len(lemmas(lead, lang))
        return tuple(dict.fromkeys(c for c, _s, e in self.matches(f"{lead} {text}", lang) if e > skip))


def _near(term: _Term, at: dict[str, list[int]]) -> tuple[int, int] | None:
    """The first span holding every content word of ``term`` within its window, if any."""
    if any(x not in at for x in term.content):
        return None
    first = term.content[0]
    for p in at[first]:
        lo = hi = p
        for x in term.content[1:]:
            near = [q for q in at[x] if abs(q - p) < term.window]
            if not near:
                break
            q = min(near, key=lambda q: (abs(q - p), q))
            lo, hi = min(lo, q), max(hi, q)
        else:
            if hi - lo < term.window:
                return lo, hi + 1
    return None


_TAGGER_LOCK = threading.Lock()  # the web app builds it in the background while a page may ask for it


def tagger(ws: Any) -> Tagger:
    """The tagger of a workspace's thesaurus, built once per workspace object."""
    if "nlp.tagger" not in ws.cache:
        with _TAGGER_LOCK:
            if "nlp.tagger" not in ws.cache:
                ws.cache["nlp.tagger"] = Tagger.build(ws.concepts.values())
    return ws.cache["nlp.tagger"]


def clear_caches() -> None:
    """Forget every lemmatised text and word form (the speed benchmark measures a cold start)."""
    _TEXTS.clear()
    for forms in _FORMS.values():
        forms.clear()
