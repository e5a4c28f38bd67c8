"""Setting the status of a CEACR point (open, partially addressed, addressed) outside a text editor: the web app's
form, a script.

The point's ``status`` and ``status_set_by`` are rewritten in place in its comment file
(``comments/<cc>/<stem>.yaml``): only those two values change, every comment, line break and quote of the file
stays as it was (the edit is checked by reading the file back; a file laid out so that the values cannot be edited
in place is written out whole, its opening comment kept). The write takes the comment file's lock (the importer's),
is refused when the status is no longer the one the reviewer saw (``expect_status``), writes one line to
``comments/audit.jsonl`` (who, when, before and after, a note) first and then replaces the file atomically.

``status_set_by`` names what set the status, as ``gapkit check`` requires: a comment in comments/ (the point's own,
or a later one that takes it up) or ``mapping:<requirement id>``; who set it is in the audit line.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from gapkit.citations import Citation
from gapkit.comments.model import MAPPING_REF_PREFIX, STATUSES, Point
from gapkit.comments.store import Comments, load_comments
from gapkit.errors import GapkitError
from gapkit.fields import name_problem
from gapkit.workspace import Workspace
from gapkit.yamlio import append_lines, dump_yaml, locked, write_atomic

AUDIT_FILE = "comments/audit.jsonl"
AUDIT_LOCK = "comments/.audit.jsonl.lock"
MAX_NOTE = 2000
_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9_.()/\-]*(?::[A-Za-z0-9_.()/\-]+)*$")


class StatusError(GapkitError, ValueError):
    """A status that cannot be set: unknown point or value, no name, a file that cannot be edited."""


class StatusConflict(StatusError):
    """The point's status changed since the reviewer saw it: nothing was written."""

    exit_code = 3


@dataclass
class StatusChange:
    point: str
    comment: str
    file: str  # relative to the workspace
    status: str
    status_set_by: str
    before: str
    before_set_by: str
    by: str
    time: str
    note: str = ""
    changed: bool = True

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def sources_for(ws: Workspace, point: Point, data: Comments | None = None) -> list[str]:
    """What may be named as having set the point's status: its own comment, the comments of the later points that
    take it up, and the mappings of its articles that are Convention requirements (``mapping:C081:12(1)``)."""
    data = data or load_comments(ws)
    out = [point.comment]
    for later in data.followed_by().get(point.id, []):
        if later in data.points and data.points[later].comment not in out:
            out.append(data.points[later].comment)
    for article in point.articles:
        clause = ws.clause(article) if Citation.is_valid(article) else None
        if clause is not None and ws.instruments[clause.instrument].is_convention and clause.is_substantive:
            out.append(MAPPING_REF_PREFIX + clause.id)
    return out


def valid_source(ws: Workspace, data: Comments, set_by: str) -> bool:
    """What ``gapkit check`` accepts in ``status_set_by``: a comment of the workspace or a mapping of a requirement."""
    if set_by.startswith(MAPPING_REF_PREFIX):
        rid = set_by[len(MAPPING_REF_PREFIX):]
        clause = ws.clause(rid) if Citation.is_valid(rid) else None
        return clause is not None and ws.instruments[clause.instrument].kind != "act"
    return set_by in data.comments


def audit_entries(root: Path) -> list[dict[str, Any]]:
    """The lines of comments/audit.jsonl, oldest first (a damaged line is left out)."""
    path = root / AUDIT_FILE
    if not path.exists():
        return []
    out = []
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            entry = json.loads(raw)
        except ValueError:
            continue
        if isinstance(entry, dict):
            out.append(entry)
    return out


def set_point_status(ws: Workspace, point_id: str, status: str, by: str, set_by: str | None = None,
                     note: str = "", expect_status: str | None = None, now: datetime | None = None) -> StatusChange:
    """Set the status of the point ``point_id`` to ``status`` (one of :data:`STATUSES`) as ``by``; ``set_by``: the
    comment or ``mapping:<requirement>`` that set it (default: the one recorded, else the point's own comment);
    ``expect_status``: the status the reviewer saw (refused with :class:`StatusConflict` when it is no longer so)."""
    by = " ".join(by.split())
    note = note.strip()
    if status not in STATUSES:
        raise StatusError(f"status {status!r} is not one of {', '.join(STATUSES)}")
    if not by:
        raise StatusError("say who sets the status (a name)")
    if problem := name_problem(by):
        raise StatusError(problem)
    if len(note) > MAX_NOTE:
        raise StatusError(f"the note is {len(note)} characters long; at most {MAX_NOTE}")
    data = load_comments(ws)
    point = data.points.get(point_id)
    if point is None:
        raise StatusError(f"{point_id!r} is not a point of a comment in comments/")
    if set_by is not None:
        set_by = set_by.strip()
        if set_by and not valid_source(ws, data, set_by):
            raise StatusError(f"{set_by!r} is neither a comment in comments/ nor {MAPPING_REF_PREFIX}<requirement id>")
    comment = data.comments[point.comment]
    path = ws.root / comment.path
    time = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0).isoformat()
    with locked(path.with_name(f".{path.name}.lock")):  # the importer's lock: one writer of the file at a time
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise StatusError(f"{comment.path} cannot be read ({e}); reload and try again") from e
        node = _point_node(text, point_id, comment.path)  # composed once: read and edited in place
        before, before_by = _current(node)
        if expect_status is not None and before != expect_status:
            raise StatusConflict(f"{point_id}: the status is {before} now (set by {before_by or 'the comment'}), "
                                 f"not {expect_status} as shown to you; nothing was written: reload and try again")
        chosen = set_by or (before_by if before_by and valid_source(ws, data, before_by) else point.comment)
        change = StatusChange(point_id, point.comment, comment.path, status, chosen, before, before_by, by, time, note)
        if (status, chosen) == (before, before_by):
            change.changed = False
            return change
        new_text = _edited(text, node, point_id, status, chosen, comment.path)
        entry = {"time": time, "reviewer": by, "action": "point_status", "point": point_id, "comment": point.comment,
                 "file": comment.path, "before": {"status": before, "status_set_by": before_by},
                 "after": {"status": status, "status_set_by": chosen}, **({"note": note} if note else {})}
        # the log line goes first: a process killed between the two leaves a line for a change that did not land,
        # never a change without its line
        append_lines(ws.root / AUDIT_FILE, [json.dumps(entry, ensure_ascii=False, sort_keys=True)],
                     ws.root / AUDIT_LOCK)
        write_atomic(path, new_text)
    for key in ("comments", "graph"):  # both are built from the comment files
        ws.cache.pop(key, None)
    return change


# ---- the edit in place ---------------------------------------------------------------------------


def _point_node(text: str, point_id: str, rel: str) -> yaml.MappingNode:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as e:
        raise StatusError(f"{rel} is not valid YAML ({e}); mend it (gapkit check) before setting a status") from e
    points = _value(root, "points") if isinstance(root, yaml.MappingNode) else None
    if isinstance(points, yaml.SequenceNode):
        for item in points.value:
            pid = _value(item, "id") if isinstance(item, yaml.MappingNode) else None
            if isinstance(pid, yaml.ScalarNode) and pid.value.strip() == point_id:
                return item
    raise StatusError(f"{rel} no longer holds the point {point_id}; reload and try again")


def _value(node: yaml.MappingNode, key: str) -> yaml.Node | None:
    return next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)


def _key(node: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    return next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)


def _current(node: yaml.MappingNode) -> tuple[str, str]:
    """The point's status and status_set_by as its file holds them (an absent status: open)."""
    values = []
    for key in ("status", "status_set_by"):
        v = _value(node, key)
        values.append(str(v.value).strip() if isinstance(v, yaml.ScalarNode) and v.value is not None else "")
    return values[0] or "open", values[1]


def _scalar(value: str) -> str:
    return value if _PLAIN.match(value) and value not in ("null", "true", "false", "yes", "no", "on", "off") \
        else json.dumps(value, ensure_ascii=False)


def _edited(text: str, node: yaml.MappingNode, point_id: str, status: str, set_by: str, rel: str) -> str:
    """The file's text with the point's two values changed in place (``node``: the point, composed from ``text``);
    the whole file written out anew (its opening comment kept) when the edit in place does not read back as exactly
    that change."""
    wanted = _load(text, rel)  # what the file holds, but the point's two values
    for p in wanted.get("points") or []:
        if isinstance(p, dict) and str(p.get("id", "")).strip() == point_id:
            p["status"], p["status_set_by"] = status, set_by
    try:
        new = _in_place(text, node, status, set_by)
        if yaml.load(new, Loader=yaml.SafeLoader) == wanted:  # noqa: S506 - the safe loader
            return new
    except (yaml.YAMLError, ValueError):
        pass
    opening = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        opening.append(line + "\n")
    return "".join(opening) + dump_yaml(wanted)


def _in_place(text: str, node: yaml.MappingNode, status: str, set_by: str) -> str:
    edits: list[tuple[int, int, str]] = []  # (start, end, new text), applied from the end
    found = {key: _key(node, key) for key in ("status", "status_set_by", "id")}

    def replace(v: yaml.Node, value: str) -> None:
        if not isinstance(v, yaml.ScalarNode):
            raise ValueError("not a scalar")
        new = _scalar(value)
        if v.start_mark.line != v.end_mark.line or getattr(v, "style", None) in ("|", ">"):
            new += "\n"  # a block scalar ends at the start of the next line
        edits.append((v.start_mark.index, v.end_mark.index, new))

    def line_end(index: int) -> int:
        end = text.find("\n", index)
        return len(text) if end < 0 else end

    status_kv, by_kv, id_kv = found["status"], found["status_set_by"], found["id"]
    if status_kv is not None:
        replace(status_kv[1], status)
    if by_kv is not None:
        replace(by_kv[1], set_by)
    missing = ([] if status_kv is not None else [("status", status)]) + \
              ([] if by_kv is not None else [("status_set_by", set_by)])
    if missing:
        anchor = status_kv or id_kv
        assert anchor is not None  # _point_node found the id
        key, value = anchor
        if value.start_mark.line != value.end_mark.line:
            raise ValueError("the anchor value spans lines")
        indent = " " * key.start_mark.column
        at = line_end(value.end_mark.index)
        edits.append((at, at, "".join(f"\n{indent}{k}: {_scalar(v)}" for k, v in missing)))
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _load(text: str, rel: str) -> Any:
    try:
        return yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506 - the safe loader
    except yaml.YAMLError as e:
        raise StatusError(f"{rel} is not valid YAML ({e})") from e


__all__ = ["AUDIT_FILE", "StatusChange", "StatusConflict", "StatusError", "audit_entries", "set_point_status",
           "sources_for", "valid_source"]

