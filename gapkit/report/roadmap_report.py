"""The status of the roadmap at a date: what is done, in progress, overdue, and which deliverables exist.

Built on the roadmap module's own view of a date (``gapkit.roadmap.view.roadmap_view``), so the document and
``gapkit roadmap --as-of`` always agree: status (overdue derived from the deadline, never stored), days
overdue, responsible parties, expected result, Conventions, the gapkit reports that make its deliverables
(and whether and when they were generated), and the facts recorded since the roadmap was signed.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from typing import Any

from gapkit import roadmap
from gapkit.errors import GapkitError
from gapkit.report.common import Context, measure_text, pick, sentence
from gapkit.report.doc import Cell, Column, Document, Heading, Inline, Note, Para, Row, Run, Section, Table
from gapkit.report.wording import Wording
from gapkit.roadmap.view import roadmap_view
from gapkit.workspace import Workspace

STATUS_FILLS = {"done": "C6EFCE", "in_progress": "FFEB9C", "overdue": "FFC7CE", "cancelled": "D9D9D9"}
STATUSES = ("done", "in_progress", "planned", "overdue", "cancelled")
WIDTHS = (11, 80, 24, 26, 36, 24, 24, 32)  # 257 mm: A4 landscape between 20 mm margins
#: who records what the analysis team finds ("by" of a progress record): named in the document's language
TEAM = "analysis team"


class NoRoadmap(GapkitError, LookupError):
    """The workspace holds no roadmap file."""


class RoadmapBuilder:
    def __init__(self, ws: Workspace, lang: str, as_of: date):
        view = roadmap_view(ws, as_of)
        if view is None:
            raise NoRoadmap(f"the workspace {ws.root} holds no roadmap (roadmap/*.yaml); nothing was written")
        self.view: dict[str, Any] = view
        self.c = Context(ws, lang, Wording(lang, "roadmap"), as_of)
        self.ws, self.lang, self.w, self.as_of = ws, lang, self.c.w, as_of
        loaded = roadmap.load(ws).roadmap
        self.parties = loaded.parties if loaded is not None else {}

    def party(self, code: str) -> str:
        p = self.parties.get(code)
        return p.abbreviation(self.lang) if p is not None else code

    def deliverable(self, d: dict[str, Any]) -> str:
        """A deliverable named as the document it is: «Аналитический обзор (Конвенции № 81, 129)»."""
        numbers = [str(self.ws.instruments[c].number or c) if c in self.ws.instruments else c
                   for c in d.get("conventions", [])]
        return self.w("deliverable", self.w.label("documents", d["report"]), numbers)

    def deadline_as_written(self, deadline: dict[str, Any]) -> str:
        """The deadline as the roadmap writes it (in Russian), or its quarter in English."""
        if self.lang != "en":
            return str(deadline.get("as_written", ""))
        q = re.match(r"(\d{4})-Q([1-4])$", str(deadline.get("quarter", "")))
        return self.w("quarter", q.group(2), q.group(1)) if q else ""

    def status(self, s: str) -> str:
        return self.w.label("measure_status", s)

    def build(self) -> Document:
        rm = self.view["roadmap"]
        title = pick(rm["title"], self.lang)
        when = self.c.date(self.as_of.isoformat())
        doc = Document(self.w("title", title, when), self.lang, header=self.w("running_header", when))
        doc.add(Para.of(title, "title"), Para.of(self.w("subtitle", when), "subtitle"))
        doc.add(Para.of(self.w("intro", self.c.date(rm.get("signed", "")), len(self.view["measures"]),
                               len(self.view["sections"]), when)))
        self.summary(doc)
        n = 2
        if self.facts(doc, n):
            n += 1
        doc.add(Section(True), Heading(f"{n}. {self.w.label('h', 'measures')}", 1))
        by_id = {m["id"]: m for m in self.view["measures"]}
        for s in self.view["sections"]:
            doc.add(Heading(self.w("section_heading", s["number"], pick(s["title"], self.lang)), 2))
            doc.add(self.table(s, [by_id[mid] for mid in s["measures"] if mid in by_id]))
        doc.add(Para.of(self.w("generated", self.ws.name, self.c.date(date.today().isoformat())), "small"))
        return doc

    def summary(self, doc: Document) -> None:
        doc.add(Heading(f"1. {self.w.label('h', 'summary')}", 1))
        cols = [Column(self.w.label("cols", "section"), 60)]
        cols += [Column(self.w.label("status_heads", s), 22, "center") for s in STATUSES]
        rows = []
        total: Counter[str] = Counter()
        by_id = {m["id"]: m for m in self.view["measures"]}
        for s in self.view["sections"]:
            n = Counter(by_id[mid]["status"] for mid in s["measures"] if mid in by_id)
            total.update(n)
            rows.append(Row([Cell.text(f"{s['number']}. {pick(s['title'], self.lang)}")]
                            + [Cell.text(str(n.get(st, 0)), STATUS_FILLS.get(st) if n.get(st) else None)
                               for st in STATUSES], key=s["number"]))
        rows.append(Row([Cell.text(self.w.label("words", "total"))] + [Cell.text(str(total.get(st, 0)))
                                                                       for st in STATUSES], "total"))
        doc.add(Table(cols, rows, font_pt=9.5, key="summary"))
        doc.add(Para.of(self.w("overdue_rule"), "small"))

    def facts(self, doc: Document, n: int) -> bool:
        facts = self.view.get("facts") or []
        if not facts:
            return False
        doc.add(Heading(f"{n}. {self.w.label('h', 'facts')}", 1), Para.of(self.w("facts_intro")))
        for f in facts:
            runs: list[Inline] = [Run(sentence(self.c.date(f.get("date", ""))) + " ", bold=True),
                                  Run(sentence(pick(f.get("text", {}), self.lang)))]
            measures = ", ".join(m.split(":")[-1] for m in f.get("measures", []))
            if measures:
                runs.append(Run(" " + self.w("fact_measures", measures), italic=True))
            # the addresses a reader can open; the team's notes on its sources stay in the workspace
            sources = "; ".join(s["url"] for s in f.get("sources", []) if s.get("url"))
            if sources:
                runs.append(Note(self.w("sources", sources)))
            if f.get("uncertain_note"):
                runs += [Run(" " + self.w.label("words", "uncertain"), bold=True),
                         Note(self.w("uncertain_note", self.w("uncertain_fact_what"), self.w("uncertain_fact")))]
            doc.add(Para(runs, "list"))
        return True

    def table(self, section: dict[str, Any], measures: list[dict[str, Any]]) -> Table:
        cols = [Column(self.w.label("cols", k), w) for k, w in zip(
            ("no", "measure", "deadline", "parties", "result", "conventions", "status", "deliverables"), WIDTHS,
            strict=True)]
        cols[0].align = "center"
        return Table(cols, [self.row(m) for m in measures], font_pt=9, key=f"section:{section['number']}")

    def row(self, m: dict[str, Any]) -> Row:
        none = self.w.label("words", "none")
        written = self.deadline_as_written(m["deadline"])
        deadline = [Para.of(self.c.date(m["deadline"]["date"]) if m["deadline"].get("date") else written or none,
                            "table")]
        if written and m["deadline"].get("date"):
            deadline.append(Para([Run(f"({written})", italic=True)], "table"))
        status = [Para([Run(self.status(m["status"]), bold=True)], "table", "center")]
        if m.get("days_overdue"):
            status.append(Para.of(self.w("days_overdue", m["days_overdue"]), "table", align="center"))
        last = m.get("last_record")
        if last:
            by = self.w("analysis_team") if last.get("by") == TEAM else last.get("by", "")
            status.append(Para([Run(self.w("last_record", self.status(last["status"]), by,
                                           self.c.date(last.get("time", "")[:10])), italic=True)], "table"))
        deliverables = []
        for d in m.get("deliverables", []):
            name = self.deliverable(d)
            state = (self.w("generated_on", self.c.date(d["last_generated"][:10])) if d.get("generated")
                     else self.w("not_generated"))
            deliverables.append(Para([Run(name, bold=True), Run(f": {state}")], "table"))
        facts = [Para([Run(self.w("fact_short", self.c.date(f.get("date", ""))), italic=True)], "table")
                 for f in m.get("facts", [])]
        return Row([
            Cell.text(m["number"]),
            Cell([Para.of(measure_text(m["text"], self.lang), "table")] + facts),
            Cell(deadline),
            Cell([Para.of(self.party(p["code"]), "table") for p in m.get("parties", [])] or [Para.of(none, "table")]),
            Cell.text(pick(m.get("result", {}), self.lang) or none),
            Cell([Para.of(self.c.convention(c["code"]) if c["code"] in self.ws.instruments else c["code"], "table")
                  for c in m.get("conventions", [])] or [Para.of(none, "table")]),
            Cell(status, STATUS_FILLS.get(m["status"])),
            Cell(deliverables or [Para.of(none, "table", align="center")]),
        ], key=m["id"])


def build_roadmap(ws: Workspace, lang: str, as_of: date) -> Document:
    return RoadmapBuilder(ws, lang, as_of).build()
