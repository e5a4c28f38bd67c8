"""Ranking: for each Convention requirement, the national provisions that deal with it, and why.

Two stages, because scoring every pair does not scale (:mod:`gapkit.match.index` finds the top
candidates of each requirement through sparse products of lemma and concept vectors); the
candidates are then re-ranked here by a score that adds the rapidfuzz similarity of the lemma
strings to the lexical and concept scores.

Explicit citations come first: a provision a CEACR comment point cites for the requirement's
article, or that the requirement's own notes cite, is suggested before any other (its score is 1 +
its similarity), and ``cited_by`` names the source. A provision a reviewer rejected for a
requirement (or anything inside it) is never suggested for it again; a suggestion never changes a
reviewer's decision.

Granularity: suggestions are made at the level the text is (paragraph or subparagraph), and never
hold both a clause and one of its own ancestors for one requirement: the better is kept, and each
suggestion names the article it belongs to. Items of one short list found together are shown as the
paragraph that holds the list.

The weights below were set on the quality benchmark (benchmarks/quality.py), where changing any of them
by a step moves recall@5 by a point or two at most; benchmarks/quality_ceiling.py shows that no other
mix of these signals (or of more: word vectors, article and act context) does better on held-out gold.

A provision that is no longer law (:func:`gapkit.texts.is_repealed`: «Статья 197. Исключена …») is never
suggested, even where a comment cites it, and one stored before it was repealed no longer stands.

Each suggestion is explained by the concepts and the words it shares with its requirement; the words are kept per
language, without noise, for :func:`gapkit.match.explain.shared_words` to give a page only its own language's words;
:func:`gapkit.match.explain.strength` says how strong a match it is.

Suggestions are stored by ``gapkit suggest`` in ``mappings/suggestions/<CODE>.json``;
:func:`graph_edges` reads those files (ranking is seconds of work, too slow to redo on every graph
build) and gives the graph its ``suggests`` edges, marked ``stale`` when the texts changed since.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from gapkit import citations, nlp
from gapkit.citations import Citation, CitationError
from gapkit.comments import load_comments
from gapkit.match.explain import is_shown_word
from gapkit.match.index import (
    BLOCK,
    Index,
    Item,
    Progress,
    provision_items,
    requirement_items,
    top_candidates,
)
from gapkit.review import load_mappings
from gapkit.texts import is_repealed
from gapkit.workspace import Workspace
from gapkit.yamlio import write_atomic

#: How the final score is made: lexical cosine, concept coverage, rapidfuzz similarity (all in [0, 1]).
WEIGHTS: dict[str, float] = {"lexical": 0.4, "concepts": 0.4, "fuzzy": 0.2}
CANDIDATES = 100  # candidates per requirement taken from the sparse stage into the re-ranking
FUZZY = fuzz.token_set_ratio
EXPLAIN_LEMMAS = 8  # shared lemmas shown per suggestion (per language, and in the flat list)
#: A word found in more than this share of the provisions that hold text in its language (and in more than
#: EXPLAIN_ALWAYS of them) explains nothing («государственный», «право»): it is not shown.
EXPLAIN_MAX_SHARE = 0.25
EXPLAIN_ALWAYS = 10
LIST_MAX = 6  # a list of more items than this is a catalogue (rights, grounds): its items are shown one by one
SUGGESTIONS_DIR = Path("mappings") / "suggestions"
NOTES = "notes"  # cited_by value for a citation in the requirement's own notes


@dataclass
class Suggestion:
    provision: str
    score: float
    concepts: list[str] = field(default_factory=list)  # shared concepts, rarest first
    lemmas: list[str] = field(default_factory=list)  # shared lemmas of every language, most telling first
    cited_by: list[str] = field(default_factory=list)  # "notes", or the comment points that cite it
    article: str = ""  # the article the provision belongs to
    words: dict[str, list[str]] = field(default_factory=dict)  # lang -> its shared lemmas, most telling first

    def as_dict(self) -> dict[str, Any]:
        return {"provision": self.provision, "score": self.score, "concepts": self.concepts,
                "lemmas": self.lemmas, "cited_by": self.cited_by, "article": self.article, "words": self.words}


Cited = dict[str, dict[str, list[str]]]  # requirement -> provision -> sources


# ---- explicit citations and reviewer decisions -------------------------------------------


def _existing(ws: Workspace, cit: Citation) -> str | None:
    """The clause a citation names, or the nearest enclosing clause the workspace holds."""
    cur: Citation | None = cit
    while cur is not None and cur.head is not None:
        if ws.clause(str(cur)) is not None:
            return str(cur)
        cur = cur.parent()
    return None


def _related(a: str, b: str) -> bool:
    try:
        ca, cb = Citation.parse(a), Citation.parse(b)
    except CitationError:
        return False
    return ca == cb or ca.is_ancestor_of(cb) or cb.is_ancestor_of(ca)


def explicit_citations(ws: Workspace, requirements: Sequence[str], acts: Iterable[str]) -> Cited:
    """Provisions cited for each requirement: by the requirement's notes, or by a comment point on
    its article (or on the requirement itself, or on a part of it)."""
    acts = set(acts)
    out: Cited = {}

    def add(rid: str, pid: str, source: str) -> None:
        sources = out.setdefault(rid, {}).setdefault(pid, [])
        if source not in sources:
            sources.append(source)

    for rid in requirements:
        clause = ws.clause(rid)
        if clause is None or not clause.notes:
            continue
        for found in citations.find(clause.notes, ws.names, context=rid):
            if found.citation.instrument in acts and found.citation.head is not None:
                pid = _existing(ws, found.citation)
                if pid:
                    add(rid, pid, NOTES)
    for point in load_comments(ws).points.values():
        pids = []
        for p in point.provisions:
            cit = Citation.parse(p) if Citation.is_valid(p) else None
            if cit is not None and cit.instrument in acts and (pid := _existing(ws, cit)):
                pids.append(pid)
        if not pids:
            continue
        for rid in requirements:
            if any(_related(a, rid) for a in point.articles):
                for pid in pids:
                    add(rid, pid, point.id)
    return out


def rejected_provisions(ws: Workspace) -> dict[str, set[str]]:
    return {rid: {r.provision for r in m.rejected} for rid, m in load_mappings(ws).items() if m.rejected}


# ---- ranking ------------------------------------------------------------------------------


def _inside(item: Item, ids: set[str]) -> bool:
    return item.id in ids or any(a in ids for a in item.ancestors)


def within(pid: str, ids: set[str]) -> bool:
    """``pid`` is one of ``ids`` or sits inside one of them (a provision is rejected when it, or a clause
    it sits in, was rejected)."""
    return any(r == pid or (Citation.is_valid(r) and Citation.is_valid(pid)
                            and Citation.parse(r).is_ancestor_of(Citation.parse(pid))) for r in ids)


def _fuzzy(reqs: Sequence[Item], pairs: list[tuple[int, int]], provisions: Sequence[Item]) -> np.ndarray:
    """rapidfuzz similarity (0..1) of each (requirement, provision) pair: the best over the
    languages both sides hold, computed in bulk per language."""
    out = np.zeros(len(pairs))
    for lang in ("ru", "en", "kk"):
        sel = [i for i, (r, p) in enumerate(pairs) if lang in reqs[r].strings and lang in provisions[p].strings]
        if not sel:
            continue
        left = [reqs[pairs[i][0]].strings[lang] for i in sel]
        right = [provisions[pairs[i][1]].strings[lang] for i in sel]
        scores = process.cpdist(left, right, scorer=FUZZY, workers=-1) / 100.0
        out[sel] = np.maximum(out[sel], scores)
    return out


def _explain(index: Index, req: Item, provs: Sequence[Item]) -> tuple[list[str], list[str], dict[str, list[str]]]:
    """Shared concepts (rarest first) and shared lemmas (most telling first: all languages, and per language) of a
    requirement and a suggestion (a provision, or a list paragraph with the items that were found). The lemmas are
    those the lexical score read (the requirement's own words and the words of its concepts' terms) that tell a
    reader something: not in more than EXPLAIN_MAX_SHARE of the provisions of their language, not noise
    (:func:`gapkit.match.explain.is_shown_word`: numbers, stop words, boilerplate, another language's words)."""
    prov_concepts = {c for p in provs for c in p.concepts}
    concepts = sorted((c for c in req.concepts if c in prov_concepts), key=lambda c: (-index.concept_idf(c), c))
    scored: dict[tuple[str, str], float] = {}
    for lang in dict.fromkeys([*req.lemmas, *req.expansion]):
        ch = index.lexical.get(lang)
        if ch is None:
            continue
        limit = max(EXPLAIN_MAX_SHARE * ch.holders, EXPLAIN_ALWAYS)  # the share is of the provisions in ``lang``
        words = req.query_lemmas(lang)
        for p in provs:
            other = p.lemmas.get(lang, {})
            for lemma in words.keys() & other.keys():
                j = ch.vocab.get(lemma)
                if j is not None and ch.df[j] < limit and is_shown_word(lemma, lang):
                    s = float(ch.idf[j]) * min(words[lemma], other[lemma])
                    scored[lang, lemma] = max(scored.get((lang, lemma), 0.0), s)
    ranked = sorted(scored, key=lambda k: (-scored[k], k[1], k[0]))
    lemmas = list(dict.fromkeys(lemma for _, lemma in ranked))[:EXPLAIN_LEMMAS]
    by_lang: dict[str, list[str]] = {}
    for lang, lemma in ranked:
        if len(by_lang.setdefault(lang, [])) < EXPLAIN_LEMMAS:
            by_lang[lang].append(lemma)
    return concepts, lemmas, dict(sorted(by_lang.items()))


#: A provision filed under the branch its requirement's Part is about (C102 Part IV, unemployment benefit: the Social
#: Code's paragraph "Социальная выплата по случаю потери работы") weighs this much more; one filed under another
#: branch of the same Convention (the survivors' benefit articles) this much less.
BRANCH_MATCH = 0.2
BRANCH_MISMATCH = 0.0
#: A provision that fixes the kind of quantity its requirement fixes (a period: "at least 13 weeks" and «от одного
#: до шести месяцев»; an age; a percentage) weighs this much more.
MEASURE_MATCH = 0.15


def _signal_factor(reqs: Sequence[Item], pairs: list[tuple[int, int]], provisions: Sequence[Item],
                   branches: frozenset[str]) -> np.ndarray:
    """Per pair, the factor the branch and the measure signals put on its score."""
    out = np.ones(len(pairs))
    for i, (r, p) in enumerate(pairs):
        req, prov = reqs[r], provisions[p]
        if req.branch:
            theirs = prov.branch & branches
            if theirs & req.branch:
                out[i] += BRANCH_MATCH
            elif theirs:
                out[i] -= BRANCH_MISMATCH
        if req.measures & prov.measures:
            out[i] += MEASURE_MATCH
    return out


def rank(index: Index, reqs: Sequence[Item], top: int = 5, candidates: int = CANDIDATES,
         cited: Cited | None = None, rejected: dict[str, set[str]] | None = None,
         progress: Progress | None = None) -> dict[str, list[Suggestion]]:
    """The ``top`` suggestions of each requirement, best first (deterministic: ties go to the
    provision that comes first in its act)."""
    branches = frozenset(c for r in reqs for c in r.branch)  # the branches the Conventions' Parts name
    cited = cited or {}
    rejected = rejected or {}
    position = {it.id: i for i, it in enumerate(index.items)}
    n = len(index.items)
    out: dict[str, list[Suggestion]] = {}
    scratch_lex, scratch_con = np.zeros(n), np.zeros(n)
    for start in range(0, len(reqs), BLOCK):
        block = reqs[start:start + BLOCK]
        lex, con = index.scores(block)
        first = (WEIGHTS["lexical"] * lex + WEIGHTS["concepts"] * con).tocsr()
        pairs: list[tuple[int, int]] = []
        parts: list[tuple[int, int]] = []  # per requirement: slice of pairs
        lex_vals, con_vals = [], []
        for r, req in enumerate(block):
            s, e = first.indptr[r], first.indptr[r + 1]
            cands = top_candidates(first.indices[s:e], first.data[s:e], candidates).tolist()
            cands += [position[p] for p in cited.get(req.id, {}) if p in position and position[p] not in cands]
            no = rejected.get(req.id, set())
            if no:
                cands = [c for c in cands if not _inside(index.items[c], no)]
            ls, le = lex.indptr[r], lex.indptr[r + 1]
            cs, ce = con.indptr[r], con.indptr[r + 1]
            scratch_lex[lex.indices[ls:le]] = lex.data[ls:le]
            scratch_con[con.indices[cs:ce]] = con.data[cs:ce]
            lex_vals.extend(scratch_lex[cands])
            con_vals.extend(scratch_con[cands])
            scratch_lex[lex.indices[ls:le]] = 0.0
            scratch_con[con.indices[cs:ce]] = 0.0
            parts.append((len(pairs), len(pairs) + len(cands)))
            pairs.extend((r, c) for c in cands)
        fz = _fuzzy(block, pairs, index.items)
        final = (WEIGHTS["lexical"] * np.array(lex_vals) + WEIGHTS["concepts"] * np.array(con_vals)
                 + WEIGHTS["fuzzy"] * fz) * _signal_factor(block, pairs, index.items, branches)
        for r, req in enumerate(block):
            s, e = parts[r]
            out[req.id] = _choose(index, req, pairs[s:e], final[s:e], cited.get(req.id, {}), top, position,
                                  rejected.get(req.id, set()))
        if progress:
            progress(len(block))
    return out


def _choose(index: Index, req: Item, pairs: list[tuple[int, int]], scores: np.ndarray,
            cited: dict[str, list[str]], top: int, position: dict[str, int], rejected: set[str]) -> list[Suggestion]:
    """Order the candidates (cited first, then by score, then by document order) and apply the
    granularity rule: never a clause and one of its ancestors together. Two items of one list
    ("обязаны предъявить: 1) акт …; 2) служебное удостоверение …") are shown as the paragraph
    that holds the list, in the place of the better one."""
    rows = []
    for (_, c), score in zip(pairs, scores, strict=True):
        item = index.items[c]
        bonus = 1.0 if item.id in cited else 0.0
        rows.append((round(float(score) + bonus, 4), c, item))
    rows.sort(key=lambda t: (-t[0], t[1]))
    chosen: list[tuple[float, Item, list[Item]]] = []  # score, suggested clause, the items found in it
    for score, _, item in rows:
        if len(chosen) >= top:
            break
        taken = {it.id for _, it, _ in chosen}
        # the clause itself may be there already: as the paragraph shown for two of its list items
        if item.id in taken or any(a in taken for a in item.ancestors) or any(item.id in it.ancestors
                                                                              for _, it, _ in chosen):
            continue
        parent = item.ancestors[0] if item.ancestors else ""
        sibling = next((i for i, (_, it, _) in enumerate(chosen) if it.ancestors[:1] == (parent,)), None)
        if (sibling is not None and parent in position and "(" in parent and not within(parent, rejected)
                and len(index.children.get(parent, ())) <= LIST_MAX):
            best, first, _ = chosen[sibling]
            chosen[sibling] = (best, index.items[position[parent]], [first, item])
            continue
        chosen.append((score, item, [item]))
    out = []
    for score, item, found in chosen:
        concepts, lemmas, words = _explain(index, req, [item, *found])
        out.append(Suggestion(item.id, score, concepts, lemmas, list(cited.get(item.id, [])), item.article, words))
    return out


# ---- the workspace entry point -------------------------------------------------------------


def national_acts(ws: Workspace) -> list[str]:
    return [code for code, inst in ws.instruments.items() if inst.kind == "act" and inst.clauses]


@dataclass
class Prepared:
    """Everything ranking needs: the indexed provisions, the requirements, the explicit citations."""

    index: Index
    requirements: list[Item]
    cited: Cited


def prepare(ws: Workspace, instruments: Sequence[str], acts: Sequence[str] | None = None,
            progress: Progress | None = None) -> Prepared:
    """Read the requirements of ``instruments`` and the provisions of ``acts`` (default: every
    national act of the workspace) and index the provisions."""
    acts = list(acts) if acts else national_acts(ws)
    tagger = nlp.tagger(ws)
    reqs = [item for code in instruments for item in requirement_items(ws, code, tagger, progress)]
    cited = explicit_citations(ws, [r.id for r in reqs], acts)
    cited_ids = {pid for by in cited.values() for pid in by}
    provisions = provision_items(ws, acts, tagger, cited_ids, progress)
    return Prepared(Index.build(provisions), reqs, cited)


def suggest(ws: Workspace, instrument: str, acts: Sequence[str] | None = None, top: int = 5,
            progress: Progress | None = None) -> dict[str, list[Suggestion]]:
    """Suggestions for every substantive requirement of ``instrument`` among the provisions of
    ``acts`` (default: every national act of the workspace), best first."""
    p = prepare(ws, [instrument], acts, progress)
    return rank(p.index, p.requirements, top, cited=p.cited, rejected=rejected_provisions(ws), progress=progress)


def work_units(ws: Workspace, instrument: str, acts: Sequence[str] | None = None) -> int:
    """How many progress steps :func:`suggest` reports (for a progress bar's total)."""
    acts = list(acts) if acts else national_acts(ws)
    n_reqs = sum(c.is_substantive for c in ws.instruments[instrument].clauses.values())
    return len(ws.instruments[instrument].clauses) + sum(len(ws.instruments[a].clauses) for a in acts) + n_reqs


# ---- storage and the graph -----------------------------------------------------------------


def fingerprint(ws: Workspace, codes: Iterable[str]) -> str:
    """What suggestions were computed on: the texts and concepts of the clauses involved."""
    h = hashlib.sha256()
    for code in sorted(codes):
        inst = ws.instruments.get(code)
        for c in (inst.clauses.values() if inst else ()):
            h.update(json.dumps([c.id, c.kind, c.heading, c.text, c.authentic, c.concepts, c.notes],
                                sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return h.hexdigest()[:16]


def suggestions_path(root: Path, code: str) -> Path:
    return root / SUGGESTIONS_DIR / f"{code}.json"


def store(ws: Workspace, instrument: str, acts: Sequence[str], top: int,
          result: dict[str, list[Suggestion]]) -> Path:
    path = suggestions_path(ws.root, instrument)
    data = {
        "instrument": instrument,
        "acts": list(acts),
        "top": top,
        "generated": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "fingerprint": fingerprint(ws, [instrument, *acts]),
        "suggestions": {rid: [s.as_dict() for s in rows] for rid, rows in result.items()},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    ws.cache.pop("graph", None)
    ws.cache.pop(STORED_KEY, None)
    return path


def stored(ws: Workspace) -> Iterator[dict[str, Any]]:
    """The stored suggestion files of the workspace (unreadable ones are skipped)."""
    for path in sorted((ws.root / SUGGESTIONS_DIR).glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and isinstance(data.get("suggestions"), dict):
            yield data


@dataclass
class Stored:
    """What ``gapkit suggest`` stored for one Convention, as it stands now."""

    instrument: str
    acts: list[str]
    top: int  # suggestions computed per requirement
    generated: str
    stale: bool  # the texts changed since
    suggestions: dict[str, list[dict[str, Any]]]  # requirement -> its suggestions as computed, best first

    def standing(self, ws: Workspace, requirement: str, rejected: set[str]) -> list[dict[str, Any]]:
        """The suggestions of ``requirement`` that still stand: without the provisions a reviewer has
        rejected since (or anything inside them), the clauses the workspace no longer holds and those no longer
        law (repealed since, or stored before the matcher left repealed provisions out). Each row keeps the
        ``rank`` it was computed at."""
        out = []
        for rank, row in enumerate(self.suggestions.get(requirement, []), start=1):
            clause = ws.clause(pid := str(row.get("provision", "")))
            if (clause is not None and not within(pid, rejected)
                    and not is_repealed(clause, ws.instruments.get(clause.instrument))):
                out.append({**row, "rank": rank})
        return out


STORED_KEY = "match.stored"


def stored_by_convention(ws: Workspace) -> dict[str, Stored]:
    """The stored suggestions of every Convention (memoised on the workspace: they change only with the
    suggestion files, which :func:`store` writes, and the texts, which a new workspace load reads)."""
    if STORED_KEY not in ws.cache:
        out: dict[str, Stored] = {}
        for data in stored(ws):
            code = str(data.get("instrument", ""))
            acts = [str(a) for a in data.get("acts", [])]
            out[code] = Stored(code, acts, int(data.get("top", 0)), str(data.get("generated", "")),
                               data.get("fingerprint") != fingerprint(ws, [code, *acts]), data["suggestions"])
        ws.cache[STORED_KEY] = out
    return ws.cache[STORED_KEY]


def graph_nodes(ws: Workspace) -> list[tuple[str, dict[str, Any]]]:
    """The matcher adds no nodes to the workspace graph, only ``suggests`` edges between its clauses."""
    return []


def graph_edges(ws: Workspace) -> list[tuple[str, str, dict[str, Any]]]:
    """``suggests`` edges (provision -> requirement) from the stored suggestions that still stand."""
    rejected = rejected_provisions(ws)
    return [(str(row["provision"]), rid, {"kind": "suggests", "score": float(row.get("score", 0.0)),
                                          "rank": row["rank"], "cited_by": list(row.get("cited_by", [])),
                                          "stale": s.stale})
            for s in stored_by_convention(ws).values() for rid in s.suggestions if ws.clause(rid) is not None
            for row in s.standing(ws, rid, rejected.get(rid, set()))]
