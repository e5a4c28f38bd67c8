"""Case forms of titles in Russian text: a title is stored in the nominative, a sentence needs it in its case.

«на соответствие Конвенции 1947 года об инспекции труда» (dative), «требованиям Конвенции 1970 года …» (genitive):
only the title's head word changes; the rest of the title is already in the case the head governs.

>>> inflect_head("Конвенция 1947 года об инспекции труда", "datv")
'Конвенции 1947 года об инспекции труда'
>>> inflect_head("Трудовой кодекс Республики Казахстан", "gent")
'Трудового кодекса Республики Казахстан'
>>> join_ru(["Конвенции № 81", "Конвенции № 129"])
'Конвенции № 81 и Конвенции № 129'
"""

from __future__ import annotations

import re
from typing import Any


def _morph() -> Any:
    """The process's one Russian analyser (its dictionaries are loaded once, for the matcher and the reports)."""
    from gapkit.nlp import russian_analyser

    return russian_analyser()


def _inflect(word: str, case: str) -> str:
    for parse in _morph().parse(word):
        if "nomn" in parse.tag and ("NOUN" in parse.tag or "ADJF" in parse.tag):
            form = parse.inflect({case})
            if form is not None:
                out = str(form.word)
                return out[0].upper() + out[1:] if word[0].isupper() else out
    return word


def inflect_head(title: str, case: str) -> str:
    """The title with its head (the first noun, and the adjectives before it) put in ``case`` (pymorphy3 tags:
    gent, datv, accs, ablt, loct); a title that does not start with Cyrillic words is returned as it is."""
    words = title.split(" ")
    out: list[str] = []
    for i, w in enumerate(words):
        if not re.fullmatch(r"[А-Яа-яЁё-]+", w):
            return " ".join(out + words[i:])
        parses = _morph().parse(w)
        noun = any("NOUN" in p.tag and "nomn" in p.tag for p in parses)
        out.append(_inflect(w, case))
        if noun:
            return " ".join(out + words[i + 1:])
    return " ".join(out)


def join_ru(items: list[str]) -> str:
    """«А», «А и Б», «А, Б и В»."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " и " + items[-1]
