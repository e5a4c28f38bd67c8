"""`gapkit import ceacr`: a CEACR comment as NORMLEX shows it, split into points and requests.

The layout read (NORMLEX "Comments" pages, copied as text):

    Observation (CEACR) - adopted 2023, published 112nd ILC session (2024)
    Labour Inspection Convention, 1947 (No. 81) - Kazakhstan (Ratification: 2001)
    Labour Inspection (Agriculture) Convention, 1969 (No. 129) - Kazakhstan (Ratification: 2001)
    <introduction paragraphs>
    Articles 12 and 16 of Convention No. 81 and Articles 16 and 21 of Convention No. 129. Limitations ...
    1. Moratorium on labour inspections. <text>
    <paragraphs> ... The Committee once again requests the Government to ...

Each article heading (or untitled heading such as "Legislation.") opens a point; a numbered
sub-point under it opens a further point with the heading's articles. Citations are resolved by
:mod:`gapkit.citations` (the Convention is the context when the comment examines one); sentences
in which the Committee requests, urges or asks the Government something become requests. The
text goes to ``authentic``: summaries and requests in our own words are the reviewer's to write.
Nothing is guessed silently: every line or citation that could not be placed is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from gapkit.citations import Citation, scan
from gapkit.comments.model import COMMENT_TYPES, CommentId, CommentIdError
from gapkit.workspace import Workspace
from gapkit.yamlio import dump_yaml, write_atomic

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
# "<Convention title> - <Country> (Ratification: 2001)": the Convention itself is found by the citation module.
_CONVENTION_LINE_RE = re.compile(r"^(?P<title>.+?)\s*[-–—]\s*(?P<country>[^-–—()]+?)\s*\(Ratification:\s*\d{4}\)\s*$")
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
_REPEAT_RE = re.compile(r"\bbound\s+to\s+repeat\b|\brepeats?\s+its\s+previous\s+comment\b", re.IGNORECASE)
# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = {"no", "nos", "art", "arts", "s", "ss", "para", "paras", "e.g", "i.e", "cf", "p", "pp", "vol"}
_HEADING_MAX_WORDS = 25
_TITLE_MAX_WORDS = 15


class CeacrImportError(Exception):
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
    paras = [_Para(i, " ".join(line.split())) for i, line in enumerate(text.splitlines(), 1) if line.strip()]
    head, conventions, body = _read_header(ws, paras, unplaced)
    cid = _comment_id(ws, head, conventions, comment_id)
    if not conventions:
        conventions = list(cid.conventions)
    context = conventions[0] if len(conventions) == 1 else None
    intro, drafts = _split_points(ws, body, context)
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
    points = [_point(ws, str(cid), n, d, conventions, context, unplaced) for n, d in enumerate(drafts, 1)]
    return {"comment": comment, "points": points}, unplaced


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
            break
        found = [f.citation for f in scan(m.group("title"), ws.names).found if f.citation.head is None]
        if len(found) == 1 and re.fullmatch(r"[CP]\d{3}", found[0].instrument):
            conventions.append(found[0].instrument)
        else:
            unplaced.append(Unplaced(paras[i].line, paras[i].text, "a Convention line whose Convention is not known"))
        i += 1
    return head, conventions, paras[i:]


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
        heading = _heading(ws, para.text, context)
        if heading is not None:
            topic, articles = heading
            section = _Draft(topic, articles, [para])
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


def _heading(ws: Workspace, text: str, context: str | None) -> tuple[str, list[str]] | None:
    """(title, article ids) when the paragraph is a heading; None when it is text."""
    if len(text.split()) > _HEADING_MAX_WORDS * 2:
        return None
    found = scan(text, ws.names, context).found
    if found and found[0].start == 0:
        articles: list[str] = []
        end = 0
        for f in found:
            if f.start > end and not re.fullmatch(r"\s*(?:,|and|;)?\s*", text[end:f.start]):
                break  # a citation further on, inside the title: the heading's articles end before it
            if not re.fullmatch(r"[CP]\d{3}", f.citation.instrument) or f.citation.head is None:
                return None
            if str(f.citation) not in articles:
                articles.append(str(f.citation))
            end = max(end, f.end)
        title = text[end:].strip().lstrip(".").strip().rstrip(".")
        if title and len(title.split()) <= _TITLE_MAX_WORDS and not _VERB_RE.search(title):
            return title, articles
        return None
    # an untitled heading: "Legislation.", "Follow-up to the conclusions of the Conference Committee ..."
    if len(text.split()) <= _HEADING_MAX_WORDS and len(_sentences(text)) == 1 and not _VERB_RE.search(text) \
            and not _SUBPOINT_RE.match(text) and text[0].isupper():
        return text.rstrip(".").strip(), []
    return None


def _sentences(text: str) -> list[str]:
    """Sentences, not cut after "No." or "s." (as in "Convention No. 81", "s. 191")."""
    out: list[str] = []
    start = 0
    for m in re.finditer(r"[.!?](?=\s+[A-Z\[(\"“])", text):
        word = re.search(r"([\w.]+)$", text[start:m.start()])
        if word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
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
           unplaced: list[Unplaced]) -> dict[str, Any]:
    pid = f"{cid}/{n}"
    articles = list(draft.articles)
    provisions: list[str] = []
    cited: list[str] = []
    requests: list[dict[str, Any]] = []
    for para in draft.paras:
        result = scan(para.text, ws.names, context)
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
    """Read FILE, write comments/<cc>/<stem>.yaml (atomically), and report what was not placed."""
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as e:
        raise CeacrImportError(f"cannot read {file}: {e.strerror}") from e
    except UnicodeDecodeError as e:
        raise CeacrImportError(f"{file} is not UTF-8 text") from e
    data, unplaced = parse_comment(ws, text, comment_id, normlex_id, url)
    cid = CommentId.parse(data["comment"]["id"])
    path = ws.root / "comments" / cid.country / f"{cid.file_stem}.yaml"
    if path.exists() and not replace:
        raise CeacrImportError(f"{ws.rel(path)} exists; pass --replace to overwrite it")
    head = (f"# Imported by `gapkit import ceacr` from {file.name} on {date.today().isoformat()}.\n"
            "# `authentic` holds the comment's own text; write `summary` and each request's `text` in our words.\n")
    write_atomic(path, head + dump_yaml(data))
    ws.cache.pop("comments", None)
    return ImportReport(str(cid), Path(ws.rel(path)), data, unplaced)
