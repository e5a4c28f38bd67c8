"""The words of the web pages, in Russian and English: ``messages.yaml`` beside this file (and ``messages_*.yaml``,
one per area of the app).

One key, one entry with both languages, so a translator sees each pair together and a missing
translation is caught by a test rather than by a reader. Placeholders are ``{name}`` (str.format).

>>> t = Translator("ru")
>>> t("nav.dashboard"), Translator("en")("nav.dashboard")
('Обзор', 'Dashboard')
>>> Translator("en")("dashboard.reviewed", reviewed=3, total=10)
'3 of 10 assessed'
>>> Translator("en").label("verdict", "partially_compliant")
'Partially compliant'
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from gapkit.report.wording import VERDICT_LABELS

LANGS: tuple[str, ...] = ("ru", "en")
MESSAGES = Path(__file__).with_name("messages.yaml")


@cache
def messages() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}

    def walk(prefix: str, node: Any) -> None:
        if isinstance(node, dict) and node and all(isinstance(v, str) or v is None for v in node.values()):
            out[prefix] = {str(k): "" if v is None else str(v) for k, v in node.items()}  # an entry
        elif isinstance(node, dict):
            for k, v in node.items():
                walk(f"{prefix}.{k}" if prefix else str(k), v)

    for path in [MESSAGES, *sorted(MESSAGES.parent.glob("messages_*.yaml"))]:  # one file per area of the app
        walk("", yaml.safe_load(path.read_text(encoding="utf-8")))
    for lang, labels in VERDICT_LABELS.items():  # the verdicts' words are the review's, as in reports
        for verdict, label in labels.items():
            out.setdefault(f"verdict.{verdict}", {})[lang] = label
    return out


class Translator:
    def __init__(self, lang: str):
        self.lang = lang if lang in LANGS else LANGS[0]

    def __call__(self, key: str, **values: Any) -> str:
        entry = messages().get(key)
        if entry is None:
            return key  # visible in the page, and the test of messages.yaml names it
        text = entry.get(self.lang) or entry.get("en") or key
        return text.format(**values) if values else text

    def label(self, group: str, value: str | None) -> str:
        """The word for a vocabulary value (verdict, relation, status ...), or the value itself."""
        if not value:
            return ""
        key = f"{group}.{value}"
        return self(key) if key in messages() else value.replace("_", " ")

    def pick(self, texts: dict[str, str] | None, *fallback: str) -> str:
        """The text in the page's language, else in the first other language held."""
        if not texts:
            return ""
        for lang in (self.lang, *fallback, "en", "ru", "kk"):
            if texts.get(lang):
                return texts[lang]
        return ""

    def pick_lang(self, texts: dict[str, str] | None) -> str:
        """Which language :meth:`pick` would take (for the lang attribute of the text shown)."""
        for lang in (self.lang, "en", "ru", "kk"):
            if texts and texts.get(lang):
                return lang
        return self.lang
