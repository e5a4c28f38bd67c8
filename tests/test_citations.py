"""Citations: canonical ids, and the citation forms users and sources write (en, ru, kk)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gapkit.citations import ActName, Citation, CitationError, Names, find, scan
from gapkit.workspace import load

from .conftest import REPO, need_corpus


@pytest.fixture(scope="module")
def names() -> Names:
    """Act names as the shipped Kazakhstan workspace declares them (not written in code)."""
    return load(REPO).names


# (text, context, expected ids in order)
CASES: list[tuple[str, str | None, list[str]]] = [
    # --- the examples of the design and the issue
    ("Articles 12 and 16 of Convention No. 81 and Articles 16 and 21 of Convention No. 129", None,
     ["C081:12", "C081:16", "C129:16", "C129:21"]),
    ("Article 3(1)(a) and (b) of Convention No. 81", None, ["C081:3(1)(a)", "C081:3(1)(b)"]),
    ("section 191(5) of the Labour Code", None, ["KZ-LC:191(5)"]),
    ("подпункт 2) пункта 1 статьи 195 Трудового кодекса", None, ["KZ-LC:195(1)(2)"]),
    ("статьи 144 и 146 Предпринимательского кодекса", None, ["KZ-EC:144", "KZ-EC:146"]),
    ("Article 12(1)(a) of Convention No. 81", None, ["C081:12(1)(a)"]),
    ("пункт 5 статьи 191 Трудового кодекса", None, ["KZ-LC:191(5)"]),
    ("подпункт 2) пункта 1 статьи 192 ТК РК", None, ["KZ-LC:192(1)(2)"]),
    ("ст. 191 ТК", None, ["KZ-LC:191"]),
    ("191-бап 5-тармақ", "KZ-LC", ["KZ-LC:191(5)"]),
    ("настоящего Кодекса статья 16", "KZ-LC", ["KZ-LC:16"]),
    ("Article 2 of the Convention", "C087", ["C087:2"]),
    # --- the Labour Code's own cross-references (../shared/corpus/kz/labour_code/rus/sec005.md)
    ("с учетом требований пункта 3 статьи 198 настоящего Кодекса", "KZ-LC", ["KZ-LC:198(3)"]),
    ("в соответствии с подпунктом 6) статьи 193 настоящего Кодекса", "KZ-LC", ["KZ-LC:193(6)"]),
    ("на случаи, предусмотренные частью второй пункта 2 статьи 75 настоящего Кодекса", "KZ-LC", ["KZ-LC:75(2)"]),
    ("подпункт 64) пункта 1 статьи 1 действует в следующей редакции", "KZ-LC", ["KZ-LC:1(1)(64)"]),
    ("специалист, указанный в пункте 3 настоящей статьи", "KZ-LC:202(4)", ["KZ-LC:202(3)"]),
    # --- the Entrepreneurial Code's (../shared/corpus/kz/entrepreneurial_code)
    ("в соответствии с пунктом 2 статьи 132 и пунктом 3 статьи 143 настоящего Кодекса", "KZ-EC",
     ["KZ-EC:132(2)", "KZ-EC:143(3)"]),
    ("предусмотренных статьями 141, 143 и пунктом 1 статьи 146 настоящего Кодекса", "KZ-EC",
     ["KZ-EC:141", "KZ-EC:143", "KZ-EC:146(1)"]),
    ("за исключением случаев, предусмотренных подпунктами 2-1), 3) и 8) пункта 5 статьи 144 настоящего Кодекса",
     "KZ-EC", ["KZ-EC:144(5)(2-1)", "KZ-EC:144(5)(3)", "KZ-EC:144(5)(8)"]),
    ("предусмотренных подпунктами 3), 4), 7) и 8) пункта 5, пунктами 8, 9 и 10 настоящей статьи", "KZ-EC:144(2)",
     ["KZ-EC:144(5)(3)", "KZ-EC:144(5)(4)", "KZ-EC:144(5)(7)", "KZ-EC:144(5)(8)",
      "KZ-EC:144(8)", "KZ-EC:144(9)", "KZ-EC:144(10)"]),
    ("в соответствии со статьей 144–4 настоящего Кодекса", "KZ-EC", ["KZ-EC:144-4"]),
    ("Закон дополнен статьей 144-1 в соответствии с Законом РК", "KZ-EC", ["KZ-EC:144-1"]),
    ("предусмотренном статьей 462 Кодекса Республики Казахстан «Об административных правонарушениях»", None,
     ["KZ-AOC:462"]),
    ("с учетом положений, установленных пунктами 1-1 и 1-2 настоящей статьи", "KZ-EC:152",
     ["KZ-EC:152(1-1)", "KZ-EC:152(1-2)"]),
    ("в порядке, предусмотренном главой 29 настоящего Кодекса", "KZ-EC", ["KZ-EC:chapter-29"]),
    ("за исключением случая, предусмотренного подпунктом 2) части первой настоящего пункта", "KZ-EC:155(2)",
     ["KZ-EC:155(2)(2)"]),
    ("в соответствии с Предпринимательским кодексом Республики Казахстан", None, ["KZ-EC"]),
    # --- the Law on Trade Unions'
    ("пунктом 3 статьи 11, пунктом 3 статьи 12 и пунктом 2 статьи 13 настоящего Закона", "KZ-TU",
     ["KZ-TU:11(3)", "KZ-TU:12(3)", "KZ-TU:13(2)"]),
    # --- Kazakh (../shared/corpus/kz/labour_code/kaz/sec005.md)
    ("Еңбек кодексінің 191-бабының 5-тармағы", None, ["KZ-LC:191(5)"]),
    ("осы Кодекстің 198-бабының 3-тармағында", "KZ-LC", ["KZ-LC:198(3)"]),
    ("1-баптың 1-тармағының 64) тармақшасы мынадай редакцияда", "KZ-LC", ["KZ-LC:1(1)(64)"]),
    # --- the CEACR's and the reference's ways (../shared/reference/kazakhstan.md)
    ("s.191(5) Labour Code and s.137(1) Entrepreneur Code", None, ["KZ-LC:191(5)", "KZ-EC:137(1)"]),
    ("Arts 12 & 16 C081; Arts 16 & 21 C129", None, ["C081:12", "C081:16", "C129:16", "C129:21"]),
    ("Art 3(1)(a),(b) C081 / Art 6(1)(a),(b) C129", None,
     ["C081:3(1)(a)", "C081:3(1)(b)", "C129:6(1)(a)", "C129:6(1)(b)"]),
    ("Article 4 C081 / Article 7 C129", None, ["C081:4", "C129:7"]),
    ("Arts 20–21", "C081", ["C081:20", "C081:21"]),
    ("LC Arts 1(18‑1), 16, 17 (as amended 08.07.2024 No 116‑VIII)", None, ["KZ-LC:1(18-1)", "KZ-LC:16", "KZ-LC:17"]),
    ("EC Art 144(12) (Government may suspend control of private business)", None, ["KZ-EC:144(12)"]),
    ("EC Arts 144‑2 (30‑day notice)", None, ["KZ-EC:144-2"]),
    ("Articles 10 and 16 of C81 and Articles 14 and 21 of C129", None, ["C081:10", "C081:16", "C129:14", "C129:21"]),
    ("Article 14 of C81 and Article 19 of C129", None, ["C081:14", "C129:19"]),
    ("Arts 173–178", "KZ-SC", ["KZ-SC:173", "KZ-SC:174", "KZ-SC:175", "KZ-SC:176", "KZ-SC:177", "KZ-SC:178"]),
    ("the Labour Inspection Convention, 1947 (No. 81)", None, ["C081"]),
    ("Part V of Convention No. 102", None, ["C102:part-V"]),
    ("Schedule to Part XI of Convention No. 102", None, ["C102:schedule-XI"]),
    ("paragraph 2 of Article 3 of Convention No. 81", None, ["C081:3(2)"]),
    ("subparagraph (a) of paragraph 1 of Article 12 of the Convention", "C081", ["C081:12(1)(a)"]),
    ("Article 12(1)(c)(ii) and (iii)", "C081", ["C081:12(1)(c)(ii)", "C081:12(1)(c)(iii)"]),
    ("статьи 12 и 16 Конвенции № 81", None, ["C081:12", "C081:16"]),
    ("статья 12(1)(c)(ii) Конвенции МОТ № 81", None, ["C081:12(1)(c)(ii)"]),
    ("KZ-LC:191(5) and C081:12(1)(a)", None, ["KZ-LC:191(5)", "C081:12(1)(a)"]),
]


@pytest.mark.parametrize(("text", "context", "expected"), CASES, ids=[c[0][:50] for c in CASES])
def test_citation_forms(names: Names, text: str, context: str | None, expected: list[str]) -> None:
    assert [str(f.citation) for f in find(text, names, context)] == expected


def test_found_citation_carries_its_words(names: Names) -> None:
    text = "См. пункт 5 статьи 191 Трудового кодекса."
    (f,) = find(text, names)
    assert f.text == "пункт 5 статьи 191 Трудового кодекса"
    assert text[f.start:f.end] == f.text


def test_unknown_act_is_reported_not_guessed(names: Names) -> None:
    result = scan("в соответствии с пунктом 6 статьи 42 Гражданского кодекса Республики Казахстан", names, "KZ-EC")
    assert result.found == []
    assert result.unresolved and "does not hold" in result.unresolved[0].reason
    # and the ILO Constitution is not Kazakhstan's
    result = scan("reports under article 22 of the ILO Constitution", names)
    assert result.found == [] and len(result.unresolved) == 1


def test_relative_citation_without_context_is_unresolved(names: Names) -> None:
    result = scan("пунктом 3 статьи 198 настоящего Кодекса", names)
    assert result.found == []
    assert "context" in result.unresolved[0].reason


def test_act_names_come_from_declared_aliases() -> None:
    water = Names([ActName("KZ-WC", "act", aliases={"ru": ["Водный кодекс"], "en": ["Water Code"]})])
    assert [str(f.citation) for f in find("пункт 2 статьи 7 Водного кодекса", water)] == ["KZ-WC:7(2)"]
    assert [str(f.citation) for f in find("Article 7(2) of the Water Code", water)] == ["KZ-WC:7(2)"]
    # without the declaration the same words cite nothing the registry knows
    assert find("пункт 2 статьи 7 Водного кодекса", Names()) == []


def test_every_cross_reference_in_labour_code_section5_resolves(names: Names) -> None:
    """Inside an article, 'настоящего Кодекса' resolves to the Labour Code; nothing is dropped."""
    text = need_corpus("kz", "labour_code", "rus", "sec005.md").read_text(encoding="utf-8")
    result = scan(text, names, context="KZ-LC")
    ids = {str(f.citation) for f in result.found}
    assert "KZ-LC:198(3)" in ids  # "с учетом требований пункта 3 статьи 198 настоящего Кодекса"
    assert {c.split(":")[0] for c in ids} <= {"KZ-LC", "KZ-EC", "KZ-CONST"}
    # what stays unresolved is only "пункт N настоящей статьи", which needs the article as context
    assert all("настоящей статьи" in u.text for u in result.unresolved)


def test_entrepreneurial_code_cites_administrative_offences_code(names: Names) -> None:
    text = need_corpus("kz", "entrepreneurial_code", "rus", "sec003_st137-st157.md").read_text(encoding="utf-8")
    ids = [str(f.citation) for f in find(text, names, context="KZ-EC")]
    assert "KZ-AOC:462" in ids
    assert "KZ-EC:144-1" in ids and "KZ-EC:147(1)" in ids


# ---- canonical ids ---------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["", "C081", "Article 12", "C81:12", "KZ-LC:", "KZ-LC:12(", "C081:12(1)(A)"][2:])
def test_bad_ids_are_refused(bad: str) -> None:
    with pytest.raises(CitationError):
        Citation.parse(bad)


def test_tree_by_numbering() -> None:
    c = Citation.parse("C081:12(1)(c)(ii)")
    assert str(c.parent()) == "C081:12(1)(c)"
    assert Citation.parse("C081:12").is_ancestor_of(c)
    assert not c.is_ancestor_of(Citation.parse("C081:12"))
    assert c.own_number() == "(ii)"
    assert Citation.parse("C102:part-V").own_number() == "Part V"


# ---- format -> parse returns the same id, in every language -----------------------------

_num = st.integers(min_value=1, max_value=250).map(str)
_sub_num = st.one_of(_num, st.tuples(_num, st.integers(1, 9)).map(lambda t: f"{t[0]}-{t[1]}"))
_letter = st.sampled_from(list("abcdefgh"))
_roman = st.sampled_from(["i", "ii", "iii", "iv"])


@st.composite
def convention_ids(draw: st.DrawFn) -> Citation:
    code = draw(st.sampled_from(["C081", "C129", "C087", "C102", "C131", "C176", "C190"]))
    if draw(st.booleans()) and draw(st.booleans()):
        return Citation(code, draw(st.sampled_from(["part-V", "part-XI", "schedule-XI", "annex", "preamble"])))
    subs: list[str] = []
    if draw(st.booleans()):
        subs.append(draw(st.integers(1, 9).map(str)))
    if draw(st.booleans()):
        subs.append(draw(_letter))
        if draw(st.booleans()):
            subs.append(draw(_roman))
    return Citation(code, draw(_num), tuple(subs))


@st.composite
def national_ids(draw: st.DrawFn) -> Citation:
    code = draw(st.sampled_from(["KZ-LC", "KZ-EC", "KZ-TU", "KZ-SC", "KZ-CONST", "KZ-AOC"]))
    if draw(st.integers(0, 5)) == 0:
        return Citation(code, "chapter-" + draw(_num))
    subs = tuple(draw(st.lists(_sub_num, max_size=2)))
    return Citation(code, draw(_sub_num), subs)


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
@given(cit=st.one_of(convention_ids(), national_ids()))
def test_format_then_parse_gives_the_same_id(names: Names, lang: str, cit: Citation) -> None:
    written = cit.format(lang, names)
    found = find(written, names)
    assert [str(f.citation) for f in found] == [str(cit)], written


def test_formats_read_like_a_lawyer_writes_them(names: Names) -> None:
    assert Citation.parse("KZ-LC:192(1)(2)").format("ru", names) == "подпункт 2) пункта 1 статьи 192 Трудового кодекса"
    assert Citation.parse("KZ-LC:191(5)").format("en", names) == "Article 191(5) of the Labour Code"
    assert Citation.parse("KZ-LC:191(5)").format("kk", names) == "Еңбек кодексінің 191-бабының 5-тармағы"
    assert Citation.parse("C081:12(1)(c)(ii)").format("en", names) == "Article 12(1)(c)(ii) of Convention No. 81"


def test_context_must_be_an_id(names: Names) -> None:
    with pytest.raises(CitationError):
        find("статья 5", names, context="Labour Code")


def test_repo_path_is_workspace() -> None:
    assert (REPO / "gapkit.toml").is_file() and isinstance(REPO, Path)
