"""The first stage of matching: what each clause says, as weighted lemmas and concepts, and a sparse
index that finds the top candidate provisions of each requirement without scoring every pair.

A clause is read with its context: the headings and lead-in sentences of the paragraph and article
it sits in ("Государственные инспекторы труда имеют право:" before "беспрепятственно посещать
работодателей"), at half the weight of its own words. Lemmas are kept per language, so Russian
requirement text meets Russian provision text and English meets English; concepts are the same in
every language and bridge the two.

Scores are products of sparse matrices taken a block of requirements at a time, so memory stays
bounded by the block, never by requirements x provisions.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from gapkit import nlp
from gapkit.citations import Citation
from gapkit.model import Clause, Instrument
from gapkit.numbers import measures
from gapkit.texts import is_repealed
from gapkit.workspace import Workspace

LANGS: tuple[str, ...] = ("ru", "en", "kk")
#: How much the words of the enclosing paragraph and article count, against 1 for the clause's own, by role.
CONTEXT_WEIGHT: dict[str, float] = {"requirement": 0.5, "provision": 0.5}
#: How much a concept found in the enclosing paragraph and article counts, by role.
CONTEXT_CONCEPT_WEIGHT: dict[str, float] = {"requirement": 0.25, "provision": 0.5}
#: Weight of a concept found in the text, by role (a concept a catalogue or summary states weighs 1).
TAGGED_WEIGHT: dict[str, float] = {"requirement": 0.5, "provision": 1.0}
#: A requirement's catalogue lists its concepts most central first ("labour inspection system" before the
#: scope "industrial workplaces"): the first weighs 1, each next one this much of the one before ...
STATED_DECAY = 0.5
#: ... but never less than this, so that a requirement's last concepts still count.
STATED_FLOOR = 0.25
#: A requirement is also read in the Russian terms of its concepts, each concept's words at this much
#: of the concept's weight (shared out over its terms): the thesaurus's Russian terms are the Kazakh
#: acts' own wording of a concept ("беспрепятственно посещать", "предписание об устранении"), the
#: bridge from the Convention's words to the law's. Its English terms repeat the Conventions' wording,
#: which a requirement holds already, and its Kazakh ones are few: neither is added.
EXPANSION_WEIGHT = 2.0
EXPANSION_LANGS: tuple[str, ...] = ("ru",)
BLOCK = 128  # requirements scored at a time: bounds memory at BLOCK x provisions non-zeros per matrix

Progress = Callable[[int], None]


@dataclass
class Item:
    """A requirement or a provision as the matcher sees it."""

    id: str
    article: str  # the article the clause belongs to (itself when it is one)
    ancestors: tuple[str, ...]  # the clauses it sits in, nearest first (granularity rule)
    lemmas: dict[str, dict[str, float]] = field(default_factory=dict)  # lang -> lemma -> weight
    concepts: dict[str, float] = field(default_factory=dict)  # concept id -> weight
    strings: dict[str, str] = field(default_factory=dict)  # lang -> own lemmas, for rapidfuzz
    expansion: dict[str, dict[str, float]] = field(default_factory=dict)  # lang -> words of its concepts' terms
    # what the clause is filed under: for a requirement, the concepts its Part's heading names (C102 Part III:
    # sickness benefit); for a provision, those its article's and its divisions' headings name
    branch: frozenset[str] = frozenset()
    # the kinds of quantity its own text fixes (an age, a period, a percentage: ``numbers.measures``)
    measures: frozenset[str] = frozenset()

    def query_lemmas(self, lang: str) -> dict[str, float]:
        """Its own words with the words of its concepts' terms: what the lexical score reads."""
        own, extra = self.lemmas.get(lang, _EMPTY), self.expansion.get(lang)
        if not extra:
            return own
        merged = dict(own)
        for lemma, w in extra.items():
            merged[lemma] = merged.get(lemma, 0.0) + w
        return merged


# ---- reading clauses ---------------------------------------------------------------------


def _own_texts(clause: Clause, role: str, lang: str) -> list[str]:
    """The clause's own words in ``lang``: a provision's authentic text wins over our summary of it;
    a requirement is read in our words and in the authentic text where imported."""
    out = [clause.heading.get(lang, "")]
    if role == "provision":
        out.append(clause.authentic.get(lang) or clause.text.get(lang, ""))
    else:
        out += [clause.text.get(lang, ""), clause.authentic.get(lang, "")]
    return [t for t in out if t]


def _ancestors(inst: Instrument, clause: Clause) -> list[Clause]:
    """Enclosing clauses up to the article (Parts and chapters are too broad to be context)."""
    out: list[Clause] = []
    cur = clause
    while Citation.parse(cur.id).subs and cur.parent and cur.parent in inst.clauses:
        cur = inst.clauses[cur.parent]
        out.append(cur)
    return out


def article_of(clause_id: str) -> str:
    c = Citation.parse(clause_id)
    return str(Citation(c.instrument, c.head)) if c.head is not None else clause_id


def _lead_in(parent: Clause, role: str, lang: str) -> str:
    """The parent's sentence an enumerated item completes ("… имеют право:"), if it ends in a colon."""
    texts = _own_texts(parent, role, lang)
    text = texts[-1] if texts else ""
    return text if text.rstrip().endswith(":") else ""


@dataclass(frozen=True)
class _Reading:
    """What one clause says in one language (shared by every clause whose texts are the same)."""

    weights: dict[str, float]  # lemma -> weight (treat as read-only: it is shared)
    string: str  # own lemmas, for rapidfuzz
    concepts: tuple[tuple[str, float], ...]  # concepts found, with their weight


# Readings per text version: a clause is read once however many clauses repeat its words.
_READINGS: dict[tuple, _Reading] = {}
_CONCEPT_SETS: dict[tuple, dict[str, float]] = {}


def _read(role: str, lang: str, own: tuple[str, ...], lead: str, context: tuple[str, ...],
          tagger: nlp.Tagger) -> _Reading:
    key = (role, lang, own, lead, context, tagger.serial, CONTEXT_WEIGHT[role], CONTEXT_CONCEPT_WEIGHT[role],
           TAGGED_WEIGHT[role])
    hit = _READINGS.get(key) if nlp.TEXT_CACHE else None
    if hit is not None:
        return hit
    weights: dict[str, float] = {}
    concepts: dict[str, float] = {}
    own_lemmas: list[str] = []
    ctx = CONTEXT_WEIGHT[role]
    for text in own:
        words = nlp.content_lemmas(text, lang)
        own_lemmas.extend(words)
        for lemma in words:
            weights[lemma] = weights.get(lemma, 0.0) + 1.0
        for concept in tagger.tag(text, lang, lead):
            concepts[concept] = max(concepts.get(concept, 0.0), TAGGED_WEIGHT[role])
    for text in context:
        for lemma in nlp.content_lemmas(text, lang):
            weights[lemma] = weights.get(lemma, 0.0) + ctx
        for concept in tagger.tag(text, lang):
            concepts[concept] = max(concepts.get(concept, 0.0), CONTEXT_CONCEPT_WEIGHT[role] * TAGGED_WEIGHT[role])
    reading = _Reading(weights, " ".join(dict.fromkeys(own_lemmas)), tuple(concepts.items()))
    if nlp.TEXT_CACHE:
        _READINGS[key] = reading
    return reading


def clear_caches() -> None:
    _READINGS.clear()
    _CONCEPT_SETS.clear()


#: A requirement's Part says what it is about (C102 Part III: sickness benefit): a concept its catalogue states that
#: the Part's heading names too weighs as the requirement's subject, whatever its place in the list.
PART_SUBJECT = True
#: ... and a concept the Part's heading names that the catalogue does not state counts this much (a C102
#: requirement on "persons protected" in Part III is about the persons protected for sickness benefit).
PART_CONTEXT_WEIGHT = 0.25


def _part(inst: Instrument, clause: Clause) -> Clause | None:
    """The Part a requirement sits in (its article names it as parent), if the Convention has Parts."""
    cur: Clause | None = clause
    while cur is not None:
        head = Citation.parse(cur.id).head or ""
        if head.startswith("part-") and cur is not clause:
            return cur
        cur = inst.clauses.get(cur.parent) if cur.parent else None
    return None


def _heading_concepts(clause: Clause, tagger: nlp.Tagger) -> set[str]:
    return {c for lang, heading in clause.heading.items() if lang in LANGS and heading
            for c in tagger.tag(heading, lang)}


#: Which Part concepts the requirement is read with when it does not state them: only those no other Part's
#: heading names (True), or all of them (False).
PART_DISTINCT = True


def _part_concepts(inst: Instrument, clause: Clause, tagger: nlp.Tagger, distinct: bool = False) -> set[str]:
    """The concepts the heading of the requirement's Part names; ``distinct``: only what the Part is about as
    against the Convention's other Parts, those no other Part's heading names (C081 Part I "Labour inspection in
    industry": industry, not labour inspection, which Part II names too)."""
    part = _part(inst, clause)
    if part is None:
        return set()
    if not distinct:
        return _heading_concepts(part, tagger)
    others = [c for c in inst.clauses.values()
              if c.id != part.id and (Citation.parse(c.id).head or "").startswith("part-")]
    return _heading_concepts(part, tagger).difference(*(_heading_concepts(p, tagger) for p in others))


def _filed_under(inst: Instrument, clause: Clause, tagger: nlp.Tagger) -> frozenset[str]:
    """The concepts the headings a provision is filed under name: its article's, its параграф's, its chapter's."""
    out: set[str] = set()
    cur: Clause | None = inst.clauses.get(article_of(clause.id))
    depth = 0
    while cur is not None and depth < 3:
        for lang, heading in cur.heading.items():
            if lang in LANGS and heading:
                out.update(tagger.tag(heading, lang))
        cur = inst.clauses.get(cur.parent) if cur.parent else None
        depth += 1
    return frozenset(out)


def make_item(inst: Instrument, clause: Clause, role: str, tagger: nlp.Tagger,
              scope: Callable[[str], bool] | None = None, parameters: dict[str, str] | None = None) -> Item:
    """``scope``: which concepts found in the text to keep (those stated by the file are always kept);
    ``parameters``: params key -> the concept it fixes (see ``parameter_concepts``)."""
    ancestors = _ancestors(inst, clause)
    item = Item(clause.id, article_of(clause.id), tuple(a.id for a in ancestors))
    branch = _part_concepts(inst, clause, tagger) if role == "requirement" else set()
    fixed = {parameters[k] for k in clause.params if k in parameters} if role == "requirement" and parameters else set()
    item.branch = frozenset(branch) if role == "requirement" else _filed_under(inst, clause, tagger)
    for i, concept in enumerate(clause.concepts):
        subject = (PART_SUBJECT and concept in branch) or concept in fixed
        item.concepts[concept] = (1.0 if subject else stated_weight(i)) if role == "requirement" else 1.0
    for concept in sorted(fixed - item.concepts.keys()):
        item.concepts[concept] = 1.0  # the parameter a requirement fixes is what it is about, stated or not
    for concept in sorted(_part_concepts(inst, clause, tagger, PART_DISTINCT) if branch else ()):
        if concept not in item.concepts and (scope is None or scope(concept)) and PART_CONTEXT_WEIGHT:
            item.concepts[concept] = PART_CONTEXT_WEIGHT
    for lang in LANGS:
        own = tuple(_own_texts(clause, role, lang))
        item.measures = item.measures.union(*(measures(t, lang) for t in own))
        context = tuple(t for a in ancestors for t in _own_texts(a, role, lang))
        if not own and not context:
            continue
        lead = _lead_in(ancestors[0], role, lang) if ancestors else ""
        reading = _read(role, lang, own, lead, context, tagger)
        for concept, w in reading.concepts:
            # a concept the file states keeps the weight it states; the text adds the others
            if concept not in clause.concepts and (scope is None or scope(concept)):
                item.concepts[concept] = max(item.concepts.get(concept, 0.0), w)
        if reading.weights:
            item.lemmas[lang] = reading.weights
        if reading.string:
            item.strings[lang] = reading.string
    # clauses that say the same share one concepts dict, so the index converts it once (read-only)
    item.concepts = _CONCEPT_SETS.setdefault(tuple(item.concepts.items()), item.concepts)
    return item


def stated_weight(position: int) -> float:
    """Weight of the concept a requirement's catalogue lists at ``position`` (0: the first, its subject).

    >>> [stated_weight(i) for i in range(4)]
    [1.0, 0.5, 0.25, 0.25]
    """
    return max(STATED_FLOOR, STATED_DECAY**position)


def is_candidate(clause: Clause) -> bool:
    """A provision the matcher may suggest: one that holds text of its own, at article level or
    below (an article whose content sits in its paragraphs is suggested through them)."""
    if clause.kind in ("container", "excluded", "preamble"):
        return False
    if not Citation.parse(clause.id).is_article:
        return False
    return bool(clause.authentic or clause.text)


def provision_items(ws: Workspace, codes: Iterable[str], tagger: nlp.Tagger, also: Iterable[str] = (),
                    progress: Progress | None = None) -> list[Item]:
    """The candidate provisions of the acts ``codes``, and the clauses ``also`` names (an article a
    comment cites is shown as cited even though its text sits in its paragraphs). A unit that is no longer law
    (:func:`gapkit.texts.is_repealed`: «Статья 197. Исключена …») is neither, even where a comment cites it."""
    also = set(also)
    out = []
    for code in codes:
        inst = ws.instruments[code]
        for clause in inst.clauses.values():
            if (is_candidate(clause) or clause.id in also) and not is_repealed(clause, inst):
                out.append(make_item(inst, clause, "provision", tagger))
            if progress:
                progress(1)
    return out


def requirement_items(ws: Workspace, code: str, tagger: nlp.Tagger, progress: Progress | None = None) -> list[Item]:
    """The substantive clauses of a Convention. Of the concepts found in their text, only those the
    thesaurus gives to this Convention are kept: general ones ("worker", "information") and those of
    other Conventions ("инспекция труда" as a C190 concept) would make every provision look alike."""
    inst = ws.instruments[code]
    own = {cid for cid, c in ws.concepts.items() if code in c.conventions}
    parameters = parameter_concepts(ws)
    out = []
    for clause in inst.clauses.values():
        if clause.is_substantive:
            item = make_item(inst, clause, "requirement", tagger, own.__contains__, parameters)
            for lang in EXPANSION_LANGS:
                item.expansion[lang] = expansion(item.concepts, concept_words(ws, lang))
            out.append(item)
        if progress:
            progress(1)
    return out


def parameter_concepts(ws: Workspace) -> dict[str, str]:
    """params key -> the concept the thesaurus makes its subject (``parameters`` of a concept)."""
    return {key: cid for cid, c in sorted(ws.concepts.items()) for key in c.parameters}


def concept_words(ws: Workspace, lang: str) -> dict[str, tuple[tuple[str, ...], int]]:
    """Per concept: the content lemmas of its terms in ``lang``, and how many terms it has (once per workspace)."""
    key = f"match.concept_words.{lang}"
    if key not in ws.cache:
        ws.cache[key] = {
            cid: (tuple(dict.fromkeys(w for t in c.terms.get(lang, []) for w in nlp.content_lemmas(t, lang))),
                  len(c.terms.get(lang, [])))
            for cid, c in ws.concepts.items()}
    return ws.cache[key]


def expansion(concepts: dict[str, float], words: dict[str, tuple[tuple[str, ...], int]]) -> dict[str, float]:
    """The words of the concepts' terms, weighted (see EXPANSION_WEIGHT).

    >>> expansion({"a": 1.0, "b": 0.5}, {"a": (("предписание", "устранение"), 4), "b": (("устранение",), 1)})
    {'предписание': 1.0, 'устранение': 2.0}
    """
    out: dict[str, float] = {}
    for concept, w in concepts.items():
        lemmas, n_terms = words.get(concept, ((), 0))
        for lemma in lemmas:
            out[lemma] = out.get(lemma, 0.0) + EXPANSION_WEIGHT * w / math.sqrt(n_terms)
    return out


# ---- the sparse index --------------------------------------------------------------------


def _idf(df: np.ndarray, n: int) -> np.ndarray:
    # Smoothed: a feature in every provision weighs ~0, one in a single provision weighs ln(n).
    return np.log((1.0 + n) / (1.0 + df))


def _tf(w: float) -> float:
    return 1.0 + math.log(w) if w > 1.0 else w  # sublinear: the tenth "контроль" adds little


def _normalise_rows(m: sparse.csr_matrix) -> sparse.csr_matrix:
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms) @ m


@dataclass
class Channel:
    """One lemma language, or the concepts: a vocabulary and the provisions' matrix (features x provisions)."""

    vocab: dict[str, int]
    idf: np.ndarray
    by_feature: sparse.csr_matrix
    df: np.ndarray = field(default_factory=lambda: np.zeros(0))  # provisions holding each feature
    holders: int = 0  # provisions holding any feature of the channel (for a language: those with text in it)


@dataclass
class Index:
    """The provisions, ready to be scored against any requirements."""

    items: list[Item]
    lexical: dict[str, Channel]
    concepts: Channel
    children: dict[str, list[str]] = field(default_factory=dict)  # clause id -> indexed items directly in it

    @classmethod
    def build(cls, items: list[Item]) -> Index:
        lexical = {}
        for lang in LANGS:
            ch = _channel([it.lemmas.get(lang, _EMPTY) for it in items], normalise=True, tf=True)
            if ch is not None:
                lexical[lang] = ch
        concepts = _channel([it.concepts for it in items], normalise=False, weigh=False)
        assert concepts is not None
        children: dict[str, list[str]] = {}
        for it in items:
            if it.ancestors:
                children.setdefault(it.ancestors[0], []).append(it.id)
        return cls(items, lexical, concepts, children)

    def concept_idf(self, concept: str) -> float:
        i = self.concepts.vocab.get(concept)
        return float(self.concepts.idf[i]) if i is not None else float(np.log(1.0 + len(self.items)))

    def lemma_idf(self, lang: str, lemma: str) -> float:
        ch = self.lexical.get(lang)
        i = ch.vocab.get(lemma) if ch else None
        return float(ch.idf[i]) if ch is not None and i is not None else 0.0

    # -- requirements against the index ------------------------------------------------
    def _lexical_rows(self, reqs: Sequence[Item], lang: str) -> sparse.csr_matrix:
        ch = self.lexical[lang]
        rows, cols, vals = [], [], []
        for r, it in enumerate(reqs):
            for lemma, w in it.query_lemmas(lang).items():
                j = ch.vocab.get(lemma)
                if j is not None:
                    rows.append(r)
                    cols.append(j)
                    vals.append(_tf(w) * ch.idf[j])
        m = sparse.csr_matrix((vals, (rows, cols)), shape=(len(reqs), len(ch.vocab)))
        return _normalise_rows(m)

    def _concept_rows(self, reqs: Sequence[Item]) -> sparse.csr_matrix:
        """Each requirement's concepts weighted by rarity and summing to 1, so that the product with
        a provision is the share of the requirement's concept weight the provision covers."""
        ch = self.concepts
        rows, cols, vals = [], [], []
        for r, it in enumerate(reqs):
            total = sum(w * self.concept_idf(c) for c, w in it.concepts.items()) or 1.0
            for c, w in it.concepts.items():
                j = ch.vocab.get(c)
                if j is not None:
                    rows.append(r)
                    cols.append(j)
                    vals.append(w * ch.idf[j] / total)
        return sparse.csr_matrix((vals, (rows, cols)), shape=(len(reqs), len(ch.vocab)))

    def scores(self, reqs: Sequence[Item]) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
        """(lexical, concept) scores of a block of requirements against every provision, sparse.

        The lexical score is the cosine of TF-IDF lemma vectors, the best over the languages both
        sides hold; the concept score is the rarity-weighted share of the requirement's concepts
        the provision mentions.
        """
        n = len(self.items)
        lex = sparse.csr_matrix((len(reqs), n))
        for lang, ch in self.lexical.items():
            if any(lang in it.lemmas or lang in it.expansion for it in reqs):
                lex = lex.maximum(self._lexical_rows(reqs, lang) @ ch.by_feature)
        con = self._concept_rows(reqs) @ self.concepts.by_feature
        return lex.tocsr(), con.tocsr()


_EMPTY: dict[str, float] = {}


def _channel(weights: list[dict[str, float]], normalise: bool, weigh: bool = True, tf: bool = False) -> Channel | None:
    """The matrix of one channel. Rows that share one weights dict (clauses with the same texts share
    their reading) are converted once."""
    vocab: dict[str, int] = {}
    seen: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    cols_parts, vals_parts, counts = [], [], np.zeros(len(weights), dtype=np.int64)
    for r, w in enumerate(weights):
        done = seen.get(id(w))
        if done is None:
            cols = np.fromiter((vocab.setdefault(f, len(vocab)) for f in w), dtype=np.int64, count=len(w))
            vals = np.fromiter(((_tf(v) if tf else v) for v in w.values()), dtype=np.float64, count=len(w))
            done = seen[id(w)] = (cols, vals)
        cols_parts.append(done[0])
        vals_parts.append(done[1])
        counts[r] = len(done[0])
    if not vocab:
        return None if normalise else Channel({}, np.zeros(0), sparse.csr_matrix((0, len(weights))))
    cols = np.concatenate(cols_parts)
    indptr = np.concatenate(([0], np.cumsum(counts)))
    m = sparse.csr_matrix((np.concatenate(vals_parts), cols, indptr), shape=(len(weights), len(vocab)))
    df = np.bincount(cols, minlength=len(vocab)).astype(float)
    idf = _idf(df, len(weights))
    if weigh:
        m = m @ sparse.diags(idf)
    if normalise:
        m = _normalise_rows(m)
    return Channel(vocab, idf, m.T.tocsr(), df, int(np.count_nonzero(counts)))


def top_candidates(row_idx: np.ndarray, row_val: np.ndarray, k: int) -> np.ndarray:
    """Positions of the ``k`` best values, best first; ties broken by provision order, so the
    same input always gives the same candidates."""
    if len(row_val) > k:
        threshold = np.partition(row_val, len(row_val) - k)[len(row_val) - k]
        keep = row_val >= threshold
        row_idx, row_val = row_idx[keep], row_val[keep]
    order = np.lexsort((row_idx, -row_val))[:k]
    return row_idx[order]
