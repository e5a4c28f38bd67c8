"""`gapkit users` (add, list, remove, password): the workspace's named accounts, in users.yaml."""

from __future__ import annotations

import click

from gapkit.accounts import MIN_PASSWORD, ROLES, AccountStore, load_accounts
from gapkit.clitools import emit, workspace_options
from gapkit.workspace import Workspace

_PASSWORD_HELP = (f"The password (at least {MIN_PASSWORD} characters). Without it, gapkit asks for it twice without "
                  "showing it: prefer that, since a password given here stays in the shell's history.")


def _password(given: str | None) -> str:
    if given is not None:
        return given
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))


@click.group("users")
def users() -> None:
    """The workspace's named accounts (users.yaml): who may sign in to the web app, as reader, reviewer or
    approver. The file holds salted password hashes, never passwords."""


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True,
              help="reader: reads; reviewer: decides; approver: decides and approves others' decisions.")
@click.option("--password", default=None, help=_PASSWORD_HELP)
@click.option("--replace", is_flag=True, help="Replace the account of that name (its role and password).")
@workspace_options
def add(ws: Workspace, fmt: str, name: str, role: str, password: str | None, replace: bool) -> None:
    """Add the account NAME with a role and a password."""
    store = AccountStore(ws.root)
    name = store.check_add(name, replace)  # a name refused is said before the password is asked for
    account = store.add(name, role, _password(password), replace=replace)
    emit(fmt, account.as_dict(), lambda: f"{'replaced' if replace else 'added'} account {account.name} "
                                         f"({account.role})")


@users.command("list")
@workspace_options
def list_(ws: Workspace, fmt: str) -> None:
    """The accounts: name, role and when each was made (never a hash)."""
    accounts = list(load_accounts(ws.root).values())
    width = max((len(a.name) for a in accounts), default=0)
    emit(fmt, [a.as_dict() for a in accounts],
         lambda: "\n".join(f"{a.name:<{width}}  {a.role:<8}  {a.created}" for a in accounts) or "(no account)")


@users.command("remove")
@click.argument("name")
@workspace_options
def remove(ws: Workspace, fmt: str, name: str) -> None:
    """Remove the account NAME."""
    account = AccountStore(ws.root).remove(name)
    emit(fmt, account.as_dict(), lambda: f"removed account {account.name}")


@users.command("password")
@click.argument("name")
@click.option("--password", default=None, help=_PASSWORD_HELP)
@workspace_options
def password_(ws: Workspace, fmt: str, name: str, password: str | None) -> None:
    """Give the account NAME a new password."""
    store = AccountStore(ws.root)
    store.account(name)  # an unknown name is said before the password is asked for
    account = store.set_password(name, _password(password))
    emit(fmt, account.as_dict(), lambda: f"changed the password of {account.name}")


#: this feature's commands, by the group they belong to ("": the top level); gapkit.registry gathers them
COMMANDS: tuple[tuple[str, click.Command], ...] = (
    ('', users),
)
