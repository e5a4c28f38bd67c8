"""Reports from the browser: which kinds this gapkit can make, making one, and serving what was made.

The builders live in :mod:`gapkit.report`, imported when a report is made. Only files gapkit writes are
served: a plain file directly in ``reports/out/`` whose name is one gapkit gives its reports
(``review-C081-C129-ru.docx``), never a path, a link or anything else in that folder.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from gapkit.errors import GapkitError
from gapkit.report import FORMATS, OUT_DIR
from gapkit.workspace import Workspace

#: the names gapkit gives its reports: <kind>[-<CONVENTION>...]-<lang>.<format>
NAME_RE = re.compile(r"^(?:review|amendments|comments|roadmap|ratification-readiness)(?:-[CP]\d{3})*"
                     r"-(?:ru|en|kk)\.(?:docx|html)$")
MEDIA_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".html": "text/html; charset=utf-8",
}


@dataclass(frozen=True)
class Kind:
    """A report kind: what builds it (imported on first use: reports load python-docx), the exceptions by which the
    builder says it has nothing to report, and what it asks for."""

    name: str
    load: Callable[[], tuple[Callable[..., Any], tuple[type[BaseException], ...]]]
    needs_conventions: bool
    langs: tuple[str, ...] = ("ru", "en")
    takes_conventions: bool = True  # comments: optional filter; roadmap: none


def _review() -> tuple[Callable[..., Any], tuple[type[BaseException], ...]]:
    from gapkit.report.review import NotRatified, build_review

    return build_review, (NotRatified,)


def _amendments() -> tuple[Callable[..., Any], tuple[type[BaseException], ...]]:
    from gapkit.report.amendments import build_amendments

    return build_amendments, ()


def _comments() -> tuple[Callable[..., Any], tuple[type[BaseException], ...]]:
    from gapkit.report.comments_report import build_comments

    return build_comments, ()


def _roadmap() -> tuple[Callable[..., Any], tuple[type[BaseException], ...]]:
    from gapkit.report.roadmap_report import NoRoadmap, build_roadmap

    return build_roadmap, (NoRoadmap,)


def _ratification() -> tuple[Callable[..., Any], tuple[type[BaseException], ...]]:
    from gapkit.report.readiness import NotForRatification, build_ratification

    return build_ratification, (NotForRatification,)


KINDS: tuple[Kind, ...] = (
    Kind("review", _review, True),
    Kind("amendments", _amendments, True),
    Kind("comments", _comments, False),
    Kind("roadmap", _roadmap, False, takes_conventions=False),
    Kind("ratification-readiness", _ratification, True),
)


class ReportError(GapkitError):
    """A report that cannot be made as asked; the message says why, for the page."""


def kind(name: str) -> Kind | None:
    return next((k for k in KINDS if k.name == name), None)


def builder(k: Kind) -> Callable[..., Any]:
    """The function that builds a kind."""
    return k.load()[0]


def _refusals(k: Kind) -> tuple[type[BaseException], ...]:
    """The exceptions a builder raises to say it has nothing to report (NoRoadmap, NotRatified ...)."""
    return k.load()[1]


def out_dir(root: Path) -> Path:
    return root.joinpath(*OUT_DIR)


def generate(ws: Workspace, name: str, codes: list[str], lang: str, fmt: str, today: date | None = None) -> Path:
    """Build a report and write it under reports/out/; the path written."""
    from gapkit.report import default_output, write

    k, codes = checked(ws, name, codes, lang, fmt)
    build = builder(k)
    try:
        # the builders without Conventions (roadmap, readiness) take the date the report is made on
        doc = build(ws, codes, lang) if k.takes_conventions else build(ws, lang, today or date.today())
    except _refusals(k) as e:  # the roadmap report: no roadmap in the workspace
        raise ReportError(str(e)) from e
    path = default_output(ws.root, name, codes, lang, fmt)
    write(doc, path, fmt)
    return path


def checked(ws: Workspace, name: str, codes: list[str], lang: str, fmt: str) -> tuple[Kind, list[str]]:
    """The kind asked for and its Conventions in the catalogue's order, or the ReportError that says what is
    wrong with the request (checked before the work starts)."""
    k = kind(name)
    if k is None:
        raise ReportError(f"unknown report kind {name!r}")
    if lang not in k.langs:
        raise ReportError(f"the {name} report is made in {', '.join(k.langs)}")
    if fmt not in FORMATS:
        raise ReportError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    convs = [c for c, i in ws.instruments.items() if i.is_convention]
    unknown = [c for c in codes if c not in convs]
    if unknown:
        raise ReportError(f"no Convention {', '.join(unknown)} in the workspace")
    if k.needs_conventions and not codes:
        raise ReportError("choose at least one Convention")
    return k, ([c for c in convs if c in codes] if k.takes_conventions else [])  # the catalogue order


@dataclass
class Generated:
    name: str
    size: int
    modified: datetime


def listing(root: Path) -> list[Generated]:
    """The reports gapkit has written, newest first."""
    folder = out_dir(root)
    if not folder.is_dir():
        return []
    out = []
    for p in folder.iterdir():
        if NAME_RE.match(p.name) and p.is_file() and not p.is_symlink():
            st = p.stat()
            out.append(Generated(p.name, st.st_size, datetime.fromtimestamp(st.st_mtime).astimezone()))
    return sorted(out, key=lambda g: (-g.modified.timestamp(), g.name))


def servable(root: Path, name: str) -> Path | None:
    """The file to send for a download request, or None when it is not a report gapkit wrote."""
    if not NAME_RE.match(name):  # no slash, no dot-dot, no other kind of file
        return None
    folder = out_dir(root).resolve()
    path = folder / name
    if path.is_symlink() or not path.is_file() or path.resolve().parent != folder:
        return None
    return path
