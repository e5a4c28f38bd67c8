"""What the matcher's suggestions say to a lawyer, on the shipped workspace: never a repealed provision (Article 197
of the Labour Code, «Исключен», which a CEACR comment point still cites for C081 Article 3(1)), shared words in the
page's language without noise, a strength label.

The shipped workspace is only read; suggestions are stored in a copy of it, never in the repository."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from gapkit import match, nlp
from gapkit.match.explain import BOILERPLATE, STRONG, shared_words, strength
from gapkit.texts import is_repealed
from gapkit.workspace import Workspace, load

from .conftest import REPO

REPEALED = "KZ-LC:197"  # «Статья 197. Иные формы контроля с посещением субъекта контроля. Исключен.»
REQUIREMENT = "C081:3(1)"  # the comment point that cites Article 197 is on C081 Article 3
PARTS = ("gapkit.toml", "conventions", "national_law", "mappings", "comments", "roadmap")


@pytest.fixture(scope="module")
def shipped() -> Workspace:
    return load(REPO)


@pytest.fixture(scope="module")
def c081(shipped: Workspace) -> dict[str, list[match.Suggestion]]:
    return match.suggest(shipped, "C081", match.national_acts(shipped), 5)


def _copy(dest: Path) -> Path:
    """The shipped workspace without its stored suggestions (as gapkit.web.live.copy_workspace makes it)."""
    dest.mkdir(parents=True)
    for part in PARTS:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns(".*.lock", "out", "suggestions"))
        elif src.exists():
            shutil.copy2(src, dest / part)
    (dest / "reports").mkdir(exist_ok=True)
    return dest


def test_article_197_is_repealed_and_still_cited(shipped: Workspace) -> None:
    """The case the filter is for: the comment point still cites the article, whose text is «Исключен.»."""
    clause = shipped.clause(REPEALED)
    assert clause is not None and is_repealed(clause, shipped.instruments["KZ-LC"])
    cited = match.explicit_citations(shipped, [REQUIREMENT], match.national_acts(shipped))
    assert REPEALED in cited[REQUIREMENT]
    assert not is_repealed(shipped.clause("KZ-LC:198(1)"), shipped.instruments["KZ-LC"])  # the next one is law


def test_a_repealed_provision_is_never_suggested(shipped: Workspace, c081: dict[str, list[match.Suggestion]]) -> None:
    assert [s.provision for s in c081[REQUIREMENT]][:2] == ["KZ-LC:191(5)", "KZ-EC:137(1)"]  # the cited ones in force
    for rid, rows in c081.items():
        for s in rows:
            clause = shipped.clause(s.provision)
            assert clause is not None and not is_repealed(clause, shipped.instruments[clause.instrument]), (rid, s)


def test_stored_suggestions_of_a_repealed_provision_no_longer_stand(tmp_path: Path, shipped: Workspace) -> None:
    """A file stored before the matcher left repealed provisions out (old shape: one flat list of words): its row of
    Article 197 is gone wherever stored suggestions are shown (web, graph, review workbook); the others keep their
    rank."""
    from gapkit.exchange.suggested import top_suggestions

    root = _copy(tmp_path / "ws")
    ws = load(root)
    acts = match.national_acts(ws)
    rows = [{"provision": p, "score": sc, "concepts": [], "lemmas": ["контроль", "inspection", "посещение", "три"],
             "cited_by": cb, "article": p.split("(")[0]}
            for p, sc, cb in (("KZ-LC:191(5)", 1.5293, ["CEACR:KZ-C081-C129-2023-DR/1"]),
                              ("KZ-EC:137(1)", 1.4481, ["CEACR:KZ-C081-C129-2023-DR/1"]),
                              (REPEALED, 1.1997, ["CEACR:KZ-C081-C129-2023-DR/1"]), ("KZ-LC:191(1)", 0.6414, []))]
    data = {"instrument": "C081", "acts": acts, "top": 4, "generated": "2025-01-01T00:00:00+00:00",
            "fingerprint": match.fingerprint(ws, ["C081", *acts]), "suggestions": {REQUIREMENT: rows}}
    path = root / "mappings" / "suggestions" / "C081.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    ws = load(root)
    stored = match.stored_by_convention(ws)["C081"]
    assert not stored.stale
    standing = stored.standing(ws, REQUIREMENT, set())
    assert [(r["provision"], r["rank"]) for r in standing] == [("KZ-LC:191(5)", 1), ("KZ-EC:137(1)", 2),
                                                               ("KZ-LC:191(1)", 4)]
    assert shared_words(standing[0], "ru") == ["контроль", "посещение"]  # the old flat list, read per language
    assert shared_words(standing[0], "en") == ["inspection"]
    edges = [p for p, rid, _ in match.graph_edges(ws) if rid == REQUIREMENT]
    assert REPEALED not in edges and "KZ-LC:191(5)" in edges
    assert REPEALED not in [s.provision for s in top_suggestions(ws, "C081", 3)[REQUIREMENT]]


_LATIN = re.compile(r"[A-Za-z]")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def test_shared_words_are_the_pages_language_without_noise(c081: dict[str, list[match.Suggestion]]) -> None:
    ru_seen, en_seen = set(), set()
    for rows in c081.values():
        for s in rows:
            for row in (s, s.as_dict(), json.loads(json.dumps(s.as_dict(), ensure_ascii=False))):
                ru, en = shared_words(row, "ru"), shared_words(row, "en")
                assert ru == s.words.get("ru", []) and en == s.words.get("en", [])
                for w in ru:
                    assert not _LATIN.search(w) and len(w) >= 3 and not any(ch.isdigit() for ch in w), w
                    assert nlp.is_content(w, "ru") and w not in BOILERPLATE["ru"], w
                for w in en:
                    assert not _CYRILLIC.search(w) and len(w) >= 3 and nlp.is_content(w, "en"), w
                    assert w not in BOILERPLATE["en"], w
                ru_seen.update(ru)
                en_seen.update(en)
    assert {"инспектор", "инспекция", "посещение"} <= ru_seen and {"inspector", "inspection"} <= en_seen
    assert not {"республика", "казахстан", "кодекс", "статья", "три", "исключить"} & ru_seen
    assert not {"shall", "member", "convention", "article"} & en_seen


def test_shared_words_of_any_stored_shape() -> None:
    old = {"lemmas": ["инспектор", "labour", "республика", "vi", "a)–c", "три", "еңбек", "and/or"]}
    assert shared_words(old, "ru") == ["инспектор"]
    assert shared_words(old, "en") == ["labour"]
    assert shared_words(old, "kk") == ["инспектор", "еңбек"]  # Kazakh words without Kazakh letters read as Russian
    assert shared_words({"lemmas": {"ru": ["инспектор"], "en": ["labour"]}}, "en") == ["labour"]
    assert shared_words({"lemmas": [["ru", "инспектор"], ["en", "labour"]]}, "ru") == ["инспектор"]
    assert shared_words({"lemmas": ["labour", "труд"], "words": {}}, "en") == ["labour"]  # an old row, words added
    assert shared_words({"lemmas": ["труд"], "words": {"ru": ["труд"]}}, "en") == []  # nothing shared in English
    assert shared_words({}, "ru") == [] and shared_words(old, "fr") == []


def test_strength_labels(c081: dict[str, list[match.Suggestion]]) -> None:
    assert strength(1.0, 5) == "strong"  # cited
    assert strength(STRONG, 3) == "strong" and strength(STRONG, 4) == "moderate"
    assert strength(0.449, 1) == "moderate" and strength(0.35, 1) == "moderate" and strength(0.349, 1) == "weak"
    labels = [strength(s.score, rank) for rows in c081.values() for rank, s in enumerate(rows, start=1)]
    share = {x: labels.count(x) / len(labels) for x in ("strong", "moderate", "weak")}
    assert 0.2 <= share["strong"] <= 0.5 and share["weak"] <= 0.4, share  # roughly a third strong
    assert match.strength is strength and match.shared_words is shared_words  # read through the light face
