"""The bad-input table: every string field of every request x NUL / a bidi override / 1 MB /
an emoji, every amount x negative / 0 / 1e30 / NaN / a string / 3 decimals, offsets of 2^63.
No answer is a 500, and a refused request changes nothing in the database."""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from tests.conftest import TODAY
from tests.sandbox.conftest import ACCOUNTS, BILLS, RATES
from tests.sandbox.payment_helpers import (
    METHODS,
    PAYMENTS,
    PROMISES,
    REPORTS,
    card_number,
    postpaid,
    tokenize,
)

NUL, BIDI, HUGE, EMOJI = "Cami\x00la", "Camila \u202eRODRIGUEZ", "x" * 1_000_000, "Camila 😀"
STRINGS = {"NUL": NUL, "bidi": BIDI, "1MB": HUGE, "emoji": EMOJI}
AMOUNTS = {
    "negative": -1,
    "zero": 0,
    "1e30": 1e30,
    "NaN": float("nan"),
    "string": "1",
    "3 decimals": 1.005,
}
# Answers that record something by design even though the request was refused.
RECORDS_BY_DESIGN = {("/auth/token", 401), ("/auth/token", 403), (PAYMENTS, 402)}


def database_digest(app) -> str:
    """A digest of every table but idempotency_key: a refused payment's answer is kept there
    on purpose, so that a retry with its key gets the same refusal."""
    digest = hashlib.sha256()
    with app.state.store.read() as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'idempotency_key'"
                " ORDER BY name"
            )
        ]
        for table in tables:
            for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid'):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def replaced(body: dict, path: tuple, value: Any) -> dict:
    changed = copy.deepcopy(body)
    target = changed
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return changed


class Table:
    """Sends each case and collects what went wrong, to report all of them at once."""

    def __init__(self, client: httpx.AsyncClient, app) -> None:
        self.client, self.app = client, app
        self.problems: list[str] = []
        self.sent = 0

    async def check(self, label: str, method: str, url: str, route: str, **kwargs) -> None:
        before = database_digest(self.app)
        response = await self.client.request(method, url, **kwargs)
        self.sent += 1
        status = response.status_code
        if status >= 500:
            self.problems.append(f"{label}: {status} {response.text[:200]}")
        elif status >= 400:
            body = response.json()
            if body.get("status") != status or not body.get("code"):
                self.problems.append(f"{label}: {status} not in the error shape")
            if (route, status) not in RECORDS_BY_DESIGN and database_digest(self.app) != before:
                self.problems.append(f"{label}: refused with {status} but changed the database")

    def assert_clean(self, at_least: int) -> None:
        assert self.sent >= at_least
        assert self.problems == [], "\n".join(self.problems)


@pytest.fixture
async def ready(client, sign_in, app):
    """camila signed in, her postpaid account and an unpaid bill, a card token, valid bodies."""
    headers = await sign_in("camila")
    account, bills = await postpaid(client, headers)
    bill = next(b for b in bills if b["state"] in ("new", "sent", "partiallyPaid"))
    overdue = next(
        b
        for b in bills
        if b["paymentDueDate"][:10] < TODAY.isoformat()
        and b["state"] in ("new", "sent", "partiallyPaid")
    )
    card = await tokenize(client, headers)
    money = {"unit": "COP", "value": 1000}
    bodies: dict[str, tuple[str, Callable[[], dict]]] = {
        "/auth/token": ("/auth/token", lambda: {"username": "camila", "password": "camila2026"}),
        "/auth/refresh": ("/auth/refresh", lambda: {"refresh_token": "a" * 43}),
        "/auth/logout": ("/auth/logout", lambda: {"refresh_token": "a" * 43}),
        METHODS: (
            METHODS,
            lambda: {
                "@type": "bankCard",
                "nameOnCard": "Camila Rodriguez",
                "cardNumber": card_number("4539", "1111"),
                "expirationDate": "12/2030",
                "cvv": "123",
                "cardType": "credit",
            },
        ),
        PAYMENTS: (
            PAYMENTS,
            lambda: {
                "correlatorId": "bad-input-0001",
                "account": {"id": account["id"]},
                "amount": dict(money),
                "paymentItem": [{"item": {"id": bill["id"]}, "amount": dict(money)}],
                "paymentMethod": {"@type": "tokenizedCard", "id": card["id"]},
                "channel": {"id": "kiosk-1", "name": "Kiosk 1"},
            },
        ),
        "PSE": (
            PAYMENTS,
            lambda: {
                "correlatorId": "bad-input-0001",
                "account": {"id": account["id"]},
                "amount": dict(money),
                "paymentItem": [{"item": {"id": bill["id"]}, "amount": dict(money)}],
                "paymentMethod": {
                    "@type": "bankAccountTransfer",
                    "bank": "1007",
                    "documentType": "CC",
                    "documentNumber": "1020304050",
                },
            },
        ),
        REPORTS: (
            REPORTS,
            lambda: {
                "bill": {"id": bill["id"]},
                "amount": dict(money),
                "paymentDate": TODAY.isoformat(),
                "channel": "bank",
                "reference": "REF-12345",
            },
        ),
        PROMISES: (
            PROMISES,
            lambda: {
                "bill": {"id": overdue["id"]},
                "promisedDate": TODAY.replace(day=28).isoformat(),
            },
        ),
        "send": (f"{BILLS}/{bill['id']}/send", lambda: {"email": "camila@example.com"}),
    }
    return headers, account, bill, bodies


def string_paths(body: Any, prefix: tuple = ()) -> list[tuple]:
    """The path of every string in a JSON body."""
    if isinstance(body, dict):
        return [p for key, value in body.items() for p in string_paths(value, (*prefix, key))]
    if isinstance(body, list):
        return [p for i, value in enumerate(body) for p in string_paths(value, (*prefix, i))]
    return [prefix] if isinstance(body, str) else []


async def test_every_string_field_of_every_body(client, app, ready):
    headers, _account, _bill, bodies = ready
    table = Table(client, app)
    keys = iter(range(10_000))
    for name, (url, make) in bodies.items():
        route = PAYMENTS if name == "PSE" else url
        for path in string_paths(make()):
            for label, bad in STRINGS.items():
                body = replaced(make(), path, bad)
                extra = {}
                if route == PAYMENTS:
                    key = f"bad-input-{next(keys):06d}"
                    if path != ("correlatorId",):
                        body["correlatorId"] = key
                    extra = {"Idempotency-Key": key}
                await table.check(
                    f"{name} {'.'.join(map(str, path))} x {label}",
                    "POST",
                    url,
                    route,
                    json=body,
                    headers={**headers, **extra},
                )
    table.assert_clean(at_least=140)


async def test_every_amount_of_every_body(client, app, ready):
    headers, _account, _bill, bodies = ready
    table = Table(client, app)
    keys = iter(range(10_000))
    places = {
        PAYMENTS: [("amount", "value"), ("paymentItem", 0, "amount", "value")],
        REPORTS: [("amount", "value")],
    }
    for url, paths in places.items():
        for path in paths:
            for label, bad in AMOUNTS.items():
                body = replaced(bodies[url][1](), path, bad)
                extra = {}
                if url == PAYMENTS:
                    body["correlatorId"] = key = f"bad-amount-{next(keys):06d}"
                    extra = {"Idempotency-Key": key}
                # NaN as the bare JSON token NaN, as a careless client writes it.
                await table.check(
                    f"{url} {'.'.join(map(str, path))} x {label}",
                    "POST",
                    url,
                    url,
                    content=json.dumps(body).encode(),
                    headers={**headers, **extra, "Content-Type": "application/json"},
                )
    table.assert_clean(at_least=18)


async def test_every_query_and_path_string(client, app, ready):
    headers, account, bill, _bodies = ready
    table = Table(client, app)
    # A URL holds at most 64 KiB (httpx's cap; uvicorn refuses far less): the longest then.
    strings = {**STRINGS, "1MB": "x" * 65_000}
    queries = {
        BILLS: ["state", "sort", "billingAccount.id", "paymentDueDate.lt", "billDate.gte"],
        PAYMENTS: ["account.id", "correlatorId"],
        RATES: ["bill.id"],
    }
    for url, names in queries.items():
        for name in names:
            for label, bad in strings.items():
                await table.check(
                    f"GET {url}?{name} x {label}",
                    "GET",
                    url,
                    url,
                    params={name: bad},
                    headers=headers,
                )
        for offset in (2**63, 2**63 + 1, -(2**63) - 1):
            await table.check(
                f"GET {url}?offset={offset}",
                "GET",
                url,
                url,
                params={"offset": offset},
                headers=headers,
            )
    for url in (f"{ACCOUNTS}/", f"{BILLS}/", f"{PAYMENTS}/", f"{RATES}/"):
        for label, bad in strings.items():
            await table.check(
                f"GET {url}{{id}} x {label}", "GET", url + quote(bad, safe=""), url, headers=headers
            )
    for label, bad in STRINGS.items():
        if label != "1MB":  # a header of 1 MB is the HTTP server's to refuse, not the app's
            await table.check(
                f"Idempotency-Key x {label}",
                "POST",
                PAYMENTS,
                PAYMENTS,
                json={},
                headers={**headers, "Idempotency-Key": bad.encode()},
            )
    table.assert_clean(at_least=60)
