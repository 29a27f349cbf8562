"""Fixtures for the sandbox API tests: the app on a copy of the seeded database, a frozen wall
clock for token expiry and the sign-in lock, and an in-process httpx client."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from miclaro_tui.sandbox.app import create_app
from miclaro_tui.sandbox.demo import DEMO_USERS
from miclaro_tui.sandbox.seeding import LARGE_ENV
from tests.conftest import TODAY

ACCOUNTS = "/tmf-api/accountManagement/v4/billingAccount"
BILLS = "/tmf-api/customerBillManagement/v4/customerBill"
RATES = "/tmf-api/customerBillManagement/v4/appliedCustomerBillingRate"
PASSWORDS = {user.username: user.password for user in DEMO_USERS}

SignIn = Callable[..., Awaitable[dict[str, str]]]


class FrozenClock:
    """Unix seconds that only move when a test says so."""

    def __init__(self) -> None:
        self.now = 1_795_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(autouse=True)
def no_large_customer(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's MICLARO_SANDBOX_LARGE=1 would seed 24,000 bills into every test's copy."""
    monkeypatch.delenv(LARGE_ENV, raising=False)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
def app(sandbox_db: Path, clock: FrozenClock) -> FastAPI:
    # sandbox_db (tests/conftest.py) is a copy of a database seeded once per session.
    return create_app(sandbox_db, TODAY, clock=clock)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        yield client


async def token_for(client: httpx.AsyncClient, username: str, password: str | None = None) -> dict:
    response = await client.post(
        "/auth/token", json={"username": username, "password": password or PASSWORDS[username]}
    )
    assert response.status_code == 200, response.text
    return response.json()


def bearer(tokens: dict) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


@pytest.fixture
def sign_in(client: httpx.AsyncClient) -> SignIn:
    """Sign in a demo user and return the Authorization header."""

    async def _sign_in(username: str = "camila") -> dict[str, str]:
        return bearer(await token_for(client, username))

    return _sign_in


def assert_api_error(response: httpx.Response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["reason"] and body["message"]
    assert set(body) <= {"code", "reason", "message", "status", "field"}
    return body
