"""The accounts' check for `gapkit check`: users.yaml reads whole, every role is in the vocabulary, every password
field holds an argon2 hash (never a password), no name is there twice."""

from __future__ import annotations

from collections.abc import Iterator

from gapkit.accounts import file_problems
from gapkit.check import Check
from gapkit.workspace import Workspace
from gapkit.yamlio import Problem


def users_file_is_sound(ws: Workspace) -> Iterator[Problem]:
    yield from file_problems(ws.root)


#: the accounts' checks, run by `gapkit check` (gapkit.registry gathers them)
CHECKS: tuple[Check, ...] = (users_file_is_sound,)
