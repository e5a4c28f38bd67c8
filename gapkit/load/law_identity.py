"""Which act a text is: what it says of itself against the act the user names with ``--act``.

A text tells what it is by the database's document number and the act's requisite (number and date of adoption)
in the mirror's metadata, by its title, and, where it has neither (a section file copied on its own), by the
headings of its articles, which the workspace holds for the acts whose official text it has. The evidence is taken
in that order: a document number or a requisite decides; a title that fits the act named (its title or one of its
aliases, whole or within) is enough; headings decide only when enough of them can be compared.

>>> from gapkit.model import Instrument
>>> lc = Instrument("KZ-LC", "act", title={"ru": "Трудовой кодекс Республики Казахстан"},
...                 aliases={"ru": ["Трудовой кодекс", "ТК РК"], "en": ["Labour Code", "LC"]})
>>> tu = Instrument("KZ-TU", "act", title={"ru": "Закон Республики Казахстан «О профессиональных союзах»"})
>>> title_fits("О профессиональных союзах", tu), title_fits("О профессиональных союзах", lc)
(True, False)
>>> title_fits("ТРУДОВОЙ КОДЕКС РЕСПУБЛИКИ КАЗАХСТАН (с изменениями на 01.01.2024 г.)", lc)
True
>>> suggest("KZ-XX", [lc]), suggest("LC", [lc, tu]), suggest("Labor code", [lc, tu]), suggest("QQQQQQ", [lc])
(['KZ-LC'], ['KZ-LC'], ['KZ-LC'], [])
"""

from __future__ import annotations

import contextlib
import re
from difflib import SequenceMatcher, get_close_matches
from pathlib import Path

from gapkit.citations import Citation
from gapkit.load.law_folder import (
    MIRROR_LANGS,
    ActMeta,
    act_names,
    contradiction,
    identify,
    meta_from,
    norm_title,
    read_meta_file,
)
from gapkit.load.law_patterns import norm_act_number
from gapkit.load.law_read import LawImportError, SourceDoc
from gapkit.load.law_tree import ParsedAct
from gapkit.model import Instrument

#: headings compared: at least this many articles, else they tell nothing
MIN_HEADINGS = 3
#: two headings of one article are the same when this alike (editions reword a heading a little, acts do not share)
SAME_HEADING = 0.85


# ---- what a text says of itself ------------------------------------------------------------------------------------


def mirror_meta_file(path: Path) -> Path | None:
    """The mirror's ``meta.yaml`` of the act a file belongs to: beside ``rus.md`` / ``kaz.md``, one folder up from a
    section file in ``rus/`` or ``kaz/``; None for a file in no such layout."""
    if path.suffix.lower() == ".md" and path.stem in MIRROR_LANGS:
        folder = path.parent
    elif path.parent.name in MIRROR_LANGS:
        folder = path.parent.parent
    else:
        return None
    meta = folder / "meta.yaml"
    return meta if meta.is_file() else None


def file_meta(path: Path, doc: SourceDoc, act: ParsedAct) -> ActMeta:
    """What a single file says of the act it is of: the mirror's metadata of its folder or its own front matter,
    then the title and requisite its text gives (the text fills what the metadata leaves empty).

    A metadata file that cannot be read is passed over: it is not what the user gave to import."""
    data: object = doc.meta
    where = path.name
    side = mirror_meta_file(path)
    if side is not None:
        with contextlib.suppress(OSError, LawImportError):
            data, where = read_meta_file(side), side.name
    meta = meta_from(data, where) if isinstance(data, dict) else ActMeta(file=where)
    if act.title and act.lang not in meta.title:
        meta.title[act.lang] = act.title
    if act.act_number and not meta.act_number:
        meta.act_number, meta.date = act.act_number, meta.date or act.date
    return meta


# ---- titles ------------------------------------------------------------------------------------------------------


def _named(inst: Instrument) -> bool:
    """Whether the workspace knows the act by a name, not only by its code (an act made from a text without a
    title is titled by its code until someone names it)."""
    return any(n != norm_title(inst.code) for n in act_names(inst))


def title_fits(title: str, inst: Instrument) -> bool:
    """Whether ``title`` names ``inst``: one of its titles or aliases, or a title that holds one (a title with the
    edition after it) or is held in one (the short title of a law); an abbreviation alone fits only itself."""
    t = norm_title(title)
    if not t:
        return False
    for name in act_names(inst):
        if t == name:
            return True
        if len(name.split()) > 1 and f" {name} " in f" {t} ":
            return True
        if len(t.split()) > 1 and f" {t} " in f" {name} ":
            return True
    return False


def _title(inst: Instrument) -> str:
    return inst.title.get("ru") or inst.title.get("kk") or inst.title.get("en") or inst.code


def describe(meta: ActMeta) -> str:
    """The act a text says it is, in a few words: «title» (requisite)."""
    title = next((t for t in meta.title.values() if t), "")
    req = f"No. {meta.act_number} of {meta.date}" if meta.act_number else ""
    if title:
        return f"«{title}»" + (f" ({req})" if req else "")
    return req or meta.requisite


# ---- article headings ---------------------------------------------------------------------------------------------


def _norm_heading(h: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", h.casefold()).split())


def headings_agree(act: ParsedAct, inst: Instrument) -> tuple[int, int, str]:
    """How the headings of ``act``'s articles compare with those ``inst`` holds for the same numbers, in the text's
    language: (compared, the same, an example of two that differ)."""
    compared = same = 0
    example = ""
    for c in act.articles():
        heading = c.heading.get(act.lang)
        head = Citation.parse(c.id).head
        held = inst.clauses.get(f"{inst.code}:{head}")
        theirs = held.heading.get(act.lang) if held is not None else None
        if not heading or not theirs or c.kind == "excluded" or held is None or held.kind == "excluded":
            continue
        compared += 1
        if SequenceMatcher(None, _norm_heading(heading), _norm_heading(theirs)).ratio() >= SAME_HEADING:
            same += 1
        elif not example:
            example = f"article {head} «{heading}» here, «{theirs}» in {inst.code}"
    return compared, same, example


def _by_headings(act: ParsedAct, others: list[Instrument]) -> Instrument | None:
    """The act of the workspace whose article headings ``act`` has (two thirds of at least three), if one."""
    best: tuple[float, Instrument] | None = None
    for inst in others:
        compared, same, _ = headings_agree(act, inst)
        if compared >= MIN_HEADINGS and 3 * same >= 2 * compared:
            share = same / compared
            if best is None or share > best[0]:
                best = (share, inst)
    return best[1] if best else None


# ---- the check ------------------------------------------------------------------------------------------------------


def _same_document(meta: ActMeta, inst: Instrument) -> bool:
    """The metadata names ``inst`` by the database's document number or by its number (and date)."""
    if meta.doc_id and inst.zan_doc_id:
        return meta.doc_id == inst.zan_doc_id
    number = norm_act_number(inst.act_number) if inst.act_number not in ("", "-") else ""
    return bool(meta.act_number and number and meta.act_number == number)


def _decisive(meta: ActMeta, acts: list[Instrument]) -> tuple[Instrument | None, str]:
    """The act a document number or a requisite names (never a title alone)."""
    found, how = identify(ActMeta(doc_id=meta.doc_id, act_number=meta.act_number, date=meta.date), acts)
    return (found, how) if found is not None else (None, "")


def check_identity(meta: ActMeta, act: ParsedAct | None, code: str, acts: list[Instrument], what: str) -> None:
    """Raise :class:`LawImportError` when the text ``what`` (described by ``meta``; ``act``: its parsed tree, for the
    headings) is not the text of act ``code``; ``acts`` are the acts of the workspace (``code`` among them, or a new
    act). The message says what the text is and, where the workspace holds it, which act it is."""
    given = next((a for a in acts if a.code == code), None)
    others = [a for a in acts if a.code != code]
    not_of = f"{what} is not the text of {code}" + (f" ({_title(given)})" if given is not None else "")

    def refuse(why: str, like: Instrument | None) -> LawImportError:
        tail = (f"; that is {like.code} in the workspace ({_title(like)}): import it with --act {like.code}"
                if like is not None else "")
        return LawImportError(f"{not_of}: {why}{tail}")

    # a document number or a requisite decides
    if given is not None:
        why = contradiction(meta, given)
        if why:
            raise refuse(why, _decisive(meta, others)[0] or _fitting(meta, others))
        if _same_document(meta, given):
            return
    found, how = _decisive(meta, others)
    if found is not None:
        raise refuse(f"it is {describe(meta)}, recognised by {how}", found)
    # else its title, where it has one
    titles = [t for t in meta.title.values() if t]
    if titles:
        if given is not None and any(title_fits(t, given) for t in titles):
            return
        like = _fitting(meta, others)
        if like is not None or (given is not None and _named(given)):
            raise refuse(f"its title is {describe(meta)}", like)
        return
    # else the headings of its articles, against those the workspace holds
    if act is None:
        return
    compared, same, example = headings_agree(act, given) if given is not None else (0, 0, "")
    like = _by_headings(act, others)
    if compared >= MIN_HEADINGS and 2 * same < compared:
        raise refuse(f"the headings of its articles are not those of {code} ({example}; {same} of {compared} the "
                     "same)", like)
    if like is not None and not (compared and 2 * same >= compared):
        raise refuse(f"the headings of its articles are those of {like.code}", like)


def _fitting(meta: ActMeta, acts: list[Instrument]) -> Instrument | None:
    """The one act whose title or alias the metadata's title is (exactly, else within), if one."""
    found, _ = identify(ActMeta(title=dict(meta.title)), acts)
    if found is not None:
        return found
    hits = [a for a in acts if any(title_fits(t, a) for t in meta.title.values() if t)]
    return hits[0] if len(hits) == 1 else None


# ---- the code given ------------------------------------------------------------------------------------------------


def suggest(code: str, acts: list[Instrument]) -> list[str]:
    """The codes of the acts that ``code`` comes close to, as a code (with or without its country) or as one of their
    aliases, best first."""
    keys: dict[str, str] = {}
    for a in acts:
        keys.setdefault(a.code.casefold(), a.code)
        if "-" in a.code:
            keys.setdefault(a.code.partition("-")[2].casefold(), a.code)  # the code without its country: LC
        for alias in (x for v in a.aliases.values() for x in v):
            keys.setdefault(alias.casefold(), a.code)
    out: list[str] = []
    for key in get_close_matches(code.casefold(), list(keys), n=6, cutoff=0.6):
        if keys[key] not in out:
            out.append(keys[key])
    return out[:3]


def unknown_act(code: str, acts: list[Instrument]) -> str:
    """The message for ``--act CODE`` that names no act of the workspace."""
    close = suggest(code, acts)
    hint = (f"did you mean {' or '.join(close)}?" if close else
            f"the workspace holds {', '.join(a.code for a in acts) or 'no act'}")
    return f"no act {code} in the workspace: {hint} (to make a new act's file, add --new-act)"
