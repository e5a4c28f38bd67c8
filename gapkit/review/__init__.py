"""Reviewer decisions: mappings from national provisions to Convention requirements.

One file per Convention, ``mappings/<CODE>.yaml``; one record per requirement, with a revision
number. Every write happens under a lock, carries the revision its writer saw, and is refused
with :class:`ConflictError` when someone else changed the record since — never merged silently.
Files are replaced atomically (a reader or a crash sees the old file or the new one), and every
change is appended to the Convention's audit log, ``mappings/audit/<CODE>.jsonl``, which is never rewritten.

An audit line says what changed: ``after`` holds the fields the change set (all of them for a new decision) and
``before`` their earlier values; :func:`history` replays a requirement's lines into the whole decision before and
after each change. (A workspace made before the logs were split keeps its ``mappings/audit.jsonl``, whose lines
hold the whole decision: it is read first, the same way.)

A confirmed decision may be approved by a second person (:meth:`MappingStore.approve`, four eyes); any later change
of the decision or its proposals clears the approval. Every change can be undone by another audited change
(:meth:`~MappingStore.unreject`, :meth:`~MappingStore.withdraw`, :meth:`~MappingStore.reset`,
:meth:`~MappingStore.revert`): the log is never rewritten. Texts and names have limits (:data:`MAX_TEXT`,
:data:`gapkit.fields.MAX_NAME`): a longer one is refused, never cut.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from gapkit.citations import Citation, CitationError, instrument_of
from gapkit.errors import GapkitError
from gapkit.fields import MAX_NAME as MAX_NAME  # the limit of a name, part of the review's API
from gapkit.fields import name_problem
from gapkit.model import Clause
from gapkit.texts import official_fingerprint, official_text, summary_text, text_fingerprint
from gapkit.vocab import NOT_REVIEWED, Relation, Stage, Verdict
from gapkit.workspace import Workspace
from gapkit.yamlio import LINE_KEY, Problem, YamlError, append_lines, dump_yaml, load_yaml, locked, write_atomic

# the plain words, for what takes strings (click choices, workbook lists, JSON)
RELATIONS: tuple[str, ...] = tuple(r.value for r in Relation)
VERDICTS: tuple[str, ...] = tuple(v.value for v in Verdict)
SCALE = (*VERDICTS, NOT_REVIEWED)  # the verdict scale as the dashboard, the bars and the reports show it
COVERED: tuple[str, ...] = tuple(r.value for r in Relation if r.covers)  # the provisions together cover the requirement
AUDIT_DIR = "audit"  # mappings/audit/<CODE>.jsonl: one log per Convention
AUDIT_FILE = "audit.jsonl"  # the single log of workspaces made before the split: still read, never written
#: A decision is the analysis team's *preliminary* assessment (made with gapkit, never signed with a person's name,
#: for an expert to confirm or change), or *confirmed* by a named reviewer.
STAGES: tuple[str, ...] = tuple(s.value for s in Stage)
ANALYSIS_TEAM = "analysis team"  # who the audit trail says made a preliminary assessment
#: The longest text a decision holds, in characters, each language separately: a reason, a recommendation, a question,
#: a note on practice, a proposal's wording and justification, a rejection's reason. A longer one is refused, never cut.
MAX_TEXT = 20_000
#: The longest name of a reviewer or approver, in characters (one line of printable characters).


def text_map(value: Any) -> dict[str, str]:
    """A text in several languages ``{ru: .., en: ..}``; a plain string is put under the language its letters are in
    (decisions written before reasons were bilingual, a reason typed in one language).

    >>> text_map("Нет положения."), text_map("No provision."), text_map({"ru": "Да", "en": ""})
    ({'ru': 'Нет положения.'}, {'en': 'No provision.'}, {'ru': 'Да'})
    """
    if isinstance(value, dict):
        return {str(k): str(v).strip() for k, v in value.items() if k != LINE_KEY and v and str(v).strip()}
    s = str(value or "").strip()
    if not s:
        return {}
    letters = [ch for ch in s if ch.isalpha()]
    cyrillic = sum("\u0400" <= ch <= "\u04ff" for ch in letters)
    if cyrillic * 2 < len(letters):
        return {"en": s}
    return {"kk" if any(ch in "әғқңөұүһіӘҒҚҢӨҰҮҺІ" for ch in s) else "ru": s}


def in_lang(texts: dict[str, str], lang: str) -> str:
    """The text in ``lang``, else in another language held (the check reports what is missing)."""
    return texts.get(lang) or next((texts[x] for x in ("ru", "en", "kk") if texts.get(x)), "")


class ReviewError(GapkitError):
    """A decision that cannot be recorded as asked (unknown id, bad value)."""


class ConflictError(ReviewError):
    """The record changed since the writer read it."""


@dataclass
class Rejection:
    provision: str
    reason: str
    reviewer: str
    time: str


#: How a proposal changes its provision, in the words of an amending law: «изложить в следующей редакции»
#: (the whole new wording), «дополнить … следующего содержания» (words added at its end), a new unit, «исключить».
CHANGES = ("wording", "append", "new", "delete")


@dataclass
class Proposal:
    """A proposed amendment of a national provision, answering a requirement.

    ``base`` says what the proposal was drafted on: the provision's ``official`` text (``base_fingerprint`` is that
    text's, of the edition ``base_edition``) or our ``summary`` of it, when the official text was not loaded. A
    proposal drafted on a summary is to be redrafted once the official text is there, and one drafted on an official
    text that has changed since: :meth:`stale` says so. ``current`` is the summary it was drafted on (the official
    text is not copied: it is in the act's file, and ``base_fingerprint`` says which text it was); empty for a new
    unit and for one drafted on the official text.
    """

    provision: str
    current: str
    proposed: str
    justification: str
    reviewer: str
    time: str
    change: str = ""  # one of CHANGES; "" in files written before it existed (read as wording, new or delete)
    base: str = ""  # official | summary | "" (not recorded: drafted before gapkit told them apart)
    base_fingerprint: str = ""
    base_edition: str = ""
    # our English rendering, for English documents (the amendment itself is made in the law's language)
    proposed_en: str = ""
    justification_en: str = ""

    def kind(self, deletion_words: tuple[str, ...] = ("исключить", "исключен", "delete", "repeal")) -> str:
        """The change, for proposals that do not record it: no current wording is a new unit, «Исключить» a deletion."""
        if self.change in CHANGES:
            return self.change
        proposed = self.proposed.strip()
        if not proposed or proposed.rstrip(".").casefold() in deletion_words:
            return "delete"
        return "new" if not self.current.strip() else "wording"

    def stale(self, ws: Workspace) -> str:
        """Why the proposal is to be redrafted ('' when it stands): it was drafted on our summary and the official
        text is now loaded, or on an official text that differs from the one now loaded."""
        if self.kind() == "new":
            return ""
        inst = ws.instruments.get(instrument_of(self.provision))
        if inst is None or self.provision not in inst.clauses:
            return ""
        now = official_fingerprint(inst, self.provision, "ru")
        if now is None:
            return ""
        if self.base != "official":
            return "drafted on our summary; the official text is now loaded"
        if self.base_fingerprint and now != self.base_fingerprint:
            edition = self.base_edition or "an earlier edition"
            return f"drafted on the official text of {edition}, which has changed since"
        return ""


@dataclass
class Mapping:
    """The decision on one requirement: the analysis team's preliminary assessment, or a named reviewer's."""

    requirement: str
    revision: int = 0
    stage: str = Stage.CONFIRMED  # preliminary | confirmed (see STAGES)
    provisions: list[str] = field(default_factory=list)
    relation: str | None = None
    verdict: str = NOT_REVIEWED
    reason: dict[str, str] = field(default_factory=dict)  # {ru, en}: why, in each language
    recommendation: dict[str, str] = field(default_factory=dict)  # {ru, en}: what to change (or verify), where, who
    measure: str = ""  # the roadmap measure that answers the recommendation (RM:1.3)
    points: list[str] = field(default_factory=list)  # the CEACR points the decision relies on
    question: dict[str, str] = field(default_factory=dict)  # insufficient information: what to ask the Ministry
    reviewer: str = ""  # a confirmed decision's reviewer; never set on a preliminary one
    time: str = ""
    method: str = "human"
    practice: dict[str, Any] = field(default_factory=dict)  # {verdict, note: {ru, en}}: what practice shows
    basis: dict[str, dict[str, str]] = field(default_factory=dict)  # provision -> {on, edition, fingerprint}
    proposals: list[Proposal] = field(default_factory=list)
    #: {ru, en}: why no amendment of the law answers a finding that is not (fully) met: a question of practice,
    #: of resources, of information still to come
    no_amendment: dict[str, str] = field(default_factory=dict)
    rejected: list[Rejection] = field(default_factory=list)
    #: bill name -> the verdict if the bill were adopted: {verdict, reason: {ru, en}, stage, reviewer, time}
    if_adopted: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: a second person's approval of the confirmed decision (four eyes): {approver, time, revision}, the revision
    #: approved; cleared by every change of what was approved (the decision, its proposals)
    approval: dict[str, Any] = field(default_factory=dict)
    line: int = 0

    @property
    def decided(self) -> bool:
        """A verdict was given (preliminary or confirmed)."""
        return self.verdict != NOT_REVIEWED

    @property
    def preliminary(self) -> bool:
        return self.decided and self.stage == Stage.PRELIMINARY

    @property
    def confirmed(self) -> bool:
        """Decided by a named reviewer (not only assessed by the analysis team)."""
        return self.decided and self.stage != Stage.PRELIMINARY

    @property
    def approved(self) -> bool:
        """A confirmed decision approved by a second person (not its reviewer): what a report shows as approved."""
        approver = str(self.approval.get("approver") or "")
        return self.confirmed and bool(approver.strip()) and not same_person(approver, self.reviewer)

    def stale_provisions(self, ws: Workspace) -> list[str]:
        """Provisions whose text changed since the decision was made on it.

        A decision made on a provision's official text (``on: official``) stands while the official text the
        workspace holds is that one, or while it holds none (the shipped workspace: summaries only); one made on our
        summary stands while the summary, the edition and the absence of an official text do.
        """
        out = []
        for pid, made_on in self.basis.items():
            clause = ws.clause(pid)
            if clause is None:
                out.append(pid)
                continue
            if made_on.get("on") == "official":
                now = official_fingerprint(ws.instruments[clause.instrument], pid, "ru")
                if now is not None and now != made_on.get("fingerprint"):
                    out.append(pid)
            elif fingerprint(clause) != made_on.get("fingerprint"):
                out.append(pid)
        return out

    def stale_proposals(self, ws: Workspace) -> list[tuple[Proposal, str]]:
        """Proposals to be redrafted against the official text, each with why."""
        return [(p, why) for p in self.proposals if (why := p.stale(ws))]

    def state(self, ws: Workspace) -> str:
        """preliminary, confirmed, needs_review (the texts it was made on changed), rejected, or none."""
        if self.decided:
            if self.stale_provisions(ws) or self.stale_proposals(ws):
                return "needs_review"
            return Stage.PRELIMINARY if self.preliminary else Stage.CONFIRMED
        if self.rejected:
            return "rejected"
        return "none"

    def as_dict(self, ws: Workspace | None = None) -> dict[str, Any]:
        d = asdict(self)
        d.pop("line")
        if ws is not None:
            d["state"] = self.state(ws)
            d["stale_provisions"] = self.stale_provisions(ws)
        return d


def same_person(a: str, b: str) -> bool:
    """Whether two names are one person's as typed: case and runs of spaces aside.

    >>> same_person("A.  Expert", " a. expert"), same_person("A. Expert", "B. Expert")
    (True, False)
    """
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


_LANG_NAMES = {"ru": "Russian", "en": "English", "kk": "Kazakh"}


def check_limits(texts: dict[str, Any] | None = None, names: dict[str, str] | None = None) -> None:
    """Refuse a text longer than :data:`MAX_TEXT` or a name that is not one line of at most
    :data:`gapkit.fields.MAX_NAME` printable characters (:func:`gapkit.fields.name_problem`), saying which field, its
    length and the limit: nothing is ever cut to fit.

    ``texts``: field -> a text, or a text per language ``{ru: .., en: ..}`` (each language is measured on its own);
    ``names``: field (reviewer, approver) -> the name.

    >>> check_limits({"reason": {"en": "x" * 20_001}})
    Traceback (most recent call last):
    ...
    gapkit.review.ReviewError: the reason is 20001 characters long; the limit is 20000 (the English text)
    """
    for what, value in (texts or {}).items():
        items = value.items() if isinstance(value, dict) else [("", value)]
        for lang, text in items:
            if lang == LINE_KEY:
                continue
            n = len(str(text or "").strip())  # what is stored: the text without its surrounding blanks
            if n > MAX_TEXT:
                which = f" (the {_LANG_NAMES.get(str(lang), str(lang))} text)" if lang else ""
                raise ReviewError(f"the {what} is {n} characters long; the limit is {MAX_TEXT}{which}")
    for what, name in (names or {}).items():
        problem = name_problem(name, f"{what}'s name")
        if problem:
            raise ReviewError(problem)


def fingerprint(clause: Clause) -> str:
    """What a decision was made on: the provision's texts (imported and summarised) and edition."""
    payload = json.dumps([clause.authentic, clause.text, clause.edition], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def edition_of(ws: Workspace, clause: Clause) -> str:
    inst = ws.instruments[clause.instrument]
    return clause.edition or inst.edition


def basis_of(ws: Workspace, clause: Clause) -> dict[str, str]:
    """What a decision is made on: the provision's official text where the workspace holds it, else our summary."""
    inst = ws.instruments[clause.instrument]
    official = official_fingerprint(inst, clause.id, "ru")
    if official is not None:
        return {"on": "official", "edition": inst.authentic_edition.get("ru") or edition_of(ws, clause),
                "fingerprint": official}
    return {"on": "summary", "edition": edition_of(ws, clause), "fingerprint": fingerprint(clause)}


def now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


# ---- reading -----------------------------------------------------------------------------


def mapping_path(root: Path, code: str) -> Path:
    return root / "mappings" / f"{code}.yaml"


def _practice(raw: Any) -> dict[str, Any]:
    if not raw:
        return {}
    if not isinstance(raw, dict):
        raise ReviewError(f"practice is a verdict and a note {{verdict: ..., note: ...}}, not {raw!r}")
    out: dict[str, Any] = {}
    if raw.get("verdict"):
        out["verdict"] = str(raw["verdict"])
    note = text_map(raw.get("note"))
    if note:
        out["note"] = note
    return out


def _approval(raw: Any) -> dict[str, Any]:
    if not raw:
        return {}
    return {"approver": str(raw.get("approver", "") or ""), "time": str(raw.get("time", "") or ""),
            "revision": int(raw.get("revision", 0) or 0)}


def _from_dict(raw: dict[str, Any]) -> Mapping:
    return Mapping(
        requirement=str(raw.get("requirement", "")),
        revision=int(raw.get("revision", 0) or 0),
        stage=str(raw.get("stage", Stage.CONFIRMED) or Stage.CONFIRMED),
        provisions=[str(p) for p in raw.get("provisions") or []],
        relation=raw.get("relation"),
        verdict=str(raw.get("verdict", NOT_REVIEWED) or NOT_REVIEWED),
        reason=text_map(raw.get("reason")),
        recommendation=text_map(raw.get("recommendation")),
        measure=str(raw.get("measure", "") or ""),
        points=[str(p) for p in raw.get("points") or []],
        question=text_map(raw.get("question")),
        reviewer=str(raw.get("reviewer", "") or ""),
        time=str(raw.get("time", "") or ""),
        method=str(raw.get("method", "human") or "human"),
        practice=_practice(raw.get("practice")),
        basis={str(k): {kk: str(vv) for kk, vv in v.items() if kk != LINE_KEY}
               for k, v in (raw.get("basis") or {}).items() if k != LINE_KEY},
        proposals=[Proposal(**{k: str(v) for k, v in p.items() if k != LINE_KEY}) for p in raw.get("proposals") or []],
        no_amendment=text_map(raw.get("no_amendment")),
        rejected=[Rejection(**{k: str(v) for k, v in r.items() if k != LINE_KEY}) for r in raw.get("rejected") or []],
        if_adopted={str(b): {"verdict": str(v.get("verdict", "")), "reason": text_map(v.get("reason")),
                             "stage": str(v.get("stage", "") or ""), "reviewer": str(v.get("reviewer", "") or ""),
                             "time": str(v.get("time", "") or "")}
                    for b, v in (raw.get("if_adopted") or {}).items() if b != LINE_KEY and isinstance(v, dict)},
        approval=_approval(raw.get("approval")),
        line=int(raw.get(LINE_KEY, 0)),
    )


_TEXT_FIELDS = ("reason", "recommendation", "question", "no_amendment")
_LIST_FIELDS = ("provisions", "points", "proposals", "rejected")


def _shape_problem(raw: dict[str, Any]) -> str:
    """What makes a hand-edited record unreadable ('' when it reads): every command that reads it would otherwise
    fail somewhere else with a traceback, or show it wrongly."""
    rid = raw.get("requirement")
    if not isinstance(rid, str) or not Citation.is_valid(rid):
        return f"requirement {rid!r} is not a requirement id such as C081:12(1)(a)"
    for key in _LIST_FIELDS:
        if raw.get(key) is not None and not isinstance(raw[key], list):
            return f"{rid}: {key} must be a list"
    if not all(isinstance(p, str) and Citation.is_valid(p) for p in raw.get("provisions") or []):
        return f"{rid}: provisions must be provision ids such as KZ-LC:191(1)"
    for key in ("proposals", "rejected"):
        if not all(isinstance(x, dict) for x in raw.get(key) or []):
            return f"{rid}: each of {key} is a mapping"
    for key in _TEXT_FIELDS:
        if raw.get(key) is not None and not isinstance(raw[key], dict | str):
            return f"{rid}: {key} is a text, or a text per language {{ru: ..., en: ...}}"
    for key in ("practice", "basis", "if_adopted", "approval"):
        if raw.get(key) is not None and not isinstance(raw[key], dict):
            return f"{rid}: {key} must be a mapping"
    for bill, v in (raw.get("if_adopted") or {}).items():
        if bill != LINE_KEY and (not isinstance(v, dict) or v.get("verdict") not in VERDICTS):
            return f"{rid}: if_adopted {bill}: a verdict ({', '.join(VERDICTS)}) with its reason"
    verdict = raw.get("verdict", NOT_REVIEWED)
    if verdict not in SCALE:
        return f"{rid}: verdict {verdict!r} is not one of {', '.join(VERDICTS)}"
    if raw.get("relation") is not None and raw["relation"] not in RELATIONS:
        return f"{rid}: relation {raw['relation']!r} is not one of {', '.join(RELATIONS)}"
    return ""


def read_file(path: Path) -> dict[str, Mapping]:
    """The mappings of one file, by requirement id (empty when the file does not exist).

    A file that does not read whole raises :class:`YamlError` with the line: a record of the wrong shape, a
    requirement recorded twice, a second ``mappings:`` key. Nothing is ever dropped silently, and a writer that reads
    the file stops before it could write back less than it found."""
    if not path.exists():
        return {}
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise YamlError(Problem(str(path), 1, "a mappings file is a mapping with 'instrument' and 'mappings'"))
    records = data.get("mappings") or []
    if not isinstance(records, list):
        raise YamlError(Problem(str(path), int(data.get(LINE_KEY, 1)), "mappings must be a list of decisions"))
    out: dict[str, Mapping] = {}
    for raw in records:
        if not isinstance(raw, dict):
            raise YamlError(Problem(str(path), int(data.get(LINE_KEY, 1)), f"a decision is a mapping, not {raw!r}"))
        line = int(raw.get(LINE_KEY, 1))
        problem = _shape_problem(raw)
        if problem:
            raise YamlError(Problem(str(path), line, problem))
        try:
            m = _from_dict(raw)
        except (TypeError, ValueError, AttributeError) as e:  # a hand edit: an unknown field, revision: x ...
            raise YamlError(Problem(str(path), line, f"unreadable mapping: {e}")) from e
        if m.requirement in out:
            raise YamlError(Problem(str(path), line, f"{m.requirement} is recorded twice (first at line "
                                                     f"{out[m.requirement].line}): keep one"))
        out[m.requirement] = m
    return out


class MappingsUnreadable(YamlError):
    """A decisions file that cannot be read: every command that needs the decisions stops and says so, rather than
    showing a Convention as not reviewed."""


def load_mappings(ws: Workspace) -> dict[str, Mapping]:
    """Every mapping of the workspace, by requirement id (memoised for the process)."""
    if "mappings" not in ws.cache:
        out: dict[str, Mapping] = {}
        for path in sorted((ws.root / "mappings").glob("*.yaml")):
            try:
                out.update(read_file(path))
            except YamlError as e:
                p = e.problem
                raise MappingsUnreadable(Problem(ws.rel(path), p.line, p.message + "; fix the file (gapkit check "
                                                                                   "lists its problems)")) from e
        ws.cache["mappings"] = out
    return ws.cache["mappings"]


# ---- writing -----------------------------------------------------------------------------


_locked = locked  # the file lock every writer of a workspace file takes (gapkit.yamlio.locked)


def audit_path(root: Path, requirement: str) -> Path:
    """The audit log a requirement's changes go to: its Convention's."""
    return root / "mappings" / AUDIT_DIR / f"{instrument_of(requirement)}.jsonl"


def audit_logs(root: Path) -> list[Path]:
    """Every audit log of the workspace, the single log of before the split first (its lines are the older)."""
    legacy = root / "mappings" / AUDIT_FILE
    shards = sorted((root / "mappings" / AUDIT_DIR).glob("*.jsonl"))
    return ([legacy] if legacy.exists() else []) + shards


def audit_change(before: dict[str, Any] | None, after: dict[str, Any]) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """What an audit line keeps of a change: the fields that differ, with their values before and after (a new
    decision: every field after, nothing before). :func:`history` rebuilds the whole decision from these."""
    if before is None:
        return None, after
    changed = [k for k in after if before.get(k) != after[k]] + [k for k in before if k not in after]
    return {k: before.get(k) for k in changed}, {k: after.get(k) for k in changed}


def _append_audit(root: Path, entry: dict[str, Any]) -> None:
    append_lines(audit_path(root, str(entry["requirement"])), [json.dumps(entry, ensure_ascii=False, sort_keys=True)],
                 root / "mappings" / ".audit.lock")


def _write_file(path: Path, code: str, mappings: dict[str, Mapping], order: list[str]) -> None:
    rank = {cid: i for i, cid in enumerate(order)}
    rows = [m.as_dict() for m in sorted(mappings.values(), key=lambda m: (rank.get(m.requirement, 1 << 30),
                                                                          m.requirement))]
    for r in rows:  # keep the files short: leave out what is empty
        for k in ("practice", "basis", "proposals", "rejected", "relation", "recommendation", "measure", "points",
                  "question", "no_amendment", "if_adopted", "approval"):
            if not r.get(k):
                r.pop(k, None)
        for p in r.get("proposals") or []:
            for k in ("change", "base", "base_fingerprint", "base_edition", "proposed_en", "justification_en"):
                if not p.get(k):
                    p.pop(k, None)
    header = (f"# Reviewer decisions on {code}, written by gapkit (confirm, reject, propose).\n"
              "# Edit through gapkit: every change is checked against its revision and logged in "
              f"audit/{code}.jsonl.\n")
    write_atomic(path, header + dump_yaml({"instrument": code, "mappings": rows}))


class MappingStore:
    """Reads and writes the mappings of one workspace."""

    def __init__(self, ws: Workspace):
        self.ws = ws
        self.root = ws.root

    # -- the decisions ------------------------------------------------------------------
    def _decision(self, provisions: list[str], relation: str, verdict: str, reason: dict[str, str],
                  practice: dict[str, Any] | None, points: list[str] | None, measure: str, *,
                  recommendation: dict[str, str] | None = None, question: dict[str, str] | None = None,
                  no_amendment: dict[str, str] | None = None) -> tuple[list[Clause], dict[str, Any], list[str]]:
        """The checks every decision passes, whoever makes it: values from the vocabularies, a reason, provisions
        that exist (none only with no_relationship), CEACR points and a roadmap measure that exist, texts within
        :data:`MAX_TEXT`."""
        prac = _practice(practice or {})
        check_limits({"reason": reason, "recommendation": recommendation, "question": question,
                      "note on practice": prac.get("note"), "note on why no amendment": no_amendment})
        if relation not in RELATIONS:
            raise ReviewError(f"relation {relation!r} is not one of {', '.join(RELATIONS)}")
        if verdict not in VERDICTS:
            raise ReviewError(f"verdict {verdict!r} is not one of {', '.join(VERDICTS)}")
        if not any(v.strip() for v in reason.values()):
            raise ReviewError("a decision needs a reason")
        clauses = [self._provision(p) for p in provisions]
        if not clauses and relation != Relation.NO_RELATIONSHIP:
            raise ReviewError("name the national provision(s), or use --relation no_relationship")
        if prac.get("verdict") and prac["verdict"] not in VERDICTS:
            raise ReviewError(f"practice verdict {prac['verdict']!r} is not one of {', '.join(VERDICTS)}")
        known = _point_ids(self.ws)
        unknown = [p for p in points or [] if p not in known]
        if unknown:
            raise ReviewError(f"no CEACR comment point {', '.join(unknown)} in comments/")
        if measure and measure not in _measure_ids(self.ws):
            raise ReviewError(f"no roadmap measure {measure} in roadmap/")
        return clauses, prac, list(dict.fromkeys(points or []))

    def confirm(self, requirement: str, provisions: list[str], relation: str, verdict: str,
                reason: str | dict[str, str], reviewer: str, expect_revision: int | None = None,
                practice: dict[str, Any] | None = None, recommendation: str | dict[str, str] | None = None,
                measure: str = "", points: list[str] | None = None, question: str | dict[str, str] | None = None
                ) -> Mapping:
        """A named reviewer's decision (it replaces a preliminary assessment, which stays in the history)."""
        texts, recommended, asked = text_map(reason), text_map(recommendation), text_map(question)
        clauses, prac, pts = self._decision(provisions, relation, verdict, texts, practice, points, measure,
                                            recommendation=recommended, question=asked)

        def apply(m: Mapping, t: str) -> None:
            m.stage, m.provisions = Stage.CONFIRMED, [c.id for c in clauses]
            m.relation, m.verdict, m.reason = relation, verdict, texts
            m.recommendation, m.measure = recommended, measure
            m.points, m.question = pts, asked
            m.reviewer, m.time, m.method = reviewer, t, "human"
            m.practice = prac
            m.basis = {c.id: basis_of(self.ws, c) for c in clauses}
            # a confirmed provision is no longer a rejected one
            m.rejected = [r for r in m.rejected if r.provision not in m.provisions]

        return self._update(requirement, reviewer, expect_revision, "confirm", apply)

    def assess(self, requirement: str, provisions: list[str], relation: str, verdict: str, reason: dict[str, str],
               recommendation: dict[str, str] | None = None, measure: str = "", points: list[str] | None = None,
               question: dict[str, str] | None = None, practice: dict[str, Any] | None = None,
               expect_revision: int | None = None, by: str = ANALYSIS_TEAM,
               proposals: list[Proposal] | None = None, no_amendment: dict[str, str] | None = None) -> Mapping:
        """The analysis team's preliminary assessment: no person's name; never over a named reviewer's decision.
        ``proposals`` (drafted with :meth:`draft`): the team's amendment proposals, in place of its earlier ones (a
        named reviewer's stay); ``no_amendment``: why no amendment answers the finding."""
        texts, recommended, asked = text_map(reason), text_map(recommendation), text_map(question)
        clauses, prac, pts = self._decision(provisions, relation, verdict, texts, practice, points, measure,
                                            recommendation=recommended, question=asked,
                                            no_amendment=text_map(no_amendment))

        def apply(m: Mapping, t: str) -> None:
            if m.confirmed:
                raise ConflictError(f"{requirement} has a decision confirmed by {m.reviewer} ({m.time}); a preliminary "
                                    "assessment never replaces it. Nothing was written.")
            m.stage, m.provisions = Stage.PRELIMINARY, [c.id for c in clauses]
            m.relation, m.verdict, m.reason = relation, verdict, texts
            m.recommendation, m.measure = recommended, measure
            m.points, m.question = pts, asked
            m.reviewer, m.time, m.method = "", t, "hybrid"  # made with gapkit's help by the team, not by one expert
            m.practice = prac
            m.basis = {c.id: basis_of(self.ws, c) for c in clauses}
            m.rejected = [r for r in m.rejected if r.provision not in m.provisions]
            if proposals is not None:
                ours = [replace(p, reviewer=by, time=t) for p in proposals]
                m.proposals = [p for p in m.proposals if p.reviewer != by and p.provision not in
                               {q.provision for q in ours}] + ours
            if no_amendment is not None:
                m.no_amendment = text_map(no_amendment)

        return self._update(requirement, by, expect_revision, "assess", apply, signed=False)

    def accept(self, requirement: str, reviewer: str, expect_revision: int | None = None) -> Mapping:
        """A named reviewer confirms the preliminary assessment as it is (the assessment stays in the history)."""
        def apply(m: Mapping, t: str) -> None:
            if not m.preliminary:
                raise ReviewError(f"{requirement} has no preliminary assessment to confirm")
            m.stage, m.reviewer, m.time, m.method = Stage.CONFIRMED, reviewer, t, "human"
            m.basis = {pid: basis_of(self.ws, self._provision(pid)) for pid in m.provisions}

        return self._update(requirement, reviewer, expect_revision, "confirm_preliminary", apply)

    def reject(self, requirement: str, provision: str, reason: str, reviewer: str,
               expect_revision: int | None = None) -> Mapping:
        clause = self._provision(provision)
        check_limits({"rejection reason": reason})
        if not reason.strip():
            raise ReviewError("a rejection needs a reason")

        def apply(m: Mapping, t: str) -> None:
            if clause.id in m.provisions:
                raise ReviewError(f"{clause.id} is part of the confirmed decision on {requirement}; "
                                  "confirm the requirement again without it instead")
            m.rejected = [r for r in m.rejected if r.provision != clause.id]
            m.rejected.append(Rejection(clause.id, reason.strip(), reviewer, t))

        return self._update(requirement, reviewer, expect_revision, "reject", apply)

    def propose(self, requirement: str, provision: str, proposed: str, justification: str, reviewer: str,
                expect_revision: int | None = None, change: str | None = None, proposed_en: str = "",
                justification_en: str = "") -> Mapping:
        """Record an amendment proposal, drafted on the provision's official text where the workspace holds it,
        else on our summary (it says which); a new provision that does not exist yet is proposed with an id and no
        current wording. ``change``: one of :data:`CHANGES` (default: wording, or new for a provision not held)."""
        draft = self.draft(provision, proposed, justification, change, proposed_en, justification_en)

        def apply(m: Mapping, t: str) -> None:
            m.proposals = [p for p in m.proposals if p.provision != draft.provision]
            m.proposals.append(replace(draft, reviewer=reviewer, time=t))

        return self._update(requirement, reviewer, expect_revision, "propose", apply)

    def draft(self, provision: str, proposed: str, justification: str, change: str | None = None,
              proposed_en: str = "", justification_en: str = "") -> Proposal:
        """An amendment proposal checked and placed on the text it is drafted on (not yet recorded: no reviewer,
        no time)."""
        check_limits({"proposed wording": proposed, "justification": justification,
                      "proposed wording in English": proposed_en, "justification in English": justification_en})
        clause = self.ws.clause(provision)
        try:
            cit = Citation.parse(provision)
        except CitationError as e:
            raise ReviewError(str(e)) from e
        if cit.instrument not in self.ws.instruments or self.ws.instruments[cit.instrument].kind != "act":
            raise ReviewError(f"{provision}: not a provision of a national act of this workspace")
        change = change or ("new" if clause is None else "wording")
        if change not in CHANGES:
            raise ReviewError(f"change {change!r} is not one of {', '.join(CHANGES)}")
        if clause is None and change != "new":
            raise ReviewError(f"{provision} is not in the workspace: only a new provision (change new) can be proposed")
        if clause is not None and change == "new":
            raise ReviewError(f"{provision} exists already: propose its new wording (change wording) or an addition")
        if not justification.strip():
            raise ReviewError("an amendment proposal needs a justification")
        if not proposed.strip() and change != "delete":
            raise ReviewError("an amendment proposal needs the proposed wording")
        current, base, base_fp, base_ed = "", "", "", ""
        if clause is not None:
            inst = self.ws.instruments[cit.instrument]
            official = official_text(inst, clause.id, "ru")
            if official is not None:
                # the official wording itself stays in the act's file: the proposal records which text it is
                base, base_fp, base_ed = "official", text_fingerprint(official), inst.authentic_edition.get("ru", "")
            else:
                current, base = summary_text(clause, "ru"), "summary"
                base_fp, base_ed = text_fingerprint(current), edition_of(self.ws, clause)
        return Proposal(str(cit), current, proposed.strip(), justification.strip(), "", "", change, base, base_fp,
                        base_ed, proposed_en.strip(), justification_en.strip())

    # -- four eyes ----------------------------------------------------------------------
    def approve(self, requirement: str, approver: str, expect_revision: int | None = None) -> Mapping:
        """A second person approves the confirmed decision as it stands (four eyes): the approval records who, when
        and the revision approved; any later change of the decision or its proposals clears it."""
        check_limits(names={"approver": approver})
        if not approver.strip():
            raise ReviewError("an approval needs the approver's name")
        if same_person(approver, ANALYSIS_TEAM):
            raise ReviewError("a named person approves a decision, not the analysis team")

        def apply(m: Mapping, t: str) -> None:
            if not m.decided:
                raise ReviewError(f"{requirement} has no decision to approve")
            if m.preliminary:
                raise ReviewError(f"{requirement} holds the analysis team's preliminary assessment: a named reviewer "
                                  "confirms it first, then a second person approves the confirmed decision")
            if same_person(approver, m.reviewer):
                raise ReviewError(f"{m.reviewer} made the decision on {requirement}; it is approved by a second "
                                  "person (four eyes), not by its reviewer")
            stale = m.stale_provisions(self.ws)
            if stale:
                raise ReviewError(f"the text of {', '.join(stale)} changed after the decision on {requirement}: "
                                  "it is reviewed again before it is approved")
            redraft = [p.provision for p, _ in m.stale_proposals(self.ws)]
            if redraft:
                raise ReviewError(f"the amendment proposal on {', '.join(redraft)} is to be redrafted against the "
                                  f"official text before the decision on {requirement} is approved")
            if m.approval.get("approver"):
                raise ReviewError(f"the decision on {requirement} is already approved by "
                                  f"{m.approval['approver']} ({m.approval.get('time', '')})")
            m.approval = {"approver": approver, "time": t, "revision": m.revision}

        return self._update(requirement, approver, expect_revision, "approve", apply)

    # -- undo ----------------------------------------------------------------------------
    def unreject(self, requirement: str, provision: str, reviewer: str, expect_revision: int | None = None
                 ) -> Mapping:
        """Take back the rejection of a provision for a requirement (it may be suggested again)."""
        pid = _cited(provision)

        def apply(m: Mapping, t: str) -> None:
            if not any(r.provision == pid for r in m.rejected):
                raise ReviewError(f"{pid} is not rejected for {requirement}")
            m.rejected = [r for r in m.rejected if r.provision != pid]

        return self._update(requirement, reviewer, expect_revision, "unreject", apply)

    def withdraw(self, requirement: str, provision: str, reviewer: str, expect_revision: int | None = None
                 ) -> Mapping:
        """Withdraw the amendment proposal on a provision (the proposals are part of the decision: an approval of it
        is cleared)."""
        pid = _cited(provision)

        def apply(m: Mapping, t: str) -> None:
            if not any(p.provision == pid for p in m.proposals):
                raise ReviewError(f"{requirement} has no amendment proposal on {pid}")
            m.proposals = [p for p in m.proposals if p.provision != pid]

        return self._update(requirement, reviewer, expect_revision, "withdraw", apply)

    def reset(self, requirement: str, reviewer: str, expect_revision: int | None = None) -> Mapping:
        """The decision back to not reviewed, by ``reviewer`` now (the earlier decision stays in the history);
        the rejections and proposals stay: :meth:`unreject` and :meth:`withdraw` undo those."""
        def apply(m: Mapping, t: str) -> None:
            if not m.decided:
                raise ReviewError(f"{requirement} has no decision to reset")
            blank = Mapping(m.requirement)
            m.stage, m.verdict, m.method = blank.stage, NOT_REVIEWED, blank.method
            m.provisions, m.relation, m.reason, m.recommendation = [], None, {}, {}
            m.measure, m.points, m.question, m.practice, m.basis = "", [], {}, {}, {}
            m.no_amendment, m.if_adopted = {}, {}
            m.reviewer, m.time = reviewer, t

        return self._update(requirement, reviewer, expect_revision, "reset", apply)

    def revert(self, requirement: str, to_revision: int, reviewer: str, expect_revision: int | None = None
               ) -> Mapping:
        """The decision as it was after revision ``to_revision`` (from the audit trail), recorded as a new revision:
        a restored confirmed decision is ``reviewer``'s, made now; a restored preliminary assessment stays the
        analysis team's. Its approval is not restored (an approval is given, never copied)."""
        req = self._requirement(requirement)

        def apply(m: Mapping, t: str) -> None:
            if to_revision == m.revision:
                raise ReviewError(f"revision {to_revision} is the current revision of {req.id}: nothing to revert")
            rows = [e for e in history(self.root, req.id) if not e.get("damaged") and e.get("landed")
                    and e.get("revision") == to_revision and to_revision < m.revision]
            if not rows:
                raise ReviewError(f"revision {to_revision} of {req.id} is not in its history "
                                  f"(gapkit history {req.id} lists them)")
            raw = {**rows[-1]["after"], "requirement": req.id}
            raw.pop("state", None), raw.pop("stale_provisions", None)
            problem = _shape_problem(raw)
            if problem:
                raise ReviewError(f"revision {to_revision} cannot be restored: {problem}")
            was = _from_dict(raw)
            cited = [*was.provisions, *(r.provision for r in was.rejected)]
            gone = [pid for pid in cited if self.ws.clause(pid) is None]
            if gone:
                raise ReviewError(f"revision {to_revision} of {req.id} relies on {', '.join(gone)}, no longer in the "
                                  "workspace: it cannot be restored")
            if was.decided:
                self._decision(was.provisions, str(was.relation or ""), was.verdict, was.reason, was.practice,
                               was.points, was.measure, recommendation=was.recommendation, question=was.question,
                               no_amendment=was.no_amendment)
            for f in fields(Mapping):
                if f.name not in ("requirement", "revision", "line", "approval"):
                    setattr(m, f.name, getattr(was, f.name))
            if was.preliminary:
                m.reviewer = ""
            else:  # a confirmed decision (or none) is now the reverting reviewer's
                m.reviewer, m.time = reviewer, t
                if was.decided:
                    m.method = "human"

        return self._update(req.id, reviewer, expect_revision, "revert", apply, extra={"to_revision": to_revision})

    # -- the one way a record changes ----------------------------------------------------
    def _clause(self, any_id: str, kinds: tuple[str, ...], missing: str) -> Clause:
        """The clause an id names, if it belongs to an instrument of one of ``kinds``."""
        clause = self.ws.clause(_cited(any_id))
        if clause is None or self.ws.instruments[clause.instrument].kind not in kinds:
            raise ReviewError(f"{any_id}: {missing}")
        return clause

    def _requirement(self, requirement: str) -> Clause:
        return self._clause(requirement, ("convention", "protocol"),
                            "no such requirement in the workspace's Convention catalogues")

    def _provision(self, provision: str) -> Clause:
        return self._clause(provision, ("act",), "no such national provision in the workspace")

    def assess_if_adopted(self, requirement: str, bill: str, verdict: str, reason: dict[str, str] | str,
                          reviewer: str = "", expect_revision: int | None = None) -> Mapping:
        """The verdict on ``requirement`` if ``bill`` were adopted, with its reason: the analysis team's preliminary
        one (no ``reviewer``) or a named reviewer's, audited as every decision; the requirement's decision on the
        law as it stands is not touched. A preliminary one never replaces a reviewer's."""
        if verdict not in VERDICTS:
            raise ReviewError(f"verdict {verdict!r} is not one of {', '.join(VERDICTS)}")
        texts = text_map(reason)
        check_limits({"reason": texts})
        if not texts:
            raise ReviewError("a verdict if adopted needs a reason")

        def apply(m: Mapping, t: str) -> None:
            before = m.if_adopted.get(bill) or {}
            if not reviewer and before.get("reviewer"):
                raise ConflictError(f"{requirement}: the verdict if {bill} is adopted was given by "
                                    f"{before['reviewer']}; a preliminary one never replaces it. Nothing was written.")
            stage = Stage.CONFIRMED if reviewer else Stage.PRELIMINARY
            m.if_adopted = {**m.if_adopted, bill: {"verdict": verdict, "reason": texts, "stage": str(stage),
                                                   "reviewer": reviewer, "time": t}}

        return self._update(requirement, reviewer or ANALYSIS_TEAM, expect_revision, f"if_adopted:{bill}", apply,
                            signed=bool(reviewer))

    def _update(self, requirement: str, reviewer: str, expect_revision: int | None, action: str,
                apply: Callable[[Mapping, str], None], signed: bool = True,
                extra: dict[str, Any] | None = None) -> Mapping:
        """The one way a record changes: under the Convention's lock, refused if its revision is not
        ``expect_revision``, ``apply`` run on a copy, the audit line (with ``extra``) written first, then the file
        replaced atomically."""
        req = self._requirement(requirement)
        if signed and not reviewer.strip():
            raise ReviewError("a decision needs the reviewer's name")
        check_limits(names={"reviewer": reviewer})
        code = req.instrument
        path = mapping_path(self.root, code)
        with _locked(self.root / "mappings" / f".{code}.lock"):
            current = read_file(path)
            before = current.get(req.id) or Mapping(req.id)
            if expect_revision is not None and before.revision != expect_revision:
                who = f"{before.reviewer} at {before.time}" if before.reviewer else "someone"
                raise ConflictError(
                    f"{req.id} was changed by {who} (revision {before.revision}); your change was based on "
                    f"revision {expect_revision}. Nothing was written: reload, look at their decision, and try again."
                )
            after = _from_dict(before.as_dict())
            t = now()
            apply(after, t)
            known = after.practice.get("verdict")
            if known and known not in VERDICTS:  # a hand edit, or a value from before it was checked: never kept
                raise ReviewError(f"{req.id}: practice verdict {known!r} is not one of {', '.join(VERDICTS)}; "
                                  "confirm the decision again with one of these (or none). Nothing was written.")
            if action != "approve" and _approved_content(before) != _approved_content(after):
                after.approval = {}  # an approval is of one wording of the decision: any other change clears it
            after.revision = before.revision + 1
            current[req.id] = after
            # The log line goes first: a process killed between the two leaves a line for a change that
            # did not land (history() shows it as such), never a landed change without its line.
            was, now_ = audit_change(before.as_dict() if before.revision else None, after.as_dict())
            _append_audit(self.root, {
                "time": t, "reviewer": reviewer if signed else "", **({} if signed else {"by": reviewer}),
                "action": action, "requirement": req.id, "revision": after.revision, "before": was, "after": now_,
                **(extra or {}),
            })
            _write_file(path, code, current, list(self.ws.instruments[code].clauses))
        # the decisions memoised for the process take this file's as just written (a new dict: a reader iterating the
        # old one in another thread is not disturbed); the graph is built from them again when asked
        memo = self.ws.cache.get("mappings")
        if memo is not None:
            self.ws.cache["mappings"] = {**memo, **current}
        self.ws.cache.pop("graph", None)
        return after


#: what an approval does not cover: changing them leaves the decision approved
_OUTSIDE_APPROVAL = frozenset({"revision", "line", "approval", "rejected", "if_adopted"})


def _approved_content(m: Mapping) -> dict[str, Any]:
    """What an approval approves: the decision with its provisions, reasons, proposals, author and time."""
    return {k: v for k, v in m.as_dict().items() if k not in _OUTSIDE_APPROVAL}


def _cited(any_id: str) -> str:
    """An id as the records write it (a provision that is no longer in the workspace is still named)."""
    try:
        return str(Citation.parse(any_id))
    except CitationError as e:
        raise ReviewError(str(e)) from e


def _point_ids(ws: Workspace) -> set[str]:
    from gapkit.comments import load_comments

    return {p.id for c in load_comments(ws).comments.values() for p in c.points}


def _measure_ids(ws: Workspace) -> set[str]:
    from gapkit import roadmap

    rm = roadmap.load(ws).roadmap
    return set(rm.measures) if rm is not None else set()


def read_audit(root: Path, logs: list[Path] | None = None) -> tuple[list[dict[str, Any]], list[tuple[str, int, str]]]:
    """The audit logs' entries (of ``logs``; default: every log), oldest first, and their damaged lines (file,
    number, text): a line cut short by a crash or a full disk, or garbled, never stops a log from being read."""
    entries: list[dict[str, Any]] = []
    damaged: list[tuple[str, int, str]] = []
    for path in audit_logs(root) if logs is None else logs:
        rel = path.relative_to(root).as_posix()
        with path.open("rb") as f:
            for n, raw in enumerate(f, 1):
                text = raw.decode("utf-8", errors="replace").strip()
                if not text:
                    continue
                try:
                    entry = json.loads(text)
                except ValueError:
                    damaged.append((rel, n, text))
                    continue
                if isinstance(entry, dict):
                    entries.append(entry)
                else:
                    damaged.append((rel, n, text))
    return entries, damaged


def replay(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The audit lines (of any requirements, oldest first), each with the whole decision before and after it,
    replayed per requirement from what each line changed, and ``landed``: False for a line whose writer stopped
    before its file was replaced (the next line of that requirement has the same revision and replaces it). A line
    of the wrong shape is left out."""
    out: list[dict[str, Any]] = []
    # per requirement: the decision as the landed lines so far leave it, as it was before the last of them, that line
    last: dict[str, tuple[dict[str, Any], dict[str, Any], dict[str, Any]]] = {}
    for entry in entries:
        rid = str(entry.get("requirement") or "")
        state, base, prev = last.get(rid, ({}, {}, {}))
        if prev and prev.get("revision") == entry.get("revision"):
            prev["landed"] = False
            state = base
        before, after = entry.get("before"), entry.get("after") or {}
        if not isinstance(after, dict) or (before is not None and not isinstance(before, dict)):
            continue
        whole_after = {**state, **before, **after} if before is not None else dict(after)
        whole_before = {**whole_after, **before} if before is not None else None
        item = {**entry, "before": whole_before, "after": whole_after, "landed": True}
        out.append(item)
        last[rid] = (whole_after, state, item)
    return out


def history(root: Path, requirement: str) -> list[dict[str, Any]]:
    """The audit trail of one requirement, oldest first, each change with the whole decision before and after it
    (:func:`replay`); a damaged line that names it is shown as damaged. Only the logs that can hold it are read: its
    Convention's, and the single log of before the split."""
    own = audit_path(root, requirement)
    entries, damaged = read_audit(root, [p for p in audit_logs(root) if p == own or p.name == AUDIT_FILE])
    out = replay([e for e in entries if e.get("requirement") == requirement])
    out += [{"damaged": True, "file": rel, "line": n, "requirement": requirement, "landed": False}
            for rel, n, text in damaged if f'"{requirement}"' in text]
    return out


def proposals_with_state(ws: Workspace, provision: str) -> list[dict[str, Any]]:
    """Amendment proposals on a provision, each saying whether the decision it belongs to is confirmed (only a
    confirmed decision's proposal answers a comment): what the comments' follow-up asks of the decisions."""
    mappings = load_mappings(ws)
    return [{**p, "confirmed": mappings[p["requirement"]].confirmed} for p in proposals_for(ws, provision)]


def proposals_for(ws: Workspace, provision: str) -> list[dict[str, Any]]:
    """Amendment proposals made on one national provision, with the requirement they answer."""
    return [{"requirement": m.requirement, **asdict(p)}
            for m in load_mappings(ws).values() for p in m.proposals if p.provision == provision]


def _decision_problems(ws: Workspace, rel: str, m: Mapping, points: set[str], measures: set[str]
                       ) -> Iterator[Problem]:
    """What a decision must hold: a named reviewer on a confirmed one and none on a preliminary one; its reason and
    recommendation in Russian and English (a named reviewer's reason in one language is a warning: the documents of
    the other language show it untranslated); a recommendation wherever the law falls short; the question to ask
    where information is missing; CEACR points and a roadmap measure that exist."""
    if m.stage not in STAGES:
        yield Problem(rel, m.line, f"{m.requirement}: stage {m.stage!r} is not one of {', '.join(STAGES)}")
    if not m.decided:
        return
    if m.stage == Stage.PRELIMINARY and m.reviewer:
        yield Problem(rel, m.line, f"{m.requirement}: a preliminary assessment carries no person's name "
                                   f"(reviewer {m.reviewer!r}); a named reviewer confirms it instead")
    if m.stage != Stage.PRELIMINARY and not m.reviewer:
        yield Problem(rel, m.line, f"{m.requirement}: a confirmed decision names its reviewer")
    if not m.reason:
        yield Problem(rel, m.line, f"{m.requirement}: a decision gives its reason")
    severity = "error" if m.preliminary else "warning"
    for what, texts in (("reason", m.reason), ("recommendation", m.recommendation), ("question", m.question)):
        missing = [lang for lang in ("ru", "en") if not texts.get(lang)] if texts else []
        if missing:
            yield Problem(rel, m.line, f"{m.requirement}: the {what} is missing in {' and '.join(missing)}",
                          severity)
    if m.verdict in (Verdict.NON_COMPLIANT, Verdict.PARTIALLY_COMPLIANT) and not m.recommendation:
        yield Problem(rel, m.line, f"{m.requirement}: a {m.verdict.replace('_', ' ')} decision says what to do: "
                                   "add its recommendation", severity)
    if m.verdict == Verdict.INSUFFICIENT_INFORMATION and not m.question and m.preliminary:
        yield Problem(rel, m.line, f"{m.requirement}: insufficient information: say what to ask the Ministry "
                                   "(question)")
    for p in m.points:
        if p not in points:
            yield Problem(rel, m.line, f"{m.requirement}: no CEACR comment point {p} in comments/")
    if m.measure and m.measure not in measures:
        yield Problem(rel, m.line, f"{m.requirement}: no roadmap measure {m.measure} in roadmap/")


# ---- a batch of preliminary assessments -----------------------------------------------------------------------

_ASSESSMENT_FIELDS = {"requirement", "provisions", "relation", "verdict", "reason", "recommendation", "measure",
                      "points", "question", "practice", "proposals", "no_amendment"}


@dataclass
class AssessmentResult:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # confirmed by a named reviewer: never replaced
    problems: list[Problem] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"written": self.written, "unchanged": self.unchanged, "kept": self.kept,
                "problems": [str(p) for p in self.problems]}


def import_assessments(ws: Workspace, path: Path, dry_run: bool = False) -> AssessmentResult:
    """Record the analysis team's preliminary assessments listed in a YAML file (``decisions:``, each with the
    fields of a decision: requirement, provisions, relation, verdict, reason {ru, en}, recommendation {ru, en},
    measure, points, question {ru, en}, practice). Every entry is checked first; if one is wrong, nothing is written
    and each problem is reported with its line. A requirement a named reviewer has decided is left as it is."""
    out = AssessmentResult()
    rel = ws.rel(path) if path.is_absolute() else str(path)
    try:
        data = load_yaml(path, rel)
    except YamlError as e:
        out.problems.append(e.problem)
        return out
    items = data.get("decisions") if isinstance(data, dict) else None
    if not isinstance(items, list):
        out.problems.append(Problem(rel, 1, "an assessment file holds a list under 'decisions'"))
        return out
    store = MappingStore(ws)
    current = load_mappings(ws)
    drafted: dict[str, list[Proposal]] = {}
    seen: dict[str, int] = {}
    checked: list[tuple[dict[str, Any], int]] = []
    for raw in items:
        line = raw.get(LINE_KEY, 0) if isinstance(raw, dict) else 0
        if not isinstance(raw, dict):
            out.problems.append(Problem(rel, line, "each decision is a mapping (requirement, provisions, ...)"))
            continue
        unknown = sorted(k for k in raw if k != LINE_KEY and k not in _ASSESSMENT_FIELDS)
        if unknown:
            out.problems.append(Problem(rel, line, f"unknown field(s) {', '.join(unknown)}"))
        rid = str(raw.get("requirement", ""))
        if rid in seen:
            out.problems.append(Problem(rel, line, f"{rid} is assessed twice (first at line {seen[rid]})"))
            continue
        seen[rid] = line
        try:
            store._requirement(rid)
            store._decision([str(p) for p in raw.get("provisions") or []], str(raw.get("relation", "")),
                            str(raw.get("verdict", "")), text_map(raw.get("reason")), raw.get("practice"),
                            [str(p) for p in raw.get("points") or []], str(raw.get("measure", "") or ""),
                            recommendation=text_map(raw.get("recommendation")),
                            question=text_map(raw.get("question")), no_amendment=text_map(raw.get("no_amendment")))
        except ReviewError as e:
            out.problems.append(Problem(rel, line, f"{rid}: {e}"))
            continue
        drafts: list[Proposal] = []
        for i, p in enumerate(raw.get("proposals") or []):
            pline = int(p.get(LINE_KEY) or line) if isinstance(p, dict) else line
            if not isinstance(p, dict):
                out.problems.append(Problem(rel, pline, f"{rid}: a proposal is a mapping (provision, change, ...)"))
                continue
            proposed, justification = text_map(p.get("proposed")), text_map(p.get("justification"))
            try:
                drafts.append(store.draft(str(p.get("provision", "")), proposed.get("ru", ""),
                                          justification.get("ru", ""), str(p.get("change", "") or "") or None,
                                          proposed.get("en", ""), justification.get("en", "")))
            except ReviewError as e:
                out.problems.append(Problem(rel, pline, f"{rid}: proposal {i + 1}: {e}"))
                continue
            if not (justification.get("en") and (proposed.get("en") or p.get("change") == "delete")):
                out.problems.append(Problem(rel, pline, f"{rid}: proposal {i + 1}: the English rendering "
                                                        "(proposed.en, justification.en) is missing"))
        m = Mapping(rid, stage=Stage.PRELIMINARY, verdict=str(raw["verdict"]), reason=text_map(raw.get("reason")),
                    recommendation=text_map(raw.get("recommendation")), question=text_map(raw.get("question")),
                    measure=str(raw.get("measure", "") or ""), points=[str(p) for p in raw.get("points") or []],
                    no_amendment=text_map(raw.get("no_amendment")))
        out.problems += [p for p in _decision_problems(ws, rel, Mapping(**{**asdict(m), "line": line}),
                                                      _point_ids(ws), _measure_ids(ws))]
        checked.append((raw, line))
        drafted[rid] = drafts
    if out.problems:
        return out
    for raw, _ in checked:
        rid = str(raw["requirement"])
        before = current.get(rid)
        if before is not None and before.confirmed:
            out.kept.append(rid)
            continue
        args = ([str(p) for p in raw.get("provisions") or []], str(raw["relation"]), str(raw["verdict"]),
                text_map(raw.get("reason")), text_map(raw.get("recommendation")), str(raw.get("measure", "") or ""),
                [str(p) for p in raw.get("points") or []], text_map(raw.get("question")),
                _practice(raw.get("practice")))
        extra: dict[str, Any] = {}
        if "proposals" in raw:
            extra["proposals"] = drafted[rid]
        if "no_amendment" in raw:
            extra["no_amendment"] = text_map(raw.get("no_amendment"))
        if before is not None and before.preliminary and _same_assessment(before, *args) and not extra:
            out.unchanged.append(rid)
            continue
        if not dry_run:
            store.assess(rid, *args, expect_revision=before.revision if before else 0, **extra)
        out.written.append(rid)
    return out


def _same_assessment(m: Mapping, provisions: list[str], relation: str, verdict: str, reason: dict[str, str],
                     recommendation: dict[str, str], measure: str, points: list[str], question: dict[str, str],
                     practice: dict[str, Any]) -> bool:
    return (m.provisions, m.relation, m.verdict, m.reason, m.recommendation, m.measure, m.points, m.question,
            m.practice) == ([str(Citation.parse(p)) for p in provisions], relation, verdict, reason, recommendation,
                            measure, list(dict.fromkeys(points)), question, practice)
