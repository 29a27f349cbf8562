"""TMF654 Prepay Balance Management (buckets, top-ups, transfers, balance history), TMF677
Usage Consumption, the SMS log (TMF681's name), and our own: the prepaid catalogue, the
number check and balance advances. A top-up itself is paid with POST /payment."""

from __future__ import annotations

import sqlite3
from typing import Annotated

from fastapi import APIRouter, Header, Path, Query, Request, Response

from miclaro_tui.models import (
    E164_PATTERN,
    ID_MAX,
    ID_PATTERN,
    BalanceAction,
    BalanceAdvance,
    BalanceAdvanceCreate,
    BalanceAdvanceOffer,
    Bucket,
    CommunicationMessage,
    NumberCheck,
    PrepaidCatalog,
    TopupBalance,
    TransferBalance,
    TransferBalanceCreate,
    UsageConsumptionReport,
)
from miclaro_tui.sandbox import (
    advances,
    contract,
    contract_prepaid,
    idempotency,
    keyed,
    numbers,
    prepaid,
    prepaid_catalog,
    timezones,
    topups,
    transfers,
)
from miclaro_tui.sandbox.deps import IdPath, NowDep, PrincipalDep, StoreDep, TodayDep
from miclaro_tui.sandbox.responses import ModelResponse, to_json

PREPAY_API = "/tmf-api/prepayBalanceManagement/v4"
USAGE_API = "/tmf-api/usageConsumption/v4"
COMMUNICATION_API = "/tmf-api/communicationManagement/v4"

catalog_router = APIRouter(prefix=PREPAY_API, tags=["prepaid"])
router = APIRouter(prefix=PREPAY_API, tags=["prepaid"], responses=contract.AUTHENTICATED)
usage_router = APIRouter(prefix=USAGE_API, tags=["prepaid"], responses=contract.AUTHENTICATED)
messages_router = APIRouter(
    prefix=COMMUNICATION_API, tags=["prepaid"], responses=contract.AUTHENTICATED
)

LineQuery = Annotated[
    str,
    Query(alias="product.id", max_length=ID_MAX, pattern=ID_PATTERN, description="a line's id"),
]
NumberQuery = Annotated[
    str, Query(max_length=16, pattern=E164_PATTERN, description="a number in E.164")
]
MoveKey = Annotated[
    str,
    Header(
        alias="Idempotency-Key",
        min_length=8,
        max_length=64,
        pattern=ID_PATTERN,
        description="One per intent, reused by its retries: the same key and body replay the"
        " first answer (a refusal included); another body is 422 idempotencyKeyReuse; a key"
        " still in flight is 409 requestInProgress",
    ),
]
CountryPath = Annotated[
    str, Path(pattern=r"^[A-Z]{2}$", description="ISO 3166 country: CO, BR, PE, EC, DO")
]


@catalog_router.get(
    "/prepaidCatalog/{country}", response_model=PrepaidCatalog, responses=contract_prepaid.CATALOG
)
async def get_prepaid_catalog(country: CountryPath) -> ModelResponse:
    """The country's top-up presets and limits, transfer limits and cost, and packs (ours; no
    sign-in needed)."""
    return ModelResponse(prepaid_catalog.catalog(country))


@router.get("/bucket", response_model=list[Bucket], responses=contract_prepaid.LINE_READ)
async def list_buckets(
    line_id: LineQuery, principal: PrincipalDep, store: StoreDep, today: TodayDep, now: NowDep
) -> ModelResponse:
    """What is left on one of the caller's prepaid lines: money, data, minutes, SMS."""
    with store.read() as conn:
        moment = timezones.moment(today, now, principal.country)
        return ModelResponse(prepaid.list_buckets(conn, principal.customer_id, line_id, moment))


@usage_router.get(
    "/usageConsumptionReport",
    response_model=list[UsageConsumptionReport],
    responses=contract_prepaid.USAGE,
)
async def list_usage_consumption_reports(
    line_id: LineQuery, principal: PrincipalDep, store: StoreDep, today: TodayDep, now: NowDep
) -> ModelResponse:
    """The line's usage in each of the last 6 whole months, oldest first (one report)."""
    with store.read() as conn:
        moment = timezones.moment(today, now, principal.country)
        report = prepaid.usage_report(conn, principal.customer_id, line_id, today, moment)
    return ModelResponse([report])


@router.get("/numberCheck", response_model=NumberCheck, responses=contract_prepaid.NUMBER_CHECK)
async def check_number(
    number: NumberQuery, principal: PrincipalDep, store: StoreDep
) -> ModelResponse:
    """Whether a number of the caller's country is a prepaid line of the carrier (ours):
    only those can be topped up or receive balance."""
    with store.read() as conn:
        return ModelResponse(numbers.check(conn, number, principal.country))


@router.get(
    "/topupBalance", response_model=list[TopupBalance], responses=contract_prepaid.LINE_READ
)
async def list_topup_balances(
    line_id: LineQuery, principal: PrincipalDep, store: StoreDep
) -> ModelResponse:
    """The line's top-ups, newest first."""
    with store.read() as conn:
        return ModelResponse(topups.list_topups(conn, principal.customer_id, line_id))


@router.get("/topupBalance/{id}", response_model=TopupBalance, responses=contract_prepaid.TOPUP)
async def get_topup_balance(id: IdPath, principal: PrincipalDep, store: StoreDep) -> ModelResponse:
    """A top-up of one of the caller's lines, or one the caller paid."""
    with store.read() as conn:
        return ModelResponse(topups.get_topup(conn, principal.customer_id, id))


@router.post(
    "/transferBalance",
    status_code=201,
    response_model=TransferBalance,
    responses=contract_prepaid.TRANSFER,
)
def create_transfer_balance(
    request: Request,
    body: TransferBalanceCreate,
    principal: PrincipalDep,
    store: StoreDep,
    today: TodayDep,
    now: NowDep,
    idempotency_key: MoveKey,
) -> Response:
    """Send balance, or gift a pack, to another prepaid line of the carrier in the country;
    the receiver gets an SMS."""
    customer_id = principal.customer_id

    def work(conn: sqlite3.Connection) -> idempotency.Reply:
        made = transfers.create(conn, customer_id, body, today, now)
        return idempotency.Reply(201, to_json(made))

    return keyed.answer(
        request,
        store,
        customer_id,
        idempotency_key,
        "transfer_balance",
        idempotency.digest(body),
        work,
        now,
    )


@router.get(
    "/transferBalance/{id}", response_model=TransferBalance, responses=contract_prepaid.GET_TRANSFER
)
async def get_transfer_balance(
    id: IdPath, principal: PrincipalDep, store: StoreDep
) -> ModelResponse:
    with store.read() as conn:
        return ModelResponse(transfers.get(conn, principal.customer_id, id))


@router.get(
    "/balanceAdvance/offer",
    response_model=BalanceAdvanceOffer,
    responses=contract_prepaid.LINE_READ,
)
async def get_balance_advance_offer(
    line_id: LineQuery, principal: PrincipalDep, store: StoreDep, today: TodayDep
) -> ModelResponse:
    """Whether the line may borrow balance now, how much and at what fee (ours)."""
    with store.read() as conn:
        return ModelResponse(advances.get_offer(conn, principal.customer_id, line_id, today))


@router.post(
    "/balanceAdvance",
    status_code=201,
    response_model=BalanceAdvance,
    responses=contract_prepaid.ADVANCE,
)
def create_balance_advance(
    request: Request,
    body: BalanceAdvanceCreate,
    principal: PrincipalDep,
    store: StoreDep,
    today: TodayDep,
    now: NowDep,
    idempotency_key: MoveKey,
) -> Response:
    """Take the offered advance (the amount must be the offer's); the next top-ups repay it,
    amount and fee, before crediting anything (ours)."""
    customer_id = principal.customer_id

    def work(conn: sqlite3.Connection) -> idempotency.Reply:
        made = advances.take(conn, customer_id, body, today, now)
        return idempotency.Reply(201, to_json(made))

    return keyed.answer(
        request,
        store,
        customer_id,
        idempotency_key,
        "balance_advance",
        idempotency.digest(body),
        work,
        now,
    )


@router.get(
    "/balanceActionHistory",
    response_model=list[BalanceAction],
    responses=contract_prepaid.LINE_READ,
)
async def list_balance_actions(
    line_id: LineQuery, principal: PrincipalDep, store: StoreDep
) -> ModelResponse:
    """Top-ups, transfers, gifts, advances and repayments of the line, newest first; amounts
    are signed (credits positive, debits negative)."""
    with store.read() as conn:
        return ModelResponse(prepaid.list_actions(conn, principal.customer_id, line_id))


@router.get(
    "/balanceActionHistory/{id}/receipt",
    response_class=Response,
    responses=contract.merge(
        {200: {"content": {"application/pdf": {}}, "description": "The receipt as a PDF"}},
        contract_prepaid.ACTION_RECEIPT,
    ),
)
def get_balance_action_receipt(id: IdPath, principal: PrincipalDep, store: StoreDep) -> Response:
    from miclaro_tui.sandbox.balance_receipts import render_balance_receipt  # fpdf: slow import

    with store.read() as conn:
        action, line = prepaid.get_action(conn, principal.customer_id, id)
    return Response(
        render_balance_receipt(action, line["country"]),
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{action.receiptNo or id}.pdf"'},
    )


@messages_router.get(
    "/communicationMessage",
    response_model=list[CommunicationMessage],
    responses=contract_prepaid.MESSAGES,
)
async def list_communication_messages(
    receiver: NumberQuery, principal: PrincipalDep, store: StoreDep
) -> ModelResponse:
    """The SMS the carrier sent to a number (the sandbox's log), newest first: to one of the
    caller's own numbers, every message; to a number the caller topped up or sent balance to,
    only the messages the caller's own top-ups and transfers caused."""
    with store.read() as conn:
        return ModelResponse(prepaid.list_messages(conn, principal.customer_id, receiver))
