"""The answers file's records (``national_law/<country>/answers.yaml``): see :mod:`gapkit.indicators.answers`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from gapkit.workspace import Workspace
from gapkit.yamlio import LINE_KEY, Problem, YamlError, load_yaml

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


@dataclass
class Answers:
    path: str
    answers: dict[str, Answer] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def path_of(ws: Workspace) -> Path:
    return ws.root / "national_law" / (ws.country or "xx") / FILE_NAME


def read(path: Path, rel: str) -> Answers:
    out = Answers(rel)
    if not path.is_file():
        return out
    try:
        data = load_yaml(path, rel)
    except YamlError as e:
        out.problems.append(e.problem)
        return out
    items = data.get("answers") if isinstance(data, dict) else None
    if not isinstance(items, list):
        out.problems.append(Problem(rel, 1, "an answers file is a mapping with a list `answers`"))
        return out
    for raw in items:
        if not isinstance(raw, dict):
            out.problems.append(Problem(rel, 0, f"answers: each entry is a mapping, not {raw!r:.40}"))
            continue
        line = int(raw.get(LINE_KEY, 0) or 0)
        qid = str(raw.get("question", "") or "")
        kind = str(raw.get("kind", "") or "")
        if not qid or kind not in KINDS:
            out.problems.append(Problem(rel, line, f"an answer needs a question and a kind ({', '.join(KINDS)})"))
            continue
        value = raw.get("value")
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            out.problems.append(Problem(rel, line, f"{qid}: value must be a number, not {value!r}"))
            value = None
        known = set(Answer.__dataclass_fields__) - {"line"}
        for key in raw:
            if key != LINE_KEY and key not in known:
                out.problems.append(Problem(rel, line, f"{qid}: unknown field {key!r}"))
        if qid in out.answers:
            out.problems.append(Problem(rel, line, f"{qid} is answered twice (first at line {out.answers[qid].line})"))
            continue
        text = {k: str(raw.get(k, "") or "") for k in ("respondent", "received", "unit", "basis", "period", "text",
                                                       "document", "document_date", "comment", "by", "time")}
        out.answers[qid] = Answer(qid, kind, value=float(value) if value is not None else None,
                                  revision=int(raw.get("revision", 0) or 0), line=line, **text)
    return out


def load_answers(ws: Workspace) -> Answers:
    """The workspace's answers (an absent file: none)."""
    path = path_of(ws)
    return read(path, ws.rel(path))
