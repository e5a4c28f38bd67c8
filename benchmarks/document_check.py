"""The document check over every document gapkit writes (a developer's command, and what the test suite runs).

    /work/venv/bin/python benchmarks/document_check.py [--workspace DIR] [--pdf] [--keep DIR] [--only KIND]

Makes each document the roadmap asks for, in Russian and English, on a workspace as a user has it (the shipped
summaries with every act of ../shared/corpus/kz imported: common.make_workspace), unless --workspace names one; then
checks each with gapkit.report.lint: no word in the other alphabet beyond the names allowed, no file path, no commit,
no internal id, no research note, no heading with nothing under it. With --pdf each is also converted with
LibreOffice (a profile of its own) and its page count compared with the range stated below. Exit 1 on any finding.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from common import gapkit, make_workspace

from gapkit.report.lint import check_docx

#: (kind, Conventions, pages in LibreOffice: the range a change of layout or content should stay within)
DOCUMENTS: tuple[tuple[str, tuple[str, ...], tuple[int, int]], ...] = (
    ("review", ("C081", "C129"), (150, 600)),
    ("review", ("C087",), (20, 150)),
    ("review", ("C131",), (10, 80)),
    ("ratification", ("C102",), (60, 400)),
    ("ratification", ("C176",), (20, 150)),
    ("ratification", ("C190",), (15, 120)),
    ("amendments", ("C081", "C129"), (3, 80)),
    ("comments", (), (5, 120)),
    ("roadmap", (), (5, 80)),
)
LANGS = ("ru", "en")


def name(kind: str, codes: tuple[str, ...], lang: str) -> str:
    return "-".join([kind, *codes, lang]) + ".docx"


def generate(ws: Path, out: Path, kind: str, codes: tuple[str, ...], lang: str) -> Path:
    path = out / name(kind, codes, lang)
    r = gapkit("report", kind, *codes, "--lang", lang, "--workspace", ws, "-o", path)
    if r.returncode:
        sys.exit(f"gapkit report {kind} {' '.join(codes)} --lang {lang} failed: {r.stderr[-2000:]}")
    return path


def pages(docx: Path) -> int:
    """Pages of the document as LibreOffice lays it out (0: no PDF came out)."""
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{profile}", "--norestore",
                        "--convert-to", "pdf", "--outdir", str(docx.parent), str(docx)],
                       capture_output=True, timeout=900, check=False)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    pdf = docx.with_suffix(".pdf")
    if not pdf.exists():
        return 0
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=False).stdout
    m = re.search(r"^Pages:\s+(\d+)", info, re.M)
    return int(m.group(1)) if m else 0


def allowed_names(ws: Path) -> list[str]:
    """Names a document may write in either alphabet: the workspace's, the reviewers'."""
    from gapkit.review import load_mappings
    from gapkit.workspace import load

    w = load(ws)
    return [w.name, *sorted({m.reviewer for m in load_mappings(w).values() if m.reviewer})]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, help="check the documents of this workspace")
    parser.add_argument("--pdf", action="store_true", help="also convert to PDF and count the pages")
    parser.add_argument("--keep", type=Path, help="write the documents here (default: a temporary folder)")
    parser.add_argument("--only", help="only this kind of document")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="gapkit-doccheck-"))
    try:
        ws = args.workspace or make_workspace(tmp / "ws", summaries=True)
        out = args.keep or tmp / "out"
        out.mkdir(parents=True, exist_ok=True)
        allowed = allowed_names(ws)
        failed = 0
        print(f"{'document':<42} {'findings':>8} {'pages':>6}")
        for kind, codes, (lo, hi) in DOCUMENTS:
            if args.only and kind != args.only:
                continue
            for lang in LANGS:
                path = generate(ws, out, kind, codes, lang)
                findings = check_docx(path, lang, allowed)
                n = pages(path) if args.pdf else None
                bad_pages = n is not None and not lo <= n <= hi
                failed += bool(findings) or bad_pages
                shown = "" if n is None else (f"{n}" + (f" (expected {lo}-{hi})" if bad_pages else ""))
                print(f"{path.name:<42} {len(findings):>8} {shown:>6}")
                for f in findings[:int(os.environ.get("GAPKIT_CHECK_SHOW", "8"))]:
                    print(f"    {f}")
        sys.exit(1 if failed else 0)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
