"""Reading a national act's file: what kind of file it is, and its content as plain lines.

The format is decided from the content first (a DOCX is a zip archive, an HTML page has tags,
the Markdown mirror has ``#`` headings and ``<a id="st…">`` anchors), the extension only breaks
ties, so a page saved as ``.txt`` or a DOCX renamed ``.doc`` is still read right, and a file
that is none of these is refused with one clear sentence (:class:`LawImportError`).
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from gapkit.errors import GapkitError

MAX_BYTES = 20 * 1024 * 1024  # the whole Labour Code in Markdown is about 2 MB


class LawImportError(GapkitError):
    """The file cannot be imported at all; the message is one line for the user."""


@dataclass(frozen=True)
class SourceLine:
    """One line of the source with its markup taken off, and what the markup said."""

    no: int  # line in the file (paragraph number for DOCX)
    text: str
    indent: int = 0  # leading spaces: decides which item an unnumbered line continues
    heading: int = 0  # 1..6 when the source marks the line as a heading
    italic: bool = False
    quote: bool = False
    bold: bool = False
    anchor: str = ""  # the article number of a Markdown ``<a id="st191"></a>`` anchor
    skip: str = ""  # why the line is not part of the act's text (navigation, page furniture)
    file: str = ""  # the file the line is in, when an act is read from several files


@dataclass
class SourceDoc:
    format: str  # markdown | text | html | docx
    lines: list[SourceLine] = field(default_factory=list)
    title: str = ""  # a title the format gives outside the text (HTML <title>)
    encoding: str = "utf-8"
    meta: dict[str, Any] = field(default_factory=dict)  # the mirror's YAML front matter (title, dates, source)


def read_source(path: Path) -> SourceDoc:
    """Read ``path`` into lines, or raise :class:`LawImportError` saying why it cannot be read."""
    try:
        size = path.stat().st_size
    except OSError as e:
        raise LawImportError(f"cannot read {path}: {e.strerror or e}") from e
    if path.is_dir():
        raise LawImportError(f"{path} is a folder; give the file of the act")
    if size == 0:
        raise LawImportError(f"{path} is empty")
    if size > MAX_BYTES:
        raise LawImportError(f"{path} is {size / 1024 / 1024:.1f} MB, over the {MAX_BYTES // 1024 // 1024} MB limit "
                             "for one import; import the act section by section")
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise LawImportError(f"cannot read {path}: {e.strerror or e}") from e
    suffix = path.suffix.lower()
    if raw[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return _read_zip(path)
    if raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise LawImportError(f"{path} is an old binary Word file (.doc); open it in Word and save it as .docx")
    if raw[:5] == b"%PDF-":
        raise LawImportError(f"{path} is a PDF; save the adilet page as HTML or download the act as DOCX")
    if suffix == ".docx":
        raise LawImportError(f"{path} is not a DOCX file (a .docx is a zip archive; this file is not)")
    text, encoding = _decode(path, raw)
    if not text.strip():
        raise LawImportError(f"{path} holds only blank space")
    if _is_html(text, suffix):
        from gapkit.load.law_html import read_html

        return read_html(text, encoding)
    if suffix in (".md", ".markdown") or re.search(r'^\s*(?:#{1,6}\s|<a\s+(?:id|name)="st)', text, re.M):
        meta, lines = read_markdown_doc(text)
        return SourceDoc("markdown", lines, encoding=encoding, meta=meta)
    return SourceDoc("text", read_text(text), encoding=encoding)


def _read_zip(path: Path) -> SourceDoc:
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
    except zipfile.BadZipFile as e:
        raise LawImportError(f"{path} looks like a zip archive but cannot be opened: {e}") from e
    if "word/document.xml" not in names:
        raise LawImportError(f"{path} is a zip archive but not a Word document (no word/document.xml)")
    from gapkit.load.law_docx import read_docx

    return read_docx(path)


def _decode(path: Path, raw: bytes) -> tuple[str, str]:
    if b"\x00" in raw[:65536]:
        raise LawImportError(f"{path} is a binary file, not the text of an act (Markdown, text, HTML or DOCX)")
    declared = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", raw[:4096], re.I)
    encodings = ["utf-8-sig"]
    if declared:
        encodings.insert(0, declared.group(1).decode("ascii").lower())
    for enc in encodings:
        try:
            text = raw.decode(enc)
            break
        except (UnicodeDecodeError, LookupError):
            continue
    else:
        # Windows-1251 is what Russian text saved by older tools is in; accept it only when it
        # reads as Cyrillic, otherwise any bytes would "decode" and binary data would slip through.
        text = raw.decode("cp1251", errors="replace")
        high = [c for c in text if ord(c) > 127]
        if not high or sum("\u0400" <= c <= "\u04ff" for c in high) / len(high) < 0.9:
            bad = raw.decode("utf-8", errors="replace")
            line = bad[: bad.find("\ufffd")].count("\n") + 1
            raise LawImportError(f"{path} is not UTF-8 text (undecodable bytes at line {line}) "
                                 "and not a Word or HTML file either")
        encodings = ["cp1251"]
    controls = sum(1 for c in text[:65536] if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f\v")
    if controls > max(8, len(text[:65536]) // 100):
        raise LawImportError(f"{path} is a binary file, not the text of an act (Markdown, text, HTML or DOCX)")
    return text, encodings[0]


def _is_html(text: str, suffix: str) -> bool:
    head = text[:20000]
    if re.search(r"<(?:!doctype\s+html|html|head|body)\b", head, re.I):
        return True
    return suffix in (".html", ".htm") and bool(re.search(r"<(?:p|div|h[1-6]|span)\b", head, re.I))


# ---- Markdown (the kazakhstan-law/codes mirror) ------------------------------------------------

_ANCHOR = re.compile(r'^<a\s+(?:id|name)="st([\d\-\u2010\u2011]+)"\s*>\s*</a>$')
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?$")
_BOLD = re.compile(r"^\*\*(.+)\*\*$")
_ITALIC = re.compile(r"^(?:\*(?!\*)(.+?)\*|_(?!_)(.+?)_)$")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|~])")


def _indent(line: str) -> int:
    n = 0
    for ch in line:
        if ch in " \u00a0":
            n += 1
        elif ch == "\t":
            n += 4
        else:
            break
    return n


_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)
# The mirror's index of a long act ("## Части документа"): a table of links to its section files.
_INDEX_HEADING = re.compile(r"^(?:Части документа|Құжаттың бөліктері)$", re.I)


def front_matter(text: str) -> tuple[dict[str, Any], int]:
    r"""The YAML front matter at the top of a mirror file (its metadata) and how many lines it takes.

    >>> front_matter("---\nsource: https://zan.gov.kz/client/#!/doc/1/rus/01.01.2023\n---\n# Конституция")
    ({'source': 'https://zan.gov.kz/client/#!/doc/1/rus/01.01.2023'}, 3)
    """
    m = _FRONT.match(text)
    if not m:
        return {}, 0
    try:
        meta = yaml.safe_load(m.group(1))
    except yaml.YAMLError:
        return {}, 0  # not front matter after all: the lines are read as text and reported if out of place
    return (meta if isinstance(meta, dict) else {}), m.group(0).count("\n") + (0 if m.group(0).endswith("\n") else 1)


def read_markdown_doc(text: str) -> tuple[dict[str, Any], list[SourceLine]]:
    """The front matter and the lines of a mirror file."""
    meta, n = front_matter(text)
    lines = read_markdown(text)
    if n:
        lines = [SourceLine(ln.no, ln.text, ln.indent, skip="front matter (the metadata of the act)")
                 if ln.no <= n else ln for ln in lines]
    return meta, lines


def read_markdown(text: str) -> list[SourceLine]:
    """Lines of the mirror's Markdown: headings, ``>`` quotes, ``*italic*``, ``**bold**``, escapes."""
    out: list[SourceLine] = []
    in_index = False
    for no, line in enumerate(text.splitlines(), 1):
        s = line.strip()
        if not s:
            continue
        indent = _indent(line)
        m = _HEADING.match(s)
        if m:
            in_index = bool(_INDEX_HEADING.match(m.group(2).strip()))
        if in_index:  # the list of the section files that hold the act's text: navigation, not text
            out.append(SourceLine(no, s, indent, skip="index of the mirror's section files"))
            continue
        m = _ANCHOR.match(s)
        if m:
            out.append(SourceLine(no, s, indent, anchor=m.group(1)))
            continue
        if s.startswith("↑"):  # "↑ [Вся редакция](../rus.md)": the mirror's link to the whole act
            out.append(SourceLine(no, s, indent, skip="navigation link of the Markdown mirror"))
            continue
        heading = quote = italic = bold = False
        level = 0
        m = _HEADING.match(s)
        if m:
            level, s = len(m.group(1)), m.group(2).strip()
            heading = True
        if not heading and s.startswith(">"):
            quote, s = True, s.lstrip(">").strip()
        m = _BOLD.match(s)
        if m:
            bold, s = True, m.group(1).strip()
        else:
            m = _ITALIC.match(s)
            if m:
                italic, s = True, (m.group(1) or m.group(2)).strip()
        s = _ESCAPE.sub(r"\1", s)
        out.append(SourceLine(no, s, indent, heading=level if heading else 0, italic=italic, quote=quote, bold=bold))
    return out


# ---- plain text (copied from adilet) -----------------------------------------------------------


def read_text(text: str) -> list[SourceLine]:
    """Lines of copied text; only indentation carries structure besides the wording."""
    out: list[SourceLine] = []
    for no, line in enumerate(text.splitlines(), 1):
        s = " ".join(line.split())
        if s:
            out.append(SourceLine(no, s, _indent(line)))
    return out
