"""TMF666 Account Management: the caller's billing accounts."""

from __future__ import annotations

from fastapi import APIRouter

from miclaro_tui.models import BillingAccount
from miclaro_tui.sandbox import billing, contract, contract_accounts
from miclaro_tui.sandbox.deps import IdPath, Limit, NowDep, Offset, PrincipalDep, StoreDep, TodayDep
from miclaro_tui.sandbox.responses import ModelResponse, listed

router = APIRouter(
    prefix=billing.ACCOUNT_API, tags=["billingAccount"], responses=contract.AUTHENTICATED
)


@router.get(
    "/billingAccount",
    response_model=list[BillingAccount],
    responses=contract.merge(contract.LISTED, contract_accounts.LIST_ACCOUNTS),
)
async def list_billing_accounts(
    principal: PrincipalDep,
    store: StoreDep,
    today: TodayDep,
    now: NowDep,
    offset: Offset = 0,
    limit: Limit = 50,
) -> ModelResponse:
    """The caller's billing accounts, one page at a time: postpaid first, then by id.
    ``X-Total-Count`` has how many there are in all."""
    with store.read() as conn:
        accounts, total = billing.list_accounts(
            conn, principal.customer_id, today, now, offset=offset, limit=limit
        )
    return listed(accounts, total)


@router.get(
    "/billingAccount/{id}", response_model=BillingAccount, responses=contract_accounts.GET_ACCOUNT
)
async def get_billing_account(
    id: IdPath, principal: PrincipalDep, store: StoreDep, today: TodayDep, now: NowDep
) -> ModelResponse:
    with store.read() as conn:
        return ModelResponse(billing.get_account(conn, principal.customer_id, id, today, now))
