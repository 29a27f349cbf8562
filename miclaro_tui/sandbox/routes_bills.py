"""TMF678 Customer Bill Management: bills, their items, the PDF and e-mailing it."""

from __future__ import annotations

import sqlite3
from typing import Annotated, get_args

from fastapi import APIRouter, Body, Query, Request, Response

from miclaro_tui.models import (
    ID_MAX,
    ID_PATTERN,
    AppliedCustomerBillingRate,
    BillSendRequest,
    BillSendResult,
    BillState,
    CustomerBill,
    IsoDay,
)
from miclaro_tui.sandbox import (
    billing,
    bills,
    contract,
    contract_accounts,
    documents,
    idempotency,
    keyed,
    rates,
)
from miclaro_tui.sandbox.deps import (
    IdPath,
    Limit,
    NowDep,
    Offset,
    OptionalKey,
    PrincipalDep,
    StoreDep,
    TodayDep,
    id_query,
)
from miclaro_tui.sandbox.errors import ApiException
from miclaro_tui.sandbox.responses import ModelResponse, listed, pdf, to_json

router = APIRouter(prefix=billing.BILL_API, tags=["customerBill"], responses=contract.AUTHENTICATED)

BILL_STATES = get_args(BillState)
STATE_NAMES = "|".join(BILL_STATES)
SORT_NAMES = "|".join(bills.SORT_COLUMNS)


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


@router.get(
    "/customerBill",
    response_model=list[CustomerBill],
    responses=contract.merge(contract.LISTED, contract_accounts.LIST_BILLS),
)
async def list_customer_bills(
    principal: PrincipalDep,
    store: StoreDep,
    state: Annotated[
        str | None,
        Query(
            max_length=100,
            pattern=rf"^ *({STATE_NAMES}) *(, *({STATE_NAMES}) *)*$",
            description="one state or several, comma-separated: new,sent",
        ),
    ] = None,
    account_id: Annotated[str | None, id_query("billingAccount.id")] = None,
    sort: Annotated[
        str | None,
        Query(
            max_length=100,
            pattern=rf"^ *[-+]?({SORT_NAMES}) *(, *[-+]?({SORT_NAMES}) *)*$",
            description="fields to sort by, comma-separated, each ascending or with a leading"
            " `-` descending: billDate, paymentDueDate. Ties go by id. Default `-billDate`"
            " (newest first). The oldest unpaid bill: `state=new,sent,partiallyPaid&"
            "sort=paymentDueDate,billDate&limit=1`",
        ),
    ] = None,
    due_before: Annotated[
        IsoDay | None,
        Query(
            alias="paymentDueDate.lt",
            description="due before this day (ISO date): overdue"
            " bills are the unpaid ones due before today",
        ),
    ] = None,
    due_from: Annotated[
        IsoDay | None,
        Query(alias="paymentDueDate.gte", description="due on or after this day (ISO date)"),
    ] = None,
    issued_before: Annotated[
        IsoDay | None, Query(alias="billDate.lt", description="issued before this day (ISO date)")
    ] = None,
    issued_from: Annotated[
        IsoDay | None,
        Query(alias="billDate.gte", description="issued on or after this day (ISO date)"),
    ] = None,
    offset: Offset = 0,
    limit: Limit = 50,
) -> ModelResponse:
    """The caller's bills, filtered and sorted; ``X-Total-Count`` has the number of matches
    of the filters (so `limit=1` counts, e.g. the overdue bills with
    `state=new,sent,partiallyPaid&paymentDueDate.lt=<today>`)."""
    query = bills.BillQuery(
        states=tuple(parse_states(state) or ()),
        account_id=account_id,
        due_before=due_before,
        due_from=due_from,
        issued_before=issued_before,
        issued_from=issued_from,
        sort=bills.parse_sort(sort),
    )
    with store.read() as conn:
        found, total = bills.list_bills(
            conn, principal.customer_id, query, offset=offset, limit=limit
        )
    return listed(found, total)


@router.get("/customerBill/{id}", response_model=CustomerBill, responses=contract_accounts.GET_BILL)
async def get_customer_bill(id: IdPath, principal: PrincipalDep, store: StoreDep) -> ModelResponse:
    with store.read() as conn:
        return ModelResponse(bills.get_bill(conn, principal.customer_id, id))


@router.get(
    "/customerBill/{id}/document",
    response_class=Response,
    responses=contract.merge(
        contract.pdf("The bill as a PDF"),
        contract_accounts.BILL_DOCUMENT,
    ),
)
def get_customer_bill_document(
    id: IdPath, principal: PrincipalDep, store: StoreDep, today: TodayDep
) -> Response:
    from miclaro_tui.sandbox.pdf import render_bill  # fpdf is slow to import

    with store.read() as conn:
        document = documents.bill_document(conn, principal.customer_id, id, today)
    return pdf(render_bill(document), document.bill.billNo)


@router.post(
    "/customerBill/{id}/send",
    status_code=202,
    response_model=BillSendResult,
    responses=contract_accounts.SEND_BILL,
)
def send_customer_bill(
    request: Request,
    id: IdPath,
    principal: PrincipalDep,
    store: StoreDep,
    today: TodayDep,
    now: NowDep,
    idempotency_key: OptionalKey = None,
    body: Annotated[BillSendRequest | None, Body()] = None,
) -> Response:
    """E-mail the bill, to the given address or the account's."""
    asked = body or BillSendRequest()  # no body means {}: the account's address
    customer_id = principal.customer_id

    def work(conn: sqlite3.Connection) -> idempotency.Reply:
        sent = bills.send_bill(conn, customer_id, id, asked.email, today, now)
        return idempotency.Reply(202, to_json(sent))

    return keyed.answer(
        request,
        store,
        customer_id,
        idempotency_key,
        "send_customer_bill",
        idempotency.digest(asked, path_id=id),
        work,
        now,
    )


@router.get(
    "/appliedCustomerBillingRate",
    response_model=list[AppliedCustomerBillingRate],
    responses=contract.merge(contract.LISTED, contract_accounts.LIST_RATES),
)
async def list_applied_customer_billing_rates(
    principal: PrincipalDep,
    store: StoreDep,
    bill_id: Annotated[
        str,
        Query(
            alias="bill.id",
            max_length=ID_MAX,
            pattern=ID_PATTERN,
            description="the bill whose items to list",
        ),
    ],
) -> ModelResponse:
    """A bill's items: plan, usage, surcharges, credits and one line per tax."""
    with store.read() as conn:
        items = rates.bill_rates(conn, principal.customer_id, bill_id)
    return listed(items, len(items))


@router.get(
    "/appliedCustomerBillingRate/{id}",
    response_model=AppliedCustomerBillingRate,
    responses=contract_accounts.GET_RATE,
)
async def get_applied_customer_billing_rate(
    id: IdPath, principal: PrincipalDep, store: StoreDep
) -> ModelResponse:
    with store.read() as conn:
        return ModelResponse(rates.get_rate(conn, principal.customer_id, id))
