"""Numbers in legal text: written in figures ("30 календарных дней") or in words ("тридцати календарных дней",
"не менее чем за тридцать"), as Kazakhstan's acts mostly write them. Used to check that the figures of our summaries
are those of the law.

>>> sorted(numbers_in("не позднее тридцати календарных дней, но не более 5 рабочих дней"))
[5, 30]
>>> sorted(numbers_in("в размере ста двадцати пяти процентов"))
[5, 20, 25, 100, 120, 125]
>>> 1500 in numbers_in("менее тысячи пятисот тонн условного топлива")
True
>>> sorted(numbers_in("двух третей работников"))
[2, 3]
>>> sorted(numbers_in("не достигшие восемнадцатилетнего возраста, до двадцатитрехлетнего"))
[3, 18, 20, 23]
"""

from __future__ import annotations

import re

_ORD = r"(?:ый|ий|ой|ая|ое|ого|ому|ым|ом|ую|ые|ых|ыми|ье|ья|ьего|ьей|ьему|ьим|ьем|ью|ьи|ьих|ьими)"
# Every form of the Russian numerals (cardinal and ordinal), each a whole word: (pattern, value, rank).
_FORMS: list[tuple[str, int, str]] = [
    (r"од(?:ин|на|но|ни|ного|ной|ному|ним|ною|ном|них|ними)|перв" + _ORD, 1, "unit"),
    (r"дв(?:а|е|ух|ум|умя)|втор" + _ORD, 2, "unit"),
    (r"тр(?:и|ех|ёх|ем|ём|емя)|трет" + _ORD + r"|трет(?:ь|и|ей|ям|ями|ях)", 3, "unit"),  # and a third
    (r"четыр(?:е|ех|ёх|ем|ём|ьмя)|четв[её]рт" + _ORD, 4, "unit"),
    (r"пят(?:ь|и|ью)|пят" + _ORD, 5, "unit"),
    (r"шест(?:ь|и|ью)|шест" + _ORD, 6, "unit"),
    (r"сем(?:ь|и|ью)|седьм" + _ORD, 7, "unit"),
    (r"восем(?:ь|ью)|восьм(?:и|ью)|восьм" + _ORD, 8, "unit"),
    (r"девят(?:ь|и|ью)|девят" + _ORD, 9, "unit"),
    (r"десят(?:ь|и|ью)|десят" + _ORD, 10, "unit"),
    *[(stem + r"надцат(?:ь|и|ью|" + _ORD[3:], v, "unit") for stem, v in (
        ("один", 11), ("две", 12), ("три", 13), ("четыр", 14), ("пят", 15), ("шест", 16), ("сем", 17),
        ("восем", 18), ("девят", 19))],
    (r"двадцат(?:ь|и|ью)|двадцат" + _ORD, 20, "ten"),
    (r"тридцат(?:ь|и|ью)|тридцат" + _ORD, 30, "ten"),
    (r"сорок(?:а)?|сороков" + _ORD, 40, "ten"),
    *[(a + r"(?:ьдесят|идесяти|ьюдесятью|идесят" + _ORD + ")", v, "ten") for a, v in (
        ("пят", 50), ("шест", 60), ("сем", 70))],
    (r"восемьдесят|восьмидесяти|восемьюдесятью|восьмидесят" + _ORD, 80, "ten"),
    (r"девяност(?:о|а)|девяност" + _ORD, 90, "ten"),
    (r"сто|ста|сот" + _ORD, 100, "hundred"),
    (r"двест(?:и|а)|двухсот|двумст(?:ам|ами)|двухстах|двухсот" + _ORD, 200, "hundred"),
    (r"трист(?:а|и)|тр[её]хсот|тр[её]мст(?:ам|ами)|тр[её]хстах|тр[её]хсот" + _ORD, 300, "hundred"),
    (r"четырест(?:а|и)|четыр[её]хсот|четыр[её]мст(?:ам|ами)|четыр[её]хстах|четыр[её]хсот" + _ORD, 400, "hundred"),
    *[(a + r"(?:ьсот|исот|истам|истами|истах|исот" + _ORD + ")", v, "hundred") for a, v in (
        ("пят", 500), ("шест", 600), ("сем", 700), ("девят", 900))],
    (r"восемьсот|восьмисот|восьмистам|восьмистами|восьмистах|восьмисот" + _ORD, 800, "hundred"),
    (r"тысяч(?:а|и|у|ей|ью|ам|ами|ах)?|тысячн" + _ORD, 1000, "scale"),
    (r"миллион(?:а|у|ом|е|ы|ов|ам|ами|ах)?", 1_000_000, "scale"),
    (r"миллиард(?:а|у|ом|е|ы|ов|ам|ами|ах)?", 1_000_000_000, "scale"),
]
_COMPILED = [(re.compile(f"(?:{rx})"), v, rank) for rx, v, rank in _FORMS]
_RANK = {"unit": 1, "ten": 2, "hundred": 3, "scale": 4}
_WORD = re.compile(r"[А-Яа-яЁё]+")
_FIGURES = re.compile(r"\d+(?:[ \u00a0]\d{3})*(?:[.,]\d+)?")


def _value(word: str) -> tuple[int, str] | None:
    """(value, rank) of one numeral word: rank unit | ten | hundred | scale."""
    w = word.lower()
    for rx, v, rank in _COMPILED:
        if rx.fullmatch(w):
            return v, rank
    return None


# A numeral fused into an adjective: "восемнадцатилетнего", "двадцатитрехлетнего", "двукратном", "трехдневный".
_FUSED = re.compile(r"^(.+?)(?:летн|лети|кратн|дневн|месячн|недельн|часов|процентн)\w*$")
_FUSED_FORMS = {"дву": 2, "двух": 2, "трех": 3, "трёх": 3, "четырех": 4, "четырёх": 4, "пяти": 5, "шести": 6,
                "семи": 7, "восьми": 8, "девяти": 9, "десяти": 10, "одно": 1, "полу": 0, "сто": 100, "сорока": 40,
                "девяноста": 90}


def _fused(word: str) -> list[tuple[int, str]] | None:
    """The numerals fused at the head of an adjective, in order, or None."""
    m = _FUSED.match(word.lower())
    if not m:
        return None
    head = m.group(1)

    def split(rest: str) -> list[tuple[int, str]] | None:
        if not rest:
            return []
        for i in range(len(rest), 1, -1):
            part = rest[:i]
            val = (_FUSED_FORMS[part], "unit") if part in _FUSED_FORMS else _value(part)
            if val is not None:
                tail = split(rest[i:])
                if tail is not None:
                    return [val, *tail]
        return None

    out = split(head)
    return [v for v in out if v[0]] if out else None


def numbers_in(text: str) -> set[int]:
    """Every whole number the text states, in figures or in Russian words (each numeral word alone, and the
    number a run of them makes: "ста двадцати пяти" gives 125, 120, 100, 25, 20 and 5)."""
    out: set[int] = set()
    for m in _FIGURES.finditer(text):
        digits = re.sub(r"[ \u00a0]", "", m.group(0)).replace(",", ".")
        try:
            out.add(int(float(digits)))
        except ValueError:
            continue
        for part in re.findall(r"\d+", m.group(0)):
            out.add(int(part))
    run: list[tuple[int, str]] = []

    def flush() -> None:
        total = current = 0
        for v, rank in run:
            if rank == "scale":
                total += (current or 1) * v
                current = 0
            else:
                current += v
            out.add(v)
            out.add(total + current)
        if run:
            out.add(total + current)
        # partial sums from each start: "двадцати пяти" inside "ста двадцати пяти"
        for i in range(1, len(run)):
            s = 0
            for v, rank in run[i:]:
                s = s * v if rank == "scale" else s + v
                out.add(s)
        run.clear()

    last_end = 0
    for m in _WORD.finditer(text):
        fused = _fused(m.group(0)) if len(m.group(0)) > 8 else None
        if fused:  # "двадцатитрехлетнего": a number of its own
            flush()
            run.extend(fused)
            flush()
            last_end = m.end()
            continue
        val = _value(m.group(0))
        gap = text[last_end:m.start()]
        if val is None or (run and gap.strip()) or (run and _RANK[val[1]] < 4 and run[-1][1] != "scale"
                                                   and _RANK[val[1]] >= _RANK[run[-1][1]]):
            flush()  # a compound numeral goes down in rank ("ста двадцати пяти"); "двух третей" is two numbers
        if val is not None:
            run.append(val)
        last_end = m.end()
    flush()
    out.discard(0)
    return out


# ---- what a number measures --------------------------------------------------------------------------------------

#: The kinds of quantity a requirement or a provision may fix: a person's age, a period (days, weeks, months,
#: years), a percentage. A requirement "not less than 13 weeks" and a provision «от одного до шести месяцев» both
#: fix a period, though they share no word.
MEASURES = ("age", "period", "percent")

_EN_NUMBER = (r"\d+(?:[.,]\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
              r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|twenty-\w+|thirty|forty|fifty|sixty|seventy")
_EN = re.compile(rf"""
    (?P<age>\bage\s+(?:of\s+)?(?:{_EN_NUMBER})\b|\b(?:{_EN_NUMBER})\s+years?\s+(?:of\s+age|old)\b
        |\b(?:prescribed|pensionable|retirement)\s+age\b|\bage\s+(?:may|must|shall)\s+not\s+exceed\b
        |\bexceed\s+(?:{_EN_NUMBER})\s+years\b)
    |(?P<percent>\b(?:{_EN_NUMBER})\s*(?:per\s*cent|percent|%))
    |(?P<period>\b(?:{_EN_NUMBER}|first|a)\s+(?:(?:calendar|working|consecutive)\s+)?(?:days?|weeks?|months?|years?)\b)
    """, re.VERBOSE | re.IGNORECASE)

# Russian units after a number; a date ("с 1 января 2018 года") is no period: a year in figures is skipped.
_RU_UNIT = {"period": re.compile(r"^(?:д(?:ень|ня|ням|нях|ней|нем)|недел\w*|месяц\w*|год|года|году|лет|годам|годах)$"),
            "percent": re.compile(r"^(?:процент\w*)$")}
_RU_AGE = re.compile(r"(?:достижени\w+|возраст\w*)(?:\s+\w+){0,2}\s+(?:\d+(?:[.,]\d+)?|[а-яё]+)\s+(?:лет|года)\b",
                     re.IGNORECASE)
_MONTH_NAMES = re.compile(r"^(?:январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр)")


def measures(text: str, lang: str) -> frozenset[str]:
    """The kinds of quantity (``MEASURES``) a text fixes.

    >>> sorted(measures("The benefit must be paid for at least 13 weeks in any 12 months.", "en"))
    ['period']
    >>> sorted(measures("The prescribed age may not exceed 65 years.", "en"))
    ['age']
    >>> sorted(measures("at least 45 per cent of the reference wage", "en"))
    ['percent']
    >>> sorted(measures("выплачивается продолжительностью от одного до шести месяцев", "ru"))
    ['period']
    >>> sorted(measures("мужчинам по достижении 63 лет", "ru"))
    ['age']
    >>> sorted(measures("из расчета 60 процентов среднемесячного дохода", "ru"))
    ['percent']
    >>> sorted(measures("с 1 января 2018 года", "ru"))
    []
    """
    out: set[str] = set()
    if lang == "en":
        for m in _EN.finditer(text):
            out.add(next(k for k, v in m.groupdict().items() if v))
        return frozenset(out)
    if lang != "ru":
        return frozenset()
    if _RU_AGE.search(text):
        out.add("age")
        text = _RU_AGE.sub(" ", text)  # "по достижении 63 лет" is an age, not a period of 63 years
    words = re.findall(r"\d+(?:[.,]\d+)?%?|[А-Яа-яЁё]+", text)
    for i, word in enumerate(words):
        if word.endswith("%"):
            out.add("percent")
            continue
        figures = word[0].isdigit()
        if not figures and _value(word) is None:
            continue
        if figures and len(word) == 4 and i > 0 and _MONTH_NAMES.match(words[i - 1].lower()):
            continue  # the year of a date
        following = [w.lower() for w in words[i + 1:i + 3]]
        if figures and following and _MONTH_NAMES.match(following[0]):
            continue  # the day of a date
        for kind, unit in _RU_UNIT.items():
            # the unit follows the number, perhaps after an adjective: "тридцати календарных дней"
            if any(unit.match(w) for w in following):
                out.add(kind)
    return frozenset(out)
