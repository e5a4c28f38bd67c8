"""All the words of the reports come from jinja2 templates, one set per language: templates/<lang>/<kind>.j2.

A template is used as a module: its ``{% set %}`` tables (labels, column names) and its macros (sentences and
paragraphs with values filled in) are read by name. Undefined values raise (StrictUndefined), so a missing
word fails loudly instead of leaving a blank in a document sent to a Ministry.

Kazakh: only the labels we could source are held (templates/kk/: the comparative table's title and column
names, from report_formats.md §2.2); every other word falls back to Russian, so only the comparative table,
whose words are nearly all its column names, offers ``--lang kk``.

>>> w = Wording("en", "review")
>>> w.label("verdicts", "not_reviewed")
'Not reviewed'
>>> w.date("2024-07-08"), Wording("ru", "review").date("2024-07-08")
('8 July 2024', '8 июля 2024 г.')
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from gapkit.errors import GapkitError

#: The words for the verdicts: the same in the reports, the review workbook and the web app
#: (which read them from here).
VERDICT_LABELS: dict[str, dict[str, str]] = {
    "ru": {"compliant": "Соответствует", "partially_compliant": "Частично соответствует",
           "non_compliant": "Не соответствует", "not_applicable": "Не применимо",
           "insufficient_information": "Недостаточно информации", "not_reviewed": "Не рассмотрено"},
    "en": {"compliant": "Compliant", "partially_compliant": "Partially compliant", "non_compliant": "Not compliant",
           "not_applicable": "Not applicable", "insufficient_information": "Insufficient information",
           "not_reviewed": "Not reviewed"},
}
SHARED_TABLES: dict[str, dict[str, dict[str, str]]] = {"verdicts": VERDICT_LABELS}

TEMPLATES = Path(__file__).with_name("templates")
LANGS: tuple[str, ...] = ("ru", "en")
#: where a language's missing words come from
FALLBACK = {"kk": "ru"}


class WordingError(GapkitError, LookupError):
    """A word the templates of a language do not hold."""




def _names(lang: str, name: str) -> set[str]:
    """The words (macros and tables) a template defines in one language, without falling back."""
    path = TEMPLATES / lang / f"{name}.j2"
    if not path.exists():
        return set()
    module = _env().get_template(f"{lang}/{name}.j2").module
    return {k for k in dir(module) if not k.startswith("_")}


def complete(lang: str, kinds: tuple[str, ...]) -> bool:
    """Whether every word of these report kinds (and the common words) is written in ``lang`` itself: a document
    is never made half in one language, half in the one it would fall back to."""
    if lang in LANGS:
        return True
    return all(_names("ru", k) <= _names(lang, k) for k in (*kinds, "common"))


@cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # plain text for DOCX; the HTML writer escapes what it writes
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        # compiled templates are kept between runs (in the temp folder): compiling them costs more than a report
        bytecode_cache=jinja2.FileSystemBytecodeCache(),
    )


@cache
def _module(lang: str, name: str) -> Any | None:
    path = TEMPLATES / lang / f"{name}.j2"
    if not path.exists():
        return None
    return _env().get_template(f"{lang}/{name}.j2").module


class Wording:
    """The words of one report kind in one language (with the common words of that language)."""

    def __init__(self, lang: str, kind: str):
        self.lang = lang
        chain = [lang]
        while chain[-1] in FALLBACK:
            chain.append(FALLBACK[chain[-1]])
        self.modules = [m for lng in chain for name in (kind, "common") if (m := _module(lng, name)) is not None]
        if not self.modules:
            raise WordingError(f"no wording for {kind!r} in {lang!r} (templates in {TEMPLATES})")

    def _get(self, name: str) -> Any:
        for m in self.modules:
            if hasattr(m, name):
                return getattr(m, name)
        raise WordingError(f"the {self.lang} templates hold no {name!r}")

    def __call__(self, name: str, *args: Any, **kwargs: Any) -> str:
        """A macro's text, with runs of blank lines kept as paragraph breaks and other whitespace folded."""
        text = str(self._get(name)(*args, **kwargs))
        paras = [re.sub(r"[ \t]*\n[ \t]*", " ", p).strip() for p in re.split(r"\n\s*\n", text.strip())]
        return "\n\n".join(p for p in paras if p)

    def paragraphs(self, name: str, *args: Any, **kwargs: Any) -> list[str]:
        text = self(name, *args, **kwargs)
        return [p for p in text.split("\n\n") if p]

    def table(self, name: str) -> dict[str, Any]:
        if name in SHARED_TABLES:  # words the whole tool shares, kept with their vocabulary
            return SHARED_TABLES[name].get(self.lang) or SHARED_TABLES[name]["en"]
        value = self._get(name)
        if not isinstance(value, dict):
            raise WordingError(f"{name!r} in the {self.lang} templates is not a table of labels")
        return value

    def values(self, name: str) -> list[str]:
        value = self._get(name)
        if not isinstance(value, list):
            raise WordingError(f"{name!r} in the {self.lang} templates is not a list")
        return [str(v) for v in value]

    def label(self, table: str, key: str) -> str:
        values = self.table(table)
        if key not in values:
            raise WordingError(f"the {self.lang} templates have no {table}[{key!r}]")
        return str(values[key])

    def date(self, iso: str, form: str = "date_format") -> str:
        """A date as the language writes it in running text (``form``: the macro that writes it, e.g.
        "act_date" for the date in an act's title); what is not an ISO date is returned as it is."""
        m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", iso or "")
        if not m:
            return iso or ""
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        return str(self._get(form)(d, self._get("months")[mo - 1], y)).strip()
