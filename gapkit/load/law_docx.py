"""A DOCX downloaded from adilet.zan.kz, as lines of text (python-docx).

Each paragraph is a line, numbered by its place in the document (tables' paragraphs included,
in reading order); a paragraph style "Heading N" / "Title" marks a heading, italic or bold runs
covering the whole paragraph mark it italic or bold, as the Markdown mirror marks its lines.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from gapkit.load.law_read import LawImportError, SourceDoc, SourceLine

_HEADING_STYLE = re.compile(r"^(?:heading|заголовок)\s*(\d)$", re.IGNORECASE)


def _paragraphs(doc: object) -> Iterator[object]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    body = doc.element.body  # type: ignore[attr-defined]
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            yield Paragraph(child, doc)  # type: ignore[arg-type]
        elif tag == "tbl":
            for row in Table(child, doc).rows:  # type: ignore[arg-type]
                for cell in row.cells:
                    yield from cell.paragraphs


def _all(runs: list[object], attr: str) -> bool:
    texts = [r for r in runs if r.text.strip()]  # type: ignore[attr-defined]
    return bool(texts) and all(bool(getattr(r, attr)) for r in texts)


def read_docx(path: Path) -> SourceDoc:
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError

        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as e:
        raise LawImportError(f"{path} is not a readable Word document: {e}") from e
    except Exception as e:  # lxml raises its own errors on a damaged document.xml
        raise LawImportError(f"{path} is a damaged Word document: {type(e).__name__}: {e}") from e
    lines: list[SourceLine] = []
    for no, par in enumerate(_paragraphs(document), 1):
        style = (par.style.name if par.style is not None else "") or ""  # type: ignore[attr-defined]
        m = _HEADING_STYLE.match(style)
        level = int(m.group(1)) if m else (1 if style.lower() == "title" else 0)
        runs = list(par.runs)  # type: ignore[attr-defined]
        italic, bold = _all(runs, "italic"), _all(runs, "bold")
        for piece in par.text.split("\n"):  # type: ignore[attr-defined]
            text = " ".join(piece.split())
            if not text:
                continue
            indent = len(piece) - len(piece.lstrip(" \u00a0\t"))
            lines.append(SourceLine(no, text, indent, heading=level, italic=italic, bold=bold))
    if not lines:
        raise LawImportError(f"{path} is a Word document with no text")
    return SourceDoc("docx", lines)
