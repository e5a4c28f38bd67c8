"""Reading a bill's comparative table («сравнительная таблица») from a Word document.

The table has the five columns of Kazakhstan's practice, which `gapkit report amendments` writes too:
№ п/п | Структурный элемент | Действующая редакция | Предлагаемая редакция | Обоснование. A row whose cells
all hold one text names the act the rows below it amend («2. Предпринимательский кодекс Республики Казахстан от …»).
In the proposed wording, words struck through are the words the bill deletes: they are left out. A new element
(«… (новый)», current wording «Отсутствует») is an addition; a proposed wording «Исключить» a deletion; any other
row replaces the element's wording.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from gapkit.bill import Bill, BillError, Change, act_by_title, target
from gapkit.workspace import Workspace

HEADERS = ("структурный элемент", "действующая редакция", "предлагаемая редакция")
DELETION = ("исключить", "исключен", "исключена", "исключено", "исключены")
ABSENT = ("", "отсутствует", "нет", "—", "-")
_NEW = re.compile(r"\s*\((?:новый|новая|новое|новые)\)\s*$", re.I)
_SUMMARY = re.compile(r"^Изложение \(официальный текст не загружен\):\s*")


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().casefold()


def _cell_text(cell: Any, drop_struck: bool) -> str:
    """The cell's text; with ``drop_struck``, without the runs struck through (the words a bill deletes)."""
    from docx.oxml.ns import qn

    paras = []
    for p in cell.paragraphs:
        parts = []
        for r in p._p.iter(qn("w:r")):
            rpr = r.find(qn("w:rPr"))
            struck = rpr is not None and any(
                el is not None and el.get(qn("w:val")) not in ("0", "false")
                for el in (rpr.find(qn("w:strike")), rpr.find(qn("w:dstrike"))))
            if drop_struck and struck:
                continue
            parts.append("".join(t.text or "" for t in r.iter(qn("w:t"))))
        paras.append("".join(parts).replace("\u00ad", "").strip())
    return "\n".join(p for p in paras if p)


def _act(ws: Workspace, text: str, row: int) -> str:
    name = re.sub(r"^\d+\.\s*", "", text.strip())
    code = act_by_title(ws, name)
    if code is None:
        raise BillError(f"row {row}: the act «{name[:80]}» is not among the workspace's acts")
    return code


def read_table(ws: Workspace, path: Path, name: str) -> Bill:
    """The bill in a comparative table DOCX; BillError (with the row) for a row it cannot place."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as e:
        raise BillError(f"{path.name}: not a Word document gapkit can read ({e})") from e
    table = None
    for t in document.tables:
        header = [_norm(c.text) for c in t.rows[0].cells] if t.rows else []
        if all(any(h in cell for cell in header) for h in HEADERS):
            table = t
            break
    if table is None:
        raise BillError(f"{path.name}: no comparative table (columns «Структурный элемент», «Действующая "
                        "редакция», «Предлагаемая редакция») found")
    header = [_norm(c.text) for c in table.rows[0].cells]
    col = {h: next(i for i, cell in enumerate(header) if h in cell) for h in HEADERS}
    just = next((i for i, cell in enumerate(header) if "обоснование" in cell), None)
    title = next((p.text.strip() for p in document.paragraphs if p.text.strip()), "")
    act = ""
    changes: list[Change] = []
    for n, row in enumerate(table.rows[1:], start=2):
        cells = row.cells
        texts = [c.text.strip() for c in cells]
        if all(re.fullmatch(r"\d+", t) for t in texts if t) and texts and texts[0] == "1":
            continue  # the row that numbers the columns
        if len({id(c._tc) for c in cells}) == 1 or len(set(texts)) == 1:
            if texts[0]:
                act = _act(ws, texts[0], n)
            continue
        element = _NEW.sub("", texts[col["структурный элемент"]])
        if not element:
            continue
        if not act:
            raise BillError(f"row {n}: «{element}»: no row above it names the act it amends")
        new = bool(_NEW.search(texts[col["структурный элемент"]]))
        current = _SUMMARY.sub("", _cell_text(cells[col["действующая редакция"]], False))
        proposed = _cell_text(cells[col["предлагаемая редакция"]], True)
        reason = texts[just] if just is not None else ""
        if _norm(proposed).rstrip(".") in DELETION:
            kind = "delete"
        elif new or _norm(current).rstrip(".") in ABSENT:
            kind = "add"
        else:
            kind = "replace"
        provision = target(ws, element, act, kind, f"row {n}")
        if kind != "delete" and not proposed:
            raise BillError(f"row {n}: «{element}» has no proposed wording")
        changes.append(Change(act, provision, kind, text=proposed if kind != "delete" else "",
                              current=current if kind != "add" else "", justification=reason, line=n))
    if not changes:
        raise BillError(f"{path.name}: the comparative table has no change")
    return Bill(name, title, changes, path.name, "comparative_table")
