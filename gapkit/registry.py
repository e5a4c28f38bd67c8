"""The one place that knows gapkit's features, in the manner of spaCy's ``registry``: each feature listed once, with
its commands, its checks, what it adds to the workspace graph and its report kinds.

Nothing registers itself by being imported: the command line, ``gapkit check``, the graph and the web app ask this
module, so every command is there however gapkit is started (``gapkit``, ``python -m gapkit.cli``), every check runs
whenever checks run, and no module names another by a string. It is the composition root: the only module allowed
to import every layer, and it does so inside its functions, so that asking for the checks does not load the web
app, and ``gapkit --help`` does not load numpy.

A new feature is a package ``gapkit/<feature>/`` with the files that apply (``model``, ``store``, ``checks``,
``graph``, ``cli``) and one :class:`Feature` entry below.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import click

    from gapkit.check import Check
    from gapkit.workspace import Workspace

Node = tuple[str, dict[str, Any]]
Edge = tuple[str, str, dict[str, Any]]


class GraphContributor(Protocol):
    """What a feature adds to the workspace graph."""

    def graph_nodes(self, ws: Workspace) -> Iterable[Node]: ...

    def graph_edges(self, ws: Workspace) -> Iterable[Edge]: ...


@dataclass(frozen=True)
class Feature:
    """One feature: each part is a function that imports it when asked (``None``: the feature has none)."""

    name: str
    commands: Callable[[], Sequence[tuple[str, click.Command]]] | None = None  # (group, command); "": top level
    checks: Callable[[], Sequence[Check]] | None = None
    graph: Callable[[], GraphContributor] | None = None


# ---- each feature's parts, imported when asked ------------------------------------------------------------------


def _workspace_checks() -> Sequence[Check]:
    from gapkit.check import CHECKS

    return CHECKS


def _load_commands() -> Sequence[tuple[str, click.Command]]:
    from gapkit.load.cli import COMMANDS

    return COMMANDS


def _match_commands() -> Sequence[tuple[str, click.Command]]:
    from gapkit.match.cli import COMMANDS

    return COMMANDS


def _match_graph() -> GraphContributor:
    from gapkit import match

    return match


def _review_commands() -> Sequence[tuple[str, click.Command]]:
    from gapkit.review.cli import COMMANDS

    return COMMANDS


def _review_checks() -> Sequence[Check]:
    from gapkit.review.checks import CHECKS

    return CHECKS


def _accounts_commands() -> Sequence[tuple[str, click.Command]]:
    from gapkit.accounts.cli import COMMANDS

    return COMMANDS


def _accounts_checks() -> Sequence[Check]:
    from gapkit.accounts.checks import CHECKS

    return CHECKS


def _graph_commands() -> Sequence[tuple[str, click.Command]]:
    from gapkit.graph.cli import COMMANDS

    return COMMANDS


def _comments_commands() -> Sequence[tuple[str, click.Command]]:
    from gapkit.comments.cli import COMMANDS

    return COMMANDS


def _comments_checks() -> Sequence[Check]:
    from gapkit.comments.checks import CHECKS

    return CHECKS


def _comments_graph() -> GraphContributor:
    from gapkit.comments import edges

    return edges


def _roadmap_commands() -> Sequence[tuple[str, click.Command]]:
    from gapkit.roadmap.cli import COMMANDS

    return COMMANDS


def _roadmap_checks() -> Sequence[Check]:
    from gapkit.roadmap.checks import CHECKS

    return CHECKS


def _roadmap_graph() -> GraphContributor:
    from gapkit.roadmap import graph

    return graph


def _indicators_commands() -> Sequence[tuple[str, click.Command]]:
    from gapkit.indicators.cli import COMMANDS

    return COMMANDS


def _indicators_checks() -> Sequence[Check]:
    from gapkit.indicators.checks import CHECKS

    return CHECKS


def _bill_commands() -> Sequence[tuple[str, click.Command]]:
    from gapkit.bill.cli import COMMANDS

    return COMMANDS


def _search_commands() -> Sequence[tuple[str, click.Command]]:
    from gapkit.search.cli import COMMANDS

    return COMMANDS


def _questionnaire_commands() -> Sequence[tuple[str, click.Command]]:
    from gapkit.questionnaire.cli import COMMANDS

    return COMMANDS


def _report_commands() -> Sequence[tuple[str, click.Command]]:
    from gapkit.report.cli import COMMANDS

    return COMMANDS


def _exchange_commands() -> Sequence[tuple[str, click.Command]]:
    from gapkit.exchange.cli import COMMANDS

    return COMMANDS


def _web_commands() -> Sequence[tuple[str, click.Command]]:
    from gapkit.web.cli import COMMANDS

    return COMMANDS


#: every feature, in the order of the layers (core and workspace, domain features, outputs)
FEATURES: tuple[Feature, ...] = (
    Feature("workspace", checks=_workspace_checks),
    Feature("load", commands=_load_commands),
    Feature("match", commands=_match_commands, graph=_match_graph),
    Feature("review", commands=_review_commands, checks=_review_checks),
    Feature("accounts", commands=_accounts_commands, checks=_accounts_checks),
    Feature("graph", commands=_graph_commands),
    Feature("comments", commands=_comments_commands, checks=_comments_checks, graph=_comments_graph),
    Feature("roadmap", commands=_roadmap_commands, checks=_roadmap_checks, graph=_roadmap_graph),
    Feature("indicators", commands=_indicators_commands, checks=_indicators_checks),
    Feature("questionnaire", commands=_questionnaire_commands),
    Feature("bill", commands=_bill_commands),
    Feature("search", commands=_search_commands),
    Feature("report", commands=_report_commands),
    Feature("exchange", commands=_exchange_commands),
    Feature("web", commands=_web_commands),
)


def checks() -> list[Check]:
    """Every check of every feature, in the features' order."""
    return [fn for f in FEATURES if f.checks is not None for fn in f.checks()]


def commands() -> list[tuple[str, click.Command]]:
    """Every command of every feature, with the group it belongs to ("": the top level)."""
    return [c for f in FEATURES if f.commands is not None for c in f.commands()]


def graph_contributors() -> list[GraphContributor]:
    """What adds nodes and edges to the workspace graph, besides the clauses and the decisions."""
    return [f.graph() for f in FEATURES if f.graph is not None]
