"""Helpers of the exchange tests: a temporary copy of the shipped Kazakhstan workspace, and the workbook
read and written with openpyxl the way Excel leaves it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import openpyxl

from .conftest import REPO

WORKSPACE_PARTS = ("gapkit.toml", "conventions", "national_law", "comments", "roadmap")


def copy_workspace(dest: Path) -> Path:
    """The repository's catalogues, acts, comments and roadmap copied to ``dest``, with two decisions of a colleague
    of the tests' own (not the shipped mappings, which the analysis team keeps changing): C081:3(1)(b) and C081:4(1),
    each at revision 1."""
    from gapkit.review import MappingStore
    from gapkit.workspace import load

    dest.mkdir(parents=True, exist_ok=True)
    for part in WORKSPACE_PARTS:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        elif src.exists():
            shutil.copy2(src, dest / part)
    (dest / "mappings").mkdir()
    store = MappingStore(load(dest))
    store.confirm("C081:3(1)(b)", ["KZ-LC:194(9)", "KZ-EC:144-2(1)"], "intersects", "partially_compliant",
                  {"en": "Explanation of the law only.", "ru": "Только разъяснение законодательства."}, "A. Colleague")
    store.confirm("C081:4(1)", ["KZ-LC:16(2)"], "intersects", "insufficient_information",
                  {"en": "Coordination not described.", "ru": "Координация не описана."}, "A. Colleague")
    (dest / "reports").mkdir(exist_ok=True)
    return dest


def audit(root: Path) -> list[dict[str, Any]]:
    """Every line of the workspace's audit logs (mappings/audit/<CODE>.jsonl), in the order they were written."""
    from gapkit.review import audit_logs

    lines = [json.loads(x) for path in audit_logs(root) for x in path.read_text(encoding="utf-8").splitlines()
             if x.strip()]
    return sorted(lines, key=lambda e: str(e.get("time", "")))


def audit_bytes(root: Path) -> bytes:
    from gapkit.review import audit_logs

    return b"".join(p.read_bytes() for p in audit_logs(root))


def header_columns(sheet: Any) -> dict[str, int]:
    """Header text -> column number (1-based)."""
    return {str(c.value): c.column for c in sheet[1] if c.value is not None}


def row_of(sheet: Any, requirement: str) -> int:
    for r in range(2, sheet.max_row + 1):
        if sheet.cell(row=r, column=1).value == requirement:
            return r
    raise KeyError(requirement)


class Filler:
    """Fills a review workbook's cells by header text, as a reviewer does in Excel."""

    def __init__(self, path: Path, sheet: str, lang: str = "ru"):
        from gapkit.exchange import words as W

        self.path, self.W, self.lang = path, W, lang
        self.wb = openpyxl.load_workbook(path)
        self.sheet = self.wb[sheet]
        self.cols = header_columns(self.sheet)

    def set(self, requirement: str, **values: Any) -> int:
        r = row_of(self.sheet, requirement)
        for key, value in values.items():
            self.sheet.cell(row=r, column=self.cols[self.W.header(key, self.lang)], value=value)
        return r

    def save(self, path: Path | None = None) -> Path:
        out = path or self.path
        self.wb.save(out)
        return out
