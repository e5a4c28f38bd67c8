"""A whole act as the mirror of Kazakhstan's legal database lays it out: a folder with the act's metadata and its
text in one or more files per language.

    labour_code/            meta.yaml, rus/sec001.md … sec005.md, kaz/sec001.md …
    social_code/            meta.yaml, rus/pt001.md, rus/pt002-sec003-ch010.md …
    trade_unions_law/       meta.yaml, rus.md, kaz.md
    constitution/2026/      rus.md with the metadata as YAML front matter
    constitution/1995/      rus.md (title, preamble, an index of the sections), rus/sec001.md, rus/sec004.md

The metadata gives the act's title (ru, kk), requisite (number and date of adoption), the date of the edition the
text is in (per language) and its address on zan.gov.kz; :func:`identify` ties the folder to an act of the workspace
by the database's document number, else by number and date, else by title. A language's files are read in the
mirror's order (``pt002`` before ``pt002-sec003-ch010``) and joined into one text, so that a chapter opened in one
file holds the articles of the next, and ranges of articles (``sec003_st129-st136.md``, ``…_st137-st157.md``) merge
into one act.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from gapkit.load.law_patterns import norm_act_number, requisites
from gapkit.load.law_read import LawImportError, SourceDoc, SourceLine, front_matter, read_source
from gapkit.model import Instrument

#: the mirror's folder names for the languages
MIRROR_LANGS = {"rus": "ru", "kaz": "kk"}
_DOC_URL = re.compile(r"/doc/(\d+)(?:/(rus|kaz))?(?:/(\d{2})\.(\d{2})\.(\d{4}))?")


@dataclass
class ActMeta:
    """What the mirror says of an act: from ``meta.yaml`` or a text file's front matter."""

    title: dict[str, str] = field(default_factory=dict)  # ru / kk
    requisite: str = ""
    act_number: str = ""
    date: str = ""  # adoption (ISO)
    edition: dict[str, str] = field(default_factory=dict)  # lang -> date of the edition (ISO)
    source: dict[str, str] = field(default_factory=dict)  # lang -> zan.gov.kz address of that edition
    doc_id: str = ""  # the database's document number (zan.gov.kz/client/#!/doc/<id>)
    file: str = ""  # where it was read
    other_editions: list[str] = field(default_factory=list)  # meta-<date>.yaml files beside it

    def as_dict(self) -> dict[str, Any]:
        return {"title": self.title, "requisite": self.requisite, "act_number": self.act_number, "date": self.date,
                "edition": self.edition, "source": self.source, "doc_id": self.doc_id, "file": self.file}


@dataclass
class ActFolder:
    path: Path
    meta: ActMeta
    files: dict[str, list[Path]]  # lang -> the text's files, in order


def _iso(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    s = str(value or "").strip()
    m = re.fullmatch(r"(\d{2})\.(\d{2})\.(\d{4})", s)
    if m:
        return f"{m.group(3)}-{m.group(2)}-{m.group(1)}"
    try:
        return date.fromisoformat(s).isoformat()
    except ValueError:
        return ""


def _per_lang(value: Any) -> dict[str, str]:
    """{rus: x, kaz: y} -> {ru: x, kk: y}; a plain value stands for every language."""
    if isinstance(value, dict):
        return {MIRROR_LANGS[k]: str(v) for k, v in value.items() if k in MIRROR_LANGS and v}
    return {"*": str(value)} if value else {}


def meta_from(data: dict[str, Any], where: str) -> ActMeta:
    """An :class:`ActMeta` from the fields of ``meta.yaml`` or of front matter.

    >>> m = meta_from({"requisite": "Кодекс Республики Казахстан от 23 ноября 2015 года № 414-V ЗРК",
    ...                "title": {"rus": "Трудовой кодекс Республики Казахстан"},
    ...                "version_date": {"rus": "2026-07-12"},
    ...                "source": {"rus": "https://zan.gov.kz/client/#!/doc/95666/rus/12.07.2026"}}, "meta.yaml")
    >>> m.act_number, m.date, m.edition, m.doc_id
    ('414-V', '2015-11-23', {'ru': '2026-07-12'}, '95666')
    >>> meta_from({"source": "https://zan.gov.kz/client/#!/doc/1/rus/01.01.2023"}, "rus.md").edition
    {'ru': '2023-01-01'}
    """
    m = ActMeta(file=where)
    title = data.get("title")
    m.title = {k: v for k, v in _per_lang(title).items() if k != "*"} if isinstance(title, dict) else \
        ({"ru": str(title)} if title else {})
    m.requisite = str(data.get("requisite") or "")
    req = requisites(m.requisite) if m.requisite else None
    if req:
        m.act_number, m.date = req
    m.date = m.date or _iso(data.get("approved_on") or data.get("approval_date"))
    sources = _per_lang(data.get("source"))
    if "*" in sources:  # one address: its language is in it (…/doc/1/rus/01.01.2023)
        url = sources.pop("*")
        u = _DOC_URL.search(url)
        sources[MIRROR_LANGS.get(u.group(2) or "", "ru") if u else "ru"] = url
    m.source = sources
    editions = _per_lang(data.get("version_date"))
    if "*" in editions:
        value = editions.pop("*")
        editions = {lang: value for lang in (sources or {"ru": ""})}
    m.edition = {k: _iso(v) for k, v in editions.items() if _iso(v)}
    for lang, url in sources.items():  # the address carries the edition's date where no field does
        u = _DOC_URL.search(url)
        if u and u.group(5) and lang not in m.edition:
            m.edition[lang] = f"{u.group(5)}-{u.group(4)}-{u.group(3)}"
    code = str(data.get("act_code") or data.get("registry_number") or "")
    if not code:
        u = next((x for x in (_DOC_URL.search(url) for url in sources.values()) if x), None)
        code = u.group(1) if u else ""
    m.doc_id = code
    return m


def _natural(path: Path) -> tuple[Any, ...]:
    """The mirror's order of a language's files: by the numbers in their names, a file before its sub-files."""
    return tuple((int(t) if t.isdigit() else t) for t in re.split(r"(\d+)", path.stem))


def read_folder(path: Path) -> ActFolder:
    """The act in ``path``: its metadata and its text files per language; :class:`LawImportError` when the folder
    holds no text of an act."""
    files: dict[str, list[Path]] = {}
    for folder, lang in MIRROR_LANGS.items():
        one = path / f"{folder}.md"
        many = sorted((path / folder).glob("*.md"), key=_natural) if (path / folder).is_dir() else []
        found = ([one] if one.is_file() else []) + many
        if found:
            files[lang] = found
    if not files:
        raise LawImportError(f"{path} holds no text of an act: expected rus.md / kaz.md or rus/ and kaz/ folders of "
                             "section files (sec001.md …), as the kazakhstan-law/codes mirror lays them out")
    meta_file = path / "meta.yaml"
    if meta_file.is_file():
        meta = meta_from(read_meta_file(meta_file), meta_file.name)
    else:
        first = next(iter(files.values()))[0]
        data, _ = front_matter(first.read_text(encoding="utf-8", errors="replace"))
        meta = meta_from(data, first.name)
    meta.other_editions = sorted(d for p in path.glob("meta-*.yaml")
                                 if (d := _iso(p.stem.removeprefix("meta-"))))
    return ActFolder(path, meta, files)


def read_meta_file(meta_file: Path) -> dict[str, Any]:
    """The fields of the mirror's ``meta.yaml``; :class:`LawImportError` when it is not a readable mapping."""
    try:
        data = yaml.safe_load(meta_file.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        raise LawImportError(f"{meta_file} cannot be read: {e}") from e
    if not isinstance(data, dict):
        raise LawImportError(f"{meta_file} is not the mirror's metadata of an act (a mapping of fields)")
    return data


def read_language(folder: ActFolder, lang: str) -> SourceDoc:
    """One language's files read and joined in order, each line knowing its file."""
    doc = SourceDoc("markdown")
    for f in folder.files[lang]:
        part = read_source(f)
        name = f.relative_to(folder.path).as_posix()
        doc.lines += [SourceLine(ln.no, ln.text, ln.indent, ln.heading, ln.italic, ln.quote, ln.bold, ln.anchor,
                                 ln.skip, name) for ln in part.lines]
        doc.format = part.format if doc.format == "markdown" else doc.format
        if not doc.title and part.title:
            doc.title = part.title
    return doc


# Kazakh texts of the mirror write і with the Latin letter now and then ("Кәсiптiк")
_LOOKALIKES = str.maketrans({"i": "і", "I": "І"})


def norm_title(title: str) -> str:
    """A title for comparison: letter case, ё, quotes, punctuation and Latin look-alikes in Cyrillic words set aside.

    >>> norm_title("Закон Республики Казахстан «О профессиональных союзах».")
    'закон республики казахстан о профессиональных союзах'
    """
    s = re.sub(r"[«»\"“”„'’()\[\].,:;–—-]", " ", title).casefold().replace("ё", "е")
    if re.search("[\u0400-\u04ff]", s):
        s = s.translate(_LOOKALIKES)
    return " ".join(s.split())


def act_names(inst: Instrument) -> list[str]:
    """The names an act is known by, each as :func:`norm_title` writes it: its titles and its aliases."""
    return [n for n in (norm_title(t) for t in [*inst.title.values(), *(a for v in inst.aliases.values() for a in v)])
            if n]


def identify(meta: ActMeta, acts: list[Instrument]) -> tuple[Instrument | None, str]:
    """The act of the workspace ``meta`` describes, and how it was recognised; (None, why) when none or several fit.

    The database's document number decides; else the act's number and date of adoption; else its title.
    """
    if meta.doc_id:
        hits = [a for a in acts if a.zan_doc_id == meta.doc_id]
        if len(hits) == 1:
            return hits[0], f"zan.gov.kz document {meta.doc_id}"
    if meta.act_number and meta.date:
        hits = [a for a in acts if norm_act_number(a.act_number) == meta.act_number and a.date == meta.date]
        if len(hits) == 1:
            return hits[0], f"No. {meta.act_number} of {meta.date}"
    titles = {norm_title(t) for t in meta.title.values() if t}
    if titles:
        hits = [a for a in acts if titles & set(act_names(a))]
        if len(hits) == 1:
            return hits[0], f"its title «{next(iter(meta.title.values()))}»"
        if len(hits) > 1:
            return None, (f"its title «{next(iter(meta.title.values()))}» fits several acts "
                          f"({', '.join(a.code for a in hits)}); pass --act")
    what = next(iter(meta.title.values()), "") or meta.requisite or "no title in its metadata"
    return None, f"it is of no act the workspace knows ({what})"


def contradiction(meta: ActMeta, inst: Instrument) -> str:
    """Why the text ``meta`` describes (a folder's, or a file's) is not the text of ``inst`` (its document number,
    number or date differ), or ''."""
    if meta.doc_id and inst.zan_doc_id and meta.doc_id != inst.zan_doc_id:
        return (f"it is zan.gov.kz document {meta.doc_id} ({meta.title.get('ru') or meta.requisite}), {inst.code} is "
                f"document {inst.zan_doc_id}")
    if meta.act_number and inst.act_number not in ("", "-") and meta.act_number != norm_act_number(inst.act_number):
        return f"its act is No. {meta.act_number}, {inst.code} is No. {inst.act_number}"
    if meta.date and inst.date and meta.date != inst.date:
        return f"its act was adopted on {meta.date}, {inst.code} on {inst.date}"
    return ""
