"""Benchmark of the review workbook and the open exports (a script, not a test).

    /work/venv/bin/python benchmarks/exchange.py [--rows 93]

On a temporary copy of the shipped Kazakhstan workspace, times:
  export          `gapkit export review C081 --lang ru` without suggestions (the workbook alone);
  export+sugg     the same with the top 3 suggestions of gapkit.match (computed, none stored);
  import N        reading the workbook with N filled rows and applying them through MappingStore
                  (one locked, atomic write and one audit line per row);
  dry-run N       the same import with --dry-run (reads and checks, writes nothing);
  load            loading the workspace, which every command does first (not in the figures below it);
  oscal           the OSCAL mapping collection of C081;
  akn             the Labour Code as Akoma Ntoso, both languages.
Peak memory of the import is measured in a separate run under tracemalloc. The copy is removed after.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import openpyxl

from gapkit.exchange import words as W
from gapkit.exchange.akn import write_akn
from gapkit.exchange.oscal import write_mapping_collection
from gapkit.exchange.review_import import import_review
from gapkit.exchange.workbook import export_review
from gapkit.workspace import load

REPO = Path(__file__).resolve().parent.parent
PARTS = ("gapkit.toml", "conventions", "national_law", "comments", "roadmap", "mappings")


def copy(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for part in PARTS:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("suggestions"))
        else:
            shutil.copy2(src, dest / part)
    return dest


def timed(label: str, fn: Callable[[], object]) -> object:
    t = time.perf_counter()
    out = fn()
    print(f"{label:<16}{time.perf_counter() - t:8.2f} s")
    return out


def fill(book: Path, rows: int) -> Path:
    wb = openpyxl.load_workbook(book)
    sheet = wb["C081"]
    cols = {c.value: c.column for c in sheet[1]}
    for r in range(2, min(rows, sheet.max_row - 1) + 2):
        sheet.cell(row=r, column=cols[W.header("new_relation", "ru")], value="no_relationship")
        sheet.cell(row=r, column=cols[W.header("new_verdict", "ru")], value="Недостаточно информации")
        sheet.cell(row=r, column=cols[W.header("new_reason", "ru")], value=f"benchmark row {r}")
    out = book.with_name("filled.xlsx")
    wb.save(out)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=93, help="rows filled for the import (C081 has 93)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = copy(Path(tmp) / "kz")
        ws = load(root)
        book = root / "review.xlsx"
        timed("export", lambda: export_review(ws, ["C081"], "ru", book, suggestions=0))
        timed("export+sugg", lambda: export_review(ws, ["C081"], "ru", root / "sugg.xlsx"))
        print(f"{'workbook size':<16}{book.stat().st_size / 1024:8.0f} KiB (with suggestions "
              f"{(root / 'sugg.xlsx').stat().st_size / 1024:.0f} KiB)")
        filled = fill(book, args.rows)
        timed(f"dry-run {args.rows}", lambda: import_review(ws, filled, "Bench", dry_run=True))
        backup = Path(tmp) / "mappings.bak"
        shutil.copytree(root / "mappings", backup)
        res = timed(f"import {args.rows}", lambda: import_review(ws, filled, "Bench"))
        print(f"{'':16}{len(res.of('applied'))} applied, {len(res.of('refused'))} refused")  # type: ignore[attr-defined]
        shutil.rmtree(root / "mappings")
        shutil.copytree(backup, root / "mappings")
        tracemalloc.start()
        import_review(load(root), filled, "Bench")
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"{'import peak':<16}{peak / 2**20:8.1f} MiB (tracemalloc)")
        ws = timed("load", lambda: load(root))  # what every command pays first
        timed("oscal", lambda: write_mapping_collection(ws, "C081", root / "c081.json"))  # type: ignore[arg-type]
        timed("akn", lambda: write_akn(ws, "KZ-LC", root / "akn"))  # type: ignore[arg-type]


if __name__ == "__main__":
    sys.exit(main())
