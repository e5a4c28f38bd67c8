"""Who is signed in: sessions of the workspace's named accounts, and the brake on guessing passwords.

A session is a random value in an HttpOnly, SameSite=Strict cookie, known to this process only (a restart signs
everyone out); it ends after :data:`IDLE` without a request, or when its account is removed or its role changed
(the account is looked up again whenever ``users.yaml`` changes). Accounts added while the app runs take effect
at once: from the next request everyone signs in. Failed sign-ins (and wrong access tokens) from
one address wait longer each time: after :data:`FREE_TRIES` failures each further attempt must wait 2, 4, 8 … up
to :data:`MAX_WAIT` seconds, and one made sooner is refused without even being checked.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gapkit.accounts import Account

IDLE = 12 * 3600  # seconds
FREE_TRIES = 3
MAX_WAIT = 300.0  # seconds
SESSION_COOKIE = "gapkit_session"


@dataclass
class Session:
    name: str
    role: str
    seen: float


class Sessions:
    def __init__(self, root: Path):
        self.root = root
        self._sessions: dict[str, Session] = {}
        self._accounts: dict[str, Account] | None = {}
        self._accounts_seen: tuple[int, int] | None = None
        self._lock = threading.Lock()
        self.brake = Brake()

    def accounts_now(self) -> dict[str, Account] | None:
        """The workspace's accounts, read again only when ``users.yaml`` changed (one stat a request); None when the
        file cannot be read, which counts as accounts (nobody gets in until it is mended), never as none."""
        from gapkit.accounts import USERS_FILE, load_accounts
        from gapkit.yamlio import YamlError

        try:
            st = (self.root / USERS_FILE).stat()
            sig: tuple[int, int] | None = (st.st_mtime_ns, st.st_size)
        except OSError:
            sig = None
        if sig != self._accounts_seen:
            try:
                self._accounts = load_accounts(self.root)
            except YamlError:
                self._accounts = None
            self._accounts_seen = sig
        return self._accounts

    def sign_in(self, name: str, password: str) -> tuple[str, Account] | None:
        from gapkit.accounts import AccountStore
        from gapkit.yamlio import YamlError

        try:
            account = AccountStore(self.root).verify(name, password)
        except YamlError:  # a users file broken by hand: nobody signs in until it is mended (gapkit check says where)
            return None
        if account is None:
            return None
        sid = secrets.token_urlsafe(32)
        with self._lock:
            self._sessions[sid] = Session(account.name, str(account.role), time.monotonic())
        return sid, account

    def account(self, sid: str | None, accounts: dict[str, Account]) -> Session | None:
        """The session's account as it stands in ``accounts`` (None: no session, expired, account removed or its
        role changed: the session ends)."""
        if not sid:
            return None
        with self._lock:
            s = self._sessions.get(sid)
            now = time.monotonic()
            if s is None or now - s.seen > IDLE:
                self._sessions.pop(sid, None)
                return None
            s.seen = now
        acc = accounts.get(s.name)
        if acc is None or str(acc.role) != s.role:
            with self._lock:
                self._sessions.pop(sid, None)
            return None
        return s

    def sign_out(self, sid: str | None) -> None:
        with self._lock:
            self._sessions.pop(sid or "", None)


class Brake:
    """Slows guessing: per client address, the time before which another attempt is not even checked."""

    def __init__(self) -> None:
        self._failures: dict[str, int] = {}
        self._until: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, who: str) -> float:
        """Seconds this client must still wait before an attempt is checked (0: go ahead)."""
        with self._lock:
            return max(0.0, self._until.get(who, 0.0) - time.monotonic())

    def failed(self, who: str) -> float:
        """Count a failure; the seconds the client must now wait."""
        with self._lock:
            n = self._failures.get(who, 0) + 1
            self._failures[who] = n
            delay = 0.0 if n <= FREE_TRIES else min(MAX_WAIT, 2.0 ** (n - FREE_TRIES))
            self._until[who] = time.monotonic() + delay
            if len(self._failures) > 10_000:  # many addresses: forget the oldest
                oldest = next(iter(self._failures))
                self._failures.pop(oldest)
                self._until.pop(oldest, None)
            return delay

    def succeeded(self, who: str) -> None:
        with self._lock:
            self._failures.pop(who, None)
            self._until.pop(who, None)
