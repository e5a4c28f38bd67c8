"""`gapkit check`: every problem in a workspace, as ``file:line: message``.

Checks are small functions, each yielding problems. These are the workspace's own (catalogues, acts, thesaurus);
each feature lists its own in its ``checks`` module, and :mod:`gapkit.registry` gathers them all: every check runs
whenever checks run, whatever was imported before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from gapkit.citations import Citation, instrument_of
from gapkit.workspace import Workspace
from gapkit.yamlio import Problem

Check = Callable[[Workspace], Iterable[Problem]]


def run_checks(ws: Workspace) -> list[Problem]:
    """Every problem of the workspace: its files' own, and every check of every feature."""
    from gapkit import registry  # the composition root: it knows the features, this module does not

    problems = list(ws.problems)
    for fn in registry.checks():
        problems.extend(fn(ws))
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.message))


def clauses_have_text_and_concepts(ws: Workspace) -> Iterator[Problem]:
    for inst in ws.instruments.values():
        for c in inst.clauses.values():
            if inst.is_convention:
                if c.is_substantive:
                    missing = [lang for lang in ("en", "ru") if not c.text.get(lang)]
                    if missing:
                        yield Problem(inst.path, c.line, f"{c.id}: requirement has no text in {', '.join(missing)}")
                    if not c.concepts:
                        yield Problem(inst.path, c.line, f"{c.id}: requirement has no concept")
            elif c.kind not in ("container", "excluded") and not (c.text or c.authentic) and not (
                    c.heading and inst.authentic_languages):  # an article the official text gives only a heading
                yield Problem(inst.path, c.line, f"{c.id}: provision has no text (no summary, no imported text)")
            if c.uncertain and not c.uncertain_note:
                yield Problem(inst.path, c.line, f"{c.id}: uncertain, but uncertain_note does not say why")


def concepts_resolve(ws: Workspace) -> Iterator[Problem]:
    for inst in ws.instruments.values():
        for c in inst.clauses.values():
            for concept in c.concepts:
                if concept not in ws.concepts:
                    yield Problem(inst.path, c.line,
                                  f"{c.id}: unknown concept {concept!r} (not in conventions/thesaurus/)")
    for known in ws.concepts.values():
        for code in known.conventions:
            if not Citation.is_valid(code) or ":" in code:
                yield Problem(known.path, known.line, f"{known.id}: {code!r} is not an instrument code")


def correspondences_resolve(ws: Workspace) -> Iterator[Problem]:
    for inst in ws.instruments.values():
        line = inst.extra.get("corresponds_line", 0)
        for this, other in inst.corresponds:
            for ref in (this, other):
                if not Citation.is_valid(ref):
                    yield Problem(inst.path, line, f"corresponds: {ref!r} is not a canonical id")
                elif ws.clause(ref) is None and instrument_of(ref) in ws.instruments:
                    yield Problem(inst.path, line, f"corresponds: {ref} does not exist")


def national_acts_are_dated(ws: Workspace) -> Iterator[Problem]:
    for inst in ws.instruments.values():
        if inst.kind != "act":
            continue
        for fld in ("act_number", "date", "edition"):
            if not getattr(inst, fld):
                yield Problem(inst.path, 1, f"{inst.code}: {fld} is missing")
        for c in inst.clauses.values():
            if c.kind != "container" and c.source.is_empty() and inst.source.is_empty():
                yield Problem(inst.path, c.line, f"{c.id}: provision has no source")


# ---- our summaries against the official text ------------------------------------------------------------------

# Numbers in a summary that are not facts of the provision: citations (LC 191(5), Art 144, пункт 3 статьи 144),
# law numbers and dates (No 116-VIII of 08.07.2024), years.
_CITED_NUMBER = re.compile(
    r"(?:\b(?:Arts?|Articles?|sections?|ss?|paras?|paragraphs?|subparagraphs?|Chapter|Part|No|Nos|стать\w*|статей|ст|"
    r"пункт\w*|подпункт\w*|пп|п|глав\w*|раздел\w*|параграф\w*|част\w*|№)\.?\s*"
    r"|(?-i:\b[A-ZА-ЯЁ]{2,6})(?:\s+РК)?\s+)"  # LC 191(5), ТК РК 193
    r"\d+(?:[-–]\d+)*(?:\s*\(\s*[\w-]+\s*\))*"
    r"(?:\s*(?:,|and|и|or|или|[-–])\s*(?:\d+(?:[-–]\d+)*)?(?:\s*\(\s*[\w-]+\s*\))*)*"
    r"|\b\d+(?:-\d+)*(?:\([\w-]+\))+"  # 144(3), 191(2)(3)
    r"|\b\d+-[IVXLCІ]+\b"  # 116-VIII
    r"|\b\d{1,2}\.\d{1,2}\.\d{4}\b"  # 08.07.2024
    r"|\b(?:19|20)\d{2}\b",  # years
    re.IGNORECASE)


def summary_numbers(text: str) -> set[int]:
    """The figures a summary states as facts (citations, law numbers, dates and years left out).

    >>> sorted(summary_numbers("Notice at least 30 days before (EC 144(3)); LC 191(5) since Law No 116-VIII of 2024."))
    [30]
    >>> sorted(summary_numbers("не менее 40% (пункт 3 статьи 144-2 ПК), на 5 рабочих дней"))
    [5, 40]
    """
    return {int(n) for n in re.findall(r"\d+", _CITED_NUMBER.sub(" ", text))} - {0}  # 0,45: the 45 is checked


def summaries_match_the_official_text(ws: Workspace) -> Iterator[Problem]:
    """Once the official text of an article is loaded, our summaries of its provisions are checked against it: a
    summary of a unit the official text does not have, and figures of a summary the official text does not state,
    are problems until the summary is put right (or marked uncertain, saying why)."""
    from gapkit.numbers import numbers_in
    from gapkit.texts import has_official, official_text

    for inst in ws.instruments.values():
        if inst.kind != "act" or not inst.authentic_languages:
            continue
        for c in inst.clauses.values():
            cit = Citation.parse(c.id)
            if not c.text or cit.is_division or c.kind in ("container", "excluded") or c.uncertain:
                continue
            if not has_official(inst, c.id, "ru"):
                article = str(Citation(cit.instrument, cit.head))
                if cit.subs and has_official(inst, article, "ru"):
                    yield Problem(inst.path, c.line, f"{c.id}: summary of a provision the official text does not "
                                                     f"have (the official text of {article} is loaded)")
                continue
            official = numbers_in(official_text(inst, c.id, "ru") or "")
            stated = set().union(*(summary_numbers(t) for t in c.text.values()))
            missing = sorted(stated - official)
            if missing:
                figures = ", ".join(map(str, missing))
                yield Problem(inst.path, c.line, f"{c.id}: the summary states {figures}, which the official text of "
                                                 "the provision does not")


#: the workspace's own checks
CHECKS: tuple[Check, ...] = (
    clauses_have_text_and_concepts,
    concepts_resolve,
    correspondences_resolve,
    national_acts_are_dated,
    summaries_match_the_official_text,
)
