"""The prepaid side of BillingClient against ``httpx.MockTransport``: paths and parameters,
parsing, the Idempotency-Key of transfers and advances (one per call, reused by its retries),
refusals by code, and the guest session (nothing of the payer kept or handed out)."""

from __future__ import annotations

import json
import random
from decimal import Decimal

import httpx
import pytest

from miclaro_tui import api
from miclaro_tui.client import BillingClient
from miclaro_tui.models import (
    BalanceAdvanceCreate,
    GuestSignIn,
    Money,
    Ref,
    TransferBalanceCreate,
)
from tests.unit.test_api_client import BASE, Waits, error, sequence, tokens

PREPAY = "/tmf-api/prepayBalanceManagement/v4"
USD = lambda v: {"unit": "USD", "value": v}  # noqa: E731

TRANSFER = {
    "id": "TRF1",
    "status": "completed",
    "requestedDate": "2026-11-25T10:00:00-05:00",
    "product": {"id": "LN1", "name": "+593991234567"},
    "receiverProduct": {"id": "+593987654321"},
    "amount": USD(2),
    "transferCost": USD(0.1),
    "costOwner": "sender",
    "totalDebited": USD(2.1),
    "receiptNo": "TR-1",
}
ADVANCE = {
    "id": "ADV1",
    "product": {"id": "LN1"},
    "amount": USD(2),
    "fee": USD(0.2),
    "state": "open",
    "createdDate": "2026-11-25T10:00:00-05:00",
    "receiptNo": "AD-1",
}
GUEST = GuestSignIn(
    country="EC",
    number="+593987654321",
    name="María Pérez",
    documentType="CI",
    documentNumber="1712345675",
)


def client(handler, **kwargs) -> BillingClient:
    return BillingClient(
        BASE,
        transport=httpx.MockTransport(handler),
        sleep=Waits(),
        rng=random.Random(1),
        **kwargs,
    )


def transfer_body() -> TransferBalanceCreate:
    return TransferBalanceCreate(
        product=Ref(id="LN1"),
        receiverProduct=Ref(id="+593987654321"),
        amount=Money(unit="USD", value=Decimal(2)),
    )


async def test_reads_go_to_their_paths_with_the_line():
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        path = request.url.path
        if path.endswith("/bucket"):
            bucket = {
                "id": "B",
                "name": "Saldo",
                "usageType": "monetary",
                "remainingValue": {"amount": 7.5, "units": "USD"},
                "initialValue": {"amount": 10, "units": "USD"},
                "status": "active",
                "product": {"id": "LN1"},
            }
            return httpx.Response(200, json=[bucket])
        if path.endswith("/numberCheck"):
            return httpx.Response(
                200, json={"number": "+593987654321", "prepaid": True, "carrier": True}
            )
        return httpx.Response(200, json=[])

    api_client = client(handler)
    buckets = await api_client.list_buckets("LN1")
    assert buckets[0].remainingValue.amount == Decimal("7.5")
    assert (await api_client.check_number("+593987654321")).prepaid
    assert await api_client.list_topups("LN1") == []
    assert await api_client.list_balance_actions("LN1") == []
    assert await api_client.list_messages("+593987654321") == []
    await api_client.aclose()
    assert [(r.url.path, dict(r.url.params)) for r in seen] == [
        (f"{PREPAY}/bucket", {"product.id": "LN1"}),
        (f"{PREPAY}/numberCheck", {"number": "+593987654321"}),
        (f"{PREPAY}/topupBalance", {"product.id": "LN1"}),
        (f"{PREPAY}/balanceActionHistory", {"product.id": "LN1"}),
        (
            "/tmf-api/communicationManagement/v4/communicationMessage",
            {"receiver": "+593987654321"},
        ),
    ]


async def test_a_usage_answer_of_not_one_report_is_a_bad_response():
    handler, _ = sequence(httpx.Response(200, json=[]))
    api_client = client(handler)
    with pytest.raises(api.BadResponseError):
        await api_client.get_usage_report("LN1")
    await api_client.aclose()


async def test_a_transfer_retries_with_one_key_and_parses_the_answer():
    handler, seen = sequence(httpx.ReadError, httpx.Response(201, json=TRANSFER))
    api_client = client(handler)
    made = await api_client.transfer_balance(transfer_body())
    assert made.totalDebited.value == Decimal("2.1")
    keys = {r.headers["Idempotency-Key"] for r in seen}
    assert len(seen) == 2 and len(keys) == 1
    assert json.loads(seen[0].content)["receiverProduct"]["id"] == "+593987654321"
    # A second transfer is a second intent: a new key.
    await api_client.transfer_balance(transfer_body())
    assert len({r.headers["Idempotency-Key"] for r in seen}) == 2
    await api_client.aclose()


async def test_an_advance_retries_with_one_key():
    handler, seen = sequence(
        error(503, "unavailable", **{"Retry-After": "0"}), httpx.Response(201, json=ADVANCE)
    )
    api_client = client(handler)
    taken = await api_client.take_advance(
        BalanceAdvanceCreate(product=Ref(id="LN1"), amount=Money(unit="USD", value=Decimal(2)))
    )
    assert taken.state == "open"
    assert len({r.headers["Idempotency-Key"] for r in seen}) == 1 and len(seen) == 2
    await api_client.aclose()


async def test_a_transfer_sent_again_under_the_callers_key_reuses_it():
    # The first call loses its answer on every attempt; the caller sends the same request
    # again under the key it gave: the very same key goes out, never a new one.
    handler, seen = sequence(
        httpx.ReadError,
        httpx.ReadError,
        httpx.ReadError,
        httpx.ReadError,
        httpx.Response(201, json=TRANSFER),
    )
    api_client = client(handler)
    with pytest.raises(api.ApiConnectionError):
        await api_client.transfer_balance(transfer_body(), idempotency_key="kept-1")
    made = await api_client.transfer_balance(transfer_body(), idempotency_key="kept-1")
    assert made.id == "TRF1"
    assert len(seen) == 5
    assert {r.headers["Idempotency-Key"] for r in seen} == {"kept-1"}
    await api_client.aclose()


async def test_an_advance_sent_again_under_the_callers_key_reuses_it():
    handler, seen = sequence(httpx.Response(201, json=ADVANCE))
    api_client = client(handler)
    body = BalanceAdvanceCreate(product=Ref(id="LN1"), amount=Money(unit="USD", value=Decimal(2)))
    await api_client.take_advance(body, idempotency_key="kept-2")
    await api_client.take_advance(body, idempotency_key="kept-2")
    await api_client.take_advance(body)  # no key given: a fresh one
    keys = [r.headers["Idempotency-Key"] for r in seen]
    assert keys[:2] == ["kept-2", "kept-2"] and keys[2] not in ("", "kept-2")
    await api_client.aclose()


@pytest.mark.parametrize(
    ("status", "code", "kind"),
    [
        (409, "insufficientBalance", api.ConflictError),
        (422, "otherCountry", api.ValidationError),
        (422, "notPrepaidLine", api.ValidationError),
    ],
)
async def test_refusals_carry_their_code(status, code, kind):
    handler, seen = sequence(error(status, code, field="receiverProduct.id"))
    api_client = client(handler)
    with pytest.raises(kind) as caught:
        await api_client.transfer_balance(transfer_body())
    assert caught.value.code == code
    assert len(seen) == 1
    await api_client.aclose()


async def test_a_guest_session_keeps_nothing_of_the_payer():
    seen: list[httpx.Request] = []
    told: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/auth/guest":
            return httpx.Response(
                200,
                json={**tokens(1, "guest:+593987654321"), "refresh_token": "", "role": "guest"},
            )
        return httpx.Response(200, json=[])

    api_client = client(handler)
    api_client.on_tokens = lambda login, token: told.append(login)
    await api_client.sign_in_as_guest(GUEST)
    assert api_client.username == "guest:+593987654321"
    assert api_client.refresh_token is None and told == []
    await api_client.list_pse_banks()
    assert seen[-1].headers["Authorization"] == "Bearer access-1"
    assert json.loads(seen[0].content)["documentNumber"] == "1712345675"
    assert "1712345675" not in repr(GUEST) and "María" not in repr(api_client)
    await api_client.sign_out()
    assert api_client.username is None and len(seen) == 2  # no refresh token to revoke
    await api_client.aclose()


async def test_a_refused_guest_sign_in_is_a_validation_error():
    handler, _ = sequence(error(422, "otherCountry", field="number"))
    api_client = client(handler)
    with pytest.raises(api.ValidationError) as caught:
        await api_client.sign_in_as_guest(GUEST)
    assert caught.value.code == "otherCountry"
    assert api_client.username is None
    await api_client.aclose()


async def test_the_catalog_and_the_receipt():
    catalog = {
        "country": "EC",
        "currency": "USD",
        "topupPresets": [USD(1), USD(5)],
        "topupMin": USD(1),
        "topupMax": USD(100),
        "transferMin": USD(0.5),
        "transferMax": USD(10),
        "transferFee": USD(0.1),
        "transferCostOwner": "sender",
        "packs": [],
    }

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/receipt"):
            return httpx.Response(
                200, content=b"%PDF-1.4 x", headers={"Content-Type": "application/pdf"}
            )
        return httpx.Response(200, json=catalog)

    api_client = client(handler)
    read = await api_client.get_prepaid_catalog("EC")
    assert read.topupPresets[1].value == Decimal(5)
    assert (await api_client.download_balance_receipt("BA1")).startswith(b"%PDF")
    await api_client.aclose()


def test_a_guest_gives_only_what_the_carrier_asks():
    assert set(GuestSignIn.model_fields) == {
        "country",
        "number",
        "name",
        "documentType",
        "documentNumber",
    }
