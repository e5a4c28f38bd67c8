"""Named accounts of a workspace: who may sign in, and with what role (:class:`~gapkit.vocab.Role`).

They live in ``<workspace>/users.yaml``, edited through ``gapkit users``::

    # ...header comment...
    users:
    - name: Aigerim Bekova
      role: reviewer
      password: $argon2id$v=19$m=65536,t=3,p=4$...
      created: '2025-01-31T09:12:00+00:00'

``password`` holds an argon2 hash (salted, made by :class:`argon2.PasswordHasher`), never a password. Names are
compared as written (case-sensitively), but a name that differs from an existing one only by case is refused.

Every write happens under a lock (``.users.lock`` beside the file) and replaces the file atomically, after reading
it whole: two writers never lose one another's account, and a file that does not read is never written over. The
expensive hashing happens before the lock is taken.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from gapkit.errors import GapkitError
from gapkit.fields import name_problem as person_name_problem
from gapkit.vocab import Role
from gapkit.yamlio import LINE_KEY, Problem, YamlError, dump_yaml, load_yaml, locked, strip_lines, write_atomic

if TYPE_CHECKING:
    from argon2 import PasswordHasher

USERS_FILE = "users.yaml"
LOCK_FILE = ".users.lock"  # beside users.yaml: every writer takes it
MIN_PASSWORD = 10
HASH_PREFIX = "$argon2"
HEADER = (
    "# The workspace's named accounts: edited through `gapkit users` (add, list, remove, password).\n"
    "# `password` holds a salted argon2 hash of each password, never a password. Keep this file out of version\n"
    "# control and out of anything sent outside the team.\n"
)
FIELDS = ("name", "role", "password", "created")
ROLES: tuple[str, ...] = tuple(r.value for r in Role)

#: the hasher of every store that is given none: argon2's defaults (RFC 9106 low-memory profile), made when first
#: needed (argon2 loads then, not with `gapkit --help` or `gapkit check`)
HASHER: PasswordHasher | None = None

# A hash of a random password made with argon2's default parameters: what an unknown name is verified against, so
# that the time a sign-in takes does not tell a known name from an unknown one.
_DUMMY_HASH = ("$argon2id$v=19$m=65536,t=3,p=4$Gg9HUGz7ADFlQ3l2kU3zTg$"
               "tFJviHHF7okH1+MyM3ug7mQqPmsDSRvZpAKgMCqZODw")

T = TypeVar("T")


class AccountError(GapkitError):
    """An account that cannot be added, changed or removed as asked (a bad name, role or password; a name taken)."""


@dataclass(frozen=True)
class Account:
    """One named account, as everyone may see it (the hash stays in the file)."""

    name: str
    role: Role
    created: str  # ISO 8601, UTC, to the second

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "role": str(self.role), "created": self.created}


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def users_path(root: Path) -> Path:
    return Path(root) / USERS_FILE


# ---- names and passwords -------------------------------------------------------------------


def name_problem(name: object) -> str:
    """What is wrong with an account name as it stands ('' when nothing): 1 to 100 printable characters on one line,
    with no space around them and no two in a row (the sign-in form reads a name so).

    >>> name_problem("Aigerim Bekova"), name_problem(" x"), name_problem("a\\nb")
    ('', 'a name has no space before or after it', 'a name is one line')
    """
    if not isinstance(name, str):
        return "a name is text (quote it in the file)"
    if not name.strip():
        return "an account needs a name"
    if name != name.strip():
        return "a name has no space before or after it"
    if len(name.splitlines()) > 1:  # \n, \r and every other line break
        return "a name is one line"
    if "  " in name:
        return "a name has no two spaces in a row"
    return person_name_problem(name)  # the rule of every record of who did it


def _normal(name: str) -> str:
    """``name`` trimmed, each run of spaces made one (other white space stays, to be refused)."""
    return " ".join(part for part in name.strip().split(" ") if part)


def clean_name(name: str) -> str:
    """``name`` trimmed and each run of spaces made one, or :class:`AccountError` when it is not a name (see
    :func:`name_problem`).

    >>> clean_name("  Aigerim   Bekova ")
    'Aigerim Bekova'
    """
    trimmed = _normal(name) if isinstance(name, str) else name
    why = name_problem(trimmed)
    if why:
        raise AccountError(f"{why}: {_shown(name)}")
    return trimmed


def _shown(name: object) -> str:
    text = repr(name)
    return text if len(text) <= 60 else text[:57] + "..."


def _check_password(password: str) -> None:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise AccountError(f"a password is at least {MIN_PASSWORD} characters")


def _role(role: Role | str) -> Role:
    try:
        return Role.parse(str(role))
    except ValueError as e:
        raise AccountError(str(e)) from None


# ---- reading -------------------------------------------------------------------------------


def file_problems(root: Path) -> list[Problem]:
    """Everything wrong in ``users.yaml`` (none when it does not exist), each at its line: what ``gapkit check``
    reports. A password field is never quoted in a message (a password typed into the file in clear would be)."""
    _records, blocking, other = _read(users_path(root))
    return sorted([*blocking, *other], key=lambda p: p.line)


def _read(path: Path) -> tuple[list[dict[str, Any]], list[Problem], list[Problem]]:
    """The records of ``path`` (with their ``__line__``); the problems that stop the file from being read (a record
    that would be lost, or misread); the others (a password field that is no hash only fails its sign-in)."""
    if not path.exists():
        return [], [], []
    shown = USERS_FILE
    try:
        data = load_yaml(path, shown, cache=False)  # never copy the hashes into the parse cache
    except YamlError as e:
        return [], [e.problem], []
    if data is None:  # an empty file: no account
        return [], [], []
    if not isinstance(data, dict) or not isinstance(data.get("users") or [], list):
        return [], [Problem(shown, 1, "users.yaml is a mapping with one key, `users`: a list of accounts")], []
    problems: list[Problem] = []  # blocking
    others: list[Problem] = []
    records: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    folded: dict[str, tuple[str, int]] = {}
    for raw in data.get("users") or []:
        if not isinstance(raw, dict):
            problems.append(Problem(shown, 1, "each account is a mapping with name, role, password and created"))
            continue
        line = int(raw.get(LINE_KEY, 0))
        name = raw.get("name")
        for key in raw:
            if key != LINE_KEY and key not in FIELDS:
                others.append(Problem(shown, line, f"unknown field {key!r} (expected {', '.join(FIELDS)})",
                                      "warning"))
        why = name_problem(name)
        if why:
            problems.append(Problem(shown, line, f"name: {why}"))
            continue
        assert isinstance(name, str)
        if name in seen:
            problems.append(Problem(shown, line, f"{name}: the name is there twice (first at line {seen[name]})"))
            continue
        seen[name] = line
        other = folded.get(name.casefold())
        if other is not None:
            others.append(Problem(shown, line, f"{name}: differs from {other[0]!r} (line {other[1]}) only by case",
                                  "warning"))
        folded.setdefault(name.casefold(), (name, line))
        role = raw.get("role")
        if not isinstance(role, str) or role not in ROLES:
            problems.append(Problem(shown, line, f"{name}: role {_shown(role)} is not one of {', '.join(Role)}"))
        password = raw.get("password")
        if not isinstance(password, str) or not password.startswith(HASH_PREFIX):
            others.append(Problem(shown, line, f"{name}: password is not an argon2 hash (one starts with "
                                               f"{HASH_PREFIX}); set it with `gapkit users password {name}`"))
        if not isinstance(raw.get("created", ""), str):
            others.append(Problem(shown, line, f"{name}: created is an ISO time in quotes", "warning"))
        records.append(raw)
    return records, problems, others


def _records(path: Path) -> list[dict[str, Any]]:
    """The records of a file that reads (a hash that is not argon2 only fails its sign-in); else the first error,
    raised as :class:`YamlError` with its line."""
    records, blocking, _others = _read(path)
    if blocking:
        raise YamlError(blocking[0])
    return records


def _account(raw: dict[str, Any]) -> Account:
    return Account(str(raw["name"]), Role(str(raw["role"])), str(raw.get("created") or ""))


def load_accounts(root: Path) -> dict[str, Account]:
    """The workspace's accounts by name, in the file's order (empty when there is no ``users.yaml``).

    A file that does not read (not YAML, an unknown role, a name twice ...) raises :class:`YamlError` with file and
    line: never read as "no accounts", which a caller could take for an open workspace."""
    return {str(r["name"]): _account(r) for r in _records(users_path(root))}


def has_accounts(root: Path) -> bool:
    """Whether the workspace has at least one account (a broken file raises, as :func:`load_accounts`)."""
    return bool(load_accounts(root))


# ---- writing and signing in ----------------------------------------------------------------


def default_hasher() -> PasswordHasher:
    """:data:`HASHER`, made with argon2's defaults the first time it is asked for."""
    global HASHER
    if HASHER is None:
        from argon2 import PasswordHasher

        HASHER = PasswordHasher()
    return HASHER


@cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    """The hash an unknown name is verified against: made with ``hasher``'s parameters, so that it takes as long as a
    known name's (the shipped one when they are argon2's defaults: no first sign-in slower than the next)."""
    if not hasher.check_needs_rehash(_DUMMY_HASH):
        return _DUMMY_HASH
    return hasher.hash("not a password of anyone: only spends the time of one verification")


class AccountStore:
    """Adds, changes, removes and verifies the accounts of the workspace at ``root``.

    ``hasher`` defaults to :func:`default_hasher` (argon2's defaults); the tests pass a cheap one."""

    def __init__(self, root: Path, hasher: PasswordHasher | None = None):
        self.root = Path(root)
        self.path = users_path(self.root)
        self._hasher = hasher

    @property
    def hasher(self) -> PasswordHasher:
        return self._hasher or default_hasher()

    # -- the one write path

    def _update(self, change: Callable[[list[dict[str, Any]]], T]) -> T:
        """Read the file whole under the lock, let ``change`` edit its records, and replace the file atomically."""
        with locked(self.root / LOCK_FILE):
            records = _records(self.path)
            result = change(records)
            write_atomic(self.path, HEADER + dump_yaml({"users": strip_lines(records)}))
        return result

    @staticmethod
    def _find(records: list[dict[str, Any]], name: str) -> dict[str, Any] | None:
        return next((r for r in records if r.get("name") == name), None)

    def account(self, name: str) -> Account:
        """The account ``name``; :class:`AccountError` when there is none."""
        row = self._find(_records(self.path), _normal(name))
        if row is None:
            raise AccountError(self._unknown(name))
        return _account(row)

    def check_add(self, name: str, replace: bool = False) -> str:
        """The trimmed name, or :class:`AccountError` when :meth:`add` would refuse it as things stand (for the
        command line to say so before it asks for a password)."""
        name = clean_name(name)
        self._refusal(_records(self.path), name, replace)
        return name

    @staticmethod
    def _refusal(records: list[dict[str, Any]], name: str, replace: bool) -> None:
        for r in records:
            other = str(r.get("name"))
            if other == name and not replace:
                raise AccountError(f"there is an account {name!r} already (replace it with --replace)")
            if other != name and other.casefold() == name.casefold():
                raise AccountError(f"{name!r} differs from the account {other!r} only by case: choose another name")

    def add(self, name: str, role: Role | str, password: str, replace: bool = False) -> Account:
        """Add an account (``replace``: in place of the one of that name, made anew). Refused: a name that is not
        one (:func:`name_problem`), taken, or taken but for case; a role outside :class:`Role`; a password under
        :data:`MIN_PASSWORD` characters."""
        name, role = clean_name(name), _role(role)
        _check_password(password)
        self._refusal(_records(self.path), name, replace)  # before spending a hash on it
        hashed = self.hasher.hash(password)
        account = Account(name, role, _now())

        def change(records: list[dict[str, Any]]) -> None:
            self._refusal(records, name, replace)  # again: another writer may have come first
            row = {"name": name, "role": str(role), "password": hashed, "created": account.created}
            old = self._find(records, name)
            if old is None:
                records.append(row)
            else:
                records[records.index(old)] = row

        self._update(change)
        return account

    def remove(self, name: str) -> Account:
        """Remove the account ``name``; :class:`AccountError` when there is none. Returns the account removed."""
        name = _normal(name)

        def change(records: list[dict[str, Any]]) -> Account:
            old = self._find(records, name)
            if old is None:
                raise AccountError(self._unknown(name))
            records.remove(old)
            return _account(old)

        return self._update(change)

    def set_password(self, name: str, password: str) -> Account:
        """Give the account ``name`` a new password (its role and creation time stay)."""
        name = _normal(name)
        _check_password(password)
        self.account(name)  # before spending a hash on it
        hashed = self.hasher.hash(password)

        def change(records: list[dict[str, Any]]) -> Account:
            old = self._find(records, name)
            if old is None:
                raise AccountError(self._unknown(name))
            old["password"] = hashed
            return _account(old)

        return self._update(change)

    def verify(self, name: str, password: str) -> Account | None:
        """The account, when ``password`` is the password of ``name``; else None.

        An unknown name (or one whose hash is broken) costs one verification all the same, against a dummy hash, so
        that the time taken does not tell names apart. A hash made with weaker parameters than the hasher's is made
        anew and written back (unless the password was changed meanwhile). A broken file raises :class:`YamlError`.
        """
        from argon2.exceptions import InvalidHashError, VerificationError

        name = _normal(name) if isinstance(name, str) else ""
        row = self._find(_records(self.path), name) if name else None
        stored = row.get("password") if row is not None else None
        if row is None or not isinstance(stored, str) or not isinstance(password, str):
            self._spend()
            return None
        try:
            self.hasher.verify(stored, password)
        except InvalidHashError:
            self._spend()
            return None
        except VerificationError:  # the wrong password (VerifyMismatchError), or a hash that does not verify
            return None
        if self.hasher.check_needs_rehash(stored):
            self._rehash(name, stored, password)
        return _account(row)

    def _spend(self) -> None:
        from argon2.exceptions import VerificationError

        with suppress(VerificationError):
            self.hasher.verify(_dummy_hash(self.hasher), "not the password")

    def _rehash(self, name: str, stored: str, password: str) -> None:
        hashed = self.hasher.hash(password)

        def change(records: list[dict[str, Any]]) -> None:
            row = self._find(records, name)
            if row is not None and row.get("password") == stored:  # not changed since it was verified
                row["password"] = hashed

        with suppress(OSError):  # a file the server may read but not write: the sign-in stands, the old hash too
            self._update(change)

    def _unknown(self, name: str) -> str:
        return f"no account {name!r} (gapkit users list shows them)"
