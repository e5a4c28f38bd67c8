"""Lemmas of Russian, English and Kazakh legal text, and thesaurus concepts found on them."""

from __future__ import annotations

from typing import Any

import pytest

from gapkit import nlp
from gapkit.model import Concept


@pytest.mark.parametrize(("text", "expected"), [
    ("инспекторов", ("инспектор",)),
    ("государственными инспекторами труда", ("государственный", "инспектор", "труд")),
    ("проверок работодателей", ("проверка", "работодатель")),
    ("предписаний об устранении нарушений", ("предписание", "о", "устранение", "нарушение")),
    # pymorphy3's lookup mode leaves ambiguous forms as they are ("платы": плата or плат?); the most
    # probable parse is taken instead
    ("заработной платы", ("заработный", "плата")),
    ("Права профсоюзов", ("право", "профсоюз")),
])
def test_russian_legal_forms_are_lemmatised(text: str, expected: tuple[str, ...]) -> None:
    assert nlp.lemmas(text, "ru") == expected


def test_english_lookup_lemmas_and_content_words() -> None:
    words = ("inspection", "carry", "out", "by", "inspector")
    assert nlp.lemmas("Inspections carried out by inspectors", "en") == words
    assert nlp.content_lemmas("Inspections carried out by inspectors", "en") == ("inspection", "carry", "inspector")


def test_kazakh_is_tokenised_and_lowercased() -> None:
    assert nlp.lemmas("Мемлекеттік еңбек инспекторлары", "kk") == ("мемлекеттік", "еңбек", "инспекторлары")


def test_punctuation_and_numbers_are_left_out() -> None:
    assert nlp.lemmas("статьи 144-2, пункт 3)", "ru") == ("статья", "пункт")


def test_lemmas_are_those_of_spacy_s_lemmatizers_and_one_word_reads_as_a_text() -> None:
    """gapkit.nlp asks pymorphy3 and the English lookup table itself (one parse per word): its lemmas are those of
    spaCy's ``pymorphy3_lookup`` lemmatizer (with the most probable parse where it leaves a form as it is) and of its
    ``lookup`` lemmatizer, on every word of the shipped Labour Code and Conventions; ``word_lemmas`` of a word is
    what ``lemmas`` gives it as a text ("cannot": can, not)."""
    import re

    import spacy

    from gapkit.workspace import load

    from .conftest import REPO

    ws = load(REPO)
    texts: dict[str, set[str]] = {"ru": set(), "en": set()}
    for code in ("KZ-LC", "C081", "C129"):
        for c in ws.instruments[code].clauses.values():
            for lang in texts:
                texts[lang].update(t for t in (c.text.get(lang), c.heading.get(lang), c.authentic.get(lang)) if t)
    for lang, mode in (("ru", "pymorphy3_lookup"), ("en", "lookup")):
        reference = spacy.blank(lang)
        lemmatizer: Any = reference.add_pipe("lemmatizer", config={"mode": mode})
        reference.initialize()
        seen: dict[str, str] = {}
        for text in texts[lang]:
            for token in reference.make_doc(text.lower()):
                if (token.text not in seen and not token.is_space and not token.is_punct
                        and re.search(r"[^\W\d_]", token.text)):
                    lemma = lemmatizer.lemmatize(token)[0].lower()
                    if lang == "ru" and lemma == token.lower_ and re.search(r"[а-яё]", lemma):
                        lemma = nlp.russian_analyser().parse(token.text)[0].normal_form
                    seen[token.text] = lemma
        assert len(seen) > 1000
        differ = [(w, lemma, nlp.lemmas(w, lang)) for w, lemma in seen.items() if nlp.lemmas(w, lang) != (lemma,)]
        assert not differ, differ[:10]
        words = {w for text in texts[lang] for w in re.findall(r"[^\W\d_]+", text.lower())} | {"cannot"}
        assert not [w for w in words if nlp.word_lemmas(w, lang) != nlp.lemmas(w, lang)]
    assert nlp.word_lemmas("cannot", "en") == ("can", "not") and nlp.word_lemmas("Права", "ru") == ("право",)


def test_pipelines_and_texts_are_processed_once() -> None:
    assert nlp.pipeline("ru") is nlp.pipeline("ru")
    text = "Государственные инспекторы труда вправе посещать организации"
    assert nlp.lemmas(text, "ru") is nlp.lemmas(text, "ru")  # the second call is a look-up


CONCEPTS = [
    Concept("without_prior_notice", terms={"ru": ["без предварительного уведомления"],
                                           "en": ["without prior notice"], "kk": ["алдын ала хабарламай"]}),
    Concept("free_entry_workplace", terms={"ru": ["беспрепятственно посещать"], "en": ["enter freely"]}),
    Concept("inspector_powers_examine_documents", terms={"ru": ["запрашивать и получать документы"],
                                                         "en": ["production of documents"]}),
]


@pytest.fixture(scope="module")
def tagger() -> nlp.Tagger:
    return nlp.Tagger.build(CONCEPTS)


def test_concepts_are_found_in_russian_in_any_inflection(tagger: nlp.Tagger) -> None:
    text = "Инспекторы беспрепятственно посещают работодателей без предварительных уведомлений."
    assert tagger.tag(text, "ru") == ("free_entry_workplace", "without_prior_notice")


def test_concepts_are_found_in_english(tagger: nlp.Tagger) -> None:
    text = "Inspectors may enter freely, without prior notice, and require the production of documents."
    assert tagger.tag(text, "en") == ("free_entry_workplace", "without_prior_notice",
                                      "inspector_powers_examine_documents")


def test_kazakh_terms_match_lowercased_tokens(tagger: nlp.Tagger) -> None:
    assert tagger.tag("Тексеру АЛДЫН АЛА ХАБАРЛАМАЙ жүргізіледі", "kk") == ("without_prior_notice",)


def test_a_term_split_by_other_words_still_matches(tagger: nlp.Tagger) -> None:
    text = "запрашивать и получать от работодателей, работников (их представителей) документы, объяснения"
    assert tagger.tag(text, "ru") == ("inspector_powers_examine_documents",)
    # but not when its words are far apart
    far = "запрашивать сведения о ходе работы и получать разъяснения руководителей всех подразделений; документы"
    assert tagger.tag(far, "ru") == ()


def test_an_enumerated_item_is_read_with_its_lead_in(tagger: nlp.Tagger) -> None:
    lead = "Государственные инспекторы труда имеют право беспрепятственно:"
    assert tagger.tag("посещать работодателей;", "ru") == ()
    assert tagger.tag("посещать работодателей;", "ru", lead=lead) == ("free_entry_workplace",)
    # a term wholly inside the lead-in belongs to the lead-in, not to the item
    assert tagger.tag("запрашивать документы;", "ru", lead="Проверки без предварительного уведомления:") == ()
