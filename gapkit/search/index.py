"""The search index of a workspace: every text a search looks in, by lemma.

A *doc* is one text of one thing in one language: a requirement's heading and our wording; a provision's heading
with its official wording (its own, not its sub-items': those are docs of their own) or with our summary; a comment
point's titles with its summary, text and requests; a decision's reason with its recommendation. The index maps each
content lemma to the docs it occurs in, with how often it occurs in the body and whether it is in the heading.

Words are the runs of letters of a text (digits and punctuation split them), lower-cased and lemmatised by
:func:`gapkit.nlp.word_lemmas` (pymorphy3 for Russian, spaCy's lookup lemmas for English, the lower-cased form for
Kazakh), each distinct word once: legal texts repeat a small vocabulary (the 1.1 million characters of the acts'
official texts hold about ten thousand distinct Russian words), and lemmatising them is most of the cost.
``gapkit.nlp`` keeps each word form's lemma for the process, so a word the matcher has read is not lemmatised again
here, nor the reverse.
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from gapkit import nlp
from gapkit.comments import Comments, load_comments
from gapkit.review import Mapping, load_mappings
from gapkit.workspace import Workspace

#: the key of the index in ``ws.cache`` (the web app drops it when decisions or comments change)
CACHE_KEY = "search.index"
#: a word: a run of letters (the query is split the same way, so both sides agree)
WORD_RE = re.compile(r"[^\W\d_]+")


def _norm(lemma: str) -> str:
    return lemma.replace("ё", "е")


# The content lemmas of each lower-cased word, per language (empty for a stop word), kept for the process and shared
# by every workspace: a search looks up every word of the text of each hit it shows (its snippet).
_LEMMAS: dict[str, dict[str, tuple[str, ...]]] = {}


def word_lemmas(words: Iterable[str], lang: str) -> dict[str, tuple[str, ...]]:
    """The content lemmas of each lower-cased word of ``words`` (ё read as е; none for a stop word), as
    :func:`gapkit.nlp.word_lemmas` gives them (one, or more where spaCy splits the word: "cannot"), in the
    process-wide table, which is returned (it holds the words asked before as well).

    >>> table = word_lemmas(["инспекторов", "и", "inspection"], "ru")
    >>> table["инспекторов"], table["и"]
    (('инспектор',), ())
    """
    table = _LEMMAS.setdefault(lang, {})
    for w in words:
        if w not in table:
            table[w] = tuple(dict.fromkeys(_norm(x) for x in nlp.word_lemmas(w, lang) if nlp.is_content(x, lang)))
    return table


def words_of(text: str) -> list[str]:
    """The lower-cased words of a text, in order."""
    return WORD_RE.findall(text.lower())


@dataclass
class Doc:
    """One text of one thing, in one language."""

    kind: str  # requirement | provision | point | decision
    id: str
    source: str  # official | summary | requirement | point | reason
    lang: str
    heading: str
    body: str
    order: int = 0  # place in the workspace: ties are shown in the order the workspace holds things
    length: int = 0  # words in the body


@dataclass
class Index:
    docs: list[Doc] = field(default_factory=list)
    #: lang -> lemma -> doc number -> (occurrences in the body, whether in the heading)
    postings: dict[str, dict[str, dict[int, tuple[int, bool]]]] = field(default_factory=dict)
    avg_length: dict[str, float] = field(default_factory=dict)
    n_docs: dict[str, int] = field(default_factory=dict)
    by_item: dict[tuple[str, str], list[int]] = field(default_factory=dict)  # (kind, id) -> its docs
    seconds: float = 0.0  # how long building it took
    made_from: tuple[Any, ...] = ()  # the decisions and the comments it was built from (what ws.cache held)


_BUILDING = threading.Lock()  # the web app serves pages in threads: one build at a time


def get(ws: Workspace) -> Index:
    """The workspace's index, built on first use and kept in ``ws.cache["search.index"]``.

    An index is kept only when the decisions and comments it was built from are still those the workspace holds
    (the web app drops them, and the index, when their files change: an index built meanwhile is not kept)."""
    index = ws.cache.get(CACHE_KEY)
    if index is not None:
        return index
    with _BUILDING:
        index = ws.cache.get(CACHE_KEY)
        if index is None:
            index = build(ws)
            mappings, comments = index.made_from
            if load_mappings(ws) is mappings and load_comments(ws) is comments:
                ws.cache[CACHE_KEY] = index
    return index


def build(ws: Workspace) -> Index:
    started = time.perf_counter()
    mappings, comments = load_mappings(ws), load_comments(ws)
    out = Index(docs=[d for d in _docs(ws, mappings, comments) if d.lang in nlp.SPACY_LANG],
                made_from=(mappings, comments))
    # each text's words counted (in C), so that only its distinct words are looked up
    split = [(Counter(words_of(d.heading)), Counter(words_of(d.body))) for d in out.docs]
    vocabulary: dict[str, set[str]] = {}
    for d, (head, body) in zip(out.docs, split, strict=True):
        words = vocabulary.setdefault(d.lang, set())
        words.update(head)
        words.update(body)
    tables = {lang: word_lemmas(sorted(words), lang) for lang, words in vocabulary.items()}
    lengths: dict[str, int] = {}
    for n, (d, (head, body)) in enumerate(zip(out.docs, split, strict=True)):
        d.order = n
        table = tables[d.lang]
        in_body: dict[str, int] = {}
        for w, count in body.items():
            for lemma in table[w]:
                in_body[lemma] = in_body.get(lemma, 0) + count
        in_head = {lemma for w in head for lemma in table[w]}
        d.length = sum(in_body.values())
        postings = out.postings.setdefault(d.lang, {})
        for lemma in in_body.keys() | in_head:
            postings.setdefault(lemma, {})[n] = (in_body.get(lemma, 0), lemma in in_head)
        out.n_docs[d.lang] = out.n_docs.get(d.lang, 0) + 1
        lengths[d.lang] = lengths.get(d.lang, 0) + d.length
        out.by_item.setdefault((d.kind, d.id), []).append(n)
    out.avg_length = {lang: max(1.0, lengths[lang] / out.n_docs[lang]) for lang in out.n_docs}
    ws.names.alias_regex()  # compiled once per workspace: the first query that looks for citations would wait for it
    out.seconds = time.perf_counter() - started
    return out


def _joined(*parts: str | None) -> str:
    return "\n".join(p for p in parts if p)


def _docs(ws: Workspace, mappings: dict[str, Mapping], comments: Comments) -> Iterator[Doc]:
    for inst in ws.instruments.values():
        if inst.is_convention:
            for c in inst.clauses.values():
                for lang in dict.fromkeys([*c.text, *c.heading]):
                    yield Doc("requirement", c.id, "requirement", lang, c.heading.get(lang, ""), c.text.get(lang, ""))
            continue
        for c in inst.clauses.values():
            official = list(dict.fromkeys([*c.authentic, *c.wrap_up]))
            for lang in official:
                yield Doc("provision", c.id, "official", lang, c.heading.get(lang, ""),
                          _joined(c.authentic.get(lang), c.wrap_up.get(lang)))
            for lang, summary in c.text.items():
                yield Doc("provision", c.id, "summary", lang, c.heading.get(lang, ""), summary)
            for lang, heading in c.heading.items():  # a heading alone (an article made of its пункты)
                if lang not in official and lang not in c.text:
                    source = "official" if lang in inst.authentic_languages else "summary"
                    yield Doc("provision", c.id, source, lang, heading, "")
    for p in comments.points.values():
        topics = [comments.topics[t].label for t in p.topics if t in comments.topics]
        langs = [*p.title, *p.summary, *p.authentic, *(["en"] if p.topic else [])]
        langs += [lang for r in p.requests for lang in (*r.text, *r.authentic)]
        for lang in dict.fromkeys(langs):
            heading = _joined(p.title.get(lang), p.topic if lang == "en" and p.topic != p.title.get(lang) else "",
                              *(label.get(lang) for label in topics))
            body = _joined(p.summary.get(lang), p.authentic.get(lang),
                           *(x for r in p.requests for x in (r.text.get(lang), r.authentic.get(lang))))
            yield Doc("point", p.id, "point", lang, heading, body)
    for rid, m in mappings.items():
        for lang in dict.fromkeys([*m.reason, *m.recommendation]):
            yield Doc("decision", rid, "reason", lang, "", _joined(m.reason.get(lang), m.recommendation.get(lang)))
