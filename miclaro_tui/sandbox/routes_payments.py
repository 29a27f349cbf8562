"""TMF670 Payment Method (card tokenisation), PSE banks, and TMF676 Payment Management:
payments, their receipts, payment reports and promises to pay."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Response

from miclaro_tui.models import (
    ApiError,
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
from miclaro_tui.sandbox import billing, cards, idempotency, payments, pse
from miclaro_tui.sandbox.deps import PrincipalDep, StoreDep, TodayDep
from miclaro_tui.sandbox.errors import (
    ERROR_RESPONSES,
    LISTED,
    ApiException,
    error_response,
)

METHOD_API = "/tmf-api/paymentMethods/v4"
MAX_PAGE = 100

methods_router = APIRouter(
    prefix=METHOD_API, tags=["paymentMethod"], responses=ERROR_RESPONSES
)
pse_router = APIRouter(prefix="/pse", tags=["paymentMethod"])
router = APIRouter(prefix=billing.PAYMENT_API, tags=["payment"], responses=ERROR_RESPONSES)

CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"model": ApiError, "description": "The payment is not in a state that allows this"}
}


def _json(content: Any) -> bytes:
    # What FastAPI's JSONResponse writes, so stored answers replay byte for byte.
    return json.dumps(
        content, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":")
    ).encode("utf-8")


@methods_router.post("/paymentMethod", status_code=201, response_model=TokenizedCard)
def create_payment_method(
    body: CardCreate, principal: PrincipalDep, store: StoreDep, today: TodayDep
) -> TokenizedCard:
    """Tokenise a card. Only the token, brand, last four digits, expiry and holder are kept:
    the number and the CVV are never stored, logged or sent back.

    Sandbox test cards, by the last four digits of any Luhn-valid number: 0002 declines with
    insufficientFunds, 0069 with expiredCard, 0119 with doNotHonour; 0077 stays
    pendingAuthorization until the next GET of the payment; any other number approves."""
    with store.transaction() as conn:
        return cards.tokenize(conn, principal.customer_id, body, today)


@pse_router.get("/bank", response_model=list[Bank])
def list_pse_banks() -> list[Bank]:
    """The banks of Colombia's PSE network, for a bankAccountTransfer payment."""
    return list(pse.BANKS)


@router.post(
    "/payment",
    status_code=201,
    response_model=Payment,
    responses={
        402: {"model": ApiError, "description": "The card was declined (code says why)"},
        409: {"model": ApiError, "description": "The same Idempotency-Key is still in flight"},
    },
)
def create_payment(
    body: PaymentCreate,
    principal: PrincipalDep,
    store: StoreDep,
    today: TodayDep,
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            description="Required; equal to correlatorId. The same key and body replay the"
            " first answer; another body is 422; a key still in flight is 409.",
        ),
    ] = None,
) -> Response:
    """Pay bills with a tokenised card or PSE. Answers 201 with the payment (done or
    pendingAuthorization) or 402 when the card is declined (the denied payment is kept)."""
    key = (idempotency_key or "").strip()
    if not key:
        raise ApiException(
            422, "validationError", "Idempotency-Key: the header is required",
            field="Idempotency-Key",
        )
    if key != body.correlatorId:
        raise payments.invalid("correlatorId", "must equal the Idempotency-Key header")
    customer_id = principal.customer_id
    stored = idempotency.claim(store, customer_id, key, "payment", idempotency.digest(body))
    if stored is not None:
        return Response(stored.body, stored.status, media_type="application/json")
    try:
        with store.transaction() as conn:
            answer = payments.create_payment(conn, customer_id, body, today)
            content = _json(answer.content)
            idempotency.finish(conn, customer_id, key, answer.status, content)
    except ApiException as exc:
        response = error_response(exc.status, exc.code, exc.message, exc.field, exc.headers)
        with store.transaction() as conn:
            idempotency.finish(conn, customer_id, key, exc.status, bytes(response.body))
        return response
    except BaseException:
        idempotency.release(store, customer_id, key)
        raise
    return Response(content, answer.status, media_type="application/json")


@router.get("/payment", response_model=list[Payment], responses=LISTED)
def list_payments(
    response: Response,
    principal: PrincipalDep,
    store: StoreDep,
    account_id: Annotated[str | None, Query(alias="account.id")] = None,
    correlator_id: Annotated[str | None, Query(alias="correlatorId")] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
) -> list[Payment]:
    """The caller's payments, newest first; ``X-Total-Count`` has the number of matches."""
    with store.read() as conn:
        found, total = payments.list_payments(
            conn, principal.customer_id, account_id=account_id, correlator_id=correlator_id,
            offset=offset, limit=limit,
        )
    response.headers["X-Total-Count"] = str(total)
    return found


@router.get("/payment/{id}", response_model=Payment)
def get_payment(id: str, principal: PrincipalDep, store: StoreDep, today: TodayDep) -> Payment:
    """A payment. Each GET of a payment pending authorization moves it along (sandbox)."""
    with store.read() as conn:
        pending = payments.is_pending(conn, principal.customer_id, id)
    if not pending:
        with store.read() as conn:
            return payments.get_payment(conn, principal.customer_id, id)
    with store.transaction() as conn:
        payments.advance(conn, principal.customer_id, id, today)
        return payments.get_payment(conn, principal.customer_id, id)


@router.post("/payment/{id}/cancel", response_model=Payment, responses=CONFLICT)
def cancel_payment(id: str, principal: PrincipalDep, store: StoreDep, today: TodayDep) -> Payment:
    """Cancel a payment still pending authorization (409 notCancelable otherwise)."""
    with store.transaction() as conn:
        return payments.cancel(conn, principal.customer_id, id, today)


@router.get(
    "/payment/{id}/receipt",
    response_class=Response,
    responses={
        200: {"content": {"application/pdf": {}}, "description": "The receipt as a PDF"},
        **CONFLICT,
    },
)
def get_payment_receipt(id: str, principal: PrincipalDep, store: StoreDep) -> Response:
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
            "SELECT name, country FROM customer WHERE id = ?", (principal.customer_id,)
        ).fetchone()
        document = ReceiptDocument(
            payment=payment,
            holder=holder["name"],
            holder_document=billing.customer_document(conn, principal.customer_id),
            country=holder["country"],
        )
    return Response(
        render_receipt(document),
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{payment.receiptNo}.pdf"'},
    )


@router.post("/paymentReport", status_code=201, response_model=PaymentReport)
def create_payment_report(
    body: PaymentReportCreate, principal: PrincipalDep, store: StoreDep, today: TodayDep
) -> PaymentReport:
    """Report a payment made elsewhere; it posts 3 business days later."""
    with store.transaction() as conn:
        return payments.create_report(conn, principal.customer_id, body, today)


@router.post(
    "/paymentPromise",
    status_code=201,
    response_model=PaymentPromise,
    responses={409: {"model": ApiError, "description": "The bill already has a promise"}},
)
def create_payment_promise(
    body: PaymentPromiseCreate, principal: PrincipalDep, store: StoreDep, today: TodayDep
) -> PaymentPromise:
    """Promise to pay an overdue bill, from tomorrow up to 10 days ahead; once per bill."""
    with store.transaction() as conn:
        return payments.create_promise(conn, principal.customer_id, body, today)
