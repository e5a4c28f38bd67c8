"""`gapkit search`: the web app's search box on the command line."""

from __future__ import annotations

import click

from gapkit.clitools import emit, workspace_options
from gapkit.search import SearchHit, SearchResults, search
from gapkit.workspace import Workspace

_HEADINGS = {"requirements": "Requirements", "provisions": "Provisions", "points": "CEACR comment points",
             "decisions": "Decisions: reasons and recommendations"}


def _marked(hit: SearchHit) -> str:
    """The snippet with the matched words in bold (on a terminal; plain when piped)."""
    out, at = [], 0
    for start, end in hit.spans:
        out += [hit.snippet[at:start], click.style(hit.snippet[start:end], bold=True, underline=True)]
        at = end
    return "".join(out) + hit.snippet[at:]


def _text(r: SearchResults) -> str:
    lines = []
    if r.target:
        lines.append(f"The query cites {r.target}.")
    for group, hits in r.groups.items():
        if not hits:
            continue
        shown = f"{len(hits)} of {r.counts[group]}" if len(hits) < r.counts[group] else str(len(hits))
        lines += ["", f"{_HEADINGS.get(group, group)} ({shown})"]
        for h in hits:
            source = f"{h.source}, " if h.kind == "provision" else ""
            lines.append(f"  {h.id}  {h.title}  [{source}{h.lang}]".rstrip())
            if h.snippet and h.snippet != h.title:
                lines.append(f"      {_marked(h)}")
    if not r.total:
        words = "; ".join(f"{lang}: {' '.join(terms)}" for lang, terms in r.terms.items())
        lines.append(f"Nothing found for «{r.query}»" + (f" (words searched: {words})." if words else
                                                         " (it has no word to search: only stop words)."))
    return "\n".join(lines).strip("\n")


@click.command("search")
@click.argument("query", nargs=-1, required=True)
@click.option("--lang", type=click.Choice(["ru", "en"]),
              help="The language shown first (default: the workspace's first of ru, en).")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="Hits shown per group.")
@workspace_options
def search_command(ws: Workspace, fmt: str, query: tuple[str, ...], lang: str | None, limit: int) -> None:
    """Find QUERY in the requirements, the provisions (official text and summaries), the CEACR comment points and the
    reviewers' reasons: words by lemma («инспекторов» finds «инспектор»), all of them in what is found; or a
    citation («ст. 193 ТК», "Article 12(1)(a) of C081", KZ-LC:193), which names the clause it cites."""
    page = lang or next((x for x in ws.languages if x in ("ru", "en")), "en")
    results = search(ws, " ".join(query), page, limit)
    emit(fmt, results.as_dict(), lambda: _text(results))


COMMANDS = (("", search_command),)
