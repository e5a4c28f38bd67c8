"""`gapkit check`: every problem in a workspace, as ``file:line: message``.

Checks are small functions registered with :func:`check`; later modules (mappings, comments,
roadmap) register theirs the same way, so one command validates the whole workspace.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from gapkit.citations import Citation, instrument_of
from gapkit.workspace import Workspace
from gapkit.yamlio import Problem

Check = Callable[[Workspace], Iterable[Problem]]
CHECKS: list[Check] = []


def check(fn: Check) -> Check:
    """Register a workspace check (a function yielding problems)."""
    CHECKS.append(fn)
    return fn


def run_checks(ws: Workspace) -> list[Problem]:
    problems = list(ws.problems)
    for fn in CHECKS:
        problems.extend(fn(ws))
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.message))


@check
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
            elif c.kind not in ("container", "excluded") and not (c.text or c.authentic):
                yield Problem(inst.path, c.line, f"{c.id}: provision has no text (no summary, no imported text)")
            if c.uncertain and not c.uncertain_note:
                yield Problem(inst.path, c.line, f"{c.id}: uncertain, but uncertain_note does not say why")


@check
def concepts_resolve(ws: Workspace) -> Iterator[Problem]:
    for inst in ws.instruments.values():
        for c in inst.clauses.values():
            for concept in c.concepts:
                if concept not in ws.concepts:
                    yield Problem(inst.path, c.line,
                                  f"{c.id}: unknown concept {concept!r} (not in conventions/thesaurus/)")
    for concept in ws.concepts.values():
        for code in concept.conventions:
            if not Citation.is_valid(code) or ":" in code:
                yield Problem(concept.path, concept.line, f"{concept.id}: {code!r} is not an instrument code")


@check
def correspondences_resolve(ws: Workspace) -> Iterator[Problem]:
    for inst in ws.instruments.values():
        line = inst.extra.get("corresponds_line", 0)
        for this, other in inst.corresponds:
            for ref in (this, other):
                if not Citation.is_valid(ref):
                    yield Problem(inst.path, line, f"corresponds: {ref!r} is not a canonical id")
                elif ws.clause(ref) is None and instrument_of(ref) in ws.instruments:
                    yield Problem(inst.path, line, f"corresponds: {ref} does not exist")


@check
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
