"""Rendered pages kept until the workspace changes, shared by every reviewer.

A page depends on the workspace (its version in :class:`~gapkit.web.state.WebState`, bumped on every
change seen), the address, the language, the date, the role, and whether the reviewer has a name. The
values that differ per browser, the CSRF token, the reviewer's name and the messages shown once («Решение
сохранено»), are rendered as placeholders and put in when a page is sent, so one rendering serves everyone.
The placeholders are random for each run of the app: a text a user typed can never hold one, so nothing is
ever put inside a user's text. Pages answering a POST (conflicts, errors) are never kept.
"""

from __future__ import annotations

import secrets
from collections.abc import Hashable
from dataclasses import dataclass, field

from markupsafe import escape

_RUN = secrets.token_hex(16)  # unknown outside this process
CSRF_MARK = f"gapkit-csrf-{_RUN}"
REVIEWER_MARK = f"gapkit-reviewer-{_RUN}"
FLASH_MARK = f"<!--gapkit-flash-{_RUN}-->"
MAX_PAGES = 400


@dataclass
class PageCache:
    version: int = -1
    pages: dict[Hashable, str] = field(default_factory=dict)
    enabled: bool = True
    hits: int = 0
    misses: int = 0

    def get(self, version: int, key: Hashable) -> str | None:
        if not self.enabled:
            return None
        if version != self.version:
            self.pages.clear()
            self.version = version
        html = self.pages.get(key)
        if html is None:
            self.misses += 1
        else:
            self.hits += 1
        return html

    def put(self, version: int, key: Hashable, html: str) -> None:
        if not self.enabled or version != self.version:
            return
        if len(self.pages) >= MAX_PAGES:
            self.pages.clear()
        self.pages[key] = html


def personalise(html: str, csrf: str, reviewer: str, flashes: str = "") -> str:
    """Put this browser's CSRF token, reviewer name and messages (already escaped HTML) where the placeholders
    stand."""
    return (html.replace(CSRF_MARK, csrf).replace(REVIEWER_MARK, str(escape(reviewer)))
            .replace(FLASH_MARK, flashes, 1))
