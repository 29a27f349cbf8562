"""Kiosk mode at a cash payment point (ours, and TMF676 Refund for voids): denominations,
shifts with their X and Z reports, the customer lookup, voids and their receipts. Every route
is for kiosk staff only (403 operatorsOnly for a customer's token); the cash itself is taken
through ``POST /payment`` with a ``cash`` payment method."""

from __future__ import annotations

import sqlite3
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from miclaro_tui.models import (
    CashDenominations,
    KioskCustomer,
    KioskShift,
    KioskShiftCreate,
    Payment,
    Refund,
    RefundCreate,
    ShiftCloseRequest,
    ShiftReport,
)
from miclaro_tui.sandbox import (
    auth,
    billing,
    contract,
    contract_kiosk,
    idempotency,
    keyed,
    kiosk_cash,
    kiosk_lookup,
    kiosk_shifts,
    payment_reads,
    refunds,
)
from miclaro_tui.sandbox.deps import IdPath, KioskKey, NowDep, StaffDep, StoreDep, TodayDep
from miclaro_tui.sandbox.errors import ApiException
from miclaro_tui.sandbox.responses import ModelResponse, pdf, to_json

router = APIRouter(tags=["kiosk"], responses=contract_kiosk.KIOSK)
refund_router = APIRouter(
    prefix=billing.PAYMENT_API, tags=["kiosk"], responses=contract_kiosk.KIOSK
)

Country = Annotated[str, Path(pattern=r"^[A-Z]{2}$", description="ISO 3166 country, e.g. CO")]
LookupValue = Annotated[str | None, Query(min_length=1, max_length=60)]


@router.get(
    "/cashDenominations/{country}",
    response_model=CashDenominations,
    responses=contract_kiosk.DENOMINATIONS,
)
async def list_cash_denominations(country: Country, staff: StaffDep) -> ModelResponse:
    """The notes and coins a till of the country counts, highest first."""
    return ModelResponse(kiosk_cash.denominations(country))


@router.post(
    "/kioskShift", status_code=201, response_model=KioskShift, responses=contract_kiosk.OPEN_SHIFT
)
def open_kiosk_shift(
    request: Request,
    body: KioskShiftCreate,
    staff: StaffDep,
    store: StoreDep,
    today: TodayDep,
    now: NowDep,
    idempotency_key: KioskKey,
) -> Response:
    """Open a shift on a terminal with the float counted by denomination."""

    def work(conn: sqlite3.Connection) -> idempotency.Reply:
        return idempotency.Reply(
            201, to_json(kiosk_shifts.open_shift(conn, staff, body, today, now))
        )

    return keyed.answer(
        request,
        store,
        staff.customer_id,
        idempotency_key,
        "open_kiosk_shift",
        idempotency.digest(body),
        work,
        now,
    )


@router.get(
    "/kioskShift/current", response_model=KioskShift, responses=contract_kiosk.CURRENT_SHIFT
)
async def get_current_kiosk_shift(staff: StaffDep, store: StoreDep) -> ModelResponse:
    """The caller's open shift (404 noOpenShift when there is none)."""
    with store.read() as conn:
        shift = kiosk_shifts.current_shift(conn, staff)
    if shift is None:
        raise ApiException(404, "noOpenShift", "You have no open shift: open one first")
    return ModelResponse(shift)


@router.get("/kioskShift/{id}", response_model=KioskShift, responses=contract_kiosk.GET_SHIFT)
async def get_kiosk_shift(id: IdPath, staff: StaffDep, store: StoreDep) -> ModelResponse:
    """A shift of the caller's (a supervisor: any of their country's)."""
    with store.read() as conn:
        return ModelResponse(kiosk_shifts.get_shift(conn, staff, id))


@router.get(
    "/kioskShift/{id}/report", response_model=ShiftReport, responses=contract_kiosk.SHIFT_REPORT
)
def get_kiosk_shift_report(
    id: IdPath, staff: StaffDep, store: StoreDep, today: TodayDep, now: NowDep
) -> ModelResponse:
    """The X report of an open shift (totals by operation, the cash expected now), or the Z
    report of a closed one."""
    with store.read() as conn:
        return ModelResponse(kiosk_shifts.report(conn, staff, id, today, now))


@router.get(
    "/kioskShift/{id}/payments",
    response_model=list[Payment],
    responses=contract_kiosk.SHIFT_PAYMENTS,
)
async def list_kiosk_shift_payments(id: IdPath, staff: StaffDep, store: StoreDep) -> ModelResponse:
    """The cash payments taken in the shift, newest first, voided ones too (their ``refund``
    is set): for the shift's operator or a supervisor of its country; the customers' names
    masked. A till restarted mid-shift lists from it what it may still void."""
    with store.read() as conn:
        kiosk_shifts.visible_shift(conn, staff, id)
        return ModelResponse(payment_reads.shift_payments(conn, staff.customer_id, id))


@router.post(
    "/kioskShift/{id}/close", response_model=ShiftReport, responses=contract_kiosk.CLOSE_SHIFT
)
def close_kiosk_shift(
    request: Request,
    id: IdPath,
    body: ShiftCloseRequest,
    staff: StaffDep,
    store: StoreDep,
    today: TodayDep,
    now: NowDep,
    idempotency_key: KioskKey,
) -> Response:
    """Close the shift with the cash counted by denomination: the Z report, with the surplus
    or the shortfall against float + cash in - change - voids. It cannot reopen."""

    def work(conn: sqlite3.Connection) -> idempotency.Reply:
        report = kiosk_shifts.close(conn, staff, id, body.count, today, now)
        return idempotency.Reply(200, to_json(report))

    return keyed.answer(
        request,
        store,
        staff.customer_id,
        idempotency_key,
        "close_kiosk_shift",
        idempotency.digest(body, path_id=id),
        work,
        now,
    )


@router.get("/kioskLookup", response_model=KioskCustomer, responses=contract_kiosk.LOOKUP)
async def kiosk_lookup_customer(
    staff: StaffDep,
    store: StoreDep,
    line: LookupValue = None,
    document: LookupValue = None,
    reference: LookupValue = None,
) -> ModelResponse:
    """A customer of the caller's country by exactly one of: line number, identity document,
    or the payment reference / barcode digits of a bill. Only what the counter needs: the
    name and document masked, unpaid bills, prepaid lines."""
    with store.read() as conn:
        return ModelResponse(
            kiosk_lookup.lookup(conn, staff, line=line, document=document, reference=reference)
        )


@refund_router.post(
    "/refund", status_code=201, response_model=Refund, responses=contract_kiosk.CREATE_REFUND
)
def create_refund(
    request: Request,
    body: RefundCreate,
    staff: StaffDep,
    store: StoreDep,
    today: TodayDep,
    now: NowDep,
    idempotency_key: KioskKey,
) -> Response:
    """Void a cash payment of an open shift, with a reason: by the operator who took it, or
    with a supervisor (signed in, or approving with their credentials in ``supervisor``)."""
    approver_id = None
    if body.supervisor is not None:
        approver = auth.check_supervisor(
            store, body.supervisor.username, body.supervisor.password, staff.country, now
        )
        approver_id = int(approver["id"])
    # The password is not digested: the stored digest must not be a hash of it.
    anonymous = body.model_copy(update={"supervisor": None})
    supervisor = body.supervisor.username if body.supervisor else ""

    def work(conn: sqlite3.Connection) -> idempotency.Reply:
        refund = refunds.void(conn, staff, body, approver_id, today, now)
        return idempotency.Reply(201, to_json(refund))

    return keyed.answer(
        request,
        store,
        staff.customer_id,
        idempotency_key,
        "create_refund",
        idempotency.digest(anonymous, path_id=supervisor),
        work,
        now,
    )


@refund_router.get("/refund/{id}", response_model=Refund, responses=contract_kiosk.GET_REFUND)
async def get_refund(id: IdPath, staff: StaffDep, store: StoreDep) -> ModelResponse:
    """A void the caller made, approved or whose payment they took (a supervisor: any of
    their country's)."""
    with store.read() as conn:
        return ModelResponse(refunds.get_refund(conn, staff, id))


@refund_router.get(
    "/refund/{id}/receipt",
    response_class=Response,
    responses=contract.merge(
        contract.pdf("The void's receipt as a PDF"),
        contract_kiosk.GET_REFUND,
    ),
)
def get_refund_receipt(id: IdPath, staff: StaffDep, store: StoreDep) -> Response:
    """The receipt of a void as a PDF: the payment it undid and that the bill is unpaid again."""
    from miclaro_tui.sandbox.receipts import render_refund_receipt  # fpdf is slow to import

    with store.read() as conn:
        document = refunds.refund_document(conn, staff, id)
    return pdf(render_refund_receipt(document), document.refund.receiptNo)
