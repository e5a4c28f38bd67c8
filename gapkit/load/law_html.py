"""An adilet.zan.kz page saved from the browser, as lines of text.

A saved page holds the act and the site around it (menus, search, footer). Every block element
(``<p>``, ``<h1>``–``<h6>``, ``<div>``, ``<li>`` …) gives one line; the act's text is the smallest
element that holds all its article headings, and lines outside it are reported as page
furniture (not silently dropped), except the act's title and requisites, which sit above the text.
"""

from __future__ import annotations

from html.parser import HTMLParser

from gapkit.load.law_patterns import match_article, requisites
from gapkit.load.law_read import SourceDoc, SourceLine

_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "td", "th", "tr",
           "table", "section", "article", "main", "pre", "dd", "dt", "dl", "center", "body", "form"}
_VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "track", "wbr"}
_INVISIBLE = {"script", "style", "noscript", "template", "svg", "head"}
_FURNITURE = {"nav", "header", "footer", "aside", "menu", "button", "select", "form"}


class _Blocks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, int]] = []  # open elements (tag, serial)
        self.serial = 0
        self.rows: list[tuple[SourceLine, tuple[int, ...]]] = []  # line, serials of the block's ancestors
        self.title = ""
        self._buf: list[str] = []
        self._line = 0
        self._in_title = False

    # -- element bookkeeping
    def _inside(self, tags: set[str]) -> bool:
        return any(t in tags for t, _ in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if tag == "br":
            self._flush()
            return
        if tag in _VOID:
            return
        if tag in _BLOCKS or tag in _INVISIBLE or tag in _FURNITURE:
            self._flush()
        if tag == "p" and self.stack and self.stack[-1][0] == "p":  # <p> closes an open <p>
            self.stack.pop()
        self.serial += 1
        self.stack.append((tag, self.serial))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in _BLOCKS or tag in _INVISIBLE or tag in _FURNITURE:
            self._flush()
        for i in range(len(self.stack) - 1, -1, -1):  # tolerate unclosed inner elements
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
            return
        if self._inside(_INVISIBLE):
            return
        if not self._buf:
            self._line = self.getpos()[0]
        self._buf.append(data)

    def _flush(self) -> None:
        raw = "".join(self._buf)
        self._buf = []
        text = " ".join(raw.split())
        if not text:
            return
        lead = raw[: len(raw) - len(raw.lstrip())]
        level = next((int(t[1]) for t, _ in reversed(self.stack) if t in ("h1", "h2", "h3", "h4", "h5", "h6")), 0)
        quote = self._inside({"blockquote"})
        skip = "page furniture (navigation, header or footer of the page)" if self._inside(_FURNITURE) else ""
        # the block's own element is the innermost block on the stack; its ancestors place the line
        ancestors = tuple(s for t, s in self.stack if t in _BLOCKS)
        line = SourceLine(self._line, text, lead.count("\u00a0"), heading=level, quote=quote, skip=skip)
        self.rows.append((line, ancestors[:-1] if ancestors else ()))

    def close(self) -> None:
        super().close()
        self._flush()


def read_html(text: str, encoding: str = "utf-8") -> SourceDoc:
    p = _Blocks()
    p.feed(text)
    p.close()
    rows = p.rows
    articles = [anc for line, anc in rows if not line.skip and match_article(line.text)]
    if articles:
        common = articles[0]
        for anc in articles[1:]:
            n = 0
            while n < min(len(common), len(anc)) and common[n] == anc[n]:
                n += 1
            common = common[:n]
        kept: list[SourceLine] = []
        for line, anc in rows:
            inside = anc[: len(common)] == common
            if not inside and not line.skip and not (line.heading == 1 or requisites(line.text)):
                line = SourceLine(line.no, line.text, line.indent, line.heading,
                                  skip="page furniture (outside the act's text)")
            kept.append(line)
        lines = kept
    else:
        lines = [line for line, _ in rows]
    return SourceDoc("html", lines, title=" ".join(p.title.split()), encoding=encoding)
