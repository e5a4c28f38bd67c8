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
from gapkit.errors import GapkitError
from gapkit.model import Instrument
from gapkit.yamlio import dump_yaml, locked, write_atomic

MAX_BYTES = 20 * 1024 * 1024
_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")


class ConventionImportError(GapkitError):
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
    repeated: list[Unplaced] = field(default_factory=list)  # an article or paragraph number met a second time
    starts: dict[str, int] = field(default_factory=dict)  # article or paragraph id -> the line it starts on

    def add(self, cid: str, text: str, line: int) -> None:
        self.texts.setdefault(cid, []).append((line, text))

    def start(self, cid: str, what: str, line: int) -> None:
        """An article or paragraph begins: a second one of the same number is recorded, never merged in silence."""
        if cid in self.starts:
            first = self.starts[cid]
            self.repeated.append(Unplaced(line, what, f"{what} a second time (the first is at line {first})"))
        else:
            self.starts[cid] = line


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
        raise ConventionImportError(f"{path}: no such file")
    size = path.stat().st_size
    if size == 0:
        raise ConventionImportError(f"{path}: the file is empty")
    if size > MAX_BYTES:
        raise ConventionImportError(f"{path}: {size // (1024 * 1024)} MB is too large for a Convention text "
                                    "(limit 20 MB)")
    raw = path.read_bytes()
    if b"\x00" in raw[:4096] or raw[:2] == b"PK":
        raise ConventionImportError(f"{path}: a binary file, not a Convention text (expected Markdown, text or HTML)")
    text = _decode(path, raw)
    if re.search(r"<(html|body|p|div)\b", text[:5000], re.I):
        parser = _TextOfHtml()
        parser.feed(text)
        text = "".join(parser.parts)
    return [html.unescape(ln) for ln in text.splitlines()]


def _decode(path: Path, raw: bytes) -> str:
    """The text of a file in UTF-8 (or in the encoding an HTML page declares); a clear error otherwise, never a guess
    that would store mojibake as the authentic text.

    >>> _decode(Path("c.txt"), "Article 1\\n1. «text»".encode())
    'Article 1\\n1. «text»'
    >>> _decode(Path("c.txt"), b"Article 1\\n1. \\x93text\\x94")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    gapkit.load.convention_text.ConventionImportError: c.txt: not UTF-8 text (a byte at line 2 ...
    """
    declared = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", raw[:4096], re.I)
    encodings = ["utf-8-sig"] + ([declared.group(1).decode("ascii").lower()] if declared else [])
    for enc in encodings:
        try:
            return raw.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    bad = raw.decode("utf-8", errors="replace")
    line = bad[: bad.find("\ufffd")].count("\n") + 1
    raise ConventionImportError(f"{path}: not UTF-8 text (a byte at line {line} is not UTF-8; the file was probably "
                                "saved in a Windows encoding): save it as UTF-8 and import it again")


# ---- what the text says it is --------------------------------------------------------------------------------

_LANG_NAMES = {"en": "English", "ru": "Russian", "kk": "Kazakh"}
_KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def text_language(lines: list[str]) -> tuple[str | None, str]:
    """The language a text is in by its letters (Latin: English; Cyrillic: Russian, or Kazakh where its own letters
    are more than one in a hundred), with the share that says so; (None, '') for a text without letters.

    >>> text_language(["Article 1", "Each Member shall maintain a system of labour inspection."])
    ('en', '100% of its letters are Latin')
    >>> text_language(["Статья 1", "Каждый член Организации имеет систему инспекции труда."])[0]
    'ru'
    >>> text_language(["1-бап", "Ұйымның әрбір мүшесі еңбек инспекциясының жүйесін қамтамасыз етеді."])[0]
    'kk'
    """
    latin = cyrillic = kazakh = 0
    for line in lines:
        for ch in line:
            if ("a" <= ch <= "z") or ("A" <= ch <= "Z"):
                latin += 1
            elif "\u0400" <= ch <= "\u04ff":
                cyrillic += 1
                kazakh += ch in _KAZAKH_LETTERS
    if not latin + cyrillic:
        return None, ""
    if latin >= cyrillic:
        return "en", f"{100 * latin // (latin + cyrillic)}% of its letters are Latin"
    if kazakh * 100 > cyrillic:
        return "kk", f"{100 * cyrillic // (latin + cyrillic)}% of its letters are Cyrillic, with the letters of Kazakh"
    return "ru", f"{100 * cyrillic // (latin + cyrillic)}% of its letters are Cyrillic, none of them Kazakh letters"


@dataclass(frozen=True)
class Said:
    """What a Convention's text says it is: the number in its title, and the name and year it "may be cited as"."""

    numbers: tuple[int, ...] = ()
    cited: str = ""  # Labour Inspection (Agriculture) Convention
    year: int | None = None

    def __str__(self) -> str:
        if self.numbers:
            return f"Convention No. {self.numbers[0]}"
        return f"the {self.cited}, {self.year}" if self.cited else f"a text of {self.year}"


_NUMBER_LINE = re.compile(r"Convention|Конвенци|^C\d{3}\b", re.I)
_NUMBER = re.compile(r"^C(\d{3})\b|(?:\bNo\.?|№|\bNr\.?)\s*(\d{1,3})\b")
_CITED_EN = re.compile(r"may be cited as (?:the )?(.{3,200}?),?\s+((?:1[89]|20)\d\d)\b", re.I)
_CITED_RU = re.compile(r"может именоваться\s+(.{0,200}?)\b((?:1[89]|20)\d\d)\s+года", re.I)
_CITED_KK = re.compile(r"((?:1[89]|20)\d\d)\s+жылғы\s+(.{3,200}?)\s+деп\s+атал", re.I)


def what_it_says(lines: list[str]) -> Said:
    """What the title and the preamble (the lines before the first Part or Article) say the text is.

    >>> what_it_says(["C081 - Labour Inspection Convention, 1947 (No. 81)", "Article 1"]).numbers
    (81,)
    >>> str(what_it_says(["Convention concerning labour inspection in agriculture", "The General Conference ... "
    ...                   "adopts ... the following Convention, which may be cited as the Labour Inspection "
    ...                   "(Agriculture) Convention, 1969:", "Article 1"]))
    'the Labour Inspection (Agriculture) Convention, 1969'
    """
    numbers: list[int] = []
    cited, year = "", None
    preamble = False
    for raw in lines:
        line = _clean(raw)
        if _ARTICLE.match(line) or _PART.match(line):
            break
        preamble = preamble or bool(_PREAMBLE_START.match(line))
        if _NUMBER_LINE.search(line) and not preamble:  # the title: the preamble names other Conventions too
            numbers += [int(m.group(1) or m.group(2)) for m in _NUMBER.finditer(line) if int(m.group(1) or m.group(2))]
        m = _CITED_EN.search(line) or _CITED_RU.search(line)
        if m and year is None:
            cited, year = m.group(1).strip(" ,"), int(m.group(2))
        k = _CITED_KK.search(line)
        if k and year is None:
            cited, year = k.group(2).strip(" ,"), int(k.group(1))
    return Said(tuple(dict.fromkeys(numbers)), cited, year)


def _name(title: str) -> str:
    """A Convention's name without its year and number: 'Labour Inspection Convention, 1947 (No. 81)' -> 'labour
    inspection convention'."""
    s = re.sub(r",?\s*(?:(?:1[89]|20)\d\d)?\s*\((?:No\.|№)\s*\d+\)\s*$", "", title)
    s = re.sub(r",\s*(?:1[89]|20)\d\d\s*$", "", s)
    return " ".join(re.sub(r"[^\w\s]", " ", s.casefold()).split())


def _fits(said: Said, inst: Instrument) -> bool:
    """Whether what the text says fits the catalogue ``inst``: its number, else its year and English name."""
    if said.numbers:
        return inst.number in said.numbers
    if said.year is not None and inst.year is not None and said.year != inst.year:
        return False
    if said.cited and re.search(r"[a-z]", said.cited, re.I) and inst.title.get("en"):
        return _name(said.cited) == _name(inst.title["en"]) or said.year == inst.year
    return True


def check_instrument(said: Said, inst: Instrument, catalogues: list[Instrument]) -> str:
    """Why the text is not that of ``inst`` ('' when nothing it says speaks against it), naming the catalogue of
    ``catalogues`` it is, when one fits.

    >>> c081 = Instrument("C081", "convention", number=81, year=1947,
    ...                   title={"en": "Labour Inspection Convention, 1947 (No. 81)"})
    >>> c129 = Instrument("C129", "convention", number=129, year=1969,
    ...                   title={"en": "Labour Inspection (Agriculture) Convention, 1969 (No. 129)"})
    >>> print(check_instrument(Said(cited="Labour Inspection (Agriculture) Convention", year=1969), c081,
    ...                        [c081, c129]))  # doctest: +NORMALIZE_WHITESPACE
    it is the Labour Inspection (Agriculture) Convention, 1969, C129 in the workspace (Labour Inspection
    (Agriculture) Convention, 1969 (No. 129)): import it with --instrument C129
    >>> check_instrument(Said(numbers=(81,)), c081, [c081, c129])
    ''
    """
    if _fits(said, inst):
        return ""
    hits = [c for c in catalogues if c.code != inst.code and _fits(said, c)]
    if said.cited and len(hits) > 1:
        hits = [c for c in hits if c.title.get("en") and _name(said.cited) == _name(c.title["en"])] or hits
    like = hits[0] if len(hits) == 1 else None
    tail = (f", {like.code} in the workspace ({like.title.get('en') or like.code}): import it with --instrument "
            f"{like.code}" if like is not None else "")
    return f"it is {said}{tail}"


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
            out.start(current, f"Article {article}", no)
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
            out.start(current, f"paragraph {para} of Article {article}", no)
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
    with locked(path.with_name(f".{path.name}.lock")):  # two imports of the same text: one after the other
        write_atomic(path, "# Authentic text imported with `gapkit import convention`; shown beside our wording.\n"
                     + dump_yaml(data))
    report.path = str(path)
    return path


def import_convention(root: Path, inst: Instrument, source: Path, lang: str,
                      catalogues: list[Instrument]) -> ImportReport:
    """Read ``source``, check that it is the text of ``inst`` in ``lang``, place it on ``inst``'s clauses, write the
    authentic-text file. ``catalogues``: the Conventions of the workspace, to say which one a wrong text is.

    Raises :class:`ConventionImportError`, and writes nothing, for a file that cannot be read, that is another
    Convention's text or in another language, or that numbers an article or a paragraph twice."""
    lines = read_lines(source)
    found, share = text_language(lines)
    if found is not None and found != lang:
        raise ConventionImportError(f"{source}: the text is in {_LANG_NAMES[found]} ({share}), "
                                    f"but --lang {lang} was given")
    said = what_it_says(lines)
    why = check_instrument(said, inst, catalogues)
    if why:
        title = inst.title.get("en") or inst.code
        raise ConventionImportError(f"{source}: not the text of {inst.code} ({title}): {why}")
    parsed = parse_text(lines, inst.code)
    if parsed.repeated:
        first = parsed.repeated[0]
        raise ConventionImportError(f"{source}: line {first.line}: {first.reason}; a text numbers each article "
                                    "and paragraph once: correct the file")
    if not parsed.texts:
        raise ConventionImportError(f"{source}: no article of a Convention found (is this the text of {inst.code}?)")
    report = place(parsed, inst, lang)
    if not report.placed:
        raise ConventionImportError(f"{source}: nothing in it matches the catalogue of {inst.code}")
    save(root, report, source, parsed.title)
    return report
