"""Page numbers for a document's contents, as LibreOffice lays the document out.

A DOCX table of contents is a field that only a word processor fills: Word asks to update it on opening, and
LibreOffice's converter shows it as written. So gapkit writes the document once with a marker before each heading
the contents list, has LibreOffice lay it out (a PDF in a temporary folder, with a profile of its own), finds the
page of each marker, and writes the document again, without the markers, with the contents' page numbers in it:
both Word and LibreOffice then show them without asking. LibreOffice lays out with the metric twins of Word's fonts
(Liberation), so the numbers are Word's too.

Where LibreOffice (``soffice``) or poppler's ``pdftotext`` is not installed, or GAPKIT_TOC_PAGES=0, the contents
list the headings without page numbers and Word fills them in when asked.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

#: how long LibreOffice may take over one document (the longest reviews are some 400 pages)
TIMEOUT_S = 900


def available() -> bool:
    return (os.environ.get("GAPKIT_TOC_PAGES", "1") != "0" and shutil.which("soffice") is not None
            and shutil.which("pdftotext") is not None)


def pdf_pages(docx: Path) -> list[str] | None:
    """The text of each page of ``docx`` as LibreOffice lays it out, or None when it cannot be had."""
    with tempfile.TemporaryDirectory(prefix="gapkit-pages-") as tmp:
        profile = Path(tmp) / "profile"
        try:
            subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{profile}", "--norestore",
                            "--convert-to", "pdf", "--outdir", tmp, str(docx)],
                           capture_output=True, timeout=TIMEOUT_S, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return None
        pdf = Path(tmp) / (docx.stem + ".pdf")
        if not pdf.exists():  # the converter exits 0 even when it made nothing
            return None
        out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=False)
        if out.returncode:
            return None
    return out.stdout.split("\f")


def heading_pages(pages: list[str], count: int) -> dict[int, int]:
    """Page (1-based) of each of ``count`` headings, found by the markers the layout pass put before them.

    >>> heading_pages(["Cover", "Contents", "[[H0]] 1. Summary", "text [[H1]] 2. Parts"], 2)
    {0: 3, 1: 4}
    """
    from gapkit.report.docx_render import heading_marker

    out: dict[int, int] = {}
    at = 0
    for n in range(count):
        marker = heading_marker(n)
        found = next((i for i in range(at, len(pages)) if marker in pages[i]), None)
        if found is not None:
            out[n] = found + 1
            at = found
    return out
