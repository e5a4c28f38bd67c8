"""Reading the comment files (``comments/<cc>/*.yaml``) and the topics (``comments/topics.yaml``).

Like the workspace loader, reading never raises on bad content: each problem is kept with its
file and line, and the check reports them. What was read is memoised in ``ws.cache`` because the
checks, the graph, the reports and the commands all ask for it in one process.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from gapkit.comments.model import Comment, Point, Request, Topic
from gapkit.fields import FieldReader
from gapkit.workspace import Workspace
from gapkit.yamlio import LINE_KEY, Problem

CACHE_KEY = "comments"
TOPICS_FILE = "comments/topics.yaml"

COMMENT_FIELDS = {
    "id", "type", "country", "conventions", "adopted", "ilc_session", "published", "normlex_id", "url", "case",
    "repeats", "text_seen", "seen_note", "government_reply", "notes", "sources", "authentic",
}
POINT_FIELDS = {
    "id", "topic", "title", "topics", "articles", "provisions", "cited_text", "cited_as", "summary", "authentic",
    "requests",
    "government_reply", "reviewer_notes", "status", "status_set_by", "follows_up", "measure", "uncertain",
    "uncertain_note", "source",
}
REQUEST_FIELDS = {"id", "text", "authentic", "status", "status_set_by"}
TOPIC_FIELDS = {"id", "label", "measure"}


@dataclass
class Comments:
    """Everything read from comments/: by id, in file order."""

    comments: dict[str, Comment] = field(default_factory=dict)
    points: dict[str, Point] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    topics_path: str = ""
    problems: list[Problem] = field(default_factory=list)

    def requests(self) -> dict[str, Request]:
        return {r.id: r for p in self.points.values() for r in p.requests}

    @cached_property
    def _followed_by(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for p in self.points.values():
            for earlier in p.follows_up:
                out.setdefault(earlier, []).append(p.id)
        return out

    def followed_by(self) -> dict[str, list[str]]:
        """Point id -> the later points that take it up again (the inverse of ``follows_up``; read once loaded)."""
        return self._followed_by


def load_comments(ws: Workspace) -> Comments:
    """The comments and topics of the workspace (memoised in ``ws.cache``)."""
    if CACHE_KEY not in ws.cache:
        ws.cache[CACHE_KEY] = read_comments(ws.root, ws.rel)
    return ws.cache[CACHE_KEY]


def comment_files(root: Path) -> list[Path]:
    """One folder per country under comments/; topics.yaml and README files sit beside them."""
    return sorted((root / "comments").glob("*/*.yaml"))


def read_comments(root: Path, rel: Any = str) -> Comments:
    out = Comments()
    topics_path = root / TOPICS_FILE
    if topics_path.is_file():
        out.topics_path = rel(topics_path)
        _read_topics(out, topics_path, out.topics_path)
    for path in comment_files(root):
        _read_comment_file(out, path, rel(path))
    return out


# ---- small readers -----------------------------------------------------------------------


def _read_topics(out: Comments, path: Path, rel: str) -> None:
    r = FieldReader(rel, out.problems)
    data = r.read(path)
    items = data.get("topics") if isinstance(data, dict) else None
    if not isinstance(items, list):
        if data is not None:
            r.problem(1, "topics.yaml holds a list under 'topics'")
        return
    for raw in items:
        if not isinstance(raw, dict) or not raw.get("id"):
            r.problem(raw.get(LINE_KEY, 0) if isinstance(raw, dict) else 0, "a topic is a mapping with an id")
            continue
        line = raw.get(LINE_KEY, 0)
        r.unknown(raw, TOPIC_FIELDS, "topic")
        tid = str(raw["id"])
        if tid in out.topics:
            r.problem(line, f"duplicate topic {tid} (first at line {out.topics[tid].line})")
            continue
        ft = r.at(raw, tid)
        label = ft.lang_map("label")
        if not (label.get("en") and label.get("ru")):
            r.problem(line, f"{tid}: label needs en and ru")
        out.topics[tid] = Topic(tid, label, ft.text("measure"), rel, line)


def _read_comment_file(out: Comments, path: Path, rel: str) -> None:
    r = FieldReader(rel, out.problems)
    data = r.read(path)
    if data is None:
        return
    head = data.get("comment") if isinstance(data, dict) else None
    if not isinstance(head, dict):
        r.problem(1, "a comment file holds a 'comment' mapping (id, type, conventions ...) and a list of 'points'")
        return
    line = head.get(LINE_KEY, 1)
    r.unknown(head, COMMENT_FIELDS, "comment")
    cid = r.at(head, "comment").text("id")
    if not cid:
        r.problem(line, "comment has no id")
        return
    if cid in out.comments:
        r.problem(line, f"duplicate comment {cid} (also in {out.comments[cid].path})")
        return
    sources = head.get("sources") or []
    if not isinstance(sources, list) or not all(isinstance(s, dict) for s in sources):
        r.problem(line, f"{cid}: sources must be a list of {{url, note}}")
        sources = []
    f = r.at(head, cid)
    comment = Comment(
        id=cid,
        type=f.text("type"),
        country=f.text("country").lower(),
        conventions=f.strings("conventions"),
        adopted=f.whole_number("adopted"),
        ilc_session=f.whole_number("ilc_session"),
        published=f.whole_number("published"),
        normlex_id=f.text("normlex_id"),
        url=f.text("url"),
        case=f.text("case"),
        repeats=f.text("repeats"),
        text_seen=f.text("text_seen") or "full",
        seen_note=f.text("seen_note"),
        government_reply=f.lang_map("government_reply"),
        authentic=f.lang_map("authentic"),
        notes=f.text("notes"),
        sources=[{k: str(v) for k, v in s.items() if k != LINE_KEY} for s in sources],
        path=rel,
        line=line,
    )
    out.comments[cid] = comment
    points = data.get("points")
    if points is None:
        points = []
    if not isinstance(points, list):
        r.problem(data.get(LINE_KEY, 1), f"{cid}: 'points' must be a list")
        points = []
    for raw in points:
        point = _read_point(r, comment, raw)
        if point is None:
            continue
        if point.id in out.points:
            first = out.points[point.id]
            r.problem(point.line, f"duplicate point {point.id} (first at {out.comments[first.comment].path}:"
                                  f"{first.line})")
            continue
        comment.points.append(point)
        out.points[point.id] = point


def _cited_as(r: FieldReader, raw: Any, line: int, pid: str) -> dict[str, list[str]]:
    """``cited_as``: per language, the list of what ``cited_text`` cites, as that language names it."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        r.problem(line, f"{pid}: cited_as is a mapping of a language to a list ({{ru: [...]}})")
        return {}
    out: dict[str, list[str]] = {}
    for lang, items in raw.items():
        if lang == LINE_KEY:
            continue
        if not isinstance(items, list):
            r.problem(line, f"{pid}: cited_as.{lang} must be a list")
            continue
        out[str(lang)] = [str(x) for x in items]
    return out


def _read_point(r: FieldReader, comment: Comment, raw: Any) -> Point | None:
    if not isinstance(raw, dict) or not raw.get("id"):
        r.problem(raw.get(LINE_KEY, 0) if isinstance(raw, dict) else comment.line,
                  f"{comment.id}: a point is a mapping with an id")
        return None
    line = raw.get(LINE_KEY, 0)
    pid = str(raw["id"]).strip()
    f = r.at(raw, pid)
    r.unknown(raw, POINT_FIELDS, f"point {pid}")
    uncertain = raw.get("uncertain", False)
    if not isinstance(uncertain, bool):
        r.problem(line, f"{pid}: uncertain must be true or false")
        uncertain = bool(uncertain)
    source = raw.get("source") or {}
    if isinstance(source, str):
        source = {"note": source}
    point = Point(
        id=pid,
        comment=comment.id,
        topic=f.text("topic"),
        topics=f.strings("topics"),
        articles=f.strings("articles"),
        provisions=f.strings("provisions"),
        cited_text=f.strings("cited_text"),
        title=f.lang_map("title"),
        cited_as=_cited_as(r, raw.get("cited_as"), line, pid),
        summary=f.lang_map("summary"),
        authentic=f.lang_map("authentic"),
        government_reply=f.lang_map("government_reply"),
        reviewer_notes=f.text("reviewer_notes"),
        status=f.text("status") or "open",
        status_set_by=f.text("status_set_by"),
        follows_up=f.strings("follows_up"),
        measure=f.text("measure"),
        uncertain=uncertain,
        uncertain_note=f.text("uncertain_note"),
        source={k: str(v) for k, v in source.items() if k != LINE_KEY} if isinstance(source, dict) else {},
        line=line,
    )
    requests = raw.get("requests")
    if requests is None:
        requests = []
    if not isinstance(requests, list):
        r.problem(line, f"{pid}: requests must be a list")
        requests = []
    for req in requests:
        if not isinstance(req, dict) or not req.get("id"):
            r.problem(int(req.get(LINE_KEY) or line) if isinstance(req, dict) else line,
                      f"{pid}: a request is a mapping with an id")
            continue
        rid = str(req["id"]).strip()
        r.unknown(req, REQUEST_FIELDS, f"request {rid}")
        fr = r.at(req, rid)
        point.requests.append(Request(
            id=rid,
            text=fr.lang_map("text"),
            authentic=fr.lang_map("authentic"),
            status=fr.text("status") or "open",
            status_set_by=fr.text("status_set_by"),
            line=int(req.get(LINE_KEY) or line),
        ))
    return point
