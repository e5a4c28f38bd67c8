"""The workspace as the web app holds it: loaded once, and refreshed when its files change on disk.

The pages read a workspace that is memoised in memory (loading takes about a second). Another reviewer
may change the files meanwhile (the CLI, a second server, a text editor), so before each request the app
compares the modification times of the files it reads with those it saw:

- a changed catalogue, act or thesaurus reloads the whole workspace;
- a changed mapping, suggestion, comment or roadmap file drops what other modules memoised from it
  (``ws.cache``), keeping the costly concept tagger, which depends on the thesaurus only.

Every request of the app runs on one event loop thread, so no lock is needed around the workspace; work
that takes seconds (reports, suggestions) runs in a worker thread on a workspace of its own.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gapkit.citations import instrument_of
from gapkit.review import audit_path, mapping_path
from gapkit.workspace import CONFIG_FILE, Workspace, load

#: files whose change means the clauses themselves changed: reload everything
CONTENT_GLOBS: tuple[str, ...] = (CONFIG_FILE, "conventions/*.yaml", "conventions/thesaurus/*.yaml",
                                  "conventions/authentic/*.yaml", "national_law/**/*.yaml")
#: files other modules read and memoise in ws.cache, by group, with the cache keys built from each group
#: ("graph" is built from all of them); keys of other modules, not named here, are dropped on any change
DERIVED: dict[str, tuple[tuple[str, ...], frozenset[str]]] = {
    "mappings": (("mappings/*.yaml", "mappings/*.jsonl", "mappings/audit/*.jsonl"),
                 frozenset({"mappings", "graph", "web.history", "web.work"})),
    "suggestions": (("mappings/suggestions/*.json",), frozenset({"match.stored", "graph"})),
    "comments": (("comments/*.yaml", "comments/*/*.yaml", "comments/*.jsonl"),
                 frozenset({"comments", "graph", "web.cites", "web.work"})),
    "roadmap": (("roadmap/*.yaml", "roadmap/*.jsonl"), frozenset({"roadmap", "roadmap.progress", "graph", "web.work"})),
    # the roadmap shows which deliverables were generated, and when
    "reports": (("reports/out/*",), frozenset({"roadmap.reports"})),
}
DERIVED_GLOBS: tuple[str, ...] = tuple(g for globs, _keys in DERIVED.values() for g in globs)
#: what only a change of the catalogues, acts or thesaurus touches (and so a reload, which starts afresh):
#: the concept tagger (slow to rebuild) and the citations the pages have formatted
KEEP_IN_CACHE: frozenset[str] = frozenset({"nlp.tagger", "web.cite", "workspace.corresponds"})
KNOWN_KEYS: frozenset[str] = KEEP_IN_CACHE.union(*(keys for _globs, keys in DERIVED.values()))
CHECK_EVERY = 0.25  # seconds between two looks at the disk, so a burst of requests costs one look


def _signature(root: Path, globs: Iterable[str]) -> tuple[tuple[str, int, int], ...]:
    out = []
    for pattern in globs:
        for p in sorted(root.glob(pattern)):
            try:
                st = p.stat()
            except OSError:
                continue
            out.append((str(p), st.st_mtime_ns, st.st_size))
    return tuple(out)


@dataclass
class WebState:
    """The loaded workspace and what the app knows about the files it came from."""

    root: Path
    ws: Workspace = field(init=False)
    version: int = 0  # bumped on every change seen: pages memoised per version
    _content: tuple[tuple[str, int, int], ...] = ()
    _derived: dict[str, tuple[tuple[str, int, int], ...]] = field(default_factory=dict)
    _checked: float = 0.0
    #: called after the workspace was reloaded because its texts changed (suggestions are computed again)
    on_reload: Callable[[], None] | None = None
    #: writes of this process under way in worker threads (see :meth:`writing`)
    _writes: int = 0

    def __post_init__(self) -> None:
        self.root = self.root.resolve()
        self.ws = load(self.root)
        self._content = _signature(self.root, CONTENT_GLOBS)
        self._derived = self._derived_now()
        self._checked = time.monotonic()

    def _derived_now(self) -> dict[str, tuple[tuple[str, int, int], ...]]:
        return {group: _signature(self.root, globs) for group, (globs, _keys) in DERIVED.items()}

    def detached(self) -> Workspace:
        """A workspace of its own for long work in a thread (suggestions, reports): the pages keep
        reading theirs meanwhile. The concept tagger (seconds to build) is shared."""
        tagger = self.ws.cache.get("nlp.tagger")
        own = load(self.root)
        if tagger is not None:
            own.cache["nlp.tagger"] = tagger
        return own

    def fresh(self, force: bool = False) -> Workspace:
        """The workspace, reloaded or with its memoised parts dropped when files changed since last seen."""
        now = time.monotonic()
        if not force and (self._writes or now - self._checked < CHECK_EVERY):
            return self.ws
        self._checked = now
        content = _signature(self.root, CONTENT_GLOBS)
        if content != self._content:
            tagger = self.ws.cache.get("nlp.tagger") if self._same_thesaurus(content) else None  # kept: 3 s
            self.ws = load(self.root)
            if tagger is not None:
                self.ws.cache["nlp.tagger"] = tagger
            self._content = content
            self._derived = self._derived_now()
            self.version += 1
            if self.on_reload is not None:
                self.on_reload()
            return self.ws
        self._forget_changed()
        return self.ws

    def _forget_changed(self) -> None:
        derived = self._derived_now()
        changed = [g for g in DERIVED if derived[g] != self._derived.get(g)]
        if changed:
            self.forget(changed)
        self._derived = derived

    def forget(self, groups: list[str] | None = None) -> None:
        """Drop what was memoised from the given groups of files (default: all of them), and whatever
        other modules memoised that this app does not know about."""
        drop = set().union(*(DERIVED[g][1] for g in (groups or list(DERIVED))))
        for key in list(self.ws.cache):
            if key in drop or key not in KNOWN_KEYS:
                del self.ws.cache[key]
        self.version += 1

    @contextmanager
    def writing(self) -> Iterator[None]:
        """A write of this process under way in a worker thread: meanwhile the pages do not look at the disk, where
        they would find the write half done (its audit line appended, its file not yet replaced) and drop what it is
        about to keep (:meth:`written` sorts out what changed once it is done)."""
        self._writes += 1
        try:
            yield
        finally:
            self._writes -= 1

    def look_again(self) -> None:
        """Files changed in a worker thread (suggestions, a report): the next request looks at the disk, whatever
        the time since the last look. Only a float is set here: the pages' thread does the rest."""
        self._checked = 0.0

    def written(self, requirement: str = "") -> None:
        """This process just wrote a file: forget what it changed at once, without waiting for the next look.
        ``requirement``: the review store just wrote its decision (its Convention's mappings file and audit log) and
        has already put the decisions in the memoised ones; when no other mappings file changed meanwhile, they are
        kept rather than read again, and so are the other requirements' histories."""
        derived = self._derived_now()
        changed = [g for g in DERIVED if derived[g] != self._derived.get(g)]
        if requirement and "mappings" in changed:
            before = set(self._derived.get("mappings", ()))
            moved = {sig[0] for sig in set(derived["mappings"]) ^ before}
            own = {str(mapping_path(self.root, instrument_of(requirement))), str(audit_path(self.root, requirement))}
            if moved <= own:
                keep: dict[str, Any] = {k: self.ws.cache[k] for k in ("mappings", "web.history") if k in self.ws.cache}
                if "web.history" in keep:
                    keep["web.history"] = {r: h for r, h in keep["web.history"].items() if r != requirement}
                self.forget(changed)
                self.ws.cache.update(keep)
                self._derived = derived
                return
        if changed:
            self.forget(changed)
        self._derived = derived

    def _same_thesaurus(self, content: tuple[tuple[str, int, int], ...]) -> bool:
        thesaurus = os.sep + os.path.join("conventions", "thesaurus") + os.sep
        return [c for c in content if thesaurus in c[0]] == [c for c in self._content if thesaurus in c[0]]
