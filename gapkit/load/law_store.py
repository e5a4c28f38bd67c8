"""Putting an imported act into the workspace: merge by id into ``national_law/<cc>/<file>.yaml``.

The imported wording goes to ``authentic[lang]`` and ``heading[lang]``; our own fields (``text``
summaries, ``concepts``, ``uncertain``, ``notes``, ``source``) are never touched, so a Russian and
a Kazakh import of one section, and any number of sections, build one tree beside the summaries.

A clause's ``edition`` dates the text it was made on. For an imported clause it is the edition
of the import; a clause that holds our summary keeps the edition the summary was made on, and the
act records the edition of each language's authentic text in ``authentic_edition``.

Re-importing a text reports what changed since the earlier text in that language
(:func:`diff_editions`), within the articles both texts cover: a further section is new ground,
not a change.
"""

from __future__ import annotations

import copy
import re
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from gapkit.citations import Citation, CitationError
from gapkit.load.law_folder import ActMeta, contradiction, identify, read_folder, read_language
from gapkit.load.law_identity import check_identity, file_meta, suggest, unknown_act
from gapkit.load.law_read import LawImportError, read_source
from gapkit.load.law_tree import ParsedAct, Unplaced, build_tree
from gapkit.model import LANGUAGES, Clause, Instrument
from gapkit.workspace import Workspace, load
from gapkit.yamlio import LINE_KEY, YamlError, dump_yaml, load_yaml, locked, strip_lines, write_atomic


@dataclass
class EditionDiff:
    """Provisions that differ between two texts of an act, by id, in document order."""

    changed: list[str] = field(default_factory=list)  # wording (or article heading) differs
    added: list[str] = field(default_factory=list)  # only in the new text
    excluded: list[str] = field(default_factory=list)  # excluded in the new text, not in the old
    removed: list[str] = field(default_factory=list)  # in the old text, absent from the new (renumbered?)

    def ids(self) -> list[str]:
        return self.changed + self.added + self.excluded + self.removed

    def as_dict(self) -> dict[str, list[str]]:
        return {"changed": self.changed, "added": self.added, "excluded": self.excluded, "removed": self.removed}


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def diff_editions(old: dict[str, Clause], new: dict[str, Clause], lang: str | None = None) -> EditionDiff:
    """What changed from ``old`` to ``new`` (clauses by id), comparing authentic texts and headings.

    Compared are ``lang``, or every language the new text holds; a wording that appears or
    disappears is a change, a heading only when both sides have one.

    >>> old = {"KZ-LC:1(1)": Clause("KZ-LC:1(1)", authentic={"ru": "a"}),
    ...        "KZ-LC:1(2)": Clause("KZ-LC:1(2)", authentic={"ru": "b"}),
    ...        "KZ-LC:1(4)": Clause("KZ-LC:1(4)", authentic={"ru": "d"})}
    >>> new = {"KZ-LC:1(1)": Clause("KZ-LC:1(1)", authentic={"ru": "a, amended"}),
    ...        "KZ-LC:1(2)": Clause("KZ-LC:1(2)", kind="excluded", authentic={"ru": "Исключен Законом РК ..."}),
    ...        "KZ-LC:1(3)": Clause("KZ-LC:1(3)", authentic={"ru": "c"}),
    ...        "KZ-LC:1(4)": Clause("KZ-LC:1(4)", authentic={"ru": " d "})}
    >>> diff_editions(old, new, "ru")
    EditionDiff(changed=['KZ-LC:1(1)'], added=['KZ-LC:1(3)'], excluded=['KZ-LC:1(2)'], removed=[])
    """
    out = EditionDiff()
    langs = [lang] if lang else sorted({x for c in new.values() for x in (*c.authentic, *c.heading)})
    for cid, n in new.items():
        o = old.get(cid)
        if n.kind == "excluded":
            if o is None or o.kind != "excluded":
                out.excluded.append(cid)
            continue
        if o is None:
            out.added.append(cid)
            continue
        differs = o.kind == "excluded" or any(
            not _same(o.authentic.get(x, ""), n.authentic.get(x, ""))
            or (o.heading.get(x) and n.heading.get(x) and not _same(o.heading[x], n.heading[x]))
            for x in langs)
        if differs:
            out.changed.append(cid)
    out.removed = [cid for cid in old if cid not in new]
    return out


# ---- the report -----------------------------------------------------------------------------------


@dataclass
class ImportReport:
    act: str
    file: str
    target: str  # the act's file, relative to the workspace
    created: bool
    parsed: ParsedAct
    edition: str
    new_clauses: list[str] = field(default_factory=list)
    updated_clauses: list[str] = field(default_factory=list)
    changes: EditionDiff = field(default_factory=EditionDiff)
    compared_with: str | None = None  # edition of the earlier text compared with; None: nothing to compare
    summaries_to_review: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        p = self.parsed
        return {
            "act": self.act, "file": self.file, "format": p.format, "lang": p.lang, "edition": self.edition,
            "target": self.target, "created": self.created, "title": p.title,
            "articles": len(p.articles()), "provisions": p.provisions, "excluded": p.excluded, "notes": p.notes,
            "new_clauses": len(self.new_clauses), "updated_clauses": len(self.updated_clauses),
            "unplaced": [u.as_dict() for u in p.unplaced],
            "ignored": [u.as_dict() for u in p.ignored],
            "changes": {**self.changes.as_dict(), "compared_with": self.compared_with,
                        "summaries_to_review": self.summaries_to_review},
            "warnings": self.warnings,
        }

    def text(self) -> str:
        p = self.parsed
        arts = p.articles()
        ex_arts = sum(1 for c in arts if c.kind == "excluded")
        out = [f"Imported {self.file} ({p.format}, {p.lang}, edition {self.edition or 'not given'}) into "
               f"{self.target} ({self.act}{', new file' if self.created else ''}).",
               f"  {len(arts)} articles ({ex_arts} excluded), {p.provisions} provisions, {p.excluded} excluded items, "
               f"{p.notes} amendment notes",
               f"  clauses: {len(self.new_clauses)} new, {len(self.updated_clauses)} updated"]
        if self.compared_with is None:
            out.append(f"  changes: none to report (no earlier {p.lang} text of these articles)")
        else:
            d = self.changes
            out.append(f"  changes since the earlier {p.lang} text ({self.compared_with or 'undated'}): "
                       + ", ".join(f"{len(ids)} {what}" + (f" ({_short(ids)})" if ids else "")
                                   for what, ids in d.as_dict().items()))
            if self.summaries_to_review:
                out.append(f"  summaries to re-review: {_short(self.summaries_to_review)}")
        if p.ignored:
            out.append(f"  {len(p.ignored)} line(s) not imported on purpose: " + "; ".join(
                f"{reason} (line{'s' if len(nos) > 1 else ''} {_short([str(n) for n in nos])})"
                for reason, nos in _group(p.ignored).items()))
        out.append(f"  {len(p.unplaced)} unplaced line(s)" + (":" if p.unplaced else ""))
        for u in p.unplaced:
            out.append(f"    {u.where}: {u.text[:70]}{'…' if len(u.text) > 70 else ''} — {u.reason}")
        out.extend(f"  note: {w}" for w in self.warnings)
        return "\n".join(out)


def _short(ids: list[str], n: int = 8) -> str:
    return ", ".join(ids[:n]) + (f", … {len(ids) - n} more" if len(ids) > n else "")


def _group(items: list[Unplaced]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for u in items:
        out.setdefault(u.reason, []).append(u.line_no)
    return out


# ---- import ---------------------------------------------------------------------------------------


def iso_date(value: str) -> str:
    """An edition date as ISO: '2024-07-08' or '08.07.2024' -> '2024-07-08'."""
    v = value.strip()
    m = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", v)
    if m:
        v = f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    try:
        return date.fromisoformat(v).isoformat()
    except ValueError:
        raise LawImportError(f"--edition {value!r} is not a date (expected YYYY-MM-DD, e.g. 2024-07-08)") from None


def _article_key(cid: str) -> tuple[int, ...] | None:
    """Sort key of the article a clause sits in: KZ-EC:144-1(2) -> (144, 1); None for divisions."""
    try:
        c = Citation.parse(cid)
    except CitationError:
        return None
    if not c.is_article or c.head is None:
        return None
    return tuple(int(x) for x in c.head.split("-"))


def _acts(ws: Workspace) -> list[Instrument]:
    return [i for i in ws.instruments.values() if i.kind == "act"]


def _act_code(ws: Workspace, code: str, new_act: bool = False) -> str:
    """``code`` checked: the code of an act the workspace holds, or, with ``new_act``, of one it does not hold yet."""
    code = code.strip()
    if not Citation.is_valid(code) or ":" in code or re.fullmatch(r"[CP]\d{3}", code):
        close = suggest(code, _acts(ws))
        raise LawImportError(f"--act {code!r} is not the code of a national act (e.g. KZ-LC, KZ-EC, KZ-TU)"
                             + (f"; did you mean {' or '.join(close)}?" if close else ""))
    inst = ws.instruments.get(code)
    if inst is not None and inst.kind != "act":
        raise LawImportError(f"{code} is a {inst.kind} in {inst.path}, not a national act")
    if inst is None and not new_act:
        raise LawImportError(unknown_act(code, _acts(ws)))
    if inst is not None and new_act:
        raise LawImportError(f"{code} is an act of the workspace already ({inst.path}): leave out --new-act to "
                             "import the text into it")
    return code


def _parents(ws: Workspace, code: str) -> dict[str, str]:
    inst = ws.instruments.get(code)
    return {c.id: c.parent for c in inst.clauses.values() if c.parent} if inst is not None else {}


def import_law(ws: Workspace, file: Path, code: str, lang: str | None = None,
               edition: str | None = None, new_act: bool = False) -> ImportReport:
    """Import ``file`` as the text of act ``code`` into workspace ``ws`` and write the act's file; ``new_act``: the
    workspace does not hold the act yet, and its file is made.

    Raises :class:`LawImportError` (and writes nothing) when the file or the arguments are unusable, and when the
    text is not that of the act (:func:`~gapkit.load.law_identity.check_identity`).
    """
    code = _act_code(ws, code, new_act)
    ed = iso_date(edition) if edition else ""
    doc = read_source(file)
    act = build_tree(doc, code, lang, name=file.name, parents=_parents(ws, code))
    check_identity(file_meta(file, doc, act), act, code, _acts(ws), str(file))
    return write_import(ws, act, file.name, ed)


def act_lock(path: Path) -> Path:
    """The lock file of an act's file: every writer of ``national_law/kz/labour_code.yaml`` holds
    ``national_law/kz/.labour_code.lock`` while it reads, merges and writes (as the mappings store does)."""
    return path.with_name(f".{path.stem}.lock")


def _act_path(ws: Workspace, code: str) -> Path:
    """The file act ``code`` is in, or goes to when new; raises when a file there declares another act."""
    inst = ws.instruments.get(code)
    if inst is not None:
        return ws.root / inst.path
    if not ws.country:
        raise LawImportError("gapkit.toml declares no country ([workspace] country = \"kz\"); "
                             "the act's file goes to national_law/<country>/")
    path = ws.root / "national_law" / ws.country / f"{code.lower()}.yaml"
    if path.exists():
        raise LawImportError(f"{ws.rel(path)} exists but does not declare instrument code {code}; "
                             "fix it (gapkit check) or import into the code it declares")
    return path


def write_import(ws: Workspace, act: ParsedAct, name: str, ed: str, meta: ActMeta | None = None) -> ImportReport:
    """Merge a parsed text of an act into its file in the workspace (a new file when the act is new) and write it.

    The file is read, merged and written under the act's lock (:func:`act_lock`), and read as it is then, not as
    ``ws`` found it: an import that ran meanwhile is merged with, never overwritten (only the report of what changed
    since the earlier text compares with the clauses ``ws`` holds)."""
    code = act.code
    inst = ws.instruments.get(code)
    path = _act_path(ws, code)  # every refusal before the lock: a refused import leaves no file behind
    with locked(act_lock(path)):
        created = not path.exists()
        if created:
            data = _new_act(ws, act, ed, name, meta)
        else:  # the act's file, or one another import of a new act has just made
            try:
                data = load_yaml(path, ws.rel(path))
            except YamlError as e:
                raise LawImportError(f"cannot read the act's file: {e}") from e
        if not isinstance(data, dict) or not isinstance(data.get("instrument"), dict):
            raise LawImportError(f"{ws.rel(path)} has no 'instrument' block")
        if str(data["instrument"].get("code", "")) != code:
            raise LawImportError(f"{ws.rel(path)} does not declare instrument code {code} (any more); "
                                 "fix it (gapkit check) or import into the code it declares")

        report = ImportReport(code, name, ws.rel(path), created, act, ed)
        old_all = inst.clauses if inst is not None else {}
        # what an earlier import in this language left: its wording (summaries and their notes are ours)
        old = {cid: c for cid, c in old_all.items() if c.authentic.get(act.lang)}
        _compare(report, old, old_all)
        source_note = f"imported from {name} ({act.lang}{', edition ' + ed if ed else ''})"
        report.new_clauses, report.updated_clauses = _merge(data, act, ed, source_note)
        _update_instrument(data["instrument"], act, ed, meta)
        if created:
            report.warnings.append(f"new act file: complete its title in other languages, aliases (only the title "
                                   f"as the source gives it is there), cite_as and adilet_id in {report.target}")
            missing = [f for f in ("act_number", "date", "edition") if not data["instrument"].get(f)]
            if missing:
                report.warnings.append(f"{', '.join(missing)} not found in the source: add them (gapkit check asks)")
        if not ed:
            report.warnings.append("no --edition given: the imported texts are not dated")
        write_atomic(path, _leading_comments(path) + dump_yaml(data))
    ws.cache.clear()  # the workspace in memory no longer holds what the file does: reload before using it
    return report


@dataclass
class FolderReport:
    """A whole act imported from a folder: the metadata read and one import per language."""

    folder: str
    act: str
    recognised_by: str
    meta: ActMeta
    imports: list[ImportReport] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def unplaced(self) -> list[Unplaced]:
        return [u for r in self.imports for u in r.parsed.unplaced]

    def as_dict(self) -> dict[str, Any]:
        return {"folder": self.folder, "act": self.act, "recognised_by": self.recognised_by,
                "meta": self.meta.as_dict(), "imports": [r.as_dict() for r in self.imports],
                "unplaced": [u.as_dict() for u in self.unplaced], "warnings": self.warnings}

    def text(self) -> str:
        m = self.meta
        head = [f"{self.folder}: {m.title.get('ru') or m.title.get('kk') or self.act} — {self.act} "
                f"(recognised by {self.recognised_by})"]
        head += [f"  note: {w}" for w in self.warnings]
        return "\n".join(head + [r.text() for r in self.imports])


def import_folder(ws: Workspace, folder: Path, code: str | None = None, lang: str | None = None,
                  edition: str | None = None, new_act: bool = False) -> FolderReport:
    """Import a whole act laid out as the mirror lays it out (see :mod:`gapkit.load.law_folder`): every file of each
    language into one tree, with the title, number, dates, edition and address its metadata gives.

    ``code`` may be left out when the metadata names an act of the workspace; given, it must not contradict it (nor
    the title of the act it names); ``new_act``: ``code`` is of an act the workspace does not hold yet.
    Raises :class:`LawImportError` (and writes nothing) when the folder or the arguments are unusable.
    """
    af = read_folder(folder)
    acts = _acts(ws)
    found, how = identify(af.meta, acts)
    if code is None:
        if found is None:
            raise LawImportError(f"{folder}: cannot tell which act this is: {how}; pass --act CODE "
                                 "(and --new-act for an act the workspace does not hold yet)")
        code = found.code
    else:
        code = _act_code(ws, code, new_act)
        given = ws.instruments.get(code)
        if found is not None and found.code != code:
            raise LawImportError(f"{folder} holds the text of {found.code} (recognised by {how}), not of {code}; "
                                 f"import it with --act {found.code}, or leave --act out")
        why = contradiction(af.meta, given) if given is not None else ""
        if why:
            raise LawImportError(f"{folder} is not the text of {code}: {why}")
        how = how if found is not None else "--act"
    langs = [lang] if lang else list(af.files)
    missing = [x for x in langs if x not in af.files]
    if missing:
        raise LawImportError(f"{folder} holds no {', '.join(missing)} text (it holds {', '.join(af.files)})")
    ed_given = iso_date(edition) if edition else ""
    report = FolderReport(str(folder), code, how, af.meta)
    if af.meta.other_editions:
        report.warnings.append(
            f"the folder holds the metadata of other editions too ({', '.join(af.meta.other_editions)}); every file "
            f"is dated by {af.meta.file} ({', '.join(sorted(set(af.meta.edition.values()))) or 'no date'}): import a "
            "file of another edition on its own with --edition")
    parsed = []
    for x in langs:  # every language parsed before anything is written: a bad file writes nothing
        doc = read_language(af, x)
        parsed.append((x, build_tree(doc, code, x, name=f"{folder.name}/{x}", parents=_parents(ws, code))))
    check_identity(af.meta, parsed[0][1], code, acts, str(folder))
    for x, act in parsed:
        ed = ed_given or af.meta.edition.get(x, "")
        files = [f.relative_to(af.path).as_posix() for f in af.files[x]]
        name = f"{folder.name}/{files[0]}" if len(files) == 1 else \
            f"{folder.name}/ ({len(files)} files: {files[0]} … {files[-1]})"
        if report.imports:
            ws = load(ws.root)  # the first language rewrote the act's file
        report.imports.append(write_import(ws, act, name, ed, af.meta))
    return report


def _article_of(cid: str) -> str | None:
    """The article a clause sits in (KZ-LC:193(1)(2) -> KZ-LC:193); None for divisions."""
    try:
        c = Citation.parse(cid)
    except CitationError:
        return None
    return str(Citation(c.instrument, c.head)) if c.is_article else None


def _compare(report: ImportReport, old: dict[str, Clause], old_all: dict[str, Clause]) -> None:
    """Fill the report's changes: the new text against the earlier one in the same language.

    Compared are the articles both texts hold, an article of the new text that sits between two
    articles that were neighbours in the earlier text (inserted: "added"), and an earlier article
    inside the span of the new text that the new text lacks ("removed"). Articles the earlier
    imports never covered are new ground (a further section), not a change.
    """
    act = report.parsed
    old_arts = {a for cid in old if (a := _article_of(cid))}
    new_order = [c.id for c in act.articles()]
    if not old_arts or not new_order:
        return
    new_arts = set(new_order)
    rank = {a: i for i, a in enumerate(sorted(old_arts, key=lambda a: _article_key(a) or ()))}
    prev_old: list[str | None] = []
    last: str | None = None
    for a in new_order:
        prev_old.append(last)
        last = a if a in old_arts else last
    inserted: set[str] = set()
    nxt: str | None = None
    for i in range(len(new_order) - 1, -1, -1):
        a, before = new_order[i], prev_old[i]
        if a in old_arts:
            nxt = a
        elif before is not None and nxt is not None and rank[nxt] == rank[before] + 1:
            inserted.add(a)
    lo, hi = _article_key(new_order[0]) or (), _article_key(new_order[-1]) or ()
    dropped = {a for a in old_arts - new_arts if lo < (_article_key(a) or ()) < hi}
    scope = (old_arts & new_arts) | inserted | dropped
    if not scope:
        return
    # the articles themselves too: one with neither text nor notes is held by its items
    old_in = {cid: c for cid, c in old_all.items() if _article_of(cid) in scope and (cid in old or cid in old_arts)}
    new_in = {cid: c for cid, c in act.clauses.items() if _article_of(cid) in scope}
    report.changes = diff_editions(old_in, new_in, act.lang)
    earlier = max((c.edition for c in old_in.values() if c.edition and not c.text), default="")
    report.compared_with = earlier
    report.summaries_to_review = [cid for cid in report.changes.ids() if cid in old_all and old_all[cid].text]
    if report.edition and earlier and report.edition < earlier:
        report.warnings.append(f"--edition {report.edition} is older than the {act.lang} text it replaces "
                               f"({earlier})")


def _new_act(ws: Workspace, act: ParsedAct, ed: str, name: str, meta: ActMeta | None = None) -> dict[str, Any]:
    titles = dict(meta.title) if meta and meta.title else {}
    title = titles.get(act.lang) or act.title or act.code
    head: dict[str, Any] = {"code": act.code, "kind": "act", "country": ws.country,
                            "title": {**titles, act.lang: title} if titles else {act.lang: title}}
    number, adopted = (meta.act_number, meta.date) if meta else ("", "")
    if number or act.act_number:
        head["act_number"] = number or act.act_number
    if adopted or act.date:
        head["date"] = adopted or act.date
    if meta and meta.doc_id:
        head["zan_doc_id"] = meta.doc_id
    if ed:
        head["edition"] = ed  # the file holds no summary yet: its text is the imported one
    head["holds"] = "authentic"
    head["aliases"] = {lang: [t] for lang, t in head["title"].items()}
    url = (meta.source.get(act.lang) if meta else "") or ""
    head["source"] = {**({"url": url} if url else {}), "note": f"imported from {name} with `gapkit import law`"}
    return {"instrument": head, "clauses": []}


def _update_instrument(head: dict[str, Any], act: ParsedAct, ed: str, meta: ActMeta | None = None) -> None:
    langs = [x for x in head.get("authentic_languages") or [] if isinstance(x, str)]
    if act.lang not in langs:
        langs.append(act.lang)
    head["authentic_languages"] = sorted(langs, key=_lang_rank)
    if ed:
        editions = {k: v for k, v in (head.get("authentic_edition") or {}).items() if k in LANGUAGES}
        editions[act.lang] = max(str(editions.get(act.lang, "")), ed)
        head["authentic_edition"] = editions
    title = head.get("title")
    if isinstance(title, dict) and act.title and not title.get(act.lang):
        title[act.lang] = act.title
    for fld in ("act_number", "date"):
        if not head.get(fld) and getattr(act, fld):
            head[fld] = getattr(act, fld)
    if meta is not None:
        if meta.source.get(act.lang):
            sources = {k: v for k, v in (head.get("authentic_source") or {}).items() if k in LANGUAGES}
            sources[act.lang] = meta.source[act.lang]
            head["authentic_source"] = dict(sorted(sources.items(), key=lambda kv: _lang_rank(kv[0])))
        if meta.doc_id and not head.get("zan_doc_id"):
            head["zan_doc_id"] = meta.doc_id


def _leading_comments(path: Path) -> str:
    """The comment block at the top of the act's file: kept, since YAML dumping drops comments."""
    if not path.exists():
        return ""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return "\n".join(lines) + "\n" if lines else ""


# ---- merging clauses ------------------------------------------------------------------------------


def _amendment_dicts(c: Clause) -> list[dict[str, str]]:
    return [{k: v for k, v in asdict(a).items() if v} for a in c.amendments]


def _new_raw(c: Clause, lang: str, ed: str, source_note: str) -> dict[str, Any]:
    raw: dict[str, Any] = {"id": c.id, "kind": c.kind}
    if c.parent:
        raw["parent"] = c.parent
    if c.heading:
        raw["heading"] = dict(c.heading)
    if c.authentic:
        raw["authentic"] = dict(c.authentic)
    if c.wrap_up:
        raw["wrap_up"] = dict(c.wrap_up)
    if c.annotations:
        raw["annotations"] = [{"text": a.text, "lang": a.lang} for a in c.annotations]
    if c.excluded_by:
        raw["excluded_by"] = c.excluded_by
    if c.label:
        raw["label"] = c.label
    if ed:
        raw["edition"] = ed
    if c.amendments:
        raw["amendments"] = _amendment_dicts(c)
    raw["source"] = {"note": source_note}
    return raw


def _update_raw(raw: dict[str, Any], c: Clause, lang: str, ed: str) -> bool:
    """Put the imported language's texts on an existing clause; True when anything changed."""
    before = copy.deepcopy(strip_lines(raw))
    for fld in ("heading", "authentic", "wrap_up"):
        texts = {k: v for k, v in raw[fld].items() if k != LINE_KEY} if isinstance(raw.get(fld), dict) else {}
        value = getattr(c, fld).get(lang)
        if value:
            texts[lang] = value
        elif fld != "heading":
            texts.pop(lang, None)  # the new text has none here: an older one would mislead
        if texts:
            raw[fld] = texts
        else:
            raw.pop(fld, None)
    notes = [a for a in raw.get("annotations") or [] if isinstance(a, dict) and a.get("lang", "ru") != lang]
    notes += [{"text": a.text, "lang": a.lang} for a in c.annotations]
    if notes:
        raw["annotations"] = notes
    else:
        raw.pop("annotations", None)
    old_kind = raw.get("kind", "obligation")
    if c.kind == "excluded":
        raw["kind"] = "excluded"
        if c.excluded_by and (lang == "ru" or not raw.get("excluded_by")):
            raw["excluded_by"] = c.excluded_by  # one act, named in Russian where both languages came in
    elif old_kind == "excluded":  # in force again
        raw["kind"] = c.kind
        raw.pop("excluded_by", None)
    if c.parent:
        raw["parent"] = c.parent
    if c.label:
        raw["label"] = c.label
    if ed and (not raw.get("text") or not raw.get("edition")):
        raw["edition"] = ed
    amendments = _merge_amendments(raw.get("amendments"), _amendment_dicts(c), lang)
    if amendments:
        raw["amendments"] = amendments
    else:
        raw.pop("amendments", None)
    return strip_lines(raw) != before


def _merge_amendments(existing: Any, imported: list[dict[str, str]], lang: str) -> list[Any]:
    """The clause's amendment entries after an import in ``lang``, each imported note matched in place.

    An imported note takes the place of: the same note from an earlier import; else an earlier
    import's entry for the same act (number and date); else an entry written by hand for that act
    (no ``text``), which keeps its wording of the act and gains the note's text. Unmatched notes are
    added; entries an earlier import wrote in ``lang`` (``lang`` and ``text`` set) that match
    nothing are stale and go. Entries written by hand are never dropped.
    """
    entries = list(existing or [])
    used: set[int] = set()
    added = []
    for a in imported:
        i = _match(entries, used, a, lang)
        if i is None:
            added.append(a)
            continue
        used.add(i)
        e = entries[i]
        if e.get("text"):
            e.update(a)
        else:
            e["text"], e["lang"] = a["text"], lang
    out = [e for i, e in enumerate(entries)
           if i in used or not (isinstance(e, dict) and e.get("lang") == lang and e.get("text"))] + added
    # grouped by language in a fixed order, so that re-importing one language moves nothing else
    return sorted(out, key=lambda a: _lang_rank(str(a.get("lang", "ru"))) if isinstance(a, dict) else 0)


def _act_key(e: dict[str, Any]) -> tuple[str, str]:
    return str(e.get("number", "") or ""), str(e.get("date", "") or "")


def _match(entries: list[Any], used: set[int], a: dict[str, str], lang: str) -> int | None:
    """The entry an imported note takes the place of (see :func:`_merge_amendments`), by index."""
    free = [(i, e) for i, e in enumerate(entries) if i not in used and isinstance(e, dict)]
    tiers = [[i for i, e in free if e.get("lang") == lang and e.get("text") == a["text"]]]
    if a.get("number"):
        tiers.append([i for i, e in free if e.get("lang") == lang and e.get("text") and _act_key(e) == _act_key(a)])
        tiers.append([i for i, e in free if not e.get("text") and _act_key(e) == _act_key(a)])
    return next((t[0] for t in tiers if t), None)


def _lang_rank(lang: str) -> int:
    return LANGUAGES.index(lang) if lang in LANGUAGES else len(LANGUAGES)


def _merge(data: dict[str, Any], act: ParsedAct, ed: str, source_note: str) -> tuple[list[str], list[str]]:
    """Merge the imported clauses into ``data['clauses']``; new ones go after the clause they follow."""
    raw_clauses = data.get("clauses")
    clauses: list[Any] = raw_clauses if isinstance(raw_clauses, list) else []
    existing: dict[str, dict[str, Any]] = {}
    for raw in clauses:
        if isinstance(raw, dict):
            try:
                existing.setdefault(str(Citation.parse(str(raw.get("id", "")))), raw)
            except CitationError:
                continue
    new_ids: list[str] = []
    updated: list[str] = []
    after: dict[int, list[dict[str, Any]]] = {}  # id(raw) -> new clauses that follow it
    before: dict[int, list[dict[str, Any]]] = {}
    tail: list[dict[str, Any]] = []
    prev: dict[str, Any] | None = None
    for c in act.clauses.values():
        raw = existing.get(c.id)
        if raw is not None:
            if _update_raw(raw, c, act.lang, ed):
                updated.append(c.id)
            prev = raw
            continue
        raw = _new_raw(c, act.lang, ed, source_note)
        new_ids.append(c.id)
        if prev is not None:
            after.setdefault(id(prev), []).append(raw)
        else:
            anchor = _insertion_point(clauses, act)
            (before.setdefault(id(anchor), []) if anchor is not None else tail).append(raw)
        prev = raw
    out: list[Any] = []

    def emit(first: dict[str, Any]) -> None:
        stack = [first]
        while stack:
            x = stack.pop()
            out.append(x)
            stack.extend(reversed(after.get(id(x), [])))

    for raw in clauses:
        for b in before.get(id(raw), []):
            emit(b)
        if isinstance(raw, dict):
            emit(raw)
        else:
            out.append(raw)
    for t in tail:
        emit(t)
    data["clauses"] = out
    return new_ids, updated


def _insertion_point(clauses: list[Any], act: ParsedAct) -> dict[str, Any] | None:
    """Where an import that starts with new clauses goes: before the file's first article at or after
    the import's first article, and before the section/chapter headings just above that article."""
    first = next((k for c in act.articles() if (k := _article_key(c.id)) is not None), None)
    if first is None:
        return None
    for i, raw in enumerate(clauses):
        if not isinstance(raw, dict):
            continue
        k = _article_key(str(raw.get("id", "")))
        if k is not None and k >= first:
            j = i
            while j > 0 and _is_heading_division(clauses[j - 1]):
                j -= 1
            return clauses[j]
    return None


def _is_heading_division(raw: Any) -> bool:
    """A section or chapter clause (which heads the articles after it), not the preamble."""
    try:
        c = Citation.parse(str(raw.get("id", ""))) if isinstance(raw, dict) else None
    except CitationError:
        return False
    return c is not None and c.is_division and c.head != "preamble"
