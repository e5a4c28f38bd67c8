"""Lines of a national act -> its tree of clauses (part -> section -> chapter -> параграф -> article ->
пункт -> подпункт).

Ids follow the act's own numbering through :class:`~gapkit.citations.Citation`: ``KZ-LC:191``,
``KZ-LC:191(5)``, ``KZ-LC:193(1)(2)``, ``KZ-EC:144(8-1)``; a подпункт directly under an article
without numbered пункты is ``KZ-LC:192(1)``; a code's Общая / Особенная часть is ``part-general`` /
``part-special``, sections and chapters are ``section-5`` and ``chapter-21``, a chapter's параграф
``chapter-9-paragraph-2``; each division names the one it sits in, and each article the innermost
division, in ``parent``. An article's own notes («Примечания.», law) are ``KZ-AOC:91(note)`` and
``KZ-AOC:91(note)(1)``; what the database's editors add beside the law (Constitutional Court rulings,
«Примечание!») is kept as the clause's ``annotations``, never as its text.

Where an unnumbered line belongs is decided as Markdown decides list content: by the column the
text of each open item starts at. The line continues the deepest open item whose text starts at
or before the line's indent, else the item just above it; before any item it is the article's
own text. A line that continues an item after that item's own sub-items have begun is its
``wrap_up`` (the text that follows its list), and so is a list whose numbering starts again after
such a line (ids cannot tell two lists "1) 2) 3)" of one пункт apart; the wording is kept whole).
A line that fits nowhere is returned as :class:`Unplaced` with the reason; lines that are known not
to be provisions (navigation, the signature, a table of contents) are returned as ``ignored`` with
the reason, so nothing disappears without a word.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from gapkit.citations import Citation
from gapkit.load.law_notes import excluding_act, parse_note
from gapkit.load.law_patterns import (
    ARTICLE_NOTES,
    EDITORIAL,
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
from gapkit.model import Annotation, Clause


@dataclass(frozen=True)
class Unplaced:
    """A line of the source the importer could not (or chose not to) put in the tree, and why."""

    line_no: int
    text: str
    reason: str
    file: str = ""  # the file it is in, when the act was read from several

    def as_dict(self) -> dict[str, object]:
        d: dict[str, object] = {"line": self.line_no, "text": self.text, "reason": self.reason}
        if self.file:
            d["file"] = self.file
        return d

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line_no}" if self.file else f"line {self.line_no}"


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
    wrap: bool = False  # an item of a list that restarts its numbering: its lines go to cid's wrap-up


class _Builder:
    def __init__(self, code: str, lang: str, fmt: str, parents: dict[str, str] | None = None) -> None:
        self.code, self.lang = code, lang
        self.parents = parents or {}  # article -> its division, as the workspace already knows it
        self.last_article: str | None = None
        self.act = ParsedAct(code, lang, fmt)
        self.texts: dict[str, list[str]] = {}
        self.wraps: dict[str, list[str]] = {}  # text after a clause's sub-items (its wrap-up)
        self.first: dict[str, SourceLine] = {}
        self.with_items: set[str] = set()
        self.part: str | None = None
        self.section: str | None = None
        self.chapter: str | None = None
        self.chapter_paragraph: str | None = None  # the open параграф of the chapter
        self.untitled: str | None = None  # a division whose heading gave no title: the next heading line is it
        self.pending: list[SourceLine] = []  # editorial notes between an anchor and its article's heading
        self.notes_of: str | None = None  # the open notes (примечания) of the article: KZ-AOC:91(note)
        self.alternate: Annotation | None = None  # an editorial note that announces a wording to come
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
        self.act.unplaced.append(Unplaced(ln.no, ln.text, reason, ln.file))

    def ignore(self, ln: SourceLine, reason: str) -> None:
        self.act.ignored.append(Unplaced(ln.no, ln.text, reason, ln.file))

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
        if self.alternate is not None:
            note, self.alternate = self.alternate, None
            if ln.indent > 0 and not ln.anchor and not match_article(ln.text):
                note.text += "\n" + ln.text  # the wording a later edition gives the item: the editors' note, not law
                return
        if ln.anchor:
            if self.anchor is not None:
                self.unplaced(self.anchor, "anchor not followed by its article heading")
            self._flush_pending()
            self.anchor = ln
            return
        t = ln.text
        if self.in_toc and self._toc(ln):
            return
        art = match_article(t)
        if self.anchor is not None and art is None and self._editorial(ln):
            self.pending.append(ln)  # "**Примечание. См. …**" between the anchor and "### Статья 4": its article's
            return
        if self.anchor is not None:
            if art is None or art[0] != norm_num(self.anchor.anchor):
                self.unplaced(self.anchor, f"anchor st{self.anchor.anchor} is not followed by the heading of "
                                           f"its article (Статья {self.anchor.anchor} / {self.anchor.anchor}-бап)")
                self._flush_pending()
            self.anchor = None
        if art:
            self.start_article(ln, art[0], art[1])
            return
        div = match_division(t, ln.heading > 0)
        if div:
            self.start_division(ln, *div)
            return
        if self.untitled is not None:
            untitled, self.untitled = self.untitled, None
            if ln.heading and not NOTE.match(t):  # "## Раздел I." then "## Общие положения": its title
                self.act.clauses[untitled].heading = {self.lang: t}
                return
        if not self.skip and self._editorial(ln):
            if self.article is not None:
                self.annotate(ln)
            elif self.note_target is not None and not self.note_unplaced:
                self.act.clauses[self.note_target].annotations.append(Annotation(ln.text, self.lang))
            else:
                self.ignore(ln, "editorial note on the whole act (an act file has no field for it)")
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
            m = ARTICLE_NOTES.match(t)
            if m and not ln.italic and not ln.quote:
                self.start_notes(ln, m.group(1).strip())
                return
            for level, rx in ((1, PARAGRAPH), (2, SUBPARAGRAPH)):
                m = rx.match(t)
                if m:
                    first = (norm_num(m.group(1)), m.group(2).strip())
                    for num, body in _inline_items(*first) if level == 2 else [first]:
                        self.add_item(ln, level, num, body)
                    return
        self.add_text(ln, nxt)

    def _editorial(self, ln: SourceLine) -> bool:
        """A line the database's editors added beside the law (see :data:`EDITORIAL`); inside an article an
        italic line that is neither an excluded item nor an amendment note is one too."""
        if NOTE.match(ln.text):
            return False
        if EDITORIAL.match(ln.text) or (ln.italic and ARTICLE_NOTES.match(ln.text)):
            return True
        return ln.italic and self.article is not None and not EXCLUDED_TEXT.match(ln.text) and \
            not PARAGRAPH.match(ln.text) and not SUBPARAGRAPH.match(ln.text)

    def annotate(self, ln: SourceLine, target: str | None = None) -> None:
        """Keep an editorial note on the item it stands under (its article, or the open item it is indented in)."""
        assert self.article is not None
        cid = target or (self._continuation(ln.indent)[0] if self.act.format == "markdown" and ln.indent > 0
                         else self.article.id)
        note = Annotation(ln.text, self.lang)
        self.act.clauses[cid or self.article.id].annotations.append(note)
        # "… положения пункта 2 применяются в следующей редакции:" — the wording that follows is the note's
        self.alternate = note if ln.text.rstrip().endswith(":") and target is None else None

    def _flush_pending(self) -> None:
        """Editorial notes held for an article whose heading did not come: reported, not lost."""
        for ln in self.pending:
            self.unplaced(ln, "editorial note after an anchor whose article heading did not follow")
        self.pending = []

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
                        parent=self.chapter_paragraph or self.chapter or self.section or self.part, line=ln.no)
        if title and EXCLUDED_TEXT.match(title):  # "Статья 197. Исключена Законом РК от ..."
            clause.kind, clause.excluded_by, clause.heading = "excluded", excluding_act(title, self.lang), {}
            self.texts[cid] = [title]
        self.act.clauses[cid] = clause
        self.first[cid] = ln
        self.last_article = cid
        self.article, self.paragraph, self.open, self.notes_of = clause, None, [], None
        self.skip, self.note_unplaced, self.duplicate_paragraph, self.started = "", "", False, True
        for p in self.pending:
            self.annotate(p, cid)
        self.pending = []

    def start_division(self, ln: SourceLine, kind: str, num: str, title: str) -> None:
        self._close_article()
        self._flush_pending()
        self.skip = ""
        self.started = True
        if kind == "paragraph" and self.chapter is None and self.last_article:
            # a range of articles that starts inside a chapter: the workspace knows the chapter of the last article
            known = self.parents.get(self.last_article, "")
            chapter = known.partition("-paragraph-")[0] if ":chapter-" in known else ""
            if chapter:
                self.chapter = chapter
        if kind == "paragraph":
            if self.chapter is None:
                self.unplaced(ln, f"параграф {num} outside any chapter: its id names its chapter, and none is open "
                                  "(import the file that holds the chapter's heading, or the whole act)")
                self.note_unplaced = "note on the параграф heading above, which is not placed"
                return
            head = f"{Citation.parse(self.chapter).head}-paragraph-{num}"
        elif kind == "part":
            head = f"part-{num}"
        else:
            head = f"{kind}-{num}"
        cit = Citation(self.code, head)
        if not Citation.is_valid(str(cit)):
            self.unplaced(ln, f"{kind} number {num!r} does not fit a canonical id")
            self.note_unplaced = "note on the heading above, which is not placed"
            return
        cid = str(cit)
        parent = {"part": None, "section": self.part, "chapter": self.section or self.part,
                  "paragraph": self.chapter}[kind]
        if cid not in self.act.clauses:
            self.act.clauses[cid] = Clause(id=cid, kind="container", heading={self.lang: title} if title else {},
                                           parent=parent, line=ln.no)
            self.first[cid] = ln
        if kind == "part":
            self.part, self.section, self.chapter, self.chapter_paragraph = cid, None, None, None
        elif kind == "section":
            self.section, self.chapter, self.chapter_paragraph = cid, None, None
        elif kind == "chapter":
            self.chapter, self.chapter_paragraph = cid, None
        else:
            self.chapter_paragraph = cid
        self.untitled = cid if not title and not self.act.clauses[cid].heading else None
        self.note_target, self.note_unplaced = cid, ""

    def _close_article(self) -> None:
        art = self.article
        if art is not None and art.kind != "excluded" and art.id in self.with_items:
            art.kind = "container"  # its content sits in its пункты; its own lines stay its text
        if self.notes_of is not None and self.notes_of in self.with_items:
            self.act.clauses[self.notes_of].kind = "container"
        self.article, self.notes_of = None, None

    def start_notes(self, ln: SourceLine, body: str) -> None:
        """«Примечания.» (numbered notes follow) or «Примечание. Для целей …» (one note): the article's notes."""
        art = self.article
        assert art is not None
        cid = str(Citation(self.code, Citation.parse(art.id).head, ("note",)))
        if cid in self.act.clauses:
            self.unplaced(ln, f"a second set of notes in Article {Citation.parse(art.id).head} "
                              f"(first at line {self.first[cid].no})")
            self.open = [_Open(None, ln.indent, 1)]
            return
        self.act.clauses[cid] = Clause(id=cid, heading={self.lang: ln.text.split(".")[0].strip()}, line=ln.no)
        self.first[cid] = ln
        if body:
            self.texts[cid] = [body]
        self.with_items.add(art.id)
        self.notes_of, self.paragraph, self.duplicate_paragraph = cid, None, False
        self.open = [_Open(cid, ln.indent + len(ln.text) - len(body) if body else ln.indent, 0)]

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
        base: tuple[str, ...] = ("note",) if self.notes_of is not None else ()
        subs = (*base, num) if level == 1 or not self.paragraph else (*base, self.paragraph, num)
        cid = str(Citation(self.code, head, subs))
        wrap = self._restarted_list(cid, level)
        if wrap is not None:  # "для соискателей: 1) … 2) …" after "для работодателей: 1) … 5) …"
            self.wraps.setdefault(wrap, []).append(ln.text)
            self.open = [o for o in self.open if o.level < level] + [_Open(wrap, content, level, wrap=True)]
            return
        if cid in self.act.clauses:
            label = f"{num}." if level == 1 else f"{num})"
            self.unplaced(ln, f"item {label} appears twice in Article {head} (first at line {self.first[cid].no}); "
                              "the first is kept")
            if level == 1:
                self.paragraph, self.duplicate_paragraph = None, True
            self.open = [o for o in self.open if o.level < level] + [_Open(None, content, level)]
            return
        clause = Clause(id=cid, line=ln.no)
        if level == 2 and len(subs) == 1:  # a подпункт "1)" right under its article: its depth reads as a пункт
            clause.label = f"{num})"
        if EXCLUDED_TEXT.match(body):
            clause.kind, clause.excluded_by = "excluded", excluding_act(body, self.lang)
        self.act.clauses[cid] = clause
        self.first[cid] = ln
        self.texts[cid] = [body]
        self.with_items.add(art.id)
        parent_id = str(Citation.parse(cid).parent())
        if parent_id != art.id:
            self.with_items.add(parent_id)
        if level == 1:
            self.paragraph, self.duplicate_paragraph = num, False
            self.open = [o for o in self.open if o.level < 1] + [_Open(cid, content, 1)]
        else:
            self.open = [o for o in self.open if o.level < 2] + [_Open(cid, content, 2)]

    def _restarted_list(self, cid: str, level: int) -> str | None:
        """The item whose wrap-up a numbered line belongs to, when it repeats a number of a list that its
        parent's wrap-up has begun after (the numbering restarts after an unnumbered lead-in); else None."""
        if cid not in self.act.clauses:
            return None
        parent = str(Citation.parse(cid).parent())
        if self.wraps.get(parent) and any(o.cid == parent for o in self.open):
            return parent
        return None

    def _continuation(self, indent: int) -> tuple[str | None, bool]:
        """The item an unnumbered line at ``indent`` continues, and whether the line is that item's wrap-up
        (it comes after the item's own sub-items); see the module's docstring."""
        assert self.article is not None
        if not self.open:
            return self.article.id, False
        for i in range(len(self.open) - 1, -1, -1):
            o = self.open[i]
            if o.content <= indent:
                return o.cid, o.wrap or i < len(self.open) - 1
        o = self.open[-1]  # the mirror does not indent every continuation ("влечет штраф …" under a часть)
        return o.cid, o.wrap

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
            return self._continuation(ln.indent)[0]
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
        if ln.italic and (self.started or self.article is not None):
            self.unplaced(ln, "italic line that is neither an excluded item nor a note")
            return
        if self.article is not None:
            target, wrap = self._continuation(ln.indent)
            if target is None:
                self.unplaced(ln, "continues an item that could not be placed")
            else:
                (self.wraps if wrap else self.texts).setdefault(target, []).append(ln.text)
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
        self._flush_pending()
        if self.anchor is not None:
            self.unplaced(self.anchor, "anchor at the end of the file without an article heading")
        for cid, parts in self.texts.items():
            if cid in self.act.clauses:
                self.act.clauses[cid].authentic[self.lang] = "\n".join(parts)
        for cid, parts in self.wraps.items():
            if cid in self.act.clauses:
                self.act.clauses[cid].wrap_up[self.lang] = "\n".join(parts)


def _inline_items(num: str, body: str) -> list[tuple[str, str]]:
    """A подпункт line that runs on into the next one ("2) удостоверение; 3) разрешение …", as the source sometimes
    prints them): each item on its own, the next only where its number follows in sequence.

    >>> _inline_items("2", "служебное удостоверение; 3) при необходимости – разрешение;")
    [('2', 'служебное удостоверение;'), ('3', 'при необходимости – разрешение;')]
    >>> _inline_items("2", "сроки, указанные в подпункте 3) пункта 1;")
    [('2', 'сроки, указанные в подпункте 3) пункта 1;')]
    """
    if not num.isdigit():
        return [(num, body)]
    m = re.search(rf";\s+({int(num) + 1})\)\s+", body)
    if not m:
        return [(num, body)]
    return [(num, body[:m.start() + 1].strip()), *_inline_items(m.group(1), body[m.end():].strip())]


def detect_lang(lines: list[SourceLine]) -> str | None:
    """'ru' or 'kk' from the article headings ("Статья 191." / "191-бап."), None when there are none."""
    votes = Counter(m[2] for ln in lines if not ln.skip and (m := match_article(ln.text)))
    return votes.most_common(1)[0][0] if votes else None


def build_tree(doc: SourceDoc, code: str, lang: str | None = None, name: str = "the file",
               parents: dict[str, str] | None = None) -> ParsedAct:
    """The clause tree of ``doc``; raises :class:`LawImportError` when it holds no article at all.

    ``parents`` (article id -> division id) is what the workspace already knows of the act's structure: it places
    a параграф heading found in a range of articles that starts inside a chapter."""
    found = detect_lang(doc.lines)
    if found is None:
        raise LawImportError(f"{name} has no article headings ('Статья 191. …' or '191-бап. …'): "
                             f"it does not look like the text of an act ({doc.format})")
    if lang and lang != found:
        raise LawImportError(f"{name} is in {'Kazakh' if found == 'kk' else 'Russian'} (its articles are headed "
                             f"{'N-бап' if found == 'kk' else 'Статья N'}), but --lang {lang} was given")
    act = _Builder(code, found, doc.format, parents).run(doc.lines)
    if not act.title and doc.title:
        act.title = doc.title.split(" - ")[0].split(" — ")[0].strip()
    return act
