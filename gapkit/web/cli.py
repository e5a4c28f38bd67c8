"""`gapkit serve`: the review web app on this machine."""

from __future__ import annotations

import os
from pathlib import Path

import click

from gapkit.clitools import fail, open_workspace
from gapkit.web.security import is_loopback

MIN_TOKEN = 20


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. The default answers this machine only; 0.0.0.0 answers the network.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--token", envvar="GAPKIT_TOKEN", default=None,
              help="Access token every request must carry (default: $GAPKIT_TOKEN), for one user on a shared "
                   "machine: at least 20 characters, or 'new' to have one made. A team signs in with accounts "
                   "instead (gapkit users add).")
@click.option("--workspace", "-w", "workspace_dir", type=click.Path(file_okay=False, path_type=Path),
              help="The workspace folder (default: the current folder, when it holds gapkit.toml).")
@click.option("--no-page-cache", is_flag=True, hidden=True, help="Render every page anew (benchmarks/web_load.py).")
@click.option("--no-background", is_flag=True, hidden=True, help="Do not compute missing suggestions at start.")
def serve(host: str, port: int, token: str | None, workspace_dir: Path | None, no_page_cache: bool,
          no_background: bool) -> None:
    """Serve the review web app: open the address it prints in a browser.

    On this machine only (the default), one user works without signing in, or with --token. To serve a team on
    the network (--host 0.0.0.0), the workspace needs accounts (gapkit users add NAME --role reviewer): everyone
    signs in and every decision carries its author's name.
    """
    import secrets

    import uvicorn

    from gapkit.accounts import has_accounts
    from gapkit.web.app import create_app

    ws = open_workspace(workspace_dir)
    accounts = has_accounts(ws.root)
    if token == "new":
        token = secrets.token_urlsafe(24)
    if token is not None and len(token.strip()) < MIN_TOKEN:
        fail(f"--token: use at least {MIN_TOKEN} characters (or --token new to have one made)")
    if not is_loopback(host) and not accounts:
        fail(f"listening on {host} answers the network: it needs accounts, so that everyone signs in. "
             "Add them with: gapkit users add NAME --role reviewer|approver|reader")
    if accounts and token:
        fail("this workspace has accounts: everyone signs in with their name and password; --token is for one "
             "local user without accounts")
    app = create_app(ws.root, token=token, host=host, page_cache=not no_page_cache, background=not no_background)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    link = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    click.echo(f"gapkit: serving {ws.root} at {link} (Ctrl+C stops)", err=True)
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


#: this feature's commands, by the group they belong to ("": the top level); gapkit.registry gathers them
COMMANDS: tuple[tuple[str, click.Command], ...] = (
    ('', serve),
)
