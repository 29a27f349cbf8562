"""Reporting a payment made elsewhere, and promising to pay (ours)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from miclaro_tui.models.base import PLAIN_TEXT, Contract, IsoDay, Money, Ref


class PaymentReportCreate(Contract):
    bill: Ref
    amount: Money
    paymentDate: IsoDay
    channel: str = Field(
        min_length=2, max_length=60, pattern=PLAIN_TEXT, description="bank, app, store..."
    )
    reference: str = Field(
        min_length=3, max_length=40, pattern=PLAIN_TEXT, description="the receipt's number"
    )


class PaymentReport(Contract):
    id: str
    bill: Ref
    amount: Money
    paymentDate: date
    channel: str
    reference: str
    state: Literal["pendingPosting", "posted", "rejected"]
    expectedPostingDate: date = Field(description="3 business days after it was reported")


class PaymentPromiseCreate(Contract):
    bill: Ref
    promisedDate: IsoDay


class PaymentPromise(Contract):
    id: str
    bill: Ref
    amount: Money
    promisedDate: date
    createdDate: date
    state: Literal["active", "kept", "broken"]
