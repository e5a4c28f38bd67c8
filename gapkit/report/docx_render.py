"""Write a :class:`~gapkit.report.doc.Document` as DOCX, on the reference template.

The body is written as WordprocessingML text and parsed once per block: it is much faster than
python-docx's object API on tables of hundreds of rows, and it lets the table builder do what that API
cannot (report_formats.md §4): header rows that repeat on every page (``w:tblHeader``), fixed column
widths that both Word (``w:tcW``) and LibreOffice (``w:gridCol``) honour, rows merged across the table
(``w:gridSpan``), cell shading (a new ``w:shd`` per cell), footnotes, landscape sections and a TOC field.
Elements are written in the schema's order, which Word checks and LibreOffice does not.
"""

from __future__ import annotations

import copy
import io
import math
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm
from lxml import etree

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
from gapkit.report.make_template import LANDSCAPE_MARGINS, PORTRAIT_MARGINS, STYLES, TEMPLATE
from gapkit.yamlio import replace_atomic

TWIPS_PER_MM = 1440 / 25.4
_NS = nsdecls("w", "r", "wp", "a", "pic")
_LANG = {"ru": "ru-RU", "en": "en-GB", "kk": "kk-KZ"}
TABLE_PT = 9.5  # the table text style's size (make_template)
TOC_LEVELS = 2  # the heading levels the contents list (the TOC field's \\o "1-2")
#: a generous width of one character (mm per point of font size): a word estimated wider than its column gets soft
#: hyphens; the estimate errs on the wide side, since a soft hyphen where none is needed is invisible
CHAR_MM_PER_PT = 0.2
LINE_MM_PER_PT = 0.42  # the height of a line of table text, mm per point
KEEP_ROW_MM = 60.0  # a row estimated taller may break across pages (a third of a landscape page): else it leaves a gap
_HYPHEN_LANG = {"ru": "ru_RU", "en": "en_GB", "kk": "ru_RU"}
_WORD = re.compile(r"[^\W\d_]{6,}")


@cache
def _dictionary(lang: str) -> Any:
    import pyphen

    return pyphen.Pyphen(lang=_HYPHEN_LANG.get(lang, "ru_RU"))


def hyphenate(text: str, width_mm: float, size_pt: float, lang: str, bold: bool = False) -> str:
    """Soft hyphens (U+00AD) in the words of ``text`` that may be too long for a column ``width_mm`` wide.

    >>> hyphenate("Предварительная оценка", 20, 9.5, "ru") == "Пред\u00adва\u00adри\u00adтель\u00adная оценка"
    True
    >>> hyphenate("Предварительная оценка", 80, 9.5, "ru")
    'Предварительная оценка'
    """
    fits = (width_mm - 2.5) / (size_pt * CHAR_MM_PER_PT * (1.1 if bold else 1.0))
    if not any(len(w) > fits for w in _WORD.findall(text)):
        return text
    return _WORD.sub(lambda m: _dictionary(lang).inserted(m.group(0), hyphen="\u00ad")
                     if len(m.group(0)) > fits else m.group(0), text)
_ALIGN = {"left": "left", "center": "center", "right": "right", "both": "both", "justify": "both"}


def twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


def _text_xml(text: str) -> str:
    """Runs' inner content: newlines as w:br, tabs as w:tab (report_formats.md §2.4)."""
    parts = []
    for i, line in enumerate(text.split("\n")):
        if i:
            parts.append("<w:br/>")
        for j, piece in enumerate(line.split("\t")):
            if j:
                parts.append("<w:tab/>")
            if piece:
                parts.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return "".join(parts)


@dataclass
class _Notes:
    """Footnotes written so far; a note repeated later is referred to by its number, not written again."""

    style_ref: str
    style_text: str
    xml: list[str] = field(default_factory=list)
    numbers: dict[str, int] = field(default_factory=dict)

    def ref(self, text: str, size: str) -> str:
        if text in self.numbers:  # Word numbers footnotes by the order of their references: same number
            return (f'<w:r><w:rPr>{size}<w:vertAlign w:val="superscript"/></w:rPr>'  # schema order: sz first
                    f'<w:t>{self.numbers[text]}</w:t></w:r>')
        n = len(self.numbers) + 1
        self.numbers[text] = n
        self.xml.append(
            f'<w:footnote {nsdecls("w")} w:id="{n}"><w:p><w:pPr><w:pStyle w:val="{self.style_text}"/></w:pPr>'
            f'<w:r><w:rPr><w:rStyle w:val="{self.style_ref}"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> {escape(text)}</w:t></w:r></w:p></w:footnote>')
        return (f'<w:r><w:rPr><w:rStyle w:val="{self.style_ref}"/>{size}</w:rPr>'
                f'<w:footnoteReference w:id="{n}"/></w:r>')


class DocxWriter:
    def __init__(self, document: Document, template: Path = TEMPLATE, mark_headings: bool = False):
        self.model = document
        # the layout pass: each heading the contents list starts with a marker its page is found by
        self.mark_headings = mark_headings
        self.headings_seen = 0
        self.doc = docx.Document(str(template))
        self.body = self.doc.element.body
        self.final_sectpr = self.body.find(qn("w:sectPr"))
        self.base_sectpr = copy.deepcopy(self.final_sectpr)
        self.style = {role: self.doc.styles[name].style_id for role, name in STYLES.items()}
        self.notes = _Notes(self.style["footnote_ref"], self.style["footnote"])
        self.landscape = document.landscape
        self.first_section = True
        self.has_content = False
        self.pending: list[tuple[etree._Element, Image]] = []

    # ---- inline ---------------------------------------------------------------------------------------
    def _runs(self, runs: list[Run | Note], size_pt: float | None = None) -> str:
        size = f'<w:sz w:val="{round(size_pt * 2)}"/><w:szCs w:val="{round(size_pt * 2)}"/>' if size_pt else ""
        out = []
        for r in runs:
            if isinstance(r, Note):
                out.append(self.notes.ref(r.text, size))
                continue
            if not r.text:
                continue
            rpr = ("<w:b/><w:bCs/>" if r.bold else "") + ("<w:i/><w:iCs/>" if r.italic else "") \
                + ("<w:strike/>" if r.strike else "") + size \
                + ('<w:vertAlign w:val="superscript"/>' if r.superscript else "")
            out.append(f"<w:r>{f'<w:rPr>{rpr}</w:rPr>' if rpr else ''}{_text_xml(r.text)}</w:r>")
        return "".join(out)

    def _para(self, p: Para, style_role: str | None = None, size_pt: float | None = None,
              keep_next: bool = False, extra_ppr: str = "") -> str:
        style = self.style[style_role or ("body" if p.style in ("body",) else p.style)]
        ppr = f'<w:pStyle w:val="{style}"/>'
        if keep_next or p.keep_next:
            ppr += "<w:keepNext/>"
        ppr += extra_ppr
        if p.align:
            ppr += f'<w:jc w:val="{_ALIGN[p.align]}"/>'
        return f"<w:p><w:pPr>{ppr}</w:pPr>{self._runs(p.runs, size_pt)}</w:p>"

    # ---- blocks ---------------------------------------------------------------------------------------
    def _append(self, xml: str) -> None:
        el = parse_xml(f"<w:body {_NS}>{xml}</w:body>")
        for child in list(el):
            self.final_sectpr.addprevious(child)
        self.has_content = True

    def _heading(self, h: Heading) -> str:
        text = h.text
        if h.level <= TOC_LEVELS:
            if self.mark_headings:
                text = f"{heading_marker(self.headings_seen)} {text}"
            self.headings_seen += 1
        return f'<w:p><w:pPr><w:pStyle w:val="{self.style[f"h{h.level}"]}"/></w:pPr>{self._runs([Run(text)])}</w:p>'

    def _cell(self, cell: Cell, width: int, span: int = 1, header: bool = False, size_pt: float | None = None,
              align: str = "", keep_next: bool = False) -> str:
        cell = Cell([Para([self._fit(r, width, size_pt) for r in p.runs], p.style, p.align, p.keep_next)
                     for p in cell.paras], cell.fill)
        fill = HEADER_FILL if header and cell.fill is None else cell.fill
        tcpr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
        if span > 1:
            tcpr += f'<w:gridSpan w:val="{span}"/>'
        if fill:
            tcpr += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
        if header:
            tcpr += '<w:vAlign w:val="center"/>'
        paras = cell.paras or [Para([])]
        body = "".join(
            self._para(p if not align or p.align else Para(p.runs, p.style, align, p.keep_next),
                       "table_head" if header else ("table" if p.style in ("body", "table") else p.style),
                       size_pt, keep_next)
            for p in paras)
        return f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{body}</w:tc>"

    def _fit(self, r: Run | Note, width: int, size_pt: float | None) -> Run | Note:
        """A run whose words may be too long for the column, with soft hyphens where the language breaks them: Word
        and LibreOffice then break such a word with a hyphen, never between two letters at random."""
        if isinstance(r, Note) or not r.text:
            return r
        text = hyphenate(r.text, width / TWIPS_PER_MM, size_pt or TABLE_PT, self.model.lang, r.bold)
        return r if text == r.text else replace(r, text=text)

    def _row_fits(self, row: Row, widths: list[int], size_pt: float | None) -> bool:
        """Whether a row is short enough to keep on one page (a longer one must break, or it would be cut)."""
        size = size_pt or TABLE_PT
        lines = 0.0
        for cell, w in zip(row.cells, widths, strict=False):
            per_line = max(6.0, (w / TWIPS_PER_MM - 2.5) / (size * CHAR_MM_PER_PT))
            lines = max(lines, sum(max(1.0, math.ceil(len("".join(getattr(r, "text", "") for r in p.runs)) / per_line))
                                   for p in cell.paras))
        return lines * size * LINE_MM_PER_PT <= KEEP_ROW_MM

    def _table(self, t: Table) -> str:
        widths = [twips(c.width_mm) for c in t.columns]
        total = sum(widths)
        size = t.font_pt if abs(t.font_pt - 9.5) > 0.01 else None
        out = [f'<w:tbl><w:tblPr><w:tblStyle w:val="{self.style["grid"]}"/><w:tblW w:w="{total}" w:type="dxa"/>'
               '<w:tblLayout w:type="fixed"/>'
               '<w:tblCellMar><w:left w:w="70" w:type="dxa"/><w:right w:w="70" w:type="dxa"/></w:tblCellMar>'
               '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
               'w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>']
        out += [f'<w:gridCol w:w="{w}"/>' for w in widths]
        out.append("</w:tblGrid>")
        head_tr = '<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>'
        out.append("<w:tr>" + head_tr + "".join(
            self._cell(Cell([Para.of(c.label)]), w, header=True, size_pt=size)
            for c, w in zip(t.columns, widths, strict=True)) + "</w:tr>")
        if t.numbering_row:
            out.append("<w:tr>" + head_tr + "".join(
                self._cell(Cell([Para.of(str(i + 1))]), w, header=True, size_pt=size)
                for i, w in enumerate(widths)) + "</w:tr>")
        for row in t.rows:
            out.append(self._row(row, t, widths, total, size))
        out.append("</w:tbl>")
        return "".join(out)

    def _row(self, row: Row, t: Table, widths: list[int], total: int, size: float | None) -> str:
        if row.kind == "group":
            # a merged row is short: it must not be split, and should stay with the rows it heads
            return ("<w:tr><w:trPr><w:cantSplit/></w:trPr>"
                    + self._cell(row.cells[0], total, span=len(widths), size_pt=size, keep_next=True) + "</w:tr>")
        cells = []
        for i, (cell, w) in enumerate(zip(row.cells, widths, strict=True)):
            if row.kind == "total":
                cell = Cell([Para([Run(r.text, bold=True) if isinstance(r, Run) else r for r in p.runs],
                                  p.style, p.align) for p in cell.paras], cell.fill)
            cells.append(self._cell(cell, w, size_pt=size, align=t.columns[i].align))
        # a row that fits on a page is never split (a verdict never starts on one page and ends on the next)
        trpr = "<w:trPr><w:cantSplit/></w:trPr>" if self._row_fits(row, widths, size) else ""
        return "<w:tr>" + trpr + "".join(cells) + "</w:tr>"

    def _image_placeholder(self, im: Image) -> None:
        """The paragraph that will hold the picture; the picture goes in at the end (see :meth:`_images`)."""
        self._append(f'<w:p><w:pPr><w:pStyle w:val="{self.style["body"]}"/><w:keepNext/><w:jc w:val="center"/>'
                     "</w:pPr></w:p>")
        self.pending.append((self.final_sectpr.getprevious(), im))

    def _images(self) -> None:
        # a chart may still be drawing in the helper process: everything else is written before waiting for it
        for paragraph, im in self.pending:
            inline = self.doc.part.new_pic_inline(io.BytesIO(im.data), Mm(im.width_mm), None)
            if im.alt:
                inline.docPr.set("descr", im.alt)
            xml = etree.tostring(inline, encoding="unicode")
            for run in parse_xml(f"<w:p {_NS}><w:r><w:drawing>{xml}</w:drawing></w:r></w:p>"):
                paragraph.append(run)

    def _toc(self, toc: Toc) -> str:
        out = [f'<w:p><w:pPr><w:pStyle w:val="{self.style["toc_title"]}"/></w:pPr>{self._runs([Run(toc.title)])}</w:p>']
        numbered = bool(toc.pages)
        # with the pages known the field is up to date: Word does not ask to update it, LibreOffice shows it as it is
        dirty = "" if numbered else ' w:dirty="true"'
        begin = (f'<w:r><w:fldChar w:fldCharType="begin"{dirty}/></w:r>'
                 '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u </w:instrText></w:r>'
                 '<w:r><w:fldChar w:fldCharType="separate"/></w:r>')
        entries = toc.entries or [(1, "")]
        width = self.text_width()
        for i, (level, text) in enumerate(entries):
            style = self.style["toc1" if level == 1 else "toc2"]
            tabs = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{width}"/></w:tabs>' if numbered else ""
            page = toc.pages.get(i)
            tail = f'<w:r><w:tab/></w:r><w:r><w:t>{page}</w:t></w:r>' if page else ""
            out.append(f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{tabs}</w:pPr>{begin if i == 0 else ""}'
                       f"{self._runs([Run(text)])}{tail}</w:p>")
        out.append(f'<w:p><w:pPr><w:pStyle w:val="{self.style["body"]}"/></w:pPr>'
                   '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
        return "".join(out)

    def text_width(self) -> int:
        """The width between the margins of a portrait page, in twips (the contents are on a portrait page)."""
        return twips(210 - PORTRAIT_MARGINS["left"] - PORTRAIT_MARGINS["right"])

    # ---- sections ---------------------------------------------------------------------------------------
    def _sectpr(self, landscape: bool, first: bool) -> etree._Element:
        sp = copy.deepcopy(self.base_sectpr)
        pgsz = sp.find(qn("w:pgSz"))
        w, h = (twips(297), twips(210)) if landscape else (twips(210), twips(297))
        pgsz.set(qn("w:w"), str(w))
        pgsz.set(qn("w:h"), str(h))
        if landscape:
            pgsz.set(qn("w:orient"), "landscape")
        else:
            pgsz.attrib.pop(qn("w:orient"), None)
        margins = LANDSCAPE_MARGINS if landscape else PORTRAIT_MARGINS
        pgmar = sp.find(qn("w:pgMar"))
        for side, mm in margins.items():
            pgmar.set(qn(f"w:{side}"), str(twips(mm)))
        title_pg = sp.find(qn("w:titlePg"))
        if first and self.model.cover and title_pg is None:
            # the cover page carries no running header and no page number
            title_pg = parse_xml(f"<w:titlePg {nsdecls('w')}/>")
            sp.find(qn("w:docGrid")).addprevious(title_pg) if sp.find(qn("w:docGrid")) is not None \
                else sp.append(title_pg)
        elif not first and title_pg is not None:
            sp.remove(title_pg)
        return sp

    def _close_section(self) -> None:
        """End the current section: its sectPr goes into the last paragraph (one is added after a table)."""
        last = self.final_sectpr.getprevious()
        if last is None or last.tag != qn("w:p") or last.find(qn("w:pPr") + "/" + qn("w:sectPr")) is not None:
            self._append(f'<w:p><w:pPr><w:pStyle w:val="{self.style["small"]}"/><w:spacing w:after="0"/>'
                         '<w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>')
            last = self.final_sectpr.getprevious()
        ppr = last.find(qn("w:pPr"))
        if ppr is None:
            ppr = parse_xml(f"<w:pPr {nsdecls('w')}/>")
            last.insert(0, ppr)
        ppr.append(self._sectpr(self.landscape, self.first_section))
        self.first_section = False

    def _section(self, s: Section) -> None:
        if self.has_content:
            self._close_section()
        self.landscape = s.landscape

    # ---- the whole document --------------------------------------------------------------------------
    def render(self) -> docx.document.Document:
        self.model.fill_toc()
        self._settings()
        batch: list[str] = []

        def flush() -> None:
            if batch:
                self._append("".join(batch))
                batch.clear()

        for block in self.model.blocks:
            if isinstance(block, Section):
                flush()
                self._section(block)
            elif isinstance(block, Image):
                flush()
                self._image_placeholder(block)
            else:
                batch.append(self._block(block))
        flush()
        final = self._sectpr(self.landscape, self.first_section)
        self.final_sectpr.getparent().replace(self.final_sectpr, final)
        self.final_sectpr = final
        self._write_notes()
        self._images()
        return self.doc

    def _block(self, block: Block) -> str:
        if isinstance(block, Heading):
            return self._heading(block)
        if isinstance(block, Para):
            return self._para(block)
        if isinstance(block, Table):
            # a table directly after a table would merge with it in Word: keep a thin paragraph between
            return self._table(block) + (f'<w:p><w:pPr><w:pStyle w:val="{self.style["small"]}"/></w:pPr></w:p>')
        if isinstance(block, PageBreak):
            return '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
        if isinstance(block, Toc):
            return self._toc(block)
        raise TypeError(f"unknown block {block!r}")

    def _settings(self) -> None:
        lang = _LANG.get(self.model.lang, "ru-RU")
        defaults = self.doc.styles.element.find(qn("w:docDefaults"))
        el = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr") + "/" + qn("w:lang"))
        if el is not None:
            el.set(qn("w:val"), lang)
            el.set(qn("w:eastAsia"), lang)
        header = self.doc.sections[0].header.paragraphs[0]
        for r in list(header.runs):
            r._r.getparent().remove(r._r)
        header.add_run(self.model.header or self.model.title)
        props = self.doc.core_properties
        props.title, props.language, props.author = self.model.title, lang, "gapkit"
        props.subject = self.model.header or self.model.title
        props.comments = ""
        now = datetime.now(UTC).replace(microsecond=0)
        props.created = props.modified = now  # the template's own dates are not the document's
        props.last_modified_by, props.revision = "gapkit", 1
        settings = self.doc.settings.element
        if any(isinstance(b, Toc) and b.pages for b in self.model.blocks):
            for el in settings.findall(qn("w:updateFields")):  # the contents are numbered: nothing to update
                settings.remove(el)
        # words break at the language's hyphenation points (Word; LibreOffice where its dictionary is installed)
        if settings.find(qn("w:autoHyphenation")) is None:
            hyph = parse_xml(f'<w:autoHyphenation {nsdecls("w")} w:val="true"/>')
            anchor = settings.find(qn("w:defaultTabStop"))
            (anchor.addnext if anchor is not None else settings.append)(hyph)

    def _write_notes(self) -> None:
        if not self.notes.xml:
            return
        part = next(r.target_part for r in self.doc.part.rels.values() if r.reltype == RT.FOOTNOTES)
        root = etree.fromstring(part.blob)
        for xml in self.notes.xml:
            root.append(etree.fromstring(xml))
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def heading_marker(n: int) -> str:
    """What the layout pass puts before heading ``n`` (:mod:`gapkit.report.pages` finds its page by it)."""
    return f"[[H{n}]]"


def write_docx(document: Document, path: Path, mark_headings: bool = False) -> Path:
    rendered = DocxWriter(document, mark_headings=mark_headings).render()
    replace_atomic(path, lambda tmp: rendered.save(str(tmp)))  # the web app may be serving the old one
    return path
