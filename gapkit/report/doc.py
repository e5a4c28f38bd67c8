"""The content of a report, independent of its file format.

A report is built once as these blocks; :mod:`gapkit.report.docx_render` writes it as DOCX and
:mod:`gapkit.report.html_render` as one HTML page, so the two always say the same thing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from gapkit.report.text import clean

# Fills of the verdict scale (report_formats.md §1.4); the label is always printed too, because colour alone
# is lost on a black-and-white print.
FILLS: dict[str, str | None] = {
    "compliant": "C6EFCE",
    "partially_compliant": "FFEB9C",
    "non_compliant": "FFC7CE",
    "not_applicable": "D9D9D9",
    "insufficient_information": None,
    "not_reviewed": None,
}
HEADER_FILL = "D9E2F3"
GROUP_FILL = "F2F2F2"


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    strike: bool = False
    superscript: bool = False

    def __post_init__(self) -> None:
        self.text = clean(self.text)


@dataclass
class Note:
    """A footnote: a numbered mark where it stands, its text at the foot of the page (DOCX) or page (HTML)."""

    text: str

    def __post_init__(self) -> None:
        self.text = clean(self.text)


Inline = Run | Note


@dataclass
class Para:
    runs: list[Inline] = field(default_factory=list)
    style: str = "body"  # body | table | table_head | small | title | subtitle | caption | list | toc
    align: str = ""  # "" (style's own) | left | center | right | both
    keep_next: bool = False

    @classmethod
    def of(cls, text: str, style: str = "body", **kw: object) -> Para:
        return cls(markup(text), style, **kw)  # type: ignore[arg-type]


def markup(text: str) -> list[Inline]:
    """Runs from the little markup the wording templates use: **bold**, *italic*.

    >>> [(r.text, r.bold, r.italic) for r in markup("a **b** *c*")]
    [('a ', False, False), ('b', True, False), (' ', False, False), ('c', False, True)]
    """
    out: list[Inline] = []
    for part in re.split(r"(\*\*[^*]+\*\*|(?<![*\w])\*[^*\s][^*]*\*(?![*\w]))", text):
        if not part:
            continue
        if part.startswith("**") and part.endswith("**") and len(part) > 4:
            out.append(Run(part[2:-2], bold=True))
        elif part.startswith("*") and part.endswith("*") and len(part) > 2:
            out.append(Run(part[1:-1], italic=True))
        else:
            out.append(Run(part))
    return out


@dataclass
class Heading:
    text: str
    level: int = 1  # 1..3; level 1 and 2 go into the table of contents


@dataclass
class Column:
    label: str
    width_mm: float
    align: str = ""  # alignment of the body cells of this column


@dataclass
class Cell:
    paras: list[Para] = field(default_factory=list)
    fill: str | None = None

    @classmethod
    def text(cls, text: str, fill: str | None = None, **para: object) -> Cell:
        return cls([Para.of(text, "table", **para)], fill)


@dataclass
class Row:
    cells: list[Cell]
    kind: str = "body"  # body | group (one cell across the table) | total (bold)
    key: str = ""  # what the row is about (a requirement id ...), for tests and anchors


@dataclass
class Table:
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    numbering_row: bool = False  # a row "1 2 3 ..." under the header, repeated with it
    font_pt: float = 9.5
    key: str = ""

    @property
    def width_mm(self) -> float:
        return sum(c.width_mm for c in self.columns)


@dataclass
class Image:
    png: Any  # the PNG bytes, or a Future of them (a chart still being drawn in another process)
    width_mm: float
    alt: str = ""

    @property
    def data(self) -> bytes:
        return self.png.result() if hasattr(self.png, "result") else self.png


@dataclass
class Section:
    """Start a new page in this orientation (landscape for the wide tables)."""

    landscape: bool = False


@dataclass
class PageBreak:
    pass


@dataclass
class Toc:
    """A table of contents: the headings, and their pages once a layout has given them (:mod:`gapkit.report.pages`);
    without pages, Word fills them in when asked."""

    title: str
    entries: list[tuple[int, str]] = field(default_factory=list)
    pages: dict[int, int] = field(default_factory=dict)  # entry index -> page


Block = Heading | Para | Table | Image | Section | PageBreak | Toc


@dataclass
class Document:
    title: str
    lang: str
    header: str = ""  # running header text
    blocks: list[Block] = field(default_factory=list)
    landscape: bool = False  # orientation of the first section
    cover: bool = False  # the first page is a cover: no running header or page number on it

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    def headings(self, max_level: int = 2) -> list[tuple[int, str]]:
        return [(b.level, b.text) for b in self.blocks if isinstance(b, Heading) and b.level <= max_level]

    def fill_toc(self) -> None:
        for b in self.blocks:
            if isinstance(b, Toc):
                b.entries = self.headings()
