"""Named accounts (users.yaml): adding, verifying, changing and removing them, from code and from `gapkit users`;
`gapkit check` on the file; two writers at once."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Literal

import pytest
from argon2 import PasswordHasher
from click.testing import CliRunner

from gapkit import accounts
from gapkit.accounts import (
    USERS_FILE,
    Account,
    AccountError,
    AccountStore,
    has_accounts,
    load_accounts,
)
from gapkit.cli import main
from gapkit.vocab import Role
from gapkit.yamlio import YamlError

from .conftest import write

#: argon2 at its cheapest (a millisecond a hash): the tests add many accounts; production uses argon2's defaults
FAST = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
PASSWORD = "secretpass1"


class CountingHasher(PasswordHasher):
    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=8, parallelism=1)
        self.verified: list[str] = []

    def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:  # noqa: A002 - argon2's name
        self.verified.append(str(hash))
        return super().verify(hash, password)


@pytest.fixture(autouse=True)
def _fast_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts, "HASHER", FAST)


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """A workspace with nothing but its gapkit.toml: all `gapkit users` needs."""
    write(tmp_path, "gapkit.toml", '[workspace]\nname = "Test"\ncountry = "kz"\n')
    return tmp_path


def users(ws: Path, *args: str, input: str | None = None) -> tuple[int, str, str]:  # noqa: A002
    result = CliRunner().invoke(main, ["users", *args, "--workspace", str(ws)], input=input)
    return result.exit_code, result.stdout, result.stderr


# ---- the store ---------------------------------------------------------------------------------


def test_add_then_verify_the_right_password_and_not_a_wrong_one(ws: Path) -> None:
    store = AccountStore(ws)
    added = store.add("Aigerim Bekova", "reviewer", PASSWORD)
    assert added == Account("Aigerim Bekova", Role.REVIEWER, added.created) and added.created.endswith("+00:00")
    assert store.verify("Aigerim Bekova", PASSWORD) == added
    assert store.verify("Aigerim Bekova", PASSWORD + "x") is None
    assert store.verify("aigerim bekova", PASSWORD) is None  # names compare as written
    assert load_accounts(ws) == {"Aigerim Bekova": added} and has_accounts(ws)


def test_the_file_holds_a_salted_argon2_hash_never_the_password(ws: Path) -> None:
    store = AccountStore(ws)
    store.add("Ann", Role.APPROVER, PASSWORD)
    store.add("Ben", Role.READER, PASSWORD)
    text = (ws / USERS_FILE).read_text(encoding="utf-8")
    assert PASSWORD not in text
    assert text.startswith("# ") and "gapkit users" in text and "never a password" in text
    hashes = [line.split("password: ", 1)[1] for line in text.splitlines() if "password: " in line]
    assert len(hashes) == 2 and all(h.startswith("$argon2id$") for h in hashes)
    assert hashes[0] != hashes[1]  # salted: the same password, two hashes


def test_an_unknown_name_is_none_and_costs_one_verification_all_the_same(ws: Path) -> None:
    hasher = CountingHasher()
    store = AccountStore(ws, hasher)
    assert store.verify("Nobody", PASSWORD) is None  # no file at all
    store.add("Ann", "reviewer", PASSWORD)
    assert store.verify("Nobody", PASSWORD) is None
    assert store.verify("", PASSWORD) is None
    assert len(hasher.verified) == 3 and all(h.startswith("$argon2id$") for h in hasher.verified)


def test_the_dummy_hash_has_argon2s_default_parameters() -> None:
    """Else an unknown name would take another time than a known one (argon2-cffi changed its defaults once)."""
    assert not PasswordHasher().check_needs_rehash(accounts._DUMMY_HASH)


@pytest.mark.parametrize(("name", "role", "password", "why"), [
    ("Ann", "reviewer", "short", "at least 10 characters"),
    ("Ann", "admin", PASSWORD, "'admin' is not a role"),
    ("", "reviewer", PASSWORD, "needs a name"),
    ("   ", "reviewer", PASSWORD, "needs a name"),
    ("Ann\nSmith", "reviewer", PASSWORD, "one line"),
    ("Ann\tSmith", "reviewer", PASSWORD, "printable"),
    ("A" * 101, "reviewer", PASSWORD, "at most 100 characters"),
])
def test_refused_names_roles_and_passwords(ws: Path, name: str, role: str, password: str, why: str) -> None:
    with pytest.raises(AccountError, match=why):
        AccountStore(ws).add(name, role, password)
    assert not (ws / USERS_FILE).exists()


def test_a_name_is_trimmed_and_may_be_100_characters_of_any_script(ws: Path) -> None:
    store = AccountStore(ws)
    assert store.add("  Әйгерім   Бекова ", "reader", PASSWORD).name == "Әйгерім Бекова"
    assert store.add("A" * 100, "reader", PASSWORD).name == "A" * 100
    assert store.verify(" Әйгерім  Бекова", PASSWORD) is not None  # as the sign-in form reads a name
    assert list(load_accounts(ws)) == ["Әйгерім Бекова", "A" * 100]
    store.set_password("Әйгерім  Бекова ", "newsecret22")
    assert store.remove(" Әйгерім Бекова").name == "Әйгерім Бекова"


def test_a_name_taken_or_taken_but_for_case_is_refused(ws: Path) -> None:
    store = AccountStore(ws)
    first = store.add("Ann", "reviewer", PASSWORD)
    with pytest.raises(AccountError, match="already"):
        store.add("Ann", "approver", "otherpass22")
    with pytest.raises(AccountError, match="only by case"):
        store.add("ANN", "approver", "otherpass22")
    with pytest.raises(AccountError, match="only by case"):
        store.add("ann", "approver", "otherpass22", replace=True)
    assert load_accounts(ws) == {"Ann": first}
    replaced = store.add("Ann", "approver", "otherpass22", replace=True)
    assert load_accounts(ws) == {"Ann": replaced} and replaced.role is Role.APPROVER
    assert store.verify("Ann", PASSWORD) is None and store.verify("Ann", "otherpass22") == replaced


def test_remove(ws: Path) -> None:
    store = AccountStore(ws)
    store.add("Ann", "reviewer", PASSWORD)
    ben = store.add("Ben", "reader", PASSWORD)
    assert store.remove("Ann").name == "Ann"
    assert load_accounts(ws) == {"Ben": ben}
    assert store.verify("Ann", PASSWORD) is None
    with pytest.raises(AccountError, match="no account 'Ann'"):
        store.remove("Ann")
    store.remove("Ben")
    assert not has_accounts(ws)


def test_password_change_keeps_role_and_creation(ws: Path) -> None:
    store = AccountStore(ws)
    ann = store.add("Ann", "approver", PASSWORD)
    assert store.set_password("Ann", "newsecret22") == ann
    assert store.verify("Ann", PASSWORD) is None and store.verify("Ann", "newsecret22") == ann
    with pytest.raises(AccountError, match="at least 10"):
        store.set_password("Ann", "short")
    with pytest.raises(AccountError, match="no account"):
        store.set_password("Nobody", "newsecret22")


def test_a_weaker_hash_is_made_anew_on_a_sign_in(ws: Path) -> None:
    AccountStore(ws).add("Ann", "reviewer", PASSWORD)  # FAST: time cost 1
    before = (ws / USERS_FILE).read_text()
    stronger = PasswordHasher(time_cost=2, memory_cost=8, parallelism=1)
    assert AccountStore(ws, stronger).verify("Ann", PASSWORD) is not None
    after = (ws / USERS_FILE).read_text()
    assert ",t=1," in before and ",t=2," in after and PASSWORD not in after
    assert AccountStore(ws, stronger).verify("Ann", PASSWORD) is not None


def test_no_file_is_no_account_and_a_broken_file_raises_with_its_line(ws: Path) -> None:
    assert load_accounts(ws) == {} and not has_accounts(ws)
    write(ws, USERS_FILE, "users:\n- name: Ann\n  role: reviewer\n  password: $argon2id$x\n- name: Ann\n"
                          "  role: reader\n  password: $argon2id$y\n")
    with pytest.raises(YamlError) as e:
        load_accounts(ws)
    assert e.value.problem.line == 5 and "twice" in e.value.problem.message
    write(ws, USERS_FILE, "users:\n- name: Ann\n  role: [reviewer\n")
    with pytest.raises(YamlError) as e:
        has_accounts(ws)  # never "no account": a caller could take that for an open workspace
    assert e.value.problem.path == USERS_FILE and e.value.problem.line >= 3


def test_a_writer_never_writes_over_a_file_it_cannot_read_nor_drops_what_it_does_not_know(ws: Path) -> None:
    broken = "users:\n- name: Ann\n  role: boss\n  password: $argon2id$x\n"
    write(ws, USERS_FILE, broken)
    with pytest.raises(YamlError, match="'boss' is not one of"):
        AccountStore(ws).add("Ben", "reader", PASSWORD)
    assert (ws / USERS_FILE).read_text() == broken
    write(ws, USERS_FILE, "users:\n- name: Ann\n  role: reader\n  password: $argon2id$x\n  email: ann@example.org\n")
    AccountStore(ws).add("Ben", "reader", PASSWORD)
    assert "email: ann@example.org" in (ws / USERS_FILE).read_text()
    assert AccountStore(ws).verify("Ann", "anything12") is None  # a hash that is not one fails its sign-in only


def test_two_stores_adding_at_once_lose_nothing(ws: Path) -> None:
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def adder(prefix: str) -> None:
        try:
            store = AccountStore(ws)
            start.wait()
            for i in range(8):
                store.add(f"{prefix}{i}", "reviewer", PASSWORD)
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=adder, args=(p,)) for p in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(load_accounts(ws)) == sorted(f"{p}{i}" for p in "ab" for i in range(8))


# ---- the command line ------------------------------------------------------------------------


def test_cli_add_with_password_list_password_remove(ws: Path) -> None:
    code, out, _ = users(ws, "add", "Aigerim Bekova", "--role", "reviewer", "--password", PASSWORD)
    assert code == 0 and "added account Aigerim Bekova (reviewer)" in out
    code, out, _ = users(ws, "add", "Ben", "--role", "approver", "--password", PASSWORD, "--format", "json")
    assert code == 0 and json.loads(out)["role"] == "approver"
    code, out, _ = users(ws, "list")
    assert code == 0 and "Aigerim Bekova" in out and "approver" in out and "argon2" not in out
    code, out, _ = users(ws, "list", "--format", "json")
    rows = json.loads(out)
    assert [(r["name"], r["role"]) for r in rows] == [("Aigerim Bekova", "reviewer"), ("Ben", "approver")]
    assert all(set(r) == {"name", "role", "created"} for r in rows)
    code, _, _ = users(ws, "password", "Ben", "--password", "newsecret22")
    assert code == 0 and AccountStore(ws).verify("Ben", "newsecret22") is not None
    code, out, _ = users(ws, "remove", "Ben")
    assert code == 0 and "removed account Ben" in out and list(load_accounts(ws)) == ["Aigerim Bekova"]


def test_cli_prompts_for_the_password_twice_without_showing_it(ws: Path) -> None:
    code, out, _ = users(ws, "add", "Ann", "--role", "reader", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert code == 0 and "Repeat for confirmation" in out and PASSWORD not in out
    assert AccountStore(ws).verify("Ann", PASSWORD) is not None
    code, out, _ = users(ws, "password", "Ann", input="newsecret22\nnewsecret22\n")
    assert code == 0 and AccountStore(ws).verify("Ann", "newsecret22") is not None


def test_cli_errors_are_one_line_and_exit_2(ws: Path) -> None:
    users(ws, "add", "Ann", "--role", "reader", "--password", PASSWORD)
    for args, why in [(("add", "ann", "--role", "reader"), "only by case"),  # said before any prompt
                      (("add", "Ben", "--role", "reader", "--password", "short"), "at least 10 characters"),
                      (("remove", "Nobody"), "no account 'Nobody'"),
                      (("password", "Nobody"), "no account 'Nobody'")]:
        code, out, err = users(ws, *args)
        assert code == 2 and err.startswith("gapkit: ") and why in err and "Traceback" not in err, args
        assert "Password" not in out
    code, _, err = users(ws, "add", "Ben", "--role", "boss", "--password", PASSWORD)
    assert code == 2 and "'boss' is not one of" in err


def test_gapkit_check_reports_a_broken_users_file(ws: Path) -> None:
    def check() -> tuple[int, list[str]]:
        result = CliRunner().invoke(main, ["check", "--format", "json", "--workspace", str(ws)])
        return result.exit_code, [f"{p['path']}:{p['line']}: {p['message']}" for p in json.loads(result.stdout)]

    AccountStore(ws).add("Ann", "reviewer", PASSWORD)
    assert check() == (0, [])
    write(ws, USERS_FILE, "users:\n"
                          "- name: Ann\n  role: reviewer\n  password: plaintextpw1\n"
                          "- name: Ben\n  role: boss\n  password: $argon2id$v=19$x\n"
                          "- name: Ann\n  role: reader\n  password: $argon2id$v=19$y\n")
    code, problems = check()
    assert code == 1
    assert any(p.startswith("users.yaml:2: Ann: password is not an argon2 hash") for p in problems)
    assert any(p.startswith("users.yaml:5: Ben: role 'boss' is not one of reader, reviewer, approver")
               for p in problems)
    assert any(p.startswith("users.yaml:8: Ann: the name is there twice (first at line 2)") for p in problems)
    assert not any("plaintextpw1" in p for p in problems)  # a password typed in clear is never repeated
    write(ws, USERS_FILE, "users:\n- name: Ann\n  role: [reviewer\n")
    code, problems = check()
    assert code == 1 and problems and problems[0].startswith("users.yaml:") and "invalid YAML" in problems[0]


def test_roles_say_what_each_may_do() -> None:
    assert [r for r in Role if r.can_decide] == [Role.REVIEWER, Role.APPROVER]
    assert [r for r in Role if r.can_approve] == [Role.APPROVER]
    assert Role("reader") == "reader" and not Role.READER.can_decide
