"""Reading the text of an amending law in Russian, as Kazakhstan's laws word their changes.

::

    О внесении изменений и дополнений в некоторые законодательные акты Республики Казахстан по вопросам …
    Статья 1. Внести изменения и дополнения в следующие законодательные акты Республики Казахстан:
    1. В Предпринимательский кодекс Республики Казахстан от 29 октября 2015 года (…):
    1) в статье 144:
    пункт 3 исключить;
    дополнить пунктом 13 следующего содержания:
    «13. …»;
    2) статью 144-2 изложить в следующей редакции:
    «Статья 144-2. …»;
    3) в подпункте 2) пункта 5 статьи 144 слова «…» заменить словами «…»;
    Статья 2. Настоящий Закон вводится в действие …

Each act is found among the workspace's acts by its title; each structural element («пункт 3» under «в статье
144:») is turned into a citation phrase («пункт 3 статьи 144») and resolved by the citation module in the act's
context. A line inside an act's changes that is none of these is an error with its line: nothing is guessed.
"""

from __future__ import annotations

import re
from pathlib import Path

from gapkit.bill import Bill, BillError, Change, act_by_title, target
from gapkit.workspace import Workspace

#: the first word of a structural element in the forms a bill uses, and its nominative and genitive
_NOMINATIVE = {"статью": "статья", "статье": "статья", "статьей": "статья", "статьи": "статья", "статья": "статья",
               "пункт": "пункт", "пункте": "пункт", "пунктом": "пункт", "пункта": "пункт",
               "подпункт": "подпункт", "подпункте": "подпункт", "подпунктом": "подпункт", "подпункта": "подпункт",
               "часть": "часть", "части": "часть", "частью": "часть"}
_GENITIVE = {"статья": "статьи", "пункт": "пункта", "подпункт": "подпункта", "часть": "части"}

_ACT = re.compile(r"^\d+\.\s+В\s+(?P<name>.+?)(?:\s+от\s+\d{1,2}\s+\S+\s+\d{4}\s+года)?(?:\s*\(.*\))?\s*:$")
_ITEM = re.compile(r"^(?P<num>\d+(?:-\d+)?)\)\s+(?P<rest>.+)$")
_SCOPE = re.compile(r"^в\s+(?P<where>(?:подпункте|пункте|части|статье)\s+.+?):$")
_REPLACE = re.compile(r"^(?P<t>.+?)\s+изложить\s+в\s+следующей\s+редакции:$")
_WORDS = re.compile(r"^(?:в\s+)?(?P<t>.*?)\s*слов(?:а|о)\s+«(?P<old>.+?)»\s+"
                    r"(?:заменить\s+(?:словами|словом)\s+«(?P<new>.+?)»|исключить)$")
_ADD = re.compile(r"^(?P<t>.*?)\s*дополнить\s+(?P<unit>подпунктом|пунктом|частью|статьей)\s+"
                  r"(?P<num>\d+(?:-\d+)*\)?)\s+следующего\s+содержания:$")
_DELETE = re.compile(r"^(?P<t>.+?)\s+исключить$")
_END = re.compile(r"^Статья\s+2\.")


def _nominative(phrase: str) -> str:
    words = phrase.split()
    if words and words[0].lower() in _NOMINATIVE:
        words[0] = _NOMINATIVE[words[0].lower()]
    return " ".join(words)


def _genitive(phrase: str) -> str:
    """«статью 144» / «пункт 1 статьи 1» -> «статьи 144» / «пункта 1 статьи 1»."""
    words = _nominative(phrase).split()
    if words:
        words[0] = _GENITIVE.get(words[0], words[0])
    return " ".join(words)


def _unquote(text: str) -> str:
    text = text.strip()
    text = re.sub(r"»\s*[;.]?$", "", text) if text.endswith(("»", "»;", "».")) else text
    return text.removeprefix("«").strip()


class _Reader:
    def __init__(self, ws: Workspace, lines: list[str]):
        self.ws, self.lines = ws, lines
        self.i = 0

    def act(self, name: str, n: int) -> str:
        code = act_by_title(self.ws, name)
        if code is None:
            raise BillError(f"line {n}: the act «{name}» is not among the workspace's acts")
        return code

    def cite(self, phrase: str, act: str, kind: str, n: int) -> str:
        return target(self.ws, phrase, act, kind, f"line {n}")

    def quoted(self, n: int) -> str:
        """The quoted wording that follows an instruction ending with a colon, up to its closing quote."""
        out: list[str] = []
        while self.i < len(self.lines):
            line = self.lines[self.i].strip()
            self.i += 1
            if not line:
                continue
            out.append(line)
            if re.search(r"»\s*[;.]?$", line) and not (len(out) == 1 and line == "«"):
                text = _unquote("\n".join(out))
                if not text:
                    break
                return text
        raise BillError(f"line {n}: the new wording announced here is not given in «…» after it")


def read_amending_law(ws: Workspace, path: Path, name: str) -> Bill:
    """The bill in an amending law's text; BillError (with the line) for a line it cannot place."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        raise BillError(f"{path.name}: not UTF-8 text; save it as UTF-8 and import it again") from e
    lines = text.replace("\r\n", "\n").split("\n")
    r = _Reader(ws, lines)
    title = ""
    act = ""
    scope = ""
    changes: list[Change] = []
    while r.i < len(lines):
        n = r.i + 1
        line = lines[r.i].strip().replace("\u00a0", " ")
        r.i += 1
        if not line:
            continue
        if not title and line.startswith("О внесении"):
            title = line
            continue
        if _END.match(line) and act:
            break
        m = _ACT.match(line)
        if m:
            act, scope = r.act(m.group("name"), n), ""
            continue
        if not act:
            continue  # the preamble: the law's name, «Статья 1. Внести …»
        body = line
        item = _ITEM.match(line)
        if item:
            body, scope = item.group("rest"), ""
        body = body.rstrip(";.").strip() if not body.endswith(":") else body
        if (s := _SCOPE.match(body)) and not any(k in body for k in ("изложить", "дополнить", "исключить")):
            scope = _genitive(s.group("where"))
            continue
        changes.append(_instruction(r, body, act, scope, n))
    if not act:
        raise BillError(f"{path.name}: no act is amended (a line such as «1. В Трудовой кодекс Республики Казахстан "
                        "от 23 ноября 2015 года: …»)")
    if not changes:
        raise BillError(f"{path.name}: no change found")
    return Bill(name, title, changes, path.name, "amending_law")


def _phrase(target: str, scope: str) -> str:
    target = _nominative(target.strip())
    if scope and "стать" not in target:
        return f"{target} {scope}".strip()
    return target or scope


def _instruction(r: _Reader, body: str, act: str, scope: str, n: int) -> Change:
    if m := _WORDS.match(body):
        target = r.cite(_phrase(m.group("t"), scope), act, "words", n)
        return Change(act, target, "words", old_words=m.group("old"), new_words=m.group("new") or "", line=n)
    if m := _REPLACE.match(body):
        target = r.cite(_phrase(m.group("t"), scope), act, "replace", n)
        return Change(act, target, "replace", text=r.quoted(n), line=n)
    if m := _ADD.match(body):
        unit = _NOMINATIVE[m.group("unit")]
        where = m.group("t").strip()
        parent = _genitive(_phrase(where, scope)) if where else scope
        target = r.cite(f"{unit} {m.group('num')} {parent}".strip(), act, "add", n)
        return Change(act, target, "add", text=r.quoted(n), line=n)
    if m := _DELETE.match(body):
        target = r.cite(_phrase(m.group("t"), scope), act, "delete", n)
        return Change(act, target, "delete", line=n)
    raise BillError(f"line {n}: «{body[:80]}» is not a change gapkit can read (изложить в следующей редакции, "
                    "исключить, дополнить … следующего содержания, слова «…» заменить словами «…»)")
