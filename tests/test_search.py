"""Search: citations resolved, words found by lemma in every group, snippets that mark what matched, the command.

Most tests read the shipped workspace (the repository's root), loaded once for the module and never written; the
official texts, which it does not hold, are tried on a small workspace of their own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from gapkit import search as gsearch
from gapkit.cli import main
from gapkit.search import CACHE_KEY, SearchError, SearchHit, resolve, search
from gapkit.search.index import word_lemmas, words_of
from gapkit.workspace import Workspace, load

from .conftest import REPO, write


@pytest.fixture(scope="module")
def ws() -> Workspace:
    return load(REPO)


def ids(hits: list[SearchHit]) -> list[str]:
    return [h.id for h in hits]


def marked(hit: SearchHit) -> list[str]:
    return [hit.snippet[a:b] for a, b in hit.spans]


# ---- citations ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("query", "expected"), [
    ("ст. 193 ТК", "KZ-LC:193"),
    ("«ст. 193 ТК»", "KZ-LC:193"),
    ("ТК ст. 193", "KZ-LC:193"),
    ("пункт 5 статьи 191 Трудового кодекса", "KZ-LC:191(5)"),
    ("KZ-LC:193", "KZ-LC:193"),
    ("kz-lc:191(5)", "KZ-LC:191(5)"),
    ("Article 12(1)(a) of C081", "C081:12(1)(a)"),
    ("C081 Art. 12", "C081:12"),
    ("  C081:12(1)(a) ", "C081:12(1)(a)"),
])
def test_a_citation_in_any_form_resolves_to_its_clause(ws: Workspace, query: str, expected: str) -> None:
    assert ws.clause(expected) is not None
    assert resolve(ws, query) == expected


@pytest.mark.parametrize("query", [
    "права инспектора по ст. 193 ТК",  # a sentence that mentions a citation
    "Articles 12 and 16 of C081",  # two clauses
    "Трудовой кодекс",  # a whole act
    "ст. 9999 ТК",  # a clause the workspace does not hold
    "ст. 193 ТК 2015",
    "инспектор", "", "   ",
])
def test_what_is_not_one_citation_resolves_to_nothing(ws: Workspace, query: str) -> None:
    assert resolve(ws, query) is None


def test_a_citation_query_sets_the_target_and_lists_the_clause_in_the_page_language(ws: Workspace) -> None:
    r = search(ws, "ст. 193 ТК", "ru")
    assert r.target == "KZ-LC:193"
    assert ids(r.groups["provisions"]) == ["KZ-LC:193"]
    en = search(ws, "Article 12(1)(a) of C081", "en")
    ru = search(ws, "Article 12(1)(a) of C081", "ru")
    assert en.target == ru.target == "C081:12(1)(a)"
    assert ids(en.groups["requirements"]) == ids(ru.groups["decisions"]) == ["C081:12(1)(a)"]
    assert en.groups["requirements"][0].lang == "en" and ru.groups["requirements"][0].lang == "ru"


def test_the_cited_clauses_rank_first(ws: Workspace) -> None:
    r = search(ws, "ст. 193 ТК инспектор", "ru")
    assert r.target is None and r.cited == ("KZ-LC:193",)
    assert r.terms["ru"] == ("инспектор",)  # the citation's words are not searched
    assert r.groups["provisions"][0].id.startswith("KZ-LC:193")
    plain = search(ws, "инспектор", "ru")
    assert not plain.groups["provisions"][0].id.startswith("KZ-LC:193")


# ---- words -------------------------------------------------------------------------------------------------------


def test_a_russian_form_finds_every_form_of_its_lemma_and_no_other_word(ws: Workspace) -> None:
    r = search(ws, "инспекторы", "ru", limit=1000)
    forms = {w.lower() for h in r.hits() for w in marked(h)}
    assert {"инспектор", "инспекторов", "инспекторы"} <= forms
    assert not any(f.startswith("инспекц") for f in forms)  # «инспекция» is another lemma
    assert r.counts["requirements"] and r.counts["provisions"] and r.counts["points"] and r.counts["decisions"]
    assert "C081:12(1)" in ids(r.groups["requirements"])
    # case and form do not matter
    assert ids(search(ws, "ИНСПЕКТОРАМИ", "ru", limit=1000).hits()) == ids(r.hits())


def test_russian_words_get_the_lemmas_gapkit_nlp_gives_them(ws: Workspace) -> None:
    """The index reads its words through nlp.word_lemmas (neither tokenized nor kept as texts): the lemmas must stay
    those nlp.lemmas gives (tests/test_nlp.py checks those against spaCy's pymorphy3 lemmatizer)."""
    from gapkit import nlp

    words = sorted({w for c in ws.instruments["KZ-LC"].clauses.values() for w in words_of(c.text.get("ru", ""))})
    assert len(words) > 1000
    differ = [(w, nlp.word_lemmas(w, "ru"), nlp.lemmas(w, "ru")) for w in words[::3]
              if nlp.word_lemmas(w, "ru") != nlp.lemmas(w, "ru")]
    assert not differ


def test_an_english_word_finds_requirements_by_lemma(ws: Workspace) -> None:
    r = search(ws, "Credentials", "en")
    assert r.terms == {"en": ("credential",)}
    assert ids(r.groups["requirements"]) == ["C081:12(1)", "C129:16(1)"]
    hit = r.groups["requirements"][0]
    assert hit.kind == "requirement" and hit.source == "requirement" and hit.lang == "en"
    assert marked(hit) == ["credentials"] and hit.title
    singular = {w.lower() for h in search(ws, "inspectors", "en", limit=1000).hits() for w in marked(h)}
    assert {"inspector", "inspectors"} <= singular


def test_every_word_must_be_found_and_stop_words_are_left_out(ws: Workspace) -> None:
    wide = search(ws, "инспекторы", "ru", limit=1000)
    narrow = search(ws, "инспекторы и предупреждение", "ru", limit=1000)
    assert narrow.terms["ru"] == ("инспектор", "предупреждение")
    assert 0 < narrow.total < wide.total
    assert {(h.kind, h.id) for h in narrow.hits()} <= {(h.kind, h.id) for h in wide.hits()}
    index = gsearch.get_index(ws)
    for h in narrow.hits():  # both words are in one text of it (its heading or its body), in Russian
        docs = [n for n in index.by_item[h.kind, h.id] if index.docs[n].lang == "ru"]
        assert any(all(n in index.postings["ru"][t] for t in narrow.terms["ru"]) for n in docs)


def test_a_ceacr_point_is_found_by_a_word_of_its_topic(ws: Workspace) -> None:
    r = search(ws, "allegations", "en")
    assert "CEACR:KZ-C087-2020-OBS/1" in ids(r.groups["points"])  # "Allegations of the ITUC: ..." (its topic only)
    hit = next(h for h in r.groups["points"] if h.id == "CEACR:KZ-C087-2020-OBS/1")
    assert hit.source == "point" and hit.kind == "point" and marked(hit) == ["Allegations"]
    assert search(ws, "мораторий", "ru").counts["points"] == 3


def test_a_reviewers_reason_is_found(ws: Workspace) -> None:
    r = search(ws, "moratorium commerce", "en")
    assert ids(r.groups["decisions"])[0] == "C081:24"
    hit = r.groups["decisions"][0]
    assert hit.source == "reason" and hit.kind == "decision" and hit.lang == "en"
    assert {"moratorium", "commerce"} <= {w.lower() for w in marked(hit)}
    assert hit.title == ws.clause("C081:24").heading["en"]  # type: ignore[union-attr]


def test_snippets_are_short_and_mark_the_words_that_matched(ws: Workspace) -> None:
    for query, lang in (("инспекторы", "ru"), ("labour inspection", "en"), ("отпуск", "ru")):
        r = search(ws, query, lang, limit=50)
        assert r.hits()
        for h in r.hits():
            assert 0 < len(h.snippet) <= gsearch.SNIPPET
            assert h.spans, (query, h)
            for a, b in h.spans:
                word = h.snippet[a:b].lower()
                assert words_of(word) == [word]
                assert set(word_lemmas([word], lang)[word]) & set(r.terms[lang])
    # a long text is cut around its first match, with an ellipsis
    long = [h for h in search(ws, "мораторий", "ru", limit=50).hits() if h.snippet.endswith("…")]
    assert long and all(h.spans for h in long)


def test_nothing_found_is_empty_groups_and_an_empty_query_is_an_error(ws: Workspace) -> None:
    for query in ("zzqxv", "и", "the of", "инспекторы zzqxv"):
        r = search(ws, query, "ru")
        assert r.total == 0 and list(r.groups) == ["requirements", "provisions", "points", "decisions"]
        assert all(hits == [] for hits in r.groups.values()) and r.target is None
    for query in ("", "  \n "):
        with pytest.raises(SearchError, match="empty"):
            search(ws, query, "ru")
    with pytest.raises(SearchError, match="language"):
        search(ws, "инспектор", "de")


def test_the_limit_cuts_each_group_and_the_total_counts_them_all(ws: Workspace) -> None:
    r = search(ws, "инспектор", "ru", limit=3)
    assert all(len(hits) <= 3 for hits in r.groups.values())
    assert r.total == sum(r.counts.values()) > 12
    scores = [h.score for h in r.groups["decisions"]]
    assert scores == sorted(scores, reverse=True)


def test_the_index_is_built_once_per_workspace(ws: Workspace) -> None:
    index = gsearch.get_index(ws)
    assert ws.cache[CACHE_KEY] is index and gsearch.get_index(ws) is index
    assert index.seconds < 10  # measured: about 1.5 s here, the spaCy pipelines loaded


# ---- official texts, on a small workspace ------------------------------------------------------------------------

ACT = """
instrument:
  code: KZ-LC
  kind: act
  country: kz
  title: {ru: Трудовой кодекс Республики Казахстан, en: Labour Code}
  aliases: {ru: [Трудовой кодекс, ТК], en: [Labour Code]}
  authentic_languages: [ru]
  source: {note: test fixture}
clauses:
  - id: "KZ-LC:191"
    kind: container
    heading: {ru: Государственный контроль, en: State control}
  - id: "KZ-LC:191(5)"
    text: {ru: Контроль в форме проверки., en: Control takes the form of an inspection.}
    authentic: {ru: "Государственный контроль осуществляется в форме проверки и профилактического контроля."}
"""
MAPPINGS = """
instrument: C081
mappings:
- requirement: "C081:12(1)(a)"
  revision: 1
  stage: preliminary
  provisions: ["KZ-LC:191(5)"]
  relation: subset
  verdict: partially_compliant
  reason: {ru: Посещение возможно только по уведомлению., en: A visit needs notice.}
"""


@pytest.fixture
def small(mini_ws: Path) -> Workspace:
    write(mini_ws, "national_law/kz/labour_code.yaml", ACT)
    write(mini_ws, "mappings/C081.yaml", MAPPINGS)
    return load(mini_ws)


def test_a_provision_says_whether_its_official_text_or_our_summary_matched(small: Workspace) -> None:
    only_official = search(small, "профилактического", "ru").groups["provisions"]
    assert [(h.id, h.source, h.lang) for h in only_official] == [("KZ-LC:191(5)", "official", "ru")]
    assert marked(only_official[0]) == ["профилактического"]
    both = search(small, "проверка", "ru").groups["provisions"]  # the official text is preferred
    assert [(h.id, h.source) for h in both] == [("KZ-LC:191(5)", "official")]
    summary = search(small, "inspections", "en").groups["provisions"]
    assert [(h.id, h.source, h.lang) for h in summary] == [("KZ-LC:191(5)", "summary", "en")]
    assert summary[0].title == "State control"  # the heading of the article it sits in
    heading = search(small, "государственного контроля", "ru").groups["provisions"]
    assert ids(heading)[0] == "KZ-LC:191"  # a word of the heading weighs more
    assert search(small, "уведомлению", "ru").groups["decisions"][0].id == "C081:12(1)(a)"


def test_a_new_decision_is_found_once_the_index_is_dropped(small: Workspace) -> None:
    assert search(small, "ratification", "en").total == 0
    write(small.root, "mappings/C081.yaml", MAPPINGS.replace("A visit needs notice.", "Pending ratification."))
    small.cache.pop("mappings")
    assert search(small, "ratification", "en").total == 0  # the index is kept ...
    small.cache.pop(CACHE_KEY)  # ... until whoever changed the decisions drops it
    assert ids(search(small, "ratification", "en").groups["decisions"]) == ["C081:12(1)(a)"]


def test_an_index_built_while_the_decisions_changed_is_not_kept(small: Workspace,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from gapkit.search import index as search_index

    build = search_index.build

    def build_then_change(ws: Workspace) -> search_index.Index:
        made = build(ws)
        ws.cache.pop("mappings")  # a decision saved meanwhile: the web app drops what was read of the files
        return made

    monkeypatch.setattr(search_index, "build", build_then_change)
    assert gsearch.get_index(small).docs
    assert CACHE_KEY not in small.cache


# ---- the command -------------------------------------------------------------------------------------------------


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["search", *args, "--workspace", str(REPO)])
    return result.exit_code, result.stdout, result.stderr


def test_the_command_prints_the_groups_with_headings() -> None:
    code, out, _ = invoke("инспекторов", "--limit", "2")
    assert code == 0
    lines = out.splitlines()
    assert [x.split(" (")[0] for x in lines if x and not x.startswith(" ")] == [
        "Requirements", "Provisions", "CEACR comment points", "Decisions: reasons and recommendations"]
    assert "Requirements (2 of " in out and "[summary, ru]" in out


def test_the_command_writes_json_and_resolves_citations() -> None:
    code, out, _ = invoke("Article", "12(1)(a)", "of", "C081", "--format", "json", "--lang", "en")
    assert code == 0
    data = json.loads(out)
    assert data["target"] == "C081:12(1)(a)"
    assert data["groups"]["requirements"][0]["id"] == "C081:12(1)(a)"


def test_the_command_says_what_a_citation_names_and_when_nothing_is_found(ws: Workspace) -> None:
    from gapkit.search.cli import _text

    assert _text(search(ws, "ст. 193 ТК", "ru")).startswith("The query cites KZ-LC:193.")
    assert _text(search(ws, "zzqxv", "ru")).startswith("Nothing found for «zzqxv» (words searched: en: zzqxv")
    assert "only stop words" in _text(search(ws, "the", "en"))
    code, _, err = invoke(" ")
    assert code == 2 and "empty" in err
