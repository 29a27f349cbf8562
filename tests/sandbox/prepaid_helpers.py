"""Helpers for the prepaid API tests: paths, the demo lines, paying a top-up."""

from __future__ import annotations

import itertools

import httpx

from tests.sandbox.conftest import ACCOUNTS
from tests.sandbox.payment_helpers import PAYMENTS, tokenize

PREPAY = "/tmf-api/prepayBalanceManagement/v4"
BUCKETS = f"{PREPAY}/bucket"
TOPUPS = f"{PREPAY}/topupBalance"
TRANSFERS = f"{PREPAY}/transferBalance"
OFFER = f"{PREPAY}/balanceAdvance/offer"
ADVANCES = f"{PREPAY}/balanceAdvance"
HISTORY = f"{PREPAY}/balanceActionHistory"
NUMBER_CHECK = f"{PREPAY}/numberCheck"
CATALOG = f"{PREPAY}/prepaidCatalog"
USAGE = "/tmf-api/usageConsumption/v4/usageConsumptionReport"
MESSAGES = "/tmf-api/communicationManagement/v4/communicationMessage"

ANDRES_LINE = "+593991234567"
ROSA_LINE = "+18095550123"
CAMILA_PREPAID = "+573209876543"
EC_RECEIVER = "+593987654321"  # a prepaid line of someone else (the registry)
EC_POSTPAID = "+593984445566"
CO_RECEIVER = "+573151234567"
PE_NUMBER = "+51912345678"

_keys = itertools.count(1)


def key() -> str:
    return f"prepaid-key-{next(_keys):06d}"


async def prepaid_account(client: httpx.AsyncClient, headers: dict[str, str]) -> tuple[dict, dict]:
    """The caller's prepaid account and its line."""
    accounts = (await client.get(ACCOUNTS, headers=headers)).json()
    account = next(a for a in accounts if a["accountType"] == "prepaid")
    return account, account["lines"][0] if "lines" in account else {}


async def line_id(client: httpx.AsyncClient, headers: dict[str, str]) -> str:
    account, line = await prepaid_account(client, headers)
    return line["id"]


def topup_body(account_id: str, number: str, value: float, unit: str, method: dict, k: str) -> dict:
    amount = {"unit": unit, "value": value}
    return {
        "correlatorId": k,
        "account": {"id": account_id},
        "amount": amount,
        "paymentItem": [{"item": {"id": number}, "amount": amount, "itemType": "topupBalance"}],
        "paymentMethod": method,
    }


async def top_up(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    account_id: str,
    number: str,
    value: float,
    unit: str,
    last_four: str = "1111",
) -> httpx.Response:
    card = await tokenize(client, headers, last_four)
    k = key()
    body = topup_body(
        account_id, number, value, unit, {"@type": "tokenizedCard", "id": card["id"]}, k
    )
    return await client.post(PAYMENTS, headers={**headers, "Idempotency-Key": k}, json=body)


async def balance(client: httpx.AsyncClient, headers: dict[str, str], line: str) -> float:
    buckets = (await client.get(BUCKETS, headers=headers, params={"product.id": line})).json()
    money = next(b for b in buckets if b["usageType"] == "monetary")
    return money["remainingValue"]["amount"]
