"""Lines of a national act -> its tree of clauses (section -> chapter -> article -> пункт -> подпункт).

Ids follow the act's own numbering through :class:`~gapkit.citations.Citation`: ``KZ-LC:191``,
``KZ-LC:191(5)``, ``KZ-LC:193(1)(2)``, ``KZ-EC:144(8-1)``; a подпункт directly under an article
without numbered пункты is ``KZ-LC:192(1)``; sections and chapters are ``section-5`` and
``chapter-21``, articles name their chapter in ``parent``.

Where an unnumbered line belongs is decided as Markdown decides list content: by the column the
text of each open item starts at. The line continues the deepest open item whose text starts at
or before the line's indent, else the item just above it; before any item it is the article's
own text. A line that fits nowhere is returned as :class:`Unplaced` with the reason; lines that
are known not to be provisions (navigation, the signature, a table of contents) are returned as
``ignored`` with the reason, so nothing disappears without a word.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from gapkit.citations import Citation
from gapkit.load.law_notes import excluding_act, parse_note
from gapkit.load.law_patterns import (
    EXCLUDED_ARTICLE_KK,
    EXCLUDED_ARTICLE_RU,
    EXCLUDED_TEXT,
    ITEM_NOTE_KK,
    ITEM_NOTE_RU,
    NOTE,
    PARAGRAPH,
    SIGNATURE,
    SUBPARAGRAPH,
    TOC_MARKER,
    match_article,
    match_division,
    norm_num,
    requisites,
)
from gapkit.load.law_read import LawImportError, SourceDoc, SourceLine
from gapkit.model import Clause


@dataclass(frozen=True)
class Unplaced:
    """A line of the source the importer could not (or chose not to) put in the tree, and why."""

    line_no: int
    text: str
    reason: str

    def as_dict(self) -> dict[str, object]:
        return {"line": self.line_no, "text": self.text, "reason": self.reason}


@dataclass
class ParsedAct:
    """What one file of an act holds: its clauses in document order and what could not be placed."""

    code: str
    lang: str
    format: str = ""
    clauses: dict[str, Clause] = field(default_factory=dict)
    title: str = ""
    act_number: str = ""
    date: str = ""
    notes: int = 0  # amendment notes placed on clauses
    unplaced: list[Unplaced] = field(default_factory=list)
    ignored: list[Unplaced] = field(default_factory=list)

    def articles(self) -> list[Clause]:
        return [c for c in self.clauses.values() if _is_article(c.id)]

    @property
    def provisions(self) -> int:
        """Numbered items, and articles that hold their text themselves (no numbered items)."""
        return sum(1 for c in self.clauses.values() if c.kind not in ("excluded", "container", "preamble")
                   and Citation.parse(c.id).is_article)

    @property
    def excluded(self) -> int:
        return sum(1 for c in self.clauses.values() if c.kind == "excluded")


def _is_article(cid: str) -> bool:
    c = Citation.parse(cid)
    return c.is_article and not c.subs


@dataclass
class _Open:
    cid: str | None  # None: an item that could not be placed; its continuation lines are not placed either
    content: int  # the column its text starts at
    level: int  # 1 пункт, 2 подпункт


class _Builder:
    def __init__(self, code: str, lang: str, fmt: str) -> None:
        self.code, self.lang = code, lang
        self.act = ParsedAct(code, lang, fmt)
        self.texts: dict[str, list[str]] = {}
        self.first: dict[str, SourceLine] = {}
        self.with_items: set[str] = set()
        self.section: str | None = None
        self.chapter: str | None = None
        self.article: Clause | None = None
        self.paragraph: str | None = None  # number of the open пункт
        self.duplicate_paragraph = False
        self.open: list[_Open] = []
        self.note_target: str | None = None  # the division a note before the first article belongs to
        self.note_unplaced = ""  # set when that division could not be placed: why its notes are not either
        self.skip = ""  # set inside a part that cannot be placed: why its lines are not
        self.anchor: SourceLine | None = None
        self.started = False  # a section, chapter or article has begun: no more title or preamble
        self.in_toc = False
        self.toc_first = ""
        self.signature = False

    # ---- reporting
    def unplaced(self, ln: SourceLine, reason: str) -> None:
        self.act.unplaced.append(Unplaced(ln.no, ln.text, reason))

    def ignore(self, ln: SourceLine, reason: str) -> None:
        self.act.ignored.append(Unplaced(ln.no, ln.text, reason))

    # ---- the walk
    def run(self, lines: list[SourceLine]) -> ParsedAct:
        for i, ln in enumerate(lines):
            self.feed(ln, lines[i + 1] if i + 1 < len(lines) else None)
        self.finish()
        return self.act

    def feed(self, ln: SourceLine, nxt: SourceLine | None) -> None:
        if ln.skip:
            self.ignore(ln, ln.skip)
            return
        if ln.anchor:
            if self.anchor is not None:
                self.unplaced(self.anchor, "anchor not followed by its article heading")
            self.anchor = ln
            return
        t = ln.text
        if self.in_toc and self._toc(ln):
            return
        art = match_article(t)
        if self.anchor is not None:
            if art is None or art[0] != norm_num(self.anchor.anchor):
                self.unplaced(self.anchor, f"anchor st{self.anchor.anchor} is not followed by the heading of "
                                           f"its article (Статья {self.anchor.anchor} / {self.anchor.anchor}-бап)")
            self.anchor = None
        if art:
            self.start_article(ln, art[0], art[1])
            return
        div = match_division(t, ln.heading > 0)
        if div:
            self.start_division(ln, *div)
            return
        if SIGNATURE.match(t) or (self.signature and len(t.split()) <= 5 and not any(ch.isdigit() for ch in t)):
            self.signature = True
            self.ignore(ln, "signature of the act")
            return
        if not self.started and TOC_MARKER.match(t):
            self.in_toc = True
            self.ignore(ln, "table of contents")
            return
        if NOTE.match(t):
            self.add_note(ln, t)
            return
        if ln.heading and self.started and not self.skip:  # marked as a heading, yet none we know
            self.unplaced(ln, "heading not recognised (not an article, section or chapter)")
            return
        if self.article is not None and not self.skip:
            for level, rx in ((1, PARAGRAPH), (2, SUBPARAGRAPH)):
                m = rx.match(t)
                if m:
                    self.add_item(ln, level, norm_num(m.group(1)), m.group(2).strip())
                    return
        self.add_text(ln, nxt)

    def _toc(self, ln: SourceLine) -> bool:
        """In a table of contents: True when the line is one of its entries (reported as ignored)."""
        key = " ".join(ln.text.lower().split())
        heading_like = match_article(ln.text) or match_division(ln.text, True)
        if key == self.toc_first or not heading_like:  # the text proper starts again with the first entry
            self.in_toc = False
            return False
        self.toc_first = self.toc_first or key
        self.ignore(ln, "table of contents")
        return True

    # ---- structure
    def start_article(self, ln: SourceLine, num: str, title: str) -> None:
        self._close_article()
        cid = str(Citation(self.code, num))
        if cid in self.act.clauses:
            prev = self.act.clauses[cid]
            if self._empty(prev):  # a heading with nothing under it, repeated: a table of contents entry
                del self.act.clauses[cid]
                self.ignore(self.first[cid], "table of contents entry (the article's text follows later)")
            else:
                self.unplaced(ln, f"Article {num} appears a second time (first at line {self.first[cid].no}); "
                                  "this copy is not imported")
                self.skip = f"inside the second copy of Article {num} (line {ln.no})"
                self.started = True
                return
        clause = Clause(id=cid, heading={self.lang: title} if title else {},
                        parent=self.chapter or self.section, line=ln.no)
        if title and EXCLUDED_TEXT.match(title):  # "Статья 197. Исключена Законом РК от ..."
            clause.kind, clause.excluded_by, clause.heading = "excluded", excluding_act(title, self.lang), {}
            self.texts[cid] = [title]
        self.act.clauses[cid] = clause
        self.first[cid] = ln
        self.article, self.paragraph, self.open = clause, None, []
        self.skip, self.note_unplaced, self.duplicate_paragraph, self.started = "", "", False, True

    def start_division(self, ln: SourceLine, kind: str, num: str, title: str) -> None:
        self._close_article()
        self.skip = ""
        if kind == "part":
            self.unplaced(ln, "a part of the code (Общая/Особенная часть): canonical ids have no form for it; "
                              "its sections and articles are imported")
            self.note_unplaced = "note on the part heading above, which is not placed"
            return
        self.started = True
        if kind == "paragraph":
            self.unplaced(ln, f"параграф {num} of a chapter: canonical ids have no form for a chapter's параграф; "
                              "the articles under it are imported with the chapter as parent")
            self.note_unplaced = "note on the параграф heading above, which is not placed"
            return
        cit = Citation(self.code, f"{kind}-{num}")
        if not Citation.is_valid(str(cit)):
            self.unplaced(ln, f"{kind} number {num!r} does not fit a canonical id")
            self.note_unplaced = "note on the heading above, which is not placed"
            return
        cid = str(cit)
        if cid not in self.act.clauses:
            self.act.clauses[cid] = Clause(id=cid, kind="container", heading={self.lang: title} if title else {},
                                           parent=self.section if kind == "chapter" else None, line=ln.no)
            self.first[cid] = ln
        if kind == "section":
            self.section, self.chapter = cid, None
        else:
            self.chapter = cid
        self.note_target, self.note_unplaced = cid, ""

    def _close_article(self) -> None:
        art = self.article
        if art is not None and art.kind != "excluded" and art.id in self.with_items:
            art.kind = "container"  # its content sits in its пункты; its own lines stay its text
        self.article = None

    def _empty(self, c: Clause) -> bool:
        return c.kind != "excluded" and not self.texts.get(c.id) and c.id not in self.with_items and not c.amendments

    # ---- content
    def add_item(self, ln: SourceLine, level: int, num: str, body: str) -> None:
        art = self.article
        assert art is not None
        head = Citation.parse(art.id).head
        content = ln.indent + len(ln.text) - len(body)
        if level == 2 and self.duplicate_paragraph:
            self.unplaced(ln, "подпункт of a пункт that could not be placed")
            self.open = [_Open(None, content, 2)]
            return
        subs = (num,) if level == 1 or not self.paragraph else (self.paragraph, num)
        cid = str(Citation(self.code, head, subs))
        if cid in self.act.clauses:
            label = f"{num}." if level == 1 else f"{num})"
            self.unplaced(ln, f"item {label} appears twice in Article {head} (first at line {self.first[cid].no}); "
                              "the first is kept")
            if level == 1:
                self.paragraph, self.duplicate_paragraph = None, True
            self.open = [o for o in self.open if o.level < level] + [_Open(None, content, level)]
            return
        clause = Clause(id=cid, line=ln.no)
        if EXCLUDED_TEXT.match(body):
            clause.kind, clause.excluded_by = "excluded", excluding_act(body, self.lang)
        self.act.clauses[cid] = clause
        self.first[cid] = ln
        self.texts[cid] = [body]
        self.with_items.add(art.id)
        if level == 1:
            self.paragraph, self.duplicate_paragraph = num, False
            self.open = [_Open(cid, content, 1)]
        else:
            self.open = [o for o in self.open if o.level == 1] + [_Open(cid, content, 2)]

    def _continuation(self, indent: int) -> str | None:
        """The item an unnumbered line at ``indent`` continues (see the module's docstring)."""
        assert self.article is not None
        if not self.open:
            return self.article.id
        for o in reversed(self.open):
            if o.content <= indent:
                return o.cid
        return self.open[-1].cid

    def _note_target(self, ln: SourceLine, text: str) -> str | None:
        """A note is on its article, unless it names an open item ("Сноска. Подпункт 68) …") or, in the
        Markdown mirror, is indented under one (its layout nests it there; other formats indent evenly)."""
        assert self.article is not None
        m = ITEM_NOTE_RU.match(text) or ITEM_NOTE_KK.match(text)
        if m:
            num = norm_num(m.group(1))
            for o in reversed(self.open):
                if o.cid is not None and Citation.parse(o.cid).subs[-1] == num:
                    return o.cid
        if self.act.format == "markdown" and ln.indent > 0:
            return self._continuation(ln.indent)
        return self.article.id

    def add_note(self, ln: SourceLine, text: str) -> None:
        if self.skip:
            self.unplaced(ln, self.skip)
            return
        art = self.article
        if art is not None:
            m = EXCLUDED_ARTICLE_RU.search(text) or EXCLUDED_ARTICLE_KK.search(text)
            notes = parse_note(text, self.lang)
            if m and norm_num(m.group(1)) == Citation.parse(art.id).head and art.id not in self.with_items \
                    and not self.texts.get(art.id):
                art.kind = "excluded"
                art.excluded_by = next((a.act for a in notes if a.act), "")
                self.texts[art.id] = [text]  # what the official text shows in the article's place
            target = self._note_target(ln, text)
            if target is None:
                self.unplaced(ln, "note on an item that could not be placed")
                return
            self.act.clauses[target].amendments.extend(notes)
        elif self.note_unplaced:
            self.unplaced(ln, self.note_unplaced)
            return
        elif self.note_target is not None:
            self.act.clauses[self.note_target].amendments.extend(parse_note(text, self.lang))
        else:
            self.ignore(ln, "note on the whole act (an act file has no field for it)")
            return
        self.act.notes += 1

    def add_text(self, ln: SourceLine, nxt: SourceLine | None) -> None:
        if self.skip:
            self.unplaced(ln, self.skip)
            return
        if ln.italic:
            self.unplaced(ln, "italic line that is neither an excluded item nor a note")
            return
        if self.article is not None:
            target = self._continuation(ln.indent)
            if target is None:
                self.unplaced(ln, "continues an item that could not be placed")
            else:
                self.texts.setdefault(target, []).append(ln.text)
            return
        if self.started:
            why = "heading not recognised" if ln.heading else "text between a heading and the first article"
            self.unplaced(ln, why + ": no article to attach it to")
            return
        if PARAGRAPH.match(ln.text) or SUBPARAGRAPH.match(ln.text):
            self.unplaced(ln, "numbered item before the first article")
            return
        preamble = str(Citation(self.code, "preamble"))
        if not self.act.title and preamble not in self.texts and (
                ln.heading == 1 or (nxt is not None and requisites(nxt.text) and not requisites(ln.text))):
            self.act.title = ln.text
            return
        req = requisites(ln.text)
        if req and self.act.title and not self.act.act_number and preamble not in self.texts and len(ln.text) < 200:
            self.act.act_number, self.act.date = req
            return
        if ln.heading:
            self.unplaced(ln, "heading not recognised")
            return
        if preamble not in self.act.clauses:
            self.act.clauses[preamble] = Clause(id=preamble, kind="preamble", line=ln.no)
            self.first[preamble] = ln
        self.texts.setdefault(preamble, []).append(ln.text)

    def finish(self) -> None:
        self._close_article()
        if self.anchor is not None:
            self.unplaced(self.anchor, "anchor at the end of the file without an article heading")
        for cid, parts in self.texts.items():
            if cid in self.act.clauses:
                self.act.clauses[cid].authentic[self.lang] = "\n".join(parts)


def detect_lang(lines: list[SourceLine]) -> str | None:
    """'ru' or 'kk' from the article headings ("Статья 191." / "191-бап."), None when there are none."""
    votes = Counter(m[2] for ln in lines if not ln.skip and (m := match_article(ln.text)))
    return votes.most_common(1)[0][0] if votes else None


def build_tree(doc: SourceDoc, code: str, lang: str | None = None, name: str = "the file") -> ParsedAct:
    """The clause tree of ``doc``; raises :class:`LawImportError` when it holds no article at all."""
    found = detect_lang(doc.lines)
    if found is None:
        raise LawImportError(f"{name} has no article headings ('Статья 191. …' or '191-бап. …'): "
                             f"it does not look like the text of an act ({doc.format})")
    if lang and lang != found:
        raise LawImportError(f"{name} is in {'Kazakh' if found == 'kk' else 'Russian'} (its articles are headed "
                             f"{'N-бап' if found == 'kk' else 'Статья N'}), but --lang {lang} was given")
    act = _Builder(code, found, doc.format).run(doc.lines)
    if not act.title and doc.title:
        act.title = doc.title.split(" - ")[0].split(" — ")[0].strip()
    return act
