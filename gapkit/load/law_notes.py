"""Amendment notes ("Сноска", "Ескерту") and exclusion lines turned into structured data.

A note names one or more amending acts, each with its date and number, and says in a
parenthesis when each came into force. Each act named becomes one :class:`Amendment` whose
``text`` is the part of the note about that act, so joining them with "; " gives the note back:

>>> notes = parse_note("Сноска. Статья 191 с изменениями, внесенными Законами РК от 24.05.2018 № 156-VI "
...                    "(вводится в действие с 01.07.2018); от 08.07.2024 № 116-VIII (вводится ...).", "ru")
>>> for a in notes:
...     print(a.act, a.date, a.number)
Закон РК от 24.05.2018 № 156-VI 2018-05-24 156-VI
Закон РК от 08.07.2024 № 116-VIII 2024-07-08 116-VIII
>>> notes[1].text
'от 08.07.2024 № 116-VIII (вводится ...).'

Kazakh notes put the kind of act after the list ("... Заңдарымен"); the date in a parenthesis is
when the act came into force, not the act's date, and is never taken for it:

>>> [a.act for a in parse_note("Ескерту. 193-бапқа өзгерістер енгізілді - ҚР 24.05.2018 № 156-VI "
...                            "(01.07.2018 бастап қолданысқа енгізіледі); 04.05.2020 № 321-VІ (...) "
...                            "заңдарымен.", "kk")]
['ҚР 24.05.2018 № 156-VI Заңы', 'ҚР 04.05.2020 № 321-VI Заңы']
>>> parse_note("Сноска. Подпункт 68) действовал до 01.01.2017.", "ru")[0].act
''
"""

from __future__ import annotations

import re

from gapkit.load.law_patterns import norm_act_number
from gapkit.model import Amendment

# One amending act: "от 24.05.2018 № 156-VI" (ru), "24.05.2018 № 156-VI" (kk), sometimes "№ 95-VII ЗРК".
_ACT_REF = re.compile(r"(?:\bот\s+)?(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})\s*(?:года\s*)?№\s*"
                      r"(\d+(?:\s*-\s*[IVXLCІХМ]+)?)(?:\s*(?:ЗРК|ҚРЗ))?")
# The kind of act, in the case the note uses; mapped to the name an ``act`` field holds.
_KIND_RU = re.compile(r"(Конституционн\w*\s+закон|Закон|Кодекс|Указ|Постановлени)\w*", re.IGNORECASE)
_KIND_RU_NAME = {"конституционн": "Конституционный закон", "закон": "Закон", "кодекс": "Кодекс",
                 "указ": "Указ", "постановлени": "Постановление"}
_KIND_KK = re.compile(r"(Заң|Кодекс|Жарлы[ғқ]|Қаулы)\w*", re.IGNORECASE)
_KIND_KK_NAME = {"заң": "Заңы", "кодекс": "Кодексі", "жарлығ": "Жарлығы", "жарлық": "Жарлығы", "қаулы": "Қаулысы"}


def _mask_parentheses(text: str) -> str:
    """The text with everything inside (...) blanked, positions kept: in-force dates are not acts."""
    out, depth = [], 0
    for ch in text:
        if ch == "(":
            depth += 1
        if depth:
            out.append(" ")
        else:
            out.append(ch)
        if ch == ")" and depth:
            depth -= 1
    return "".join(out)


def _kind_name(masked: str, start: int, end: int, lang: str) -> str:
    if lang == "kk":  # "ҚР 24.05.2018 № 156-VI (...) Заңымен": the kind follows the act(s)
        m = _KIND_KK.search(masked, end)
        word = m.group(1).lower() if m else "заң"
        return next((v for k, v in _KIND_KK_NAME.items() if word.startswith(k)), "Заңы")
    found = list(_KIND_RU.finditer(masked, 0, start))  # "внесенными Законами РК от ...": the kind precedes
    word = found[-1].group(1).lower() if found else "закон"
    return next((v for k, v in _KIND_RU_NAME.items() if word.startswith(k)), "Закон")


def _act_name(day: str, month: str, year: str, number: str, kind: str, lang: str) -> str:
    d = f"{int(day):02d}.{int(month):02d}.{year}"
    return f"ҚР {d} № {number} {kind}" if lang == "kk" else f"{kind} РК от {d} № {number}"


def parse_note(text: str, lang: str) -> list[Amendment]:
    """The amending acts a note names, one :class:`Amendment` each (one without an act if none)."""
    text = text.strip()
    masked = _mask_parentheses(text)
    cuts = [0] + [i + 1 for i, ch in enumerate(masked) if ch == ";"] + [len(text) + 1]
    out: list[Amendment] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        segment = text[a:b - 1].strip()
        for m in _ACT_REF.finditer(masked, a, max(a, b - 1)):
            number = norm_act_number(m.group(4))
            kind = _kind_name(masked, m.start(), m.end(), lang)
            out.append(Amendment(
                act=_act_name(m.group(1), m.group(2), m.group(3), number, kind, lang),
                date=f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}",
                number=number, text=segment, lang=lang))
    return out or [Amendment(text=text, lang=lang)]


def excluding_act(text: str, lang: str) -> str:
    """The act that excluded an item, from "Исключен Законом РК от 24.05.2018 № 156-VI (...)".

    >>> excluding_act("алып тасталды - ҚР 24.05.2018 № 156-VI (...) Заңымен;", "kk")
    'ҚР 24.05.2018 № 156-VI Заңы'
    """
    acts = [a.act for a in parse_note(text, lang) if a.act]
    return acts[0] if acts else ""
