"""Reading the account and its bills: accounts, bills, their rates and documents; e-mailing a
bill (a POST under an Idempotency-Key, one per call)."""

from __future__ import annotations

from datetime import date
from typing import Any

from miclaro_tui.api import Page
from miclaro_tui.client import decode
from miclaro_tui.client.paths import ACCOUNT, BILLING, segment
from miclaro_tui.client.session import SignedIn
from miclaro_tui.client.transport import new_idempotency_key
from miclaro_tui.models import (
    AppliedCustomerBillingRate,
    BillingAccount,
    BillSendRequest,
    BillSendResult,
    CustomerBill,
)


class Accounts(SignedIn):
    async def list_billing_accounts(self, offset: int = 0, limit: int = 50) -> Page[BillingAccount]:
        params = {"offset": offset, "limit": limit}
        response = await self._get(f"{ACCOUNT}/billingAccount", params)
        return decode.page(response, BillingAccount, offset, limit)

    async def get_billing_account(self, account_id: str) -> BillingAccount:
        response = await self._get(f"{ACCOUNT}/billingAccount/{segment(account_id)}")
        return decode.parse(response, BillingAccount)


class Bills(SignedIn):
    async def list_bills(
        self,
        account_id: str | None = None,
        state: str | None = None,
        offset: int = 0,
        limit: int = 50,
        *,
        sort: str | None = None,
        due_before: date | None = None,
        due_from: date | None = None,
        billed_from: date | None = None,
        billed_before: date | None = None,
    ) -> Page[CustomerBill]:
        params: dict[str, Any] = {"offset": offset, "limit": limit}
        if account_id is not None:
            params["billingAccount.id"] = account_id
        if state is not None:
            params["state"] = state
        for name, value in (
            ("sort", sort),
            ("paymentDueDate.lt", due_before),
            ("paymentDueDate.gte", due_from),
            ("billDate.gte", billed_from),
            ("billDate.lt", billed_before),
        ):
            if value is not None:
                params[name] = value if isinstance(value, str) else value.isoformat()
        response = await self._get(f"{BILLING}/customerBill", params)
        return decode.page(response, CustomerBill, offset, limit)

    async def get_bill(self, bill_id: str) -> CustomerBill:
        response = await self._get(f"{BILLING}/customerBill/{segment(bill_id)}")
        return decode.parse(response, CustomerBill)

    async def list_bill_rates(self, bill_id: str) -> list[AppliedCustomerBillingRate]:
        response = await self._get(f"{BILLING}/appliedCustomerBillingRate", {"bill.id": bill_id})
        return decode.parse_list(response, AppliedCustomerBillingRate)

    async def download_bill_document(self, bill_id: str) -> bytes:
        path = f"{BILLING}/customerBill/{segment(bill_id)}/document"
        return decode.pdf(await self._get(path, accept="application/pdf"), "bill document")

    async def send_bill(self, bill_id: str, email: str | None = None) -> BillSendResult:
        response = await self._post(
            f"{BILLING}/customerBill/{segment(bill_id)}/send",
            BillSendRequest(email=email),
            idempotency_key=new_idempotency_key(),
        )
        return decode.parse(response, BillSendResult)
