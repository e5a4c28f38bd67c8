"""Read a filled review workbook and apply each changed row through the review store.

A row is *changed* when one of its yellow "YOUR ..." cells holds something. Each changed row becomes one
:meth:`MappingStore.confirm` call carrying the revision the row was exported at, so it is written whole or
not at all, with the same lock, atomic file replacement, conflict check and audit line as the CLI and the
web. Rows are refused, with their row number and the reason, when their id, a provision or a value is not
known, when the reason is missing, or when the requirement's decision changed since the export (a
conflict: both versions are reported, nothing is merged). The other rows land.

Excel's habits are expected: numbers stored as text ("3"), numbers where text was meant (3.0), trailing and
non-breaking spaces, empty strings, labels in either language or the codes themselves, any letter case.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from gapkit import citations
from gapkit.citations import Citation, CitationError, instrument_of
from gapkit.errors import GapkitError
from gapkit.exchange import words as W
from gapkit.exchange.workbook import FORMAT
from gapkit.review import (
    NOT_REVIEWED,
    ConflictError,
    Mapping,
    MappingStore,
    ReviewError,
    mapping_path,
    read_file,
    text_map,
)
from gapkit.vocab import Relation, Verdict
from gapkit.workspace import NoSuchConvention, Workspace, convention_code


class ReviewImportError(GapkitError):
    """The file cannot be read as a review workbook at all; nothing was written."""

    exit_code = 1


class ForeignRow(ReviewImportError):
    """A sheet holds a requirement of another Convention than its own: the workbook is not what it says it is, and
    none of its rows is applied."""

    exit_code = 2


@dataclass
class Decision:
    """What a row asks for (codes, canonical ids); ``accept``: confirm the preliminary assessment as it is."""

    provisions: list[str]
    relation: str
    verdict: str
    reason: dict[str, str]
    practice: dict[str, Any] = field(default_factory=dict)
    accept: bool = False

    @classmethod
    def of(cls, m: Mapping) -> Decision:
        return cls(list(m.provisions), m.relation or "", m.verdict, dict(m.reason), dict(m.practice))


@dataclass
class RowResult:
    sheet: str
    row: int
    requirement: str
    outcome: str  # applied | would_apply | refused | conflict
    reason: str = ""
    yours: Decision | None = None
    theirs: dict[str, Any] | None = None  # the current decision, for a conflict
    before: Decision | None = None
    revision: int | None = None  # after applying

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        return {k: v for k, v in d.items() if v not in (None, "")}


@dataclass
class ImportResult:
    dry_run: bool
    rows: list[RowResult] = field(default_factory=list)
    unchanged: int = 0

    def of(self, *outcomes: str) -> list[RowResult]:
        return [r for r in self.rows if r.outcome in outcomes]

    def as_dict(self) -> dict[str, Any]:
        return {"dry_run": self.dry_run, "unchanged": self.unchanged,
                "applied": [r.as_dict() for r in self.of("applied", "would_apply")],
                "refused": [r.as_dict() for r in self.of("refused")],
                "conflicts": [r.as_dict() for r in self.of("conflict")]}


class _Refused(Exception):
    pass


def _text(v: Any) -> str:
    """A cell as text: None and blanks are empty; 3.0 is "3"; non-breaking spaces are spaces."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return re.sub(r"[ \t\u00a0]+", " ", str(v)).strip()


def _revision(v: Any) -> int:
    s = _text(v)
    if not re.fullmatch(r"\d+(\.0+)?", s):
        raise _Refused("the hidden revision column is empty or was changed; export the workbook again and "
                       "copy your changes into it")
    return int(float(s))


def _provisions(ws: Workspace, cell: str) -> list[str]:
    out, bad = [], []
    for part in (p.strip() for p in re.split(r"[;\n,]+", cell)):
        if not part:
            continue
        try:
            cid = str(Citation.parse(part))
        except CitationError:
            found = citations.find(part, ws.names)
            cid = str(found[0].citation) if len(found) == 1 else ""
        clause = ws.clause(cid) if cid else None
        if clause is None or ws.instruments[clause.instrument].kind != "act":
            bad.append(part)
        elif clause.id not in out:
            out.append(clause.id)
    if bad:
        raise _Refused("unknown national provision " + ", ".join(repr(b) for b in bad)
                       + " (write ids such as KZ-LC:191(5), separated by ;)")
    return out


def _vocab(kind: str, cell: str, column: str) -> str:
    code = W.vocabulary_code(kind, cell)
    if code is None:
        allowed = "; ".join(W.vocabulary_labels(kind, "ru") + W.vocabulary_labels(kind, "en"))
        raise _Refused(f"{column}: {cell!r} is not a known {kind} (choose from the list: {allowed})")
    return code


def _requirement(ws: Workspace, cell: str) -> str:
    clause = ws.clause(cell) if Citation.is_valid(cell) else None
    inst = ws.instruments.get(clause.instrument) if clause else None
    if clause is None or inst is None or not inst.is_convention or not clause.is_substantive:
        raise _Refused(f"unknown requirement id {cell!r} (the id column must not be changed)")
    return clause.id


def _decision(ws: Workspace, cells: dict[str, str], current: Mapping) -> Decision:
    """The decision a row asks for: an empty yellow cell keeps the current value, except the reason.
    Every problem of the row is reported at once, so one round trip fixes them all."""
    problems = []
    d = Decision.of(current)
    if cells.get("new_confirm"):
        if cells["new_confirm"].strip().casefold() not in {w.casefold() for w in W.CONFIRM_WORDS.values()}:
            raise _Refused(f"{W.header('new_confirm', 'en')}: write 'confirm' (or «подтвердить») or leave it empty")
        if not current.preliminary:
            raise _Refused("there is no preliminary assessment on this requirement to confirm")
        if any(cells.get(k) for k in W.FILL_COLUMNS if k != "new_confirm"):
            raise _Refused("confirm the preliminary assessment as it is, or change it: not both in one row")
        d.accept = True
        return d
    for key, apply in (
        ("new_provisions", lambda v: setattr(d, "provisions", _provisions(ws, v))),
        ("new_relation", lambda v: setattr(d, "relation", _vocab("relation", v, W.header("new_relation", "en")))),
        ("new_verdict", lambda v: setattr(d, "verdict", _vocab("verdict", v, W.header("new_verdict", "en")))),
        ("new_practice_verdict",
         lambda v: d.practice.__setitem__("verdict", _vocab("verdict", v, W.header("new_practice_verdict", "en")))),
        ("new_practice_note", lambda v: d.practice.__setitem__("note", v)),
    ):
        if cells.get(key):
            try:
                apply(cells[key])
            except _Refused as e:
                problems.append(str(e))
    d.reason = text_map(cells.get("new_reason", ""))
    if not d.reason:
        problems.append("a changed row needs YOUR reason")
    if not d.relation and not cells.get("new_relation"):
        problems.append("YOUR relation is missing (there is no current decision to keep it from)")
    if d.verdict == NOT_REVIEWED and not cells.get("new_verdict"):
        problems.append("YOUR verdict is missing (there is no current decision to keep it from)")
    if not d.provisions and d.relation not in ("", Relation.NO_RELATIONSHIP) and not cells.get("new_provisions"):
        problems.append("name the national provision(s), or choose the relation 'no corresponding provision'")
    if problems:
        raise _Refused("; ".join(problems))
    return d


def _columns(sheet: Any) -> dict[str, int]:
    cols = {}
    for cell in next(sheet.iter_rows(min_row=1, max_row=1), ()):
        key = W.column_key(cell.value)
        if key and key not in cols:
            cols[key] = cell.column - 1
    return cols


def _open(path: Path) -> Any:
    try:
        wb = load_workbook(path, data_only=True)  # values as Excel last computed them
    except FileNotFoundError as e:
        raise ReviewImportError(f"{path}: no such file") from e
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as e:
        raise ReviewImportError(f"{path}: not an Excel workbook (.xlsx) ({e})") from e
    meta = wb[W.META_SHEET] if W.META_SHEET in wb.sheetnames else None
    if meta is None or _text(meta.cell(row=1, column=2).value) != FORMAT:
        raise ReviewImportError(f"{path}: not a review workbook exported by gapkit (no {W.META_SHEET} sheet); "
                           "export one with `gapkit export review CONVENTION`")
    return wb


def _same(d: Decision, m: Mapping) -> bool:
    if d.accept:
        return False
    practice = {k: v for k, v in d.practice.items() if v}
    if isinstance(practice.get("note"), str):
        practice["note"] = text_map(practice["note"])
    return (d.provisions == m.provisions and d.relation == (m.relation or "") and d.verdict == m.verdict
            and d.reason == m.reason and practice == m.practice)


def _theirs(m: Mapping) -> dict[str, Any]:
    return {"revision": m.revision, "provisions": m.provisions, "relation": m.relation, "verdict": m.verdict,
            "reason": m.reason, "reviewer": m.reviewer, "time": m.time}


def _sheet_convention(ws: Workspace, path: Path, title: str, listed: list[str]) -> str:
    """The Convention a sheet is of: the one it is named after (as the export names it), else the workbook's only
    one."""
    try:
        return convention_code(ws, title)
    except NoSuchConvention:
        if len(listed) == 1:
            return listed[0]
    raise ReviewImportError(f"{path}: sheet {title!r} is not named after a Convention of the workbook "
                       f"({', '.join(listed) or 'none listed'}); give the sheet its Convention's code back")


def _check_rows(ws: Workspace, path: Path, wb: Any, sheets: list[Any]) -> None:
    """Every row's id is a requirement of its sheet's Convention (or no id at all); raises :class:`ForeignRow` for
    the first that is not, before anything is applied."""
    meta = wb[W.META_SHEET]
    listed = next((_text(r[1]).split() for r in meta.iter_rows(min_row=1, max_col=2, values_only=True)
                   if _text(r[0]) == "conventions"), [])
    for sheet in sheets:
        code = _sheet_convention(ws, path, sheet.title, listed)
        column = _columns(sheet)["id"]
        for n, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
            rid = _text(values[column]) if column < len(values) else ""
            if Citation.is_valid(rid) and instrument_of(rid) != code:
                raise ForeignRow(f"{path}: sheet {sheet.title!r}, row {n}: {rid} is a requirement of "
                                 f"{instrument_of(rid)}, not of {code}, the Convention of the sheet (the id column "
                                 "must not be changed); nothing was applied")


def import_review(ws: Workspace, path: Path, reviewer: str, dry_run: bool = False) -> ImportResult:
    """Apply the changed rows of the workbook at ``path`` as ``reviewer`` (or, dry, say what would change)."""
    if not reviewer.strip():
        raise ReviewImportError("--reviewer: give your name, as it should appear in the audit trail")
    wb = _open(path)
    store = MappingStore(ws)
    result = ImportResult(dry_run)
    seen: dict[str, tuple[str, int]] = {}
    current_by_code: dict[str, dict[str, Mapping]] = {}
    sheets = [sheet for sheet in wb.worksheets if sheet.title not in (W.META_SHEET, W.LISTS_SHEET)
              and sheet.title not in W.SHEETS["instructions"].values()]
    for sheet in sheets:
        missing = [k for k in ("id", "exported_revision", *W.FILL_COLUMNS) if k not in _columns(sheet)]
        if missing:
            raise ReviewImportError(f"{path}: sheet {sheet.title!r} lacks the column(s) "
                               + ", ".join(repr(W.header(k, 'en')) for k in missing) + "; nothing was written")
    _check_rows(ws, path, wb, sheets)
    for sheet in sheets:
        cols = _columns(sheet)
        for n, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
            cells = {k: _text(values[i]) if i < len(values) else "" for k, i in cols.items()}
            if not any(cells.get(k) for k in W.FILL_COLUMNS):
                if cells.get("id"):
                    result.unchanged += 1
                continue
            rr = RowResult(sheet.title, n, cells.get("id", ""), "refused")
            result.rows.append(rr)
            try:
                rid = rr.requirement = _requirement(ws, cells.get("id", ""))
                exported = _revision(values[cols["exported_revision"]])
                if rid in seen:
                    raise _Refused(f"{rid} is changed again in sheet {seen[rid][0]!r}, row {seen[rid][1]}; "
                                   "keep one row per requirement")
                seen[rid] = (sheet.title, n)
                code = instrument_of(rid)
                if code not in current_by_code:
                    current_by_code[code] = read_file(mapping_path(ws.root, code))
                current = current_by_code[code].get(rid) or Mapping(rid)
                rr.yours = _decision(ws, cells, current)
            except _Refused as e:
                rr.reason = str(e)
                continue
            rr.before = Decision.of(current)
            if current.revision != exported:
                rr.outcome, rr.theirs = "conflict", _theirs(current)
                rr.reason = (f"changed since the export (revision {exported} then, {current.revision} now, by "
                             f"{current.reviewer or 'someone'} at {current.time or '?'})")
                continue
            if _same(rr.yours, current):
                result.rows.remove(rr)
                result.unchanged += 1
                continue
            if dry_run:
                rr.outcome = "would_apply"
                continue
            rr.outcome, rr.revision = _apply(store, rid, rr, reviewer, exported, ws)
    return result


def _apply(store: MappingStore, rid: str, rr: RowResult, reviewer: str, exported: int,
           ws: Workspace) -> tuple[str, int | None]:
    d = rr.yours
    assert d is not None
    try:
        if d.accept:
            m = store.accept(rid, reviewer, expect_revision=exported)
        else:
            before = read_file(mapping_path(ws.root, instrument_of(rid))).get(rid) or Mapping(rid)
            keep = d.verdict in (Verdict.NON_COMPLIANT, Verdict.PARTIALLY_COMPLIANT, Verdict.INSUFFICIENT_INFORMATION)
            m = store.confirm(rid, d.provisions, d.relation, d.verdict, d.reason, reviewer, expect_revision=exported,
                              practice=d.practice, recommendation=before.recommendation if keep else None,
                              measure=before.measure if keep else "", points=list(before.points),
                              question=before.question if keep else None)
    except ConflictError as e:  # someone wrote between our check and our write
        now = read_file(mapping_path(ws.root, instrument_of(rid))).get(rid) or Mapping(rid)
        rr.theirs, rr.reason = _theirs(now), str(e)
        return "conflict", None
    except ReviewError as e:
        rr.reason = str(e)
        return "refused", None
    return "applied", m.revision
