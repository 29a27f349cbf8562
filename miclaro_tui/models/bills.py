"""Bills and their items (TMF678 CustomerBill)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import (
    Field,
    field_serializer,
)

from miclaro_tui.models.base import (
    EMAIL_MAX,
    PLAIN_TEXT,
    UNPAID_STATES,
    BillState,
    Contract,
    Day,
    Money,
    RateType,
    Ref,
    TimePeriod,
)
from miclaro_tui.models.promises import PaymentPromise, PaymentReport


class TaxItem(Contract):
    taxCategory: str = Field(description="e.g. IVA, ICMS, IGV")
    taxRate: Decimal = Field(description="a fraction: 0.19 is 19 %")
    taxAmount: Money

    @field_serializer("taxRate", when_used="json")
    def _rate_as_number(self, value: Decimal) -> float:
        return float(value)


class AttachmentRef(Contract):
    href: str
    mimeType: str = "application/pdf"
    name: str


class PaymentReference(Contract):
    """How to pay the bill elsewhere (ours): cash code, barcode digits, PIX copy-and-paste."""

    cashCode: str = Field(description="the code a payment point asks for")
    barcode: str = Field(description="the digits under the invoice's barcode")
    pixCode: str | None = Field(None, description="PIX copy-and-paste code (Brazil)")


class AppliedPayment(Contract):
    """TMF678 AppliedPayment: money applied to a bill, by a payment or from the credit an
    earlier overpayment left on the account."""

    appliedAmount: Money
    payment: Ref = Field(
        description="the payment (name = its receiptNo); for credit, the payment whose excess"
        " made the credit"
    )
    fromCredit: bool = Field(False, description="taken from the account's credit balance (ours)")


class CustomerBill(Contract):
    id: str
    href: str | None = None
    billNo: str
    billDate: Day
    billingPeriod: TimePeriod
    paymentDueDate: Day
    cutOffDate: date = Field(description="service is suspended after this date if unpaid (ours)")
    nextBillDate: Day | None = None
    category: Literal["normal", "duplicate", "interim"] = "normal"
    runType: Literal["onCycle", "offCycle"] = "onCycle"
    state: BillState
    amountDue: Money
    remainingAmount: Money
    taxExcludedAmount: Money
    taxIncludedAmount: Money
    taxItem: list[TaxItem] = []
    billingAccount: Ref
    billDocument: list[AttachmentRef] = []
    paymentReference: PaymentReference | None = None
    lastUpdate: datetime | None = None
    paymentReport: PaymentReport | None = Field(
        None, description="a payment the customer reported, still posting (ours)"
    )
    paymentPromise: PaymentPromise | None = Field(None, description="a promise to pay (ours)")
    pendingPayment: Ref | None = Field(
        None, description="a payment of this bill still pendingAuthorization (ours)"
    )
    appliedPayment: list[AppliedPayment] = Field(
        [],
        description="what has been applied to the bill, oldest first: payments and credit;"
        " remainingAmount = amountDue - the sum of their appliedAmount",
    )

    @property
    def is_unpaid(self) -> bool:
        return self.state in UNPAID_STATES

    def is_overdue(self, today: date) -> bool:
        return self.is_unpaid and self.paymentDueDate < today


class AppliedCustomerBillingRate(Contract):
    """One item of a bill: the plan, an extra usage (roaming, international calls), a
    surcharge (late fee, reconnection), a credit (negative amounts) or a tax line."""

    id: str
    href: str | None = None
    name: str
    description: str | None = None
    type: RateType
    date: Day
    isBilled: bool = True
    bill: Ref
    periodCoverage: TimePeriod | None = None
    taxExcludedAmount: Money
    taxIncludedAmount: Money
    appliedTax: list[TaxItem] = []


class BillSendRequest(Contract):
    email: str | None = Field(
        None,
        min_length=3,
        max_length=EMAIL_MAX,
        pattern=PLAIN_TEXT,
        json_schema_extra={"format": "email"},
        description="defaults to the account's e-mail; checked as an address (RFC 5321/5322)",
    )


class BillSendResult(Contract):
    """Ours: the answer to POST /customerBill/{id}/send."""

    billId: str
    sentTo: str = Field(description="the address, masked: j***@example.com")
    status: Literal["queued", "sent"] = "queued"


# --- TMF670 PaymentMethod: card tokenisation, PSE banks ------------------------------------
