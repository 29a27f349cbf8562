"""Prepaid lines: catalogue, buckets, usage, number checks, top-ups, transfers, advances,
the balance history and the SMS log. A top-up itself is paid through ``Payments.pay``.

Transfers and advances move money without a payment: each call gets one Idempotency-Key and
its retries reuse it, so a lost answer never moves the balance twice. A caller that lost the
answer for good may send the same request again under the key it gave the first time
(``idempotency_key``): the server answers with what it made, or makes it once.
"""

from __future__ import annotations

from miclaro_tui.client import decode
from miclaro_tui.client.paths import segment
from miclaro_tui.client.session import SignedIn
from miclaro_tui.client.transport import new_idempotency_key
from miclaro_tui.models import (
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

PREPAY = "/tmf-api/prepayBalanceManagement/v4"
USAGE = "/tmf-api/usageConsumption/v4"
COMMUNICATION = "/tmf-api/communicationManagement/v4"


class Prepaid(SignedIn):
    async def get_prepaid_catalog(self, country: str) -> PrepaidCatalog:
        response = await self._get(f"{PREPAY}/prepaidCatalog/{segment(country)}")
        return decode.parse(response, PrepaidCatalog)

    async def list_buckets(self, line_id: str) -> list[Bucket]:
        response = await self._get(f"{PREPAY}/bucket", {"product.id": line_id})
        return decode.parse_list(response, Bucket)

    async def get_usage_report(self, line_id: str) -> UsageConsumptionReport:
        response = await self._get(f"{USAGE}/usageConsumptionReport", {"product.id": line_id})
        reports = decode.parse_list(response, UsageConsumptionReport)
        if len(reports) != 1:
            raise decode.bad_response(response, "expected one usage report for the line")
        return reports[0]

    async def check_number(self, number: str) -> NumberCheck:
        response = await self._get(f"{PREPAY}/numberCheck", {"number": number})
        return decode.parse(response, NumberCheck)

    async def list_topups(self, line_id: str) -> list[TopupBalance]:
        response = await self._get(f"{PREPAY}/topupBalance", {"product.id": line_id})
        return decode.parse_list(response, TopupBalance)

    async def transfer_balance(
        self, transfer: TransferBalanceCreate, *, idempotency_key: str | None = None
    ) -> TransferBalance:
        response = await self._post(
            f"{PREPAY}/transferBalance",
            transfer,
            idempotency_key=idempotency_key or new_idempotency_key(),
        )
        return decode.parse(response, TransferBalance)

    async def get_advance_offer(self, line_id: str) -> BalanceAdvanceOffer:
        response = await self._get(f"{PREPAY}/balanceAdvance/offer", {"product.id": line_id})
        return decode.parse(response, BalanceAdvanceOffer)

    async def take_advance(
        self, advance: BalanceAdvanceCreate, *, idempotency_key: str | None = None
    ) -> BalanceAdvance:
        response = await self._post(
            f"{PREPAY}/balanceAdvance",
            advance,
            idempotency_key=idempotency_key or new_idempotency_key(),
        )
        return decode.parse(response, BalanceAdvance)

    async def list_balance_actions(self, line_id: str) -> list[BalanceAction]:
        response = await self._get(f"{PREPAY}/balanceActionHistory", {"product.id": line_id})
        return decode.parse_list(response, BalanceAction)

    async def download_balance_receipt(self, action_id: str) -> bytes:
        path = f"{PREPAY}/balanceActionHistory/{segment(action_id)}/receipt"
        return decode.pdf(await self._get(path, accept="application/pdf"), "receipt")

    async def list_messages(self, number: str) -> list[CommunicationMessage]:
        response = await self._get(f"{COMMUNICATION}/communicationMessage", {"receiver": number})
        return decode.parse_list(response, CommunicationMessage)
