"""The kiosk's calls in the client: the role after sign-in, the paths, one Idempotency-Key per
open / close / void reused by its retries, no open shift read as None, and the supervisor's
password only in the request body."""

from __future__ import annotations

import json
import random
from decimal import Decimal

import httpx
import pytest
from pydantic import SecretStr

from miclaro_tui.api import NotFoundError
from miclaro_tui.client import BillingClient
from miclaro_tui.models import (
    DenominationCount,
    KioskShiftCreate,
    Ref,
    RefundCreate,
    SupervisorApproval,
)

BASE = "https://api.example.com"
SHIFT = {
    "id": "SH00000001",
    "operator": {"id": "cajero", "name": "Carlos Gómez"},
    "terminalId": "CAJA-01",
    "state": "open",
    "openedAt": "2026-11-25T08:00:00-05:00",
    "country": "CO",
    "currency": "COP",
    "openingFloat": {"unit": "COP", "value": 100000},
}
ZERO = {"unit": "COP", "value": 0}
REPORT = {
    "shift": SHIFT,
    "kind": "X",
    "generatedAt": "2026-11-25T09:00:00-05:00",
    "lines": [{"operation": "billPayment", "count": 0, "amount": ZERO}],
    "cashIn": ZERO,
    "changeGiven": ZERO,
    "voided": ZERO,
    "expectedCash": {"unit": "COP", "value": 100000},
}
REFUND = {
    "id": "RF00000002",
    "payment": {"id": "PAY00000001"},
    "amount": {"unit": "COP", "value": 192283},
    "reason": "wrong bill",
    "status": "done",
    "refundDate": "2026-11-25T09:00:00-05:00",
    "operator": {"id": "cajero"},
    "receiptNo": "RV-20261125-000002",
}


class Server:
    """A fake billing API that signs "cajero" in as an operator, records every request and
    answers each path from ``answers`` (a list is answered in turn)."""

    def __init__(self, answers: dict[str, object]) -> None:
        self.answers = answers
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/auth/token":
            return httpx.Response(
                200,
                json={
                    "access_token": "access-1",
                    "refresh_token": "refresh-1",
                    "expires_in": 900,
                    "username": "cajero",
                    "role": "operator",
                    "country": "CO",
                },
            )
        self.requests.append(request)
        answer = self.answers[request.url.path]
        if isinstance(answer, list):
            answer = answer.pop(0)
        if isinstance(answer, httpx.Response):
            return answer
        return httpx.Response(200, json=answer)


async def _waits(seconds: float) -> None:
    return None


@pytest.fixture
async def till():
    clients: list[BillingClient] = []

    async def make(server: Server) -> BillingClient:
        client = BillingClient(
            BASE, transport=httpx.MockTransport(server), sleep=_waits, rng=random.Random(1)
        )
        clients.append(client)
        await client.sign_in("cajero", SecretStr("cajero2026"))
        return client

    yield make
    for client in clients:
        await client.aclose()


async def test_the_role_comes_with_the_sign_in_and_goes_with_the_sign_out(till):
    client = await till(Server({"/auth/logout": {}}))
    assert client.role == "operator" and client.country == "CO"
    await client.sign_out()
    assert client.role is None and client.country is None


async def test_a_guest_session_has_the_guest_role():
    from miclaro_tui.models import GuestSignIn

    def guest_server(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/auth/guest"
        return httpx.Response(
            200,
            json={
                "access_token": "access-g",
                "refresh_token": "",
                "expires_in": 900,
                "username": "guest:+593987654321",
                "role": "guest",
                "country": "EC",
            },
        )

    client = BillingClient(BASE, transport=httpx.MockTransport(guest_server), sleep=_waits)
    guest = GuestSignIn(
        country="EC",
        number="+593987654321",
        name="María Pérez",
        documentType="CI",
        documentNumber="1712345675",
    )
    await client.sign_in_as_guest(guest)
    assert client.role == "guest" and client.country == "EC"
    await client.sign_out()
    assert client.role is None
    await client.aclose()


async def test_the_shifts_payments_path(till):
    server = Server({"/kioskShift/SH00000001/payments": httpx.Response(200, json=[])})
    client = await till(server)
    assert await client.list_shift_payments("SH00000001") == []
    assert [r.method for r in server.requests] == ["GET"]


async def test_opening_is_retried_under_one_key(till):
    server = Server({"/kioskShift": [httpx.Response(503), httpx.Response(201, json=SHIFT)]})
    client = await till(server)
    shift = await client.open_shift(
        KioskShiftCreate(
            terminalId="CAJA-01",
            openingCount=[DenominationCount(value=Decimal(50000), count=2)],
        )
    )
    assert shift.id == "SH00000001" and shift.openingFloat.value == 100000
    keys = {request.headers["Idempotency-Key"] for request in server.requests}
    assert len(server.requests) == 2 and len(keys) == 1
    assert json.loads(server.requests[0].content)["openingCount"] == [{"value": 50000, "count": 2}]


async def test_no_open_shift_is_none(till):
    missing = httpx.Response(
        404,
        json={"code": "noOpenShift", "reason": "Not Found", "message": "none", "status": 404},
    )
    client = await till(Server({"/kioskShift/current": missing}))
    assert await client.current_shift() is None


async def test_report_and_close_paths(till):
    closed = {**REPORT, "kind": "Z", "countedCash": {"unit": "COP", "value": 95000}}
    server = Server(
        {"/kioskShift/SH00000001/report": REPORT, "/kioskShift/SH00000001/close": closed}
    )
    client = await till(server)
    assert (await client.shift_report("SH00000001")).kind == "X"
    z = await client.close_shift("SH00000001", [DenominationCount(value=Decimal(50000), count=1)])
    assert z.kind == "Z" and z.countedCash is not None
    close = server.requests[-1]
    assert close.method == "POST" and close.headers["Idempotency-Key"]
    assert json.loads(close.content) == {"count": [{"value": 50000, "count": 1}]}


async def test_lookup_sends_exactly_one_query(till):
    customer = {
        "account": {"id": "CO81399869"},
        "maskedName": "Cam*** Rod***",
        "country": "CO",
        "currency": "COP",
        "maskedDocument": "******050",
    }
    server = Server({"/kioskLookup": customer})
    client = await till(server)
    found = await client.kiosk_lookup(reference="003703826538")
    assert found.maskedName == "Cam*** Rod***" and found.bills == []
    assert dict(server.requests[0].url.params) == {"reference": "003703826538"}
    with pytest.raises(ValueError):
        await client.kiosk_lookup(line="3001234567", document="1020304050")


async def test_lookup_of_nobody_raises_not_found(till):
    nobody = httpx.Response(
        404, json={"code": "notFound", "reason": "Not Found", "message": "x", "status": 404}
    )
    client = await till(Server({"/kioskLookup": nobody}))
    with pytest.raises(NotFoundError):
        await client.kiosk_lookup(line="3009999999")


async def test_a_void_carries_the_supervisor_only_in_its_body(till):
    path = "/tmf-api/paymentManagement/v4/refund"
    server = Server({path: httpx.Response(201, json=REFUND)})
    client = await till(server)
    approval = SupervisorApproval(username="supervisora", password="supervisora2026")
    refund = await client.void_payment(
        RefundCreate(payment=Ref(id="PAY00000001"), reason="wrong bill", supervisor=approval)
    )
    assert refund.receiptNo == "RV-20261125-000002"
    request = server.requests[0]
    assert request.headers["Idempotency-Key"]
    assert json.loads(request.content)["supervisor"]["password"] == "supervisora2026"
    assert "supervisora2026" not in repr(approval) and "supervisora2026" not in str(request.url)


async def test_denominations_and_the_void_receipt(till):
    pdf = httpx.Response(200, content=b"%PDF-1.4 void", headers={"content-type": "application/pdf"})
    denominations = {
        "country": "BR",
        "currency": "BRL",
        "denominations": [{"value": 200, "kind": "note"}, {"value": 0.05, "kind": "coin"}],
    }
    server = Server(
        {
            "/cashDenominations/BR": denominations,
            "/tmf-api/paymentManagement/v4/refund/RF00000002/receipt": pdf,
        }
    )
    client = await till(server)
    listed = await client.list_denominations("BR")
    assert [piece.value for piece in listed.denominations] == [Decimal(200), Decimal("0.05")]
    assert (await client.download_refund_receipt("RF00000002")).startswith(b"%PDF")
