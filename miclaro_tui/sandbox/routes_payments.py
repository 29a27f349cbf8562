"""TMF670 Payment Method (card tokenisation), PSE banks, and TMF676 Payment Management:
payments, their receipts, payment reports and promises to pay."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Header, Request, Response

from miclaro_tui.models import (
    ID_PATTERN,
    Bank,
    CardCreate,
    Payment,
    PaymentCreate,
    PaymentPromise,
    PaymentPromiseCreate,
    PaymentReport,
    PaymentReportCreate,
    TokenizedCard,
)
from miclaro_tui.sandbox import billing, cards, contract, idempotency, payments, pse
from miclaro_tui.sandbox.deps import (
    IdPath,
    Limit,
    NowDep,
    Offset,
    PrincipalDep,
    StoreDep,
    TodayDep,
    id_query,
)
from miclaro_tui.sandbox.errors import LISTED, ApiException, error_response
from miclaro_tui.sandbox.responses import ModelResponse, listed

METHOD_API = "/tmf-api/paymentMethods/v4"

methods_router = APIRouter(
    prefix=METHOD_API, tags=["paymentMethod"], responses=contract.AUTHENTICATED
)
pse_router = APIRouter(prefix="/pse", tags=["paymentMethod"])
router = APIRouter(
    prefix=billing.PAYMENT_API, tags=["payment"], responses=contract.AUTHENTICATED
)


def _json(content: Any) -> bytes:
    # What FastAPI's JSONResponse writes, so stored answers replay byte for byte.
    return json.dumps(
        content, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":")
    ).encode("utf-8")


@methods_router.post(
    "/paymentMethod",
    status_code=201,
    response_model=TokenizedCard,
    responses=contract.CREATE_CARD,
)
def create_payment_method(
    body: CardCreate, principal: PrincipalDep, store: StoreDep, today: TodayDep
) -> ModelResponse:
    """Tokenise a card. Only the token, brand, last four digits, expiry and holder are kept:
    the number and the CVV are never stored, logged or sent back.

    Sandbox test cards, by the last four digits of any Luhn-valid number: 0002 declines with
    insufficientFunds, 0069 with expiredCard, 0119 with doNotHonour; 0077 stays
    pendingAuthorization until the next GET of the payment; any other number approves."""
    with store.transaction() as conn:
        return ModelResponse(cards.tokenize(conn, principal.customer_id, body, today), 201)


@pse_router.get("/bank", response_model=list[Bank])
async def list_pse_banks() -> ModelResponse:
    """The banks of Colombia's PSE network, for a bankAccountTransfer payment."""
    return ModelResponse(list(pse.BANKS))


@router.post(
    "/payment", status_code=201, response_model=Payment, responses=contract.CREATE_PAYMENT
)
def create_payment(
    request: Request,
    body: PaymentCreate,
    principal: PrincipalDep,
    store: StoreDep,
    today: TodayDep,
    now: NowDep,
    idempotency_key: Annotated[
        str,
        Header(
            alias="Idempotency-Key",
            min_length=8,
            max_length=64,
            pattern=ID_PATTERN,
            description="Equal to correlatorId. The same key and body replay the first answer;"
            " another body is 422; a key still in flight is 409 (a key whose request died is"
            " freed after 30 s)",
        ),
    ],
) -> Response:
    """Pay bills with a tokenised card or PSE. Answers 201 with the payment (done or
    pendingAuthorization) or 402 when the card is declined (the denied payment is kept)."""
    key = idempotency_key
    if key != body.correlatorId:
        raise payments.invalid("correlatorId", "must equal the Idempotency-Key header")
    customer_id = principal.customer_id
    request_digest = idempotency.digest(body)
    claimed = idempotency.claim(
        store, customer_id, key, "payment", request_digest, now, request.app.state.lease_seconds
    )
    if isinstance(claimed, idempotency.StoredAnswer):
        return _replay(claimed)
    lease = claimed
    request.app.state.faults.after_claim()
    try:
        with store.transaction() as conn:
            idempotency.hold(conn, lease)
            answer = payments.create_payment(conn, customer_id, body, today, now)
            content = _json(answer.content)
            idempotency.finish(conn, lease, answer.status, content)
    except idempotency.LeaseLost:
        # Taken over by a retry after this attempt's lease ran out: its answer is the answer.
        stored = idempotency.stored_answer(store, customer_id, key, "payment", request_digest)
        return _replay(stored)
    except ApiException as exc:
        response = error_response(exc.status, exc.code, exc.message, exc.field, exc.headers)
        with store.transaction() as conn:
            try:
                idempotency.hold(conn, lease)
            except idempotency.LeaseLost:
                return response
            idempotency.finish(conn, lease, exc.status, bytes(response.body))
        return response
    except BaseException:
        idempotency.release(store, lease)
        raise
    return Response(content, answer.status, media_type="application/json")


def _replay(stored: idempotency.StoredAnswer) -> Response:
    return Response(stored.body, stored.status, media_type="application/json")


@router.get(
    "/payment",
    response_model=list[Payment],
    responses=contract.merge(LISTED, contract.LIST_PAYMENTS),
)
async def list_payments(
    principal: PrincipalDep,
    store: StoreDep,
    account_id: Annotated[str | None, id_query("account.id")] = None,
    correlator_id: Annotated[str | None, id_query("correlatorId")] = None,
    offset: Offset = 0,
    limit: Limit = 50,
) -> ModelResponse:
    """The caller's payments, newest first; ``X-Total-Count`` has the number of matches."""
    with store.read() as conn:
        found, total = payments.list_payments(
            conn, principal.customer_id, account_id=account_id, correlator_id=correlator_id,
            offset=offset, limit=limit,
        )
    return listed(found, total)


@router.get("/payment/{id}", response_model=Payment, responses=contract.GET_PAYMENT)
def get_payment(
    id: IdPath, principal: PrincipalDep, store: StoreDep, today: TodayDep, now: NowDep
) -> ModelResponse:
    """A payment. Each GET of a payment pending authorization moves it along (sandbox)."""
    with store.read() as conn:
        pending = payments.is_pending(conn, principal.customer_id, id)
    if not pending:
        with store.read() as conn:
            return ModelResponse(payments.get_payment(conn, principal.customer_id, id))
    with store.transaction() as conn:
        payments.advance(conn, principal.customer_id, id, today, now)
        return ModelResponse(payments.get_payment(conn, principal.customer_id, id))


@router.post("/payment/{id}/cancel", response_model=Payment, responses=contract.CANCEL_PAYMENT)
def cancel_payment(
    id: IdPath, principal: PrincipalDep, store: StoreDep, today: TodayDep, now: NowDep
) -> ModelResponse:
    """Cancel a payment still pending authorization (409 notCancelable otherwise)."""
    with store.transaction() as conn:
        return ModelResponse(payments.cancel(conn, principal.customer_id, id, today, now))


@router.get(
    "/payment/{id}/receipt",
    response_class=Response,
    responses=contract.merge(
        {200: {"content": {"application/pdf": {}}, "description": "The receipt as a PDF"}},
        contract.RECEIPT,
    ),
)
def get_payment_receipt(id: IdPath, principal: PrincipalDep, store: StoreDep) -> Response:
    """The receipt of a done payment as a PDF (409 receiptUnavailable for other states)."""
    from miclaro_tui.sandbox.receipts import ReceiptDocument, render_receipt  # fpdf is slow

    with store.read() as conn:
        payment = payments.get_payment(conn, principal.customer_id, id)
        if payment.status != "done":
            raise ApiException(
                409, "receiptUnavailable",
                f"Payment {id} is {payment.status}: only a done payment has a receipt",
            )
        holder = conn.execute(
            "SELECT name FROM customer WHERE id = ?", (principal.customer_id,)
        ).fetchone()
        account = conn.execute(
            "SELECT country FROM billing_account WHERE id = ?", (payment.account.id,)
        ).fetchone()
        document = ReceiptDocument(
            payment=payment,
            holder=holder["name"],
            holder_document=billing.customer_document(conn, principal.customer_id),
            country=account["country"],
        )
    return Response(
        render_receipt(document),
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{payment.receiptNo}.pdf"'},
    )


@router.post(
    "/paymentReport",
    status_code=201,
    response_model=PaymentReport,
    responses=contract.CREATE_REPORT,
)
def create_payment_report(
    body: PaymentReportCreate, principal: PrincipalDep, store: StoreDep, today: TodayDep
) -> ModelResponse:
    """Report a payment made elsewhere; it posts 3 business days later."""
    with store.transaction() as conn:
        return ModelResponse(payments.create_report(conn, principal.customer_id, body, today), 201)


@router.post(
    "/paymentPromise",
    status_code=201,
    response_model=PaymentPromise,
    responses=contract.CREATE_PROMISE,
)
def create_payment_promise(
    body: PaymentPromiseCreate, principal: PrincipalDep, store: StoreDep, today: TodayDep
) -> ModelResponse:
    """Promise to pay an overdue bill, from tomorrow up to 10 days ahead; once per bill."""
    with store.transaction() as conn:
        return ModelResponse(
            payments.create_promise(conn, principal.customer_id, body, today), 201
        )
