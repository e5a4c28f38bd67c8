"""Quality benchmark: how often the provisions a reviewer wants are among the top suggestions.

    python benchmarks/quality.py            # prints one table

Gold pairs: benchmarks/gold.yaml (C081, C129, C131, C087 against the Labour Code, Entrepreneurial Code
and Law on Trade Unions) and benchmarks/gold-c102-c176-c190.yaml (C102 against the Social Code and the Labour
Code; C176 and C190 against the Labour Code and the Code on Administrative Offences); figures for each group.
The workspace is made as a user makes it: ``gapkit init``, the act files of
national_law/kz, and ``gapkit import law`` of the real texts in ../shared/corpus/kz. Two conditions:

- ``shipped``: the shipped summaries (with their concepts) beside the imported official texts;
- ``texts``: the act headers only, so the matcher sees the official Russian wording and nothing else.

Systems, on the same clauses in the same run: gapkit (with and without explicit citations), BM25
(bm25s) over the same lemmas, and rapidfuzz ``token_set_ratio`` over the same lemma strings alone.
The baselines get the same candidate provisions and the same granularity rule as gapkit.

Gold sets: ``read`` (the pairs made by reading the texts, before any system ran) and ``read+pooled``
(with the pairs found relevant when the pooled top 5 of all systems were judged; see gold.yaml).

Metrics, per requirement, then averaged: recall@k = gold provisions hit in the top k / min(k, number of
gold provisions) (a requirement with eight relevant provisions cannot show all in five); Hit@5 = a gold
provision among the top 5; MRR = 1 / rank of the first hit (0 beyond rank 20). A hit: same id, or one is
an ancestor of the other.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import bm25s
import numpy as np
import yaml
from common import REPO, granular, is_hit, make_workspace
from rapidfuzz import fuzz, process

from gapkit import match
from gapkit.match.index import Item
from gapkit.match.rank import rank as rank_suggestions  # match.rank is the submodule once it is loaded
from gapkit.workspace import Workspace, load

DEPTH = 20  # ranks kept for MRR


def _tokens(item: Item) -> list[str]:
    """The item's lemmas as a bag of words, language-tagged (own words count 1 each, context 0.5)."""
    out = []
    for lang, weights in item.lemmas.items():
        for lemma, w in weights.items():
            out += [f"{lang}:{lemma}"] * max(1, round(w))
    return out


def _strings(item: Item) -> dict[str, str]:
    return {lang: " ".join(sorted(weights)) for lang, weights in item.lemmas.items()}


def bm25_rankings(prep: match.Prepared) -> dict[str, list[str]]:
    items = prep.index.items
    retriever = bm25s.BM25()
    retriever.index([_tokens(it) for it in items], show_progress=False)
    vocab = retriever.vocab_dict
    ids = [it.id for it in items]
    anc = [it.ancestors for it in items]
    out = {}
    for req in prep.requirements:
        query = [t for t in _tokens(req) if t in vocab]
        scores = retriever.get_scores(query) if query else np.zeros(len(items))
        order = np.lexsort((np.arange(len(items)), -scores))
        out[req.id] = granular(order, ids, anc, DEPTH)
    return out


def fuzzy_rankings(prep: match.Prepared) -> dict[str, list[str]]:
    items = prep.index.items
    ids = [it.id for it in items]
    anc = [it.ancestors for it in items]
    prov = [_strings(it) for it in items]
    reqs = [_strings(r) for r in prep.requirements]
    best = np.zeros((len(reqs), len(items)))
    for lang in ("ru", "en"):
        qi = [i for i, r in enumerate(reqs) if lang in r]
        pi = [j for j, p in enumerate(prov) if lang in p]
        if qi and pi:
            m = process.cdist([reqs[i][lang] for i in qi], [prov[j][lang] for j in pi], scorer=fuzz.token_set_ratio,
                              workers=-1)
            best[np.ix_(qi, pi)] = np.maximum(best[np.ix_(qi, pi)], m)
    out = {}
    for r, req in enumerate(prep.requirements):
        order = np.lexsort((np.arange(len(items)), -best[r]))
        out[req.id] = granular(order, ids, anc, DEPTH)
    return out


def gapkit_rankings(prep: match.Prepared, cited: bool) -> dict[str, list[str]]:
    result = rank_suggestions(prep.index, prep.requirements, DEPTH, cited=prep.cited if cited else {})
    return {rid: [s.provision for s in rows] for rid, rows in result.items()}


def scores(rankings: dict[str, list[str]], gold: dict[str, list[str]]) -> dict[str, float]:
    r1, r5, h5, mrr = [], [], [], []
    for rid, golds in gold.items():
        ranked = rankings.get(rid, [])
        first = [next((i + 1 for i, s in enumerate(ranked) if is_hit(s, g)), None) for g in golds]
        for k, acc in ((1, r1), (5, r5)):
            acc.append(sum(1 for f in first if f is not None and f <= k) / min(k, len(golds)))
        hits = [f for f in first if f is not None]
        h5.append(1.0 if hits and min(hits) <= 5 else 0.0)
        mrr.append(1.0 / min(hits) if hits else 0.0)
    return {"r1": float(np.mean(r1)), "r5": float(np.mean(r5)), "h5": float(np.mean(h5)), "mrr": float(np.mean(mrr)),
            "n": len(gold)}


#: the gold files: the labour inspection, freedom of association and minimum wage Conventions (gold.yaml), and the
#: social security, mines and violence Conventions (gold-c102-c176-c190.yaml), each made by reading the texts
GOLD_FILES = ("gold.yaml", "gold-c102-c176-c190.yaml")


def load_gold(pooled: bool = True) -> tuple[dict[str, list[str]], dict[str, dict[str, list[str]]]]:
    """(acts searched per Convention, gold provisions per requirement per Convention); ``pooled``:
    with the pairs found relevant when judging the pooled top 5 of all systems (round 2)."""
    acts: dict[str, list[str]] = {}
    gold: dict[str, dict[str, list[str]]] = {}
    for name in GOLD_FILES:
        path = REPO / "benchmarks" / name
        if not path.exists():
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        acts.update(data["acts"])
        gold.update({code: {rid: [p[0] for p in pairs if pooled or len(p) == 2] for rid, pairs in reqs.items()}
                     for code, reqs in data["gold"].items()})
    return acts, {code: {rid: ps for rid, ps in reqs.items() if ps} for code, reqs in gold.items()}


#: the two groups the figures are given for: the Conventions the matcher was first built on, and the new ones
GROUPS = {"C081/C129/C131/C087": ("C081", "C129", "C131", "C087"), "C102/C176/C190": ("C102", "C176", "C190")}


def held(ws: Workspace, gold: dict[str, list[str]]) -> dict[str, list[str]]:
    """The gold pairs whose provision the workspace holds (summary-only ones drop out of `texts`)."""
    out = {rid: [p for p in golds if ws.clause(p) is not None] for rid, golds in gold.items()}
    return {rid: golds for rid, golds in out.items() if golds}


def prepared(ws: Workspace, acts: dict[str, list[str]]) -> list[match.Prepared]:
    """One index per set of acts searched, with the Conventions searched in it."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for code, codes in acts.items():
        groups.setdefault(tuple(codes), []).append(code)
    return [match.prepare(ws, codes, list(group)) for group, codes in groups.items()]


SYSTEMS = {
    "gapkit": lambda p: gapkit_rankings(p, cited=True),
    "gapkit, no citations": lambda p: gapkit_rankings(p, cited=False),
    "BM25 (bm25s, lemmas)": bm25_rankings,
    "rapidfuzz token_set_ratio": fuzzy_rankings,
}


def main() -> None:
    acts, gold_all = load_gold(pooled=True)
    _, gold_read = load_gold(pooled=False)
    codes = list(gold_all)
    rows = []
    with tempfile.TemporaryDirectory(prefix="gapkit-quality-") as tmp:
        for condition in ("shipped", "texts"):
            t0 = time.perf_counter()
            ws = load(make_workspace(Path(tmp) / condition, summaries=condition == "shipped"))
            preps = prepared(ws, acts)
            runs = {name: {rid: r for p in preps for rid, r in system(p).items()} for name, system in SYSTEMS.items()}
            for label, gold in (("read", gold_read), ("read+pooled", gold_all)):
                here = {code: held(ws, gold.get(code, {})) for code in codes}
                for group, members in GROUPS.items():
                    members = tuple(c for c in members if c in codes)
                    if not members or not any(here[c] for c in members):
                        continue
                    for name, rankings in runs.items():
                        per = {code: scores(rankings, here[code]) for code in members}
                        every = scores(rankings, {rid: g for code in members for rid, g in here[code].items()})
                        n_pairs = sum(len(g) for code in members for g in here[code].values())
                        rows.append((group, label, condition, name, every, per, n_pairs))
            print(f"# {condition}: {sum(len(p.index.items) for p in preps)} provisions indexed, "
                  f"{time.perf_counter() - t0:.1f} s", file=sys.stderr)
    print("Quality: recall@k = gold provisions hit in the top k / min(k, gold provisions of the requirement), "
          "averaged over requirements;\nHit@5 = requirements with a hit in the top 5; hit = same id or an ancestor")
    for group in GROUPS:
        these = [r for r in rows if r[0] == group]
        if not these:
            continue
        members = list(these[0][5])
        print(f"\n{group}")
        head = (f"{'gold':<11} {'workspace':<9} {'system':<27} {'reqs':>4} {'pairs':>5} {'R@1':>6} {'R@5':>6} "
                f"{'Hit@5':>6} {'MRR':>6} " + " ".join(f"{'R@5 ' + c:>9}" for c in members))
        print(head)
        print("-" * len(head))
        for _, label, condition, name, every, per, n_pairs in sorted(these, key=lambda r: (r[1] != "read", r[2])):
            print(f"{label:<11} {condition:<9} {name:<27} {every['n']:>4} {n_pairs:>5} {every['r1']:6.3f} "
                  f"{every['r5']:6.3f} {every['h5']:6.3f} {every['mrr']:6.3f} "
                  + " ".join(f"{per[c]['r5']:9.3f}" for c in members))


if __name__ == "__main__":
    main()
