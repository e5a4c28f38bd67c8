"""The thesaurus concepts and the signals added for the social-security, mines and violence Conventions: the
concepts in the Kazakh law's words and the Conventions', a requirement's Part, the parameter it fixes, and the
kind of quantity it fixes."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from gapkit import match, nlp
from gapkit.match import rank as match_rank
from gapkit.numbers import measures
from gapkit.workspace import load

from .conftest import REPO, copy_shipped, import_corpus, write


@pytest.fixture(scope="module")
def tagger(tmp_path_factory: pytest.TempPathFactory) -> nlp.Tagger:
    root = copy_shipped(tmp_path_factory.mktemp("shipped") / "ws")
    return nlp.tagger(load(root))


#: (language, a sentence in the words the Kazakh codes or the Conventions use, the concept it must be read as)
WORDED = [
    ("ru", "Пособие выплачивается с первого дня нетрудоспособности до дня восстановления трудоспособности.",
     "waiting_period"),
    ("ru", "Пособие выплачивается с первого дня нетрудоспособности до дня восстановления трудоспособности.",
     "benefit_duration"),
    ("ru", "Пенсионные выплаты назначаются пожизненно.", "benefit_duration"),
    ("ru", "Получатель вправе обжаловать решения, действия (бездействие) государственных органов.", "right_of_appeal"),
    ("ru", "При неявке на переосвидетельствование выплата пособия приостанавливается.", "suspension_of_benefit"),
    ("ru", "При неявке на переосвидетельствование выплата пособия приостанавливается.", "verification_of_contingency"),
    ("ru", "Работодатель обязан возместить вред, причиненный жизни и (или) здоровью работника.",
     "employment_injury_benefit"),
    ("ru", "Лицам, находящимся на полном государственном обеспечении, выплата производится частично.",
     "upkeep_at_public_expense"),
    ("ru", "Размер пособия определяется путем умножения среднего дневного заработка на число рабочих дней.",
     "benefit_rate_standard_beneficiary"),
    ("ru", "Ежегодное повышение размеров пенсионных выплат устанавливается законом.", "benefit_review_adjustment"),
    ("ru", "Лица (семьи), имеющие детей, имеют право на социальную защиту.", "family_benefit"),
    ("ru", "Работодатель или работник вправе обратиться в суд.", "recourse_to_courts"),
    ("ru", "Работающие пенсионеры получают выплаты в полном размере.", "beneficiary_gainful_activity"),
    ("ru", "Повреждение здоровья, вызванное состоянием алкогольного опьянения, не учитывается.",
     "contingency_caused_by_misconduct"),
    ("ru", "Лицам, имеющим одновременно право на два пособия, назначается одно пособие по их выбору.",
     "concurrent_benefits"),
    ("en", "The benefit may be suspended where the contingency was caused by the person's wilful misconduct.",
     "contingency_caused_by_misconduct"),
    ("en", "The benefit may be suspended where the contingency was caused by the person's wilful misconduct.",
     "suspension_of_benefit"),
    ("en", "while the person's upkeep is paid from public funds", "upkeep_at_public_expense"),
    ("en", "while the person receives another social security cash benefit", "concurrent_benefits"),
    ("en", "a person who engages in prescribed gainful activity", "beneficiary_gainful_activity"),
    ("en", "breaks the rules prescribed for verifying the occurrence or continuation of the contingency",
     "verification_of_contingency"),
    ("en", "Remedies include access to courts or tribunals.", "recourse_to_courts"),
    ("en", "Every claimant must have a right of appeal if benefit is refused.", "right_of_appeal"),
]


@pytest.mark.parametrize(("lang", "text", "concept"), WORDED, ids=[f"{c}-{lang}" for lang, _t, c in WORDED])
def test_the_new_concepts_are_found_in_the_law_s_words_and_the_convention_s(
        tagger: nlp.Tagger, lang: str, text: str, concept: str) -> None:
    assert concept in tagger.tag(text, lang)


@pytest.mark.parametrize(("lang", "text", "concept"), [
    ("ru", "Пособие назначается с 1 января 2018 года.", "waiting_period"),  # a date is no waiting period
    ("ru", "Пособие выплачивается работнику.", "suspension_of_benefit"),
    ("ru", "Суды рассматривают уголовные дела.", "recourse_to_courts"),
    ("en", "The benefit is a periodical payment.", "upkeep_at_public_expense"),
])
def test_a_concept_is_not_found_where_its_words_are_not(tagger: nlp.Tagger, lang: str, text: str,
                                                       concept: str) -> None:
    assert concept not in tagger.tag(text, lang)


def test_every_branch_and_parameter_the_conventions_need_is_in_the_thesaurus(tmp_path: Path) -> None:
    """The nine C102 branches and their parameters, the mines and the violence concepts: each says what it means
    in English and Russian and is matched on English and Russian terms."""
    ws = load(copy_shipped(tmp_path / "ws"))
    needed = {
        "C102": ["medical_care", "sickness_benefit", "unemployment_benefit", "old_age_benefit",
                 "employment_injury_benefit", "family_benefit", "maternity_benefit", "invalidity_benefit",
                 "survivors_benefit", "contingency_covered", "persons_protected", "qualifying_period", "waiting_period",
                 "benefit_rate_standard_beneficiary", "previous_earnings", "benefit_duration", "suspension_of_benefit",
                 "right_of_appeal", "financing_contributions"],
        "C176": ["mine", "underground_personnel_tracking", "ventilation", "explosives_handling", "rescue_first_aid",
                 "right_to_remove_from_danger"],
        "C190": ["violence_and_harassment", "sexual_harassment", "gender_based_violence", "domestic_violence_effects",
                 "complaint_dispute_resolution", "recourse_to_courts", "protection_against_victimisation",
                 "support_services_victims"],
    }
    for code, ids in needed.items():
        for cid in ids:
            concept = ws.concepts[cid]
            assert code in concept.conventions, cid
            assert concept.label.get("en") and concept.label.get("ru"), cid
            assert concept.terms.get("en") and concept.terms.get("ru"), cid


# ---- the signals, each on a workspace made for it --------------------------------------------------------------

THESAURUS = """
concepts:
  - id: sickness_benefit
    label: {en: sickness benefit, ru: пособие по болезни}
    terms: {en: [sickness benefit], ru: [пособие по временной нетрудоспособности]}
    conventions: [C102]
  - id: unemployment_benefit
    label: {en: unemployment benefit, ru: пособие по безработице}
    terms: {en: [unemployment benefit], ru: [социальная выплата на случай потери работы]}
    conventions: [C102]
  - id: benefit_rate
    label: {en: rate of benefit, ru: размер пособия}
    terms: {en: [rate of benefit], ru: [размер пособия, размер выплаты]}
    conventions: [C102]
    parameters: [benefit_rate]
  - id: periodical_payments
    label: {en: periodical payments, ru: периодические выплаты}
    terms: {en: [periodical payment], ru: [ежемесячная выплата]}
    conventions: [C102]
"""


def _c102(root: Path, parts: list[dict], requirements: list[dict], provisions: list[dict],
          thesaurus: str = THESAURUS) -> Path:
    write(root, "gapkit.toml", '[workspace]\nname = "T"\ncountry = "kz"\nlanguages = ["ru", "en"]\n')
    write(root, "conventions/thesaurus/t.yaml", thesaurus)
    convention = {"instrument": {"code": "C102", "kind": "convention", "number": 102, "year": 1952,
                                 "title": {"en": "Social Security (Minimum Standards) Convention",
                                           "ru": "Конвенция о минимальных нормах социального обеспечения"}},
                  "clauses": [*parts, *requirements]}
    act = {"instrument": {"code": "KZ-SC", "kind": "act", "country": "kz", "title": {"ru": "Социальный кодекс"},
                          "aliases": {"ru": ["Социальный кодекс"]}, "cite_as": {"ru": "Социального кодекса"}},
           # other provisions, as a code has: a word or a concept every provision holds tells nothing apart
           "clauses": [*provisions, *_article(900, "Заключительные положения",
                                              [f"Кодекс вводится в действие в срок {n}." for n in range(12)])]}
    write(root, "conventions/C102.yaml", yaml.safe_dump(convention, allow_unicode=True))
    write(root, "national_law/kz/social_code.yaml", yaml.safe_dump(act, allow_unicode=True))
    return root


PARTS = [{"id": "C102:part-III", "kind": "container", "heading": {"en": "Part III. Sickness Benefit",
                                                                   "ru": "Раздел III. Пособия по болезни"}},
         {"id": "C102:part-IV", "kind": "container", "heading": {"en": "Part IV. Unemployment Benefit",
                                                                  "ru": "Раздел IV. Пособия по безработице"}}]


def _requirement(rid: str, part: str, en: str, ru: str, concepts: list[str], params: dict | None = None) -> dict:
    out = {"id": rid, "parent": part, "kind": "obligation", "text": {"en": en, "ru": ru}, "concepts": concepts}
    if params:
        out["params"] = params
    return out


def _article(num: int, heading: str, paragraphs: list[str]) -> list[dict]:
    return [{"id": f"KZ-SC:{num}", "kind": "container", "heading": {"ru": heading}},
            *({"id": f"KZ-SC:{num}({i})", "authentic": {"ru": t}} for i, t in enumerate(paragraphs, 1))]


@pytest.mark.parametrize("signals", [("filed under", "part context"), ("filed under",), ("part context",), ()])
def test_a_provision_filed_under_the_requirement_s_branch_comes_first(tmp_path: Path, signals: tuple[str, ...],
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Two articles say the same of a payment's size; one is filed under the sickness benefit, the other under the
    job-loss payment. A Part III requirement gets the sickness one first, a Part IV one the other, by either signal
    of the Part: the heading the provision is filed under, or the Part's concept the requirement is read with.
    Without both, the Part makes no difference."""
    from gapkit.match import index as match_index

    if "filed under" not in signals:
        monkeypatch.setattr(match_rank, "BRANCH_MATCH", 0.0)
    if "part context" not in signals:
        monkeypatch.setattr(match_index, "PART_CONTEXT_WEIGHT", 0.0)
    same = "Размер выплаты определяется по среднему доходу {}."  # the same words but one: not one text twice
    _c102(tmp_path, PARTS,
          [_requirement("C102:16", "C102:part-III", "The rate is a share of earnings.",
                        "Размер составляет долю заработка.", ["benefit_rate"]),
           _requirement("C102:22", "C102:part-IV", "The rate is a share of earnings.",
                        "Размер составляет долю заработка.", ["benefit_rate"])],
          [*_article(10, "Социальная выплата на случай потери работы", [same.format("лица")]),
           *_article(20, "Пособие по временной нетрудоспособности", [same.format("получателя")])])
    rows = match.suggest(load(tmp_path), "C102", ["KZ-SC"], 2)
    first = {rid: r[0].provision for rid, r in rows.items()}
    if signals:
        assert first == {"C102:16": "KZ-SC:20(1)", "C102:22": "KZ-SC:10(1)"}
    else:
        assert first["C102:16"] == first["C102:22"]


@pytest.mark.parametrize("fixed", [True, False])
def test_the_parameter_a_requirement_fixes_is_what_it_is_about(tmp_path: Path, fixed: bool) -> None:
    """A requirement whose catalogue lists the benefit rate last but whose params say it fixes the rate (C102:16(1)
    fixes ``benefit_rate``): with the thesaurus naming the parameter, the provision on the size of the payment comes
    before the one on monthly payment; without, the other way round."""
    thesaurus = THESAURUS if fixed else THESAURUS.replace("    parameters: [benefit_rate]\n", "")
    _c102(tmp_path, PARTS,
          [_requirement("C102:16(1)", "C102:part-III", "Sickness benefit meets Article 65.",
                        "Пособие по болезни соответствует статье 65.",
                        ["sickness_benefit", "periodical_payments", "benefit_rate"],
                        {"benefit_rate": {"percent": 45}})],
          _article(30, "Пособие по временной нетрудоспособности",
                   ["Пособие производится как ежемесячная выплата.", "Размер пособия исчисляется от заработка."]),
          thesaurus=thesaurus)
    ws = load(tmp_path)
    item = next(r for r in match.prepare(ws, ["C102"], ["KZ-SC"]).requirements if r.id == "C102:16(1)")
    assert item.concepts["benefit_rate"] == (1.0 if fixed else 0.25)
    first = match.suggest(ws, "C102", ["KZ-SC"], 2)["C102:16(1)"][0].provision
    assert first == ("KZ-SC:30(2)" if fixed else "KZ-SC:30(1)")


@pytest.mark.parametrize(("en", "ru", "kinds"), [
    ("at least 13 weeks in any period of 12 months", "", {"period"}),
    ("The prescribed age may not exceed 65 years.", "", {"age"}),
    ("not less than 45 per cent of the reference wage", "", {"percent"}),
    ("", "продолжительностью от одного до шести месяцев", {"period"}),
    ("", "за тридцать календарных дней", {"period"}),
    ("", "по достижении 63 лет", {"age"}),
    ("", "в размере ста процентов средней заработной платы", {"percent"}),
    ("", "с 1 июля 2001 года и с 1 января 2018 года", set()),
    ("", "Работодатель обязан выплачивать пособие.", set()),
])
def test_what_a_number_measures(en: str, ru: str, kinds: set[str]) -> None:
    assert set(measures(en, "en") | measures(ru, "ru")) == kinds


@pytest.mark.parametrize("signal", [True, False])
def test_a_provision_that_fixes_the_same_kind_of_quantity_comes_first(tmp_path: Path, signal: bool,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """"Not less than 13 weeks" shares no word with «от одного до шести месяцев»: with the measure signal the
    provision that fixes a period comes before its neighbour that fixes none; without, the Code's order decides."""
    if not signal:
        monkeypatch.setattr(match_rank, "MEASURE_MATCH", 0.0)
    _c102(tmp_path, PARTS,
          [_requirement("C102:24", "C102:part-IV", "The unemployment benefit is paid for at least 13 weeks.",
                        "Пособие по безработице выплачивается не менее 13 недель.", ["unemployment_benefit"])],
          _article(40, "Социальная выплата на случай потери работы",
                   ["Социальная выплата на случай потери работы назначается органом.",
                    "Социальная выплата на случай потери работы назначается на срок от одного до шести месяцев."]))
    first = match.suggest(load(tmp_path), "C102", ["KZ-SC"], 2)["C102:24"][0].provision
    assert first == ("KZ-SC:40(2)" if signal else "KZ-SC:40(1)")


@pytest.mark.slow  # ranks against the whole Social and Labour Codes
def test_suggest_c102_finds_the_benefits_the_social_and_labour_codes_pay(tmp_path: Path) -> None:
    """On the real Social Code and Labour Code: the sickness benefit's size (Labour Code Art. 133(4-1)), its running
    from the first day (133(3)), the job-loss payment's duration (Social Code Art. 118(1)) and the maternity
    period (the payment's, Social Code Art. 77(3), or the leave's, Labour Code Art. 99(2)) are among the five
    suggestions of the requirements they answer."""
    root = copy_shipped(tmp_path / "ws")
    import_corpus(root, ("labour_code/2026-07-12", "social_code"))
    rows = match.suggest(load(root), "C102", ["KZ-SC", "KZ-LC"], 5)
    expected = {"C102:16(1)": {"KZ-LC:133(4-1)"}, "C102:18(1)": {"KZ-LC:133(3)"}, "C102:24(1)": {"KZ-SC:118(1)"},
                "C102:52": {"KZ-SC:77(3)", "KZ-LC:99(2)"}}
    for rid, provisions in expected.items():
        assert provisions & {r.provision for r in rows[rid]}, (rid, [r.provision for r in rows[rid]])


def test_the_thesaurus_file_names_only_known_fields(tmp_path: Path) -> None:
    """A concept's ``parameters`` must be a list; anything else is reported with its place."""
    root = copy_shipped(tmp_path / "ws")
    write(root, "conventions/thesaurus/bad.yaml", """
        concepts:
          - id: odd_one
            label: {en: odd, ru: странный}
            terms: {en: [odd], ru: [странный]}
            conventions: [C102]
            parameters: benefit_rate
        """)
    problems = [p for p in load(root).problems if "odd_one" in str(p)]
    assert problems and "parameters must be a list" in str(problems[0])
    assert (REPO / "conventions" / "thesaurus").is_dir()
