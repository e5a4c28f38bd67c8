"""Reports: the documents the users hand to the Ministry, the social partners and the ILO.

- :mod:`~gapkit.report.review`: the analytical review of one or more Conventions (outline (a));
- :mod:`~gapkit.report.amendments`: the comparative table of amendment proposals (outline (b));
- :mod:`~gapkit.report.comments_report`: the status of the CEACR comments (outline (c));
- :mod:`~gapkit.report.roadmap_report`: the status of the roadmap's measures.

Each builder makes a format-free :class:`~gapkit.report.doc.Document`; :mod:`~gapkit.report.docx_render`
writes it on the reference template (``template.docx``, made by :mod:`~gapkit.report.make_template`) and
:mod:`~gapkit.report.html_render` as one self-contained page. All words come from the jinja2 templates in
``templates/<lang>/`` (:mod:`~gapkit.report.wording`). The CLI is :mod:`gapkit.report.cli`.
"""

from __future__ import annotations

from pathlib import Path

from gapkit.report.doc import Document
from gapkit.workspace import REPORTS_OUT

FORMATS: tuple[str, ...] = ("docx", "html")
#: the languages a document may be asked in (a document is written in a language only where its wording is complete)
ASKED: tuple[str, ...] = ("ru", "en", "kk")
OUT_DIR = REPORTS_OUT


def default_output(root: Path, kind: str, codes: list[str], lang: str, fmt: str = "docx") -> Path:
    """reports/out/<kind>[-<CODE>...]-<lang>.<ext>: the roadmap finds a measure's deliverable by this name."""
    return root.joinpath(*OUT_DIR) / ("-".join([kind, *codes, lang]) + f".{fmt}")


def write(document: Document, path: Path, fmt: str = "docx") -> Path:
    """Write the document; a DOCX with a table of contents is laid out once to number its contents' pages."""
    if fmt == "html":
        from gapkit.report.html_render import write_html

        return write_html(document, path)
    from gapkit.report import pages
    from gapkit.report.doc import Toc
    from gapkit.report.docx_render import write_docx

    document.fill_toc()
    tocs = [b for b in document.blocks if isinstance(b, Toc) and b.entries]
    if tocs and pages.available():
        laid_out = pages.pdf_pages(write_docx(document, path, mark_headings=True))
        if laid_out:
            for toc in tocs:
                toc.pages = pages.heading_pages(laid_out, len(toc.entries))
    return write_docx(document, path)


__all__ = ["ASKED", "FORMATS", "Document", "default_output", "write"]
