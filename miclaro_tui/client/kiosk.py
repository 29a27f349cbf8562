"""Kiosk mode's calls (a payment point's till): denominations, shifts and their X and Z
reports, the customer lookup, voids and their receipts. Opening and closing a shift and a void
each go out under one Idempotency-Key per call, reused by its retries, so a retry after a lost
answer never opens, closes or voids twice. The cash itself is paid through ``Payments.pay``
(a ``CashPayment`` method), journaled like every payment."""

from __future__ import annotations

from collections.abc import Sequence

from miclaro_tui.api import NotFoundError
from miclaro_tui.client import decode
from miclaro_tui.client.paths import PAYMENT, segment
from miclaro_tui.client.session import SignedIn
from miclaro_tui.client.transport import new_idempotency_key
from miclaro_tui.models import (
    CashDenominations,
    DenominationCount,
    KioskCustomer,
    KioskShift,
    KioskShiftCreate,
    Payment,
    Refund,
    RefundCreate,
    ShiftCloseRequest,
    ShiftReport,
)

SHIFT = "/kioskShift"


class Kiosk(SignedIn):
    async def list_denominations(self, country: str) -> CashDenominations:
        response = await self._get(f"/cashDenominations/{segment(country)}")
        return decode.parse(response, CashDenominations)

    async def open_shift(self, shift: KioskShiftCreate) -> KioskShift:
        response = await self._post(SHIFT, shift, idempotency_key=new_idempotency_key())
        return decode.parse(response, KioskShift)

    async def current_shift(self) -> KioskShift | None:
        try:
            response = await self._get(f"{SHIFT}/current")
        except NotFoundError:
            return None
        return decode.parse(response, KioskShift)

    async def shift_report(self, shift_id: str) -> ShiftReport:
        response = await self._get(f"{SHIFT}/{segment(shift_id)}/report")
        return decode.parse(response, ShiftReport)

    async def close_shift(self, shift_id: str, counts: Sequence[DenominationCount]) -> ShiftReport:
        response = await self._post(
            f"{SHIFT}/{segment(shift_id)}/close",
            ShiftCloseRequest(count=list(counts)),
            idempotency_key=new_idempotency_key(),
        )
        return decode.parse(response, ShiftReport)

    async def kiosk_lookup(
        self,
        *,
        line: str | None = None,
        document: str | None = None,
        reference: str | None = None,
    ) -> KioskCustomer:
        given = {
            name: value
            for name, value in (("line", line), ("document", document), ("reference", reference))
            if value is not None
        }
        if len(given) != 1:
            raise ValueError("look up by exactly one of line, document or reference")
        response = await self._get("/kioskLookup", given)
        return decode.parse(response, KioskCustomer)

    async def void_payment(self, refund: RefundCreate) -> Refund:
        response = await self._post(
            f"{PAYMENT}/refund", refund, idempotency_key=new_idempotency_key()
        )
        return decode.parse(response, Refund)

    async def download_refund_receipt(self, refund_id: str) -> bytes:
        path = f"{PAYMENT}/refund/{segment(refund_id)}/receipt"
        return decode.pdf(await self._get(path, accept="application/pdf"), "void receipt")

    async def list_shift_payments(self, shift_id: str) -> list[Payment]:
        response = await self._get(f"{SHIFT}/{segment(shift_id)}/payments")
        return decode.parse_list(response, Payment)
