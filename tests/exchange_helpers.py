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
    """The repository's workspace copied to ``dest`` (its mappings and audit log too, not generated files)."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in WORKSPACE_PARTS:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        elif src.exists():
            shutil.copy2(src, dest / part)
    (dest / "mappings").mkdir()
    for f in (REPO / "mappings").iterdir():
        if f.is_file():
            shutil.copy2(f, dest / "mappings" / f.name)
    (dest / "reports").mkdir(exist_ok=True)
    return dest


def audit(root: Path) -> list[dict[str, Any]]:
    path = root / "mappings" / "audit.jsonl"
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()] if path.exists() else []


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
