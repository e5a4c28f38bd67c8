"""The workspace: a folder of YAML files (see docs/workspace-format.md) loaded into the model.

Loading never raises on bad content: each problem is recorded with its file and line, and
what can be loaded is loaded, so `gapkit check` can list every problem at once.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gapkit.citations import ActName, Citation, CitationError, Names, instrument_of
from gapkit.errors import GapkitError
from gapkit.fields import FieldReader, source
from gapkit.model import (
    CLAUSE_KINDS,
    INSTRUMENT_KINDS,
    LANGUAGES,
    Amendment,
    Annotation,
    Clause,
    Concept,
    Instrument,
)
from gapkit.yamlio import LINE_KEY, Problem, strip_lines

CONFIG_FILE = "gapkit.toml"
#: where the documents gapkit writes go (the roadmap finds its deliverables there)
REPORTS_OUT = ("reports", "out")
FOLDERS = ("conventions", "conventions/thesaurus", "national_law", "mappings", "comments", "roadmap", "reports")

_INSTRUMENT_FIELDS = {
    "code", "kind", "number", "year", "title", "short_title", "holds", "authentic_languages", "source",
    "country", "act_number", "date", "adilet_id", "edition", "aliases", "cite_as", "corresponds", "notes",
    "adopted", "in_force", "ratification", "zan_doc_id", "uncertain", "uncertain_note",
    "authentic_edition",  # national acts: {lang: date} of the authentic text imported (gapkit import law)
    "authentic_source",  # national acts: {lang: address} of that text
    "superseded_by",  # an act no longer in force: the act that replaced it
}
_CLAUSE_FIELDS = {
    "id", "kind", "heading", "text", "authentic", "concepts", "uncertain", "uncertain_note", "source",
    "parent", "params", "notes", "edition", "amendments", "excluded_by", "wrap_up", "annotations", "label",
}
_CONCEPT_FIELDS = {"id", "label", "terms", "conventions", "parameters", "notes"}


class WorkspaceError(GapkitError):
    """The folder is not a workspace, or cannot be read at all."""


@dataclass
class Workspace:
    root: Path
    name: str = ""
    country: str = ""
    languages: list[str] = field(default_factory=lambda: ["en", "ru"])
    instruments: dict[str, Instrument] = field(default_factory=dict)
    concepts: dict[str, Concept] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: what other modules load from the workspace (comments, roadmap, mappings), kept for the process
    cache: dict[str, Any] = field(default_factory=dict)
    _names: Names | None = None

    # ---- questions -------------------------------------------------------------------
    def clause(self, clause_id: str) -> Clause | None:
        code = instrument_of(clause_id)
        inst = self.instruments.get(code)
        return inst.clauses.get(clause_id) if inst else None

    def has_id(self, any_id: str) -> bool:
        return any_id in self.instruments or self.clause(any_id) is not None

    @property
    def names(self) -> Names:
        """The citation names of every instrument the workspace holds."""
        if self._names is None:
            self._names = Names(
                (ActName(i.code, i.kind, i.number, i.aliases, i.cite_as) for i in self.instruments.values()),
                (c.id for i in self.instruments.values() if i.kind == "act" for c in i.clauses.values()
                 if c.label.endswith(")")),
            )
        return self._names

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)


class NoSuchConvention(GapkitError, LookupError):
    """A Convention the workspace holds no catalogue of; the message names those it holds."""


def convention_code(ws: Workspace, given: str) -> str:
    """A Convention as a user types it (C081, c81, 81, P029) -> its code in the workspace.

    >>> ws = Workspace(Path("."))
    >>> ws.instruments["C081"] = Instrument("C081", "convention")
    >>> convention_code(ws, "81"), convention_code(ws, "c081")
    ('C081', 'C081')
    >>> convention_code(ws, "C999")  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    NoSuchConvention: no Convention 'C999' in the workspace: there is no Convention catalogue 'C999' among C081
    """
    m = re.fullmatch(r"([CP]?)0*(\d{1,3})", given.strip().upper())
    code = f"{m.group(1) or 'C'}{int(m.group(2)):03d}" if m else given.strip().upper()
    inst = ws.instruments.get(code)
    if inst is None or not inst.is_convention:
        held = ", ".join(c for c, i in ws.instruments.items() if i.is_convention) or "none"
        raise NoSuchConvention(f"no Convention {given!r} in the workspace: there is no Convention catalogue "
                               f"{given!r} among {held}")
    return code


def corresponding(ws: Workspace, clause_id: str, codes: Iterable[str] | None = None,
                  article_if_missing: bool = False) -> list[str]:
    """The clauses of other Conventions (those in ``codes``, default every one) that correspond to
    ``clause_id`` (C081:12(1)(a) -> C129:16(1)(a)), in the order the files declare them.

    Correspondences are declared between articles; a paragraph corresponds to the same paragraph of the
    other article where that exists, else (``article_if_missing``) to the other article itself.
    """
    if "workspace.corresponds" not in ws.cache:  # (this, other) both ways, by this one's instrument
        pairs: dict[str, list[tuple[Citation, Citation]]] = {}
        for inst in ws.instruments.values():
            for a, b in inst.corresponds:
                for this, other in ((a, b), (b, a)):
                    if Citation.is_valid(this) and Citation.is_valid(other):
                        pairs.setdefault(instrument_of(this), []).append((Citation.parse(this), Citation.parse(other)))
        ws.cache["workspace.corresponds"] = pairs
    cit = Citation.parse(clause_id)
    wanted = set(codes) if codes is not None else None
    out: list[str] = []
    for this, other in ws.cache["workspace.corresponds"].get(cit.instrument, []):
        if other.instrument == cit.instrument or (wanted is not None and other.instrument not in wanted):
            continue
        if not (this == cit or this.is_ancestor_of(cit)):
            continue
        target = str(Citation(other.instrument, other.head, (*other.subs, *cit.subs[len(this.subs):])))
        if ws.clause(target) is None:
            if not article_if_missing:
                continue
            target = str(other)
        if target not in out:
            out.append(target)
    return out


def find_root(start: Path | None = None) -> Path | None:
    """The workspace folder: ``start`` (or the current folder) when it holds gapkit.toml."""
    p = (start or Path.cwd()).resolve()
    return p if (p / CONFIG_FILE).is_file() else None


def load(root: Path) -> Workspace:
    root = root.resolve()
    cfg_path = root / CONFIG_FILE
    if not cfg_path.is_file():
        raise WorkspaceError(
            f"{root} is not a gapkit workspace (no {CONFIG_FILE}). Run gapkit from a workspace folder, "
            f"pass --workspace DIR, or make one with `gapkit init DIR --country CODE`."
        )
    ws = Workspace(root)
    try:
        cfg = tomllib.loads(cfg_path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        ws.problems.append(Problem(CONFIG_FILE, 0, f"invalid TOML: {e}"))
        cfg = {}
    section = cfg.get("workspace", {}) if isinstance(cfg, dict) else {}
    ws.name = str(section.get("name", root.name))
    ws.country = str(section.get("country", "")).lower()
    ws.languages = list(section.get("languages", ["en", "ru"]))
    if not ws.country:
        ws.problems.append(Problem(CONFIG_FILE, 0, "[workspace] country is missing (e.g. country = \"kz\")"))
    for lang in ws.languages:
        if lang not in LANGUAGES:
            ws.problems.append(Problem(CONFIG_FILE, 0, f"unknown language {lang!r} (expected one of {LANGUAGES})"))

    for path in sorted((root / "conventions" / "thesaurus").glob("*.yaml")):
        _load_thesaurus(ws, path)
    inst_files = sorted((root / "conventions").glob("*.yaml")) + sorted((root / "national_law").rglob("*.yaml"))
    for path in inst_files:
        data = FieldReader(ws.rel(path), ws.problems).read(path)
        if isinstance(data, dict) and "instrument" in data:
            _load_instrument(ws, path, data)
    for path in sorted((root / "conventions" / "authentic").glob("*.yaml")):
        _load_authentic(ws, path)
    return ws


def _load_authentic(ws: Workspace, path: Path) -> None:
    """Authentic texts imported beside a catalogue: conventions/authentic/<CODE>.<lang>.yaml."""
    rel = ws.rel(path)
    r = FieldReader(rel, ws.problems)
    data = r.read(path)
    if not isinstance(data, dict):
        if data is not None:
            r.problem(1, "an authentic-text file is a mapping (instrument, lang, texts)")
        return
    code, lang = str(data.get("instrument", "")), str(data.get("lang", ""))
    inst = ws.instruments.get(code)
    if inst is None:
        r.problem(1, f"authentic text of {code!r}, which the workspace does not hold")
        return
    if lang not in LANGUAGES:
        r.problem(1, f"unknown language {lang!r} (expected en, ru or kk)")
        return
    texts = data.get("texts") or {}
    for cid, text in texts.items():
        if cid == LINE_KEY:
            continue
        clause = inst.clauses.get(str(cid))
        if clause is None:
            r.problem(texts.get(LINE_KEY, 1), f"{cid}: no such clause in {code}")
            continue
        clause.authentic[lang] = str(text)
    if lang not in inst.authentic_languages:
        inst.authentic_languages.append(lang)


# ---- instruments -----------------------------------------------------------------------


def _load_instrument(ws: Workspace, path: Path, data: dict[str, Any]) -> None:
    rel = ws.rel(path)
    r = FieldReader(rel, ws.problems)
    head = data.get("instrument")
    if not isinstance(head, dict):
        r.problem(1, "'instrument' must be a mapping (code, kind, title ...)")
        return
    hl = head.get(LINE_KEY, 1)
    r.unknown(head, _INSTRUMENT_FIELDS, "instrument", line=hl)
    code = str(head.get("code", "") or "")
    if not Citation.is_valid(code) or ":" in code:
        r.problem(hl, f"instrument code {code!r} is not a valid code (C081, P081, KZ-LC ...)")
        return
    kind = str(head.get("kind", "") or "")
    if kind not in INSTRUMENT_KINDS:
        r.problem(hl, f"instrument kind {kind!r} is not one of {', '.join(INSTRUMENT_KINDS)}")
    if code in ws.instruments:
        r.problem(hl, f"duplicate instrument {code} (also in {ws.instruments[code].path})")
        return
    aliases_raw = head.get("aliases") or {}
    aliases: dict[str, list[str]] = {}
    if isinstance(aliases_raw, dict):
        for lang, names in aliases_raw.items():
            if lang == LINE_KEY:
                continue
            if lang not in LANGUAGES or not isinstance(names, list):
                r.problem(hl, f"aliases: expected a list per language (en/ru/kk), got {lang!r}")
                continue
            aliases[lang] = [str(n) for n in names]
    inst = Instrument(
        code=code,
        kind=kind,
        title=r.lang_map(head.get("title"), hl, "title"),
        number=head.get("number"),
        year=head.get("year"),
        country=str(head.get("country", "") or ""),
        act_number=str(head.get("act_number", "") or ""),
        date=str(head.get("date", "") or ""),
        adilet_id=str(head.get("adilet_id", "") or ""),
        edition=str(head.get("edition", "") or ""),
        holds=str(head.get("holds", "summary") or "summary"),
        authentic_languages=list(head.get("authentic_languages") or []),
        aliases=aliases,
        cite_as=r.lang_map(head.get("cite_as"), hl, "cite_as"),
        source=source(head.get("source")),
        uncertain=head.get("uncertain") is True,
        uncertain_note=str(head.get("uncertain_note", "") or ""),
        path=rel,
    )
    if head.get("uncertain") not in (None, True, False):
        r.problem(hl, "instrument: uncertain must be true or false")
    if inst.uncertain and not inst.uncertain_note:
        r.problem(hl, f"{code}: uncertain, but uncertain_note does not say why")
    if not inst.title:
        r.problem(hl, "instrument has no title")
    if inst.holds not in ("summary", "authentic"):
        r.problem(hl, f"holds must be 'summary' or 'authentic', not {inst.holds!r}")
    if kind == "act" and not inst.aliases:
        r.problem(hl, "a national act declares the aliases citations use for it")
    for pair in head.get("corresponds") or []:
        if isinstance(pair, dict) and "this" in pair and "other" in pair:
            inst.corresponds.append((str(pair["this"]), str(pair["other"])))
        else:
            r.problem(hl, "corresponds: each entry is {this: ID, other: ID}")
    inst.extra["corresponds_line"] = hl
    inst.authentic_edition = r.lang_map(head.get("authentic_edition"), hl, "authentic_edition")
    inst.authentic_source = r.lang_map(head.get("authentic_source"), hl, "authentic_source")
    inst.zan_doc_id = str(head.get("zan_doc_id", "") or "")
    inst.superseded_by = str(head.get("superseded_by", "") or "")
    ratification = head.get("ratification")
    if ratification is not None:
        if not isinstance(ratification, dict) or not (ratification.get("status") == "not_ratified"
                                                       or (ratification.get("date") and ratification.get("act"))):
            r.problem(hl, "ratification is {date, act: {ru, en}} (the law that ratified it) or {status: not_ratified}")
        else:
            inst.ratification = {k: (strip_lines(v) if isinstance(v, dict) else str(v))
                                 for k, v in ratification.items() if k != LINE_KEY}
    in_force = head.get("in_force")
    if isinstance(in_force, dict):
        inst.in_force = {k: str(v) for k, v in in_force.items() if k in ("from", "until") and v}
        for k in in_force:
            if k not in ("from", "until", LINE_KEY):
                r.problem(hl, f"in_force: unknown field {k!r} (expected from, until)")
    elif in_force is not None and not inst.is_convention:
        r.problem(hl, "in_force is {from: YYYY-MM-DD, until: YYYY-MM-DD}")
    clauses = data.get("clauses")
    if clauses is None:
        clauses = []
    if not isinstance(clauses, list):
        r.problem(data.get(LINE_KEY, 1), "'clauses' must be a list")
        clauses = []
    for raw in clauses:
        clause = _load_clause(ws, rel, code, raw)
        if clause is None:
            continue
        if clause.id in inst.clauses:
            r.problem(clause.line, f"duplicate id {clause.id} (first at line {inst.clauses[clause.id].line})")
            continue
        inst.clauses[clause.id] = clause
    _assemble(ws, inst)
    ws.instruments[code] = inst


def _load_clause(ws: Workspace, rel: str, code: str, raw: Any) -> Clause | None:
    r = FieldReader(rel, ws.problems)
    if not isinstance(raw, dict):
        r.problem(0, f"a clause must be a mapping with an id, got {raw!r:.60}")
        return None
    line = raw.get(LINE_KEY, 0)
    r.unknown(raw, _CLAUSE_FIELDS, "clause", line=line)
    cid = str(raw.get("id", "") or "")
    try:
        cit = Citation.parse(cid)
    except CitationError as e:
        r.problem(line, str(e))
        return None
    if cit.instrument != code or cit.head is None:
        r.problem(line, f"clause id {cid} does not belong to instrument {code}")
        return None
    kind = str(raw.get("kind", "obligation") or "")
    if kind not in CLAUSE_KINDS:
        r.problem(line, f"{cid}: kind {kind!r} is not one of {', '.join(CLAUSE_KINDS)}")
    uncertain = raw.get("uncertain", False)
    if not isinstance(uncertain, bool):
        r.problem(line, f"{cid}: uncertain must be true or false")
        uncertain = bool(uncertain)
    concepts = raw.get("concepts") or []
    if not isinstance(concepts, list):
        r.problem(line, f"{cid}: concepts must be a list of concept ids")
        concepts = []
    annotations = [Annotation(str(a.get("text", "") or ""), str(a.get("lang", "ru") or "ru"))
                   for a in raw.get("annotations") or [] if isinstance(a, dict)]
    amendments = []
    for a in raw.get("amendments") or []:
        if isinstance(a, dict):
            amendments.append(Amendment(str(a.get("act", "") or ""), str(a.get("date", "") or ""),
                                        str(a.get("number", "") or ""), str(a.get("text", "") or ""),
                                        str(a.get("lang", "ru") or "ru")))
    params = raw.get("params") or {}
    return Clause(
        id=str(cit),
        kind=kind,
        heading=r.lang_map(raw.get("heading"), line, f"{cid}: heading"),
        text=r.lang_map(raw.get("text"), line, f"{cid}: text"),
        authentic=r.lang_map(raw.get("authentic"), line, f"{cid}: authentic"),
        wrap_up=r.lang_map(raw.get("wrap_up"), line, f"{cid}: wrap_up"),
        annotations=annotations,
        concepts=[str(c) for c in concepts],
        uncertain=uncertain,
        uncertain_note=str(raw.get("uncertain_note", "") or ""),
        source=source(raw.get("source")),
        parent=str(raw["parent"]) if raw.get("parent") else None,
        params=params if isinstance(params, dict) else {"value": params},
        notes=str(raw.get("notes", "") or ""),
        edition=str(raw.get("edition", "") or ""),
        amendments=amendments,
        excluded_by=str(raw.get("excluded_by", "") or ""),
        label=str(raw.get("label", "") or ""),
        line=line,
    )


def _assemble(ws: Workspace, inst: Instrument) -> None:
    """Link each clause to its parent: the one it names, or the one its id derives."""
    for clause in inst.clauses.values():
        if clause.parent is None:
            derived = Citation.parse(clause.id).parent()
            if derived is not None and derived.head is not None:
                clause.parent = str(derived)
        if clause.parent is None:
            continue
        parent = inst.clauses.get(clause.parent)
        if parent is None:
            ws.problems.append(Problem(inst.path, clause.line,
                                       f"{clause.id}: parent {clause.parent} is not in {inst.code}"))
            clause.parent = None
            continue
        parent.children.append(clause.id)


# ---- thesaurus -------------------------------------------------------------------------


def _load_thesaurus(ws: Workspace, path: Path) -> None:
    rel = ws.rel(path)
    r = FieldReader(rel, ws.problems)
    data = r.read(path)
    if data is None:
        return
    items = data.get("concepts") if isinstance(data, dict) else None
    if not isinstance(items, list):
        r.problem(1, "a thesaurus file holds a list under 'concepts'")
        return
    for raw in items:
        if not isinstance(raw, dict):
            r.problem(0, "a concept must be a mapping with an id")
            continue
        line = raw.get(LINE_KEY, 0)
        r.unknown(raw, _CONCEPT_FIELDS, "concept", line=line)
        cid = str(raw.get("id", "") or "")
        if not cid:
            r.problem(line, "concept without id")
            continue
        if cid in ws.concepts:
            first = ws.concepts[cid]
            r.problem(line, f"duplicate concept {cid} (first in {first.path}:{first.line})")
            continue
        terms: dict[str, list[str]] = {}
        raw_terms = raw.get("terms") or {}
        if not isinstance(raw_terms, dict):
            r.problem(line, f"{cid}: terms are a list per language ({{en: [...], ru: [...]}}), "
                            f"not a {type(raw_terms).__name__}")
            raw_terms = {}
        for lang, ts in raw_terms.items():
            if lang == LINE_KEY:
                continue
            if lang not in LANGUAGES or not isinstance(ts, list):
                r.problem(line, f"{cid}: terms need a list per language (en, ru, kk)")
                continue
            terms[lang] = [str(t) for t in ts if str(t).strip()]
        label = r.lang_map(raw.get("label"), line, f"{cid}: label")
        if not (label.get("en") and label.get("ru")):
            r.problem(line, f"{cid}: label needs en and ru")
        if not (terms.get("en") and terms.get("ru")):
            r.problem(line, f"{cid}: terms need at least one en and one ru term")
        parameters = raw.get("parameters") or []
        if not isinstance(parameters, list):
            r.problem(line, f"{cid}: parameters must be a list of params keys")
            parameters = []
        conventions = raw.get("conventions") or []
        if not isinstance(conventions, list):  # a string would be read letter by letter
            r.problem(line, f"{cid}: conventions must be a list of Convention codes ([C081, C129])")
            conventions = []
        ws.concepts[cid] = Concept(cid, label, terms, [str(c) for c in conventions], [str(x) for x in parameters],
                                   rel, line)


def default_workspace_dir() -> Path | None:
    env = os.environ.get("GAPKIT_WORKSPACE")
    return Path(env) if env else find_root()
