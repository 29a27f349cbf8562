"""TMF678 Customer Bill Management: bills, their items, the PDF and e-mailing it."""

from __future__ import annotations

import re
from typing import Annotated, get_args

from fastapi import APIRouter, Body, Query, Response

from miclaro_tui.models import (
    AppliedCustomerBillingRate,
    BillSendRequest,
    BillSendResult,
    BillState,
    CustomerBill,
)
from miclaro_tui.sandbox import billing
from miclaro_tui.sandbox.deps import NowDep, PrincipalDep, StoreDep, TodayDep
from miclaro_tui.sandbox.errors import ERROR_RESPONSES, LISTED, ApiException

router = APIRouter(prefix=billing.BILL_API, tags=["customerBill"], responses=ERROR_RESPONSES)

BILL_STATES = get_args(BillState)
MAX_PAGE = 100
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def parse_states(state: str | None) -> list[str] | None:
    if not state:
        return None
    states = [part.strip() for part in state.split(",") if part.strip()]
    unknown = [s for s in states if s not in BILL_STATES]
    if unknown:
        raise ApiException(
            422,
            "validationError",
            f"state: unknown bill state {unknown[0]!r}; use {', '.join(BILL_STATES)}",
            field="state",
        )
    return states


@router.get("/customerBill", response_model=list[CustomerBill], responses=LISTED)
def list_customer_bills(
    response: Response,
    principal: PrincipalDep,
    store: StoreDep,
    state: Annotated[
        str | None, Query(description="one state or several, comma-separated: new,sent")
    ] = None,
    account_id: Annotated[str | None, Query(alias="billingAccount.id")] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
) -> list[CustomerBill]:
    """The caller's bills, newest first; ``X-Total-Count`` has the number of matches."""
    states = parse_states(state)
    with store.read() as conn:
        bills, total = billing.list_bills(
            conn, principal.customer_id, states=states, account_id=account_id,
            offset=offset, limit=limit,
        )
    response.headers["X-Total-Count"] = str(total)
    return bills


@router.get("/customerBill/{id}", response_model=CustomerBill)
def get_customer_bill(id: str, principal: PrincipalDep, store: StoreDep) -> CustomerBill:
    with store.read() as conn:
        return billing.get_bill(conn, principal.customer_id, id)


@router.get(
    "/customerBill/{id}/document",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "The bill as a PDF"}},
)
def get_customer_bill_document(
    id: str, principal: PrincipalDep, store: StoreDep, today: TodayDep
) -> Response:
    from miclaro_tui.sandbox.pdf import BillDocument, render_bill  # fpdf is slow to import

    with store.read() as conn:
        bill = billing.get_bill(conn, principal.customer_id, id)
        document = BillDocument(
            bill=bill,
            rates=billing.bill_rates(conn, principal.customer_id, id),
            account=billing.get_account(conn, principal.customer_id, bill.billingAccount.id, today),
            holder_document=billing.customer_document(conn, principal.customer_id),
        )
    return Response(
        render_bill(document),
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{bill.billNo}.pdf"'},
    )


@router.post("/customerBill/{id}/send", status_code=202, response_model=BillSendResult)
def send_customer_bill(
    id: str,
    principal: PrincipalDep,
    store: StoreDep,
    today: TodayDep,
    now: NowDep,
    body: Annotated[BillSendRequest | None, Body()] = None,
) -> BillSendResult:
    """E-mail the bill, to the given address or the account's."""
    with store.transaction() as conn:
        bill = billing.get_bill(conn, principal.customer_id, id)
        email = body.email.strip() if body and body.email else None
        if email is None:
            account = billing.get_account(
                conn, principal.customer_id, bill.billingAccount.id, today
            )
            email = account.email
        if not email or not _EMAIL.fullmatch(email):
            raise ApiException(
                422, "validationError", "email: not a valid e-mail address", field="email"
            )
        billing.record_bill_send(conn, id, email, now)
    return BillSendResult(billId=id, sentTo=billing.mask_email(email), status="queued")


@router.get(
    "/appliedCustomerBillingRate", response_model=list[AppliedCustomerBillingRate], responses=LISTED
)
def list_applied_customer_billing_rates(
    response: Response,
    principal: PrincipalDep,
    store: StoreDep,
    bill_id: Annotated[str, Query(alias="bill.id", description="the bill whose items to list")],
) -> list[AppliedCustomerBillingRate]:
    """A bill's items: plan, usage, surcharges, credits and one line per tax."""
    with store.read() as conn:
        rates = billing.bill_rates(conn, principal.customer_id, bill_id)
    response.headers["X-Total-Count"] = str(len(rates))
    return rates


@router.get("/appliedCustomerBillingRate/{id}", response_model=AppliedCustomerBillingRate)
def get_applied_customer_billing_rate(
    id: str, principal: PrincipalDep, store: StoreDep
) -> AppliedCustomerBillingRate:
    with store.read() as conn:
        return billing.get_rate(conn, principal.customer_id, id)
