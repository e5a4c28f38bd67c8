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
