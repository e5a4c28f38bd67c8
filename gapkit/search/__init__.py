"""Search: what the web app's search box and ``gapkit search`` ask.

:func:`resolve` answers a query that is a citation ("ст. 193 ТК", "Article 12(1)(a) of C081", ``KZ-LC:193``) with
the id of the clause it names. :func:`search` finds words: in the Convention requirements (our wording and their
headings), the national provisions (their official text where it is loaded, and our summaries), the CEACR comment
points and the reviewers' reasons and recommendations, in that order of groups.

Words are matched by lemma, in Russian and in English ("инспекторов" finds "инспектор", "inspectors" finds
"inspector"; "инспекция" is another word), whatever their case; stop words are left out, and every other word of the
query must be in what is found (in one language, in its heading or its text). Hits are ranked by a BM25 score (how
often the words occur in a text, how rare they are, how long the text is), higher where the words are in a heading
and for the clauses the query cites ("ст. 193 ТК инспектор": the пункты of Article 193 first); a hit in the page's
language comes before one in the other.

The index is built once per workspace (:mod:`gapkit.search.index`), in ``ws.cache["search.index"]``.
"""

from __future__ import annotations

import math
import re

from gapkit import citations, nlp
from gapkit.citations import Citation, CitationError, Found
from gapkit.comments import load_comments
from gapkit.model import LANGUAGES
from gapkit.search import index as _index
from gapkit.search.index import CACHE_KEY, WORD_RE, Doc, Index, word_lemmas, words_of
from gapkit.search.model import GROUPS, SOURCES, SearchError, SearchHit, SearchResults
from gapkit.workspace import Workspace

__all__ = [
    "CACHE_KEY", "GROUPS", "SOURCES", "SearchError", "SearchHit", "SearchResults", "get_index", "resolve", "search",
    "snippet",
]

SNIPPET = 240  # characters of a snippet at most
_BEFORE = 60  # characters a snippet shows before the first match, when the text is longer than a snippet
HEADING = 1.5  # what a word in the heading adds, as much as one and a half well-placed occurrences in the text
CITED = 2.0  # the score of a clause the query cites (or of a clause under it) is multiplied by this
_K1, _B = 1.2, 0.75  # BM25: how fast repeated occurrences stop counting, how much a long text is discounted
_SOURCE_ORDER = {s: n for n, s in enumerate(SOURCES)}  # the official text before our summary, when both match
_KIND_GROUP = {kind: group for group, kind in GROUPS.items()}


def get_index(ws: Workspace) -> Index:
    """The workspace's search index (built on first use, kept in ``ws.cache["search.index"]``)."""
    return _index.get(ws)


# ---- citations ---------------------------------------------------------------------------------------------------


_ANY_WORD = re.compile(r"[^\W_]")  # a letter or a digit


def _canonical(query: str) -> str | None:
    """A canonical id as typed, the instrument in any case ("kz-lc:193")."""
    inst, sep, rest = query.partition(":")
    for candidate in (query, inst.upper() + sep + rest):
        if sep and Citation.is_valid(candidate):
            return str(Citation.parse(candidate))
    return None


def _found(ws: Workspace, query: str) -> list[Found]:
    try:
        return citations.find(query, ws.names)
    except CitationError:
        return []


def _blank(query: str, found: list[Found]) -> str:
    """The query with the words of the citations found in it replaced by spaces."""
    chars = list(query)
    for f in found:
        chars[f.start:f.end] = " " * (f.end - f.start)
    return "".join(chars)


def resolve(ws: Workspace, query: str) -> str | None:
    """The canonical id of the clause ``query`` names, when the whole query is one citation of a clause the workspace
    holds, in any form: ``KZ-LC:193``, «ст. 193 ТК», «пункт 5 статьи 191 Трудового кодекса», "Article 12(1)(a) of
    C081", "C081 Art. 12"; else None (a sentence that mentions a citation, two citations, a whole act, a clause the
    workspace does not hold)."""
    q = " ".join(query.split())
    return _target(ws, q, None) if q else None


def _target(ws: Workspace, q: str, found: list[Found] | None) -> str | None:
    """:func:`resolve` of a query with its whitespace folded, given the citations found in it (None: not looked for
    yet)."""
    cid = _canonical(q)
    if cid is None:
        found = _found(ws, q) if found is None else found
        ids = {str(f.citation) for f in found}
        if len(ids) != 1 or _ANY_WORD.search(_blank(q, found)):  # more than the citation: a sentence
            return None
        cid = ids.pop()
    return cid if ws.clause(cid) is not None else None


def _is_cited(cid: str, cited: list[Citation]) -> bool:
    if not cited:
        return False
    try:
        c = Citation.parse(cid)
    except CitationError:
        return False
    return any(x == c or x.is_ancestor_of(c) for x in cited)


# ---- snippets ----------------------------------------------------------------------------------------------------


def snippet(text: str, lang: str, terms: set[str] | frozenset[str]) -> tuple[str, list[tuple[int, int]]]:
    """At most 240 characters of ``text`` (whitespace runs read as one space) around the first word whose lemma is
    in ``terms``, and the (start, end) of every such word in it; the beginning of the text when none is.

    >>> s, spans = snippet("Государственные инспекторы труда вправе посещать организации.", "ru", {"инспектор"})
    >>> [s[a:b] for a, b in spans]
    ['инспекторы']
    """
    flat = " ".join(text.split())
    found = [(m.span(), m.group().lower()) for m in WORD_RE.finditer(flat)]
    table = word_lemmas([w for _, w in found], lang)
    spans = [span for span, w in found if terms.intersection(table[w])]
    if len(flat) <= SNIPPET:
        return flat, spans
    first = spans[0] if spans else (0, 0)
    start = max(0, min(first[0] - _BEFORE, len(flat) - (SNIPPET - 1)))  # the rest fits: show more before it
    if start:
        space = flat.find(" ", start, first[0])
        start = space + 1 if space != -1 else start  # from the start of a word
    lead = "…" if start else ""
    end, tail = len(flat), ""
    if end - start > SNIPPET - len(lead):
        end, tail = start + SNIPPET - len(lead) - 1, "…"
        space = flat.rfind(" ", first[1], end + 1)
        end = space if space != -1 else end  # at the end of a word, never before the first match
    shown = flat[start:end].rstrip()
    shift = len(lead) - start
    return lead + shown + tail, [(a + shift, b + shift) for a, b in spans if a >= start and b <= start + len(shown)]


# ---- searching ---------------------------------------------------------------------------------------------------


_CYRILLIC_LANGS = frozenset({"ru", "kk"})


def _terms(text: str, langs: list[str]) -> dict[str, tuple[str, ...]]:
    """The content lemmas of a query in each language searched: those written in the query's alphabet (Cyrillic: ru
    and kk; Latin: en), every language when it mixes them; only the languages where the query has any."""
    words = words_of(text)
    scripts = {nlp.word_language(w) for w in words}
    if words and scripts <= _CYRILLIC_LANGS:
        langs = [x for x in langs if x in _CYRILLIC_LANGS]
    elif words and scripts == {"en"}:
        langs = [x for x in langs if x not in _CYRILLIC_LANGS]
    out = {}
    for lang in langs:
        table = word_lemmas(words, lang)
        terms = tuple(dict.fromkeys(lemma for w in words for lemma in table[w]))
        if terms:
            out[lang] = terms
    return out


def _score(index: Index, lang: str, doc: int, terms: tuple[str, ...]) -> float:
    postings, n = index.postings[lang], index.n_docs[lang]
    d = index.docs[doc]
    norm = _K1 * (1 - _B + _B * d.length / index.avg_length[lang])
    score = 0.0
    for t in terms:
        hits = postings[t]
        idf = math.log(1 + (n - len(hits) + 0.5) / (len(hits) + 0.5))
        tf, in_heading = hits[doc]
        score += idf * ((tf * (_K1 + 1) / (tf + norm) if tf else 0.0) + (HEADING if in_heading else 0.0))
    return score


def _title(ws: Workspace, d: Doc, lang: str) -> str:
    """A hit's title: the clause's heading or its nearest ancestor's, a point's title; in ``lang`` if it has one."""
    if d.kind == "point":
        p = load_comments(ws).points.get(d.id)
        if p is None:
            return ""
        return p.title_in(lang) or p.topic or next(iter(p.title.values()), "")
    clause = ws.clause(d.id)
    inst = ws.instruments.get(clause.instrument) if clause else None
    while clause is not None and inst is not None:
        if clause.heading:
            return clause.heading.get(lang) or clause.heading.get("ru") or next(iter(clause.heading.values()))
        clause = inst.clauses.get(clause.parent) if clause.parent else None
    return ""


def _hit(ws: Workspace, d: Doc, terms: set[str], score: float) -> SearchHit:
    text, spans = snippet(d.body, d.lang, terms) if d.body else ("", [])
    if not spans and d.heading and (terms or not text):
        text, spans = snippet(d.heading, d.lang, terms)
    return SearchHit(d.kind, d.id, _title(ws, d, d.lang), text, spans, d.lang, round(score, 3), d.source)


def search(ws: Workspace, query: str, lang: str, limit: int = 20) -> SearchResults:
    """Hits of ``query`` by group (:data:`GROUPS`), at most ``limit`` a group; ``lang`` is the page's language.

    Raises :class:`SearchError` for an empty query. A query with nothing to find (only stop words, words nowhere in
    the workspace) gives empty groups. A query that is only a citation finds the clause it cites (and the decision on
    it): ``target`` is then that clause's id.
    """
    q = " ".join(query.split())
    if not q:
        raise SearchError("the query is empty: type a word, or a citation such as «ст. 193 ТК» or "
                          "\"Article 12(1)(a) of C081\"")
    if lang not in LANGUAGES:
        raise SearchError(f"unknown language {lang!r} (expected {', '.join(LANGUAGES)})")
    index = get_index(ws)
    langs = [lang, *(x for x in index.n_docs if x != lang)]
    found = _found(ws, q)
    of_clauses = [f for f in found if f.citation.head is not None]
    terms = _terms(_blank(q, found), langs)
    if not terms and len(of_clauses) < len(found):
        terms = _terms(_blank(q, of_clauses), langs)  # an act named alone ("Трудовой кодекс"): its words are searched
    cited = list(dict.fromkeys(f.citation for f in found))
    matched: dict[tuple[str, str], list[tuple[int, float]]] = {}  # (kind, id) -> its docs that match, with scores
    for lg, words in terms.items():
        postings = index.postings.get(lg, {})
        lists = sorted((postings[t] for t in words if t in postings), key=len)
        if len(lists) < len(words):
            continue  # a word found nowhere in this language
        for n in set(lists[0]).intersection(*lists[1:]):
            d = index.docs[n]
            score = _score(index, lg, n, words)
            if d.kind in ("requirement", "provision") and _is_cited(d.id, cited):
                score *= CITED
            matched.setdefault((d.kind, d.id), []).append((n, score))
    if not terms:
        _cited_only(ws, index, of_clauses, matched)
    ranked: dict[str, list[tuple[bool, float, int, int]]] = {g: [] for g in GROUPS}
    for (kind, _id), docs in matched.items():
        n, score = _pick(index, docs, lang)
        ranked[_KIND_GROUP[kind]].append((index.docs[n].lang != lang, -score, index.docs[n].order, n))
    groups: dict[str, list[SearchHit]] = {}
    counts: dict[str, int] = {}
    for group, entries in ranked.items():
        entries.sort()
        counts[group] = len(entries)
        groups[group] = [_hit(ws, index.docs[n], set(terms.get(index.docs[n].lang, ())), -neg)
                         for _other, neg, _order, n in entries[:max(0, limit)]]
    return SearchResults(q, _target(ws, q, found), groups, sum(counts.values()), counts, terms,
                         tuple(str(c) for c in cited))


def _pick(index: Index, docs: list[tuple[int, float]], lang: str) -> tuple[int, float]:
    """The doc a hit shows and the hit's score: in the page's language when it matched there (else in the language
    it matched best in), the best score in that language, shown from the provision's official text when that
    matched (else our summary)."""
    if not any(index.docs[n].lang == lang for n, _ in docs):
        lang = index.docs[max(docs, key=lambda e: e[1])[0]].lang
    docs = [e for e in docs if index.docs[e[0]].lang == lang]
    shown = min(docs, key=lambda e: (_SOURCE_ORDER[index.docs[e[0]].source], -e[1]))
    return shown[0], max(score for _, score in docs)


def _cited_only(ws: Workspace, index: Index, found: list[Found], matched: dict[tuple[str, str],
                list[tuple[int, float]]]) -> None:
    """The clauses a query of citations alone cites (the nearest one the workspace holds), and the decisions on the
    requirements among them."""
    for f in found:
        c: Citation | None = f.citation
        while c is not None and c.head is not None and ws.clause(str(c)) is None:
            c = c.parent()
        if c is None or c.head is None:
            continue
        for kind in ("requirement", "provision", "decision"):
            for n in index.by_item.get((kind, str(c)), []):
                matched.setdefault((kind, str(c)), []).append((n, 1.0))
