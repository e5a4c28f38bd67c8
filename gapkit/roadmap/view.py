"""What `gapkit roadmap` shows: every measure at a date, as plain data (JSON) and as a table (text)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from gapkit.model import Source
from gapkit.roadmap.load import load, load_progress
from gapkit.roadmap.model import Fact, Measure, ProgressRecord, Roadmap
from gapkit.roadmap.status import Generated, current_record, days_overdue, generated, report_files, shown_status
from gapkit.workspace import REPORTS_OUT, Workspace

REPORTS_KEY = "roadmap.reports"  # the report files, listed once per workspace state


def roadmap_view(ws: Workspace, as_of: date) -> dict[str, Any] | None:
    """The roadmap at ``as_of``; None when the workspace has no roadmap."""
    rm = load(ws).roadmap
    if rm is None:
        return None
    records = load_progress(ws).records
    measures = [measure_view(ws, rm, rm.measures[mid], records, as_of) for s in rm.sections for mid in s.measures]
    counts = Counter(m["status"] for m in measures)
    return {
        "roadmap": {"id": rm.id, "title": rm.title, "signed": rm.signed, "file": rm.path,
                    "sources": [_source(s) for s in rm.sources]},
        "as_of": as_of.isoformat(),
        "sections": [{"number": s.number, "title": s.title, "measures": list(s.measures)} for s in rm.sections],
        "measures": measures,
        "general_agreement": _agreement(ws, rm),
        "facts": [_fact(f) for f in rm.facts],
        "summary": {"measures": len(measures), "sections": len(rm.sections), "by_status": dict(sorted(counts.items())),
                    "overdue": counts.get("overdue", 0)},
    }


def _reports(ws: Workspace) -> list[Generated]:
    if REPORTS_KEY not in ws.cache:
        ws.cache[REPORTS_KEY] = report_files(ws.root.joinpath(*REPORTS_OUT))
    return ws.cache[REPORTS_KEY]


def measure_view(ws: Workspace, rm: Roadmap, m: Measure, records: list[ProgressRecord], as_of: date) -> dict[str, Any]:
    last = current_record(m.id, records, as_of)
    recorded = last.status if last else "planned"
    section = next((s for s in rm.sections if s.number == m.section), None)
    deliverables = []
    for d in m.deliverables:
        files = generated(_reports(ws), d)
        deliverables.append({
            "report": d.report, "conventions": d.conventions, "generated": bool(files),
            "last_generated": files[-1].modified.isoformat(timespec="seconds") if files else None,
            "files": [{"path": ws.rel(g.path), "modified": g.modified.isoformat(timespec="seconds")} for g in files],
        })
    return {
        "id": m.id,
        "number": m.number,
        "section": m.section,
        "section_title": section.title if section else {},
        "text": m.text,
        "status": shown_status(m, recorded, as_of),
        "recorded_status": recorded,
        "overdue": days_overdue(m, recorded, as_of) > 0,
        "days_overdue": days_overdue(m, recorded, as_of),
        "deadline": {"quarter": m.deadline.quarter, "date": m.deadline.date.isoformat() if m.deadline.date else None,
                     "as_written": m.deadline.as_written},
        "last_record": last.as_dict() if last else None,
        "parties": [{"code": p, "name": rm.parties[p].name if p in rm.parties else {}} for p in m.parties],
        "result": {**m.result, "types": m.result_types},
        "conventions": [_convention(ws, c) for c in m.conventions],
        "note": m.note,
        "comment_points": points_answered(ws, m.id, m.comment_points),
        "topics": [{"id": t.id, **t.text, "articles": t.articles} for t in m.topics],
        "deliverables": deliverables,
        "facts": [_fact(f) for f in rm.facts_for(m.id)],
    }


def _convention(ws: Workspace, code: str) -> dict[str, Any]:
    inst = ws.instruments.get(code)
    return {"code": code, "title": inst.title if inst else {}, "catalogue": inst.path if inst else None}


def _agreement(ws: Workspace, rm: Roadmap) -> dict[str, Any] | None:
    ga = rm.general_agreement
    if ga is None:
        return None
    return {
        "title": ga.title, "signed": ga.signed, "parties": ga.parties, "commitment": ga.commitment,
        "conventions": [{"code": c.code, "title": c.title, "catalogue": _convention(ws, c.code)["catalogue"],
                         "facts": [f.id for f in rm.facts if c.code in f.conventions]} for c in ga.conventions],
        "sources": [_source(s) for s in ga.sources],
    }


def _fact(f: Fact) -> dict[str, Any]:
    d: dict[str, Any] = {"id": f.id, "kind": f.kind, "date": f.date_text, "text": f.text, "conventions": f.conventions,
                         "measures": f.measures, "sources": [_source(s) for s in f.sources]}
    if f.topics:
        d["topics"] = f.topics
    if f.uncertain_note:
        d["uncertain_note"] = f.uncertain_note
    return d


def _source(s: Source) -> dict[str, str]:
    return {k: v for k, v in (("url", s.url), ("note", s.note)) if v}


# ---- text ----------------------------------------------------------------------------------------------

_COLUMNS = ("№", "status", "deadline", "overdue", "parties", "Conventions", "deliverable", "measure")


def render_table(view: dict[str, Any], lang: str = "ru", width: int = 60) -> str:
    """A table grouped by section; under a measure, the facts recorded since the roadmap was signed."""
    other = "en" if lang == "ru" else "ru"
    title = view["roadmap"]["title"]
    lines = [f"{title.get(lang) or title.get(other, '')} ({view['roadmap']['id']}), as of {view['as_of']}"]
    by_id = {m["id"]: m for m in view["measures"]}
    rows = {mid: _row(m, lang, width) for mid, m in by_id.items()}
    # one set of column widths for the whole table, so the sections line up
    widths = [max(len(r[i]) for r in [_COLUMNS, *rows.values()]) for i in range(len(_COLUMNS))]
    fmt = "  " + "  ".join(f"{{{i}:<{w}}}" for i, w in enumerate(widths))
    for s in view["sections"]:
        lines += ["", f"{s['number']}. {s['title'].get(lang) or s['title'].get(other, '')}",
                  fmt.format(*_COLUMNS).rstrip()]
        for mid in s["measures"]:
            lines.append(fmt.format(*rows[mid]).rstrip())
            for f in by_id[mid]["facts"]:
                lines.append(f"       fact {f['date']}: {f['text'].get(lang) or f['text'].get(other, '')}")
                lines += [f"         source: {x.get('url') or x.get('note', '')}" for x in f["sources"]]
    summary = view["summary"]
    counts = ", ".join(f"{n} {s}" for s, n in summary["by_status"].items())
    lines += ["", f"{summary['measures']} measures in {summary['sections']} sections: {counts}"]
    return "\n".join(lines)


def _row(m: dict[str, Any], lang: str, width: int) -> tuple[str, ...]:
    deliverables = []
    for d in m["deliverables"]:
        when = d["last_generated"][:10] if d["last_generated"] else "not generated"
        deliverables.append(f"{' '.join([d['report'], *d['conventions']])} ({when})")
    text = " ".join((m["text"].get(lang) or "").split())
    if len(text) > width:
        text = text[: width - 1] + "…"
    return (
        m["number"],
        m["status"],
        f"{m['deadline']['date'] or '?'} ({m['deadline']['quarter']})",
        f"{m['days_overdue']} d" if m["overdue"] else "",
        ", ".join(p["code"] for p in m["parties"]),
        " ".join(c["code"] for c in m["conventions"]) or "-",
        "; ".join(deliverables) or "-",
        text,
    )


def points_answered(ws: Workspace, measure: str, listed: list[str]) -> list[str]:
    """The comment points a measure answers: those the roadmap lists and those whose own ``measure``
    names it (the comments are where a point's measure is recorded; the roadmap need not repeat it)."""
    from gapkit.comments import load_comments  # here: the comments module reads the roadmap's measure ids

    out = list(listed)
    out += [p.id for p in load_comments(ws).points.values() if p.measure == measure and p.id not in out]
    return out
