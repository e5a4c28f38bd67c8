"""The document check: what must never reach a page of a document gapkit writes.

A Russian document holds no English sentence and an English one no Russian; no document names a file of the
workspace, a commit, an internal id or the team's research notes, and none has a heading with nothing under it.
The check reads everything a reader can see in a DOCX: the body with its tables, the footnotes, the headers and
footers, and the document's properties.

    >>> findings_in_text(["Статья 5 Конвенции № 87 (Source: reference/kazakhstan.md §2.2)."], "ru")[0].rule
    'other alphabet'
    >>> sorted({f.rule for f in findings_in_text(["See national_law/kz/indicators.yaml."], "en")})
    ['file path', 'internal id']
    >>> findings_in_text(["Пункт 1 статьи 191 Трудового кодекса (ред. 12 июля 2026 г.)."], "ru")
    []
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

#: words of the other alphabet a document may hold: names of organisations and databases, the tool's own name
ALLOWED_LATIN = frozenset({"ILO", "NORMLEX", "ISIC", "gapkit", "adilet", "zan", "kz", "www", "https", "http"})
ALLOWED_CYRILLIC: frozenset[str] = frozenset()

_URL = re.compile(r"https?://\S+|www\.\S+|\b[\w.-]+\.(?:kz|org|int|gov)\b[\S]*")
_LATIN = re.compile(r"[A-Za-z]{2,}")
_CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]{2,}")
_ROMAN = re.compile(r"^(?:[IVXLC]+|[ivxlc]+)$")  # Parts and sub-points: "раздел XI", "пункт (iii)"
#: (rule, pattern): what never reaches a page
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("file path", re.compile(r"(?<![\w/])(?:[\w.-]+/)+[\w.-]+\.(?:ya?ml|jsonl?|md|py|docx|xlsx|toml|txt)\b")),
    ("file path", re.compile(r"\b(?:national_law|mappings|conventions|comments|reference|roadmap|reports)/")),
    ("commit", re.compile(r"\bcommit\s+[0-9a-f]{6,40}\b|\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,40}\b")),
    ("internal id", re.compile(r"\b(?:CEACR|CAS|CFA):KZ-|\bRM:\d|\b(?:KZ-[A-Z0-9]+|C\d{3}):[\w(-]")),
    ("internal id", re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")),
    ("internal id", re.compile(r"\bunseen-[a-z-]+")),
    ("internal id", re.compile(r"(?<![\w/])C\d{3}\b")),  # a Convention by its code, not its number
    ("research note", re.compile(r"справочн\w+ материал\w*|\bfrom memory\b|\bnot seen\b|\[V\]|\[P\]|"
                                 r"не прочитан\w*|\breference (?:file|section)\b|\bcorpus\b|корпус[ае]?\b",
                                 re.IGNORECASE)),
)


@dataclass(frozen=True)
class Finding:
    rule: str
    text: str  # the words found
    where: str  # the paragraph they are in (shortened)

    def __str__(self) -> str:
        return f"{self.rule}: {self.text!r} in «{self.where}»"


def _other_alphabet(text: str, lang: str, allowed: frozenset[str]) -> list[str]:
    bare = _URL.sub(" ", text)
    if lang in ("ru", "kk"):
        return [w for w in _LATIN.findall(bare) if w not in ALLOWED_LATIN | allowed and not _ROMAN.match(w)]
    return [w for w in _CYRILLIC.findall(bare) if w not in ALLOWED_CYRILLIC | allowed]


def findings_in_text(paragraphs: Iterable[str], lang: str, allowed: Iterable[str] = ()) -> list[Finding]:
    """What breaks the rules in these paragraphs of a document in ``lang``; ``allowed``: names the document may
    write in the other alphabet (the workspace's name, reviewers' names)."""
    allow = frozenset(w for a in allowed for w in re.findall(r"\w+", a))
    out: list[Finding] = []
    for para in paragraphs:
        where = para if len(para) <= 120 else para[:117] + "..."
        foreign = _other_alphabet(para, lang, allow)
        if foreign:
            out.append(Finding("other alphabet", " ".join(dict.fromkeys(foreign)), where))
        for rule, pattern in PATTERNS:
            for m in pattern.finditer(_URL.sub(" ", para)):
                out.append(Finding(rule, m.group(0), where))
    return out


def _paragraphs(xml: bytes) -> list[str]:
    root = etree.fromstring(xml)
    out = []
    for p in root.iter(f"{W}p"):
        text = "".join(t.text or "" for t in p.iter(f"{W}t")).replace("\u00ad", "")  # soft hyphens
        if text.strip():
            out.append(text)
    return out


def docx_paragraphs(path: Path) -> list[str]:
    """Every paragraph a reader sees: body and tables, footnotes, headers and footers, the properties."""
    out: list[str] = []
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        parts = ["word/document.xml", "word/footnotes.xml", *sorted(n for n in names
                                                                    if re.match(r"word/(header|footer)\d*\.xml", n))]
        for name in parts:
            if name in names:
                out += _paragraphs(z.read(name))
        if "docProps/core.xml" in names:
            core = etree.fromstring(z.read("docProps/core.xml"))
            out += [e.text for e in core if e.text and e.tag.split("}")[1] in ("title", "subject", "description")]
    return out


def empty_sections(path: Path) -> list[Finding]:
    """Headings with nothing under them: followed at once by a heading of the same or a higher level, or by the end."""
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    body = root.find(f"{W}body")
    items: list[tuple[int, str]] = []  # (heading level or 0 for content, text)
    for el in body if body is not None else []:
        if el.tag == f"{W}p":
            style = el.find(f"{W}pPr/{W}pStyle")
            sid = style.get(f"{W}val") if style is not None else ""
            text = "".join(t.text or "" for t in el.iter(f"{W}t"))
            m = re.match(r"Heading(\d)$", sid or "")
            if m and text.strip():
                items.append((int(m.group(1)), text))
            elif text.strip() or el.find(f".//{W}drawing") is not None:
                items.append((0, text))
        elif el.tag == f"{W}tbl":
            items.append((0, "[table]"))
    out = []
    for i, (level, text) in enumerate(items):
        if not level:
            continue
        nxt = items[i + 1] if i + 1 < len(items) else None
        if nxt is None or (nxt[0] and nxt[0] <= level):
            out.append(Finding("empty section", text, text))
    return out


def check_docx(path: Path, lang: str, allowed: Iterable[str] = ()) -> list[Finding]:
    """Every finding in a DOCX gapkit wrote in ``lang``."""
    return findings_in_text(docx_paragraphs(path), lang, allowed) + empty_sections(path)
