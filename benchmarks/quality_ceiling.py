"""How far re-weighting can take recall@5: the ceiling of the signals gapkit has, on the quality benchmark.

    python benchmarks/quality_ceiling.py      # prints one table (pip install -e '.[bench]')

gapkit's score is a hand-set mix of three signals (lexical cosine, concept coverage, rapidfuzz). This
script asks whether any other mix of those signals, or of more signals, would reach the issue's
target (recall@5 >= 0.85), so that the answer is measured rather than guessed. For each requirement of
the quality benchmark (same workspaces, same gold, same metric as benchmarks/quality.py) it takes
gapkit's 100 candidates and describes each pair by 13 features:

- the three signals gapkit mixes (lexical, concepts, fuzzy);
- a semantic signal: cosine of IDF-weighted means of Russian word vectors (navec, shipped inside the
  natasha package on the package index: the only Russian embeddings installable without a download);
- the candidate's article's best score, its act's best score, its score relative to the best, its rank;
- shared concepts (count, rarest), its length and depth, whether a comment point cites it.

Rows of the table:

- ``gapkit``: as shipped;
- ``+ navec semantic``: gapkit's score plus the semantic signal at the weight that does best here (chosen
  on the answers, so an upper bound of what it adds);
- ``logistic, held out``: a logistic regression over all 13 features, trained on the other Conventions'
  gold and scored on the held-out one (C081 and C129 are held out together: their gold overlaps);
- ``logistic, fitted on the answers``: the same, trained on the very gold it is scored on. No linear mix
  of the features can do better on this gold: this is the ceiling of re-weighting;
- ``gradient boosting, fitted on the answers``: 300 trees trained on the gold they are scored on; they
  memorise the answers, which shows how far from generalisation the target lies.
"""

from __future__ import annotations

import importlib.util
import math
import sys
import tempfile
from pathlib import Path

import numpy as np
from common import granular, is_hit, make_workspace
from quality import gapkit_rankings, held, load_gold, prepared, scores

from gapkit import match
from gapkit.match.index import Index, Item
from gapkit.match.rank import rank as rank_suggestions  # match.rank is the submodule once it is loaded

CANDIDATES = 100
FEATURES = ("lexical", "concepts", "fuzzy", "semantic", "article best", "act best / best", "score / best",
            "log rank", "shared concepts", "rarest shared", "log length", "depth", "cited")


def _navec():
    """navec's Russian word vectors, from the natasha wheel (no download), or None when not installed."""
    spec = importlib.util.find_spec("natasha")
    if spec is None or importlib.util.find_spec("navec") is None:
        return None
    from navec import Navec

    return Navec.load(str(Path(spec.submodule_search_locations[0]) / "data/emb/navec_news_v1_1B_250K_300d_100q.tar"))


class Semantic:
    """Cosine of IDF-weighted mean word vectors of the Russian lemmas of two items."""

    def __init__(self, vectors) -> None:
        self.vectors = vectors
        self.cache: dict[tuple[int, str], np.ndarray] = {}

    def vec(self, index: Index, item: Item) -> np.ndarray:
        key = (id(index), item.id)
        if key not in self.cache:
            v = np.zeros(300)
            for lemma, w in item.lemmas.get("ru", {}).items():
                if lemma in self.vectors:
                    x = self.vectors[lemma]
                    v += w * (index.lemma_idf("ru", lemma) or 1.0) * x / (np.linalg.norm(x) or 1.0)
            n = np.linalg.norm(v)
            self.cache[key] = v / n if n else v
        return self.cache[key]

    def __call__(self, index: Index, a: Item, b: Item) -> float:
        return float(self.vec(index, a) @ self.vec(index, b))


Row = tuple[str, str, tuple[str, ...], list[float]]  # requirement, provision, its ancestors, features


def feature_rows(preps: list[match.Prepared], semantic: Semantic | None) -> list[Row]:
    rows: list[Row] = []
    w = match.WEIGHTS
    for p in preps:
        idx = p.index
        pos = {it.id: i for i, it in enumerate(idx.items)}
        ranked = rank_suggestions(idx, p.requirements, CANDIDATES, cited=p.cited)
        lex, con = (m.toarray() for m in idx.scores(p.requirements))
        for r, req in enumerate(p.requirements):
            cands = [pos[s.provision] for s in ranked[req.id] if s.provision in pos]
            if not cands:
                continue
            fz = match._fuzzy([req], [(0, c) for c in cands], idx.items)
            base = w["lexical"] * lex[r, cands] + w["concepts"] * con[r, cands] + w["fuzzy"] * fz
            top = float(base.max()) or 1.0
            art_best: dict[str, float] = {}
            act_best: dict[str, float] = {}
            for c, b in zip(cands, base, strict=True):
                it = idx.items[c]
                art_best[it.article] = max(art_best.get(it.article, 0.0), b)
                act = it.id.split(":")[0]
                act_best[act] = max(act_best.get(act, 0.0), b)
            for k, c in enumerate(cands):
                it = idx.items[c]
                shared = [x for x in req.concepts if x in it.concepts]
                rows.append((req.id, it.id, it.ancestors, [
                    lex[r, c], con[r, c], fz[k], semantic(idx, req, it) if semantic else 0.0,
                    art_best[it.article], act_best[it.id.split(":")[0]] / top, base[k] / top, math.log(k + 1),
                    len(shared), max((idx.concept_idf(x) for x in shared), default=0.0),
                    math.log(1 + sum(it.lemmas.get("ru", {}).values())), len(it.ancestors),
                    1.0 if it.id in p.cited.get(req.id, {}) else 0.0]))
    return rows


def rankings(rows: list[Row], score: np.ndarray) -> dict[str, list[str]]:
    by_req: dict[str, list[int]] = {}
    for i, (rid, *_rest) in enumerate(rows):
        by_req.setdefault(rid, []).append(i)
    out = {}
    for rid, ii in by_req.items():
        order = sorted(ii, key=lambda i: (-score[i], i))
        out[rid] = granular(range(len(order)), [rows[i][1] for i in order], [rows[i][2] for i in order], 20)
    return out


def held_out(model_fn, X: np.ndarray, y: np.ndarray, conv: np.ndarray) -> np.ndarray:
    score = np.zeros(len(y))
    for test in ({"C081", "C129"}, {"C131"}, {"C087"}):
        te = np.isin(conv, list(test))
        tr = ~te
        if te.any() and y[tr].any():
            score[te] = model_fn().fit(X[tr], y[tr]).predict_proba(X[te])[:, 1]
    return score


def main() -> None:
    try:
        from sklearn.ensemble import GradientBoostingClassifier
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler
    except ModuleNotFoundError:
        sys.exit("scikit-learn is not installed: pip install -e '.[bench]'")
    vectors = _navec()
    if vectors is None:
        print("# natasha/navec not installed: the semantic feature is 0 (pip install -e '.[bench]')", file=sys.stderr)
    semantic = Semantic(vectors) if vectors is not None else None
    acts, gold_pooled = load_gold(pooled=True)
    _, gold_read = load_gold(pooled=False)
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="gapkit-ceiling-") as tmp:
        for condition in ("texts", "shipped"):
            from gapkit.workspace import load

            ws = load(make_workspace(Path(tmp) / condition, summaries=condition == "shipped"))
            rows = feature_rows(prepared(ws, acts), semantic)
            X = np.array([f for *_, f in rows])
            conv = np.array([rid.split(":")[0] for rid, *_ in rows])
            golds = {label: {rid: g for code in acts for rid, g in held(ws, gold.get(code, {})).items()}
                     for label, gold in (("read", gold_read), ("read+pooled", gold_pooled))}
            y = np.array([any(is_hit(pid, g) for g in golds["read+pooled"].get(rid, [])) for rid, pid, *_ in rows])
            preps = prepared(ws, acts)
            shipped = {rid: r for p in preps for rid, r in gapkit_rankings(p, cited=True).items()}
            for label, gold in golds.items():
                results.setdefault("gapkit", {})[f"{label}/{condition}"] = scores(shipped, gold)["r5"]
            base = X[:, 6] + X[:, 12]  # gapkit's score relative to the best, cited provisions first
            systems: dict[str, np.ndarray] = {}
            if semantic:
                best = max((0.1, 0.2, 0.3, 0.5), key=lambda lam: scores(rankings(rows, base + lam * X[:, 3]),
                                                                       golds["read+pooled"])["r5"])
                systems[f"+ navec semantic (x{best})"] = base + best * X[:, 3]

            def logistic():
                return make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000, C=10.0))

            systems["logistic, held out"] = held_out(logistic, X, y, conv)
            systems["logistic, fitted on the answers"] = logistic().fit(X, y).predict_proba(X)[:, 1]
            gbm = GradientBoostingClassifier(n_estimators=300, max_depth=3, random_state=0)
            systems["gradient boosting, fitted on the answers"] = gbm.fit(X, y).predict_proba(X)[:, 1]
            for name, score in systems.items():
                for label, gold in golds.items():
                    key = name.split(" (")[0] if name.startswith("+ navec") else name
                    results.setdefault(key, {})[f"{label}/{condition}"] = scores(rankings(rows, score), gold)["r5"]
            print(f"# {condition}: {len(rows)} candidate pairs, {int(y.sum())} relevant", file=sys.stderr)
    cols = ["read/texts", "read/shipped", "read+pooled/texts", "read+pooled/shipped"]
    print("Ceiling of re-weighting: recall@5 (as in benchmarks/quality.py), gapkit's 100 candidates per requirement")
    head = f"{'system':<42} " + " ".join(f"{c:>20}" for c in cols)
    print(head)
    print("-" * len(head))
    for name, row in results.items():
        print(f"{name:<42} " + " ".join(f"{row.get(c, float('nan')):20.3f}" for c in cols))


if __name__ == "__main__":
    main()
