"""YAML in and out: loading that remembers line numbers, and a clear error for broken files."""

from __future__ import annotations

import fcntl
import hashlib
import os
import pickle
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from gapkit.errors import GapkitError

LINE_KEY = "__line__"


@dataclass(frozen=True)
class Problem:
    """Something wrong in a workspace file, at a line (0 when the whole file is meant)."""

    path: str
    line: int
    message: str
    severity: str = "error"  # error | warning

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class YamlError(GapkitError):
    """A file that is not valid YAML. ``problem`` says where and why."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: five times faster


class _LineLoader(_Base):  # type: ignore[valid-type,misc]
    """A safe loader that records, in each mapping, the line it starts on."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: dict[Any, int] = {}
    for key_node, _value in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key is None:
            continue
        if key in seen:  # the second would silently win: a hand edit that erases what the first held
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (first at line {seen[key]})", key_node.start_mark)
        seen[key] = key_node.start_mark.line + 1
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
    mapping[LINE_KEY] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Dates stay strings: "2015-11-23" is shown and compared as written.
_LineLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(path: Path, display: str | None = None, *, cache: bool = True) -> Any:
    """Load a YAML file; mappings carry their line under ``__line__``.

    Raises :class:`YamlError` with file and line for anything that is not valid YAML. ``cache=False`` for a file
    whose content must not be copied into the parse cache (``users.yaml``: password hashes).
    """
    shown = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise YamlError(Problem(shown, 0, f"cannot read: {e.strerror}")) from e
    cached = _cache_get(raw) if cache else None
    if cached is not None:
        return cached
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise YamlError(Problem(shown, line, "not UTF-8 text")) from e
    try:
        _refuse_aliases(text)
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
        if cache:
            _cache_put(raw, data)
        return data
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else 0
        what = e.problem or e.context or "invalid YAML"
        raise YamlError(Problem(shown, line, f"invalid YAML: {what}")) from e
    except yaml.YAMLError as e:
        raise YamlError(Problem(shown, 0, f"invalid YAML: {e}")) from e


_ANCHOR = re.compile(r"(?:^|[\s\[{,])&[^\s\[\]{},]+", re.M)


def _refuse_aliases(text: str) -> None:
    """A workspace file writes its values out: an alias (``*a``) could make a few lines stand for gigabytes (the
    "billion laughs"), so a file that defines an anchor is refused at the first alias, with its line."""
    if "&" not in text or not _ANCHOR.search(text):
        return
    for event in yaml.parse(text, Loader=_LineLoader):
        if isinstance(event, yaml.AliasEvent):
            raise yaml.MarkedYAMLError(None, None, "an alias (*name): workspace files write each value out",
                                       event.start_mark)  # type: ignore[arg-type]


# Parsed files are kept by content hash: the YAML constructor is pure Python and the whole
# workspace takes over a second to parse, while a command usually reads unchanged files.
_CACHE_VERSION = b"gapkit-yaml-2"  # 2: duplicate keys and aliases refused


def _cache_dir() -> Path | None:
    base = os.environ.get("GAPKIT_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "gapkit")
    return None if base in ("", "0", "off") else Path(base) / "yaml"


def _cache_key(raw: bytes) -> str:
    return hashlib.sha256(_CACHE_VERSION + raw).hexdigest()


def _cache_get(raw: bytes) -> Any:
    d = _cache_dir()
    if d is None or len(raw) < 4096:  # small files parse faster than a cache look-up
        return None
    try:
        with open(d / f"{_cache_key(raw)}.pickle", "rb") as f:
            return pickle.load(f)  # noqa: S301 - our own cache of our own parse
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        return None


def _cache_put(raw: bytes, data: Any) -> None:
    d = _cache_dir()
    if d is None or len(raw) < 4096:
        return
    try:
        d.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=d, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(data, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, d / f"{_cache_key(raw)}.pickle")
    except OSError:
        pass  # a cache that cannot be written is no cache, not an error


def strip_lines(data: Any) -> Any:
    """The same data without the ``__line__`` bookkeeping."""
    if isinstance(data, dict):
        return {k: strip_lines(v) for k, v in data.items() if k != LINE_KEY}
    if isinstance(data, list):
        return [strip_lines(v) for v in data]
    return data


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """libyaml's dumper when present (ten times faster on a whole act), strings block-quoted when multi-line;
    never an anchor and alias (the loader refuses them)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style=style)


_Dumper.add_representer(str, _str_representer)
# a vocabulary member (Verdict.COMPLIANT) is written as its plain word, as the files have always held it
_Dumper.add_multi_representer(StrEnum, _str_representer)


def dump_yaml(data: Any) -> str:
    return yaml.dump(strip_lines(data), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def write_atomic(path: Path, text: str) -> None:
    """Write a text file so that a reader sees the old or the new content, never half of it."""
    replace_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8", newline="\n"))


def replace_atomic(path: Path, write: Callable[[Path], object]) -> None:
    """Make ``path`` with ``write`` (given a temporary path beside it), so that a reader sees the old or
    the new file, never half of one: a report being served, a workbook open in Excel, a mappings file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _clean_leftovers(path)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        # mkstemp makes the file private; the file keeps the mode it had (a new one: readable by all)
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


#: a temporary file older than this is a writer's that was killed before it could replace the file
LEFTOVER_AGE_S = 600


def _clean_leftovers(path: Path) -> None:
    """Remove the temporary files an earlier writer of ``path`` left when it was killed mid-write (a live writer's
    is younger than :data:`LEFTOVER_AGE_S`)."""
    now = time.time()
    for tmp in path.parent.glob(f".{path.name}.*.tmp"):
        try:
            if now - tmp.stat().st_mtime > LEFTOVER_AGE_S:
                tmp.unlink()
        except OSError:
            pass


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path`` (a lock file beside the file it guards) for a read-change-write of that file:
    every writer of a workspace file takes it, so that two writers never lose one another's change."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def append_lines(path: Path, lines: list[str], lock: Path) -> None:
    """Append whole lines to a log (an audit log, the roadmap's progress records) under the lock ``lock``, as one
    write, and fsync it. A line a killed writer left without its newline stays one damaged line of its own (the
    readers report it) instead of swallowing the first of these."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with locked(lock):
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            data = "".join(line.rstrip("\n") + "\n" for line in lines)
            size = os.fstat(fd).st_size
            if size and os.pread(fd, 1, size - 1) != b"\n":
                data = "\n" + data
            payload = data.encode("utf-8")
            while payload:
                payload = payload[os.write(fd, payload):]
            os.fsync(fd)
        finally:
            os.close(fd)
