"""The analytical review (outline (a) of report_formats.md §7): one or more Conventions against national law.

Cover with the editions of the law reviewed, contents, abbreviations; 1 executive summary (key findings,
compliance dashboard and chart, priority recommendations); 2 introduction and method with the verdict
scale; 3 national framework (acts, CEACR comments, roadmap); 4 article-by-article tables in landscape
sections, Conventions that correspond (C081/C129) side by side, the open CEACR points under each article;
5 recommendations; annex A, legislation reviewed.

A requirement nobody has decided on is "not reviewed", never compliant; whatever is uncertain carries a
visible mark and a footnote.
"""

from __future__ import annotations

import re
from collections import Counter, OrderedDict
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import date
from typing import Any

from gapkit import roadmap
from gapkit.citations import instrument_of
from gapkit.errors import GapkitError
from gapkit.report import data as D
from gapkit.report.background import inline_chart
from gapkit.report.chart import WIDTH_MM
from gapkit.report.common import Context, cap, measure_text, pick, sentence
from gapkit.report.doc import (
    FILLS,
    GROUP_FILL,
    Cell,
    Column,
    Document,
    Heading,
    Image,
    Inline,
    Note,
    Para,
    Row,
    Run,
    Section,
    Table,
    Toc,
)
from gapkit.report.grammar import inflect_head
from gapkit.report.points import PointIndex, point_index
from gapkit.report.wording import Wording
from gapkit.review import NOT_REVIEWED, SCALE, in_lang
from gapkit.texts import ShownText, official_text
from gapkit.vocab import Verdict
from gapkit.workspace import Workspace

#: column widths (mm) of the article-by-article table on A4 landscape with 20 mm margins (257 mm)
ARTICLE_WIDTHS = (9, 22, 58, 52, 52, 28, 36)
PORTRAIT_WIDTH = 170
POINT_FILL = "FFF2CC"
BESIDE_FILL = "EDEDED"
MAX_BARS_PER_CHART = 40


#: draws a chart (bars, labels, axis title) now or elsewhere: see gapkit.report.background
ChartMaker = Callable[[list[tuple[str, Counter[str]]], dict[str, str], str], Future[bytes]]


@dataclass
class Recommendation:
    text: str
    kind: str  # legislative | review | information
    provisions: list[str]
    basis: list[str]  # requirement ids
    priority: int  # 0 first
    measure: str = ""  # the roadmap measure that answers it


class ReviewBuilder:
    def __init__(self, ws: Workspace, codes: list[str], lang: str, today: date | None = None,
                 charts: ChartMaker = inline_chart):
        self.c = Context(ws, lang, Wording(lang, "review"), today or date.today())
        self.charts = charts
        self.ws, self.codes, self.lang, self.w = ws, codes, lang, self.c.w
        self.reqs = {code: D.requirements(ws, code) for code in codes}
        self.by_id = {r.id: r for rs in self.reqs.values() for r in rs}
        self.beside = D.beside(ws, codes)
        self.points: PointIndex = point_index(ws)
        self.recs = self._recommendations()

    # ---- small pieces ------------------------------------------------------------------------------------
    def label(self, verdict: str) -> str:
        return self.w.label("verdicts", verdict)

    def part_label(self, code: str, part: str) -> str:
        if part == code:
            return self.c.convention(code)
        clause = self.ws.clause(part)
        heading = pick(clause.heading, self.lang) if clause else ""
        return f"{self.c.convention(code)}. {heading}" if heading else cap(self.c.cite(part))

    def part_short(self, code: str, part: str) -> str:
        return self.c.convention(code) if part == code else cap(self.c.cite(part))

    def parts(self, code: str) -> OrderedDict[str, list[D.Req]]:
        out: OrderedDict[str, list[D.Req]] = OrderedDict()
        for r in self.reqs[code]:
            out.setdefault(r.part, []).append(r)
        return out

    # ---- the document ------------------------------------------------------------------------------------
    def build(self) -> Document:
        convs = [self.ws.instruments[c] for c in self.codes]
        title = self.w("title", self.country())
        numbers = [self.ws.instruments[c].number or c for c in self.codes]
        doc = Document(title, self.lang, header=self.w("running_header", numbers), cover=True)
        self.cover(doc, convs)
        self.summary(doc)
        self.introduction(doc, convs)
        self.framework(doc)
        self.analysis(doc)
        self.recommendations(doc)
        self.annex(doc)
        return doc

    def country(self) -> str:
        countries = self.w.table("countries")
        return countries.get(self.ws.country, self.ws.name)

    def titles(self, convs: list[Any], case: str) -> list[str]:
        """The Conventions' titles in the case the sentence needs (Russian: «на соответствие Конвенции …»)."""
        titles = [self.c.title(i) for i in convs]
        return [inflect_head(t, case) for t in titles] if self.lang == "ru" else titles

    def acts(self) -> list[D.Act]:
        """The acts the review's findings rely on (not every act of the workspace)."""
        return D.cited_acts(self.ws, [r for rs in self.reqs.values() for r in rs], self.c.today)

    def cover(self, doc: Document, convs: list[Any]) -> None:
        doc.add(Para([], "body"), Para([], "body"),
                Para.of(self.w("title", self.country()), "title"),
                Para.of(self.w("subtitle", self.country(), self.titles(convs, "datv")), "subtitle"),
                Para([], "body"))
        doc.add(Para.of(self.w("editions_intro"), "body", keep_next=True))
        for a in self.acts():
            runs: list[Inline] = [Run(self.c.title(a.inst), bold=True)]
            ed = D.edition_read(a.inst)
            runs.append(Run(" — " + (self.w("edition_of", self.c.date(ed)) if ed else self.w("edition_unknown"))))
            runs += self.c.uncertain_act(a)
            doc.add(Para(runs, "list"))
        stats = self.stats()
        doc.add(Para([], "body"),
                Para.of(self.w("cover_state", stats), "body"),
                Para.of(self.w("cover_date", self.c.date(self.c.today.isoformat())), "body"),
                Para.of(self.w("disclaimer", self.ws.name), "small"))
        doc.add(Section(False), Toc(self.w.label("h", "toc")))
        doc.add(Heading(self.w.label("h", "abbreviations"), 1))
        rows = [Row([Cell.text(short), Cell.text(full)]) for short, full in self.abbreviations()]
        doc.add(Table([Column(self.w.label("cols", "abbr"), 35), Column(self.w.label("cols", "meaning"), 135)],
                      rows, font_pt=10))

    def abbreviations(self) -> list[tuple[str, str]]:
        """The abbreviations the document uses: the fixed ones, and those of the acts that its texts use."""
        out = list(self.w.table("fixed_abbreviations").items())
        used = "\n".join(in_lang(t, self.lang) for rs in self.reqs.values() for r in rs if r.mapping
                          for t in (r.mapping.reason, r.mapping.recommendation, r.mapping.practice.get("note") or {}))
        for a in D.acts(self.ws, self.c.today):
            # abbreviations among the aliases ("ТК", "ТК РК", "КоАП РК"): the fullest one is the formal one
            shorts = [s for s in a.inst.aliases.get(self.lang, [])
                      if len(s) <= 10 and sum(ch.isupper() for ch in s) >= 2 and all(w[0].isupper() for w in s.split())]
            shorts = [x for x in shorts if re.search(rf"(?<!\w){re.escape(x)}(?!\w)", used)]
            if shorts:
                out.append((max(shorts, key=len), self.c.title(a.inst)))
        return sorted(out, key=lambda x: x[0].casefold())

    # ---- 1. executive summary -----------------------------------------------------------------------------
    def stats(self) -> dict[str, Any]:
        all_reqs = [r for rs in self.reqs.values() for r in rs]
        n = Counter(r.verdict for r in all_reqs)
        # a point on C081 and C129 together is one point
        open_points = len({p.id for c in self.codes for p in self.points.on(c)})
        dated = [r.mapping.time for r in all_reqs if r.mapping and r.mapping.time]
        return {
            "conventions": [self.c.convention(c) for c in self.codes],
            "total": len(all_reqs), "reviewed": len(all_reqs) - n[NOT_REVIEWED],
            "counts": {v: n.get(v, 0) for v in SCALE},
            "labels": {v: self.label(v) for v in SCALE},
            "needs_review": sum(1 for r in all_reqs if r.state == "needs_review"),
            "confirmed": sum(1 for r in all_reqs if r.mapping and r.mapping.confirmed),
            "preliminary": sum(1 for r in all_reqs if r.mapping and r.mapping.preliminary),
            "proposals": sum(len(r.mapping.proposals) for r in all_reqs if r.mapping),
            "reviewers": sorted({r.mapping.reviewer for r in all_reqs if r.mapping and r.mapping.confirmed}),
            "last_decision": self.c.date(max(dated)[:10]) if dated else "",
            "open_points": open_points,
        }

    def summary(self, doc: Document) -> None:
        stats = self.stats()
        doc.add(Heading(self.w.label("h", "summary"), 1), Heading(self.w.label("h", "findings"), 2))
        for p in self.w.paragraphs("key_findings", stats):
            doc.add(Para.of(p))
        doc.add(Heading(self.w.label("h", "dashboard"), 2))
        doc.add(self.dashboard())
        groups = [(self.part_short(code, part), D.counts(rs)) for code in self.codes
                  for part, rs in self.parts(code).items()]
        chunks = _chunks(groups, self.codes, self)
        for i, chunk in enumerate(chunks, 1):
            png = self.charts(chunk, {v: self.label(v) for v in SCALE}, self.w.label("words2", "requirements"))
            caption = self.w("chart_caption", i, len(chunks))
            doc.add(Image(png, WIDTH_MM, caption), Para.of(caption, "caption"))
        doc.add(Heading(self.w.label("h", "priorities"), 2))
        top = [r for r in self.recs if r.kind == "legislative"][:10] or self.recs[:5]
        if not top:
            doc.add(Para.of(self.w("no_priorities")))
        for i, r in enumerate(top, 1):
            doc.add(Para.of(f"{i}.\t{r.text}", "list"))

    def dashboard(self) -> Table:
        cols = [Column(self.w.label("cols", "part"), 44)]
        cols += [Column(self.w.label("cols", "requirements"), 18, "center")]
        cols += [Column(self.w.label("dash", v), 18, "center") for v in SCALE]
        rows = []
        for code in self.codes:
            parts = self.parts(code)
            for part, rs in parts.items():
                n = D.counts(rs)
                rows.append(Row([Cell.text(self.part_label(code, part)), Cell.text(str(len(rs)))]
                                + [Cell.text(str(n.get(v, 0)), FILLS[v] if n.get(v) else None) for v in SCALE],
                                key=part))
            all_rs = self.reqs[code]
            n = D.counts(all_rs)
            if len(parts) > 1 or len(self.codes) > 1:
                rows.append(Row([Cell.text(self.w("total_of", self.c.convention(code))), Cell.text(str(len(all_rs)))]
                                + [Cell.text(str(n.get(v, 0))) for v in SCALE], "total", key=code))
        return Table(cols, rows, font_pt=9, key="dashboard")

    # ---- 2. introduction ----------------------------------------------------------------------------------
    def introduction(self, doc: Document, convs: list[Any]) -> None:
        acts = [(self.c.title(a.inst), self.c.date(D.edition_read(a.inst)) if D.edition_read(a.inst) else "")
                for a in self.acts()]
        doc.add(Heading(self.w.label("h", "introduction"), 1), Heading(self.w.label("h", "purpose"), 2))
        for p in self.w.paragraphs("purpose", self.country(), self.titles(convs, "gent"), acts):
            doc.add(Para.of(p))
        doc.add(Heading(self.w.label("h", "method"), 2))
        for p in self.w.paragraphs("method"):
            doc.add(Para.of(p))
        doc.add(Para.of(self.w("scale_intro"), keep_next=True))
        rows = [Row([Cell.text(self.label(v), FILLS[v]), Cell.text(self.w.label("verdict_meaning", v))],
                    key=v) for v in SCALE]
        doc.add(Table([Column(self.w.label("cols", "assessment"), 45), Column(self.w.label("cols", "meaning"), 125)],
                      rows, font_pt=10, key="scale"))
        doc.add(Para.of(self.w("relations_intro"), keep_next=True))
        rels = self.w.table("relations")
        doc.add(Table([Column(self.w.label("cols", "relation"), 45), Column(self.w.label("cols", "meaning"), 125)],
                      [Row([Cell.text(label), Cell.text(self.w.label("relation_meaning", k))], key=k)
                       for k, label in rels.items()], font_pt=10))
        for p in self.w.paragraphs("limitations", bool(self.summarised()), self.lang == "en"):
            doc.add(Para.of(p))
        doc.add(Heading(self.w.label("h", "structure"), 2))
        for p in self.w.paragraphs("structure", len(self.beside.pairs) > 0):
            doc.add(Para.of(p))

    # ---- 3. national framework ----------------------------------------------------------------------------
    def framework(self, doc: Document) -> None:
        doc.add(Heading(self.w.label("h", "framework"), 1), Heading(self.w.label("h", "laws"), 2))
        doc.add(Para.of(self.w("laws_intro")))
        for a in D.acts(self.ws, self.c.today):
            inst = a.inst
            used = self.cited_provisions(inst.code)
            runs: list[Inline] = [Run(self.c.act_title(inst), bold=True)]
            runs += self.c.uncertain_act(a)
            runs.append(Run(" — " + self.w("act_in_review", len(inst.clauses), len(used),
                                           self.c.date(inst.edition) if inst.edition else "")))
            doc.add(Para(runs, "list"))
        doc.add(Heading(self.w.label("h", "supervision"), 2))
        comments = self.points.comments_for(self.codes)
        doc.add(Para.of(self.w("supervision_intro", len(comments),
                               len({p.id for c in self.codes for p in self.points.on(c)}))))
        rows = []
        for cm in sorted(comments, key=lambda c: (c.adopted or 0, c.id)):
            open_n = sum(1 for p in cm.points if p.is_open and p.id not in self.points.followed)
            convs = ", ".join(self.c.convention(c) if c in self.ws.instruments else c for c in cm.conventions)
            rows.append(Row([Cell.text(self.comment_label(cm)), Cell.text(convs),
                             Cell.text(str(len(cm.points)), align="center"),
                             Cell.text(str(open_n), align="center")], key=cm.id))
        if rows:
            cols = [Column(self.w.label("cols", k), w, "" if w > 25 else "center")
                    for k, w in (("comment", 70), ("conventions", 50), ("points", 25), ("open", 25))]
            doc.add(Table(cols, rows, font_pt=10, key="comments"))
        self.roadmap_part(doc)

    def roadmap_part(self, doc: Document) -> None:
        rm = roadmap.load(self.ws).roadmap
        if rm is None:
            return
        measures = [m for m in rm.measures.values() if set(m.conventions) & set(self.codes)]
        if not measures:
            return
        from gapkit.roadmap.status import shown_status, status_as_of

        records = roadmap.load_progress(self.ws).records
        doc.add(Heading(self.w.label("h", "roadmap"), 2), Para.of(self.w("roadmap_intro", pick(rm.title, self.lang))))
        rows = []
        for m in measures:
            status = shown_status(m, status_as_of(m.id, records, self.c.today), self.c.today)
            rows.append(Row([Cell.text(m.number, align="center"), Cell.text(measure_text(m.text, self.lang)),
                             Cell.text(self.c.date(m.deadline.date.isoformat()) if m.deadline.date else
                                       m.deadline.as_written),
                             Cell.text(self.w.label("measure_status", status))], key=m.id))
        doc.add(Table([Column("№", 12), Column(self.w.label("cols", "measure"), 103),
                       Column(self.w.label("cols", "deadline"), 28), Column(self.w.label("cols", "status"), 27)],
                      rows, font_pt=9.5, key="roadmap"))

    def cited_provisions(self, act_code: str) -> set[str]:
        return {p for rs in self.reqs.values() for r in rs if r.mapping for p in r.mapping.provisions
                if instrument_of(p) == act_code}

    def comment_label(self, cm: Any) -> str:
        kind = self.w.table("comment_types").get(cm.type, cm.type)
        return self.w("comment_label", kind, cm.adopted or "", cm.published or "")

    # ---- 4. article by article -----------------------------------------------------------------------------
    def analysis(self, doc: Document) -> None:
        doc.add(Heading(self.w.label("h", "analysis"), 1))
        doc.add(Para.of(self.w("analysis_intro", len(self.beside.pairs) > 0)))
        if self.beside.pairs:
            self.correspondence(doc)
        doc.add(Section(True))
        for i, code in enumerate(self.codes, 1):
            inst = self.ws.instruments[code]
            doc.add(Heading(f"4.{i + (1 if self.beside.pairs else 0)}. {self.c.title(inst)}", 2))
            parts = self.parts(code)
            shown_any = False
            for part, rs in parts.items():
                rs = [r for r in rs if not any(D.inside(o, r.id) for o in self.beside.shown_beside)]
                if not rs:
                    continue
                shown_any = True
                if part != code:
                    doc.add(Heading(self.part_label(code, part), 3))
                doc.add(self.article_table(code, rs))
            if not shown_any:
                doc.add(Para.of(self.w("all_beside", self.c.convention(code))))
            elif any(instrument_of(o) == code for o in self.beside.shown_beside):
                doc.add(Para.of(self.w("some_beside", self.c.convention(code)), "small"))
        doc.add(Section(False))

    def correspondence(self, doc: Document) -> None:
        doc.add(Heading(self.w.label("h", "beside"), 2), Para.of(self.w("beside_intro")))
        codes = []
        for t, o in self.beside.pairs:
            codes += [instrument_of(t), instrument_of(o)]
        a, b = codes[0], codes[1]
        rows = []
        for this, other in self.beside.pairs:
            left = [r for r in self.reqs[instrument_of(this)] if D.inside(this, r.id)]
            right = [r for r in self.reqs[instrument_of(other)] if D.inside(other, r.id)]
            if not left and not right:
                continue
            rows.append(Row([self.unit_cell(this), self.summary_cell(left), self.unit_cell(other),
                             self.summary_cell(right)], key=f"{this}|{other}"))
        doc.add(Table([Column(self.c.convention(a), 55), Column(self.w.label("cols", "assessment"), 30),
                       Column(self.c.convention(b), 55), Column(self.w.label("cols", "assessment"), 30)],
                      rows, font_pt=9, key="beside"))

    def unit_cell(self, unit: str) -> Cell:
        clause = self.ws.clause(unit)
        heading = pick(clause.heading, self.lang) if clause else ""
        runs: list[Inline] = [Run(cap(self.c.cite(unit)), bold=True)]
        if heading:
            runs.append(Run(". " + heading))
        return Cell([Para(runs, "table")])

    def summary_cell(self, reqs: list[D.Req]) -> Cell:
        if not reqs:
            return Cell.text(self.w.label("words", "none"), align="center")
        n = D.counts(reqs)
        parts = [f"{self.label(v)}: {n[v]}" for v in D.SEVERITY if n.get(v)]
        return Cell([Para.of(p, "table") for p in parts], FILLS[D.worst(n)])

    def article_table(self, code: str, reqs: list[D.Req]) -> Table:
        cols = [Column(lbl, w) for lbl, w in zip(
            [self.w.label("cols", k) for k in ("no", "provision", "requirement", "national", "analysis",
                                               "assessment", "recommendation")], ARTICLE_WIDTHS, strict=True)]
        cols[0].align = "center"
        t = Table(cols, key=f"articles:{code}")
        n = 0
        articles: OrderedDict[str, list[D.Req]] = OrderedDict()
        for r in reqs:
            articles.setdefault(r.article, []).append(r)
        for article, rs in articles.items():
            t.rows.append(self.article_row(article))
            for r in rs:
                n += 1
                t.rows.append(self.req_row(n, r))
            units = [article]
            for _this, other in self.beside.others_for(article):
                others = [r for r in self.reqs.get(instrument_of(other), []) if D.inside(other, r.id)]
                if not others:
                    continue
                units.append(other)
                t.rows.append(self.article_row(other, beside_of=article))
                for r in others:
                    n += 1
                    t.rows.append(self.req_row(n, r))
            points = [p for u in units for p in self.points.on(u)]
            if points:
                t.rows.append(self.points_row(units, list({p.id: p for p in points}.values())))
        return t

    def article_row(self, unit: str, beside_of: str | None = None) -> Row:
        clause = self.ws.clause(unit)
        heading = pick(clause.heading, self.lang) if clause else ""
        if beside_of:
            text = self.w("beside_row", self.c.cite(unit), self.c.cite(beside_of), heading)
        else:
            text = cap(self.c.cite(unit)) + (f". {heading}" if heading else "")
        return Row([Cell([Para([Run(text, bold=True)], "table")], BESIDE_FILL if beside_of else GROUP_FILL)],
                   "group", key=unit)

    def points_row(self, units: list[str], points: list[Any]) -> Row:
        paras = [Para([Run(self.w("open_points_title", [self.c.cite(u) for u in units]), bold=True)], "table")]
        for p in points:
            cm = self.points.comment(p)
            runs: list[Inline] = [Run(sentence(self.comment_label(cm) if cm else p.comment), italic=True)]
            runs.append(Run(" " + sentence(pick(p.summary, self.lang) or p.title_in(self.lang))))
            runs.append(Run(f" ({self.w.label('point_status', p.status)})"))
            if p.uncertain:
                runs += [Run(" " + self.w.label("words", "uncertain"), bold=True),
                         Note(self.w("uncertain_note", self.w("uncertain_point_what"), self.w("uncertain_point")))]
            paras.append(Para(runs, "table"))
            open_requests = [pick(r.text, self.lang) for r in p.requests if r.is_open and pick(r.text, self.lang)]
            for req in open_requests:
                paras.append(Para([Run("— " + self.w("request_prefix") + " " + req)], "table"))
        return Row([Cell(paras, POINT_FILL)], "group", key="points:" + ",".join(p.id for p in points))

    def req_row(self, n: int, r: D.Req) -> Row:
        clause = r.clause
        prov_runs: list[Inline] = [Run(cap(self.c.cite(r.id)))]
        prov_runs += self.c.uncertain_clause(clause)
        req_paras = []
        heading = pick(clause.heading, self.lang)
        if heading:
            req_paras.append(Para([Run(heading, bold=True)], "table"))
        text = pick(clause.text, self.lang)
        if text:
            req_paras.append(Para([Run(text)], "table"))
        verdict = r.verdict
        if r.mapping is not None and r.mapping.preliminary:  # never passed off as an expert's
            assess = [Para([Run(self.w("preliminary_label"), italic=True)], "table", "center"),
                      Para([Run(self.label(verdict), bold=True)], "table", "center")]
        else:
            assess = [Para([Run(self.label(verdict), bold=verdict != NOT_REVIEWED, italic=verdict == NOT_REVIEWED)],
                           "table", "center")]
        if r.state == "needs_review":
            assess.append(Para([Run(self.w("needs_review_short"), italic=True)], "table", "center"))
        if r.mapping and r.mapping.practice.get("verdict"):
            assess.append(Para([Run(self.w("practice_short", self.label(r.mapping.practice["verdict"])),
                                    italic=True)], "table", "center"))
        return Row([
            Cell.text(str(n)),
            Cell([Para(prov_runs, "table")]),
            Cell(req_paras or [Para([], "table")]),
            self.national_cell(r),
            self.analysis_cell(r),
            Cell(assess, FILLS.get(verdict)),
            self.recommendation_cell(r),
        ], key=r.id)

    def national_cell(self, r: D.Req) -> Cell:
        m = r.mapping
        if m is None or not m.decided:
            return Cell.text(self.w.label("words", "none"), align="center")
        if not m.provisions:
            return Cell([Para([Run(self.w("no_provisions"), italic=True)], "table")])
        paras = []
        for pid in m.provisions:
            clause = self.ws.clause(pid)
            runs: list[Inline] = [Run(cap(self.c.cite(pid)), bold=True)]
            shown = self.national_text(pid) if clause is not None else None
            if clause is not None:
                ed = self.c.edition(clause, shown.edition if shown is not None and shown.official else "")
                if ed:
                    runs.append(Run(f" ({ed})"))
                runs += self.c.uncertain_clause(clause)
            paras.append(Para(runs, "table"))
            if shown is not None:
                lines = [ln for ln in shown.text.split("\n") if ln.strip()]
                lead: list[Inline] = [] if shown.official else [Run(self.w("summary_mark") + " ", italic=True)]
                paras += [Para((lead if i == 0 else []) + [Run(ln)], "table") for i, ln in enumerate(lines)]
        return Cell(paras)

    def national_text(self, pid: str) -> ShownText | None:
        """The provision's official wording where it is loaded in the report's language (Russian or Kazakh: the
        acts have no official English text), else our summary in the report's language, marked as one."""
        inst = self.ws.instruments[instrument_of(pid)]
        if self.lang != "en":
            official = official_text(inst, pid, self.lang)
            if official:
                return ShownText(official, True, self.lang, inst.authentic_edition.get(self.lang, ""))
        clause = inst.clauses[pid]
        summary = pick(clause.text, self.lang)
        return ShownText(summary, False, self.lang, clause.edition) if summary else None

    def summarised(self) -> list[str]:
        """The provisions the review cites whose official text is not loaded: shown as our summaries."""
        out = []
        for code in self.codes:
            for r in self.reqs[code]:
                for pid in (r.mapping.provisions if r.mapping and r.mapping.decided else []):
                    t = self.national_text(pid) if self.ws.clause(pid) is not None else None
                    if t is not None and not t.official and pid not in out:
                        out.append(pid)
        return out

    def analysis_cell(self, r: D.Req) -> Cell:
        m = r.mapping
        if m is None or not m.decided:
            text = self.w("not_reviewed_analysis")
            return Cell([Para([Run(text, italic=True)], "table")])
        paras = []
        if m.relation:
            paras.append(Para([Run(self.w("relation_line", self.w.label("relations", m.relation)), italic=True)],
                              "table"))
        if m.reason:
            paras += [Para([Run(t)], "table") for t in in_lang(m.reason, self.lang).split("\n") if t.strip()]
        if m.practice.get("note") or m.practice.get("verdict"):
            label = self.label(m.practice["verdict"]) if m.practice.get("verdict") else ""
            note = in_lang(m.practice.get("note") or {}, self.lang)
            paras.append(Para([Run(self.w("practice_line", label), bold=True), Run(" " + note)], "table"))
        if r.state == "needs_review":
            stale = ", ".join(self.c.cite(p) for p in m.stale_provisions(self.ws))
            paras.append(Para([Run(self.w("needs_review_long", stale), bold=True)], "table"))
        when = self.c.date(m.time[:10]) if m.time else ""
        who = self.w("assessed_by_team", when) if m.preliminary else self.w("decided_by", m.reviewer, when)
        paras.append(Para([Run(who, italic=True)], "table"))
        if m.approved:
            paras.append(Para([Run(self.c.approved(m), italic=True)], "table"))
        return Cell(paras)

    def recommendation_cell(self, r: D.Req) -> Cell:
        m = r.mapping
        paras = []
        if m and m.recommendation:
            paras += [Para.of(t, "table") for t in in_lang(m.recommendation, self.lang).split("\n") if t.strip()]
            paras += [Para([Run(self.proposal_text(p), italic=True)], "table") for p in m.proposals]
        elif m and m.proposals:
            for p in m.proposals:
                paras.append(Para.of(self.proposal_text(p), "table"))
        elif r.state == "needs_review":
            paras.append(Para.of(self.w("rec_rereview"), "table"))
        elif r.verdict in (Verdict.NON_COMPLIANT, Verdict.PARTIALLY_COMPLIANT):
            paras.append(Para.of(self.w("rec_amend"), "table"))
        elif r.verdict == Verdict.INSUFFICIENT_INFORMATION:
            paras.append(Para.of(self.w("rec_information"), "table"))
        elif r.verdict == NOT_REVIEWED:
            paras.append(Para([Run(self.w("rec_review"), italic=True)], "table"))
        else:
            paras.append(Para.of(self.w.label("words", "none"), "table", align="center"))
        return Cell(paras)

    def proposal_text(self, p: Any) -> str:
        where = self.c.cite(p.provision)
        kind = p.kind(tuple(w.casefold() for w in self.w.values("deletion_words")))
        return self.w({"new": "rec_new", "delete": "rec_delete", "append": "rec_append"}.get(kind, "rec_change"),
                      where)

    # ---- 5. recommendations -----------------------------------------------------------------------------
    def _recommendations(self) -> list[Recommendation]:
        out: list[Recommendation] = []
        order: dict[str, int] = {Verdict.NON_COMPLIANT: 0, Verdict.PARTIALLY_COMPLIANT: 1,
                                 Verdict.INSUFFICIENT_INFORMATION: 2}
        same: dict[str, Recommendation] = {}  # one recommendation answers corresponding C081 and C129 requirements
        for code in self.codes:
            for r in self.reqs[code]:
                m = r.mapping
                if m and m.recommendation and r.verdict in order:
                    text = in_lang(m.recommendation, self.lang)
                    kind = "information" if r.verdict == Verdict.INSUFFICIENT_INFORMATION else "legislative"
                    if text in same:
                        rec = same[text]
                        rec.basis.append(r.id)
                        rec.provisions += [p for p in m.provisions if p not in rec.provisions]
                        rec.priority = min(rec.priority, order[r.verdict])
                    else:
                        same[text] = Recommendation(text, kind, list(m.provisions), [r.id], order[r.verdict],
                                                    m.measure)
                        out.append(same[text])
                elif m and m.proposals:
                    for p in m.proposals:
                        out.append(Recommendation(self.proposal_text(p) + " " + self.w("rec_for", self.c.cite(r.id)),
                                                  "legislative", [p.provision], [r.id], order.get(r.verdict, 3)))
                elif r.verdict in (Verdict.NON_COMPLIANT, Verdict.PARTIALLY_COMPLIANT):
                    out.append(Recommendation(self.w("rec_amend_for", self.c.cite(r.id)), "legislative",
                                              list(m.provisions) if m else [], [r.id], order[r.verdict]))
                elif r.verdict == Verdict.INSUFFICIENT_INFORMATION:
                    out.append(Recommendation(self.w("rec_information_for", self.c.cite(r.id)), "information",
                                              list(m.provisions) if m else [], [r.id], 4))
                if r.state == "needs_review":
                    out.append(Recommendation(self.w("rec_rereview_for", self.c.cite(r.id)), "review",
                                              list(m.stale_provisions(self.ws)) if m else [], [r.id], 5))
            missing = [r for r in self.reqs[code] if r.verdict == NOT_REVIEWED]
            if missing:
                out.append(Recommendation(self.w("rec_review_all", len(missing), self.c.convention(code)), "review",
                                          [], [], 6))
        return sorted(out, key=lambda r: r.priority)

    def recommendations(self, doc: Document) -> None:
        doc.add(Heading(self.w.label("h", "recommendations"), 1), Para.of(self.w("recommendations_intro")))
        rows = []
        for i, r in enumerate(self.recs, 1):
            basis_paras = []
            for rid in r.basis:
                basis_paras.append(Para.of(cap(self.c.cite(rid)), "table"))
                for cm in self.points.comments_on(rid):
                    basis_paras.append(Para([Run(self.comment_label(cm), italic=True)], "table"))
            rows.append(Row([Cell.text(str(i), align="center"), Cell.text(r.text),
                             Cell.text(self.w.label("rec_kinds", r.kind)),
                             Cell([Para.of(cap(self.c.cite(p)), "table") for p in r.provisions]
                                  or [Para.of(self.w.label("words", "none"), "table", align="center")]),
                             Cell(list({p.runs[0].text: p for p in basis_paras if p.runs}.values())
                                  or [Para.of(self.w.label("words", "none"), "table", align="center")]),
                             self.measure_cell(r.measure)],
                            key=",".join(r.basis)))
        doc.add(Table([Column("№", 9), Column(self.w.label("cols", "recommendation"), 57),
                       Column(self.w.label("cols", "kind"), 22), Column(self.w.label("cols", "provisions"), 30),
                       Column(self.w.label("cols", "basis"), 29), Column(self.w.label("cols", "measure_who"), 23)],
                      rows, font_pt=9.5, key="recommendations"))

    def measure_cell(self, measure: str) -> Cell:
        """The roadmap measure that answers a recommendation: its number, who carries it out, by when."""
        rm = roadmap.load(self.ws).roadmap
        m = rm.measures.get(measure) if rm is not None and measure else None
        if m is None or rm is None:
            return Cell.text(self.w.label("words", "none"), align="center")
        when = self.c.date(m.deadline.date.isoformat()) if m.deadline.date else m.deadline.as_written
        return Cell([Para([Run(self.w("measure_no", m.number), bold=True)], "table"),
                     Para.of(", ".join(rm.parties[p].abbreviation(self.lang) if p in rm.parties else p
                                       for p in m.parties), "table"),
                     Para.of(self.w("measure_by", when), "table")])

    # ---- annex ---------------------------------------------------------------------------------------------
    def annex(self, doc: Document) -> None:
        doc.add(Heading(self.w.label("h", "annex_laws"), 1))
        rows = []
        for i, a in enumerate(self.acts(), 1):
            inst = a.inst
            title: list[Inline] = [Run(self.c.title(inst))]
            title += self.c.uncertain_act(a)
            number = inst.act_number if inst.act_number not in ("", "-") else ""
            dated = self.c.date(inst.date) if inst.date else ""
            source = next(iter(inst.authentic_source.values()), "") or inst.source.url  # an address, never a note
            rows.append(Row([Cell.text(str(i), align="center"), Cell([Para(title, "table")]),
                             Cell.text(self.w("number_and_date", number, dated)),
                             Cell.text(self.c.date(D.edition_read(inst)) if D.edition_read(inst)
                                       else self.w.label("words", "none")),
                             Cell.text(source or self.w.label("words", "none"))], key=inst.code))
        doc.add(Table([Column("№", 10), Column(self.w.label("cols", "act"), 55),
                       Column(self.w.label("cols", "number_date"), 32), Column(self.w.label("cols", "edition"), 25),
                       Column(self.w.label("cols", "source"), 48)], rows, font_pt=9.5, key="laws"))
        doc.add(Para.of(self.w("generated", self.ws.name, self.c.date(self.c.today.isoformat())), "small"))


def _chunks(groups: list[tuple[str, Counter[str]]], codes: list[str],
            b: ReviewBuilder) -> list[list[tuple[str, Counter[str]]]]:
    """Split the bars into charts that fit a page, never splitting one Convention's Parts."""
    out: list[list[tuple[str, Counter[str]]]] = [[]]
    i = 0
    for code in codes:
        n = len(b.parts(code))
        block = groups[i:i + n]
        i += n
        if out[-1] and len(out[-1]) + len(block) > MAX_BARS_PER_CHART:
            out.append([])
        out[-1].extend(block)
    return [c for c in out if c]


class NotRatified(GapkitError):
    """A compliance review asked for a Convention the country has not ratified: its analysis is the ratification
    one (what would block ratification), not a review of compliance with obligations it does not have."""


def build_review(ws: Workspace, codes: list[str], lang: str, today: date | None = None,
                 charts: ChartMaker = inline_chart) -> Document:
    unratified = [c for c in codes if ws.instruments[c].not_ratified]
    if unratified:
        raise NotRatified(f"{', '.join(unratified)} {'is' if len(unratified) == 1 else 'are'} not ratified: the "
                          "analysis of an unratified Convention is the readiness to ratify it (the ratification "
                          "report, one Convention at a time); nothing was written")
    return ReviewBuilder(ws, codes, lang, today, charts).build()
