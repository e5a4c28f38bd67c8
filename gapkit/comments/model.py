"""CEACR comments as data: a comment (observation, direct request, CAS conclusions, CFA case) split
into points, each point into requests. Plain dataclasses; the id rules live here too, because the
loader, the checks and the importer must agree on them.

A comment id names the body, the country, the Convention(s), the year and the type, so the id alone
says what a comment is and two people importing the same comment get the same id:

>>> cid = CommentId.parse("CEACR:KZ-C081-C129-2024-OBS")
>>> cid.body, cid.country, cid.conventions, cid.year, cid.type
('CEACR', 'kz', ('C081', 'C129'), 2024, 'observation')
>>> str(CommentId("CFA", "kz", ("C087",), 2018, "cfa_case", case="3283"))
'CFA:KZ-C087-2018-CASE3283'
>>> CommentId.parse("CAS:KZ-C081-2024-CONCL").file_stem
'C081-2024-cas_conclusions'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gapkit.errors import GapkitError

#: Comment types, as NORMLEX distinguishes them, with the body that adopts each and its id suffix.
COMMENT_TYPES: dict[str, tuple[str, str]] = {
    "observation": ("CEACR", "OBS"),
    "direct_request": ("CEACR", "DR"),
    "cas_conclusions": ("CAS", "CONCL"),  # Conference Committee on the Application of Standards
    "cfa_case": ("CFA", "CASE"),  # Committee on Freedom of Association; the suffix carries the case number
}
#: Status of a point or a request (design: "CEACR comment point status").
STATUSES: tuple[str, ...] = ("open", "partially_addressed", "addressed")
OPEN_STATUSES: tuple[str, ...] = ("open", "partially_addressed")
#: How much of a comment's text was read when it was recorded.
TEXT_SEEN: tuple[str, ...] = ("full", "partial", "none")

_ID_RE = re.compile(
    r"""
    ^(?P<body>CEACR|CAS|CFA):
    (?P<country>[A-Z]{2})-
    (?P<convs>[CP]\d{3}(?:-[CP]\d{3})*)-      # the Convention(s) examined: C081-C129
    (?P<year>\d{4})-                          # year adopted (CAS: discussed; CFA: year of the report)
    (?P<suffix>OBS|DR|CONCL|CASE(?P<case>\d+))$
    """,
    re.VERBOSE,
)
#: A point's own part of its id: its position in the comment ("3"), or, for a point known only from
#: other sources whose position is not known, "unseen-" and a slug ("unseen-inspectors-powers").
POINT_LOCAL_RE = re.compile(r"^(?:\d+|unseen-[a-z0-9]+(?:-[a-z0-9]+)*)$")
REQUEST_LOCAL_RE = re.compile(r"^r\d+$")
#: A mapping that set a status: "mapping:" and the Convention requirement it is on.
MAPPING_REF_PREFIX = "mapping:"


class CommentIdError(GapkitError, ValueError):
    """A string that is not a comment id."""


@dataclass(frozen=True)
class CommentId:
    body: str
    country: str  # lower case, as gapkit.toml writes it
    conventions: tuple[str, ...]
    year: int
    type: str
    case: str = ""  # CFA case number

    @classmethod
    def parse(cls, text: str) -> CommentId:
        m = _ID_RE.match(text.strip()) if isinstance(text, str) else None
        if not m:
            raise CommentIdError(f"not a comment id: {text!r} (expected e.g. CEACR:KZ-C081-C129-2024-OBS, "
                                 "CAS:KZ-C081-2024-CONCL, CFA:KZ-C087-2018-CASE3283)")
        suffix = "CASE" if m.group("case") else m.group("suffix")
        ctype = next(t for t, (body, suf) in COMMENT_TYPES.items() if suf == suffix)
        if COMMENT_TYPES[ctype][0] != m.group("body"):
            raise CommentIdError(f"{text!r}: a {ctype} is adopted by the {COMMENT_TYPES[ctype][0]}, "
                                 f"not the {m.group('body')}")
        return cls(m.group("body"), m.group("country").lower(), tuple(m.group("convs").split("-")),
                   int(m.group("year")), ctype, m.group("case") or "")

    @classmethod
    def is_valid(cls, text: str) -> bool:
        try:
            cls.parse(text)
        except CommentIdError:
            return False
        return True

    def __str__(self) -> str:
        suffix = COMMENT_TYPES[self.type][1] + (self.case if self.type == "cfa_case" else "")
        return f"{self.body}:{self.country.upper()}-{'-'.join(self.conventions)}-{self.year}-{suffix}"

    @property
    def file_stem(self) -> str:
        """The file name the layout gives the comment: comments/<cc>/<stem>.yaml."""
        return f"{'-'.join(self.conventions)}-{self.year}-{self.type}"


@dataclass
class Request:
    """One thing the Committee asks of the Government, tracked on its own."""

    id: str  # <point id>/r1
    text: dict[str, str] = field(default_factory=dict)  # our words
    authentic: dict[str, str] = field(default_factory=dict)  # the comment's own sentence, as imported
    status: str = "open"
    status_set_by: str = ""
    line: int = 0

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


@dataclass
class Point:
    """One matter a comment raises: under an article heading, or one numbered sub-point of it."""

    id: str  # <comment id>/<n>
    comment: str
    topic: str = ""  # the CEACR heading (en), or our description where the heading was not seen
    topics: list[str] = field(default_factory=list)  # ids from comments/topics.yaml (roadmap measure 1.3)
    articles: list[str] = field(default_factory=list)  # Convention clause ids
    provisions: list[str] = field(default_factory=list)  # national clause ids the workspace holds
    cited_text: list[str] = field(default_factory=list)  # what is cited but not held, as written
    #: the point's title in our words, per language: what documents show (``topic`` is the Committee's heading)
    title: dict[str, str] = field(default_factory=dict)
    #: ``cited_text`` as documents in other languages name it ({"ru": [...]}, in the same order)
    cited_as: dict[str, list[str]] = field(default_factory=dict)
    summary: dict[str, str] = field(default_factory=dict)  # what is known of the point, in our words
    authentic: dict[str, str] = field(default_factory=dict)  # the point's text, as imported
    requests: list[Request] = field(default_factory=list)
    government_reply: dict[str, str] = field(default_factory=dict)
    reviewer_notes: str = ""
    status: str = "open"
    status_set_by: str = ""  # a comment id, or mapping:<requirement id>
    follows_up: list[str] = field(default_factory=list)  # earlier points this one takes up again
    measure: str = ""  # roadmap measure id, e.g. RM:1.3
    uncertain: bool = False
    uncertain_note: str = ""
    source: dict[str, str] = field(default_factory=dict)
    line: int = 0

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def title_in(self, lang: str) -> str:
        """The point's title in a document's language: ours, else the Committee's heading in an English one."""
        return self.title.get(lang) or (self.topic if lang == "en" else "")

    def cited_in(self, lang: str) -> list[str]:
        """What the point cites that the workspace does not hold, as a document in ``lang`` names it."""
        return self.cited_as.get(lang) or (self.cited_text if lang == "en" else [])


@dataclass
class Comment:
    id: str
    type: str = ""
    country: str = ""
    conventions: list[str] = field(default_factory=list)
    adopted: int | None = None  # year adopted (CAS: discussed; CFA: year of the report)
    ilc_session: int | None = None  # session of the ILC at which it was published / discussed
    published: int | None = None  # year of that session
    normlex_id: str = ""
    url: str = ""
    case: str = ""  # CFA case number
    repeats: str = ""  # id of the earlier comment this one repeats (NORMLEX: "bound to repeat")
    text_seen: str = "full"
    seen_note: str = ""
    government_reply: dict[str, str] = field(default_factory=dict)
    authentic: dict[str, str] = field(default_factory=dict)  # imported text that sits in no point (introduction)
    notes: str = ""
    sources: list[dict[str, str]] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)
    path: str = ""
    line: int = 0


@dataclass
class Topic:
    """A subject a roadmap measure lists (measure 1.3's eleven CEACR topics); points link to it."""

    id: str
    label: dict[str, str] = field(default_factory=dict)
    measure: str = ""
    path: str = ""
    line: int = 0
