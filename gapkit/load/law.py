"""National-law importers: the text of a Kazakh act (Russian or Kazakh) into the clause model.

Sources: the Markdown of the kazakhstan-law/codes mirror, adilet.zan.kz pages saved as HTML or
copied as text, and DOCX files downloaded from adilet. Each is read into plain lines
(:mod:`~gapkit.load.law_read`, :mod:`~gapkit.load.law_html`, :mod:`~gapkit.load.law_docx`),
the lines become one clause tree (:mod:`~gapkit.load.law_tree`), and the tree is merged by id
into the workspace's act file (:mod:`~gapkit.load.law_store`). The same content gives the same
tree whatever the format.

>>> from gapkit.load.law_read import SourceDoc, read_text
>>> act = parse_law(SourceDoc("text", read_text('''
... Статья 192. Принципы
... Основными задачами являются:
... 1) обеспечение контроля;
... 2) исключен Законом РК от 24.05.2018 № 156-VI;
... ''')), "KZ-LC")
>>> [(c.id, c.kind) for c in act.clauses.values()]
[('KZ-LC:192', 'container'), ('KZ-LC:192(1)', 'obligation'), ('KZ-LC:192(2)', 'excluded')]
>>> act.clauses["KZ-LC:192(2)"].excluded_by
'Закон РК от 24.05.2018 № 156-VI'
"""

from __future__ import annotations

from pathlib import Path

from gapkit.load.law_read import MAX_BYTES, LawImportError, SourceDoc, SourceLine, read_source
from gapkit.load.law_store import (
    EditionDiff,
    FolderReport,
    ImportReport,
    diff_editions,
    import_folder,
    import_law,
    iso_date,
)
from gapkit.load.law_tree import ParsedAct, Unplaced, build_tree, detect_lang

__all__ = [
    "MAX_BYTES", "EditionDiff", "FolderReport", "ImportReport", "import_folder",
    "LawImportError", "ParsedAct", "SourceDoc", "SourceLine",
    "Unplaced", "detect_lang", "diff_editions", "import_law", "iso_date", "parse_law", "parse_law_file",
]


def parse_law(doc: SourceDoc, code: str, lang: str | None = None, name: str = "the file") -> ParsedAct:
    """The clause tree of an act's text already read into lines."""
    return build_tree(doc, code, lang, name)


def parse_law_file(path: Path, code: str, lang: str | None = None) -> ParsedAct:
    """Read ``path`` (Markdown, text, HTML or DOCX, detected from its content) and build its tree."""
    return build_tree(read_source(path), code, lang, path.name)
