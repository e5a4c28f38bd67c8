"""`gapkit check` for comments/: schema, vocabulary, and every id a comment names resolves.

An article must be a clause of a Convention the workspace holds and the comment examines; a
provision must be a clause the workspace holds (what is cited but not held goes to ``cited_text``);
a status names the comment or mapping that set it; a measure resolves when the roadmap is there.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from gapkit.check import Check
from gapkit.citations import Citation, CitationError
from gapkit.comments.links import MEASURE_RE
from gapkit.comments.model import (
    COMMENT_TYPES,
    MAPPING_REF_PREFIX,
    POINT_LOCAL_RE,
    REQUEST_LOCAL_RE,
    STATUSES,
    TEXT_SEEN,
    Comment,
    CommentId,
    CommentIdError,
    Point,
)
from gapkit.comments.store import Comments, load_comments
from gapkit.workspace import Workspace
from gapkit.yamlio import Problem

_NORMLEX_ID_RE = re.compile(r"^\d+$")
#: Makes a Problem at the right file and line, the message prefixed with what it is about.
Say = Callable[..., Problem]


def comments_load(ws: Workspace) -> Iterator[Problem]:
    yield from load_comments(ws).problems


def comments_are_sound(ws: Workspace) -> Iterator[Problem]:
    data = load_comments(ws)
    for comment in data.comments.values():
        yield from _check_comment(ws, data, comment)
        for point in comment.points:
            yield from _check_point(ws, data, comment, point)
    for topic in data.topics.values():
        if topic.measure:
            yield from _check_measure_id(topic.path, topic.line, topic.id, topic.measure)


def topics_are_linked(ws: Workspace) -> Iterator[Problem]:
    """A topic no point is linked to is a hole in the follow-up of its measure: say so (a warning)."""
    data = load_comments(ws)
    linked = {t for p in data.points.values() for t in p.topics}
    for topic in data.topics.values():
        if topic.id not in linked:
            yield Problem(topic.path, topic.line, f"topic {topic.id}: no comment point is linked to it", "warning")


# ---- comments ------------------------------------------------------------------------------


def _check_comment(ws: Workspace, data: Comments, c: Comment) -> Iterator[Problem]:
    def problem(message: str) -> Problem:
        return Problem(c.path, c.line, f"{c.id}: {message}")

    if c.type not in COMMENT_TYPES:
        yield problem(f"type {c.type!r} is not one of {', '.join(COMMENT_TYPES)}")
    if c.text_seen not in TEXT_SEEN:
        yield problem(f"text_seen {c.text_seen!r} is not one of {', '.join(TEXT_SEEN)}")
    elif c.text_seen != "full" and not c.seen_note:
        yield problem("the text was not fully seen, but seen_note does not say what was")
    if not c.conventions:
        yield problem("conventions is empty (the Convention(s) the comment examines)")
    for code in c.conventions:
        if not re.fullmatch(r"[CP]\d{3}", code):
            yield problem(f"{code!r} is not a Convention code (C081, P081 ...)")
    if c.adopted is None:
        yield problem("adopted (the year) is missing")
    if c.published is not None and c.adopted is not None and c.published < c.adopted:
        yield problem(f"published {c.published} is before adopted {c.adopted}")
    if c.normlex_id and not _NORMLEX_ID_RE.match(c.normlex_id):
        yield problem(f"normlex_id {c.normlex_id!r} is not a NORMLEX number")
    if c.url and not c.url.startswith(("http://", "https://")):
        yield problem(f"url {c.url!r} is not a web address")
    if c.country and ws.country and c.country != ws.country:
        yield problem(f"country {c.country!r} is not the workspace's country {ws.country!r}")
    for s in c.sources:
        if not (s.get("url") or s.get("note")):
            yield problem("a source needs a url or a note")
    if c.repeats:
        earlier = data.comments.get(c.repeats)
        if earlier is None:
            yield problem(f"repeats {c.repeats}, which is not in comments/")
        elif earlier.adopted and c.adopted and earlier.adopted > c.adopted:
            yield problem(f"repeats {c.repeats}, a later comment")
    yield from _check_id(c, problem)


def _check_id(c: Comment, problem: Say) -> Iterator[Problem]:
    """The id is derived from the fields and names the file: one comment, one name, everywhere."""
    try:
        cid = CommentId.parse(c.id)
    except CommentIdError as e:
        yield problem(str(e))
        return
    if c.type in COMMENT_TYPES and cid.type != c.type:
        yield problem(f"the id says {cid.type}, type says {c.type}")
    if c.country and cid.country != c.country:
        yield problem(f"the id says country {cid.country}, country says {c.country}")
    if tuple(c.conventions) != cid.conventions:
        yield problem(f"the id names {', '.join(cid.conventions)}, conventions lists {', '.join(c.conventions)}")
    if c.adopted is not None and cid.year != c.adopted:
        yield problem(f"the id says {cid.year}, adopted says {c.adopted}")
    if cid.type == "cfa_case" and cid.case != c.case:
        yield problem(f"the id names case {cid.case}, case says {c.case or '(nothing)'}")
    want = f"comments/{cid.country}/{cid.file_stem}.yaml"
    if c.path.replace("\\", "/") != want:
        yield problem(f"a comment with this id lives in {want}")


# ---- points --------------------------------------------------------------------------------


def _check_point(ws: Workspace, data: Comments, c: Comment, p: Point) -> Iterator[Problem]:
    def problem(message: str, line: int = p.line) -> Problem:
        return Problem(c.path, line, f"{p.id}: {message}")

    prefix, _, local = p.id.partition("/")
    if prefix != c.id or not POINT_LOCAL_RE.match(local):
        yield problem(f"a point id is {c.id}/<n> (or {c.id}/unseen-<slug> for a point whose place is not known)")
    if not p.topic:
        yield problem("topic (the Committee's heading) is missing")
    if not (p.summary.get("en") or p.authentic):
        yield problem("no summary.en (what is known of the point, in our words) and no imported text")
    if p.summary.get("en") and not p.title.get("ru"):
        yield Problem(c.path, p.line, f"{p.id}: no title.ru: a Russian document shows the point by its topics only",
                      "warning")
    for lang, cited in p.cited_as.items():
        if len(cited) != len(p.cited_text):
            yield problem(f"cited_as.{lang} names {len(cited)} texts, cited_text {len(p.cited_text)}: one for one")
    for tid in p.topics:
        if tid not in data.topics:
            where = f"in {data.topics_path}" if data.topics_path else "(there is no comments/topics.yaml)"
            yield problem(f"topic {tid!r} is not defined {where}")
    for aid in p.articles:
        yield from _check_article(ws, c, aid, problem)
    for pid in p.provisions:
        yield from _check_provision(ws, pid, problem)
    yield from _check_status(ws, data, p.status, p.status_set_by, problem)
    if p.uncertain and not p.uncertain_note:
        yield problem("uncertain, but uncertain_note does not say what is known and from where")
    for earlier in p.follows_up:
        prev = data.points.get(earlier)
        if prev is None:
            yield problem(f"follows_up {earlier}, which is not a point in comments/")
        elif earlier == p.id:
            yield problem("follows_up itself")
        else:
            before = data.comments[prev.comment]
            if before.adopted and c.adopted and before.adopted > c.adopted:
                yield problem(f"follows_up {earlier}, a point of a later comment")
    if p.measure:  # that the roadmap holds it is the roadmap's check (gapkit.roadmap.checks)
        yield from _check_measure_id(c.path, p.line, p.id, p.measure)
    seen: set[str] = set()
    for r in p.requests:
        rprefix, _, rlocal = r.id.rpartition("/")
        if rprefix != p.id or not REQUEST_LOCAL_RE.match(rlocal):
            yield problem(f"request id {r.id!r} is not {p.id}/r<n>", r.line)
        if r.id in seen:
            yield problem(f"duplicate request {r.id}", r.line)
        seen.add(r.id)
        if not (r.text.get("en") or r.authentic):
            yield problem(f"request {r.id} has no text.en (what is asked, in our words) and no imported text", r.line)
        yield from _check_status(ws, data, r.status, r.status_set_by, lambda m, _l=r.line: problem(m, _l),
                                 what=f"request {r.id}: ")


def _check_article(ws: Workspace, c: Comment, aid: str, problem: Say) -> Iterator[Problem]:
    try:
        cit = Citation.parse(aid)
    except CitationError as e:
        yield problem(str(e))
        return
    if str(cit) != aid:
        yield problem(f"article {aid!r} is written {cit} in canonical form")
    inst = ws.instruments.get(cit.instrument)
    if inst is None:
        yield problem(f"article {aid}: the workspace holds no catalogue of {cit.instrument} "
                      "(record the citation under cited_text)")
    elif not inst.is_convention:
        yield problem(f"article {aid}: {cit.instrument} is a national act (list it under provisions)")
    elif not ws.has_id(aid):
        yield problem(f"article {aid} is not in the {cit.instrument} catalogue")
    if cit.instrument not in c.conventions:
        yield problem(f"article {aid}: {cit.instrument} is not a Convention this comment examines")


def _check_provision(ws: Workspace, pid: str, problem: Say) -> Iterator[Problem]:
    try:
        cit = Citation.parse(pid)
    except CitationError as e:
        yield problem(str(e))
        return
    if str(cit) != pid:
        yield problem(f"provision {pid!r} is written {cit} in canonical form")
    inst = ws.instruments.get(cit.instrument)
    if inst is not None and inst.is_convention:
        yield problem(f"provision {pid}: {cit.instrument} is a Convention (list it under articles)")
    elif cit.head is None:
        yield problem(f"provision {pid}: name the article, not the whole act")
    elif ws.clause(pid) is None:
        yield problem(f"provision {pid} is not in the workspace (record the citation under cited_text)")


def _check_status(ws: Workspace, data: Comments, status: str, set_by: str, problem: Say,
                  what: str = "") -> Iterator[Problem]:
    if status not in STATUSES:
        yield problem(f"{what}status {status!r} is not one of {', '.join(STATUSES)}")
    if not set_by:
        if status in STATUSES and status != "open":
            yield problem(f"{what}status {status} does not say which comment or mapping set it (status_set_by)")
        return
    if set_by.startswith(MAPPING_REF_PREFIX):
        requirement = set_by[len(MAPPING_REF_PREFIX):]
        clause = ws.clause(requirement) if Citation.is_valid(requirement) else None
        if clause is None or ws.instruments[clause.instrument].kind == "act":
            yield problem(f"{what}status_set_by {set_by!r}: {MAPPING_REF_PREFIX} is followed by the id of a "
                          "Convention requirement the workspace holds")
        return
    if set_by not in data.comments:
        yield problem(f"{what}status_set_by {set_by!r} is neither a comment in comments/ nor "
                      f"{MAPPING_REF_PREFIX}<requirement id>")


def _check_measure_id(path: str, line: int, who: str, measure: str) -> Iterator[Problem]:
    if not MEASURE_RE.match(measure):
        yield Problem(path, line, f"{who}: measure {measure!r} is not a roadmap measure id (RM:1.3)")


#: this feature's checks, run by `gapkit check` (gapkit.registry gathers them)
CHECKS: tuple[Check, ...] = (
    comments_load,
    comments_are_sound,
    topics_are_linked,
)
