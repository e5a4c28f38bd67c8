"""What every command of the command line shares: --workspace and --format, loading the workspace, saying what went
wrong in one line with an exit code, and writing text or JSON. The commands themselves live with their features
(``<feature>/cli.py``) and are gathered by :mod:`gapkit.registry`; nothing here knows them."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, NoReturn

import click

from gapkit.workspace import (
    CONFIG_FILE,
    NoSuchConvention,
    Workspace,
    WorkspaceError,
    convention_code,
    default_workspace_dir,
    load,
)

EXIT_PROBLEMS = 1
EXIT_USAGE = 2


def emit(fmt: str, data: Any, text: Callable[[], str]) -> None:
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(text())


def workspace_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--workspace and --format, and the loaded workspace passed as ``ws``."""

    @click.option("--workspace", "-w", "workspace_dir", type=click.Path(file_okay=False, path_type=Path),
                  help="The workspace folder (default: the current folder, when it holds gapkit.toml).")
    @click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
    @wraps(fn)
    def wrapper(workspace_dir: Path | None, fmt: str, **kwargs: Any) -> Any:
        ws = open_workspace(workspace_dir)
        return fn(ws=ws, fmt=fmt, **kwargs)

    return wrapper


def open_workspace(workspace_dir: Path | None) -> Workspace:
    root = workspace_dir or default_workspace_dir()
    if root is None:
        fail(f"{Path.cwd()} is not a gapkit workspace (no {CONFIG_FILE}). "
             "Run gapkit from a workspace folder or pass --workspace DIR.")
    try:
        return load(root)
    except WorkspaceError as e:
        fail(str(e))
    raise AssertionError("unreachable")


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    click.echo(f"gapkit: {message}", err=True)
    sys.exit(code)



def conventions(ws: Workspace, given: tuple[str, ...]) -> list[str]:
    """Convention codes as the user types them (C081, c81, 81), checked against the workspace."""
    out: list[str] = []
    for g in given:
        try:
            code = convention_code(ws, g)
        except NoSuchConvention as e:
            fail(str(e))
        if code not in out:
            out.append(code)
    return out
