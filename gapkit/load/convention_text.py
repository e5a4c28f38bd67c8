"""Import the authentic text of a Convention and attach each paragraph to its catalogue clause.

Sources: the text as NORMLEX shows it (copied text or a saved HTML page) and as treaty databases
publish it (Markdown: ``### Article  12``, ``1.  text``, ``(a) text``). The authentic text is kept
beside our own wording, in ``conventions/authentic/<CODE>.<lang>.yaml``, so a catalogue file is never
rewritten by an import and the two are always shown side by side.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from gapkit.citations import Citation
from gapkit.model import Instrument
from gapkit.yamlio import dump_yaml, write_atomic

MAX_BYTES = 20 * 1024 * 1024
_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")


class ImportError_(Exception):
    """The file cannot be imported at all (wrong kind of file, empty, too large)."""


@dataclass(frozen=True)
class Unplaced:
    line: int
    text: str
    reason: str


@dataclass
class ParsedText:
    """The authentic text cut along the Convention's own numbering."""

    title: list[str] = field(default_factory=list)
    texts: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # clause id -> (line no, text)
    unplaced: list[Unplaced] = field(default_factory=list)

    def add(self, cid: str, text: str, line: int) -> None:
        self.texts.setdefault(cid, []).append((line, text))


@dataclass
class ImportReport:
    instrument: str
    lang: str
    placed: dict[str, str]  # clause id -> text, for clauses of the catalogue
    unplaced: list[Unplaced]
    missing: list[str]  # substantive catalogue clauses left without authentic text
    path: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "instrument": self.instrument, "lang": self.lang, "placed": len(self.placed),
            "unplaced": [u.__dict__ for u in self.unplaced], "missing": self.missing, "file": self.path,
        }


# ---- reading the file ------------------------------------------------------------------


class _TextOfHtml(HTMLParser):
    """Text of an HTML page, one line per block element (NORMLEX pages saved from the browser)."""

    _BLOCKS = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "td", "th", "table", "section"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head", "nav"):
            self._skip += 1
        if tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head", "nav") and self._skip:
            self._skip -= 1
        if tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def read_lines(path: Path) -> list[str]:
    """The lines of a Convention text file (Markdown, plain text or HTML)."""
    if not path.is_file():
        raise ImportError_(f"{path}: no such file")
    size = path.stat().st_size
    if size == 0:
        raise ImportError_(f"{path}: the file is empty")
    if size > MAX_BYTES:
        raise ImportError_(f"{path}: {size // (1024 * 1024)} MB is too large for a Convention text (limit 20 MB)")
    raw = path.read_bytes()
    if b"\x00" in raw[:4096] or raw[:2] == b"PK":
        raise ImportError_(f"{path}: a binary file, not a Convention text (expected Markdown, text or HTML)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    if re.search(r"<(html|body|p|div)\b", text[:5000], re.I):
        parser = _TextOfHtml()
        parser.feed(text)
        text = "".join(parser.parts)
    return [html.unescape(ln) for ln in text.splitlines()]


# ---- cutting the text along its numbering ----------------------------------------------

_ARTICLE = re.compile(r"^(?:Article|Art\.)\s+(\d+)\s*\.?\s*$", re.I)
_PART = re.compile(r"^PART\s+([IVXL]+)\b\.?\s*(.*)$", re.I)
_SCHEDULE = re.compile(r"^SCHEDULE\s+TO\s+PART\s+([IVXL]+)\b", re.I)
_ANNEX = re.compile(r"^ANNEX\b", re.I)
_PARA = re.compile(r"^(\d+)\.\s+(\S.*)$")
_SUB = re.compile(r"^\(?([a-z]{1,4})\)\s*(.*)$")
_PREAMBLE_START = re.compile(r"^(The General Conference|Preamble\b)", re.I)


def _clean(line: str) -> str:
    s = line.strip()
    s = re.sub(r"^#+\s*", "", s)  # Markdown heading marks
    s = re.sub(r"\*+([^*]*)\*+", r"\1", s)  # emphasis (*a*), *Periodical payments*
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)  # Markdown links kept as their words
    return re.sub(r"\s+", " ", s).strip()


def parse_text(lines: list[str], code: str) -> ParsedText:
    """Cut the text into clause ids of ``code`` by its headings and numbers."""
    out = ParsedText()
    article: str | None = None
    para: str | None = None
    sub: str | None = None
    current: str | None = None  # the clause that continuation lines belong to
    block: str | None = None  # inside a Schedule or the Annex: every line belongs to it
    state = "title"
    pending_part: str | None = None
    for no, raw in enumerate(lines, start=1):
        line = _clean(raw)
        if not line or set(line) <= {"|", "-", " "}:
            continue
        m_sched, m_annex = _SCHEDULE.match(line), _ANNEX.match(line)
        if m_sched or m_annex:
            block = f"{code}:schedule-{m_sched.group(1).upper()}" if m_sched else f"{code}:annex"
            out.add(block, line, no)
            current, pending_part, state = block, None, "block"
            continue
        m = _PART.match(line)
        if m and not block:
            current = f"{code}:part-{m.group(1).upper()}"
            out.add(current, line, no)
            pending_part = current if not m.group(2) else None
            article = para = sub = None
            state = "body"
            continue
        m = _ARTICLE.match(line)
        if m:
            block = None
            article, para, sub = m.group(1), None, None
            current = f"{code}:{article}"
            pending_part = None
            out.texts.setdefault(current, [])
            state = "body"
            continue
        if block:
            out.add(block, line, no)
            continue
        if pending_part:  # the Part's title on the line after "PART I"
            out.add(pending_part, line, no)
            pending_part = None
            continue
        if article is None:
            if state == "title" and _PREAMBLE_START.match(line):
                state = "preamble"
            if state == "preamble":
                if line.lower() != "preamble":
                    out.add(f"{code}:preamble", line, no)
            elif state == "title":
                out.title.append(line)
            else:
                out.unplaced.append(Unplaced(no, line, "text between a Part heading and its first article"))
            continue
        m = _PARA.match(line)
        if m:
            para, sub = m.group(1), None
            current = str(Citation(code, article, (para,)))
            out.add(current, m.group(2), no)
            continue
        m = _SUB.match(line)
        if m and m.group(2):
            tok = m.group(1)
            base = (para,) if para else ()
            if sub and tok in _ROMAN and not _next_letter(sub, tok):
                current = str(Citation(code, article, (*base, sub, tok)))
            else:
                sub = tok
                current = str(Citation(code, article, (*base, sub)))
            out.add(current, m.group(2), no)
            continue
        # an unnumbered line: the article's own text, or the end of a paragraph after its list
        target = str(Citation(code, article, (para,))) if para else f"{code}:{article}"
        out.add(target, line, no)
        current = target
    return out


def _next_letter(prev: str, tok: str) -> bool:
    """'(i)' after '(h)' is the ninth letter, not a roman one."""
    return len(prev) == 1 and len(tok) == 1 and ord(tok) == ord(prev) + 1


# ---- placing it on the catalogue --------------------------------------------------------


def place(parsed: ParsedText, inst: Instrument, lang: str) -> ImportReport:
    placed: dict[str, str] = {}
    unplaced = list(parsed.unplaced)
    for cid, parts in parsed.texts.items():
        text = "\n".join(t for _, t in parts if t).strip()
        if cid not in inst.clauses:
            unplaced.extend(Unplaced(no, t[:120], f"no clause {cid} in the catalogue of {inst.code}")
                            for no, t in parts)
            continue
        if text:
            placed[cid] = text
    missing = [c.id for c in inst.clauses.values()
               if (c.is_substantive or c.kind in ("final_provision", "preamble")) and c.id not in placed]
    return ImportReport(inst.code, lang, placed, sorted(unplaced, key=lambda u: u.line), missing)


def authentic_path(root: Path, code: str, lang: str) -> Path:
    return root / "conventions" / "authentic" / f"{code}.{lang}.yaml"


def save(root: Path, report: ImportReport, source: Path, title: list[str]) -> Path:
    """Write the placed texts beside the catalogue (atomically)."""
    path = authentic_path(root, report.instrument, report.lang)
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    data = {
        "instrument": report.instrument,
        "lang": report.lang,
        "title": " ".join(title),
        "source": {"file": source.name, "sha256": digest, "imported": date.today().isoformat()},
        "texts": report.placed,
    }
    write_atomic(path, "# Authentic text imported with `gapkit import convention`; shown beside our wording.\n"
                 + dump_yaml(data))
    report.path = str(path)
    return path


def import_convention(root: Path, inst: Instrument, source: Path, lang: str = "en") -> ImportReport:
    """Read ``source``, place it on ``inst``'s clauses, write the authentic-text file."""
    lines = read_lines(source)
    parsed = parse_text(lines, inst.code)
    if not parsed.texts:
        raise ImportError_(f"{source}: no article of a Convention found (is this the text of {inst.code}?)")
    report = place(parsed, inst, lang)
    if not report.placed:
        raise ImportError_(f"{source}: nothing in it matches the catalogue of {inst.code}")
    save(root, report, source, parsed.title)
    return report
