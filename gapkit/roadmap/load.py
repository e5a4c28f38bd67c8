"""Reading the roadmap file (roadmap/*.yaml) and the progress log (roadmap/progress.jsonl).

Like the workspace loader, reading never raises on bad content: each problem is kept with its file and line
and what can be read is read, so `gapkit check` lists every problem at once. What needs the rest of the
workspace (do the Conventions resolve? are the parties known?) is checked in :mod:`gapkit.roadmap.checks`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from gapkit.fields import FieldReader, source
from gapkit.model import Source
from gapkit.roadmap.model import (
    MEASURE_PREFIX,
    OVERDUE,
    RECORD_STATUSES,
    AgreementConvention,
    Deadline,
    Deliverable,
    Fact,
    GeneralAgreement,
    Measure,
    Party,
    ProgressRecord,
    Roadmap,
    Section,
    Topic,
    measure_id,
)
from gapkit.workspace import Workspace
from gapkit.yamlio import LINE_KEY, Problem, YamlError, load_yaml, strip_lines

ROADMAP_DIR = "roadmap"
PROGRESS_FILE = "progress.jsonl"
PROGRESS_FIELDS = ("time", "measure", "status", "by", "evidence", "note")

_CACHE_ROADMAP = "roadmap"
_CACHE_PROGRESS = "roadmap.progress"

_FIELDS = {
    "top": {"roadmap", "parties", "result_types", "sections", "general_agreement", "facts"},
    "roadmap": {"id", "title", "signed", "signatories", "sources"},
    "party": {"code", "name", "short"},
    "result_type": {"id", "ru", "en"},
    "section": {"number", "title", "measures"},
    "measure": {"number", "text", "deadline", "parties", "result", "conventions", "note", "comment_points",
                "topics", "deliverables"},
    "deadline": {"quarter", "date", "as_written"},
    "result": {"ru", "en", "types"},
    "topic": {"id", "ru", "en", "articles"},
    "deliverable": {"report", "conventions"},
    "general_agreement": {"title", "signed", "parties", "commitment", "conventions", "sources"},
    "agreement_convention": {"code", "ru", "en"},
    "fact": {"id", "kind", "date", "conventions", "measures", "topics", "text", "uncertain_note", "sources"},
    "source": {"url", "note"},
}


@dataclass
class Loaded:
    """The workspace's roadmap (None when it has none) and what was wrong in its file."""

    roadmap: Roadmap | None = None
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Progress:
    """The progress log: the valid records in file order, and what was wrong with the other lines."""

    path: Path
    records: list[ProgressRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


# ---- entry points (memoised on the workspace) --------------------------------------------------------


def load(ws: Workspace) -> Loaded:
    """The roadmap of the workspace: ``roadmap/*.yaml`` (one file; measure ids RM:n.m are workspace-wide)."""
    if _CACHE_ROADMAP not in ws.cache:
        ws.cache[_CACHE_ROADMAP] = _load_roadmap(ws)
    return ws.cache[_CACHE_ROADMAP]


def measure_ids(ws: Workspace) -> list[str]:
    """The ids of the roadmap's measures (RM:1.1 ...), in order; what other modules link to."""
    rm = load(ws).roadmap
    return list(rm.measures) if rm else []


def load_progress(ws: Workspace) -> Progress:
    if _CACHE_PROGRESS not in ws.cache:
        path = progress_path(ws)
        rel = ws.rel(path)
        try:
            text = path.read_text(encoding="utf-8") if path.exists() else ""
        except (OSError, UnicodeDecodeError) as e:
            progress = Progress(path, problems=[Problem(rel, 0, f"cannot read: {e}")])
        else:
            records, problems = parse_progress(text, rel)
            progress = Progress(path, records, problems)
        ws.cache[_CACHE_PROGRESS] = progress
    return ws.cache[_CACHE_PROGRESS]


def forget_progress(ws: Workspace) -> None:
    """Drop the memoised log (after appending to it)."""
    ws.cache.pop(_CACHE_PROGRESS, None)


def progress_path(ws: Workspace) -> Path:
    return ws.root / ROADMAP_DIR / PROGRESS_FILE


def _load_roadmap(ws: Workspace) -> Loaded:
    files = sorted((ws.root / ROADMAP_DIR).glob("*.yaml"))
    if not files:
        return Loaded()
    out = Loaded()
    for extra in files[1:]:
        # measure ids are RM:<section>.<measure>, so two roadmaps in one workspace would share them
        out.problems.append(Problem(ws.rel(extra), 1, f"a workspace holds one roadmap; {ws.rel(files[0])} is "
                                                      "already it (measure ids RM:n.m would clash)"))
    rel = ws.rel(files[0])
    try:
        data = load_yaml(files[0], rel)
    except YamlError as e:
        out.problems.append(e.problem)
        return out
    out.roadmap = parse_roadmap(data, rel, out.problems)
    return out


# ---- the roadmap file ---------------------------------------------------------------------------------


class _Reader(FieldReader):
    """The shared field readers, with the roadmap's own rules: its field lists, texts in both Russian
    and English, sources."""

    def fields(self, data: dict[str, Any], kind: str, what: str) -> None:
        self.unknown(data, _FIELDS[kind], what)

    def required_text(self, value: Any, line: int, what: str, strict: bool = True,
                      required: tuple[str, ...] = ("ru", "en")) -> dict[str, str]:
        """A {ru: .., en: ..} text; the roadmap's own words are Russian, English is ours, both are needed.

        ``strict=False`` for mappings that hold other fields beside the languages (their fields are checked
        by :meth:`fields`)."""
        if not isinstance(value, dict):
            self.problem(line, f"{what} must be a mapping of language to text, e.g. {{ru: .., en: ..}}")
            return {}
        out = self.lang_map(value, line, what, strict)
        missing = [lang for lang in required if not out.get(lang)]
        if missing:
            self.problem(line, f"{what} has no text in {', '.join(missing)}")
        return out

    def sources(self, value: Any, line: int, what: str) -> list[Source]:
        out = []
        for raw in self.items(value, line, what):
            s = self.mapping(raw, line, f"{what}: each source")
            if s:
                self.fields(s, "source", what)
                out.append(source(s))
        if not any(not s.is_empty() for s in out):
            self.problem(line, f"{what}: no source (give a url or a note)")
        return out


def parse_roadmap(data: Any, rel: str, problems: list[Problem]) -> Roadmap | None:
    """The roadmap in ``data`` (a loaded YAML document); problems are appended to ``problems``."""
    r = _Reader(rel, problems)
    if not isinstance(data, dict):
        r.problem(1, "a roadmap file is a mapping (roadmap, parties, result_types, sections ...)")
        return None
    r.fields(data, "top", "roadmap file")
    head = r.mapping(data.get("roadmap"), 1, "'roadmap'")
    hl = head.get(LINE_KEY, 1)
    if not head:
        r.problem(1, "'roadmap' (id, title, signed, sources) is missing")
    r.fields(head, "roadmap", "roadmap")
    rm = Roadmap(
        id=str(head.get("id", "") or ""),
        title=r.required_text(head.get("title"), hl, "roadmap title") if head else {},
        signed=str(head.get("signed", "") or ""),
        signatories=[strip_lines(s) for s in r.items(head.get("signatories"), hl, "signatories")
                     if isinstance(s, dict)],
        sources=r.sources(head.get("sources"), hl, "roadmap sources") if head else [],
        path=rel,
        line=hl,
    )
    if head and not rm.id:
        r.problem(hl, "roadmap has no id")
    for raw in r.items(data.get("parties"), data.get(LINE_KEY, 1), "parties"):
        _party(r, rm, raw)
    for raw in r.items(data.get("result_types"), data.get(LINE_KEY, 1), "result_types"):
        p = r.mapping(raw, 0, "a result type")
        if p:
            r.fields(p, "result_type", "result type")
            what = f"result type {p.get('id')!r}"
            rm.result_types[str(p.get("id", ""))] = r.required_text(p, p.get(LINE_KEY, 0), what, strict=False)
    sections = data.get("sections")
    if sections is None:
        r.problem(1, "the roadmap has no sections")
    for raw in r.items(sections, data.get(LINE_KEY, 1), "sections"):
        _section(r, rm, raw)
    if "general_agreement" in data:
        rm.general_agreement = _agreement(r, data["general_agreement"])
    for raw in r.items(data.get("facts"), data.get(LINE_KEY, 1), "facts"):
        _fact(r, rm, raw)
    return rm


def _party(r: _Reader, rm: Roadmap, raw: Any) -> None:
    p = r.mapping(raw, 0, "a party")
    line = p.get(LINE_KEY, 0)
    r.fields(p, "party", "party")
    code = str(p.get("code", "") or "").strip()
    if not code:
        r.problem(line, "a party has no code")
        return
    if code in rm.parties:
        r.problem(line, f"duplicate party {code} (first at line {rm.parties[code].line})")
        return
    raw_short = p.get("short")
    short: dict[Any, Any] = raw_short if isinstance(raw_short, dict) else {}
    rm.parties[code] = Party(code, r.required_text(p.get("name"), line, f"party {code}: name"),
                             {str(k): str(v) for k, v in short.items() if k != LINE_KEY and v}, line)


def _section(r: _Reader, rm: Roadmap, raw: Any) -> None:
    s = r.mapping(raw, 0, "a section")
    line = s.get(LINE_KEY, 0)
    r.fields(s, "section", "section")
    number = s.get("number")
    if not isinstance(number, str) or not number.isdigit():
        r.problem(line, f"section number {number!r} must be a quoted whole number, e.g. \"1\"")
        return
    if any(x.number == number for x in rm.sections):
        r.problem(line, f"duplicate section {number}")
        return
    section = Section(number, r.required_text(s.get("title"), line, f"section {number}: title"), line=line)
    rm.sections.append(section)
    for m in r.items(s.get("measures"), line, f"section {number}: measures"):
        measure = _measure(r, section, m)
        if measure is None:
            continue
        if measure.id in rm.measures:
            r.problem(measure.line, f"duplicate measure {measure.id} (first at line {rm.measures[measure.id].line})")
            continue
        rm.measures[measure.id] = measure
        section.measures.append(measure.id)


def _measure(r: _Reader, section: Section, raw: Any) -> Measure | None:
    m = r.mapping(raw, 0, "a measure")
    line = m.get(LINE_KEY, 0)
    r.fields(m, "measure", "measure")
    number = m.get("number")
    # YAML reads 1.10 as the float 1.1: a number must be quoted to keep what the roadmap wrote
    mid = measure_id(number) if isinstance(number, str) else None
    if mid is None or not isinstance(number, str) or ":" in number:
        r.problem(line, f"measure number {number!r} must be quoted and read section.measure, e.g. \"1.3\"")
        return None
    if number.split(".")[0] != section.number:
        r.problem(line, f"measure {number} is listed under section {section.number}")
    what = mid
    dl = r.mapping(m.get("deadline"), line, f"{what}: deadline")
    if not dl:
        r.problem(line, f"{what}: no deadline (quarter, date, as_written)")
    r.fields(dl, "deadline", f"{what}: deadline")
    deadline = Deadline(quarter=str(dl.get("quarter", "") or ""), date_text=str(dl.get("date", "") or ""),
                        as_written=str(dl.get("as_written", "") or ""))
    try:
        deadline.date = date.fromisoformat(deadline.date_text)
    except ValueError:
        deadline.date = None  # reported by the dates check, with what it should be
    result = r.mapping(m.get("result"), line, f"{what}: result")
    if not result:
        r.problem(line, f"{what}: no result (ru, en, types)")
    r.fields(result, "result", f"{what}: result")
    measure = Measure(
        id=mid, number=number, section=section.number,
        text=r.required_text(m.get("text"), line, f"{what}: text"),
        deadline=deadline,
        parties=r.strings(m.get("parties"), line, f"{what}: parties"),
        result=r.required_text(result, line, f"{what}: result", strict=False) if result else {},
        result_types=r.strings(result.get("types"), line, f"{what}: result types"),
        conventions=r.strings(m.get("conventions"), line, f"{what}: conventions"),
        note=r.required_text(m["note"], line, f"{what}: note") if m.get("note") else {},
        comment_points=r.strings(m.get("comment_points"), line, f"{what}: comment_points"),
        line=line,
    )
    if not measure.parties:
        r.problem(line, f"{what}: no responsible or interested party")
    if "comment_points" not in m:
        r.problem(line, f"{what}: comment_points is missing (write [] when the measure answers none)")
    for t in r.items(m.get("topics"), line, f"{what}: topics"):
        tm = r.mapping(t, line, f"{what}: a topic")
        if not tm:
            continue
        r.fields(tm, "topic", f"{what}: topic")
        tl = tm.get(LINE_KEY, line)
        tid = str(tm.get("id", "") or "")
        if not tid:
            r.problem(tl, f"{what}: a topic has no id")
            continue
        if any(x.id == tid for x in measure.topics):
            r.problem(tl, f"{what}: duplicate topic {tid}")
            continue
        measure.topics.append(Topic(tid, r.required_text(tm, tl, f"{what}: topic {tid}", strict=False),
                                    r.strings(tm.get("articles"), tl, f"{what}: topic {tid}: articles"), tl))
    for d in r.items(m.get("deliverables"), line, f"{what}: deliverables"):
        dm = r.mapping(d, line, f"{what}: a deliverable")
        if not dm:
            continue
        r.fields(dm, "deliverable", f"{what}: deliverable")
        measure.deliverables.append(Deliverable(
            str(dm.get("report", "") or ""),
            r.strings(dm.get("conventions"), dm.get(LINE_KEY, line), f"{what}: deliverable conventions")))
    return measure


def _agreement(r: _Reader, raw: Any) -> GeneralAgreement | None:
    g = r.mapping(raw, 0, "general_agreement")
    if not g:
        return None
    line = g.get(LINE_KEY, 0)
    r.fields(g, "general_agreement", "general_agreement")
    ga = GeneralAgreement(
        title=r.required_text(g.get("title"), line, "general_agreement: title"),
        signed=str(g.get("signed", "") or ""),
        parties=r.required_text(g.get("parties"), line, "general_agreement: parties"),
        commitment=r.required_text(g.get("commitment"), line, "general_agreement: commitment"),
        sources=r.sources(g.get("sources"), line, "general_agreement"),
        line=line,
    )
    for c in r.items(g.get("conventions"), line, "general_agreement: conventions"):
        cm = r.mapping(c, line, "general_agreement: a convention")
        if cm:
            r.fields(cm, "agreement_convention", "general_agreement: convention")
            cl = cm.get(LINE_KEY, line)
            code = str(cm.get("code", "") or "")
            title = r.required_text(cm, cl, f"general_agreement: {code}", strict=False)
            ga.conventions.append(AgreementConvention(code, title, cl))
    return ga


def _fact(r: _Reader, rm: Roadmap, raw: Any) -> None:
    f = r.mapping(raw, 0, "a fact")
    if not f:
        return
    line = f.get(LINE_KEY, 0)
    r.fields(f, "fact", "fact")
    fid = str(f.get("id", "") or "")
    if not fid:
        r.problem(line, "a fact has no id")
        return
    rm.facts.append(Fact(
        id=fid,
        kind=str(f.get("kind", "other") or ""),
        date_text=str(f.get("date", "") or ""),
        text=r.required_text(f.get("text"), line, f"fact {fid}: text"),
        conventions=r.strings(f.get("conventions"), line, f"fact {fid}: conventions"),
        # facts name measures by id (RM:3.3); 3.3 is accepted and made canonical
        measures=[measure_id(x) or x for x in r.strings(f.get("measures"), line, f"fact {fid}: measures")],
        topics=r.strings(f.get("topics"), line, f"fact {fid}: topics"),
        sources=r.sources(f.get("sources"), line, f"fact {fid}"),
        uncertain_note=str(f.get("uncertain_note", "") or ""),
        line=line,
    ))


# ---- the progress log -----------------------------------------------------------------------------------


def parse_progress(text: str, rel: str) -> tuple[list[ProgressRecord], list[Problem]]:
    """The valid records of a progress log, in file order, and a problem for every other non-empty line.

    >>> recs, probs = parse_progress('{"time": "2025-01-10T09:00:00+00:00", "measure": "RM:1.2", '
    ...     '"status": "done", "by": "A. Expert", "evidence": null, "note": null}\\n{"status": "overdue"}\\n', "p")
    >>> [(r.measure, r.status, r.line) for r in recs]
    [('RM:1.2', 'done', 1)]
    >>> for p in probs:
    ...     print(p)
    p:2: missing field(s) by, measure, time
    p:2: status 'overdue' is derived from the deadline, never recorded
    """
    records: list[ProgressRecord] = []
    problems: list[Problem] = []
    for n, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as e:
            problems.append(Problem(rel, n, f"not a JSON object: {e.msg}"))
            continue
        if not isinstance(obj, dict):
            problems.append(Problem(rel, n, "each line is one JSON object (time, measure, status, by ...)"))
            continue
        bad = len(problems)
        missing = sorted(k for k in ("time", "measure", "status", "by") if not obj.get(k))
        if missing:
            problems.append(Problem(rel, n, f"missing field(s) {', '.join(missing)}"))
        unknown = sorted(set(obj) - set(PROGRESS_FIELDS))
        if unknown:
            problems.append(Problem(rel, n, f"unknown field(s) {', '.join(unknown)}"))
        status = obj.get("status")
        if status == OVERDUE:
            problems.append(Problem(rel, n, "status 'overdue' is derived from the deadline, never recorded"))
        elif status and status not in RECORD_STATUSES:
            problems.append(Problem(rel, n, f"status {status!r} is not one of {', '.join(RECORD_STATUSES)}"))
        when = _time(obj.get("time"))
        if obj.get("time") and when is None:
            problems.append(Problem(rel, n, f"time {obj['time']!r} is not an ISO 8601 time with its UTC offset"))
        mid = measure_id(obj["measure"]) if isinstance(obj.get("measure"), str) else None
        if obj.get("measure") and mid is None:
            problems.append(Problem(rel, n, f"measure {obj['measure']!r} is not a measure id ({MEASURE_PREFIX}:1.3)"))
        elif mid is not None and mid != obj["measure"]:
            problems.append(Problem(rel, n, f"measure {obj['measure']!r}: write the id in full, {mid}"))
        for key in ("by", "evidence", "note"):
            if obj.get(key) is not None and not isinstance(obj[key], str):
                problems.append(Problem(rel, n, f"{key} must be text"))
        if len(problems) > bad or when is None or mid is None:
            continue
        records.append(ProgressRecord(when, mid, str(status), str(obj.get("by") or ""), obj.get("evidence"),
                                      obj.get("note"), n))
    return records, problems


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        t = datetime.fromisoformat(value)
    except ValueError:
        return None
    return t if t.tzinfo is not None else None  # a time without its offset is ambiguous between reporters
