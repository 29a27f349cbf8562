"""SIGKILL mid-burst: `miclaro sandbox serve` is killed twice while payments are in flight,
each time right after an Idempotency-Key claim committed and before its answer was stored (a
fault hook, not luck). Retrying every key against the restarted server loses no payment,
duplicates none, and leaves no key in flight once the lease has run out."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from tests.e2e.test_real_http import free_port
from tests.sandbox.payment_helpers import card_number

pytestmark = pytest.mark.e2e

LEASE_SECONDS = 2
PAYMENTS = "/tmf-api/paymentManagement/v4/payment"
BILLS = "/tmf-api/customerBillManagement/v4/customerBill"
ACCOUNTS = "/tmf-api/accountManagement/v4/billingAccount"
KEYS = [f"sigkill-key-{n:04d}" for n in range(8)]


class Server:
    def __init__(self, db: Path, fault: str | None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(
            os.environ, MICLARO_TODAY="2026-11-25", MICLARO_SANDBOX_LEASE_SECONDS=str(LEASE_SECONDS)
        )
        env.pop("MICLARO_SANDBOX_FAULT", None)
        if fault:
            env["MICLARO_SANDBOX_FAULT"] = fault
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "miclaro_tui",
                "sandbox",
                "serve",
                "--port",
                str(self.port),
                "--db",
                str(db),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        self.process.kill()
        raise AssertionError("the sandbox did not start")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
        self.process.wait(timeout=10)


async def burst(url: str, headers: dict, bodies: dict[str, dict]) -> dict[str, httpx.Response]:
    """Send every body at once; return the answers that came back (the rest were cut off)."""
    async with httpx.AsyncClient(base_url=url, timeout=10) as client:

        async def send(key: str) -> httpx.Response | None:
            try:
                return await client.post(
                    PAYMENTS, json=bodies[key], headers={**headers, "Idempotency-Key": key}
                )
            except httpx.TransportError:
                return None

        answers = await asyncio.gather(*(send(key) for key in bodies))
    return {key: a for key, a in zip(bodies, answers, strict=True) if a is not None}


def in_flight(db: Path) -> int:
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute(
            "SELECT count(*) FROM idempotency_key WHERE state = 'inFlight'"
        ).fetchone()[0]


async def test_two_sigkills_mid_burst_lose_and_duplicate_nothing(tmp_path):
    db = tmp_path / "served.sqlite3"
    server = Server(db, fault="kill-after-claim:3")
    signed = httpx.post(
        server.url + "/auth/token", json={"username": "lucia", "password": "lucia2026"}
    ).json()
    headers = {"Authorization": f"Bearer {signed['access_token']}"}
    account = httpx.get(server.url + ACCOUNTS, headers=headers).json()[0]
    bill = httpx.get(
        server.url + BILLS,
        headers=headers,
        params={"billingAccount.id": account["id"], "state": "new,sent,partiallyPaid"},
    ).json()[0]
    owed = Decimal(str(bill["remainingAmount"]["value"]))
    card = httpx.post(
        server.url + "/tmf-api/paymentMethods/v4/paymentMethod",
        headers=headers,
        json={
            "nameOnCard": "Lucia Q",
            "cardNumber": card_number("4539", "1111"),
            "expirationDate": "12/2030",
            "cvv": "123",
        },
    ).json()
    amount = {"unit": "PEN", "value": 1}
    bodies = {
        key: {
            "correlatorId": key,
            "account": {"id": account["id"]},
            "amount": amount,
            "paymentItem": [{"item": {"id": bill["id"]}, "amount": amount}],
            "paymentMethod": {"@type": "tokenizedCard", "id": card["id"]},
        }
        for key in KEYS
    }

    answered: dict[str, httpx.Response] = {}
    # Two kills: the first server dies at its 3rd claim, the second at its 2nd.
    for restart in (False, True):
        if restart:
            server = Server(db, fault="kill-after-claim:2")
        pending = {k: b for k, b in bodies.items() if k not in answered}
        answered.update(
            {
                k: r
                for k, r in (await burst(server.url, headers, pending)).items()
                if r.status_code == 201
            }
        )
        assert server.process.wait(timeout=10) == -signal.SIGKILL
    assert len(answered) < len(KEYS)  # the kills did cut requests off
    assert in_flight(db) >= 1  # the killed claim's key, with no answer behind it

    server = Server(db, fault=None)
    try:
        # Retry every key until it has its answer; a key left in flight by a killed request
        # answers 409 until its lease runs out.
        deadline = time.monotonic() + 10 * LEASE_SECONDS
        first_answers = dict(answered)
        while len(answered) < len(KEYS):
            assert time.monotonic() < deadline, "a key stayed in flight past its lease"
            pending = {k: b for k, b in bodies.items() if k not in answered}
            for key, response in (await burst(server.url, headers, pending)).items():
                if response.status_code != 409:
                    assert response.status_code == 201, response.text
                    answered[key] = response
            if len(answered) < len(KEYS):
                await asyncio.sleep(0.2)
        # Keys answered before a kill replay their first answer byte for byte.
        replays = await burst(server.url, headers, {k: bodies[k] for k in first_answers})
        for key, response in replays.items():
            assert response.content == first_answers[key].content

        ids = set()
        for key in KEYS:
            found = httpx.get(
                server.url + PAYMENTS, headers=headers, params={"correlatorId": key}
            ).json()
            assert len(found) == 1, f"{key}: {len(found)} payments"
            ids.add(found[0]["id"])
        assert len(ids) == len(KEYS)
        after = httpx.get(f"{server.url}{BILLS}/{bill['id']}", headers=headers).json()
        assert Decimal(str(after["remainingAmount"]["value"])) == owed - len(KEYS)
    finally:
        server.stop()
    assert in_flight(db) == 0
