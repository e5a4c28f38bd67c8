"""The review workbook: one sheet per Convention, one row per requirement, for review in Excel offline.

Each row shows the requirement (our wording, the authentic text where held), the current decision and the
top suggested provisions, then empty yellow columns the reviewer fills; a hidden column holds the revision
of the decision at export, which the import compares with the revision then current (a stale row is a
conflict, never a silent overwrite). Drop-down lists hold the relation and verdict labels; the sheets are
protected without a password so the grey columns are not changed by accident. The hidden ``_gapkit`` sheet
says what the workbook is. See docs/workspace-format.md, "Review workbook".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from gapkit import graph
from gapkit.citations import Citation
from gapkit.errors import GapkitError
from gapkit.exchange import words as W
from gapkit.exchange.suggested import Suggested, SuggestionsUnavailable, top_suggestions
from gapkit.model import Clause
from gapkit.review import NOT_REVIEWED, Mapping, in_lang, load_mappings
from gapkit.texts import shown_text
from gapkit.workspace import NoSuchConvention, Workspace, convention_code
from gapkit.yamlio import replace_atomic

FORMAT = "gapkit-review-workbook"
FORMAT_VERSION = 1
MAX_CELL = 32_000  # Excel holds at most 32,767 characters in a cell
GREY = PatternFill("solid", fgColor="EDEDED")
YELLOW = PatternFill("solid", fgColor="FFF2CC")
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
HEADER_FILL_NEW = PatternFill("solid", fgColor="FFD966")
WRAP = Alignment(wrap_text=True, vertical="top")


class ExportError(GapkitError):
    """What the user asked cannot be exported (unknown Convention ...)."""


@dataclass
class ExportResult:
    path: Path
    sheets: dict[str, int]  # Convention -> rows
    suggestions: bool
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"path": str(self.path), "sheets": self.sheets, "suggestions": self.suggestions, "note": self.note}


def _pick(texts: dict[str, str], lang: str) -> tuple[str, str]:
    """The text in ``lang``, or in another language held, with the language it is in."""
    for lg in (lang, "en", "ru", "kk"):
        if texts.get(lg):
            return texts[lg], lg
    return "", lang


def row_height(texts: dict[str, Any], widths: dict[str, int]) -> float:
    """A row height (points) that shows its wrapped text: LibreOffice does not fit rows itself on opening."""
    lines = 1
    for key, value in texts.items():
        if isinstance(value, str) and value:
            per_line = max(8, int(widths.get(key, 10) * 1.05))
            lines = max(lines, sum(max(1, -(-len(part) // per_line)) for part in value.split("\n")))
    return min(409.0, 15.0 * lines + 3)  # 409 points: the highest row Excel allows


def cell_text(s: str) -> str:
    return s if len(s) <= MAX_CELL else s[: MAX_CELL - 1] + "…"


def _suggestion_text(ws: Workspace, s: Suggested, lang: str) -> str:
    t = W.TEXT[lang]
    clause = ws.clause(s.provision)
    cite = Citation.parse(s.provision).format(lang, ws.names) if Citation.is_valid(s.provision) else ""
    head = f"{s.provision} — {cite}\n({t['score']} {s.score:.2f}" + (f"; {t['cited_by']}" if s.cited_by else "") + ")"
    shown = shown_text(ws.instruments[clause.instrument], clause.id, lang) if clause is not None else None
    body = "" if shown is None else shown.text if shown.official else t["summary"] + shown.text
    return f"{head}\n{body}".strip()


def _row(ws: Workspace, clause: Clause, m: Mapping | None, sugg: list[Suggested], lang: str) -> dict[str, Any]:
    m = m or Mapping(clause.id)
    text, _ = _pick(clause.text, lang)
    authentic, alang = _pick(clause.authentic, lang)
    if authentic and alang != lang:
        authentic = W.TEXT[lang]["authentic_other"].format(lang=alang) + authentic
    state = m.state(ws)
    practice = "; ".join(v for v in (W.VERDICT_LABELS[lang].get(m.practice.get("verdict", ""), ""),
                                     in_lang(m.practice.get("note") or {}, lang)) if v)
    row: dict[str, Any] = {
        "id": clause.id,
        "heading": _pick(clause.heading, lang)[0],
        "text": text or W.TEXT[lang]["no_text"],
        "authentic": authentic,
        "state": W.STATE_LABELS[lang][state],
        "provisions": "; ".join(m.provisions),
        "relation": W.RELATION_LABELS[lang].get(m.relation or "", ""),
        "verdict": W.VERDICT_LABELS[lang][m.verdict if m.verdict in W.VERDICT_LABELS[lang] else NOT_REVIEWED],
        "reason": in_lang(m.reason, lang),
        "recommendation": in_lang(m.recommendation, lang),
        "practice": practice,
        "reviewer": ", ".join(v for v in (m.reviewer or (W.TEXT[lang]["team"] if m.preliminary else ""),
                                          m.time[:10]) if v),
        "revision": m.revision,
        "exported_revision": m.revision,
    }
    for i in range(3):
        row[f"suggestion_{i + 1}"] = _suggestion_text(ws, sugg[i], lang) if i < len(sugg) else ""
    return {k: cell_text(v) if isinstance(v, str) else v for k, v in row.items()}


def _lists_sheet(wb: Workbook, lang: str) -> dict[str, str]:
    """The hidden sheet of drop-down values; returns the range of each list."""
    sheet = wb.create_sheet(W.LISTS_SHEET)
    sheet.sheet_state = "hidden"
    ranges = {}
    for col, kind in enumerate(("verdict", "relation"), start=1):
        labels = W.vocabulary_labels(kind, lang)
        for r, label in enumerate(labels, start=1):
            sheet.cell(row=r, column=col, value=label)
        letter = get_column_letter(col)
        ranges[kind] = f"{quote_sheetname(W.LISTS_SHEET)}!${letter}$1:${letter}${len(labels)}"
    return ranges


def _validation(ranges: dict[str, str], kind: str, lang: str) -> DataValidation:
    dv = DataValidation(type="list", formula1=ranges[kind], allow_blank=True, showErrorMessage=True)
    dv.errorTitle = W.header("new_verdict" if kind == "verdict" else "new_relation", lang)
    dv.error = ("Выберите значение из списка (см. лист «Инструкция»)." if lang == "ru"
                else "Choose a value from the list (see the Instructions sheet).")
    return dv


def _convention_sheet(wb: Workbook, ws: Workspace, code: str, lang: str, sugg: dict[str, list[Suggested]],
                      ranges: dict[str, str]) -> int:
    sheet: Worksheet = wb.create_sheet(code)
    keys = list(W.COLUMNS)
    for c, key in enumerate(keys, start=1):
        cell = sheet.cell(row=1, column=c, value=W.header(key, lang))
        cell.font = Font(bold=True)
        cell.alignment = WRAP
        cell.fill = HEADER_FILL_NEW if key in W.FILL_COLUMNS else HEADER_FILL
        sheet.column_dimensions[get_column_letter(c)].width = W.WIDTHS[key]
    mappings = load_mappings(ws)
    rids = graph.requirements(ws, code)
    for r, rid in enumerate(rids, start=2):
        clause = ws.clause(rid)
        assert clause is not None
        values = _row(ws, clause, mappings.get(rid), sugg.get(rid, []), lang)
        for c, key in enumerate(keys, start=1):
            cell = sheet.cell(row=r, column=c, value=values.get(key, None) if key not in W.FILL_COLUMNS else None)
            cell.alignment = WRAP
            if key in W.FILL_COLUMNS:
                cell.fill = YELLOW
                cell.protection = Protection(locked=False)
            else:
                cell.fill = GREY
        sheet.row_dimensions[r].height = row_height(values, W.WIDTHS)
    sheet.row_dimensions[1].height = row_height({k: W.header(k, lang) for k in keys}, W.WIDTHS)
    last = len(rids) + 1
    col = {key: get_column_letter(i) for i, key in enumerate(keys, start=1)}
    for key, kind in (("new_verdict", "verdict"), ("new_practice_verdict", "verdict"), ("new_relation", "relation")):
        dv = _validation(ranges, kind, lang)
        sheet.add_data_validation(dv)
        dv.add(f"{col[key]}2:{col[key]}{max(last, 2)}")
    sheet.column_dimensions[col["exported_revision"]].hidden = True
    sheet.freeze_panes = "B2"  # the header row and the id column stay in view
    sheet.auto_filter.ref = f"A1:{col['exported_revision']}{max(last, 1)}"
    protect(sheet)
    sheet.protection.autoFilter = sheet.protection.sort = False
    print_landscape(sheet)
    return len(rids)


def protect(sheet: Worksheet) -> None:
    """Protect a sheet without a password (against accidents, not against the one who fills it in): only the cells
    unlocked can be typed in; widths, heights and fonts stay adjustable."""
    p = sheet.protection
    p.sheet = True
    p.formatColumns = p.formatRows = p.formatCells = False


def print_landscape(sheet: Worksheet) -> None:
    """A sheet of rows printed on landscape A4, its header row on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.print_title_rows = "1:1"


def _instructions_sheet(wb: Workbook, ws: Workspace, codes: list[str], lang: str, note: str) -> None:
    sheet: Worksheet = wb.active
    sheet.title = W.SHEETS["instructions"][lang]
    sheet.column_dimensions["A"].width = 68  # fits a portrait A4 page
    t = W.TEXT[lang]
    titles = [ws.instruments[c].title.get(lang) or ws.instruments[c].title.get("en") or c for c in codes]
    lines: list[tuple[str, str, bool]] = [
        (t["title"].format(conventions="; ".join(titles)), "", True),
        (t["made"].format(workspace=ws.name, time=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")), "", False),
    ]
    if note:
        lines.append((note, "", False))
    lines.append(("", "", False))
    steps = W.INSTRUCTIONS[lang]
    headings = {steps[0], steps[7], steps[-1]}
    lines += [(s, "", s in headings) for s in steps]
    for kind in ("verdict", "relation"):
        lines.append((W.VOCAB_HEADINGS[lang][kind], "", True))
        labels = W.VERDICT_LABELS[lang] if kind == "verdict" else W.RELATION_LABELS[lang]
        for code, label in labels.items():
            if code == NOT_REVIEWED:
                continue
            meaning = W.VERDICT_MEANING[lang].get(code, "") if kind == "verdict" else ""
            lines.append((label, f"{meaning} ({code})" if meaning else f"({code})", False))
    for r, (a, b, bold) in enumerate(lines, start=1):
        text = f"{a} — {b}" if b else a
        cell = sheet.cell(row=r, column=1, value=text or None)
        cell.font = Font(bold=bold, size=13 if r == 1 else 11)
        cell.alignment = WRAP
        sheet.row_dimensions[r].height = row_height({"A": text}, {"A": 52 if bold else 68})  # bold runs wider
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _meta_sheet(wb: Workbook, ws: Workspace, codes: list[str], lang: str) -> None:
    meta_sheet(wb, [("format", FORMAT), ("format_version", FORMAT_VERSION), ("workspace", ws.name), ("lang", lang),
                    ("conventions", " ".join(codes)),
                    ("exported", datetime.now(UTC).replace(microsecond=0).isoformat())])


def meta_sheet(wb: Workbook, rows: list[tuple[str, Any]]) -> None:
    """The hidden sheet that says what a workbook gapkit writes is: a name and a value a row, the format first."""
    sheet = wb.create_sheet(W.META_SHEET)
    sheet.sheet_state = "hidden"
    for r, (k, v) in enumerate(rows, start=1):
        sheet.cell(row=r, column=1, value=k)
        sheet.cell(row=r, column=2, value=v)


def conventions(ws: Workspace, codes: list[str]) -> list[str]:
    out = []
    for given in codes:
        try:
            code = convention_code(ws, given)
        except NoSuchConvention as e:
            raise ExportError(str(e)) from e
        if code not in out:
            out.append(code)
    return out


def save_atomic(wb: Workbook, path: Path) -> None:
    """Save so that a reader (or Excel holding the old file) never sees half a workbook."""
    replace_atomic(path, lambda tmp: wb.save(tmp))


def export_review(ws: Workspace, codes: list[str], lang: str, path: Path, suggestions: int = 3) -> ExportResult:
    """Write the review workbook of ``codes`` in ``lang`` (ru or en) to ``path``."""
    if lang not in W.LANGS:
        raise ExportError(f"language {lang!r}: the workbook is written in {' or '.join(W.LANGS)}")
    codes = conventions(ws, codes)
    sugg: dict[str, dict[str, list[Suggested]]] = {}
    note = ""
    try:
        for code in codes:
            sugg[code] = top_suggestions(ws, code, min(suggestions, 3))
    except SuggestionsUnavailable as e:
        sugg, note = {}, W.TEXT[lang]["suggestions_missing"] + f" ({e})"
    wb = Workbook()
    _instructions_sheet(wb, ws, codes, lang, note)
    ranges = _lists_sheet(wb, lang)
    sheets = {code: _convention_sheet(wb, ws, code, lang, sugg.get(code, {}), ranges) for code in codes}
    _meta_sheet(wb, ws, codes, lang)
    wb.move_sheet(W.LISTS_SHEET, offset=len(wb.sheetnames))  # the hidden sheets go last
    save_atomic(wb, path)
    return ExportResult(path, sheets, bool(sugg) and suggestions > 0, note)
