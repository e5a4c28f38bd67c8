"""Build the reference template ``template.docx`` that every report starts from.

Run ``python -m gapkit.report.make_template`` after changing this file, and commit the result: the
reports read the template, never this script, so a user may also replace the template with one edited
in Word (it must keep the style names listed in :data:`STYLES`).

What it holds (report_formats.md §4): A4 portrait with margins, Times New Roman everywhere with the
theme-font override removed (python-docx's ``font.name`` alone loses to the theme, and the headings would
fall back to another font), the paragraph, table and footnote styles the renderer uses, a header paragraph
and a footer with a centred PAGE field, and an empty footnotes part with its two separators.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

TEMPLATE = Path(__file__).with_name("template.docx")
#: Times New Roman carries Cyrillic and the Kazakh letters (ә ғ қ ң ө ұ ү һ і); it is what the Ministry's
#: documents use, and LibreOffice renders it with the metric-compatible Liberation Serif, so the pages
#: break in the same places in Word and LibreOffice.
FONT = "Times New Roman"
#: Page margins (mm): portrait left margin wider for binding; landscape keeps 257 mm of table width.
PORTRAIT_MARGINS = {"top": 20, "bottom": 20, "left": 25, "right": 15}
LANDSCAPE_MARGINS = {"top": 20, "bottom": 20, "left": 20, "right": 20}

#: Styles the renderer uses, by role; each must exist in the template.
STYLES: dict[str, str] = {
    "body": "Normal",
    "title": "Title",
    "subtitle": "Subtitle",
    "h1": "Heading 1",
    "h2": "Heading 2",
    "h3": "Heading 3",
    "table": "Table Text",
    "table_head": "Table Heading",
    "small": "Small Print",
    "caption": "Caption",
    "list": "Numbered Item",
    "toc_title": "TOC Heading",
    "toc1": "toc 1",
    "toc2": "toc 2",
    "footnote": "footnote text",
    "footnote_ref": "footnote reference",
    "header": "Header",
    "footer": "Footer",
    "grid": "Table Grid",
}

_FOOTNOTES_XML = (
    '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)


def _set_fonts(rpr: object) -> None:
    """rFonts with the four explicit slots and no theme slots: a theme slot wins over an explicit one."""
    rfonts = rpr.find(qn("w:rFonts"))  # type: ignore[attr-defined]
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)  # type: ignore[attr-defined]
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)


def _strip_theme_fonts(document: docx.document.Document) -> None:
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault"))
    rpr = rpr_default.find(qn("w:rPr"))
    _set_fonts(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "ru-RU")
    lang.set(qn("w:eastAsia"), "ru-RU")
    lang.set(qn("w:bidi"), "ar-SA")
    for rfonts in styles.iter(qn("w:rFonts")):
        _set_fonts(rfonts.getparent())
    # Word 2010 reads stylesWithEffects.xml too; it is a copy that still names the theme fonts
    for rel in list(document.part.rels.values()):
        if rel.reltype.endswith("/stylesWithEffects"):
            document.part.drop_rel(rel.rId)


def _paragraph_style(document: docx.document.Document, name: str, base: str = "Normal") -> Any:
    styles = document.styles
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
    style.hidden = False
    style.quick_style = True
    return style


def _spacing(style: object, before: float = 0, after: float = 0, line: float | None = None) -> None:
    pf = style.paragraph_format  # type: ignore[attr-defined]
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    if line is not None:
        pf.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
        pf.line_spacing = line


def _styles(document: docx.document.Document) -> None:
    st = document.styles
    normal = st["Normal"]
    normal.font.size = Pt(12)
    normal.font.name = FONT
    _spacing(normal, 0, 6, 1.1)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    normal.paragraph_format.widow_control = True

    for name, size, before, after in (("Heading 1", 15, 18, 8), ("Heading 2", 13, 12, 6), ("Heading 3", 12, 10, 4)):
        h = st[name]
        h.font.size = Pt(size)
        h.font.bold = True
        h.font.italic = name == "Heading 3"
        h.font.color.rgb = RGBColor(0x1F, 0x38, 0x64)
        h.paragraph_format.keep_with_next = True
        h.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        _spacing(h, before, after, 1.0)

    title = st["Title"]
    title.font.size = Pt(20)
    title.font.bold = True
    title.font.color.rgb = RGBColor(0x1F, 0x38, 0x64)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _spacing(title, 24, 12, 1.0)
    # the default Title has a bottom border and expanded spacing; a cover title needs neither
    ppr = title.element.find(qn("w:pPr"))
    if ppr is not None and ppr.find(qn("w:pBdr")) is not None:
        ppr.remove(ppr.find(qn("w:pBdr")))
    rpr = title.element.find(qn("w:rPr"))
    for tag in ("w:spacing", "w:kern"):
        if rpr is not None and rpr.find(qn(tag)) is not None:
            rpr.remove(rpr.find(qn(tag)))

    subtitle = st["Subtitle"]
    subtitle.font.size = Pt(14)
    subtitle.font.italic = False
    subtitle.font.color.rgb = RGBColor(0x26, 0x26, 0x26)
    subtitle.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _spacing(subtitle, 6, 6, 1.0)

    table_text = _paragraph_style(document, STYLES["table"])
    table_text.font.size = Pt(9.5)
    table_text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _spacing(table_text, 0, 2, 1.0)

    table_head = _paragraph_style(document, STYLES["table_head"], STYLES["table"])
    table_head.font.bold = True
    table_head.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    table_head.paragraph_format.keep_with_next = True

    small = _paragraph_style(document, STYLES["small"])
    small.font.size = Pt(9.5)
    _spacing(small, 0, 4, 1.0)

    caption = st["Caption"]
    caption.font.size = Pt(10)
    caption.font.bold = False
    caption.font.italic = True
    caption.font.color.rgb = RGBColor(0x40, 0x40, 0x40)
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _spacing(caption, 2, 10, 1.0)

    item = _paragraph_style(document, STYLES["list"])
    item.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT  # justified short lines gape
    item.paragraph_format.left_indent = Mm(8)
    item.paragraph_format.first_line_indent = Mm(-8)
    _spacing(item, 0, 4, 1.1)

    toc_title = st["TOC Heading"]
    toc_title.base_style = st["Heading 1"]
    for level, name in ((1, "toc 1"), (2, "toc 2")):
        toc = _paragraph_style(document, name)
        toc.paragraph_format.left_indent = Mm(6 * (level - 1))
        toc.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        _spacing(toc, 0, 3, 1.0)
        toc.font.bold = level == 1

    note = _paragraph_style(document, "footnote text")
    note.font.size = Pt(9)
    note.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _spacing(note, 0, 0, 1.0)
    try:
        ref = st["footnote reference"]
    except KeyError:
        ref = st.add_style("footnote reference", WD_STYLE_TYPE.CHARACTER)
    ref.font.superscript = True
    ref.hidden = False

    for name in ("Header", "Footer"):
        hf = st[name]
        hf.font.size = Pt(9)
        hf.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
        _spacing(hf, 0, 0, 1.0)


def _page(document: docx.document.Document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(PORTRAIT_MARGINS["top"])
    section.bottom_margin = Mm(PORTRAIT_MARGINS["bottom"])
    section.left_margin = Mm(PORTRAIT_MARGINS["left"])
    section.right_margin = Mm(PORTRAIT_MARGINS["right"])
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)

    header = section.header.paragraphs[0]
    header.style = document.styles["Header"]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header.add_run("gapkit")  # replaced by each report's running title

    footer = section.footer.paragraphs[0]
    footer.style = document.styles["Footer"]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(footer)


def _page_field(paragraph: object) -> None:
    """A PAGE field: begin, instruction, separate, the cached number, end."""
    def run_with(child: object) -> None:
        r = OxmlElement("w:r")
        r.append(child)
        paragraph._p.append(r)  # type: ignore[attr-defined]

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run_with(instr)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_with(sep)
    t = OxmlElement("w:t")
    t.text = "1"
    run_with(t)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _footnotes(document: docx.document.Document) -> None:
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, _FOOTNOTES_XML.encode("utf-8"),
                document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    settings = document.settings.element
    # Word lists the separators in settings; and updateFields makes it refresh the TOC on opening
    pr = OxmlElement("w:footnotePr")
    for i in ("-1", "0"):
        fn = OxmlElement("w:footnote")
        fn.set(qn("w:id"), i)
        pr.append(fn)
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    # schema order inside w:settings: ... updateFields ... footnotePr ... compat; put both before compat
    compat = settings.find(qn("w:compat"))
    anchor = compat if compat is not None else None
    for el in (update, pr):
        if anchor is not None:
            anchor.addprevious(el)
        else:
            settings.append(el)


def build(path: Path = TEMPLATE) -> Path:
    document = docx.Document()
    _strip_theme_fonts(document)
    _styles(document)
    _page(document)
    _footnotes(document)
    # the body starts empty: reports add everything after the (removed) first paragraph
    body = document.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    props = document.core_properties
    props.title, props.author, props.comments = "gapkit report", "gapkit", "Reference template of gapkit reports"
    props.language = "ru-RU"
    document.save(str(path))
    return path


if __name__ == "__main__":
    print(build())
