"""Write a :class:`~gapkit.report.doc.Document` as one self-contained HTML page (styles and images inside).

The same blocks as the DOCX: for reading a review in a browser without opening Word. Footnotes are numbered
as in the DOCX (a note repeated later keeps its first number) and listed at the end of the page.
"""

from __future__ import annotations

import base64
from html import escape
from pathlib import Path

from gapkit.report.doc import (
    HEADER_FILL,
    Block,
    Cell,
    Document,
    Heading,
    Image,
    Note,
    PageBreak,
    Para,
    Row,
    Run,
    Section,
    Table,
    Toc,
)
from gapkit.yamlio import write_atomic

CSS = """
body { font-family: "Times New Roman", "Liberation Serif", "PT Serif", serif; max-width: 1100px; margin: 2em auto;
       padding: 0 1.5em; line-height: 1.35; color: #111; }
h1, h2, h3 { color: #1F3864; } h1 { font-size: 1.45em; margin-top: 2em; } h2 { font-size: 1.2em; }
h3 { font-size: 1.05em; font-style: italic; }
p { text-align: justify; margin: 0.3em 0 0.5em; }
p.title { font-size: 2em; font-weight: bold; text-align: center; color: #1F3864; margin-top: 1.5em; }
p.subtitle { font-size: 1.25em; text-align: center; }
p.small, p.caption { font-size: 0.9em; } p.caption { text-align: center; font-style: italic; color: #404040; }
p.list { padding-left: 2em; text-indent: -2em; text-align: left; }
table { border-collapse: collapse; margin: 0.6em 0 1.2em; table-layout: fixed; font-size: 0.86em; }
th, td { border: 1px solid #808080; padding: 3px 5px; vertical-align: top; text-align: left; }
th { background: #HEADER_FILL; text-align: center; vertical-align: middle; }
td p, th p { margin: 0 0 0.25em; text-align: inherit; }
tr.group td { font-weight: bold; } tr.total td { font-weight: bold; }
img { display: block; margin: 0.5em auto; max-width: 100%; }
.toc { list-style: none; padding-left: 0; } .toc li.l2 { padding-left: 1.5em; }
sup.note a { text-decoration: none; } ol.notes { font-size: 0.9em; }
""".replace("HEADER_FILL", HEADER_FILL)


class HtmlWriter:
    def __init__(self, document: Document):
        self.doc = document
        self.notes: dict[str, int] = {}
        self.anchors: dict[str, str] = {}

    def runs(self, runs: list[Run | Note]) -> str:
        out = []
        for r in runs:
            if isinstance(r, Note):
                n = self.notes.setdefault(r.text, len(self.notes) + 1)
                out.append(f'<sup class="note"><a href="#note-{n}">{n}</a></sup>')
                continue
            t = escape(r.text).replace("\n", "<br>")
            if r.bold:
                t = f"<b>{t}</b>"
            if r.italic:
                t = f"<i>{t}</i>"
            if r.strike:
                t = f"<s>{t}</s>"
            if r.superscript:
                t = f"<sup>{t}</sup>"
            out.append(t)
        return "".join(out)

    def para(self, p: Para) -> str:
        style = f' style="text-align:{p.align}"' if p.align else ""
        return f'<p class="{p.style}"{style}>{self.runs(p.runs)}</p>'

    def cell(self, c: Cell, tag: str = "td", span: int = 1, align: str = "") -> str:
        attrs = f' colspan="{span}"' if span > 1 else ""
        css = []
        if c.fill:
            css.append(f"background:#{c.fill}")
        if align:
            css.append(f"text-align:{align}")
        if css:
            attrs += f' style="{";".join(css)}"'
        return f"<{tag}{attrs}>{''.join(self.para(p) for p in c.paras)}</{tag}>"

    def table(self, t: Table) -> str:
        total = t.width_mm
        cols = "".join(f'<col style="width:{c.width_mm / total * 100:.2f}%">' for c in t.columns)
        width = min(100.0, total / 257 * 100)
        head = "".join(f"<th>{escape(c.label)}</th>" for c in t.columns)
        rows = [f'<table style="width:{width:.0f}%"><colgroup>{cols}</colgroup><thead><tr>{head}</tr>']
        if t.numbering_row:
            rows.append("<tr>" + "".join(f"<th>{i + 1}</th>" for i in range(len(t.columns))) + "</tr>")
        rows.append("</thead><tbody>")
        for row in t.rows:
            rows.append(self.row(row, t))
        rows.append("</tbody></table>")
        return "".join(rows)

    def row(self, row: Row, t: Table) -> str:
        key = f' data-key="{escape(row.key)}"' if row.key else ""
        if row.kind == "group":
            return f'<tr class="group"{key}>{self.cell(row.cells[0], span=len(t.columns))}</tr>'
        cls = ' class="total"' if row.kind == "total" else ""
        return (f"<tr{cls}{key}>"
                + "".join(self.cell(c, align=col.align) for c, col in zip(row.cells, t.columns, strict=True))
                + "</tr>")

    def block(self, b: Block) -> str:
        if isinstance(b, Heading):
            anchor = self.anchors.setdefault(b.text, f"h{len(self.anchors) + 1}")
            return f'<h{b.level} id="{anchor}">{escape(b.text)}</h{b.level}>'
        if isinstance(b, Para):
            return self.para(b)
        if isinstance(b, Table):
            return self.table(b)
        if isinstance(b, Image):
            data = base64.b64encode(b.data).decode("ascii")
            return f'<img src="data:image/png;base64,{data}" alt="{escape(b.alt)}" style="width:{b.width_mm}mm">'
        if isinstance(b, Toc):
            items = "".join(f'<li class="l{lvl}"><a href="#{self.anchors.setdefault(t, f"h{len(self.anchors) + 1}")}">'
                            f"{escape(t)}</a></li>" for lvl, t in b.entries)
            return f'<h1>{escape(b.title)}</h1><ul class="toc">{items}</ul>'
        if isinstance(b, (Section, PageBreak)):
            return ""
        raise TypeError(f"unknown block {b!r}")

    def render(self) -> str:
        self.doc.fill_toc()
        for b in self.doc.blocks:  # anchors in document order, so the contents can link forward
            if isinstance(b, Heading):
                self.anchors.setdefault(b.text, f"h{len(self.anchors) + 1}")
        body = "\n".join(x for x in (self.block(b) for b in self.doc.blocks) if x)
        notes = ""
        if self.notes:
            items = "".join(f'<li id="note-{n}">{escape(t)}</li>' for t, n in self.notes.items())
            notes = f'<hr><ol class="notes">{items}</ol>'
        return (f'<!DOCTYPE html>\n<html lang="{self.doc.lang}"><head><meta charset="utf-8">'
                f"<title>{escape(self.doc.title)}</title><style>{CSS}</style></head>"
                f"<body>\n{body}\n{notes}\n</body></html>\n")


def write_html(document: Document, path: Path) -> Path:
    write_atomic(path, HtmlWriter(document).render())  # the web app may be serving the old one
    return path
