"""Text that goes into documents: cleaned of what breaks DOCX, and word-level diffs for the comparative table.

Word copy-paste brings vertical tabs (Shift+Enter) and other C0 control characters; python-docx refuses them
with "All strings must be XML compatible", so every string is cleaned on its way in:

>>> clean("пункт 1\\x0bпункт 2\\x07")
'пункт 1\\nпункт 2'
>>> clean("a b\\r\\nc\\ufeff")
'a b\\nc'

The diff works on words, keeping punctuation as separate tokens, so only the words that changed are marked
(the comparative table shows them bold, and struck through where deleted):

>>> [(s.text, s.kind) for s in diff_words("за тридцать календарных дней,", "за три рабочих дня,")[1]]
[('за ', 'same'), ('три рабочих дня', 'inserted'), (',', 'same')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

# C0 controls except \t and \n, DEL, C1 controls, the BOM and the XML-forbidden surrogates / non-characters.
_BAD = re.compile("[\x00-\x08\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\ufffe\uffff\ud800-\udfff]")


def clean(text: object) -> str:
    """A string safe for DOCX and HTML: Word's line breaks kept as newlines, other control characters dropped."""
    s = "" if text is None else str(text)
    s = s.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n").replace("\x85", "\n")
    return _BAD.sub("", s)


# ---- word-level diff ------------------------------------------------------------------------------------

# a word (letters of any script, digits, inner hyphens: "22-1", "кәсіпкерлік"), or one punctuation mark
_TOKEN = re.compile(r"(\w+(?:[-\u2010\u2011]\w+)*|[^\w\s])(\s*)")


@dataclass(frozen=True)
class Span:
    """A piece of one side of a diff: unchanged ("same"), or "deleted" (current side) / "inserted" (proposed)."""

    text: str
    kind: str


def _tokens(text: str) -> tuple[str, list[tuple[str, str]]]:
    lead = text[: len(text) - len(text.lstrip())]
    return lead, [(m.group(1), m.group(2)) for m in _TOKEN.finditer(text)]


def _spans(lead: str, toks: list[tuple[str, str]], marks: list[bool], kind: str) -> list[Span]:
    """Join tokens into spans; a changed span does not swallow the space after its last word."""
    out: list[Span] = [Span(lead, "same")] if lead else []
    for (word, space), changed in zip(toks, marks, strict=True):
        k = kind if changed else "same"
        if out and out[-1].kind == k:
            out[-1] = Span(out[-1].text + word, k)
        else:
            out.append(Span(word, k))
        if space:
            if k == "same":
                out[-1] = Span(out[-1].text + space, "same")
            else:
                out.append(Span(space, "same"))
    # glue "deleted", " ", "deleted" back into one span so a run of changed words reads as one
    merged: list[Span] = []
    for s in out:
        if (len(merged) >= 2 and s.kind != "same" and merged[-1].kind == "same" and not merged[-1].text.strip()
                and merged[-2].kind == s.kind):
            gap = merged.pop()
            merged[-1] = Span(merged[-1].text + gap.text + s.text, s.kind)
        elif merged and merged[-1].kind == s.kind:
            merged[-1] = Span(merged[-1].text + s.text, s.kind)
        else:
            merged.append(s)
    return merged


def diff_words(current: str, proposed: str) -> tuple[list[Span], list[Span]]:
    """The current text with its deleted words marked, and the proposed text with its inserted words marked."""
    lead_a, a = _tokens(clean(current))
    lead_b, b = _tokens(clean(proposed))
    sm = SequenceMatcher(None, [w.casefold() for w, _ in a], [w.casefold() for w, _ in b], autojunk=False)
    mark_a, mark_b = [True] * len(a), [True] * len(b)
    for tag, i1, i2, j1, _j2 in sm.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                # same word, different case ("Орган" -> "орган") still counts as a change
                same = a[i1 + k][0] == b[j1 + k][0]
                mark_a[i1 + k] = mark_b[j1 + k] = not same
    return _spans(lead_a, a, mark_a, "deleted"), _spans(lead_b, b, mark_b, "inserted")
