"""An instrument of the workspace as Akoma Ntoso 3.0 XML, one file per language held.

The eId of each clause is derived from its id alone, following the AKN naming convention
(``<abbreviation>_<number>``, levels joined by ``__``), so every clause appears exactly once:

>>> eid("KZ-LC:192(1)(2)"), eid("KZ-LC:113-1"), eid("KZ-LC:chapter-24"), eid("KZ-LC:193(1-1)")
('art_192__para_1__subpara_2', 'art_113-1', 'chp_24', 'art_193__para_1-1')
>>> eid("C081:12(1)(c)(ii)"), eid("C102:part-V"), eid("C081:preamble")
('art_12__para_1__subpara_c__point_ii', 'part_V', 'preamble')

Divisions (``section-5``, ``chapter-24``, ``part-I``) become ``section``, ``chapter`` and ``part``; articles
``article``; the levels inside an article ``paragraph``, ``subparagraph`` and ``point``. A clause's own
text goes to ``content`` (or ``intro`` when it has sub-clauses). The text of each language is the authentic
text where one was imported, otherwise our summary: each ``content``/``intro`` says which in its ``class``
(``authentic`` or ``summary``), uncertain clauses add ``uncertain``, and a document holding summaries says
so in its preface and in a note, so no one mistakes our words for the law. Work, expression and
manifestation are identified by FRBR URIs built from the country, the act's date and number, the
language and the edition.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from lxml import etree
from lxml.builder import ElementMaker

from gapkit.citations import Citation
from gapkit.errors import GapkitError
from gapkit.model import Clause, Instrument
from gapkit.workspace import Workspace
from gapkit.yamlio import write_atomic

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
E = ElementMaker(namespace=AKN_NS, nsmap={None: AKN_NS})
ISO639_2 = {"ru": "rus", "en": "eng", "kk": "kaz"}
DIVISIONS = {"part": ("part", "part"), "section": ("section", "sec"), "chapter": ("chapter", "chp"),
             "title": ("title", "title"), "book": ("book", "book")}
LEVELS = (("paragraph", "para"), ("subparagraph", "subpara"), ("point", "point"))
NULL_DATE = "0001-01-01"  # AKN needs a date where none is known (as cobalt does)
SUMMARY_NOTE = {
    "ru": "Тексты положений — изложение своими словами (gapkit), а не официальный текст. Официальный текст: {src}",
    "en": "The provisions are summaries in our own words (gapkit), not the official text. Official text: {src}",
    "kk": "Ережелердің мәтіні — өз сөзімізбен баяндау (gapkit), ресми мәтін емес. Ресми мәтін: {src}",
}


class AknError(GapkitError):
    """No such instrument, or nothing to write."""


def _level(i: int) -> tuple[str, str]:
    return LEVELS[min(i, len(LEVELS) - 1)]


def eid(cid: str) -> str:
    """The AKN eId of a clause id: a chapter's параграф is a subchapter, an article's notes an ``hcontainer``.

    >>> eid("KZ-SC:chapter-9-paragraph-2"), eid("KZ-LC:part-general"), eid("KZ-AOC:91(note)(1)")
    ('chp_9__subchp_2', 'part_general', 'art_91__hcontainer_notes__para_1')
    """
    c = Citation.parse(cid)
    if c.head is None:
        raise AknError(f"{cid}: an instrument has no eId")
    kind, _, num = c.head.partition("-")
    chapter, sep, para = c.head.partition("-paragraph-")
    if c.is_article:
        parts = [f"art_{c.head}"]
    elif kind == "preamble":
        parts = ["preamble"]
    elif sep:
        parts = [f"chp_{chapter.removeprefix('chapter-')}", f"subchp_{para}"]
    else:
        parts = [f"{DIVISIONS.get(kind, (kind, kind))[1]}_{num}" if num else kind]
    depth = 0
    for s in c.subs:
        if s == "note":
            parts.append("hcontainer_notes")
            continue
        parts.append(f"{_level(depth)[1]}_{s}")
        depth += 1
    return "__".join(parts)


def _element(cid: str) -> tuple[str, str]:
    """The AKN element of a clause, and its ``num`` as the instrument writes it."""
    c = Citation.parse(cid)
    if c.subs:
        if c.subs[-1] == "note":
            return "hcontainer", ""
        return _level(len([s for s in c.subs if s != "note"]) - 1)[0], c.own_number()
    kind = c.head.partition("-")[0] if c.head else ""
    if c.is_article:
        return "article", c.head or ""
    if c.head and "-paragraph-" in c.head:
        return "subchapter", c.head.rpartition("-")[2]
    return DIVISIONS.get(kind, ("hcontainer", ""))[0], c.head.partition("-")[2] if c.head else ""


def languages(inst: Instrument) -> list[str]:
    """The languages the instrument has clause text in (summary or authentic)."""
    found = {lang for c in inst.clauses.values() for d in (c.text, c.authentic) for lang, v in d.items() if v}
    return [lang for lang in ("ru", "kk", "en") if lang in found]


def _text(c: Clause, lang: str) -> tuple[str, str]:
    if c.authentic.get(lang):
        return c.authentic[lang], "authentic"
    return c.text.get(lang, ""), "summary"


def _paragraphs(text: str) -> list[etree._Element]:
    return [E.p(line.strip()) for line in text.splitlines() if line.strip()] or [E.p()]


def _clause(inst: Instrument, c: Clause, lang: str) -> etree._Element:
    tag, num = _element(c.id)
    attrs = {"eId": eid(c.id)}
    if tag == "hcontainer":
        attrs["name"] = "notes" if c.id.endswith("(note)") else (c.id.split(":", 1)[1].partition("-")[0]) or "division"
    el = E(tag, **attrs)
    if num:
        el.append(E.num(num))
    if c.heading.get(lang):
        el.append(E.heading(c.heading[lang]))
    text, kind = _text(c, lang)
    cls = " ".join([kind, *(["uncertain"] if c.uncertain else []), *(["excluded"] if c.kind == "excluded" else [])])
    children = [inst.clauses[k] for k in c.children if k in inst.clauses]
    if children:
        if text:
            el.append(E.intro(*_paragraphs(text), **{"class": cls}))
        for child in children:
            el.append(_clause(inst, child, lang))
        if c.wrap_up.get(lang):  # the official text that follows the sub-items
            el.append(E.wrapUp(*_paragraphs(c.wrap_up[lang]), **{"class": "authentic"}))
    else:
        el.append(E.content(*_paragraphs(text + ("\n" + c.wrap_up[lang] if c.wrap_up.get(lang) else "")),
                            **{"class": cls}))
    return el


def _frbr(ws: Workspace, inst: Instrument, lang: str, expression_date: str) -> etree._Element:
    work_date = inst.date or NULL_DATE
    number = (inst.act_number or inst.adilet_id or (str(inst.number) if inst.number else inst.code)).replace(" ", "")
    doctype = "act" if inst.kind == "act" else "convention"
    country = (inst.country or ws.country or "un").lower()
    work = f"/akn/{country}/{doctype}/{work_date}/{number}"
    expr = f"{work}/{ISO639_2[lang]}@{expression_date}"
    title = inst.title.get(lang) or inst.title.get("ru") or inst.title.get("en") or inst.code
    today = date.today().isoformat()
    return E.identification(
        E.FRBRWork(E.FRBRthis(value=f"{work}/!main"), E.FRBRuri(value=work), E.FRBRalias(value=title, name="title"),
                   E.FRBRalias(value=inst.code, name="gapkit"), E.FRBRdate(date=work_date, name="Generation"),
                   E.FRBRauthor(href="#author"), E.FRBRcountry(value=country), E.FRBRnumber(value=number)),
        E.FRBRExpression(E.FRBRthis(value=f"{expr}/!main"), E.FRBRuri(value=expr),
                         E.FRBRdate(date=expression_date, name="edition"), E.FRBRauthor(href="#gapkit"),
                         E.FRBRlanguage(language=ISO639_2[lang])),
        E.FRBRManifestation(E.FRBRthis(value=f"{expr}/!main.xml"), E.FRBRuri(value=f"{expr}.akn"),
                            E.FRBRdate(date=today, name="Generation"), E.FRBRauthor(href="#gapkit")),
        source="#gapkit",
    )


def document(ws: Workspace, code: str, lang: str) -> etree._Element:
    """The AKN document of instrument ``code`` in ``lang``."""
    inst = ws.instruments[code]
    summaries = any(c.text.get(lang) and not c.authentic.get(lang) for c in inst.clauses.values())
    expression_date = (inst.authentic_edition.get(lang) if not summaries else None) \
        or inst.edition or inst.date or NULL_DATE
    meta = E.meta(_frbr(ws, inst, lang, str(expression_date)),
                  E.references(E.TLCOrganization(eId="gapkit", href="/ontology/organization/gapkit", showAs="gapkit"),
                               E.TLCOrganization(eId="author", href=f"/ontology/organization/{inst.country or 'un'}",
                                                 showAs=inst.country.upper() or "ILO"),
                               source="#gapkit"))
    title = inst.title.get(lang) or inst.title.get("ru") or inst.code
    preface = [E.longTitle(E.p(title))]
    if summaries:
        note = SUMMARY_NOTE[lang].format(src=inst.source.url or inst.source.note or "-")
        meta.append(E.notes(E.note(E.p(note), eId="note_summary"), source="#gapkit"))
        preface.append(E.p(note, **{"class": "summary-notice"}))
    roots = [c for c in inst.roots() if c.kind != "preamble"]
    preamble = [c for c in inst.roots() if c.kind == "preamble"]
    parts = [meta, E.preface(*preface)]
    if preamble:
        text, kind = _text(preamble[0], lang)
        parts.append(E.preamble(*_paragraphs(text), eId="preamble", **{"class": kind}))
    parts.append(E.body(*(_clause(inst, c, lang) for c in roots)))
    return E.akomaNtoso(E.act(*parts, name=inst.kind))


def write_akn(ws: Workspace, code: str, folder: Path) -> dict[str, Path]:
    """Write ``<folder>/<code>-<lang>.xml`` for each language the instrument has text in."""
    inst = ws.instruments.get(code) or ws.instruments.get(code.upper())
    if inst is None:
        raise AknError(f"no instrument {code!r} in the workspace (it holds: {', '.join(ws.instruments) or 'none'})")
    langs = languages(inst)
    if not langs:
        raise AknError(f"{inst.code} holds no clause text in any language")
    out = {}
    for lang in langs:
        xml = etree.tostring(document(ws, inst.code, lang), xml_declaration=True, encoding="UTF-8",
                             pretty_print=True).decode("utf-8")
        path = folder / f"{inst.code}-{lang}.xml"
        write_atomic(path, xml)
        out[lang] = path
    return out
