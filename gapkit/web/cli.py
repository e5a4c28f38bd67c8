"""`gapkit serve`: the review web app on this machine."""

from __future__ import annotations

import os
from pathlib import Path

import click

from gapkit.clitools import fail, open_workspace
from gapkit.web.security import is_loopback


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. The default answers this machine only; 0.0.0.0 answers the network.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--token", envvar="GAPKIT_TOKEN", default=None,
              help="Access token every request must carry (default: $GAPKIT_TOKEN). Use it on a shared machine.")
@click.option("--workspace", "-w", "workspace_dir", type=click.Path(file_okay=False, path_type=Path),
              help="The workspace folder (default: the current folder, when it holds gapkit.toml).")
@click.option("--no-page-cache", is_flag=True, hidden=True, help="Render every page anew (benchmarks/web_load.py).")
def serve(host: str, port: int, token: str | None, workspace_dir: Path | None, no_page_cache: bool) -> None:
    """Serve the review web app: open the address it prints in a browser."""
    import uvicorn

    from gapkit.web.app import create_app

    ws = open_workspace(workspace_dir)
    if token is not None and len(token.strip()) < 8:
        fail("--token: use at least 8 characters")
    if not is_loopback(host) and not token:
        click.echo(f"gapkit: warning: listening on {host} without --token: anyone who can reach this machine "
                   "can read and change the mappings", err=True)
    app = create_app(ws.root, token=token, host=host, page_cache=not no_page_cache)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    link = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    click.echo(f"gapkit: serving {ws.root} at {link} (Ctrl+C stops)", err=True)
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


#: this feature's commands, by the group they belong to ("": the top level); gapkit.registry gathers them
COMMANDS: tuple[tuple[str, click.Command], ...] = (
    ('', serve),
)
