"""Reading the fields of a workspace's YAML files: the one set of field readers every loader uses.

A value that cannot be read becomes a :class:`~gapkit.yamlio.Problem` at its file and line (what
``gapkit check`` prints) and an empty value for the model, never an exception: one bad field must not
hide the rest of the file.

>>> problems = []
>>> r = FieldReader("conventions/C081.yaml", problems)
>>> r.lang_map({"en": "Powers", "xx": "?"}, 12, "C081:12: heading")
{'en': 'Powers'}
>>> print(problems[0])
conventions/C081.yaml:12: C081:12: heading: unknown language 'xx' (expected en, ru or kk)
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gapkit.model import LANGUAGES, Source
from gapkit.yamlio import LINE_KEY, Problem, YamlError, load_yaml

#: the longest name of a person (a reviewer, an approver, an account) any record takes
MAX_NAME = 100


def name_problem(name: str, what: str = "name") -> str:
    """What makes ``name`` no name of a person for a record ('' when nothing): at most :data:`MAX_NAME` characters,
    one line of printable characters or spaces of any kind (a no-break space pasted with a name); never a line break,
    a tab, a control or an invisible formatting character. The one rule of every writer that records who did it.

    >>> name_problem("Айгерим Бекова"), name_problem("a\\nb")
    ('', 'the name must be one line of printable characters; it holds U+000A')
    """
    if len(name) > MAX_NAME:
        return f"the {what} is {len(name)} characters long; a name is at most {MAX_NAME} characters"
    bad = next((ch for ch in name if not (ch.isprintable() or unicodedata.category(ch) == "Zs")), None)
    if bad is not None:
        shown = unicodedata.name(bad, f"U+{ord(bad):04X}")
        return f"the {what} must be one line of printable characters; it holds {shown}"
    return ""


@dataclass
class FieldReader:
    """Field readers for one file that record a problem (file, line) instead of raising."""

    rel: str  # the file as messages name it (relative to the workspace)
    problems: list[Problem]

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.rel, line, message))

    def at(self, raw: dict[str, Any], what: str) -> Fields:
        """The fields of ``raw``, read by key."""
        return Fields(self, raw, what)

    def read(self, path: Path) -> Any:
        """The loaded YAML of ``path``, or None (with the problem recorded) when it is not valid YAML."""
        try:
            return load_yaml(path, self.rel)
        except YamlError as e:
            self.problems.append(e.problem)
            return None

    def unknown(self, data: dict[str, Any], allowed: set[str] | frozenset[str], what: str,
                line: int | None = None) -> None:
        """A problem for each key of ``data`` that is not an ``allowed`` field."""
        for key in data:
            if key != LINE_KEY and key not in allowed:
                self.problem(data.get(LINE_KEY, 0) if line is None else line, f"unknown field {key!r} in {what}")

    def lang_map(self, value: Any, line: int, what: str, strict: bool = True) -> dict[str, str]:
        """A ``{en: .., ru: .., kk: ..}`` text. ``strict=False`` for a mapping that holds other fields
        beside the languages (checked by :meth:`unknown`)."""
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problem(line, f"{what} must be a mapping of language to text, e.g. {{en: .., ru: ..}}")
            return {}
        out: dict[str, str] = {}
        for lang, text in value.items():
            if lang == LINE_KEY:
                continue
            if lang not in LANGUAGES:
                if strict:
                    self.problem(line, f"{what}: unknown language {lang!r} (expected en, ru or kk)")
                continue
            if text is not None:
                out[str(lang)] = str(text).strip()
        return out

    def text(self, value: Any, line: int, what: str) -> str:
        """A single text value ("" when absent)."""
        if value is None:
            return ""
        if isinstance(value, (dict, list)):
            self.problem(line, f"{what} must be text")
            return ""
        return str(value).strip()

    def mapping(self, value: Any, line: int, what: str) -> dict[str, Any]:
        if isinstance(value, dict):
            return value
        if value is not None:
            self.problem(line, f"{what} must be a mapping")
        return {}

    def items(self, value: Any, line: int, what: str) -> list[Any]:
        if isinstance(value, list):
            return value
        if value is not None:
            self.problem(line, f"{what} must be a list")
        return []

    def strings(self, value: Any, line: int, what: str) -> list[str]:
        """A list of texts; an item that is not text is a problem and left out."""
        out = []
        for v in self.items(value, line, what):
            if v is not None and not isinstance(v, (dict, list)) and str(v).strip():
                out.append(str(v).strip())
            else:
                self.problem(line, f"{what}: {v!r} is not a text value")
        return out

    def whole_number(self, value: Any, line: int, what: str) -> int | None:
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(line, f"{what} must be a whole number, not {value!r}")
            return None
        return value


@dataclass
class Fields:
    """The fields of one mapping of a file, read by key: the mapping's line, messages prefixed with ``what``
    (``r.at(raw, "C081:12").text("heading")``)."""

    reader: FieldReader
    raw: dict[str, Any]
    what: str

    @property
    def line(self) -> int:
        return int(self.raw.get(LINE_KEY, 0))

    def text(self, key: str) -> str:
        return self.reader.text(self.raw.get(key), self.line, f"{self.what}: {key}")

    def lang_map(self, key: str) -> dict[str, str]:
        return self.reader.lang_map(self.raw.get(key), self.line, f"{self.what}: {key}")

    def strings(self, key: str) -> list[str]:
        return self.reader.strings(self.raw.get(key), self.line, f"{self.what}: {key}")

    def whole_number(self, key: str) -> int | None:
        return self.reader.whole_number(self.raw.get(key), self.line, f"{self.what}: {key}")


def source(value: Any) -> Source:
    """A ``source:`` field: ``{url, note}`` or a note on its own."""
    if isinstance(value, dict):
        return Source(str(value.get("url", "") or ""), str(value.get("note", "") or ""))
    return Source(note=str(value)) if value else Source()
