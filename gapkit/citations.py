"""Citations: canonical clause ids, and citations found in English, Russian and Kazakh text.

This is the one place where citations are parsed and formatted; everything else calls it.

A canonical id is ``INSTRUMENT:NUMBER``:

>>> c = Citation.parse("C081:12(1)(c)(ii)")
>>> c.instrument, c.head, c.subs
('C081', '12', ('1', 'c', 'ii'))
>>> str(c.parent())
'C081:12(1)(c)'
>>> Citation.parse("KZ-LC:192(1)(2)").format("ru", Names.default())
'подпункт 2) пункта 1 статьи 192 KZ-LC'

Citations in running text are found with :func:`find`; act names come from a :class:`Names`
registry built from the workspace's instrument files (their declared aliases), so no act
name is written in code:

>>> names = Names([ActName("KZ-LC", "act", aliases={"ru": ["Трудовой кодекс", "ТК РК"],
...                                                  "en": ["Labour Code"]})])
>>> [str(f.citation) for f in find("подпункт 2) пункта 1 статьи 195 Трудового кодекса", names)]
['KZ-LC:195(1)(2)']
>>> [str(f.citation) for f in find("Articles 12 and 16 of Convention No. 81 and "
...                                  "Articles 16 and 21 of Convention No. 129", names)]
['C081:12', 'C081:16', 'C129:16', 'C129:21']
>>> [str(f.citation) for f in find("Article 3(1)(a) and (b) of Convention No. 81", names)]
['C081:3(1)(a)', 'C081:3(1)(b)']
>>> [str(f.citation) for f in find("пунктом 3 статьи 198 настоящего Кодекса", names, context="KZ-LC")]
['KZ-LC:198(3)']
>>> [str(f.citation) for f in find("191-бап 5-тармақ", names, context="KZ-LC")]
['KZ-LC:191(5)']
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from gapkit.errors import GapkitError

# --------------------------------------------------------------------------------------
# Canonical ids
# --------------------------------------------------------------------------------------

_DASHES = "-\u2010\u2011\u2012"  # hyphen, hyphen, non-breaking hyphen, figure dash: all mean "144-1"
_DASH_CLASS = r"\-\u2010\u2011\u2012"  # the same, for use inside a regex character class
_RANGE_DASHES = "\u2013\u2014"  # en and em dash: a range (20–21), or a sub-number written loosely (144–4)

ID_RE = re.compile(
    r"""
    ^(?P<instrument>
        [CP]\d{3}                       # Convention or Protocol: C081, P081
      | [A-Z]{2}-[A-Z0-9]+              # national act: KZ-LC, KZ-CONST
    )
    (?: :
      (?P<head>
          part-(?:general|special)      # a code's Общая / Особенная часть
        | (?:part|schedule|section|chapter)-[0-9IVXLC]+(?:-[0-9A-Z]+)?  # Part V, III-A, Schedule to XI
          (?:-paragraph-\d+)?           # a chapter's параграф: chapter-9-paragraph-2, chapter-14-1-paragraph-3
        | annex | preamble
        | \d+(?:-\d+)*                  # article: 12, 113-1, 144-2
      )
      (?P<subs>(?:\((?:\d+(?:-\d+)*|[a-z]{1,5})\))*)   # (1)(c)(ii), (1-1)
    )?$
    """,
    re.VERBOSE,
)

_ROMAN = {"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv"}


@lru_cache(maxsize=1 << 16)
def _parse(text: str) -> Citation:
    # ids are parsed again and again while reports, pages and the matcher walk the tree: once each
    # (a Citation is immutable, so one object serves every caller)
    m = ID_RE.match(text.strip())
    if not m:
        raise CitationError(f"not a canonical id: {text!r} (expected e.g. C081:12(1)(a) or KZ-LC:191(5))")
    subs = tuple(re.findall(r"\(([^()]+)\)", m.group("subs") or ""))
    return Citation(m.group("instrument"), m.group("head"), subs)


def instrument_of(any_id: str) -> str:
    """The instrument an id belongs to: ``KZ-LC:191(5)`` -> ``KZ-LC``; a bare code is its own. It reads what
    precedes the colon, so it answers for an id that does not parse too (the checks report those).

    >>> instrument_of("C081:12(1)(a)"), instrument_of("KZ-LC"), instrument_of("KZ-LC:nonsense")
    ('C081', 'KZ-LC', 'KZ-LC')
    """
    return any_id.partition(":")[0]


class CitationError(GapkitError, ValueError):
    """A string that is not a canonical id."""


def _norm_num(s: str) -> str:
    """Normalise a number as sources write it: 144‑1 -> 144-1, '1\\)' -> '1'."""
    s = s.replace("\\", "").strip().strip("()*").strip()
    for d in _DASHES:
        s = s.replace(d, "-")
    return s


def _level_type(tok: str) -> str:
    if tok[0].isdigit():
        return "num"
    if tok in _ROMAN:
        return "roman"
    return "letter"


@dataclass(frozen=True, order=True)
class Citation:
    """A canonical reference to an instrument or one of its clauses."""

    instrument: str
    head: str | None = None  # article number, or a division: part-V, schedule-XI, annex, chapter-24 ...
    subs: tuple[str, ...] = ()  # paragraph, subparagraph, point ...

    @classmethod
    def parse(cls, text: str) -> Citation:
        """Parse a canonical id.

        >>> Citation.parse("C102:schedule-XI").head
        'schedule-XI'
        >>> Citation.parse("KZ-LC:113-1").subs
        ()
        >>> Citation.parse("Article 12")  # doctest: +IGNORE_EXCEPTION_DETAIL
        Traceback (most recent call last):
        ...
        gapkit.citations.CitationError: not a canonical id: 'Article 12' (expected e.g. C081:12(1)(a) or KZ-LC:191(5))
        """
        if not isinstance(text, str):
            raise CitationError(f"not a canonical id: {text!r} (expected e.g. C081:12(1)(a) or KZ-LC:191(5))")
        return _parse(text)

    @classmethod
    def is_valid(cls, text: str) -> bool:
        return bool(isinstance(text, str) and ID_RE.match(text.strip()))

    def __str__(self) -> str:
        if self.head is None:
            return self.instrument
        return f"{self.instrument}:{self.head}" + "".join(f"({s})" for s in self.subs)

    @property
    def id(self) -> str:
        return str(self)

    @property
    def is_article(self) -> bool:
        return self.head is not None and self.head[0].isdigit()

    @property
    def is_division(self) -> bool:
        return self.head is not None and not self.head[0].isdigit()

    def parent(self) -> Citation | None:
        """The clause this one sits in, by numbering (an article's Part is not in its id)."""
        if self.subs:
            return Citation(self.instrument, self.head, self.subs[:-1])
        if self.head is not None:
            return Citation(self.instrument)
        return None

    def is_ancestor_of(self, other: Citation) -> bool:
        """True when ``other`` sits inside this clause by numbering.

        >>> Citation.parse("KZ-LC:191").is_ancestor_of(Citation.parse("KZ-LC:191(5)"))
        True
        >>> Citation.parse("KZ-LC:19").is_ancestor_of(Citation.parse("KZ-LC:191"))
        False
        """
        if self.instrument != other.instrument or self == other:
            return False
        if self.head is None:
            return True
        return self.head == other.head and other.subs[: len(self.subs)] == self.subs

    def own_number(self) -> str:
        """The number this clause carries itself: '12', '(1)', '(c)', 'Part V'."""
        if self.subs:
            return f"({self.subs[-1]})"
        if self.head is None:
            return self.instrument
        if self.is_article:
            return self.head
        kind, num = _division_parts(self.head)
        return {"part": f"Part {num}", "schedule": f"Schedule to Part {num}", "section": f"Section {num}",
                "chapter": f"Chapter {num}", "paragraph": f"Paragraph {num.rpartition('-')[2]}",
                "part-general": "General Part", "part-special": "Special Part",
                "annex": "Annex", "preamble": "Preamble"}[kind]

    def format(self, lang: str = "en", names: Names | None = None, with_act: bool = True) -> str:
        """This citation as a lawyer writes it in ``lang`` (en, ru, kk); ``with_act=False`` leaves out the
        act's name, as a unit is cited inside its own act's text (a division keeps it).

        >>> n = Names.default()
        >>> Citation.parse("C081:12(1)(a)").format("en", n)
        'Article 12(1)(a) of Convention No. 81'
        >>> Citation.parse("C081:12(1)(a)").format("ru", n)
        'статья 12(1)(a) Конвенции № 81'
        >>> Citation.parse("C102:part-V").format("en", n)
        'Part V of Convention No. 102'
        >>> [Citation.parse("KZ-LC:192(1)(2)").format(lang, n, with_act=False) for lang in ("en", "ru", "kk")]
        ['Article 192(1)(2)', 'подпункт 2) пункта 1 статьи 192', '192-бабының 1-тармағының 2) тармақшасы']
        >>> Citation.parse("KZ-LC:16(2)").format("ru", Names(subparagraphs=["KZ-LC:16(2)"]), with_act=False)
        'подпункт 2) статьи 16'
        """
        names = names or Names.default()
        return _format(self, lang, names, with_act)


# --------------------------------------------------------------------------------------
# Act names: who is called what, in which language
# --------------------------------------------------------------------------------------


@dataclass
class ActName:
    """How one instrument is named in citations. Built from the instrument's file."""

    code: str
    kind: str = "act"  # convention | protocol | act
    number: int | None = None
    aliases: dict[str, list[str]] = field(default_factory=dict)
    cite_as: dict[str, str] = field(default_factory=dict)

    def cite_name(self, lang: str) -> str:
        if self.cite_as.get(lang):
            return self.cite_as[lang]
        if self.kind in ("convention", "protocol") and self.number is not None:
            return _convention_name(self.kind, self.number, lang)
        return self.code


def _convention_name(kind: str, number: int, lang: str) -> str:
    if kind == "protocol":
        return {"en": f"the Protocol to Convention No. {number}", "ru": f"Протокола к Конвенции № {number}",
                "kk": f"№ {number} Конвенцияның Хаттамасы"}[lang]
    return {"en": f"Convention No. {number}", "ru": f"Конвенции № {number}", "kk": f"№ {number} Конвенцияның"}[lang]


def _stem_pattern(word: str, lang: str) -> str:
    """A regex for a word of an alias in any grammatical case ("Трудовой" -> "Трудов\\w*")."""
    if word.isupper() or len(word) <= 2 or not word.isalpha():
        return re.escape(word)  # abbreviations and short words: exactly as written
    if lang == "ru":
        m = re.match(r"^(.{4,}?)(ыми|ими|ого|его|ому|ему|ый|ий|ой|ая|яя|ое|ее|ые|ие|ым|им|ом|ем|ую|юю|ых|их"
                     r"|ами|ями|ах|ях|ам|ям|ов|ев|ей|а|я|о|е|ы|и|у|ю|ь|й)$", word)
        stem = m.group(1) if m else word
        return "(?i:" + re.escape(stem) + r")\w*"
    if lang == "kk":
        m = re.match(r"^(.{4,}?)(ы|і|а|е|сы|сі)$", word)
        stem = m.group(1) if m else word
        return "(?i:" + re.escape(stem) + r")\w*"
    return "(?i:" + re.escape(word) + r")(?:'s|s)?"


def _alias_pattern(alias: str, lang: str) -> str:
    words = re.findall(r"[\w" + _DASH_CLASS + r"]+", alias)
    return r"[\s«»\"“”„]+".join(_stem_pattern(w, lang) for w in words)


class Names:
    """The registry of instrument names used to find and write citations."""

    def __init__(self, acts: Iterable[ActName] = (), subparagraphs: Iterable[str] = ()):
        self.acts: dict[str, ActName] = {a.code: a for a in acts}
        # ids of подпункты that sit right under their article ("2)" of an article without пункты): their id has
        # the depth of a пункт, and a lawyer cites them "подпункт 2) статьи 16"
        self.subparagraphs: frozenset[str] = frozenset(subparagraphs)
        # the articles whose units are подпункты: a unit proposed there that the act does not have yet (193(3-1))
        # is a подпункт too
        self._subparagraph_articles = frozenset(s.rsplit("(", 1)[0] for s in self.subparagraphs)
        self._alias_re: re.Pattern[str] | None = None
        self._alias_codes: dict[str, str] = {}

    def is_subparagraph(self, cid: str) -> bool:
        """Whether a unit of depth one is a подпункт right under its article (an existing one, or a new one
        beside existing ones).

        >>> n = Names(subparagraphs=["KZ-LC:193(3)"])
        >>> n.is_subparagraph("KZ-LC:193(3-1)"), n.is_subparagraph("KZ-LC:194(3)")
        (True, False)
        """
        return cid in self.subparagraphs or cid.rsplit("(", 1)[0] in self._subparagraph_articles

    @classmethod
    def default(cls) -> Names:
        """Conventions are known by number; no national act is known."""
        return cls()

    def act(self, code: str) -> ActName:
        if code in self.acts:
            return self.acts[code]
        m = re.match(r"^([CP])(\d{3})$", code)
        if m:
            return ActName(code, "protocol" if m.group(1) == "P" else "convention", int(m.group(2)))
        return ActName(code)

    def alias_regex(self) -> re.Pattern[str] | None:
        """One alternation of every declared alias, longest first, each a named group."""
        if self._alias_re is None:
            parts: list[tuple[int, str]] = []
            for a in self.acts.values():
                for lang, aliases in a.aliases.items():
                    for alias in aliases:
                        g = f"a{len(self._alias_codes)}"
                        self._alias_codes[g] = a.code
                        parts.append((len(alias), f"(?P<{g}>{_alias_pattern(alias, lang)})"))
                # the code itself (KZ-LC) is always a name
                g = f"a{len(self._alias_codes)}"
                self._alias_codes[g] = a.code
                parts.append((len(a.code), f"(?P<{g}>{re.escape(a.code)})"))
            if not parts:
                return None
            parts.sort(key=lambda p: -p[0])
            body = "|".join(p[1] for p in parts)
            suffix = (r"(?:\s+(?:Республики\s+Казахстан|РК)\b|\s+of\s+(?:the\s+)?Republic\s+of\s+Kazakhstan"
                      r"|\s+Қазақстан\s+Республикасының)?")
            self._alias_re = re.compile(r"(?<![\w-])(?:" + body + r")(?!\w)" + suffix)
        return self._alias_re

    def code_of_group(self, group: str) -> str:
        return self._alias_codes[group]


# --------------------------------------------------------------------------------------
# Finding citations in text
# --------------------------------------------------------------------------------------

_NUM = rf"\d+(?:[{_DASH_CLASS}]\d+)*"
_SUFFIX = r"(?:[ ]?\(\*?(?:\d+(?:[" + _DASH_CLASS + r"]\d+)*|[a-z]{1,5})\*?\))"
_ROMAN_RE = r"[IVXLC]+"

UNIT_RE = re.compile(
    rf"""
    (?P<canon>                                        # a canonical id written out: KZ-LC:191(5), C081:12(1)(a)
        \b(?:[CP]\d{{3}}|[A-Z]{{2}}-[A-Z0-9]+):(?:(?:part|schedule|section|chapter)-[0-9IVXLC]+(?:-[0-9A-Z]+)?|annex|preamble
        |\d+(?:-\d+)*)(?:\((?:\d+(?:-\d+)*|[a-z]{{1,5}})\))*
    )
  | (?P<en>                                           # English, article first: Article 12(1)(a), Arts 12 & 16, s.191(5)
        (?:\b(?i:articles?|arts?)\.?|\b(?i:sections?)|\bss?\.)[^\S\n]*
        (?P<en_list>{_NUM}{_SUFFIX}*
            (?:[^\S\n]*(?:,|&|\band\b|\bor\b|[{_RANGE_DASHES}])[^\S\n]*(?:{_NUM}{_SUFFIX}*|{_SUFFIX}+))*)
    )
  | (?P<enp>                                # English, paragraph first: subparagraph (a) of paragraph 1 of Article 12
        (?:\b(?i:sub-?paragraphs?|clauses?|points?)[^\S\n]+(?P<enp_sub>\(?[a-z0-9]{{1,5}}\)?
            (?:[^\S\n]*(?:,|\band\b|\bor\b)[^\S\n]*\(?[a-z0-9]{{1,5}}\)?)*)[^\S\n]+of[^\S\n]+)?
        \b(?i:paragraphs?)[^\S\n]+(?P<enp_par>{_NUM}{_SUFFIX}*(?:[^\S\n]*(?:,|\band\b|\bor\b)[^\S\n]*{_NUM}{_SUFFIX}*)*)
        (?:[^\S\n]+of[^\S\n]+(?i:Article|Art\.?)[^\S\n]+(?P<enp_art>{_NUM}))?
    )
  | (?P<endiv>                              # English divisions: Part V, Schedule to Part XI, Chapter 24, Annex
        \bSchedule[^\S\n]+to[^\S\n]+Part[^\S\n]+(?P<en_sched>{_ROMAN_RE})\b
      | \bParts?[^\S\n]+(?P<en_part>{_ROMAN_RE}|\d+)\b
      | \bChapter[^\S\n]+(?P<en_chap>{_NUM})\b
      | \b(?P<en_annex>Annex)\b
      | \b(?P<en_pre>Preamble)\b
    )
  | (?P<ru>                                 # Russian: подпункт 2) пункта 1 статьи 192; пункт 5 статьи 191; ст. 191
        (?=(?i:част|абзац|ч\.|подпункт|пп\.|пункт|п\.|стать|ст\.))
        (?:(?i:част\w+|абзац\w*|ч\.)[^\S\n]+[\w]+[^\S\n]+)?
        (?:(?i:подпункт\w*|пп\.)[^\S\n]*(?P<ru_sub>{_NUM}\\?\)(?:[^\S\n]*(?:,|\bи\b|\bили\b)[^\S\n]*{_NUM}\\?\))*)[^\S\n]*
           (?:(?i:част\w+|абзац\w*)[^\S\n]+\w+[^\S\n]+)?)?
        (?:(?i:пункт\w*|п\.)[^\S\n]*(?P<ru_par>{_NUM}(?:[^\S\n]*(?:,|\bи\b|\bили\b)[^\S\n]*{_NUM})*)(?!\\?\))[^\S\n]*)?
        (?:(?i:стать\w+|ст\.)[^\S\n]*(?P<ru_art>{_NUM}{_SUFFIX}*
            (?:[^\S\n]*(?:,|\bи\b|\bили\b|[{_RANGE_DASHES}])[^\S\n]*(?:{_NUM}{_SUFFIX}*|{_SUFFIX}+))*))?
    )
  | (?P<rudiv>                                        # Russian divisions: раздел V, приложение к разделу XI, глава 24
        (?i:приложени\w*[^\S\n]+к[^\S\n]+раздел\w*)[^\S\n]+(?P<ru_sched>{_ROMAN_RE})\b
      | (?i:раздел\w*)[^\S\n]+(?P<ru_part>{_ROMAN_RE}|\d+)\b
      | (?i:глав\w*)[^\S\n]+(?P<ru_chap>{_NUM})\b
      | (?P<ru_annex>(?i:приложени\w*))(?=[^\S\n]+к[^\S\n])
      | (?P<ru_pre>(?i:преамбул\w*))
    )
  | (?P<kk>                                           # Kazakh: 192-бабының 1-тармағының 2) тармақшасы
        (?P<kk_art>{_NUM})(?P<kk_suf>{_SUFFIX}*)-ба[пб]\w*
        (?:[^\S\n]+(?P<kk_par>{_NUM})-тарма[қғ](?!ша)\w*)?
        (?:[^\S\n]+(?P<kk_sub>{_NUM})\)[^\S\n]*тармақша\w*)?
    )
  | (?P<kkdiv>                                        # Kazakh divisions: V бөлімі, XI бөліміне қосымша, 24-тарауы
        (?P<kk_sched>{_ROMAN_RE})[^\S\n]+бөлім\w*[^\S\n]+қосымша\w*
      | (?P<kk_part>{_ROMAN_RE})[^\S\n]+бөлім\w*
      | (?P<kk_sec>\d+)-бөлім\w*
      | (?P<kk_chap>{_NUM})-тарау\w*
      | (?P<kk_annex>қосымша\w*)
      | (?P<kk_pre>преамбула\w*)
    )
    """,
    re.VERBOSE,
)

# Designators that name an instrument by number or by reference to the text at hand.
DESIGNATOR_RE = re.compile(
    r"""
    (?P<conv>                                         # Conventions and Protocols by number
        \bProtocol(?:\s+of\s+\d{4})?\s+to\s+(?:the\s+)?(?:[A-Z][\w()]*\s+){0,6}?Convention
            (?:,\s*\d{4})?\s*\(?No\.?\s*(?P<prot_no>\d+)\)?
      | \b(?:ILO\s+)?Convention(?:,\s*\d{4})?\s*\(?No\.?\s*(?P<conv_no>\d+)\)?
      | (?:\b(?:[A-Z][\w()]*\s+){1,6})Convention,\s*\d{4}\s*\(No\.\s*(?P<title_no>\d+)\)
      | \bC\.?\s?(?P<c_no>\d{2,3})(?!\d|\s*(?:г\.|year))\b
      | \bP(?P<p_no>\d{3})\b
      | \bПротокол\w*\s+к\s+Конвенци\w*\s+(?:МОТ\s+)?(?:№|N|No\.?)\s*(?P<ru_prot_no>\d+)
      | \bКонвенци\w*\s+(?:МОТ\s+)?(?:№|N\b|No\.?)\s*(?P<ru_no>\d+)
      | №\s*(?P<kk_no>\d+)\s+Конвенция\w*(?:\s+Хаттама\w*(?P<kk_prot>))?
    )
  | (?P<same>                                         # the act named last: the same Code, the said Act, того же Кодекса
        \b[Tt]he\s+(?:same|said|above-?mentioned|aforementioned|aforesaid)\s+(?:Code|Act|Law|Convention|Protocol)\b
      | \b(?i:эт(?:ого|ому|им|ом|от|ой|у)|т(?:ого|ому|ем|ом|от|ой|у)\s+же|(?:выше)?указанн\w+|(?:выше)?названн\w+
            |упомянут\w+)\s+(?i:Кодекс\w*|Закон\w*|Конвенци\w*|Протокол\w*)
      | \b(?i:аталған|сол|көрсетілген)\s+(?i:Кодекс\w*|Заң\w*|Конвенция\w*|Хаттама\w*)
    )
  | (?P<rel_instr>                                    # this Code / this Convention
        \b(?i:настоящ\w+)\s+(?:Кодекс\w*|Закон\w*|Конвенци\w*|Протокол\w*|Конституци\w*)
      | \b(?:this|the\s+present|the)\s+(?:Convention|Code|Act|Law|Protocol)\b
      | \b(?i:осы)\s+(?:Кодекс\w*|Заң\w*|Конвенция\w*|Хаттама\w*)
    )
  | (?P<rel_art>                                      # this Article
        \b(?i:настоящ\w+)\s+стать\w+
      | \b(?:this|the\s+present)\s+Article\b
      | \b(?i:осы)\s+ба[пб]\w*
    )
  | (?P<rel_par>                                      # this paragraph
        \b(?i:настоящ\w+)\s+пункт\w*
      | \b(?:this|the\s+present)\s+paragraph\b
      | \b(?i:осы)\s+тарма[қғ]\w*
    )
    """,
    re.VERBOSE,
)

# Instruments outside the workspace, named so that a word in them ("Constitution") is not taken
# for a workspace act, and so that their articles are reported as unresolved, not guessed.
FOREIGN_RE = re.compile(
    r"""
      \bILO\s+Constitution\b | \bConstitution\s+of\s+the\s+(?:ILO|International\s+Labour\s+Organi[sz]ation)\b
    | \b(?i:устав\w*)\s+(?:МОТ|Международной\s+организации\s+труда)
    | \bCharter\s+of\s+the\s+United\s+Nations\b | \bUnited\s+Nations\s+Charter\b | \b(?i:устав\w*)\s+ООН
    """,
    re.VERBOSE,
)
# Any other code or law named by its title words: "Гражданского кодекса", "Criminal Code".
OTHER_ACT_RE = re.compile(
    r"\b[А-ЯЁа-яё]+(?:ого|его|ым|им|ой|ий|ый)\s+(?i:кодекс)\w*(?:\s+Республики\s+Казахстан)?"
    r"|\b(?:[A-Z][a-z]+\s+){1,3}(?:Code|Act)\b"
)

_CONNECTOR_RE = re.compile(r"^\s*(?:[,;]\s*)?(?:(?:и|или|а\s+также|and|or|&|as\s+well\s+as|және|немесе)\s+)?$")
_AFTER_GAP_RE = re.compile(r"^\s*(?:(?:of|to|in|under|к)\s+(?:the\s+)?)?$")
_BEFORE_GAP_RE = re.compile(r"^[\s,]*$")


@dataclass(frozen=True)
class Found:
    """A citation found in a text: the canonical citation and the words that made it."""

    citation: Citation
    text: str
    start: int
    end: int

    def as_dict(self) -> dict[str, object]:
        return {"id": str(self.citation), "text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Unresolved:
    """Words that look like a citation but cannot be tied to an instrument the workspace knows."""

    text: str
    start: int
    end: int
    reason: str


@dataclass(frozen=True)
class Named:
    """An instrument a text names, in the words it uses: what "the same Code" further on may refer to."""

    code: str | None  # None: an instrument the workspace does not hold ("the Criminal Code")
    text: str


@dataclass
class Scan:
    found: list[Found] = field(default_factory=list)
    unresolved: list[Unresolved] = field(default_factory=list)
    # the instruments named up to the text's end that "the same Code" may still mean (the last of each kind, those
    # passed in ``named_before`` included), in order: the next paragraph's ``named_before``
    named: list[Named] = field(default_factory=list)


@dataclass
class _Unit:
    start: int
    end: int
    paths: list[tuple[str, ...]]  # each (head, sub, sub ...); head may be "" when the unit has no article
    level: str  # "article" (head present), "paragraph" (starts at a paragraph), "sub" (starts at a subparagraph)
    lang: str
    instrument: str | None = None  # set when the unit names its instrument itself (canonical ids)


@dataclass
class _Designator:
    start: int
    end: int
    kind: str  # "act", "same" (the act last named), "rel_instr", "rel_art", "rel_par", "foreign"
    code: str | None = None
    used: bool = False


def _split_list(s: str) -> list[str]:
    return [p for p in re.split(r"\s*(?:,|&|\band\b|\bor\b|\bи\b|\bили\b)\s*", s.strip()) if p]


def _expand_items(list_text: str) -> list[tuple[str, ...]]:
    """'12 and 16' -> [(12,), (16,)]; '3(1)(a) and (b)' -> [(3,1,a), (3,1,b)]; '20–21' -> [(20,), (21,)]."""
    out: list[tuple[str, ...]] = []
    tokens = re.split(rf"(\s*[{_RANGE_DASHES}]\s*)", list_text)
    pieces: list[tuple[str, bool]] = []  # (text, preceded by range dash)
    dash = False
    for t in tokens:
        if re.fullmatch(rf"\s*[{_RANGE_DASHES}]\s*", t):
            dash = True
            continue
        for i, p in enumerate(_split_list(t)):
            pieces.append((p, dash and i == 0))
        dash = False
    for text, after_dash in pieces:
        m = re.match(rf"^({_NUM})?((?:\s?\(\*?[^()]+?\*?\))*)$", text.replace("\\", ""))
        if not m:
            continue
        num = _norm_num(m.group(1)) if m.group(1) else None
        subs = tuple(_norm_num(s) for s in re.findall(r"\(([^()]+)\)", m.group(2) or ""))
        if num is None:  # continuation "(b)": replace the last component of the same level
            if not out or not subs:
                continue
            prev = out[-1]
            want = _level_type(subs[0])
            idx = next((i for i in range(len(prev) - 1, 0, -1)
                        if _level_type(prev[i]) == want
                        or (want == "roman" and _level_type(prev[i]) == "letter" and prev[i] in _ROMAN)), None)
            if idx is None:
                idx = len(prev)
            out.append(prev[:idx] + subs)
            continue
        if after_dash and out and not subs and len(out[-1]) == 1 and out[-1][0].isdigit() and num.isdigit():
            a, b = int(out[-1][0]), int(num)
            if b > a and b - a <= 60:  # a range: 20–21, 113–118
                out.extend((str(n),) for n in range(a + 1, b + 1))
                continue
            # "144–4": a sub-number written with an en dash
            out[-1] = (f"{out[-1][0]}-{num}",)
            continue
        out.append((num, *subs))
    return out


def _units(text: str) -> list[_Unit]:
    units: list[_Unit] = []
    for m in UNIT_RE.finditer(text):
        g = m.groupdict()
        start, end = m.span()
        if g["canon"]:
            c = Citation.parse(g["canon"])
            units.append(_Unit(start, end, [((c.head or ""), *c.subs)], "article", "en", instrument=c.instrument))
        elif g["en"]:
            units.append(_Unit(start, end, _expand_items(g["en_list"]), "article", "en"))
        elif g["enp"]:
            subs = [(_norm_num(s),) for s in _split_list(g["enp_sub"])] if g["enp_sub"] else [()]
            pars = _expand_items(g["enp_par"])
            art = _norm_num(g["enp_art"]) if g["enp_art"] else ""
            paths = [(art, *p, *s) for p in pars for s in subs]
            units.append(_Unit(start, end, paths, "article" if art else "paragraph", "en"))
        elif g["endiv"] or g["rudiv"] or g["kkdiv"]:
            head = _division(g)
            units.append(_Unit(start, end, [(head,)], "article", "en"))
        elif g["ru"]:
            if not (g["ru_sub"] or g["ru_par"] or g["ru_art"]):
                continue
            # trim trailing whitespace consumed by the optional parts
            while end > start and text[end - 1].isspace():
                end -= 1
            subs = [(_norm_num(s),) for s in re.findall(rf"({_NUM})\\?\)", g["ru_sub"])] if g["ru_sub"] else [()]
            pars = [(_norm_num(p),) for p in _split_list(g["ru_par"])] if g["ru_par"] else [()]
            arts = _expand_items(g["ru_art"]) if g["ru_art"] else [("",)]
            paths = [(*a, *p, *s) for a in arts for p in pars for s in subs]
            level = "article" if g["ru_art"] else ("paragraph" if g["ru_par"] else "sub")
            units.append(_Unit(start, end, paths, level, "ru"))
        elif g["kk"]:
            kk_suffixes = re.findall(r"\(([^()]+)\)", g["kk_suf"] or "")
            kk_art = (_norm_num(g["kk_art"]), *(_norm_num(x) for x in kk_suffixes))
            kk_path = kk_art + tuple(_norm_num(x) for x in (g["kk_par"], g["kk_sub"]) if x)
            units.append(_Unit(start, end, [kk_path], "article", "kk"))
    return units


def _division(g: dict[str, str | None]) -> str:
    if g.get("en_sched") or g.get("ru_sched") or g.get("kk_sched"):
        return "schedule-" + (g.get("en_sched") or g.get("ru_sched") or g.get("kk_sched") or "")
    part = g.get("en_part") or g.get("ru_part") or g.get("kk_part")
    if part:
        return ("section-" if part.isdigit() else "part-") + part
    if g.get("kk_sec"):
        return "section-" + str(g["kk_sec"])
    chap = g.get("en_chap") or g.get("ru_chap") or g.get("kk_chap")
    if chap:
        return "chapter-" + _norm_num(chap)
    if g.get("en_annex") or g.get("ru_annex") or g.get("kk_annex"):
        return "annex"
    return "preamble"


class _Spans:
    """Spans of a text that do not overlap, kept in order: whether a new span overlaps one, in log time (a long
    text has thousands).

    >>> spans = _Spans([(10, 12), (0, 5)])
    >>> spans.overlaps(4, 6), spans.overlaps(5, 10), spans.overlaps(11, 30), spans.overlaps(12, 30)
    (True, False, True, False)
    """

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in spans:
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)

    def overlaps(self, start: int, end: int) -> bool:
        # of the spans that begin before ``end``, the last ends furthest (they do not overlap)
        i = bisect.bisect_left(self.starts, end) - 1
        return i >= 0 and self.ends[i] > start


def _designators(text: str, names: Names, taken: list[tuple[int, int]]) -> list[_Designator]:
    found: list[_Designator] = []
    units, spans = _Spans(taken), _Spans()

    def free(s: int, e: int) -> bool:
        return not units.overlaps(s, e) and not spans.overlaps(s, e)

    def add(d: _Designator) -> None:
        found.append(d)
        spans.add(d.start, d.end)

    for m in FOREIGN_RE.finditer(text):  # instruments the workspace does not hold block look-alikes
        add(_Designator(m.start(), m.end(), "foreign"))
    alias_re = names.alias_regex()
    if alias_re is not None:
        for m in alias_re.finditer(text):
            if free(*m.span()):
                group = next(k for k, v in m.groupdict().items() if v is not None)
                add(_Designator(m.start(), m.end(), "act", names.code_of_group(group)))
    for m in DESIGNATOR_RE.finditer(text):
        if not free(*m.span()):
            continue
        g = m.groupdict()
        if g["conv"]:
            prot = g["prot_no"] or g["p_no"] or g["ru_prot_no"] or (g["kk_no"] if g["kk_prot"] is not None else None)
            no = prot or g["conv_no"] or g["title_no"] or g["c_no"] or g["ru_no"] or g["kk_no"]
            code = f"{'P' if prot else 'C'}{int(no):03d}"
            add(_Designator(m.start(), m.end(), "act", code))
        else:
            kind = next(k for k in ("same", "rel_instr", "rel_art", "rel_par") if g[k])
            add(_Designator(m.start(), m.end(), kind))
    for m in OTHER_ACT_RE.finditer(text):
        if free(*m.span()):
            add(_Designator(m.start(), m.end(), "foreign"))
    found.sort(key=lambda d: d.start)
    return found


def find(text: str, names: Names | None = None, context: str | None = None,
         named_before: Iterable[Named] = ()) -> list[Found]:
    """Citations in ``text``, in order of appearance, resolved to canonical ids.

    ``context`` is an instrument code or a clause id: what "настоящего Кодекса",
    "of this Article" or a bare "Article 5" refer to. "The same Code", "the said Act", "этого Кодекса"
    refer to the act of that kind named last, in the text or in ``named_before`` (the :attr:`Scan.named`
    of the paragraphs before it):

    >>> names = Names([ActName("KZ-EC", aliases={"en": ["Entrepreneur Code"], "ru": ["Предпринимательский кодекс"]}),
    ...                ActName("KZ-TU", aliases={"en": ["Trade Union Act"], "ru": ["Закон о профсоюзах"]})])
    >>> [str(f.citation) for f in find("under section 144(3) of the Entrepreneur Code and under section 148 "
    ...                                  "of the same Code", names)]
    ['KZ-EC:144(3)', 'KZ-EC:148']
    >>> [str(f.citation) for f in find("статьи 144 Предпринимательского кодекса, статьи 5 Закона о профсоюзах "
    ...                                  "и статьи 148 того же Кодекса", names)]
    ['KZ-EC:144', 'KZ-TU:5', 'KZ-EC:148']
    >>> earlier = scan("The Committee notes the Trade Union Act and the Entrepreneur Code.", names).named
    >>> [str(f.citation) for f in find("Section 7 of the said Act", names, "C081", named_before=earlier)]
    ['KZ-TU:7']
    """
    return scan(text, names, context, named_before).found


def scan(text: str, names: Names | None = None, context: str | None = None,
         named_before: Iterable[Named] = ()) -> Scan:
    """Like :func:`find`, and also report what looked like a citation but could not be resolved, and the
    instruments named that the next paragraph's "the same Code" may mean."""
    names = names or Names.default()
    ctx = Citation.parse(context) if context else None
    units = _units(text)
    designators = _designators(text, names, [(u.start, u.end) for u in units])
    out = Scan(named=_refer_back(text, designators, ctx, list(named_before)))
    tokens: list[_Unit | _Designator] = sorted([*units, *designators], key=lambda t: t.start)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if isinstance(tok, _Designator):
            if tok.kind == "act" and not tok.used and tok.code and _standalone(tok, text, names, tokens, i):
                out.found.append(Found(Citation(tok.code), text[tok.start:tok.end], tok.start, tok.end))
            i += 1
            continue
        # gather a group of units joined by connectors ("статьями 141, 143 и пунктом 1 статьи 146")
        group = [tok]
        j = i + 1
        while (j < len(tokens) and isinstance(tokens[j], _Unit)
               and _CONNECTOR_RE.match(text[group[-1].end:tokens[j].start])):
            group.append(tokens[j])  # type: ignore[arg-type]
            j += 1
        designator: _Designator | None = None
        if j < len(tokens) and isinstance(tokens[j], _Designator) and _AFTER_GAP_RE.match(
                text[group[-1].end:tokens[j].start]):
            designator = tokens[j]  # type: ignore[assignment]
            j += 1
        elif i > 0 and isinstance(before := tokens[i - 1], _Designator) and not before.used and \
                before.kind != "rel_art" and _BEFORE_GAP_RE.match(text[before.end:tok.start]):
            designator = before
        if designator is not None:
            designator.used = True
        span_start = min(group[0].start, designator.start if designator else group[0].start)
        span_end = max(group[-1].end, designator.end if designator else group[-1].end)
        span = text[span_start:span_end]
        seen: set[Citation] = set()
        for unit in group:
            for path in unit.paths:
                cit, why = _resolve(unit, path, designator, ctx)
                if cit is None:
                    out.unresolved.append(Unresolved(span, span_start, span_end, why))
                elif cit not in seen:
                    seen.add(cit)
                    out.found.append(Found(cit, span, span_start, span_end))
        i = j
    return out


_CONVENTION_CODE_RE = re.compile(r"[CP]\d{3}")
# The kind of instrument a reference names: "the same Code" is the Code named last, not the Act named after it.
_NOUNS = {
    "code": re.compile(r"(?i)\b(?:code|кодекс\w*)"),
    "act": re.compile(r"(?i)\b(?:act|law|закон\w*|заң\w*)"),
    "convention": re.compile(r"(?i)\b(?:convention|конвенци\w*)"),
    "protocol": re.compile(r"(?i)\b(?:protocol|протокол\w*|хаттама\w*)"),
}


def _noun(words: str) -> str | None:
    """The kind of instrument named by a reference's last noun: "того же Кодекса" -> "code"."""
    hits = [(m.start(), kind) for kind, pattern in _NOUNS.items() for m in pattern.finditer(words)]
    return max(hits)[1] if hits else None


def _refer_back(text: str, designators: list[_Designator], ctx: Citation | None,
                named_before: list[Named]) -> list[Named]:
    """Tie each "the same Code" to the instrument of its kind named last (before the text, then in it), and return
    the instruments a reference further on may still mean. "The Code" where the context is a Convention (or there
    is no context) cannot be the context: it is the Code named last too."""
    last: dict[tuple[bool, str | None], Named] = {}  # (a Convention's side, noun or None for any) -> named last

    def name(n: Named) -> None:
        side = bool(n.code and _CONVENTION_CODE_RE.fullmatch(n.code))
        last[side, _noun_of(n)] = last[side, None] = n

    for n in named_before:
        name(n)
    named = list(named_before)
    for d in designators:
        words = text[d.start:d.end]
        if d.kind == "rel_instr" and re.fullmatch(r"the\s+(?:Code|Act|Law)", words) and (
                ctx is None or _CONVENTION_CODE_RE.fullmatch(ctx.instrument)):
            d.kind = "same"
        if d.kind == "same":
            # the last named whose name has the noun ("Code"), else the last named on the noun's side
            noun = _noun(words)
            side = noun in ("convention", "protocol")
            antecedent = last.get((side, noun)) or last.get((side, None))
            if antecedent is not None:
                d.kind, d.code = ("act", antecedent.code) if antecedent.code else ("foreign", None)
        if d.kind in ("act", "foreign"):
            named.append(Named(d.code, words))
            name(named[-1])
    still = {id(n) for n in last.values()}
    return [n for n in named if id(n) in still]


def _noun_of(named: Named) -> str | None:
    if named.code and _CONVENTION_CODE_RE.fullmatch(named.code):
        return "protocol" if named.code.startswith("P") else "convention"
    return _noun(named.text)


def _standalone(d: _Designator, text: str, names: Names, tokens: list, i: int) -> bool:
    """An act named on its own ("Предпринимательским кодексом") is a citation of the whole act,
    unless the name is only an abbreviation (LC, ТК) that is cited on its own by nobody."""
    # if the next token is a unit right after it, the unit will take it as a before-designator
    if i + 1 < len(tokens) and isinstance(tokens[i + 1], _Unit) and _BEFORE_GAP_RE.match(
            text[d.end:tokens[i + 1].start]):
        return False
    words = text[d.start:d.end]
    return len(words) > 4 or bool(re.search(r"\d", words))


def _resolve(unit: _Unit, path: tuple[str, ...], d: _Designator | None,
             ctx: Citation | None) -> tuple[Citation | None, str]:
    head, *subs = path
    if unit.instrument:  # a canonical id in the text
        return Citation(unit.instrument, head or None, tuple(subs)), ""
    kind = d.kind if d else None
    if kind == "foreign":
        return None, "cites an instrument the workspace does not hold"
    if kind == "same":
        return None, "refers to an act named before it, and no act of that kind is named before it"
    if kind == "act" and d is not None and d.code:
        if not head:
            return None, "a paragraph without its article cannot be tied to the act named"
        return Citation(d.code, head, tuple(subs)), ""
    if ctx is None:
        return None, "no act named and no context given (pass --context INSTRUMENT or a clause id)"
    if head and kind in (None, "rel_instr"):
        return Citation(ctx.instrument, head, tuple(subs)), ""
    if not head:
        # a paragraph of "this Article", or a subparagraph of "this paragraph"
        if ctx.head is None or not ctx.is_article:
            return None, "a paragraph with no article, and the context is not an article"
        if unit.level == "sub" and (kind == "rel_par" or kind is None) and ctx.subs:
            return Citation(ctx.instrument, ctx.head, (ctx.subs[0], *subs)), ""
        return Citation(ctx.instrument, ctx.head, tuple(subs)), ""
    return Citation(ctx.instrument, head, tuple(subs)), ""


# --------------------------------------------------------------------------------------
# Formatting
# --------------------------------------------------------------------------------------


def _division_parts(head: str) -> tuple[str, str]:
    """(kind, number) of a division head: 'chapter-24' -> ('chapter', '24'); 'chapter-9-paragraph-2' ->
    ('paragraph', '9-2'), the chapter's number and the параграф's; 'part-general' -> ('part-general', '')."""
    if head in ("part-general", "part-special", "annex", "preamble"):
        return head, ""
    chapter, sep, para = head.partition("-paragraph-")
    if sep:
        return "paragraph", f"{chapter.removeprefix('chapter-')}-{para}"
    kind, _, num = head.partition("-")
    return kind, num


def _format(c: Citation, lang: str, names: Names, with_act: bool = True) -> str:
    act = names.act(c.instrument)
    name = act.cite_name(lang)
    is_conv = act.kind in ("convention", "protocol")
    if c.head is None:
        return name
    if c.is_division:
        kind, num = _division_parts(c.head)
        return _format_division(kind, num, name, lang)
    art = c.head
    if c.subs[:1] == ("note",):  # an article's own notes: "примечание к статье 91", "пункт 1 примечания ..."
        return _format_note(art, c.subs[1:], name if with_act else "", lang)
    subs = "".join(f"({s})" for s in c.subs)
    if lang == "en":
        return f"Article {art}{subs}" + (f" of {name}" if with_act else "")
    if lang == "ru":
        of = f" {name}" if with_act else ""  # the act's name follows, in the genitive
        if is_conv or len(c.subs) > 2:
            return f"статья {art}{subs}{of}"
        if not c.subs:
            return f"статья {art}{of}"
        if len(c.subs) == 1:
            if names.is_subparagraph(str(c)):
                return f"подпункт {c.subs[0]}) статьи {art}{of}"
            return f"пункт {c.subs[0]} статьи {art}{of}"
        return f"подпункт {c.subs[1]}) пункта {c.subs[0]} статьи {art}{of}"
    if lang == "kk":
        of = f"{name} " if with_act else ""  # the act's name leads, in the genitive
        if is_conv or len(c.subs) > 2:
            return f"{of}{art}{subs}-бабы"
        if not c.subs:
            return f"{of}{art}-бабы"
        if len(c.subs) == 1:
            if names.is_subparagraph(str(c)):
                return f"{of}{art}-бабының {c.subs[0]}) тармақшасы"
            return f"{of}{art}-бабының {c.subs[0]}-тармағы"
        return f"{of}{art}-бабының {c.subs[0]}-тармағының {c.subs[1]}) тармақшасы"
    raise ValueError(f"unknown language {lang!r} (expected en, ru or kk)")


def _format_note(art: str, subs: tuple[str, ...], name: str, lang: str) -> str:
    """The notes (примечания) an article of a code ends with: KZ-AOC:91(note) and KZ-AOC:91(note)(1).

    >>> n = Names([ActName("KZ-AOC", aliases={}, cite_as={"ru": "КоАП", "en": "the Code", "kk": "ӘҚБтК"})])
    >>> [Citation.parse("KZ-AOC:91(note)(1)").format(lang, n) for lang in ("en", "ru", "kk")]
    ['Note 1 to Article 91 of the Code', 'пункт 1 примечания к статье 91 КоАП', 'ӘҚБтК 91-бабына ескертпенің 1-тармағы']
    """
    n = subs[0] if subs else ""
    if lang == "en":
        return (f"Note {n} to Article {art}" if n else f"Note to Article {art}") + (f" of {name}" if name else "")
    if lang == "ru":
        of = f" {name}" if name else ""
        return f"пункт {n} примечания к статье {art}{of}" if n else f"примечание к статье {art}{of}"
    if lang == "kk":
        of = f"{name} " if name else ""
        return f"{of}{art}-бабына ескертпенің {n}-тармағы" if n else f"{of}{art}-бабына ескертпе"
    raise ValueError(f"unknown language {lang!r} (expected en, ru or kk)")


def _format_division(kind: str, num: str, name: str, lang: str) -> str:
    """A division as a lawyer writes it; a chapter's параграф is numbered within its chapter (num 'chapter-para').

    >>> n = Names([ActName("KZ-SC", aliases={}, cite_as={"ru": "Социального кодекса", "en": "the Social Code",
    ...                                                  "kk": "Әлеуметтік кодекстің"})])
    >>> for lang in ("en", "ru", "kk"):
    ...     print(Citation.parse("KZ-SC:chapter-9-paragraph-2").format(lang, n))
    Paragraph 2 of Chapter 9 of the Social Code
    параграф 2 главы 9 Социального кодекса
    Әлеуметтік кодекстің 9-тарауының 2-параграфы
    >>> Citation.parse("KZ-SC:part-special").format("ru", n)
    'Особенная часть Социального кодекса'
    """
    chapter, _, para = num.rpartition("-") if kind == "paragraph" else ("", "", "")
    if lang == "en":
        return {"part": f"Part {num} of {name}", "schedule": f"Schedule to Part {num} of {name}",
                "section": f"Part {num} of {name}", "chapter": f"Chapter {num} of {name}",
                "paragraph": f"Paragraph {para} of Chapter {chapter} of {name}",
                "part-general": f"General Part of {name}", "part-special": f"Special Part of {name}",
                "annex": f"Annex to {name}", "preamble": f"Preamble to {name}"}[kind]
    if lang == "ru":
        return {"part": f"раздел {num} {name}", "schedule": f"приложение к разделу {num} {name}",
                "section": f"раздел {num} {name}", "chapter": f"глава {num} {name}",
                "paragraph": f"параграф {para} главы {chapter} {name}",
                "part-general": f"Общая часть {name}", "part-special": f"Особенная часть {name}",
                "annex": f"приложение к {name}", "preamble": f"преамбула {name}"}[kind]
    if lang == "kk":
        return {"part": f"{name} {num} бөлімі", "schedule": f"{name} {num} бөліміне қосымша",
                "section": f"{name} {num}-бөлімі", "chapter": f"{name} {num}-тарауы",
                "paragraph": f"{name} {chapter}-тарауының {para}-параграфы",
                "part-general": f"{name} Жалпы бөлімі", "part-special": f"{name} Ерекше бөлімі",
                "annex": f"{name} қосымшасы", "preamble": f"{name} преамбуласы"}[kind]
    raise ValueError(f"unknown language {lang!r} (expected en, ru or kk)")
