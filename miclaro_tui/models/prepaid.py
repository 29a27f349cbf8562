"""Prepaid lines: buckets, usage, top-ups, transfers, advances (TMF654 Prepay Balance
Management, TMF677 Usage Consumption; "ours" marks our additions)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import ConfigDict, Field, field_serializer

from miclaro_tui.models.base import (
    NAME_MAX,
    PLAIN_TEXT,
    Contract,
    DateTimePeriod,
    Money,
    Ref,
    TimePeriod,
)

E164_PATTERN = r"^\+[1-9][0-9]{6,14}$"
"""A phone number in E.164: ``+`` and up to 15 digits."""

GUEST_ACCOUNT_ID = "guest"
"""The ``account.id`` a guest's top-up payment carries (a guest has no account)."""

UsageType = Literal["monetary", "data", "voice", "sms"]
BalanceActionType = Literal[
    "topup", "transferOut", "transferIn", "packGift", "packReceived", "advance", "advanceRepayment"
]
AdvanceRefusal = Literal["tooNew", "lowTopups", "advanceOpen"]


class Quantity(Contract):
    """TMF Quantity: units "MB", "min", "SMS" (or a currency code for money)."""

    amount: Decimal = Field(description="a JSON number")
    units: str

    @field_serializer("amount", when_used="json")
    def _as_json_number(self, value: Decimal) -> float | int:
        return int(value) if value == value.to_integral_value() else float(value)


class Bucket(Contract):
    """TMF654 Bucket: what is left on a line of one kind of balance."""

    id: str
    name: str
    usageType: UsageType
    remainingValue: Quantity
    initialValue: Quantity = Field(description="of how much (ours)")
    validFor: DateTimePeriod | None = Field(None, description="expiry = validFor.endDateTime")
    status: Literal["active", "expired"]
    product: Ref = Field(description="the line: id = line id, name = its number")


class ConsumptionSummary(Contract):
    """TMF677: what was used in one calendar month."""

    consumptionPeriod: TimePeriod
    value: Quantity


class ConsumptionBucket(Contract):
    usageType: UsageType
    name: str
    consumptionSummary: list[ConsumptionSummary]


class UsageConsumptionReport(Contract):
    """TMF677 UsageConsumptionReport: the last 6 whole months, oldest first."""

    id: str
    name: str
    effectiveDate: datetime
    product: Ref
    bucket: list[ConsumptionBucket]


class PackOffering(Contract):
    """A pack of the catalogue (ours): price and what it gives."""

    id: str
    name: str
    price: Money
    dataMB: int
    minutes: int
    sms: int
    validityDays: int


class PrepaidCatalog(Contract):
    """What a country's carrier offers prepaid lines (ours)."""

    country: str = Field(pattern=r"^[A-Z]{2}$")
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    topupPresets: list[Money]
    topupMin: Money
    topupMax: Money
    transferMin: Money
    transferMax: Money
    transferFee: Money
    transferCostOwner: Literal["sender", "receiver"]
    packs: list[PackOffering]


class NumberCheck(Contract):
    """GET /numberCheck: whether a number can be topped up (a prepaid line of the carrier)."""

    number: str
    prepaid: bool
    carrier: bool
    country: str | None = Field(None, description="the number's country, ISO 3166 (ours)")


class TopupBalance(Contract):
    """TMF654 TopupBalance: money credited to a line by an approved payment."""

    id: str
    status: Literal["completed", "failed"]
    requestedDate: datetime
    confirmationDate: datetime | None = None
    amount: Money
    product: Ref = Field(description="the line topped up (name = its number)")
    payment: Ref = Field(description="the TMF676 payment that paid it")
    advanceRepaid: Money | None = Field(None, description="taken first to repay an advance (ours)")
    receiptNo: str | None = None


class TransferBalanceCreate(Contract):
    """POST /transferBalance (Idempotency-Key header): money XOR a pack to another line."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    product: Ref = Field(description="the sender's line (id = line id)")
    receiverProduct: Ref = Field(description="id = the receiver's number in E.164")
    amount: Money | None = Field(None, description="a money transfer")
    packOffering: Ref | None = Field(None, description="a pack to gift (a PackOffering id)")


class TransferBalance(Contract):
    id: str
    status: Literal["completed"]
    requestedDate: datetime
    product: Ref
    receiverProduct: Ref
    amount: Money | None = None
    packOffering: Ref | None = None
    transferCost: Money
    costOwner: Literal["sender", "receiver"]
    totalDebited: Money = Field(description="what left the sender's balance (ours)")
    receiptNo: str | None = None


class BalanceAdvanceOffer(Contract):
    """GET /balanceAdvance/offer (ours): what the line may borrow, from its top-up history."""

    product: Ref
    eligible: bool
    amount: Money | None = None
    fee: Money | None = None
    reason: AdvanceRefusal | None = None
    monthsActive: int
    averageTopup: Money


class BalanceAdvanceCreate(Contract):
    """POST /balanceAdvance (Idempotency-Key header): ``amount`` must equal the offer's."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    product: Ref
    amount: Money


class BalanceAdvance(Contract):
    id: str
    product: Ref
    amount: Money
    fee: Money
    state: Literal["open", "repaid"]
    createdDate: datetime
    repaidDate: datetime | None = None
    receiptNo: str | None = None


class BalanceAction(Contract):
    """TMF654 balanceActionHistory: one movement of a line's balance."""

    id: str
    actionType: BalanceActionType
    date: datetime
    amount: Money
    product: Ref
    counterparty: str | None = Field(None, description="the other number")
    payment: Ref | None = None
    receiptNo: str | None = None


class CommunicationMessage(Contract):
    """An SMS the carrier sent (TMF681 name; the sandbox's log of them)."""

    id: str
    receiver: str
    content: str
    sentDate: datetime


class GuestSignIn(Contract):
    """POST /auth/guest (ours): top up a line without an account. Nothing of it is kept."""

    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)

    country: str = Field(pattern=r"^[A-Z]{2}$")
    number: str = Field(pattern=E164_PATTERN, description="the line to top up, E.164")
    name: str = Field(min_length=2, max_length=NAME_MAX, pattern=PLAIN_TEXT)
    documentType: str = Field(min_length=1, max_length=8, pattern=PLAIN_TEXT)
    documentNumber: str = Field(min_length=4, max_length=20, pattern=PLAIN_TEXT)

    def __repr__(self) -> str:  # the payer's name and document stay out of logs
        return f"GuestSignIn(country={self.country!r}, number={self.number!r})"

    __str__ = __repr__
