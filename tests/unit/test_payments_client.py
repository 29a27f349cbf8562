"""The payment side of BillingClient against ``httpx.MockTransport``: every endpoint, every
mapping of an answer (or of no answer) to an outcome and a journal state, the double press,
reconciliation, and card data kept out of everything printable."""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from miclaro_tui import api
from miclaro_tui.client import BillingClient
from miclaro_tui.client.paths import PAYMENT, PAYMENT_METHOD
from miclaro_tui.journal import Journal, digest_of
from miclaro_tui.models import (
    CardCreate,
    CardPayment,
    Money,
    PaymentCreate,
    PaymentItem,
    PaymentPromiseCreate,
    PaymentReportCreate,
    Ref,
)
from tests.unit.test_api_client import BASE, Waits, error, sequence, texts_of, tokens

KEY = "key-00000001"
PAYMENTS = f"{PAYMENT}/payment"
CARD_NUMBER = "4111111111111111"
CVV = "737"


def create(key: str = KEY, value: str = "125900.5", token: str = "tok_1") -> PaymentCreate:
    amount = Money(unit="COP", value=Decimal(value))
    return PaymentCreate(
        correlatorId=key,
        account=Ref(id="A1"),
        amount=amount,
        paymentItem=[PaymentItem(item=Ref(id="B1"), amount=amount)],
        paymentMethod=CardPayment(id=token),
    )


def payment(status: str = "done", key: str = KEY, id: str = "P1") -> dict:
    sent = json.loads(create(key).model_dump_json(by_alias=True))
    return {
        "id": id,
        "correlatorId": key,
        "status": status,
        "statusDate": "2026-11-25T10:00:00Z",
        "paymentDate": "2026-11-25T10:00:00Z",
        "account": sent["account"],
        "amount": sent["amount"],
        "paymentItem": sent["paymentItem"],
        "paymentMethod": {"@type": "tokenizedCard", "brand": "visa", "lastFourDigits": "1111"},
    }


def created(status: str = "done", key: str = KEY, id: str = "P1") -> httpx.Response:
    return httpx.Response(201, json=payment(status, key, id))


def card() -> CardCreate:
    return CardCreate(
        nameOnCard="CAMILA ROJAS", cardNumber=CARD_NUMBER, expirationDate="12/2030", cvv=CVV
    )


TOKENIZED = {
    "id": "tok_1",
    "@type": "tokenizedCard",
    "brand": "visa",
    "cardType": "credit",
    "lastFourDigits": "1111",
    "expirationDate": "12/2030",
    "nameOnCard": "CAMILA ROJAS",
}


@pytest.fixture
def waits() -> Waits:
    return Waits()


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    return Journal(tmp_path / "payments.journal")


@pytest.fixture
async def make_client(waits: Waits, journal: Journal):
    clients: list[BillingClient] = []

    def make(handler: Callable, **kwargs) -> BillingClient:
        kwargs.setdefault("sleep", waits)
        kwargs.setdefault("rng", random.Random(1))
        kwargs.setdefault("journal", journal)
        client = BillingClient(BASE, transport=httpx.MockTransport(handler), **kwargs)
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()


def state(journal: Journal, key: str = KEY) -> str | None:
    entry = journal.get(key)
    return entry.state if entry else None


# --- pay: the happy paths ------------------------------------------------------------------


async def test_pay_journals_before_sending_then_done(make_client, journal):
    states_seen_by_server: list[str | None] = []

    def handler(request: httpx.Request) -> httpx.Response:
        states_seen_by_server.append(state(journal))
        return created()

    client = make_client(handler)
    result = await client.pay(create())
    assert result.id == "P1" and result.status == "done"
    assert states_seen_by_server == ["pending"]
    entry = journal.get(KEY)
    assert (entry.state, entry.payment_id, entry.operation) == ("done", "P1", "payment")
    assert entry.body_digest == digest_of(create())


async def test_pay_sends_the_key_and_the_body_by_alias(make_client):
    handler, seen = sequence(created())
    await make_client(handler).pay(create(value="0.1"))
    (request,) = seen
    assert request.method == "POST"
    assert request.url.path == PAYMENTS
    assert request.headers["Idempotency-Key"] == KEY
    body = json.loads(request.content)
    assert body["correlatorId"] == KEY
    assert body["paymentMethod"] == {"@type": "tokenizedCard", "id": "tok_1", "installments": 1}
    assert '"value":0.1' in request.content.decode()  # a JSON number, exact


async def test_pending_authorization_stays_pending_until_get_payment_says_done(
    make_client, journal
):
    handler, _ = sequence(created("pendingAuthorization"), httpx.Response(200, json=payment()))
    client = make_client(handler)
    result = await client.pay(create())
    assert result.status == "pendingAuthorization"
    assert state(journal) == "pending"
    assert journal.get(KEY).payment_id == "P1"
    assert [e.key for e in journal.unresolved()] == [KEY]
    await client.get_payment("P1")
    assert state(journal) == "done"


async def test_pay_works_without_a_journal(make_client):
    handler, _ = sequence(created())
    client = make_client(handler, journal=None)
    assert (await client.pay(create())).id == "P1"
    assert await client.reconcile_journal() == []


# --- pay: refusals -------------------------------------------------------------------------


async def test_declined_card_is_payment_declined_and_journaled_denied(make_client, journal, waits):
    handler, seen = sequence(error(402, "insufficientFunds"))
    with pytest.raises(api.PaymentDeclinedError) as caught:
        await make_client(handler).pay(create())
    assert caught.value.code == "insufficientFunds"
    assert state(journal) == "denied"
    assert len(seen) == 1 and waits == []


@pytest.mark.parametrize(
    ("status", "code", "expected"),
    [
        (400, "badRequest", api.ApiStatusError),
        (403, "forbidden", api.PermissionDeniedError),
        (404, "notFound", api.NotFoundError),
        (409, "billAlreadySettled", api.ConflictError),
        (422, "amountTooLarge", api.ValidationError),
        (422, "idempotencyKeyReuse", api.ValidationError),
    ],
)
async def test_refusals_raise_and_journal_failed(make_client, journal, status, code, expected):
    handler, seen = sequence(error(status, code))
    with pytest.raises(expected) as caught:
        await make_client(handler).pay(create())
    assert caught.value.code == code
    assert state(journal) == "failed"
    assert len(seen) == 1


async def test_refusal_after_a_lost_answer_is_unknown(make_client, journal):
    # The first attempt may have paid the bill; "already settled" may be its consequence.
    handler, _ = sequence(httpx.ReadError, error(422, "billAlreadySettled"))
    with pytest.raises(api.OutcomeUnknownError):
        await make_client(handler).pay(create())
    assert state(journal) == "unknown"


async def test_decline_after_a_lost_answer_is_still_a_decline(make_client, journal):
    handler, _ = sequence(httpx.ReadError, error(402, "doNotHonour"))
    with pytest.raises(api.PaymentDeclinedError):
        await make_client(handler).pay(create())
    assert state(journal) == "denied"


async def test_session_expired_before_anything_reached_is_not_sent(make_client, journal):
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/auth/token":
            return httpx.Response(200, json=tokens(1))
        return error(401, "invalidToken")

    client = make_client(handler)
    await client.sign_in("ana", SecretStr("pw"))
    with pytest.raises(api.SessionExpiredError):
        await client.pay(create())
    assert state(journal) == "notSent"


# --- pay: lost answers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        httpx.ReadError,
        httpx.ReadTimeout,
        httpx.RemoteProtocolError,
        httpx.Response(500),
        httpx.Response(502),
        httpx.Response(503, headers={"Retry-After": "1"}),
        error(409, "requestInProgress"),
    ],
    ids=["read-error", "read-timeout", "protocol", "500", "502", "503", "409-in-flight"],
)
async def test_retries_running_out_after_it_may_have_reached_is_outcome_unknown(
    make_client, journal, answer
):
    handler, seen = sequence(answer)
    with pytest.raises(api.OutcomeUnknownError) as caught:
        await make_client(handler).pay(create())
    assert caught.value.correlator_id == KEY
    assert isinstance(caught.value.cause, api.BillingError)
    assert state(journal) == "unknown"
    assert len(seen) == 4
    assert {r.headers["Idempotency-Key"] for r in seen} == {KEY}
    assert len({r.content for r in seen}) == 1


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (httpx.ConnectError, api.ApiConnectionError),
        (httpx.ConnectTimeout, api.ApiTimeoutError),
        (httpx.Response(429, headers={"Retry-After": "1"}), api.RateLimitError),
    ],
)
async def test_nothing_reached_the_server_is_not_sent(make_client, journal, answer, expected):
    handler, seen = sequence(answer)
    with pytest.raises(expected):
        await make_client(handler).pay(create())
    assert state(journal) == "notSent"
    assert len(seen) == 4


async def test_connect_error_then_read_error_is_unknown(make_client, journal):
    handler, _ = sequence(httpx.ConnectError, httpx.ReadError, httpx.ConnectError)
    with pytest.raises(api.OutcomeUnknownError):
        await make_client(handler).pay(create())
    assert state(journal) == "unknown"


async def test_in_flight_409_is_retried_until_the_answer(make_client, journal, waits):
    handler, seen = sequence(
        error(409, "requestInProgress"), error(409, "requestInProgress"), created()
    )
    assert (await make_client(handler).pay(create())).id == "P1"
    assert len(seen) == 3 and len(waits) == 2
    assert state(journal) == "done"


async def test_lost_answers_then_replay_is_done(make_client, journal):
    handler, seen = sequence(httpx.ReadError, httpx.Response(500), created())
    assert (await make_client(handler).pay(create())).id == "P1"
    assert state(journal) == "done"


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(201, content=json.dumps(payment()).encode()[:40]),
        httpx.Response(201, json=payment(key="key-someone-else")),
        httpx.Response(201, json={"id": "P1"}),
    ],
    ids=["truncated", "other-key", "not-a-payment"],
)
async def test_unreadable_success_is_outcome_unknown(make_client, journal, answer):
    handler, seen = sequence(answer)
    with pytest.raises(api.OutcomeUnknownError) as caught:
        await make_client(handler).pay(create())
    assert isinstance(caught.value.cause, api.BadResponseError)
    assert state(journal) == "unknown"
    assert len(seen) == 1  # a 201 is not retried: it is reconciled


async def test_deadline_while_waiting_is_unknown(make_client, journal):
    async def slow(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(5)
        return created()

    with pytest.raises(api.OutcomeUnknownError) as caught:
        await make_client(slow, timeout=0.05).pay(create())
    assert isinstance(caught.value.cause, api.ApiTimeoutError)
    assert state(journal) == "unknown"


# --- pay: one key, one payment --------------------------------------------------------------


async def test_key_journaled_for_another_body_is_refused_without_sending(make_client, journal):
    journal.begin(KEY, "payment", digest_of(create(value="1000")))
    handler, seen = sequence(created())
    with pytest.raises(api.ValidationError) as caught:
        await make_client(handler).pay(create())
    assert caught.value.code == "idempotencyKeyReuse"
    assert seen == []
    assert journal.get(KEY).body_digest == digest_of(create(value="1000"))


async def test_double_press_sends_once_and_both_get_the_payment(make_client):
    seen: list[httpx.Request] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        await asyncio.sleep(0.01)
        return created()

    client = make_client(handler)
    first, second = await asyncio.gather(client.pay(create()), client.pay(create()))
    assert first == second
    assert len(seen) == 1


async def test_same_key_other_body_while_in_flight_is_refused(make_client):
    async def handler(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.01)
        return created()

    client = make_client(handler)
    first = asyncio.ensure_future(client.pay(create()))
    await asyncio.sleep(0)
    with pytest.raises(api.ValidationError):
        await client.pay(create(value="1"))
    await first


async def test_a_caller_going_away_does_not_cut_the_payment(make_client, journal):
    release = asyncio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        await release.wait()
        return created()

    client = make_client(handler)
    caller = asyncio.ensure_future(client.pay(create()))
    await asyncio.sleep(0.01)
    caller.cancel()
    release.set()
    with pytest.raises(asyncio.CancelledError):
        await caller
    for _ in range(50):
        if state(journal) == "done":
            break
        await asyncio.sleep(0.01)
    assert state(journal) == "done"


# --- reconcile ----------------------------------------------------------------------------


async def test_reconcile_finds_the_payment_and_settles_the_journal(make_client, journal):
    journal.begin(KEY, "payment", digest_of(create()))
    journal.settle(KEY, "unknown")
    handler, seen = sequence(httpx.Response(200, json=[payment()]))
    found = await make_client(handler).reconcile(KEY)
    assert found is not None and found.id == "P1"
    assert seen[0].url.path == PAYMENTS
    assert seen[0].url.params["correlatorId"] == KEY
    assert (state(journal), journal.get(KEY).payment_id) == ("done", "P1")


ABANDONED = httpx.Response(200, json={"correlatorId": KEY, "state": "abandoned"})


async def test_reconcile_finding_nothing_abandons_the_key_then_marks_not_sent(make_client, journal):
    journal.begin(KEY, "payment", digest_of(create()))
    journal.settle(KEY, "unknown")
    handler, seen = sequence(httpx.Response(200, json=[payment(key="key-other-0001")]), ABANDONED)
    assert await make_client(handler).reconcile(KEY) is None
    # Fenced before it says "not sent": a request under the key landing later makes nothing.
    abandon = seen[1]
    assert (abandon.method, abandon.url.path) == ("POST", f"{PAYMENT}/abandonedPayment")
    assert abandon.headers["Idempotency-Key"] == KEY
    assert json.loads(abandon.content) == {"correlatorId": KEY}
    assert state(journal) == "notSent"
    assert journal.unresolved() == []


async def test_reconcile_reads_a_payment_that_landed_before_the_key_was_abandoned(
    make_client, journal
):
    journal.begin(KEY, "payment", digest_of(create()))
    journal.settle(KEY, "unknown")
    handler, seen = sequence(
        httpx.Response(200, json=[]),
        error(409, "paymentExists"),
        httpx.Response(200, json=[payment()]),
    )
    found = await make_client(handler).reconcile(KEY)
    assert found is not None and found.id == "P1"
    assert [r.method for r in seen] == ["GET", "POST", "GET"]
    assert (state(journal), journal.get(KEY).payment_id) == ("done", "P1")


async def test_reconcile_waits_while_the_key_is_still_worked_on(make_client, journal):
    journal.begin(KEY, "payment", digest_of(create()))
    journal.settle(KEY, "unknown")
    handler, seen = sequence(
        httpx.Response(200, json=[]),
        error(409, "requestInProgress", **{"Retry-After": "1"}),
        ABANDONED,
    )
    assert await make_client(handler).reconcile(KEY) is None
    assert [r.method for r in seen] == ["GET", "POST", "POST"]
    assert state(journal) == "notSent"


async def test_reconcile_finding_nothing_leaves_a_resolved_entry_alone(make_client, journal):
    journal.begin(KEY, "payment", digest_of(create()))
    journal.settle(KEY, "done", "P1")
    handler, _ = sequence(httpx.Response(200, json=[]), ABANDONED)
    assert await make_client(handler).reconcile(KEY) is None
    assert state(journal) == "done"


async def test_reconcile_of_a_declined_payment(make_client, journal):
    journal.begin(KEY, "payment", digest_of(create()))
    handler, _ = sequence(httpx.Response(200, json=[payment("denied")]))
    assert (await make_client(handler).reconcile(KEY)).status == "denied"
    assert state(journal) == "denied"


async def test_reconcile_waits_for_our_own_request_in_flight(make_client, journal):
    release = asyncio.Event()
    charged: list[str] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            await release.wait()
            charged.append(KEY)
            return created()
        return httpx.Response(200, json=[payment()] if charged else [])

    client = make_client(handler)
    paying = asyncio.ensure_future(client.pay(create()))
    await asyncio.sleep(0.01)
    reconciling = asyncio.ensure_future(client.reconcile(KEY))
    await asyncio.sleep(0.01)
    release.set()
    assert (await reconciling).id == "P1"
    await paying
    assert state(journal) == "done"


async def test_reconcile_journal_settles_every_unresolved_entry_of_this_user(make_client, journal):
    keys = {name: f"key-{name}-0001" for name in ("found", "lost", "done", "other")}
    for name, key in keys.items():
        journal.begin(key, "payment", "sha256:x", owner="bob" if name == "other" else "ana")
    journal.settle(keys["found"], "unknown")
    journal.settle(keys["done"], "done", "P9")
    asked: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/auth/token":
            return httpx.Response(200, json=tokens(1, "ana"))
        if request.method == "POST":  # abandoning a key found with no payment
            key = json.loads(request.content)["correlatorId"]
            return httpx.Response(200, json={"correlatorId": key, "state": "abandoned"})
        key = request.url.params["correlatorId"]
        asked.append(key)
        found = [payment(key=key, id="P7")] if key == keys["found"] else []
        return httpx.Response(200, json=found)

    client = make_client(handler)
    await client.sign_in("ana", SecretStr("pw"))
    found = await client.reconcile_journal()
    assert [p.id for p in found] == ["P7"]
    assert asked == [keys["found"], keys["lost"]]
    assert state(journal, keys["found"]) == "done"
    assert state(journal, keys["lost"]) == "notSent"
    assert state(journal, keys["other"]) == "pending"  # waits for bob


async def test_reconcile_journal_error_leaves_entries_unresolved(make_client, journal):
    journal.begin(KEY, "payment", "sha256:x")
    handler, _ = sequence(httpx.ConnectError)
    with pytest.raises(api.ApiConnectionError):
        await make_client(handler).reconcile_journal()
    assert state(journal) == "pending"


# --- the other payment endpoints -------------------------------------------------------------


async def test_tokenize_card_posts_the_card_once(make_client):
    handler, seen = sequence(httpx.Response(201, json=TOKENIZED))
    token = await make_client(handler).tokenize_card(card())
    assert (token.id, token.brand, token.lastFourDigits) == ("tok_1", "visa", "1111")
    (request,) = seen
    assert request.url.path == f"{PAYMENT_METHOD}/paymentMethod"
    body = json.loads(request.content)
    assert body["@type"] == "bankCard"
    assert (body["cardNumber"], body["cvv"]) == (CARD_NUMBER, CVV)
    assert "Idempotency-Key" not in request.headers


async def test_tokenize_is_not_retried(make_client):
    handler, seen = sequence(httpx.Response(503), httpx.Response(201, json=TOKENIZED))
    with pytest.raises(api.ServerError):
        await make_client(handler).tokenize_card(card())
    assert len(seen) == 1


@pytest.mark.parametrize(
    "answer",
    [
        error(422, "invalidCard", field="cardNumber"),
        error(402, "expiredCard"),
        httpx.Response(500, text=f"boom {CARD_NUMBER}"),
        httpx.ConnectError,
        httpx.Response(201, content=b'{"id": "tok'),
        httpx.Response(201, json={**TOKENIZED, "lastFourDigits": "x"}),
    ],
)
async def test_card_number_and_cvv_never_in_errors_or_reprs(make_client, answer, caplog):
    caplog.set_level("DEBUG")
    handler, seen = sequence(answer)
    client = make_client(handler)
    the_card = card()
    with pytest.raises(api.BillingError) as caught:
        await client.tokenize_card(the_card)
    assert CARD_NUMBER in seen[0].content.decode()  # it was really sent
    everything = "\n".join(
        [texts_of(caught.value), repr(client), repr(the_card), str(the_card), caplog.text]
    )
    assert CARD_NUMBER not in everything
    assert f"'{CVV}'" not in everything and f'"{CVV}"' not in everything


async def test_list_pse_banks(make_client):
    handler, seen = sequence(httpx.Response(200, json=[{"id": "1022", "name": "Banco Unión"}]))
    banks = await make_client(handler).list_pse_banks()
    assert [(b.id, b.name) for b in banks] == [("1022", "Banco Unión")]
    assert seen[0].url.path == "/pse/bank"


async def test_get_payment(make_client):
    handler, seen = sequence(httpx.Response(200, json=payment()))
    assert (await make_client(handler).get_payment("P/1")).id == "P1"
    assert seen[0].url.raw_path.decode() == f"{PAYMENTS}/P%2F1"


async def test_get_payment_not_found(make_client):
    handler, _ = sequence(error(404, "notFound"))
    with pytest.raises(api.NotFoundError):
        await make_client(handler).get_payment("P404")


async def test_cancel_pending_payment(make_client, journal):
    journal.begin(KEY, "payment", "sha256:x")
    journal.settle(KEY, "pending", "P1")
    handler, seen = sequence(httpx.Response(200, json=payment("canceled")))
    assert (await make_client(handler).cancel_payment("P1")).status == "canceled"
    assert (seen[0].method, seen[0].url.path) == ("POST", f"{PAYMENTS}/P1/cancel")
    assert state(journal) == "canceled"


async def test_cancel_of_a_final_payment_is_conflict(make_client):
    handler, seen = sequence(error(409, "notCancelable"), httpx.Response(200))
    with pytest.raises(api.ConflictError):
        await make_client(handler).cancel_payment("P1")
    assert len(seen) == 1


async def test_list_payments_sends_filters_and_reads_total(make_client):
    handler, seen = sequence(
        httpx.Response(200, json=[payment(), payment(id="P2")], headers={"X-Total-Count": "7"})
    )
    page = await make_client(handler).list_payments("A1", offset=2, limit=2)
    assert [p.id for p in page.items] == ["P1", "P2"]
    assert (page.total, page.offset, page.limit) == (7, 2, 2)
    params = seen[0].url.params
    assert (params["account.id"], params["offset"], params["limit"]) == ("A1", "2", "2")


async def test_list_payments_with_garbage_total(make_client):
    handler, _ = sequence(httpx.Response(200, json=[], headers={"X-Total-Count": "many"}))
    with pytest.raises(api.BadResponseError):
        await make_client(handler).list_payments("A1")


async def test_download_receipt(make_client):
    pdf = b"%PDF-1.4 receipt"
    handler, seen = sequence(
        httpx.Response(200, content=pdf, headers={"Content-Type": "application/pdf"})
    )
    assert await make_client(handler).download_receipt("P1") == pdf
    assert seen[0].url.path == f"{PAYMENTS}/P1/receipt"
    assert seen[0].headers["Accept"] == "application/pdf"


@pytest.mark.parametrize(
    ("content", "content_type"),
    [(b"<html>", "text/html"), (b"not a pdf", "application/pdf")],
)
async def test_receipt_that_is_not_a_pdf(make_client, content, content_type):
    handler, _ = sequence(
        httpx.Response(200, content=content, headers={"Content-Type": content_type})
    )
    with pytest.raises(api.BadResponseError):
        await make_client(handler).download_receipt("P1")


REPORT = PaymentReportCreate(
    bill=Ref(id="B1"),
    amount=Money(unit="COP", value=Decimal("125900.5")),
    paymentDate=date(2026, 11, 24),
    channel="Bancolombia app",
    reference="REF-123",
)


async def test_report_payment(make_client):
    answer = {
        **json.loads(REPORT.model_dump_json(by_alias=True)),
        "id": "R1",
        "state": "pendingPosting",
        "expectedPostingDate": "2026-11-27",
    }
    handler, seen = sequence(httpx.Response(201, json=answer))
    report = await make_client(handler).report_payment(REPORT)
    assert (report.id, report.state) == ("R1", "pendingPosting")
    assert report.amount.value == Decimal("125900.5")
    assert seen[0].url.path == f"{PAYMENT}/paymentReport"
    assert json.loads(seen[0].content)["reference"] == "REF-123"


async def test_report_payment_rule_break(make_client):
    handler, _ = sequence(error(422, "futureDate", field="paymentDate"))
    with pytest.raises(api.ValidationError) as caught:
        await make_client(handler).report_payment(REPORT)
    assert caught.value.field == "paymentDate"


PROMISE = PaymentPromiseCreate(bill=Ref(id="B1"), promisedDate=date(2026, 12, 1))


async def test_promise_payment(make_client):
    answer = {
        "id": "PP1",
        "bill": {"id": "B1"},
        "amount": {"unit": "COP", "value": 125900.5},
        "promisedDate": "2026-12-01",
        "createdDate": "2026-11-25",
        "state": "active",
    }
    handler, seen = sequence(httpx.Response(201, json=answer))
    promise = await make_client(handler).promise_payment(PROMISE)
    assert (promise.id, promise.state) == ("PP1", "active")
    assert seen[0].url.path == f"{PAYMENT}/paymentPromise"
    sent = json.loads(seen[0].content)
    assert (sent["bill"]["id"], sent["promisedDate"]) == ("B1", "2026-12-01")


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (error(409, "promiseExists"), api.ConflictError),
        (error(422, "tooLate", field="promisedDate"), api.ValidationError),
    ],
)
async def test_promise_payment_refused(make_client, answer, expected):
    handler, seen = sequence(answer)
    with pytest.raises(expected):
        await make_client(handler).promise_payment(PROMISE)
    assert len(seen) == 1


# --- every POST that changes state goes under a key, made once per call ---------------------


REPORTED = {
    **json.loads(REPORT.model_dump_json(by_alias=True)),
    "id": "R1",
    "state": "pendingPosting",
    "expectedPostingDate": "2026-11-27",
}
PROMISED = {
    "id": "PP1",
    "bill": {"id": "B1"},
    "amount": {"unit": "COP", "value": 125900.5},
    "promisedDate": "2026-12-01",
    "createdDate": "2026-11-25",
    "state": "active",
}
KEYED_CALLS = {
    "report": (lambda client: client.report_payment(REPORT), httpx.Response(201, json=REPORTED)),
    "promise": (lambda client: client.promise_payment(PROMISE), httpx.Response(201, json=PROMISED)),
    "cancel": (
        lambda client: client.cancel_payment("P1"),
        httpx.Response(200, json=payment("canceled")),
    ),
}


@pytest.mark.parametrize("name", KEYED_CALLS)
async def test_state_changing_posts_retry_under_one_key_per_call(make_client, name):
    call, answer = KEYED_CALLS[name]
    handler, seen = sequence(httpx.ReadError, httpx.Response(502), answer)
    client = make_client(handler)
    await call(client)
    await call(client)
    keys = [r.headers.get("Idempotency-Key") for r in seen]
    assert len(keys) == 4 and all(keys)
    assert keys[0] == keys[1] == keys[2]  # the retries of one call reuse its key
    assert keys[3] != keys[0]  # the next call is another intent
    assert len({r.content for r in seen}) == 1


async def test_tokenize_connection_error_is_not_retried(make_client):
    handler, seen = sequence(httpx.ConnectError, httpx.Response(201, json=TOKENIZED))
    with pytest.raises(api.ApiConnectionError):
        await make_client(handler).tokenize_card(card())
    assert len(seen) == 1
