"""`gapkit check` for the roadmap: schema, dates, parties, vocabularies, links and the progress log.

Each check yields ``file:line: message`` problems; a workspace without a roadmap has nothing to check.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from gapkit.check import Check
from gapkit.citations import Citation
from gapkit.roadmap.load import load, load_progress, measure_ids
from gapkit.roadmap.model import (
    FACT_KINDS,
    REPORT_KINDS,
    REPORT_KINDS_NEEDING_CONVENTIONS,
    Roadmap,
    parse_quarter,
    quarter_end,
)
from gapkit.workspace import Workspace
from gapkit.yamlio import Problem

_AS_WRITTEN_RE = re.compile(r"(?P<q>[1-4])-й\s+квартал\s+(?P<year>\d{4})")
_PARTIAL_DATE_RE = re.compile(r"^\d{4}-\d{2}$")


def _roadmap(ws: Workspace) -> Roadmap | None:
    return load(ws).roadmap


def roadmap_file_is_valid(ws: Workspace) -> Iterator[Problem]:
    """Schema: what the loader could not read (types, required fields, unknown fields, numbering)."""
    yield from load(ws).problems


def roadmap_dates_are_valid(ws: Workspace) -> Iterator[Problem]:
    rm = _roadmap(ws)
    if rm is None:
        return
    p = rm.path
    if not _valid_date(rm.signed):
        yield Problem(p, rm.line, f"roadmap signed {rm.signed!r} is not a date (YYYY-MM-DD)")
    for m in rm.measures.values():
        d = m.deadline
        q = parse_quarter(d.quarter)
        if q is None:
            yield Problem(p, m.line, f"{m.id}: deadline quarter {d.quarter!r} is not a quarter (e.g. 2024-Q3)")
            continue
        expected = quarter_end(*q)
        if d.date is None:
            yield Problem(p, m.line, f"{m.id}: deadline date {d.date_text!r} is not a date "
                                     f"(the quarter ends {expected.isoformat()})")
        elif d.date != expected:
            yield Problem(p, m.line, f"{m.id}: deadline date {d.date.isoformat()} is not the last day of "
                                     f"{d.quarter} ({expected.isoformat()})")
        w = _AS_WRITTEN_RE.search(d.as_written)
        if d.as_written and w and (int(w["year"]), int(w["q"])) != q:
            yield Problem(p, m.line, f"{m.id}: deadline {d.quarter} does not match the roadmap's "
                                     f"{d.as_written!r}")
    ga = rm.general_agreement
    if ga is not None and ga.signed and not (_valid_date(ga.signed) or _PARTIAL_DATE_RE.match(ga.signed)):
        yield Problem(p, ga.line, f"general_agreement signed {ga.signed!r} is not a date (YYYY-MM-DD or YYYY-MM)")
    for f in rm.facts:
        if not _valid_date(f.date_text):
            yield Problem(p, f.line, f"fact {f.id}: date {f.date_text!r} is not a date (YYYY-MM-DD)")


def roadmap_parties_are_known(ws: Workspace) -> Iterator[Problem]:
    rm = _roadmap(ws)
    if rm is None:
        return
    known = ", ".join(rm.parties)
    for m in rm.measures.values():
        for code in m.parties:
            if code not in rm.parties:
                yield Problem(rm.path, m.line, f"{m.id}: unknown party {code!r} (the roadmap's parties: {known})")
        if len(set(m.parties)) != len(m.parties):
            yield Problem(rm.path, m.line, f"{m.id}: a party is listed twice")
    for s in rm.signatories:
        if s.get("party") not in rm.parties:
            yield Problem(rm.path, rm.line, f"signatory party {s.get('party')!r} is not one of the roadmap's parties")


def roadmap_vocabularies(ws: Workspace) -> Iterator[Problem]:
    """Result types, report kinds and fact kinds are from their lists."""
    rm = _roadmap(ws)
    if rm is None:
        return
    for m in rm.measures.values():
        if not m.result_types:
            yield Problem(rm.path, m.line, f"{m.id}: result has no types")
        for t in m.result_types:
            if t not in rm.result_types:
                yield Problem(rm.path, m.line, f"{m.id}: result type {t!r} is not in result_types "
                                               f"({', '.join(rm.result_types)})")
        for d in m.deliverables:
            if d.report not in REPORT_KINDS:
                yield Problem(rm.path, m.line, f"{m.id}: report kind {d.report!r} is not one of "
                                               f"{', '.join(REPORT_KINDS)}")
            elif d.report in REPORT_KINDS_NEEDING_CONVENTIONS and not d.conventions:
                yield Problem(rm.path, m.line, f"{m.id}: a {d.report} report names its Conventions "
                                               f"({{report: {d.report}, conventions: [C081]}})")
    for f in rm.facts:
        if f.kind not in FACT_KINDS:
            yield Problem(rm.path, f.line, f"fact {f.id}: kind {f.kind!r} is not one of {', '.join(FACT_KINDS)}")


def convention_problem(ws: Workspace, code: str, catalogued: bool = True) -> str | None:
    """Why ``code`` is not a Convention of the workspace (None when it is one)."""
    if not Citation.is_valid(code) or Citation.parse(code).head is not None:
        return f"{code!r} is not an instrument code (write C081, C129 ...)"
    inst = ws.instruments.get(code)
    if inst is None:
        return f"{code}: no catalogue in the workspace (conventions/{code}.yaml)" if catalogued else None
    if not inst.is_convention:
        return f"{code} is a national act, not a Convention"
    return None


def roadmap_conventions_resolve(ws: Workspace) -> Iterator[Problem]:
    """Every Convention a measure, deliverable, topic or fact names resolves to a catalogue (or clause) here."""
    rm = _roadmap(ws)
    if rm is None:
        return
    for m in rm.measures.values():
        for code in m.conventions:
            why = convention_problem(ws, code)
            if why:
                yield Problem(rm.path, m.line, f"{m.id}: Convention {why}")
        for d in m.deliverables:
            for code in d.conventions:
                why = convention_problem(ws, code)
                if why:
                    yield Problem(rm.path, m.line, f"{m.id}: {d.report} report: Convention {why}")
                elif code not in m.conventions:
                    yield Problem(rm.path, m.line, f"{m.id}: the {d.report} report covers {code}, "
                                                   "which the measure does not concern (add it to conventions)")
        for t in m.topics:
            for cid in t.articles:
                if not Citation.is_valid(cid):
                    yield Problem(rm.path, t.line, f"{m.id}: topic {t.id}: {cid!r} is not a canonical id")
                elif ws.clause(cid) is None:
                    yield Problem(rm.path, t.line, f"{m.id}: topic {t.id}: {cid} is not in the workspace")
    for f in rm.facts:
        for code in f.conventions:
            why = convention_problem(ws, code)
            if why:
                yield Problem(rm.path, f.line, f"fact {f.id}: Convention {why}")
    if rm.general_agreement is not None:
        # the General Agreement names Conventions the workspace need not catalogue (C132, C154 ...)
        for c in rm.general_agreement.conventions:
            why = convention_problem(ws, c.code, catalogued=False)
            if why:
                yield Problem(rm.path, c.line, f"general_agreement: {why}")


def roadmap_references_resolve(ws: Workspace) -> Iterator[Problem]:
    """Facts name measures and topics that exist."""
    rm = _roadmap(ws)
    if rm is None:
        return
    for f in rm.facts:
        for mid in f.measures:
            if mid not in rm.measures:
                yield Problem(rm.path, f.line, f"fact {f.id}: {mid} is not a measure of the roadmap")
        topics = {t.id for mid in f.measures if mid in rm.measures for t in rm.measures[mid].topics}
        for t in f.topics:
            if t not in topics:
                yield Problem(rm.path, f.line, f"fact {f.id}: topic {t!r} is not a topic of {', '.join(f.measures)}")


def roadmap_comment_points_resolve(ws: Workspace) -> Iterator[Problem]:
    """A measure's comment points exist in comments/."""
    rm = _roadmap(ws)
    if rm is None or not any(m.comment_points for m in rm.measures.values()):
        return
    known = known_comment_points(ws)
    for m in rm.measures.values():
        for pid in m.comment_points:
            if pid not in known:
                yield Problem(rm.path, m.line, f"{m.id}: comment point {pid!r} is not in comments/")


def known_comment_points(ws: Workspace) -> set[str]:
    """The ids of the comment points in comments/."""
    from gapkit.comments import load_comments  # here: the comments module reads the roadmap's measure ids

    return set(load_comments(ws).points)


def roadmap_progress_is_valid(ws: Workspace) -> Iterator[Problem]:
    """Every line of roadmap/progress.jsonl is a record of a known measure with a known status."""
    progress = load_progress(ws)
    yield from progress.problems
    if not progress.records:
        return
    rm = _roadmap(ws)
    rel = ws.rel(progress.path)
    for r in progress.records:
        if rm is None:
            yield Problem(rel, r.line, f"{r.measure}: the workspace has no roadmap (roadmap/*.yaml)")
        elif r.measure not in rm.measures:
            yield Problem(rel, r.line, f"{r.measure} is not a measure of the roadmap {rm.id}")


def _valid_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except (TypeError, ValueError):
        return False
    return len(text) == 10


def comment_measures_resolve(ws: Workspace) -> Iterator[Problem]:
    """Every roadmap measure a CEACR comment point or topic names is a measure of the roadmap."""
    from gapkit.comments import load_comments
    from gapkit.comments.links import MEASURE_RE

    data = load_comments(ws)
    if not data.comments and not data.topics:
        return
    measures = set(measure_ids(ws))
    named = [(p.measure, c.path, p.line, p.id) for c in data.comments.values() for p in c.points if p.measure]
    named += [(t.measure, t.path, t.line, t.id) for t in data.topics.values() if t.measure]
    for measure, path, line, who in named:
        if MEASURE_RE.match(measure) and measure not in measures:
            yield Problem(path, line, f"{who}: measure {measure} is not in the roadmap")


#: this feature's checks, run by `gapkit check` (gapkit.registry gathers them)
CHECKS: tuple[Check, ...] = (
    roadmap_file_is_valid,
    roadmap_dates_are_valid,
    roadmap_parties_are_known,
    roadmap_vocabularies,
    roadmap_conventions_resolve,
    roadmap_references_resolve,
    roadmap_comment_points_resolve,
    roadmap_progress_is_valid,
    comment_measures_resolve,
)
