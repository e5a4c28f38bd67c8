"""`gapkit import ceacr`: a CEACR comment as NORMLEX shows it, split into points and requests.

The layout read (NORMLEX "Comments" pages, copied as text, Markdown or HTML):

    Observation (CEACR) - adopted 2023, published 112nd ILC session (2024)
    Labour Inspection Convention, 1947 (No. 81) - Kazakhstan (Ratification: 2001)
    Labour Inspection (Agriculture) Convention, 1969 (No. 129) - Kazakhstan (Ratification: 2001)
    <introduction paragraphs>
    **Articles 12 and 16 of Convention No. 81 and Articles 16 and 21 of Convention No. 129. Limitations ...**
    1. Moratorium on labour inspections. <text>
    <paragraphs> ... The Committee once again requests the Government to ...

The country may stand on its own line above the Convention lines instead. A heading may stand on its own
line or open its paragraph ("Article 4 of Convention No. 81. Central authority. The Committee notes ..."),
bold or plain: bold words opening a paragraph are its heading when they make one.

Each article heading (or untitled heading such as "Legislation.") opens a point; a numbered
sub-point under it opens a further point with the heading's articles. Citations are resolved by
:mod:`gapkit.citations` (the Convention is the context when the comment examines one; "the same Code"
is the Code last named, in the paragraph or before it); sentences in which the Committee requests,
urges or asks the Government something become requests. The text goes to ``authentic``: summaries and
requests in our own words are the reviewer's to write. Nothing is guessed silently: every line or
citation that could not be placed is reported; a text that is not a comment (too large, no Committee
speaking in it) is refused whole.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from gapkit.citations import Citation, Named, scan
from gapkit.comments.model import COMMENT_TYPES, CommentId, CommentIdError
from gapkit.errors import GapkitError
from gapkit.workspace import Workspace
from gapkit.yamlio import dump_yaml, locked, write_atomic

# Header lines, as NORMLEX prints them ("112nd" sic: NORMLEX writes ordinals that way).
_CEACR_HEAD_RE = re.compile(
    r"""^(?P<type>Observation|Direct\s+Request)\s*\(CEACR\)\s*[-–—]\s*
        adopted\s+(?P<adopted>\d{4})\s*,\s*
        published\s+(?P<session>\d+)\s*(?:st|nd|rd|th)?\s+ILC\s+session\s*\((?P<published>\d{4})\)""",
    re.VERBOSE | re.IGNORECASE,
)
_CAS_HEAD_RE = re.compile(
    r"""^Individual\s+Case\s*\(CAS\)\s*[-–—]\s*Discussion:\s*(?P<adopted>\d{4})\s*,\s*
        Publication:\s*(?P<session>\d+)\s*(?:st|nd|rd|th)?\s+ILC\s+session\s*\((?P<published>\d{4})\)""",
    re.VERBOSE | re.IGNORECASE,
)
# "<Convention title> - <Country> (Ratification: 2001)", the country left out when it stands on its own line
# above: the Convention itself is found by the citation module.
_CONVENTION_LINE_RE = re.compile(
    r"^(?P<title>.+?)(?:\s*[-–—]\s*(?P<country>[^-–—()]+?))?\s*\(Ratification:\s*\d{4}\)\s*$")
_COUNTRY_MAX_WORDS = 8  # "Bolivia (Plurinational State of)", "United Kingdom of Great Britain and Northern Ireland"
_SUBPOINT_RE = re.compile(r"^(?P<n>\d{1,2})\.\s+(?P<rest>\S.*)$")
# The Committee asking something of the Government: "requests", "once again requests", "firmly urges" ...
_REQUEST_RE = re.compile(
    r"\bthe\s+Committee\b[^.;]{0,80}?\b(?:requests?|urges?|asks?|invites?|encourages?|expects?|calls\s+on)\b"
    r"\s+(?:that\s+)?the\s+Government\b",
    re.IGNORECASE,
)
# What makes a short line a sentence of the text rather than a heading: a verb the Committee's prose uses, or
# the Committee or the Government as its subject. Words that are also nouns in headings ("Annual report",
# "Requests for information") are not in the list.
_VERB_RE = re.compile(r"\b(?:is|are|was|were|has|have|had|urges|asks|recalls|observes|welcomes|regrets|trusts"
                      r"|indicates|considers|refers)\b|\b(?:Committee|Government)\s+(?:\w+\s+){0,2}?"
                      r"(?:notes|requests|expects|reports)\b", re.IGNORECASE)
# The Committee speaking: a text without one such sentence is not a comment of the Committee.
_COMMITTEE_SPEAKS_RE = re.compile(
    r"\bthe\s+Committee\s+(?:\w+\s+){0,3}?(?:notes?|noted|requests?|requested|urges?|urged|asks?|asked|recalls?"
    r"|observes?|welcomes?|regrets?|trusts?|expects?|considers?|refers?|hopes?|invites?|encourages?|reiterates?"
    r"|emphasi[sz]es|takes|took|expressed|called|is|has|had|was)\b",
    re.IGNORECASE,
)
# Words that open a sentence of prose, never a heading: "The Government provided ..." is text.
_PROSE_OPENERS = {"the", "it", "this", "these", "that", "those", "its", "their", "there", "in", "as", "however"}
_REPEAT_RE = re.compile(r"\bbound\s+to\s+repeat\b|\brepeats?\s+its\s+previous\s+comment\b", re.IGNORECASE)
# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = {"no", "nos", "art", "arts", "s", "ss", "para", "paras", "e.g", "i.e", "cf", "p", "pp", "vol"}
_ABBREVIATION_WINDOW = 8  # longer than any of them with its dots
_HEADING_MAX_WORDS = 25
_TITLE_MAX_WORDS = 15
# The markup a copy carries: HTML from the page's source, Markdown from a converter. Bold is kept as ** (it
# marks where an inline heading ends), tags that end a paragraph end one, other tags are dropped.
_BOLD_TAG_RE = re.compile(r"</?(?:b|strong)\b[^>]*>", re.IGNORECASE)
_BREAK_TAG_RE = re.compile(r"<(?:br|/?p|/?div|/?li|/?h[1-6])\b[^>]*>", re.IGNORECASE)
_OTHER_TAG_RE = re.compile(r"</?(?:span|i|em|u|a|font|sup|sub|ul|ol|body|html|section|article)\b[^>]*>",
                           re.IGNORECASE)
_MD_HEADING_RE = re.compile(r"^(?:#{1,6}|>)\s+")
_MD_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")
_BOLD_LEAD_RE = re.compile(r"^\*\*(?P<lead>[^*]+?)\*\*\s*(?P<rest>.*)$")
MAX_BYTES = 2 * 1024 * 1024  # one comment is tens of kilobytes; a larger file is not one comment


class CeacrImportError(GapkitError):
    """The text cannot be imported at all (no header, no Convention, the file exists ...)."""


@dataclass
class Unplaced:
    line: int
    text: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "text": self.text, "reason": self.reason}


@dataclass
class _Para:
    line: int
    text: str
    lead: str = ""  # the bold words the paragraph opens with, when more text follows them
    rest: str = ""  # the text after them


@dataclass
class _Draft:
    """A point being gathered: its heading, articles and paragraphs."""

    topic: str
    articles: list[str] = field(default_factory=list)
    paras: list[_Para] = field(default_factory=list)
    has_body: bool = False


@dataclass
class ImportReport:
    comment_id: str
    path: Path
    data: dict[str, Any]
    unplaced: list[Unplaced] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        points = self.data.get("points", [])
        return {
            "comment": self.comment_id,
            "path": str(self.path),
            "points": [{"id": p["id"], "articles": p["articles"], "provisions": p["provisions"],
                        "requests": len(p["requests"])} for p in points],
            "unplaced": [u.as_dict() for u in self.unplaced],
        }

    def text(self) -> str:
        points = self.data.get("points", [])
        lines = [f"{self.comment_id}: {len(points)} point(s), "
                 f"{sum(len(p['requests']) for p in points)} request(s) -> {self.path}"]
        for p in points:
            lines.append(f"  {p['id']}  {p['topic']}")
            lines.append(f"    articles: {', '.join(p['articles']) or '-'}; provisions: "
                         f"{', '.join(p['provisions']) or '-'}; requests: {len(p['requests'])}")
        lines += [f"  line {u.line}: not placed: {u.reason}: {u.text[:80]}" for u in self.unplaced]
        lines.append(f"{len(self.unplaced)} line(s) or citation(s) not placed")
        return "\n".join(lines)


# ---- reading -------------------------------------------------------------------------------


def parse_comment(ws: Workspace, text: str, comment_id: str | None = None, normlex_id: str = "",
                  url: str = "") -> tuple[dict[str, Any], list[Unplaced]]:
    """The comment file's data (as written to YAML) and what could not be placed."""
    unplaced: list[Unplaced] = []
    head, conventions, body = _read_header(ws, _paragraphs(text), unplaced)
    cid = _comment_id(ws, head, conventions, comment_id)
    if not conventions:
        conventions = list(cid.conventions)
    context = conventions[0] if len(conventions) == 1 else None
    intro, drafts = _split_points(ws, body, context)
    if not any(_COMMITTEE_SPEAKS_RE.search(p.text) for p in [*intro, *(q for d in drafts for q in d.paras)]):
        raise CeacrImportError("no text of the Committee found (no sentence such as 'The Committee notes ...'): "
                               "give one comment as NORMLEX shows it")
    comment: dict[str, Any] = {
        "id": str(cid),
        "type": cid.type,
        "country": cid.country,
        "conventions": conventions,
        "adopted": head.get("adopted", cid.year),
        "ilc_session": head.get("session"),
        "published": head.get("published"),
    }
    if cid.case:
        comment["case"] = cid.case
    if normlex_id:
        comment["normlex_id"] = normlex_id
    if url:
        comment["url"] = url
    comment["text_seen"] = "full"
    if intro:
        comment["authentic"] = {"en": "\n".join(p.text for p in intro)}
    for p in [*intro, *(q for d in drafts for q in d.paras)]:
        if _REPEAT_RE.search(p.text):
            unplaced.append(Unplaced(p.line, p.text, "the comment repeats an earlier one: set `repeats:` to its id"))
    comment = {k: v for k, v in comment.items() if v is not None}
    named: list[Named] = []  # the acts named so far, for "the same Code" further on
    for p in intro:
        named[:] = scan(p.text, ws.names, context, named).named
    points = [_point(ws, str(cid), n, d, conventions, context, unplaced, named) for n, d in enumerate(drafts, 1)]
    return {"comment": comment, "points": points}, unplaced


def _paragraphs(text: str) -> list[_Para]:
    """The text's paragraphs, each with its line, its markup taken off and its bold opening kept apart."""
    paras: list[_Para] = []
    for n, line in enumerate(text.splitlines(), 1):
        for piece in _BREAK_TAG_RE.split(_BOLD_TAG_RE.sub("**", line)):
            piece = html.unescape(_OTHER_TAG_RE.sub("", piece))
            piece = " ".join(_MD_ESCAPE_RE.sub(r"\1", _MD_HEADING_RE.sub("", piece.strip())).split())
            m = _BOLD_LEAD_RE.match(piece)
            lead, rest = (_plain(m.group("lead")), _plain(m.group("rest"))) if m else ("", "")
            piece = f"{lead} {rest}".strip() if m else _plain(piece)
            if piece:
                paras.append(_Para(n, piece, lead if rest else "", rest))
    return paras


def _plain(text: str) -> str:
    return " ".join(text.replace("**", " ").split())


def _read_header(ws: Workspace, paras: list[_Para],
                 unplaced: list[Unplaced]) -> tuple[dict[str, Any], list[str], list[_Para]]:
    head: dict[str, Any] = {}
    conventions: list[str] = []
    i = 0
    while i < len(paras) and not head:  # page furniture before the header cannot be placed
        m = _CEACR_HEAD_RE.match(paras[i].text) or _CAS_HEAD_RE.match(paras[i].text)
        if m:
            kind = m.groupdict().get("type")
            head = {"type": "cas_conclusions" if kind is None
                    else ("observation" if kind.lower().startswith("obs") else "direct_request"),
                    "adopted": int(m.group("adopted")), "session": int(m.group("session")),
                    "published": int(m.group("published"))}
        else:
            unplaced.append(Unplaced(paras[i].line, paras[i].text, "before the comment's header"))
        i += 1
    if not head:
        unplaced.clear()  # without a header nothing was read: say that, not every line
        i = 0
    while i < len(paras):
        m = _CONVENTION_LINE_RE.match(paras[i].text)
        if not m:
            if not conventions and _is_country_line(paras, i):
                i += 1
                continue
            break
        found = [f.citation for f in scan(m.group("title"), ws.names).found if f.citation.head is None]
        if len(found) == 1 and re.fullmatch(r"[CP]\d{3}", found[0].instrument):
            conventions.append(found[0].instrument)
        else:
            unplaced.append(Unplaced(paras[i].line, paras[i].text, "a Convention line whose Convention is not known"))
        i += 1
    return head, conventions, paras[i:]


def _is_country_line(paras: list[_Para], i: int) -> bool:
    """Whether paragraph ``i`` is the country's name standing above the Convention lines ("Kazakhstan")."""
    text = paras[i].text
    return (i + 1 < len(paras) and bool(_CONVENTION_LINE_RE.match(paras[i + 1].text))
            and len(text.split()) <= _COUNTRY_MAX_WORDS and text[0].isupper()
            and not re.search(r"\d|[.:;!?]$", text))


def _comment_id(ws: Workspace, head: dict[str, Any], conventions: list[str], given: str | None) -> CommentId:
    if given:
        try:
            cid = CommentId.parse(given)
        except CommentIdError as e:
            raise CeacrImportError(str(e)) from e
        if head and (cid.type != head["type"] or cid.year != head["adopted"]):
            raise CeacrImportError(f"--id {given} says a {cid.type} of {cid.year}; the text's header says a "
                                   f"{head['type']} adopted {head['adopted']}")
        if conventions and list(cid.conventions) != conventions:
            raise CeacrImportError(f"--id {given} names {', '.join(cid.conventions)}; the text examines "
                                   f"{', '.join(conventions)}")
        return cid
    if not head:
        raise CeacrImportError("no NORMLEX header found (e.g. 'Observation (CEACR) - adopted 2023, published "
                               "112nd ILC session (2024)'); pass --id for a text without one")
    if not conventions:
        raise CeacrImportError("no Convention line found after the header (e.g. 'Labour Inspection Convention, "
                               "1947 (No. 81) - Kazakhstan (Ratification: 2001)'); pass --id to name them")
    if not ws.country:
        raise CeacrImportError("the workspace has no country (gapkit.toml [workspace] country)")
    return CommentId(COMMENT_TYPES[head["type"]][0], ws.country, tuple(conventions), head["adopted"], head["type"])


def _split_points(ws: Workspace, body: list[_Para], context: str | None) -> tuple[list[_Para], list[_Draft]]:
    intro: list[_Para] = []
    drafts: list[_Draft] = []
    section: _Draft | None = None  # the heading the current points sit under
    for para in body:
        heading = _heading(ws, para, context)
        if heading is not None:
            topic, articles, rest = heading
            section = _Draft(topic, articles, [para], bool(rest))
            drafts.append(section)
            continue
        sub = _SUBPOINT_RE.match(para.text)
        if sub and section is not None:
            title, rest = _first_sentence(sub.group("rest"))
            if title and len(title.split()) <= _TITLE_MAX_WORDS:
                topic = f"{section.topic.rstrip('.')}: {title.rstrip('.')}"
                last = drafts[-1]
                if not last.has_body and last.topic == section.topic:  # the heading's first sub-point
                    last.topic, last.has_body = topic, bool(rest)
                    last.paras.append(para)
                else:
                    drafts.append(_Draft(topic, list(section.articles), [para], bool(rest)))
                continue
        if drafts:
            drafts[-1].paras.append(para)
            drafts[-1].has_body = True
        else:
            intro.append(para)
    return intro, drafts


def _heading(ws: Workspace, para: _Para, context: str | None) -> tuple[str, list[str], str] | None:
    """(title, article ids, the text after the heading) when the paragraph is a heading or opens with one; None
    when it is text."""
    if para.lead:  # bold words opening the paragraph: its heading, when they make one with a title
        heading = _whole_heading(ws, para.lead, context)
        if heading is not None and heading[0]:
            return heading[0], heading[1], para.rest
    text = para.text
    opening = _opening_articles(ws, text, context)
    if opening is not None:
        articles, end = opening
        after = text[end:].strip()
        if after and not re.match(r"[.:]", after):
            return None  # "Article 12 of the Convention provides that ...": text
        rest = after[1:].strip()
        if not rest or _is_title(rest):  # the heading alone on its line
            return (rest.rstrip(".") or text[:end].strip()), articles, ""
        title, body = _first_sentence(rest)
        if _is_title(title):  # "Article 4 of Convention No. 81. Central authority. The Committee notes ..."
            return title.rstrip("."), articles, body
        return text[:end].strip(), articles, rest  # "Article 4 of Convention No. 81. The Committee notes ..."
    if _is_untitled_heading(text):
        return text.rstrip(".").strip(), [], ""
    # an untitled heading opening its paragraph: "Legislation. The Committee notes ..."
    title, body = _first_sentence(text)
    if body and _is_untitled_heading(title) and _is_title(title) and re.match(r"The\s+Committee\b", body) \
            and title.split()[0].lower() not in _PROSE_OPENERS:
        return title.rstrip(".").strip(), [], body
    return None


def _whole_heading(ws: Workspace, text: str, context: str | None) -> tuple[str, list[str]] | None:
    """(title, article ids) when the whole of ``text`` is a heading; the title is empty for articles alone."""
    opening = _opening_articles(ws, text, context)
    if opening is not None:
        articles, end = opening
        title = text[end:].strip()
        if title and not re.match(r"[.:]", title):
            return None
        title = title[1:].strip().rstrip(".")
        return (title, articles) if not title or _is_title(title) else None
    if _is_untitled_heading(text):
        return text.rstrip(".").strip(), []
    return None


def _opening_articles(ws: Workspace, text: str, context: str | None) -> tuple[list[str], int] | None:
    """The Convention articles a paragraph opens with and where their words end; None when it opens otherwise."""
    found = scan(text, ws.names, context).found
    if not found or found[0].start != 0:
        return None
    articles: list[str] = []
    end = 0
    for f in found:
        if f.start > end and not re.fullmatch(r"\s*(?:,|and|;)?\s*", text[end:f.start]):
            break  # a citation further on, inside the title or the text: the heading's articles end before it
        if not re.fullmatch(r"[CP]\d{3}", f.citation.instrument) or f.citation.head is None:
            return None
        if str(f.citation) not in articles:
            articles.append(str(f.citation))
        end = max(end, f.end)
    return articles, end


def _is_title(text: str) -> bool:
    """Whether words after a heading's articles are its title (short, no verb), not the Committee's text."""
    return len(text.split()) <= _TITLE_MAX_WORDS and not _VERB_RE.search(text)


def _is_untitled_heading(text: str) -> bool:
    """"Legislation.", "Follow-up to the conclusions of the Conference Committee ...": one short sentence, no verb."""
    return (len(text.split()) <= _HEADING_MAX_WORDS and len(_sentences(text)) == 1 and not _VERB_RE.search(text)
            and not _SUBPOINT_RE.match(text) and text[0].isupper())


def _sentences(text: str) -> list[str]:
    """Sentences, not cut after "No." or "s." (as in "Convention No. 81", "s. 191")."""
    out: list[str] = []
    start = 0
    for m in re.finditer(r"[.!?](?=\s+[A-Z\[(\"“])", text):
        # the word before the stop, looked for just before it (a text of "No. A No. B ..." is read in linear time)
        window = max(start, m.start() - _ABBREVIATION_WINDOW)
        word = re.search(r"([\w.]+)$", text[window:m.start()])
        if word and (word.start() > 0 or window == start) and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
            continue
        out.append(text[start:m.end()].strip())
        start = m.end()
    if text[start:].strip():
        out.append(text[start:].strip())
    return out


def _first_sentence(text: str) -> tuple[str, str]:
    parts = _sentences(text)
    return (parts[0], " ".join(parts[1:])) if parts else ("", "")


def _point(ws: Workspace, cid: str, n: int, draft: _Draft, conventions: list[str], context: str | None,
           unplaced: list[Unplaced], named: list[Named]) -> dict[str, Any]:
    """The point's data; ``named`` (the acts named so far, for "the same Code") is carried on to the next point."""
    pid = f"{cid}/{n}"
    articles = list(draft.articles)
    provisions: list[str] = []
    cited: list[str] = []
    requests: list[dict[str, Any]] = []
    for para in draft.paras:
        result = scan(para.text, ws.names, context, named)
        named[:] = result.named
        for f in result.found:
            _place_citation(ws, f.citation, f.text, para.line, conventions, articles, provisions, cited, unplaced)
        for u in result.unresolved:
            if u.text not in cited:
                cited.append(u.text)
            unplaced.append(Unplaced(para.line, u.text, f"citation not resolved ({u.reason})"))
        for sentence in _sentences(para.text):
            if _REQUEST_RE.search(sentence):
                requests.append({"id": f"{pid}/r{len(requests) + 1}", "authentic": {"en": sentence},
                                 "status": "open"})
    for aid in articles:
        if not ws.has_id(aid):
            unplaced.append(Unplaced(draft.paras[0].line, aid, "article not in the Convention catalogue"))
    point: dict[str, Any] = {
        "id": pid,
        "topic": draft.topic,
        "articles": [a for a in articles if ws.has_id(a)],
        "provisions": provisions,
    }
    if cited:
        point["cited_text"] = cited
    point["authentic"] = {"en": "\n".join(p.text for p in draft.paras)}
    point["requests"] = requests
    point["status"] = "open"
    point["status_set_by"] = cid
    return point


def _place_citation(ws: Workspace, cit: Citation, text: str, line: int, conventions: list[str], articles: list[str],
                    provisions: list[str], cited: list[str], unplaced: list[Unplaced]) -> None:
    cid = str(cit)
    if cit.head is None:
        return  # an act or Convention named as a whole ("the Labour Code"): not a provision
    inst = ws.instruments.get(cit.instrument)
    if inst is not None and inst.kind == "act":
        if ws.clause(cid) is not None:
            if cid not in provisions:
                provisions.append(cid)
            return
        reason = "provision not in the workspace (kept in cited_text)"
    elif cit.instrument in conventions:
        if cid not in articles:
            articles.append(cid)
        return
    else:
        reason = "cites an instrument the comment does not examine or the workspace does not hold"
    if text not in cited:
        cited.append(text)
    unplaced.append(Unplaced(line, text, f"{cid}: {reason}"))


# ---- writing -------------------------------------------------------------------------------


def import_ceacr(ws: Workspace, file: Path, comment_id: str | None = None, normlex_id: str = "", url: str = "",
                 replace: bool = False) -> ImportReport:
    """Read FILE, write comments/<cc>/<stem>.yaml (atomically), and report what was not placed. A file that is no
    comment raises :class:`CeacrImportError` before anything is written."""
    text = _read(file)
    data, unplaced = parse_comment(ws, text, comment_id, normlex_id, url)
    cid = CommentId.parse(data["comment"]["id"])
    path = ws.root / "comments" / cid.country / f"{cid.file_stem}.yaml"
    head = (f"# Imported by `gapkit import ceacr` from {file.name} on {date.today().isoformat()}.\n"
            "# `authentic` holds the comment's own text; write `summary` and each request's `text` in our words.\n")
    with locked(path.with_name(f".{path.name}.lock")):  # two imports of one comment: one after the other
        if path.exists() and not replace:  # looked at under the lock: the first of two imports is never overwritten
            raise CeacrImportError(f"{ws.rel(path)} exists; pass --replace to overwrite it")
        write_atomic(path, head + dump_yaml(data))
    ws.cache.pop("comments", None)
    return ImportReport(str(cid), Path(ws.rel(path)), data, unplaced)


def _read(file: Path) -> str:
    """The text of FILE; never more than :data:`MAX_BYTES` of it is read."""
    limit = f"the {MAX_BYTES // 1024 // 1024} MB limit for one comment; give one comment as NORMLEX shows it"
    try:
        size = file.stat().st_size if file.is_file() else 0
        if size > MAX_BYTES:
            raise CeacrImportError(f"{file} is {size / 1024 / 1024:.1f} MB, over {limit}")
        with file.open("rb") as f:
            raw = f.read(MAX_BYTES + 1)  # a device or a pipe has no size to ask beforehand
    except OSError as e:
        raise CeacrImportError(f"cannot read {file}: {e.strerror or e}") from e
    if len(raw) > MAX_BYTES:
        raise CeacrImportError(f"{file} is over {limit}")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise CeacrImportError(f"{file} is not UTF-8 text (byte {e.start}); save it as UTF-8") from e
