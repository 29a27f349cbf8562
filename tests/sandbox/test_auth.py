"""Sign-in, lock-out, token rotation and sign-out."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from miclaro_tui.models import TokenResponse
from tests.sandbox.conftest import (
    ACCOUNTS,
    PASSWORDS,
    FrozenClock,
    assert_api_error,
    bearer,
    token_for,
)


@pytest.mark.parametrize(
    ("identifier", "username"),
    [
        ("camila", "camila"),
        ("CAMILA", "camila"),
        ("+57 300 123 4567", "camila"),
        ("573001234567", "camila"),
        ("3104567890", "camila"),  # second postpaid line, national format
        ("320 987 6543", "camila"),  # prepaid line
        ("1020304050", "camila"),  # CC
        ("529.982.247-25", "joao"),  # CPF as printed
        ("52998224725", "joao"),
        ("(11) 99876-5432", "joao"),
        ("45871236", "lucia"),  # DNI
        ("0991234567", "andres"),  # Ecuadorian national format with trunk 0
        ("001-1234567-3", "rosa"),  # cédula
    ],
)
async def test_sign_in_by_username_line_or_document(client, identifier, username):
    response = await client.post(
        "/auth/token", json={"username": identifier, "password": PASSWORDS[username]}
    )
    assert response.status_code == 200, response.text
    tokens = TokenResponse.model_validate(response.json())
    assert tokens.username == username
    assert tokens.token_type == "Bearer"
    assert tokens.expires_in == 15 * 60
    accounts = await client.get(ACCOUNTS, headers=bearer(response.json()))
    assert accounts.status_code == 200


async def test_wrong_password_and_unknown_user_look_the_same(client):
    wrong = await client.post("/auth/token", json={"username": "camila", "password": "nope"})
    unknown = await client.post("/auth/token", json={"username": "nadie", "password": "nope"})
    body_wrong = assert_api_error(wrong, 401, "invalidCredentials")
    body_unknown = assert_api_error(unknown, 401, "invalidCredentials")
    assert body_wrong == body_unknown


async def test_five_failures_lock_the_login_for_5_minutes(client, clock: FrozenClock):
    for _ in range(4):
        response = await client.post("/auth/token", json={"username": "joao", "password": "x"})
        assert_api_error(response, 401, "invalidCredentials")
    fifth = await client.post("/auth/token", json={"username": "joao", "password": "x"})
    body = assert_api_error(fifth, 403, "accountLocked")
    assert fifth.headers["Retry-After"] == "300"
    assert "5 min" in body["message"]

    # Even the right password is refused while locked, by line number too.
    clock.advance(200)
    right = await client.post(
        "/auth/token", json={"username": "+5511998765432", "password": "joao2026"}
    )
    assert_api_error(right, 403, "accountLocked")
    assert right.headers["Retry-After"] == "100"

    clock.advance(101)
    assert (await token_for(client, "joao"))["username"] == "joao"


async def test_a_success_resets_the_failure_count(client):
    for _ in range(4):
        await client.post("/auth/token", json={"username": "lucia", "password": "x"})
    await token_for(client, "lucia")
    for _ in range(4):
        response = await client.post("/auth/token", json={"username": "lucia", "password": "x"})
        assert_api_error(response, 401, "invalidCredentials")


async def test_concurrent_failures_lock_exactly_once(client):
    attempts = [
        client.post("/auth/token", json={"username": "camila", "password": f"bad{i}"})
        for i in range(5)
    ]
    statuses = sorted(response.status_code for response in await asyncio.gather(*attempts))
    assert statuses == [401, 401, 401, 401, 403]


async def test_the_lock_is_per_customer(client):
    for _ in range(5):
        await client.post("/auth/token", json={"username": "joao", "password": "x"})
    assert (await token_for(client, "camila"))["username"] == "camila"


async def test_refresh_rotates_the_refresh_token(client):
    first = await token_for(client, "camila")
    response = await client.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert response.status_code == 200, response.text
    second = response.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]
    assert (await client.get(ACCOUNTS, headers=bearer(second))).status_code == 200

    # The spent refresh token no longer works, and presenting it revokes the session.
    again = await client.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert_api_error(again, 401, "invalidToken")
    assert_api_error(await client.get(ACCOUNTS, headers=bearer(second)), 401, "invalidToken")
    rotated = await client.post("/auth/refresh", json={"refresh_token": second["refresh_token"]})
    assert_api_error(rotated, 401, "invalidToken")


async def test_refresh_keeps_working_after_the_access_token_expires(client, clock):
    tokens = await token_for(client, "lucia")
    clock.advance(15 * 60 + 1)
    assert_api_error(await client.get(ACCOUNTS, headers=bearer(tokens)), 401, "invalidToken")
    response = await client.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert response.status_code == 200
    assert (await client.get(ACCOUNTS, headers=bearer(response.json()))).status_code == 200


async def test_refresh_token_expires_after_30_days(client, clock):
    tokens = await token_for(client, "lucia")
    clock.advance(30 * 24 * 3600 + 1)
    response = await client.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert_api_error(response, 401, "invalidToken")


async def test_logout_revokes_access_and_refresh_tokens(client):
    tokens = await token_for(client, "camila")
    other = await token_for(client, "camila")  # another session of the same customer
    response = await client.post("/auth/logout", headers=bearer(tokens))
    assert response.status_code == 204
    assert_api_error(await client.get(ACCOUNTS, headers=bearer(tokens)), 401, "invalidToken")
    refresh = await client.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert_api_error(refresh, 401, "invalidToken")
    assert (await client.get(ACCOUNTS, headers=bearer(other))).status_code == 200


async def test_logout_with_only_the_refresh_token(client, clock):
    tokens = await token_for(client, "joao")
    clock.advance(16 * 60)  # the access token has expired
    response = await client.post("/auth/logout", json={"refresh_token": tokens["refresh_token"]})
    assert response.status_code == 204
    refresh = await client.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert_api_error(refresh, 401, "invalidToken")


async def test_logout_without_any_token_is_refused(client):
    assert_api_error(await client.post("/auth/logout"), 401, "invalidToken")


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic Y2FtaWxhOng="}],
)
async def test_missing_or_invalid_token(client: httpx.AsyncClient, headers):
    response = await client.get(ACCOUNTS, headers=headers)
    assert_api_error(response, 401, "invalidToken")
    assert response.headers["WWW-Authenticate"] == "Bearer"


async def test_tokens_are_stored_hashed(client, app):
    tokens = await token_for(client, "camila")
    with app.state.store.read() as conn:
        stored = {row["hash"] for row in conn.execute("SELECT hash FROM token")}
    assert tokens["access_token"] not in stored
    assert tokens["refresh_token"] not in stored
    assert len(stored) == 2
