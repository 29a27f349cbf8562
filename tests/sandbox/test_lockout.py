"""The sign-in lock does not tell who exists: an unknown login counts failures and locks
exactly like a real one (same status, code, message, Retry-After, and the same work: one slow
hash and one write per attempt). A lock is per login and short, and whoever locks an account
cannot lock its owner out of a remembered session."""

from __future__ import annotations

import pytest

from miclaro_tui.sandbox import auth
from tests.sandbox.conftest import ACCOUNTS, FrozenClock, assert_api_error, bearer, token_for


async def attempts(client, username: str, count: int) -> list:
    return [
        await client.post("/auth/token", json={"username": username, "password": "wrong"})
        for _ in range(count)
    ]


def shape(response) -> tuple:
    return response.status_code, response.json(), response.headers.get("Retry-After")


@pytest.mark.parametrize("unknown", ["nadie", "3009999999", "nobody@example.com"])
async def test_an_unknown_login_locks_exactly_like_a_real_one(client, unknown):
    real = await attempts(client, "joao", 6)
    fake = await attempts(client, unknown, 6)
    assert [shape(r) for r in real] == [shape(r) for r in fake]
    assert [r.status_code for r in fake] == [401] * 4 + [403] * 2
    assert_api_error(fake[-1], 403, "accountLocked")


async def test_every_attempt_checks_one_slow_hash(client, monkeypatch):
    checked: list[bytes] = []
    real_verify = auth.verify_password

    def counting(password: str, salt: bytes, expected: bytes) -> bool:
        checked.append(salt)
        return real_verify(password, salt, expected)

    monkeypatch.setattr(auth, "verify_password", counting)
    for username in ("joao", "nadie"):
        await attempts(client, username, 7)  # 4 failures, the lock, then 2 while locked
    dummy = auth._DUMMY_SALT
    # joao's own hash for his 5 failures; then, locked, the same dummy hash an unknown gets.
    assert len(set(checked[:5])) == 1 and checked[0] != dummy
    assert checked[5:] == [dummy] * 9


async def test_unknown_names_are_counted_by_their_folded_form_and_not_kept_as_typed(client, app):
    for username in ("Nadie", "nadie ", " NADIE", "nadie", "nAdie"):
        response = await client.post(
            "/auth/token", json={"username": username, "password": "my secret"}
        )
    assert_api_error(response, 403, "accountLocked")
    with app.state.store.read() as conn:
        logins = [row[0] for row in conn.execute("SELECT login FROM sign_in_failure")]
    assert len(logins) == 1 and logins[0].startswith("unknown:")
    assert "nadie" not in logins[0].lower() and "secret" not in logins[0]


async def test_the_lock_is_short_and_per_login(client, clock: FrozenClock):
    locked = (await attempts(client, "lucia", 5))[-1]
    assert_api_error(locked, 403, "accountLocked")
    assert locked.headers["Retry-After"] == str(auth.LOCK_SECONDS)
    assert (await token_for(client, "joao"))["username"] == "joao"  # others are not locked
    clock.advance(auth.LOCK_SECONDS)
    assert (await token_for(client, "lucia"))["username"] == "lucia"


async def test_failures_far_apart_do_not_add_up(client, clock: FrozenClock):
    for _ in range(4):
        await attempts(client, "lucia", 1)
        clock.advance(auth.FAILURE_WINDOW_SECONDS + 1)
    assert [r.status_code for r in await attempts(client, "lucia", 4)] == [401] * 4


async def test_the_owner_keeps_a_remembered_session_while_locked_out(client):
    remembered = await token_for(client, "camila")
    locked = (await attempts(client, "camila", 5))[-1]
    assert_api_error(locked, 403, "accountLocked")
    refreshed = await client.post(
        "/auth/refresh", json={"refresh_token": remembered["refresh_token"]}
    )
    assert refreshed.status_code == 200
    accounts = await client.get(ACCOUNTS, headers=bearer(refreshed.json()))
    assert accounts.status_code == 200
