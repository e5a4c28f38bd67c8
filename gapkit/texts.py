"""The text of a national provision as a reader is shown it: the law's official wording where the workspace holds it,
otherwise our summary, always saying which.

The official text of a unit is its own wording with everything under it, numbered as the act numbers it: an article
is its heading line, its own lines, then its пункты with their подпункты, then the text that follows them (the
wrap-up), then its notes; an excluded item reads as the act shows it («3) исключен Законом РК от …»). Editorial notes
of the database (court rulings) are not part of it.

>>> from gapkit.model import Clause, Instrument
>>> inst = Instrument("KZ-EC", "act")
>>> for c in [Clause("KZ-EC:144", "container", heading={"ru": "Порядок проверки"}),
...           Clause("KZ-EC:144(3)", authentic={"ru": "Орган контроля уведомляет:"}, wrap_up={"ru": "Иначе — нет."}),
...           Clause("KZ-EC:144(3)(1)", authentic={"ru": "о дате;"}),
...           Clause("KZ-EC:144(3)(2)", "excluded", authentic={"ru": "исключен Законом РК от 24.05.2018 № 156-VI;"})]:
...     inst.clauses[c.id] = c
>>> inst.clauses["KZ-EC:144"].children = ["KZ-EC:144(3)"]
>>> inst.clauses["KZ-EC:144(3)"].children = ["KZ-EC:144(3)(1)", "KZ-EC:144(3)(2)"]
>>> print(official_text(inst, "KZ-EC:144(3)", "ru"))
3. Орган контроля уведомляет:
1) о дате;
2) исключен Законом РК от 24.05.2018 № 156-VI;
Иначе — нет.
>>> print(official_text(inst, "KZ-EC:144", "ru").splitlines()[0])
Статья 144. Порядок проверки
>>> official_text(inst, "KZ-EC:144", "kk") is None
True
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from gapkit.citations import Citation
from gapkit.model import Clause, Instrument


@dataclass(frozen=True)
class ShownText:
    """What is shown for a provision: the official wording, or our summary (``official`` False), in ``lang``."""

    text: str
    official: bool
    lang: str
    edition: str  # the date of the edition the text is of (the official text's, or the one the summary was made on)


def has_official(inst: Instrument, clause_id: str, lang: str) -> bool:
    """Whether the official text of the unit (its own wording or that of anything under it) is held in ``lang``."""
    c = inst.clauses.get(clause_id)
    if c is None:
        return False
    if c.authentic.get(lang) or c.wrap_up.get(lang):
        return True
    return any(has_official(inst, k, lang) for k in c.children)


def _label(c: Clause, lang: str) -> str:
    cit = Citation.parse(c.id)
    if not cit.subs:  # the article: its heading line
        title = c.heading.get(lang, "")
        head = f"{cit.head}-бап." if lang == "kk" else f"Статья {cit.head}."
        return f"{head} {title}".rstrip() if title else head
    last = cit.subs[-1]
    if last == "note":
        return (c.heading.get(lang) or ("Ескертпе" if lang == "kk" else "Примечание")) + "."
    if c.label:
        return c.label
    depth = len([s for s in cit.subs if s != "note"])
    return f"{last}." if depth == 1 else f"{last})"


def official_text(inst: Instrument, clause_id: str, lang: str) -> str | None:
    """The official wording of the unit with everything under it, or None when the workspace does not hold it."""
    if not has_official(inst, clause_id, lang):
        return None
    lines: list[str] = []

    def walk(cid: str) -> None:
        c = inst.clauses[cid]
        own = c.authentic.get(lang, "")
        cit = Citation.parse(cid)
        if cit.is_division:  # a chapter or section: its heading, then its articles
            lines.append(c.heading.get(lang, ""))
        elif not cit.subs:  # an article: its heading on a line of its own
            lines.extend((_label(c, lang), own))
        else:
            lines.append(f"{_label(c, lang)} {own}".strip())
        for k in c.children:
            if has_official(inst, k, lang):
                walk(k)
        lines.append(c.wrap_up.get(lang, ""))

    walk(clause_id)
    return "\n".join(line for line in lines if line.strip())


def summary_text(c: Clause, lang: str) -> str:
    """Our summary of a provision in ``lang`` (the Russian one where that language has none)."""
    return c.text.get(lang) or c.text.get("ru") or c.text.get("en") or ""


def shown_text(inst: Instrument, clause_id: str, lang: str) -> ShownText | None:
    """The official wording in ``lang`` (else in Russian: the official language of the acts' summaries), else our
    summary; None when the provision has neither."""
    c = inst.clauses.get(clause_id)
    if c is None:
        return None
    for lg in dict.fromkeys((lang, "ru", "kk")):
        if lg == "en":
            continue  # Kazakhstan's acts have no official English text
        text = official_text(inst, clause_id, lg)
        if text:
            return ShownText(text, True, lg, inst.authentic_edition.get(lg) or c.edition or inst.edition)
    summary = summary_text(c, lang)
    if not summary:
        return None
    return ShownText(summary, False, lang if c.text.get(lang) else "ru", c.edition or inst.edition)


# ---- units that are no longer law -------------------------------------------------------------

#: How the acts say a unit is gone: «Исключен», «исключена», «утратил(и) силу», «алып тасталды», «күші жойылды» (the
#: forms of national_law/kz and ../shared/corpus/kz; the importers' ``law_patterns.EXCLUDED_TEXT`` reads the same).
GONE_WORDS = r"(?:исключ[её]н[аоы]?|утратил[аио]?\s+силу|алып\s+тасталды|алынып\s+тасталды|күші\s+жойылды)"
# ... and how our summaries translate it: "Repealed", "Deleted"
_GONE = rf"(?:{GONE_WORDS}|repealed|deleted|excluded|lost\s+(?:its\s+)?force|ceased\s+to\s+have\s+effect)"
# what may follow it: the act that did it («Законом РК от …», «в соответствии с Законом …», «- ҚР … Заңымен»,
# "by Law No …", «(вводится в действие …)») or nothing; never a subject («Утратил силу Закон от 9 апреля 1993 года»
# is a final provision in force that repeals another law, "Excluded from the scope are …", "Excluded under Article 2
# are …" rules)
_BY = (r"(?:(?:законом|законами|указом|постановлением|решением|в\s+соответствии|согласно|со\s+дня|by\s+(?:the\s+)?"
       r"(?:law|act|decree|resolution)|with\s+effect|as\s+of|қр)\b|с\s+\d|on\s+\d|\d)")
#: A unit's number as the acts write it: 191, 144-1, 8-1, with any of the hyphens sources use (as ``law_patterns.NUM``).
NUM = r"\d+(?:\s?[-\u2010-\u2013]\s?\d+)*"
#: The whole of a text that says its unit is repealed: «Исключен.», «3) исключен Законом РК от 24.05.2018 № 156-VI;»
#: (the number is not part of a clause's text), «Сноска. Статья 197 исключена Законом РК от …», "Repealed.".
REPEALED_TEXT = re.compile(
    rf"^\W*(?:(?:сноска|ескерту)\s*\.\s*(?:статья\s+{NUM}|{NUM}\s*-\s*бап)\s+|статья\s+{NUM}\s*\.\s*)?"
    rf"{_GONE}(?:[\s.;:,*]*$|\s*[-\u2010-\u2014(]|\s+{_BY})", re.IGNORECASE)


def is_repealed(clause: Clause, inst: Instrument | None = None) -> bool:
    """Whether the unit is no longer law: excluded (its kind, or the act that excluded it, says so), or its official
    text, summary or heading says it is repealed, or (``inst`` given) every unit under it is and it has no words of
    its own but the lead-in of their list. The matcher never suggests such a unit.

    >>> from gapkit.model import Clause, Instrument
    >>> is_repealed(Clause("KZ-LC:197", "excluded", text={"ru": "Исключен."}))
    True
    >>> [is_repealed(Clause("KZ-LC:1(1)", authentic={"ru": t})) for t in (
    ...     "исключен Законом РК от 24.05.2018 № 156-VI (вводится в действие по истечении десяти дней);",
    ...     "Сноска. Статья 197 исключена Законом РК от 24.05.2018 № 156-VI.",
    ...     "Утратил силу в соответствии с Законом РК",
    ...     "алып тасталды - ҚР 24.05.2018 № 156-VI Заңымен;", "Repealed.", "Deleted by Law No. 156-VI of 24 May 2018")]
    [True, True, True, True, True, True]
    >>> [is_repealed(Clause("KZ-TU:34(2)", text={"ru": t})) for t in (
    ...     "Утратил силу Закон от 9 апреля 1993 года «О профессиональных союзах».",
    ...     "Исключена возможность привлечения к работе.", "Excluded from the scope are family members.",
    ...     "Excluded under paragraph 2 are seafarers.",
    ...     "Социальная выплата по случаю утраты трудоспособности назначается со дня обращения.")]
    [False, False, False, False, False]
    >>> inst = Instrument("KZ-EC", "act")
    >>> for c in [Clause("KZ-EC:140", "container", heading={"ru": "Порядок"},
    ...                  children=["KZ-EC:140(1)", "KZ-EC:140(2)"]),
    ...           Clause("KZ-EC:140(1)", "excluded", authentic={"ru": "Исключен Законом РК от 30.12.2021 № 95-VII."}),
    ...           Clause("KZ-EC:140(2)", authentic={"ru": "исключен Законом РК от 30.12.2021 № 95-VII;"})]:
    ...     inst.clauses[c.id] = c
    >>> is_repealed(inst.clauses["KZ-EC:140"], inst), is_repealed(inst.clauses["KZ-EC:140"])
    (True, False)
    >>> inst.clauses["KZ-EC:140(2)"].authentic = {"ru": "Проверка проводится без уведомления."}
    >>> is_repealed(inst.clauses["KZ-EC:140"], inst)
    False
    """
    if clause.kind == "excluded" or clause.excluded_by:
        return True
    if any(REPEALED_TEXT.match(t) for texts in (clause.authentic, clause.text, clause.heading)
           for t in texts.values() if t):
        return True
    if inst is None or not clause.children or any(t.strip() for t in clause.wrap_up.values()):
        return False
    under = [inst.clauses[k] for k in clause.children if k in inst.clauses]
    own = [t for texts in (clause.authentic, clause.text) for t in texts.values() if t.strip()]
    return (bool(under) and all(t.rstrip().endswith(":") for t in own)
            and all(is_repealed(k, inst) for k in under))


def normalised(text: str) -> str:
    """The text as compared: whitespace runs as one space, no escapes of the mirror's Markdown."""
    return " ".join(text.replace("\\", "").split())


def text_fingerprint(text: str) -> str:
    """A short hash of a wording, blind to whitespace: what a decision or a proposal was made on."""
    return hashlib.sha256(normalised(text).encode("utf-8")).hexdigest()[:16]


def official_fingerprint(inst: Instrument, clause_id: str, lang: str = "ru") -> str | None:
    """The fingerprint of the unit's official text, or None when the workspace does not hold it."""
    text = official_text(inst, clause_id, lang)
    return text_fingerprint(text) if text else None
