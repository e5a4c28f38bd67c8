"""The status of the CEACR comments (outline (c) of report_formats.md §7), from the comment tracker.

Cover and contents; 1 summary per Convention; 2 the register of comments (type, year adopted, ILC
session, repetition, NORMLEX reference, overall status); 3 the points of each
comment with the Committee's requests, the Government's reply, the national provisions and roadmap
measure concerned and their status (landscape); 4 the follow-up: for each open point, the requests still
unanswered and whether an amendment has been proposed for the provisions it touches.

The reporting calendar and the social partners' observations of the outline are left out: the workspace
holds no data for them, and an empty table would suggest there is nothing to report.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from typing import Any

from gapkit.citations import instrument_of
from gapkit.comments import followup, load_comments
from gapkit.report.common import Context, cap, pick, sentence
from gapkit.report.doc import (
    GROUP_FILL,
    Cell,
    Column,
    Document,
    Heading,
    Inline,
    Note,
    Para,
    Row,
    Run,
    Section,
    Table,
    Toc,
)
from gapkit.report.wording import Wording
from gapkit.review import proposals_with_state
from gapkit.workspace import Workspace

STATUS_FILLS = {"open": "FFC7CE", "partially_addressed": "FFEB9C", "addressed": "C6EFCE"}
POINT_WIDTHS = (10, 28, 46, 70, 33, 32, 14, 24)  # 257 mm: A4 landscape between 20 mm margins


class CommentsBuilder:
    def __init__(self, ws: Workspace, codes: list[str], lang: str, today: date | None = None):
        self.c = Context(ws, lang, Wording(lang, "comments"), today or date.today())
        self.ws, self.lang, self.w = ws, lang, self.c.w
        self.data = load_comments(ws)
        wanted = set(codes)
        self.comments = sorted((c for c in self.data.comments.values() if not wanted or wanted & set(c.conventions)),
                               key=lambda c: (c.adopted or 0, c.id))
        self.codes = codes or sorted({code for c in self.comments for code in c.conventions})
        self.followed = set(self.data.followed_by())

    def label(self, cm: Any) -> str:
        kind = self.w.table("comment_types").get(cm.type, cm.type)
        return self.w("comment_label", kind, cm.adopted or "")

    def conv(self, code: str) -> str:
        """A Convention by number, also one the workspace holds no catalogue of (C144: «Конвенция № 144»)."""
        if code in self.ws.instruments:
            return self.c.convention(code)
        m = re.fullmatch(r"C0*(\d+)", code)
        return self.w("convention_short", int(m.group(1))) if m else code

    def build(self) -> Document:
        country = self.w.table("countries").get(self.ws.country, self.ws.name)
        title = self.w("title", country)
        doc = Document(title, self.lang, header=self.w("running_header"), cover=True)
        doc.add(Para([], "body"), Para([], "body"), Para.of(title, "title"),
                Para.of(self.w("subtitle", [self.conv(c) for c in self.codes]), "subtitle"), Para([], "body"),
                Para.of(self.w("cover_date", self.c.date(self.c.today.isoformat())), "body"),
                Para.of(self.w("disclaimer", self.ws.name), "small"))
        doc.add(Section(False), Toc(self.w.label("h", "toc")))
        self.summary(doc)
        doc.add(Section(True))
        self.register(doc)
        self.points(doc)
        self.followup(doc)
        doc.add(Para.of(self.w("generated", self.ws.name, self.c.date(self.c.today.isoformat())), "small"))
        return doc

    # ---- 1. summary ----------------------------------------------------------------------------------
    def summary(self, doc: Document) -> None:
        doc.add(Heading(self.w.label("h", "summary"), 1))
        points = [p for cm in self.comments for p in cm.points]
        doc.add(Para.of(self.w("summary_text", len(self.comments), len(points),
                               sum(1 for p in points if p.is_open and p.id not in self.followed))))
        cols = [Column(self.w.label("cols", k), w, "" if k == "convention" else "center") for k, w in (
            ("convention", 40), ("comments", 20), ("points", 20), ("open", 22), ("partially_addressed", 24),
            ("addressed", 22), ("requests_open", 22))]
        rows = []
        for code in self.codes:
            cms = [cm for cm in self.comments if code in cm.conventions]
            pts = [p for cm in cms for p in cm.points]
            n = Counter(p.status for p in pts)
            requests = sum(1 for p in pts for r in p.requests if r.is_open)
            rows.append(Row([Cell.text(self.conv(code)), Cell.text(str(len(cms))), Cell.text(str(len(pts))),
                             Cell.text(str(n["open"]), STATUS_FILLS["open"] if n["open"] else None),
                             Cell.text(str(n["partially_addressed"])), Cell.text(str(n["addressed"])),
                             Cell.text(str(requests))], key=code))
        doc.add(Table(cols, rows, font_pt=10, key="summary"))
        doc.add(Para.of(self.w("summary_note"), "small"))

    # ---- 2. register ----------------------------------------------------------------------------------
    def register(self, doc: Document) -> None:
        doc.add(Heading(self.w.label("h", "register"), 1))
        cols = [Column(self.w.label("cols", k), w, "center" if k in ("no", "adopted", "repetition") else "")
                for k, w in (("no", 10), ("convention", 44), ("type", 62), ("adopted", 20), ("published", 36),
                             ("repetition", 20), ("normlex", 30), ("overall", 35))]
        rows = []
        for i, cm in enumerate(self.comments, 1):
            statuses = {p.status for p in cm.points}
            overall = ("open" if "open" in statuses else "partially_addressed" if "partially_addressed" in statuses
                       else "addressed" if statuses else "")
            published = self.w("published", cm.ilc_session or "", cm.published or "")
            # how much of a comment the team has read is its own record, kept in the workspace, not a page's
            repeats = self.w.label("words", "yes") if cm.repeats else self.w.label("words", "no")
            rows.append(Row([
                Cell.text(str(i)), Cell.text(", ".join(self.conv(c) for c in cm.conventions)),
                Cell.text(self.w.table("comment_types").get(cm.type, cm.type)), Cell.text(str(cm.adopted or "")),
                Cell.text(published or self.w.label("words", "none")), Cell.text(repeats),
                # the id only: the long NORMLEX address is given under the comment's heading in section 3
                Cell.text(cm.normlex_id or self.w.label("words", "none")),
                Cell.text(self.w.label("point_status", overall) if overall else self.w("no_points"),
                          STATUS_FILLS.get(overall)),
            ], key=cm.id))
        doc.add(Table(cols, rows, font_pt=9, key="register"))

    # ---- 3. points ------------------------------------------------------------------------------------
    def points(self, doc: Document) -> None:
        doc.add(Heading(self.w.label("h", "points"), 1))
        without = [cm for cm in self.comments if not cm.points]
        if without:
            doc.add(Para.of(sentence(self.w("without_points", [
                f"{self.label(cm)} ({', '.join(self.conv(c) for c in cm.conventions)})" for cm in without]))))
        for cm in (c for c in self.comments if c.points):
            convs = ", ".join(self.conv(c) for c in cm.conventions)
            doc.add(Heading(f"{self.label(cm)} — {convs}", 2))
            if cm.url:
                doc.add(Para([Run("NORMLEX: "), Run(cm.url, italic=True)], "small"))
            cols = [Column(self.w.label("cols", k), w) for k, w in zip(
                ("point", "articles", "topic", "asked", "reply", "provisions", "measure", "status"), POINT_WIDTHS,
                strict=True)]
            cols[0].align = cols[6].align = "center"
            doc.add(Table(cols, [self.point_row(p) for p in cm.points], font_pt=9, key=f"points:{cm.id}"))

    def point_label(self, pid: str) -> str:
        """A point as a reader names it: the comment it is in, and its number there when the Committee numbered it."""
        point = self.data.points.get(pid)
        cm = self.data.comments.get(point.comment) if point else None
        if cm is None:
            return self.w.label("words", "none")
        number = pid.rsplit("/", 1)[-1]
        return self.label(cm) + (f", {self.w('point_no', number)}" if number.isdigit() else "")

    def point_row(self, p: Any) -> Row:
        local = p.id.rsplit("/", 1)[-1]
        number: list[Inline] = [Run(local if local.isdigit() else self.w.label("words", "none"))]
        title = p.title_in(self.lang)
        topic_runs: list[Inline] = [Run(title)] if title else []
        if p.uncertain:  # the mark goes with the topic: the number column is too narrow for it
            topic_runs += [Run(" " + self.w.label("words", "uncertain"), bold=True),
                           Note(self.w("uncertain_note", self.w("uncertain_point_what"), self.w("uncertain_point")))]
        topic = [Para(topic_runs, "table")] if topic_runs else []
        for tid in p.topics:
            t = self.data.topics.get(tid)
            if t is not None and pick(t.label, self.lang):
                topic.append(Para([Run(pick(t.label, self.lang), italic=True)], "table"))
        asked = []
        if pick(p.summary, self.lang):
            asked.append(Para.of(pick(p.summary, self.lang), "table"))
        for r in p.requests:
            state = self.w.label("point_status", r.status)
            asked.append(Para([Run("— " + sentence(pick(r.text, self.lang) or pick(r.authentic, self.lang))),
                               Run(f" ({state})", italic=True)], "table"))
        provisions = [Para([Run(cap(self.c.cite(pid))), *self.lapsed(pid)], "table") for pid in p.provisions]
        provisions += [Para([Run(t, italic=True)], "table") for t in p.cited_in(self.lang)]
        status = [Para([Run(self.w.label("point_status", p.status), bold=True)], "table")]
        if p.id in self.followed:
            later = "; ".join(self.point_label(x) for x in self.data.followed_by()[p.id])
            status.append(Para([Run(self.w("taken_up", later), italic=True)], "table"))
        none = self.w.label("words", "none")
        return Row([
            Cell([Para(number, "table", "center")]),
            Cell([Para.of(cap(self.c.cite(a)), "table") for a in p.articles] or [Para.of(none, "table")]),
            Cell(topic or [Para.of(none, "table")]),
            Cell(asked or [Para.of(none, "table")]),
            Cell.text(pick(p.government_reply, self.lang) or none),
            Cell(provisions or [Para.of(none, "table")]),
            Cell.text(p.measure.split(":")[-1] if p.measure else none),
            Cell(status, STATUS_FILLS.get(p.status)),
        ], key=p.id)

    # ---- 4. follow-up ---------------------------------------------------------------------------------
    def followup(self, doc: Document) -> None:
        doc.add(Heading(self.w.label("h", "followup"), 1), Para.of(self.w("followup_intro")))
        rows: list[Row] = []
        items = followup(self.ws, proposals=proposals_with_state)
        wanted = set(self.codes)
        for item in items:
            if not wanted & set(item.get("conventions", [])):
                continue
            point = self.data.points.get(item["point"])
            cm = self.data.comments.get(item["comment"])
            head = self.point_label(item["point"]) if cm else self.w.label("words", "none")
            rows.append(Row([Cell([Para([Run(head, bold=True)], "table"),
                                   Para.of(point.title_in(self.lang) if point else "", "table")])]
                            + [self._requests(item), self._proposals(item)], key=item["point"]))
        if not rows:
            rows.append(Row([Cell([Para([Run(self.w("nothing_open"), italic=True)], "table")], GROUP_FILL)], "group"))
        doc.add(Table([Column(self.w.label("cols", "point_full"), 70), Column(self.w.label("cols", "unanswered"), 117),
                       Column(self.w.label("cols", "amendment"), 70)], rows, font_pt=9, key="followup"))

    def lapsed(self, pid: str) -> list[Inline]:
        """A mark on a provision of an act no longer in force on the report's date (the 1995 Constitution,
        cited by comments adopted before 2026): the point cites a text that has since been replaced."""
        inst = self.ws.instruments.get(instrument_of(pid))
        if inst is None or inst.in_force_on(self.c.today.isoformat()):
            return []
        until = inst.in_force.get("until", "")
        return [Run(" (" + self.w("lapsed", self.c.date(until) if until else "") + ")", italic=True)]

    def _requests(self, item: dict[str, Any]) -> Cell:
        paras = [Para.of("— " + sentence(pick(r.get("text", {}), self.lang)), "table")
                 for r in item.get("unanswered", []) if pick(r.get("text", {}), self.lang)]
        return Cell(paras or [Para([Run(self.w("no_requests"), italic=True)], "table")])

    def _proposals(self, item: dict[str, Any]) -> Cell:
        paras = []
        for prov in item.get("provisions", []):
            has = prov.get("amendment_proposal")
            state = self.w("proposal_state", has)
            paras.append(Para([Run(cap(self.c.cite(prov["id"]))), Run(f": {state}", italic=True)], "table"))
        return Cell(paras or [Para.of(self.w.label("words", "none"), "table")])


def build_comments(ws: Workspace, codes: list[str], lang: str, today: date | None = None) -> Document:
    return CommentsBuilder(ws, codes, lang, today).build()
