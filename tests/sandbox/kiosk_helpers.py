"""Helpers for the kiosk tests: staff sign-in, shifts, the lookup and cash payments."""

from __future__ import annotations

import itertools
from decimal import Decimal

import httpx

from miclaro_tui.sandbox.kiosk_staff import DEMO_STAFF
from tests.sandbox.conftest import bearer
from tests.sandbox.payment_helpers import PAYMENTS

SHIFTS = "/kioskShift"
LOOKUP = "/kioskLookup"
REFUNDS = "/tmf-api/paymentManagement/v4/refund"
STAFF_PASSWORDS = {staff.username: staff.password for staff in DEMO_STAFF}
CAMILA_LINE = "3001234567"

_keys = itertools.count(1)


def key(prefix: str = "kiosk") -> str:
    return f"{prefix}-{next(_keys):06d}"


async def staff_headers(client: httpx.AsyncClient, username: str = "cajero") -> dict[str, str]:
    response = await client.post(
        "/auth/token", json={"username": username, "password": STAFF_PASSWORDS[username]}
    )
    assert response.status_code == 200, response.text
    assert response.json()["role"] in {"operator", "supervisor"}
    return bearer(response.json())


async def open_shift(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    terminal: str = "CAJA-01",
    counts: list[dict] | None = None,
) -> dict:
    counts = (
        [{"value": 50000, "count": 2}, {"value": 1000, "count": 10}] if counts is None else counts
    )
    response = await client.post(
        SHIFTS,
        headers={**headers, "Idempotency-Key": key("open")},
        json={"terminalId": terminal, "openingCount": counts},
    )
    assert response.status_code == 201, response.text
    return response.json()


async def lookup(client: httpx.AsyncClient, headers: dict[str, str], **query: str) -> dict:
    response = await client.get(LOOKUP, headers=headers, params=query or {"line": CAMILA_LINE})
    assert response.status_code == 200, response.text
    return response.json()


def cash_body(
    bill: dict, shift_id: str, amount: Decimal | int | str, cash: Decimal | int | str, k: str
) -> dict:
    unit = bill["amountDue"]["unit"]
    value = float(Decimal(str(amount)))
    return {
        "correlatorId": k,
        "account": {"id": bill["account"]["id"]},
        "amount": {"unit": unit, "value": value},
        "paymentItem": [
            {"item": {"id": bill["bill"]["id"]}, "amount": {"unit": unit, "value": value}}
        ],
        "paymentMethod": {
            "@type": "cash",
            "shift": {"id": shift_id},
            "cashReceived": {"unit": unit, "value": float(Decimal(str(cash)))},
        },
    }


async def pay_cash(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    bill: dict,
    shift_id: str,
    amount: Decimal | int | str,
    cash: Decimal | int | str,
) -> httpx.Response:
    k = key("cash")
    return await client.post(
        PAYMENTS,
        headers={**headers, "Idempotency-Key": k},
        json=cash_body(bill, shift_id, amount, cash, k),
    )


def round_up(value: object, to: int = 50000) -> int:
    amount = Decimal(str(value))
    return int((amount // to + 1) * to)
