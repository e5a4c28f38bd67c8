"""The wording of Kazakh legal texts (Russian and Kazakh) that the national-law importers recognise.

Every format (the Markdown mirror, adilet HTML, copied text, DOCX) is first turned into plain lines;
these patterns then say what each line is. They are matched on text, not on layout, because the
same line is a ``<h3>`` in one source, ``#### Статья 191.`` in another and bare text in a third.

>>> m = ARTICLE_RU.match("Статья 144-1. Профилактический контроль")
>>> norm_num(m.group(1)), m.group(2)
('144-1', 'Профилактический контроль')
>>> norm_num(ARTICLE_KK.match("191-бап. Мемлекеттік бақылау").group(1))
'191'
>>> norm_num(SUBPARAGRAPH.match("1‑1) формирует").group(1))
'1-1'
>>> bool(EXCLUDED_TEXT.match("алып тасталды - ҚР 24.05.2018 № 156-VI Заңымен;"))
True
"""

from __future__ import annotations

import re

from gapkit.texts import GONE_WORDS, NUM  # numbers as the acts write them (191, 144-1), the words of a repeal

_DASHES = re.compile(r"\s?[-\u2010\u2011\u2012\u2013]\s?")

# ---- headings ---------------------------------------------------------------------------------
ARTICLE_RU = re.compile(rf"^Статья\s+({NUM})\s*\.\s*(.*)$")
ARTICLE_KK = re.compile(rf"^({NUM})\s*-\s*бап\s*\.\s*(.*)$")
# "Статья 1" alone on its line, as the Constitution heads its articles: no period, no title
ARTICLE_BARE = re.compile(rf"^(?:Статья\s+({NUM})|({NUM})\s*-\s*бап)$")
# Divisions. The trailing period is required unless the source marks the line as a heading,
# so that a sentence starting "Глава 5 ..." is never taken for a chapter.
SECTION_RU = re.compile(r"^Раздел\s+(\d+|[IVXLC]+)\s*(\.?)\s*(.*)$", re.IGNORECASE)
SECTION_KK = re.compile(r"^(\d+)\s*-\s*бөл[іi]м(?!\w)\s*(\.?)\s*(.*)$", re.IGNORECASE)
CHAPTER_RU = re.compile(rf"^Глава\s+({NUM})\s*(\.?)\s*(.*)$", re.IGNORECASE)
CHAPTER_KK = re.compile(rf"^({NUM})\s*-\s*тарау(?!\w)\s*(\.?)\s*(.*)$", re.IGNORECASE)
# Divisions canonical ids have no form for (a chapter's параграф, the Общая/Особенная часть):
# recognised so that they are reported by name, never taken for text.
PARAGRAPH_DIV = re.compile(rf"^(?:Параграф\s+({NUM})|({NUM})\s*-\s*параграф(?!\w))\s*(\.?)\s*(.*)$", re.IGNORECASE)
PART_DIV = re.compile(r"^(?:(ОБЩАЯ|ОСОБЕННАЯ)\s+ЧАСТЬ|(ЖАЛПЫ|ЕРЕКШЕ)\s+БӨЛ[ІI]М)\s*\.?$", re.IGNORECASE)

# ---- numbered items ---------------------------------------------------------------------------
PARAGRAPH = re.compile(rf"^({NUM})\.(?!\d)\s*(.+)$")  # пункт / тармақ: "1.", "8-1."
SUBPARAGRAPH = re.compile(rf"^({NUM})\)\s*(.+)$")  # подпункт / тармақша: "1)", "1-1)"
# An item repealed: "Исключен Законом РК ...", "утратил силу ...", "алып тасталды - ҚР ... Заңымен".
EXCLUDED_TEXT = re.compile(rf"^{GONE_WORDS}\b", re.IGNORECASE)

# ---- notes ------------------------------------------------------------------------------------
NOTE = re.compile(r"^(Сноска|Ескерту)\s*\.\s*(.*)$", re.DOTALL)
# A note about one item rather than its article: "Сноска. Подпункт 68) действовал до …", "Ескерту. 3-тармақ …".
ITEM_NOTE_RU = re.compile(rf"^Сноска\s*\.\s*(?:Подпункт|Пункт)\s+({NUM})\b")
ITEM_NOTE_KK = re.compile(rf"^Ескерту\s*\.\s*({NUM})(?:\)\s*тармақша|\s*-\s*тармақ)")
EXCLUDED_ARTICLE_RU = re.compile(rf"\bСтатья\s+({NUM})\s+(?:исключена|утратила\s+силу)", re.IGNORECASE)
EXCLUDED_ARTICLE_KK = re.compile(rf"\b({NUM})\s*-\s*бап\s+(?:алып\s+тасталды|алынып\s+тасталды|күші\s+жойылды)",
                                 re.IGNORECASE)

# An article's own notes, part of the law ("Примечания." over numbered notes, "Примечание. Для целей ...").
ARTICLE_NOTES = re.compile(r"^(?:Примечани[ея]|Ескертпе(?:лер)?)\s*\.\s*(.*)$", re.IGNORECASE | re.DOTALL)
# What the database's editors add, not the law: "Примечание. См. нормативное постановление ...",
# "Примечание!", "Нормативным постановлением Конституционного Суда РК ... признан ...".
EDITORIAL = re.compile(r"^(?:Примечание\s*(?:!|\.\s*См\.)|Ескерту\s*!|Нормативн\w+\s+постановлени\w+\s+Конституционн)",
                       re.IGNORECASE)

# ---- around the act ---------------------------------------------------------------------------
TOC_MARKER = re.compile(r"^(?:ОГЛАВЛЕНИЕ|СОДЕРЖАНИЕ|МАЗМҰНЫ)\.?$", re.IGNORECASE)
SIGNATURE = re.compile(r"^(?:Президент\s+Республики\s+Казахстан|Қазақстан\s+Республикасының\s+Президенті)$",
                       re.IGNORECASE)
_MONTHS_RU = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
              "октября", "ноября", "декабря")
_MONTHS_KK = ("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек",
              "қазан", "қараша", "желтоқсан")
# The act's requisites under its title: "Кодекс Республики Казахстан от 23 ноября 2015 года № 414-V ЗРК."
REQUISITES_RU = re.compile(r"\bот\s+(\d{1,2})\s+(" + "|".join(_MONTHS_RU) + r")\s+(\d{4})\s*(?:года|г\.)?\s*"
                           r"№\s*(\d+(?:\s*-\s*[IVXLCІХ]+)?)", re.IGNORECASE)
# "Қазақстан Республикасының 2015 жылғы 23 қарашадағы № 414-V Кодексі."
REQUISITES_KK = re.compile(r"\b(\d{4})\s+жылғы\s+(\d{1,2})\s+(" + "|".join(_MONTHS_KK) + r")\w*\s+"
                           r"№\s*(\d+(?:\s*-\s*[IVXLCІХ]+)?)", re.IGNORECASE)

# Cyrillic letters the sources use inside Roman numerals of law numbers ("321-VІ" with a Cyrillic І).
_ROMAN_LOOKALIKES = str.maketrans({"І": "I", "Х": "X", "С": "C", "М": "M", "В": "V"})


def norm_num(s: str) -> str:
    """A number as an id holds it: '144‑1' / '144 - 1' -> '144-1'."""
    return _DASHES.sub("-", s.strip())


def norm_act_number(s: str) -> str:
    """A law number in Latin letters, without spaces: '321-VІ' (Cyrillic І) -> '321-VI'.

    >>> norm_act_number("321-VІ"), norm_act_number("414 - V")
    ('321-VI', '414-V')
    """
    return re.sub(r"\s+", "", s).translate(_ROMAN_LOOKALIKES)


def requisites(text: str) -> tuple[str, str] | None:
    """(act number, ISO date) from an act's requisites line, or None.

    >>> requisites("Кодекс Республики Казахстан от 23 ноября 2015 года № 414-V ЗРК.")
    ('414-V', '2015-11-23')
    >>> requisites("Қазақстан Республикасының 2015 жылғы 23 қарашадағы № 414-V Кодексі.")
    ('414-V', '2015-11-23')
    """
    m = REQUISITES_RU.search(text)
    if m:
        month = _MONTHS_RU.index(m.group(2).lower()) + 1
        return norm_act_number(m.group(4)), f"{m.group(3)}-{month:02d}-{int(m.group(1)):02d}"
    m = REQUISITES_KK.search(text)
    if m:
        month = next(i for i, name in enumerate(_MONTHS_KK, 1) if m.group(3).lower().startswith(name))
        return norm_act_number(m.group(4)), f"{m.group(1)}-{month:02d}-{int(m.group(2)):02d}"
    return None


def match_article(text: str) -> tuple[str, str, str] | None:
    """(number, title, language) when ``text`` is an article heading.

    >>> match_article("Статья 1"), match_article("Статья 5 настоящего Закона")
    (('1', '', 'ru'), None)
    """
    for rx, lang in ((ARTICLE_RU, "ru"), (ARTICLE_KK, "kk")):
        m = rx.match(text)
        if m:
            return norm_num(m.group(1)), m.group(2).strip(), lang
    m = ARTICLE_BARE.match(text)
    if m:
        return norm_num(m.group(1) or m.group(2)), "", "ru" if m.group(1) else "kk"
    return None


def match_division(text: str, marked_heading: bool) -> tuple[str, str, str] | None:
    """(kind, number, title) for a section, chapter, параграф or part heading.

    ``kind`` is ``section``, ``chapter``, ``paragraph`` (a chapter's параграф) or ``part`` (a code's
    Общая / Особенная часть: number ``general`` or ``special``).

    >>> match_division("ОСОБЕННАЯ ЧАСТЬ", True), match_division("Параграф 2. Пособие на рождение", False)
    (('part', 'special', 'ОСОБЕННАЯ ЧАСТЬ'), ('paragraph', '2', 'Пособие на рождение'))
    """
    for rx, kind in ((SECTION_RU, "section"), (SECTION_KK, "section"), (CHAPTER_RU, "chapter"),
                     (CHAPTER_KK, "chapter")):
        m = rx.match(text)
        if m and (marked_heading or m.group(2)):
            return kind, norm_num(m.group(1)).upper(), m.group(3).strip()
    m = PARAGRAPH_DIV.match(text)
    if m and (marked_heading or m.group(3)):
        return "paragraph", norm_num(m.group(1) or m.group(2)), m.group(4).strip()
    m = PART_DIV.match(text)
    if m:
        word = (m.group(1) or m.group(2)).lower()
        return "part", "general" if word in ("общая", "жалпы") else "special", text
    return None
