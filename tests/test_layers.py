"""The layers of gapkit, enforced: core → workspace → domain features → outputs → commands, nothing importing upward
and no cycle, between modules or between features; every command and every check there however gapkit starts."""

from __future__ import annotations

import ast
import subprocess
import sys
from functools import cache
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "gapkit"

#: the layer of each top-level part of the package (a module gapkit.<x> or a package gapkit/<x>/)
LAYERS: dict[str, int] = {
    # core: citations, the model, files, vocabularies, texts
    "citations": 0, "model": 0, "yamlio": 0, "fields": 0, "numbers": 0, "texts": 0, "vocab": 0, "errors": 0,
    # the workspace, its checks, what commands share
    "workspace": 1, "check": 1, "clitools": 1,
    # domain features
    "load": 2, "nlp": 2, "match": 2, "review": 2, "comments": 2, "roadmap": 2, "indicators": 2, "graph": 2,
    "questionnaire": 2, "bill": 2, "accounts": 2, "search": 2,
    # outputs
    "report": 3, "exchange": 3, "web": 3,
    # the command line
    "cli": 4,
}
#: the composition root: it lists every feature and imports them (inside its functions) when asked
ROOT = "registry"
COMMANDS = 4  # a feature's cli module holds commands: the top layer


@cache
def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


@cache  # four tests read the same files
def _imports(path: Path, module: str, top_level_only: bool) -> set[str]:
    """The gapkit modules ``module`` imports: at module level only (``top_level_only``), or anywhere; never the
    imports under ``if TYPE_CHECKING``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()

    def visit(node: ast.AST, nested: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            inner = nested or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            if isinstance(child, ast.Import) and not (top_level_only and nested):
                found.update(a.name for a in child.names if a.name.startswith("gapkit"))
            elif isinstance(child, ast.ImportFrom) and not (top_level_only and nested):
                base = child.module or ""
                if child.level:  # relative
                    pkg = module.split(".")
                    base = ".".join(pkg[: len(pkg) - child.level + (1 if path.name == "__init__.py" else 0)]
                                    + ([base] if base else []))
                if base.startswith("gapkit"):
                    found.add(base)
                    found.update(f"{base}.{a.name}" for a in child.names)
            visit(child, inner)

    visit(tree, False)
    modules = _modules()
    return {m for m in found if m in modules and m not in (module, "gapkit")}


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _layer(module: str) -> int:
    if module.split(".")[-1] == "cli":
        return COMMANDS
    return LAYERS[_part(module)]


def test_every_part_of_the_package_has_a_layer() -> None:
    parts = {_part(m) for m in _modules() if m != "gapkit"} - {ROOT}
    assert not parts - set(LAYERS), f"give these a layer in LAYERS: {sorted(parts - set(LAYERS))}"


def test_nothing_imports_upward() -> None:
    upward = []
    for module, path in _modules().items():
        if module == "gapkit" or _part(module) == ROOT:
            continue
        for imported in _imports(path, module, top_level_only=False):
            if _part(imported) == ROOT:
                continue  # anyone may ask the composition root
            if _layer(imported) > _layer(module):
                upward.append(f"{module} (layer {_layer(module)}) imports {imported} (layer {_layer(imported)})")
    assert not upward, "\n".join(upward)


def test_no_module_imports_itself_back() -> None:
    g = nx.DiGraph()
    for module, path in _modules().items():
        for imported in _imports(path, module, top_level_only=True):
            if not imported.startswith(module + "."):  # a package's __init__ gathering its own modules
                g.add_edge(module, imported)
    cycles = [c for c in nx.simple_cycles(g) if len(c) > 1]
    assert not cycles, cycles[:5]


def test_no_two_features_import_each_other() -> None:
    g = nx.DiGraph()
    for module, path in _modules().items():
        if _part(module) == ROOT or module.split(".")[-1] == "cli":
            continue
        for imported in _imports(path, module, top_level_only=False):
            a, b = _part(module), _part(imported)
            if a != b and ROOT not in (a, b):
                g.add_edge(a, b)
    cycles = [c for c in nx.simple_cycles(g) if len(c) > 1]
    assert not cycles, cycles[:5]


def test_every_check_runs_from_a_bare_import_of_the_workspace(tmp_path: Path) -> None:
    """`run_checks` called from code runs every feature's checks, whatever was imported before it."""
    code = ("import gapkit.workspace, gapkit.check\n"
            "from gapkit import registry\n"
            "names = sorted(f.__name__ for f in registry.checks())\n"
            "import sys; sys.modules.pop('gapkit.cli', None)\n"
            "print(len(names), ' '.join(names))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    count, names = out.split(" ", 1)
    for expected in ("clauses_have_text_and_concepts", "mappings_are_sound", "comments_are_sound",
                     "roadmap_file_is_valid", "indicators_file", "audit_log_is_sound"):
        assert expected in names
    # every check written in a checks module (a public function of the workspace that yields problems) is listed
    def checks_in(path: Path) -> set[str]:
        return {n.name for n in ast.parse(path.read_text()).body
                if isinstance(n, ast.FunctionDef) and not n.name.startswith("_") and n.returns is not None
                and "Iterator[Problem]" in ast.unparse(n.returns) and [a.arg for a in n.args.args] == ["ws"]}

    declared = set().union(*(checks_in(p) for p in [*PACKAGE.rglob("checks.py"), PACKAGE / "check.py"]))
    assert declared <= set(names.split()), declared - set(names.split())
    assert int(count) == len(names.split())


@pytest.mark.parametrize("start", [["-m", "gapkit.cli"], ["-c", "from gapkit.cli import main; main()"]])
def test_every_command_is_there_however_gapkit_starts(start: list[str]) -> None:
    def commands(args: list[str]) -> list[str]:
        out = subprocess.run([sys.executable, *args, "--help"], capture_output=True, text=True, check=True).stdout
        return sorted(line.split()[0] for line in out.split("Commands:", 1)[1].splitlines() if line.strip())

    listed = commands(start)
    assert {"suggest", "check", "report", "serve", "import", "export", "status", "comments"} <= set(listed)
    assert listed == commands(["-m", "gapkit.cli"])
