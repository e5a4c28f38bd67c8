"""Draft laws (bills): read one, lay it over the acts as they stand, and see what it would change.

A bill circulates as the text of an amending law («О внесении изменений и дополнений в некоторые законодательные
акты …»: «пункт 3 исключить», «дополнить пунктом 7 следующего содержания: …», «слова «…» заменить словами «…»»)
or as its comparative table (№ | Структурный элемент | Действующая редакция | Предлагаемая редакция |
Обоснование). :mod:`gapkit.bill.amending` and :mod:`gapkit.bill.table` read them into :class:`Change` records;
every provision is cited through the one citation module. A bill is kept in ``bills/<NAME>.yaml``.

A bill is an overlay edition: :func:`overlay` gives each changed provision's wording as it would read if the bill
were adopted, beside the wording the workspace holds now (the official text where it is loaded, else our
summary), without touching the acts. :func:`impact` says what the changes touch: the decisions and suggestions
on each provision, the CEACR points that cite it, the roadmap measures that answer those points, and each
requirement's current verdict beside its verdict if adopted (a decision kept with the requirement's other
decisions, :meth:`gapkit.review.MappingStore.assess_if_adopted`).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from gapkit.citations import Citation, CitationError, scan
from gapkit.errors import GapkitError
from gapkit.texts import official_text, summary_text
from gapkit.workspace import Workspace
from gapkit.yamlio import YamlError, dump_yaml, load_yaml, locked, strip_lines, write_atomic

BILLS_DIR = "bills"
KINDS = ("replace", "delete", "add", "words")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,60}$")


class BillError(GapkitError):
    """A bill that cannot be read or kept; the message names the line and why. Nothing was written."""


@dataclass
class Change:
    """One change a bill makes to one provision."""

    act: str  # KZ-EC
    target: str  # the provision changed (for "add": the new one), e.g. KZ-EC:144(3)
    kind: str  # replace | delete | add | words
    text: str = ""  # the new wording (replace, add)
    old_words: str = ""  # words: what is replaced ...
    new_words: str = ""  # ... and by what ("" deletes the words)
    current: str = ""  # the current wording as the bill quotes it (comparative table)
    justification: str = ""
    line: int = 0  # where the bill says it (line of the text, row of the table)

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v not in ("", 0) or k in ("act", "target", "kind")}


@dataclass
class Bill:
    name: str
    title: str
    changes: list[Change] = field(default_factory=list)
    source: str = ""  # the file it was read from (its name)
    form: str = ""  # amending_law | comparative_table
    imported: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "form": self.form, "source": self.source,
                "imported": self.imported, "changes": [c.as_dict() for c in self.changes]}


def bill_path(root: Path, name: str) -> Path:
    return root / BILLS_DIR / f"{name}.yaml"


def check_name(name: str) -> str:
    if not _NAME.match(name):
        raise BillError(f"--name {name!r}: a bill's name is letters, digits, '-', '_' or '.' (e.g. inspections-2026)")
    return name


def load_bill(ws: Workspace, name: str) -> Bill:
    path = bill_path(ws.root, check_name(name))
    if not path.is_file():
        held = sorted(p.stem for p in (ws.root / BILLS_DIR).glob("*.yaml")) if (ws.root / BILLS_DIR).is_dir() else []
        raise BillError(f"no bill {name!r} in the workspace (it holds: {', '.join(held) or 'none'}); "
                        "read one with gapkit import bill FILE --name NAME")
    try:
        raw = strip_lines(load_yaml(path, ws.rel(path)))
    except YamlError as e:
        raise BillError(str(e.problem)) from e
    if not isinstance(raw, dict) or not isinstance(raw.get("changes"), list):
        raise BillError(f"{ws.rel(path)}: not a bill file (a mapping with its changes)")
    texts = [k for k in Change.__dataclass_fields__ if k != "line"]
    changes = [Change(line=int(c.get("line", 0) or 0), **{k: str(c.get(k, "") or "") for k in texts})
               for c in raw["changes"] if isinstance(c, dict)]
    return Bill(str(raw.get("name", name)), str(raw.get("title", "")), changes, str(raw.get("source", "")),
                str(raw.get("form", "")), str(raw.get("imported", "")))


def save_bill(ws: Workspace, bill: Bill, replace: bool = False) -> Path:
    """Keep the bill in ``bills/<NAME>.yaml`` (atomically); an existing bill is replaced only when asked."""
    path = bill_path(ws.root, check_name(bill.name))
    with locked(path.with_name(f".{bill.name}.lock")):
        if path.exists() and not replace:
            raise BillError(f"the workspace already holds a bill {bill.name!r}; give another --name, or --replace")
        bill.imported = datetime.now(UTC).replace(microsecond=0).isoformat()
        write_atomic(path, f"# The bill {bill.title!r}, as gapkit read it (gapkit import bill).\n"
                     + dump_yaml(bill.as_dict()))
    return path


_NOTE = re.compile(r"^(?:пункт\s+(?P<n>\d+(?:-\d+)?)\s+)?примечани[яей]\s+к\s+стать[еи]\s+(?P<art>\d+(?:-\d+)?)$",
                   re.I)
#: a часть or an абзац: the workspace holds them inside the text of their article or пункт, not as provisions
_PART_OF_UNIT = re.compile(r"(?i)\b(?:част(?:ь|и|ью|ей|ям|ях|ями)|абзац\w*)\b")


def cite(ws: Workspace, phrase: str, act: str) -> str | None:
    """The one provision of ``act`` a structural element names («пункт 3 статьи 144», «пункт 3 примечания к статье
    462»), through the citation module; None when it names none or several."""
    phrase = re.sub(r"\s+", " ", phrase).strip()
    note = _NOTE.match(phrase)
    if note:  # the notes an article of a code ends with: KZ-AOC:462(note)(3) (the citation module does not read them)
        cid = f"{act}:{note.group('art')}(note)" + (f"({note.group('n')})" if note.group("n") else "")
        return str(Citation.parse(cid)) if Citation.is_valid(cid) else None
    found = scan(phrase, ws.names, act).found
    ids = list(dict.fromkeys(str(f.citation) for f in found))
    return ids[0] if len(ids) == 1 and ":" in ids[0] else None


def target(ws: Workspace, phrase: str, act: str, kind: str, where: str) -> str:
    """The provision a change of ``kind`` is made to; BillError (``where``: «line 12», «row 4») when the phrase names
    none or several, or names a часть or an абзац for a change other than of words: the citation module reads
    «абзац второй пункта 3 статьи 5» as пункт 3, and deleting or rewording that would delete or reword the whole
    пункт."""
    cid = cite(ws, phrase, act)
    if cid is None:
        raise BillError(f"{where}: «{phrase}» does not name one provision of {act}")
    if kind != "words" and _PART_OF_UNIT.search(phrase):
        raise BillError(f"{where}: «{phrase}» is a part of {cid} (a часть or an абзац), which the workspace does not "
                        f"hold as a provision of its own: give the whole of {cid} in its new wording")
    return cid


def act_by_title(ws: Workspace, name: str) -> str | None:
    """The workspace's act a bill names by its title, with or without its date and number after it
    («Предпринимательский кодекс Республики Казахстан от 29 октября 2015 года № 375-V»), as the law importer tells
    an act by its title (:func:`gapkit.load.law_identity.title_fits`); where several fit («Конституция Республики
    Казахстан 1995 года» holds the title of the Constitution in force too), the one whose name it holds longest.
    None when no act fits, or several equally."""
    from gapkit.load.law_folder import act_names, norm_title  # the law parser: loaded when a bill is read
    from gapkit.load.law_identity import title_fits

    held = f" {norm_title(name)} "
    hits: dict[str, int] = {}
    for code, inst in ws.instruments.items():
        if inst.kind == "act" and title_fits(name, inst):
            hits[code] = max((len(n) for n in act_names(inst) if f" {n} " in held), default=0)
    top = max(hits.values(), default=0)
    best = [code for code, length in hits.items() if length == top]
    return best[0] if len(best) == 1 else None


# ---- the overlay --------------------------------------------------------------------------------------------


@dataclass
class Overlaid:
    """One provision now and as the bill would have it."""

    provision: str
    change: Change
    current: str  # the wording the workspace holds now ("" for a provision the bill adds)
    official: bool  # ``current`` is the official text (else our summary)
    proposed: str | None  # None: the bill deletes the provision


def current_text(ws: Workspace, pid: str) -> tuple[str, bool]:
    """The wording of a provision now: its official Russian text where loaded, else our summary."""
    try:
        inst = ws.instruments.get(Citation.parse(pid).instrument)
    except CitationError:
        inst = None
    if inst is None or pid not in inst.clauses:
        return "", False
    text = official_text(inst, pid, "ru")
    if text:
        return text, True
    return summary_text(inst.clauses[pid], "ru"), False


def apply_change(ws: Workspace, change: Change) -> Overlaid:
    """The provision as the change would leave it; a change that cannot apply raises BillError with its line."""
    now, official = current_text(ws, change.target)
    where = f"line {change.line}: " if change.line else ""
    exists = ws.clause(change.target) is not None
    if change.kind in ("replace", "delete", "words") and not exists:
        raise BillError(f"{where}{change.target} is not in the workspace: the bill changes a provision the act "
                        "does not have (or the act's text is not loaded)")
    if change.kind == "add" and exists and now.strip():
        raise BillError(f"{where}{change.target} already exists: the bill adds a provision the act has")
    if change.kind == "delete":
        return Overlaid(change.target, change, now, official, None)
    if change.kind == "words":
        if not official:
            raise BillError(f"{where}the words of {change.target} can only be changed in its official text, which "
                            "the workspace does not hold: import the act first (gapkit import law)")
        if change.old_words not in now:
            raise BillError(f"{where}the words «{change.old_words}» are not in the current text of {change.target}")
        return Overlaid(change.target, change, now, official, now.replace(change.old_words, change.new_words))
    return Overlaid(change.target, change, now if exists else "", official, change.text)


def overlay(ws: Workspace, bill: Bill) -> dict[str, Overlaid]:
    """Every provision the bill changes, by id, with its wording now and if adopted (changes to one provision
    apply in the bill's order: words are changed in the wording the earlier changes leave)."""
    out: dict[str, Overlaid] = {}
    for change in bill.changes:
        before = out.get(change.target)
        if before is None or change.kind != "words":
            out[change.target] = apply_change(ws, change)
            continue
        if before.proposed is None:
            raise BillError(f"line {change.line}: the words of {change.target} are changed after the bill deletes it")
        if change.old_words not in before.proposed:
            raise BillError(f"line {change.line}: the words «{change.old_words}» are not in {change.target} as "
                            "the bill's earlier changes leave it")
        out[change.target] = Overlaid(change.target, change, before.current, before.official,
                                      before.proposed.replace(change.old_words, change.new_words))
    return out


def validate(ws: Workspace, bill: Bill) -> None:
    """Raise BillError for the first change that cannot apply to the workspace's texts."""
    if not bill.changes:
        raise BillError("the bill makes no change gapkit could read: nothing was written")
    overlay(ws, bill)
