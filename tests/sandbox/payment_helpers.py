"""Helpers for the payment tests: test card numbers, tokenising, paying, reading bills."""

from __future__ import annotations

import itertools
from decimal import Decimal

import httpx
from stdnum import luhn

from tests.sandbox.conftest import ACCOUNTS, BILLS, RATES

METHODS = "/tmf-api/paymentMethods/v4/paymentMethod"
PAYMENTS = "/tmf-api/paymentManagement/v4/payment"
REPORTS = "/tmf-api/paymentManagement/v4/paymentReport"
PROMISES = "/tmf-api/paymentManagement/v4/paymentPromise"

_keys = itertools.count(1)


def card_number(prefix: str, last_four: str, length: int = 16) -> str:
    """A Luhn-valid number with this BIN prefix and these last four digits."""
    filler = "3" * (length - len(prefix) - 5)
    for digit in "0123456789":
        number = prefix + filler + digit + last_four
        if luhn.is_valid(number):
            return number
    raise AssertionError("unreachable: one digit always fixes the checksum")


def new_key() -> str:
    return f"test-key-{next(_keys):06d}"


async def tokenize(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    last_four: str = "1111",
    *,
    prefix: str = "4539",
    cvv: str = "123",
    expiry: str = "12/2028",
    length: int = 16,
) -> dict:
    response = await client.post(
        METHODS,
        headers=headers,
        json={
            "@type": "bankCard",
            "nameOnCard": "Camila Rodriguez",
            "cardNumber": card_number(prefix, last_four, length),
            "expirationDate": expiry,
            "cvv": cvv,
        },
    )
    assert response.status_code == 201, response.text
    return response.json()


async def postpaid(client: httpx.AsyncClient, headers: dict[str, str]) -> tuple[dict, list[dict]]:
    """The caller's postpaid account and its bills, newest first."""
    accounts = (await client.get(ACCOUNTS, headers=headers)).json()
    account = next(a for a in accounts if a["accountType"] == "postpaid")
    bills = (
        await client.get(BILLS, headers=headers, params={"billingAccount.id": account["id"]})
    ).json()
    return account, bills


def payment_body(
    account: dict,
    pays: list[tuple[dict, Decimal | str | float]],
    method: dict,
    key: str | None = None,
) -> dict:
    unit = account["currency"]
    items = [
        {"item": {"id": bill["id"]}, "amount": {"unit": unit, "value": float(Decimal(str(v)))}}
        for bill, v in pays
    ]
    total = sum((Decimal(str(v)) for _, v in pays), Decimal(0))
    return {
        "correlatorId": key or new_key(),
        "account": {"id": account["id"]},
        "amount": {"unit": unit, "value": float(total)},
        "paymentItem": items,
        "paymentMethod": method,
    }


def card_method(token: dict) -> dict:
    return {"@type": "tokenizedCard", "id": token["id"]}


def pse_method(document: str = "1020304050", bank: str = "1007") -> dict:
    return {
        "@type": "bankAccountTransfer",
        "bank": bank,
        "documentType": "CC",
        "documentNumber": document,
    }


async def pay(
    client: httpx.AsyncClient, headers: dict[str, str], body: dict, key: str | None = None
) -> httpx.Response:
    return await client.post(
        PAYMENTS, headers={**headers, "Idempotency-Key": key or body["correlatorId"]}, json=body
    )


async def bill(client: httpx.AsyncClient, headers: dict[str, str], bill_id: str) -> dict:
    response = await client.get(f"{BILLS}/{bill_id}", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def account_of(client: httpx.AsyncClient, headers: dict[str, str], account_id: str) -> dict:
    return (await client.get(f"{ACCOUNTS}/{account_id}", headers=headers)).json()


async def items_of(client: httpx.AsyncClient, headers: dict[str, str], bill_id: str) -> list[dict]:
    return (await client.get(RATES, headers=headers, params={"bill.id": bill_id})).json()


def balance(account: dict, kind: str) -> Decimal:
    for item in account["accountBalance"]:
        if item["balanceType"] == kind:
            return Decimal(str(item["amount"]["value"]))
    return Decimal(0)


def value(money: dict) -> Decimal:
    return Decimal(str(money["value"]))
