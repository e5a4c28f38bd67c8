"""The words of the review workbook, in Russian and English.

Verdict and relation labels are those of the reports (gapkit/report/templates/*/common.j2), so a reviewer
reads the same words in the workbook and in the review document. On import a label is accepted in either
language, and so is the code itself (``partially_compliant``), whatever the case and spacing.

>>> vocabulary_code("verdict", " Частично  соответствует ")
'partially_compliant'
>>> vocabulary_code("relation", "Partial overlap"), vocabulary_code("verdict", "non-compliant")
('intersects', 'non_compliant')
>>> vocabulary_code("verdict", "complient") is None
True
"""

from __future__ import annotations

import re

from gapkit.report.wording import VERDICT_LABELS
from gapkit.review import RELATIONS, VERDICTS

LANGS: tuple[str, ...] = ("ru", "en")

VERDICT_MEANING: dict[str, dict[str, str]] = {
    "ru": {"compliant": "национальные положения в совокупности обеспечивают выполнение требования",
           "partially_compliant": "требование выполнено в части; пробел описан в обосновании",
           "non_compliant": "требование не выполнено или национальные положения ему противоречат",
           "not_applicable": "требование не применяется (например, неиспользованная оговорка)",
           "insufficient_information": "сведений недостаточно для вывода; в обосновании указано, что нужно"},
    "en": {"compliant": "the national provisions together give effect to the requirement",
           "partially_compliant": "the requirement is met in part; the reason describes the gap",
           "non_compliant": "the requirement is not met, or the national provisions run counter to it",
           "not_applicable": "the requirement does not apply (for instance an option not used)",
           "insufficient_information": "too little is known to conclude; the reason says what is needed"},
}
RELATION_LABELS: dict[str, dict[str, str]] = {
    "ru": {"equal": "полное совпадение", "superset": "национальные положения шире требования",
           "subset": "национальные положения покрывают часть требования", "intersects": "частичное пересечение",
           "no_relationship": "соответствующих положений нет"},
    "en": {"equal": "equal", "superset": "national provisions wider than the requirement",
           "subset": "national provisions cover part of the requirement", "intersects": "partial overlap",
           "no_relationship": "no corresponding provision"},
}
STATE_LABELS: dict[str, dict[str, str]] = {
    "ru": {"confirmed": "решение эксперта",
           "preliminary": "предварительная оценка аналитической группы: подтвердите или измените",
           "needs_review": "требует повторной проверки: текст закона изменился",
           "rejected": "предложения отклонены, решения нет", "none": "не рассмотрено"},
    "en": {"confirmed": "decided by an expert",
           "preliminary": "preliminary assessment by the analysis team: confirm or change it",
           "needs_review": "needs re-review: the law text changed since",
           "rejected": "suggestions rejected, no decision", "none": "not reviewed"},
}
#: what "YOUR confirmation" takes to confirm a preliminary assessment as it is
CONFIRM_WORDS: dict[str, str] = {"ru": "подтвердить", "en": "confirm"}

#: The columns of a Convention sheet, in order: key -> header in each language. Keys starting with
#: ``new_`` are the ones the reviewer fills; ``exported_revision`` is hidden.
COLUMNS: dict[str, dict[str, str]] = {
    "id": {"ru": "Требование (id)", "en": "Requirement (id)"},
    "heading": {"ru": "Заголовок", "en": "Heading"},
    "text": {"ru": "Требование (наша формулировка)", "en": "Requirement (our wording)"},
    "authentic": {"ru": "Аутентичный текст", "en": "Authentic text"},
    "state": {"ru": "Состояние", "en": "State"},
    "provisions": {"ru": "Сейчас: положения", "en": "Now: provisions"},
    "relation": {"ru": "Сейчас: соотношение", "en": "Now: relation"},
    "verdict": {"ru": "Сейчас: вывод", "en": "Now: verdict"},
    "reason": {"ru": "Сейчас: обоснование", "en": "Now: reason"},
    "recommendation": {"ru": "Сейчас: рекомендация", "en": "Now: recommendation"},
    "practice": {"ru": "Сейчас: практика", "en": "Now: practice"},
    "reviewer": {"ru": "Сейчас: эксперт, дата", "en": "Now: reviewer, date"},
    "revision": {"ru": "Ревизия", "en": "Revision"},
    "suggestion_1": {"ru": "Предлагаемое положение 1", "en": "Suggested provision 1"},
    "suggestion_2": {"ru": "Предлагаемое положение 2", "en": "Suggested provision 2"},
    "suggestion_3": {"ru": "Предлагаемое положение 3", "en": "Suggested provision 3"},
    "new_confirm": {"ru": "ВАШЕ подтверждение предварительной оценки («подтвердить»)",
                    "en": "YOUR confirmation of the preliminary assessment ('confirm')"},
    "new_provisions": {"ru": "ВАШИ положения (id через ;)", "en": "YOUR provisions (ids, separated by ;)"},
    "new_relation": {"ru": "ВАШЕ соотношение", "en": "YOUR relation"},
    "new_verdict": {"ru": "ВАШ вывод", "en": "YOUR verdict"},
    "new_reason": {"ru": "ВАШЕ обоснование", "en": "YOUR reason"},
    "new_practice_verdict": {"ru": "ВАШ вывод о практике (необяз.)", "en": "YOUR verdict on practice (optional)"},
    "new_practice_note": {"ru": "ВАШЕ примечание о практике (необяз.)", "en": "YOUR note on practice (optional)"},
    "exported_revision": {"ru": "ревизия при выгрузке (не менять)", "en": "revision at export (do not edit)"},
}
FILL_COLUMNS: tuple[str, ...] = tuple(k for k in COLUMNS if k.startswith("new_"))
WIDTHS: dict[str, int] = {
    "id": 16, "heading": 24, "text": 48, "authentic": 40, "state": 16, "provisions": 20, "relation": 18,
    "verdict": 18, "reason": 44, "recommendation": 36, "practice": 24, "reviewer": 18, "revision": 9,
    "suggestion_1": 40, "suggestion_2": 40, "suggestion_3": 40, "new_confirm": 22, "new_provisions": 24,
    "new_relation": 24, "new_verdict": 22,
    "new_reason": 44, "new_practice_verdict": 22, "new_practice_note": 30, "exported_revision": 10,
}

SHEETS: dict[str, dict[str, str]] = {
    "instructions": {"ru": "Инструкция", "en": "Instructions"},
}
META_SHEET = "_gapkit"  # hidden: what the workbook is, for the import
LISTS_SHEET = "_lists"  # hidden: the drop-down values

TEXT: dict[str, dict[str, str]] = {
    "ru": {
        "title": "Рабочая книга экспертизы: {conventions}",
        "made": "Выгружено из рабочего пространства «{workspace}» {time}. Язык: русский.",
        "suggestions_missing": "Предлагаемые положения не показаны: модуль подбора (gapkit.match) недоступен.",
        "cited_by": "цитирует КЭПКР",
        "score": "оценка",
        "no_text": "(текст не загружен)",
        "authentic_other": "[{lang}] ",
        "summary": "[Изложение, официальный текст не загружен] ",
        "team": "аналитическая группа (предварительно)",
    },
    "en": {
        "title": "Review workbook: {conventions}",
        "made": "Exported from the workspace “{workspace}” at {time}. Language: English.",
        "suggestions_missing": "Suggested provisions are not shown: the matching module (gapkit.match) is not "
                               "available.",
        "cited_by": "cited by the CEACR",
        "score": "score",
        "no_text": "(no text imported)",
        "authentic_other": "[{lang}] ",
        "summary": "[Summary, not the text of the law] ",
        "team": "analysis team (preliminary)",
    },
}

INSTRUCTIONS: dict[str, list[str]] = {
    "ru": [
        "Как заполнять",
        "1. На листе каждой конвенции одна строка — одно требование. Серые столбцы показывают текущее решение "
        "и предложения системы; их не меняйте (лист защищён без пароля, чтобы их не изменить случайно).",
        "2. Заполняйте только жёлтые столбцы «ВАШИ …» в тех строках, где вы принимаете или меняете решение. "
        "Строки, где жёлтые столбцы пусты, при загрузке не трогаются.",
        "3. «ВАШИ положения»: идентификаторы национальных положений через точку с запятой, например "
        "KZ-LC:191(5); KZ-EC:137(1). Можно писать и ссылку словами: «пункт 5 статьи 191 Трудового кодекса». "
        "Идентификаторы предлагаемых положений указаны в серых столбцах.",
        "4. «ВАШЕ соотношение» и «ВАШ вывод» выбираются из выпадающего списка (значения — ниже). Пустая ячейка "
        "означает: оставить текущее значение.",
        "5. «ВАШЕ обоснование» обязательно для каждой изменённой строки: что положения делают и чего не делают.",
        "5а. Строки в состоянии «предварительная оценка аналитической группы» содержат оценку, которую подтверждает "
        "или меняет эксперт. Чтобы подтвердить её как есть, впишите «подтвердить» в столбец «ВАШЕ подтверждение "
        "предварительной оценки» и оставьте другие жёлтые столбцы пустыми; решение будет записано от вашего имени, "
        "а предварительная оценка останется в журнале изменений. Чтобы изменить, заполните жёлтые столбцы, как обычно.",
        "6. Не меняйте столбец «Требование (id)», названия листов и скрытый столбец с ревизией: по ним система "
        "узнаёт, к какому требованию и к какой версии решения относится строка.",
        "Что происходит при загрузке (gapkit import review ФАЙЛ --reviewer ИМЯ)",
        "• Каждая изменённая строка записывается целиком или не записывается вовсе; в журнал изменений "
        "попадает ваше имя и время.",
        "• Если после выгрузки кто-то другой изменил решение по тому же требованию, строка не записывается: "
        "она показывается как конфликт вместе с обеими версиями (их и вашей), чтобы вы решили, какую оставить.",
        "• Строка с неизвестным id, положением или значением не записывается; отчёт называет номер строки и "
        "причину. Остальные строки записываются.",
        "• С ключом --dry-run система только показывает, что изменилось бы, и ничего не записывает.",
        "Значения",
    ],
    "en": [
        "How to fill in",
        "1. On each Convention's sheet, one row is one requirement. The grey columns show the current decision "
        "and the system's suggestions; do not change them (the sheet is protected without a password so they "
        "are not changed by accident).",
        "2. Fill in only the yellow “YOUR …” columns, in the rows where you make or change a decision. Rows "
        "whose yellow columns are empty are left alone on import.",
        "3. “YOUR provisions”: ids of national provisions separated by semicolons, e.g. KZ-LC:191(5); "
        "KZ-EC:137(1). A citation in words also works: “section 191(5) of the Labour Code”. The suggested "
        "provisions show their ids in the grey columns.",
        "4. Choose “YOUR relation” and “YOUR verdict” from the drop-down list (values below). An empty cell "
        "means: keep the current value.",
        "5. “YOUR reason” is required on every changed row: what the provisions do and do not do.",
        "5a. Rows in the state “preliminary assessment by the analysis team” hold an assessment for an expert to "
        "confirm or change. To confirm it as it is, write “confirm” in “YOUR confirmation of the preliminary "
        "assessment” and leave the other yellow columns empty: the decision is recorded under your name and the "
        "preliminary assessment stays in the audit trail. To change it, fill in the yellow columns as usual.",
        "6. Do not change the “Requirement (id)” column, the sheet names or the hidden revision column: they "
        "tell the system which requirement, and which version of its decision, a row is about.",
        "What happens on import (gapkit import review FILE --reviewer NAME)",
        "• Each changed row is written whole or not at all; the change log records your name and the "
        "time.",
        "• If someone else changed the decision on the same requirement after the export, the row is not "
        "written: it is listed as a conflict with both versions (theirs and yours), for you to decide.",
        "• A row with an unknown id, provision or value is not written; the report gives its row number and "
        "the reason. The other rows are written.",
        "• With --dry-run the system only shows what would change and writes nothing.",
        "Values",
    ],
}
VOCAB_HEADINGS: dict[str, dict[str, str]] = {
    "ru": {"verdict": "Вывод", "relation": "Соотношение (национальные положения → требование)"},
    "en": {"verdict": "Verdict", "relation": "Relation (national provisions → requirement)"},
}


def header(key: str, lang: str) -> str:
    return COLUMNS[key][lang]


def _norm(s: str) -> str:
    return re.sub(r"[\s_\-]+", " ", s.replace("\u00a0", " ")).strip().casefold()


_HEADER_KEYS = {_norm(h): key for key, by_lang in COLUMNS.items() for h in by_lang.values()}


def column_key(text: object) -> str | None:
    """The column a header names, in either language (None for a header we did not write)."""
    return _HEADER_KEYS.get(_norm(str(text))) if text is not None else None


def _codes(kind: str) -> tuple[str, ...]:
    return VERDICTS if kind == "verdict" else RELATIONS


def vocabulary_code(kind: str, value: str) -> str | None:
    """The code (``partially_compliant``) of a value written as a code or a label in either language."""
    n = _norm(value)
    labels = VERDICT_LABELS if kind == "verdict" else RELATION_LABELS
    for code in _codes(kind):
        if n == _norm(code) or any(n == _norm(labels[lang][code]) for lang in LANGS):
            return str(code)  # the plain word, as the decisions file holds it
    return None


def vocabulary_labels(kind: str, lang: str) -> list[str]:
    labels = VERDICT_LABELS if kind == "verdict" else RELATION_LABELS
    return [labels[lang][c] for c in _codes(kind)]
