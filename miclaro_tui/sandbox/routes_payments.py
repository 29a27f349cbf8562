"""TMF670 Payment Method (card tokenisation), PSE banks, and TMF676 Payment Management:
payments, their receipts, payment reports and promises to pay."""

from __future__ import annotations

import sqlite3
from typing import Annotated

from fastapi import APIRouter, Request, Response

from miclaro_tui.models import (
    Bank,
    CardCreate,
    Payment,
    PaymentAbandon,
    PaymentAbandoned,
    PaymentCreate,
    PaymentPromise,
    PaymentPromiseCreate,
    PaymentReport,
    PaymentReportCreate,
    TokenizedCard,
)
from miclaro_tui.sandbox import (
    billing,
    cards,
    contract,
    contract_payments,
    documents,
    guests,
    idempotency,
    keyed,
    payment_reads,
    payments,
    promises,
    pse,
)
from miclaro_tui.sandbox.deps import (
    IdPath,
    Limit,
    NowDep,
    Offset,
    OptionalKey,
    PaymentKey,
    PrincipalDep,
    StoreDep,
    TodayDep,
    id_query,
)
from miclaro_tui.sandbox.errors import ApiException, invalid, json_body
from miclaro_tui.sandbox.responses import ModelResponse, listed, pdf, to_json

METHOD_API = "/tmf-api/paymentMethods/v4"

methods_router = APIRouter(
    prefix=METHOD_API, tags=["paymentMethod"], responses=contract.AUTHENTICATED
)
pse_router = APIRouter(prefix="/pse", tags=["paymentMethod"])
router = APIRouter(prefix=billing.PAYMENT_API, tags=["payment"], responses=contract.AUTHENTICATED)


@methods_router.post(
    "/paymentMethod",
    status_code=201,
    response_model=TokenizedCard,
    responses=contract_payments.CREATE_CARD,
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
    "/payment", status_code=201, response_model=Payment, responses=contract_payments.CREATE_PAYMENT
)
def create_payment(
    request: Request,
    body: PaymentCreate,
    principal: PrincipalDep,
    store: StoreDep,
    today: TodayDep,
    now: NowDep,
    idempotency_key: PaymentKey,
) -> Response:
    """Pay bills with a tokenised card or PSE. Answers 201 with the payment (done or
    pendingAuthorization) or 402 when the card is declined (the denied payment is kept)."""
    if idempotency_key != body.correlatorId:
        raise invalid("correlatorId", "must equal the Idempotency-Key header")
    customer_id = principal.customer_id

    def work(conn: sqlite3.Connection) -> idempotency.Reply:
        if principal.is_guest:
            guests.check_new_key(conn, customer_id, body.correlatorId)
        paid = payments.create_payment(conn, customer_id, body, today, now)
        return idempotency.Reply(paid.status, json_body(paid.content))

    return keyed.answer(
        request,
        store,
        customer_id,
        guests.kept_key(principal, idempotency_key),
        "payment",
        idempotency.digest(body),
        work,
        now,
    )


@router.post(
    "/abandonedPayment",
    response_model=PaymentAbandoned,
    responses=contract_payments.ABANDON_PAYMENT,
)
def abandon_payment(
    body: PaymentAbandon, principal: PrincipalDep, store: StoreDep, idempotency_key: PaymentKey
) -> ModelResponse:
    """Give up a payment key whose request went unanswered and made nothing: a request under
    it arriving later makes nothing either (409 paymentAbandoned). Answers 409 paymentExists
    when a payment was made under the key after all."""
    if idempotency_key != body.correlatorId:
        raise invalid("correlatorId", "must equal the Idempotency-Key header")
    try:
        idempotency.abandon(
            store,
            principal.customer_id,
            guests.kept_key(principal, body.correlatorId),
            "payment",
        )
    except idempotency.MadeUnderKey:
        raise ApiException(
            409,
            "paymentExists",
            "A payment was made under this Idempotency-Key: read it with GET"
            " /payment?correlatorId=",
        ) from None
    return ModelResponse(PaymentAbandoned(correlatorId=body.correlatorId))


@router.get(
    "/payment",
    response_model=list[Payment],
    responses=contract.merge(contract.LISTED, contract_payments.LIST_PAYMENTS),
)
async def list_payments(
    principal: PrincipalDep,
    store: StoreDep,
    account_id: Annotated[str | None, id_query("account.id")] = None,
    correlator_id: Annotated[str | None, id_query("correlatorId")] = None,
    offset: Offset = 0,
    limit: Limit = 50,
) -> ModelResponse:
    """The caller's payments, newest first; ``X-Total-Count`` has the number of matches. A
    guest session's are only those it made (under its own Idempotency-Keys)."""
    with store.read() as conn:
        found, total = payment_reads.list_payments(
            conn,
            principal.customer_id,
            account_id=account_id,
            correlator_id=correlator_id,
            guest_session=principal.guest_session,
            offset=offset,
            limit=limit,
        )
    return listed(found, total)


@router.get("/payment/{id}", response_model=Payment, responses=contract_payments.GET_PAYMENT)
def get_payment(
    id: IdPath, principal: PrincipalDep, store: StoreDep, today: TodayDep, now: NowDep
) -> ModelResponse:
    """A payment. Each GET of a payment pending authorization moves it along (sandbox)."""
    customer_id, session = principal.customer_id, principal.guest_session
    with store.read() as conn:
        pending = payment_reads.is_pending(conn, customer_id, id, session)
    if not pending:
        with store.read() as conn:
            return ModelResponse(payment_reads.get_payment(conn, customer_id, id, session))
    with store.transaction() as conn:
        payments.advance(conn, customer_id, id, today, now)
        return ModelResponse(payment_reads.get_payment(conn, customer_id, id, session))


@router.post(
    "/payment/{id}/cancel", response_model=Payment, responses=contract_payments.CANCEL_PAYMENT
)
def cancel_payment(
    request: Request,
    id: IdPath,
    principal: PrincipalDep,
    store: StoreDep,
    today: TodayDep,
    now: NowDep,
    idempotency_key: OptionalKey = None,
) -> Response:
    """Cancel a payment still pending authorization (409 notCancelable otherwise)."""
    customer_id = principal.customer_id

    def work(conn: sqlite3.Connection) -> idempotency.Reply:
        payment_reads.owned_payment(conn, customer_id, id, principal.guest_session)
        canceled = payments.cancel(conn, customer_id, id, today, now)
        return idempotency.Reply(200, to_json(canceled))

    return keyed.answer(
        request,
        store,
        customer_id,
        None if idempotency_key is None else guests.kept_key(principal, idempotency_key),
        "cancel_payment",
        idempotency.digest(None, path_id=id),
        work,
        now,
    )


@router.get(
    "/payment/{id}/receipt",
    response_class=Response,
    responses=contract.merge(
        contract.pdf("The receipt as a PDF"),
        contract_payments.RECEIPT,
    ),
)
def get_payment_receipt(id: IdPath, principal: PrincipalDep, store: StoreDep) -> Response:
    """The receipt of a done payment as a PDF (409 receiptUnavailable for other states)."""
    from miclaro_tui.sandbox.receipts import render_receipt  # fpdf is slow to import

    with store.read() as conn:
        payment_reads.owned_payment(conn, principal.customer_id, id, principal.guest_session)
        document = documents.receipt_document(conn, principal.customer_id, id)
    return pdf(render_receipt(document), document.payment.receiptNo or document.payment.id)


@router.post(
    "/paymentReport",
    status_code=201,
    response_model=PaymentReport,
    responses=contract_payments.CREATE_REPORT,
)
def create_payment_report(
    request: Request,
    body: PaymentReportCreate,
    principal: PrincipalDep,
    store: StoreDep,
    today: TodayDep,
    now: NowDep,
    idempotency_key: OptionalKey = None,
) -> Response:
    """Report a payment made elsewhere; it posts 3 business days later."""
    customer_id = principal.customer_id

    def work(conn: sqlite3.Connection) -> idempotency.Reply:
        report = promises.create_report(conn, customer_id, body, today)
        return idempotency.Reply(201, to_json(report))

    return keyed.answer(
        request,
        store,
        customer_id,
        idempotency_key,
        "create_payment_report",
        idempotency.digest(body),
        work,
        now,
    )


@router.post(
    "/paymentPromise",
    status_code=201,
    response_model=PaymentPromise,
    responses=contract_payments.CREATE_PROMISE,
)
def create_payment_promise(
    request: Request,
    body: PaymentPromiseCreate,
    principal: PrincipalDep,
    store: StoreDep,
    today: TodayDep,
    now: NowDep,
    idempotency_key: OptionalKey = None,
) -> Response:
    """Promise to pay an overdue bill, from tomorrow up to 10 days ahead; once per bill."""
    customer_id = principal.customer_id

    def work(conn: sqlite3.Connection) -> idempotency.Reply:
        promise = promises.create_promise(conn, customer_id, body, today)
        return idempotency.Reply(201, to_json(promise))

    return keyed.answer(
        request,
        store,
        customer_id,
        idempotency_key,
        "create_payment_promise",
        idempotency.digest(body),
        work,
        now,
    )
