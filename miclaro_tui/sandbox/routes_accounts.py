"""TMF666 Account Management: the caller's billing accounts."""

from __future__ import annotations

from fastapi import APIRouter, Response

from miclaro_tui.models import BillingAccount
from miclaro_tui.sandbox import billing
from miclaro_tui.sandbox.deps import PrincipalDep, StoreDep, TodayDep
from miclaro_tui.sandbox.errors import ERROR_RESPONSES, LISTED

router = APIRouter(prefix=billing.ACCOUNT_API, tags=["billingAccount"], responses=ERROR_RESPONSES)


@router.get("/billingAccount", response_model=list[BillingAccount], responses=LISTED)
def list_billing_accounts(
    response: Response, principal: PrincipalDep, store: StoreDep, today: TodayDep
) -> list[BillingAccount]:
    with store.read() as conn:
        accounts = billing.list_accounts(conn, principal.customer_id, today)
    response.headers["X-Total-Count"] = str(len(accounts))
    return accounts


@router.get("/billingAccount/{id}", response_model=BillingAccount)
def get_billing_account(
    id: str, principal: PrincipalDep, store: StoreDep, today: TodayDep
) -> BillingAccount:
    with store.read() as conn:
        return billing.get_account(conn, principal.customer_id, id, today)
