"""The answers file's records (``national_law/<country>/answers.yaml``): see :mod:`gapkit.indicators.answers`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from gapkit.fields import FieldReader
from gapkit.workspace import Workspace
from gapkit.yamlio import Problem

FILE_NAME = "answers.yaml"
KINDS = ("c102_test", "article2", "decision")


def c102_question(part: str, test: str) -> str:
    """The id of the question on one C102 test: ``C102:part-III/persons_protected``."""
    return f"C102:{part}/{test}"


@dataclass
class Answer:
    """One question answered."""

    question: str  # C102:part-III/persons_protected, C102:2/parts, C081:10(1)/question
    kind: str  # c102_test | article2 | decision
    respondent: str  # the roadmap party that answered (its code: МТСЗН)
    received: str  # ISO date the answer was received
    value: float | None = None
    unit: str = ""
    basis: str = ""
    period: str = ""
    text: str = ""  # an answer in words (the Parts envisaged, or the answer to a decision's question)
    document: str = ""  # the letter or document the answer came in, as the respondent names it
    document_date: str = ""
    comment: str = ""
    revision: int = 0
    by: str = ""  # who imported it
    time: str = ""
    line: int = 0

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("line")
        return {k: v for k, v in d.items() if v not in ("", None) or k in ("question", "revision")}


#: the fields an answer is written with (its line is where it was read)
FIELDS = frozenset(f.name for f in fields(Answer)) - {"line"}


@dataclass
class Answers:
    path: str
    answers: dict[str, Answer] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def path_of(ws: Workspace) -> Path:
    return ws.root / "national_law" / (ws.country or "xx") / FILE_NAME


def read(path: Path, rel: str) -> Answers:
    """The answers of one file, through the field readers every loader uses: a bad field is a problem with its
    line, never an exception."""
    out = Answers(rel)
    if not path.is_file():
        return out
    r = FieldReader(rel, out.problems)
    data = r.read(path)
    if data is None:
        return out
    for raw in r.items(r.mapping(data, 1, "an answers file").get("answers"), 1, "answers"):
        if not isinstance(raw, dict):
            r.problem(0, f"answers: each entry is a mapping, not {raw!r:.40}")
            continue
        f = r.at(raw, str(raw.get("question", "") or "an answer"))
        qid, kind = f.text("question"), f.text("kind")
        if not qid or kind not in KINDS:
            r.problem(f.line, f"an answer needs a question and a kind ({', '.join(KINDS)})")
            continue
        r.unknown(raw, FIELDS, qid)
        value = raw.get("value")
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            r.problem(f.line, f"{qid}: value must be a number, not {value!r}")
            value = None
        if qid in out.answers:
            r.problem(f.line, f"{qid} is answered twice (first at line {out.answers[qid].line})")
            continue
        texts = {k: f.text(k) for k in ("respondent", "received", "unit", "basis", "period", "text", "document",
                                        "document_date", "comment", "by", "time")}
        out.answers[qid] = Answer(qid, kind, value=float(value) if value is not None else None,
                                  revision=f.whole_number("revision") or 0, line=f.line, **texts)
    return out


def load_answers(ws: Workspace) -> Answers:
    """The workspace's answers (an absent file: none), read once per workspace load (the store forgets them)."""
    if "answers" not in ws.cache:
        path = path_of(ws)
        ws.cache["answers"] = read(path, ws.rel(path))
    return ws.cache["answers"]
