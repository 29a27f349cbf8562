"""The billing API contract: pydantic v2 models named after TM Forum's Open APIs.

The sandbox serves exactly these models and the client parses exactly these, so the two can
never disagree. Field names come from the TMF v4 files in ../shared/tmf (TMF678 CustomerBill,
TMF666 Account, TMF676 Payment); our own additions are marked "ours" and kept few.

Money is ``Decimal`` in memory and a JSON number on the wire (TMF says number). A float holds
any decimal of at most 15 significant digits exactly, so amounts are limited to
``MAX_AMOUNT`` (14 digits) with at most two decimal places, and the JSON writer emits the
shortest float that reads back as the same decimal.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_serializer, field_validator

MAX_AMOUNT = Decimal("999999999999.99")

BillState = Literal["new", "sent", "partiallyPaid", "settled", "onHold"]
"""TMF678 bill states. "Overdue" is not a state: it is an unpaid bill past its due date."""

UNPAID_STATES: frozenset[str] = frozenset({"new", "sent", "partiallyPaid"})

RateType = Literal["recurringCharge", "usageCharge", "surcharge", "credit", "tax"]
"""How a bill item is grouped: plan, extra usage, surcharges, credits, taxes."""


class Contract(BaseModel):
    """Base of every contract model: unknown fields are kept out, names are the TMF ones."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True, frozen=True)


class Money(Contract):
    # One schema for requests and responses: a JSON number (not Decimal's number-or-string).
    model_config = ConfigDict(json_schema_mode_override="serialization")

    unit: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 currency code")
    value: Decimal

    @field_validator("value")
    @classmethod
    def _exact_amount(cls, value: Decimal) -> Decimal:
        if not value.is_finite():
            raise ValueError("amount must be a finite number")
        if abs(value) > MAX_AMOUNT:
            raise ValueError(f"amount must be at most {MAX_AMOUNT}")
        if value != value.quantize(Decimal("0.01")):
            raise ValueError("amount must have at most two decimal places")
        return value

    @field_serializer("value", when_used="json")
    def _as_json_number(self, value: Decimal) -> float | int:
        # Exact for the range allowed above: see the module docstring.
        if value == value.to_integral_value():
            return int(value)
        return float(value)

    def __add__(self, other: Money) -> Money:
        if other.unit != self.unit:
            raise ValueError(f"cannot add {other.unit} to {self.unit}")
        return Money(unit=self.unit, value=self.value + other.value)

    @classmethod
    def zero(cls, unit: str) -> Money:
        return cls(unit=unit, value=Decimal(0))


class TimePeriod(Contract):
    startDateTime: date
    endDateTime: date


class Ref(Contract):
    """A TMF entity reference (BillRef, BillingAccountRef, ...)."""

    id: str
    href: str | None = None
    name: str | None = None


class ApiError(Contract):
    """The one error shape of the API (TMF Error), plus the offending field for 422s (ours)."""

    code: str
    reason: str
    message: str
    status: int
    field: str | None = None


# --- auth (ours) -------------------------------------------------------------------------


class TokenRequest(Contract):
    username: str = Field(min_length=1, description="login name, line number or document")
    password: str = Field(min_length=1)


class RefreshRequest(Contract):
    refresh_token: str


class TokenResponse(Contract):
    access_token: str
    refresh_token: str
    token_type: Literal["Bearer"] = "Bearer"
    expires_in: int = Field(description="seconds the access token lives")
    username: str = Field(description="the account's login name (ours)")


# --- TMF666 BillingAccount -----------------------------------------------------------------


class Line(Contract):
    """A mobile line of the account (ours: TMF keeps lines in Product Inventory)."""

    id: str
    number: str = Field(description="the line number in E.164, e.g. +573001234567")
    lineType: Literal["postpaid", "prepaid"]
    planName: str


class AccountBalance(Contract):
    balanceType: Literal["amountDue", "overdue", "prepaidBalance", "creditBalance"] = Field(
        description="creditBalance (ours): overpayments with no newer bill to take them yet"
    )
    amount: Money


class BillingAccount(Contract):
    id: str
    href: str | None = None
    name: str = Field(description="the account holder's name")
    accountType: Literal["postpaid", "prepaid"]
    state: Literal["active", "suspended", "closed"]
    paymentStatus: Literal["upToDate", "due", "overdue"]
    country: str = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166 country (ours)")
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 currency (ours)")
    accountBalance: list[AccountBalance] = []
    nextPaymentDueDate: date | None = Field(None, description="earliest unpaid due date (ours)")
    email: str | None = Field(None, description="where invoices are e-mailed (ours)")
    paperless: bool = Field(False, description="enrolled in e-invoices (ours)")
    lines: list[Line] = Field([], description="the account's lines (ours)")

    def balance(self, balance_type: str) -> Money:
        for item in self.accountBalance:
            if item.balanceType == balance_type:
                return item.amount
        return Money.zero(self.currency)


# --- TMF678 CustomerBill -------------------------------------------------------------------


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


class CustomerBill(Contract):
    id: str
    href: str | None = None
    billNo: str
    billDate: date
    billingPeriod: TimePeriod
    paymentDueDate: date
    cutOffDate: date = Field(description="service is suspended after this date if unpaid (ours)")
    nextBillDate: date | None = None
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
    date: date
    isBilled: bool = True
    bill: Ref
    periodCoverage: TimePeriod | None = None
    taxExcludedAmount: Money
    taxIncludedAmount: Money
    appliedTax: list[TaxItem] = []


class BillSendRequest(Contract):
    email: str | None = Field(None, description="defaults to the account's e-mail")


class BillSendResult(Contract):
    """Ours: the answer to POST /customerBill/{id}/send."""

    billId: str
    sentTo: str = Field(description="the address, masked: j***@example.com")
    status: Literal["queued", "sent"] = "queued"


# --- TMF670 PaymentMethod: card tokenisation, PSE banks ------------------------------------

CardBrand = Literal["visa", "mastercard", "amex", "diners", "elo", "hipercard", "unknown"]


class CardCreate(Contract):
    """POST /paymentMethod: a card to tokenise (TMF670 BankCard). The only request that ever
    carries a card number; the client builds it from SecretStr fields at the last moment and
    never logs or keeps it."""

    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)

    type: Literal["bankCard"] = Field("bankCard", alias="@type")
    nameOnCard: str = Field(min_length=2, max_length=80)
    cardNumber: str = Field(pattern=r"^[0-9]{12,19}$")
    expirationDate: str = Field(pattern=r"^(0[1-9]|1[0-2])/[0-9]{4}$", description="MM/YYYY")
    cvv: str = Field(pattern=r"^[0-9]{3,4}$")
    cardType: Literal["credit", "debit"] = "credit"

    def __repr__(self) -> str:  # never the number or the CVV, even in a crash screen
        return f"CardCreate(nameOnCard={self.nameOnCard!r}, cardNumber='****', cvv='***')"

    __str__ = __repr__


class TokenizedCard(Contract):
    """What comes back from tokenisation (TMF670 TokenizedCard): brand and last four only."""

    id: str = Field(description="the token to pay with")
    href: str | None = None
    type: Literal["tokenizedCard"] = Field("tokenizedCard", alias="@type")
    brand: CardBrand
    cardType: Literal["credit", "debit"]
    lastFourDigits: str = Field(pattern=r"^[0-9]{4}$")
    expirationDate: str
    nameOnCard: str


class Bank(Contract):
    """A bank of the PSE network (Colombia), GET /pse/bank (ours)."""

    id: str
    name: str


# --- TMF676 Payment -------------------------------------------------------------------------

PaymentStatus = Literal[
    "pendingAuthorization", "authorized", "captured", "done", "failed", "denied", "canceled"
]
FINAL_PAYMENT_STATUSES: frozenset[str] = frozenset({"done", "failed", "denied", "canceled"})


class PaymentItem(Contract):
    """What a payment pays: a bill (``item`` refers to a CustomerBill) and how much of it."""

    item: Ref
    amount: Money


class CardPayment(Contract):
    type: Literal["tokenizedCard"] = Field("tokenizedCard", alias="@type")
    id: str = Field(description="the token from POST /paymentMethod")
    installments: int = Field(1, ge=1, le=36, description="credit cards only (ours)")


class BankTransferPayment(Contract):
    """PSE: the customer authorises the debit at their bank; the payment waits meanwhile."""

    type: Literal["bankAccountTransfer"] = Field("bankAccountTransfer", alias="@type")
    bank: str = Field(description="a Bank id from GET /pse/bank")
    personType: Literal["natural", "juridica"] = "natural"
    documentType: str
    documentNumber: str


PaymentMethodValue = CardPayment | BankTransferPayment


class PaymentCreate(Contract):
    """POST /payment. ``correlatorId`` equals the ``Idempotency-Key`` header."""

    correlatorId: str = Field(min_length=8, max_length=64)
    account: Ref
    amount: Money
    paymentItem: list[PaymentItem] = Field(min_length=1)
    paymentMethod: PaymentMethodValue = Field(discriminator="type")
    channel: Ref = Ref(id="miclaro-tui", name="miclaro-tui")


class PaymentMethodSummary(Contract):
    """How a payment was made, as history shows it: never more than the last four digits."""

    type: Literal["tokenizedCard", "bankAccountTransfer", "cash", "reported"] = Field(alias="@type")
    brand: CardBrand | None = None
    lastFourDigits: str | None = None
    bankName: str | None = None
    description: str | None = None


class Payment(Contract):
    id: str
    href: str | None = None
    correlatorId: str
    status: PaymentStatus
    statusDate: datetime
    statusReason: str | None = Field(None, description="why it was denied or failed (ours)")
    paymentDate: datetime
    account: Ref
    amount: Money
    paymentItem: list[PaymentItem]
    paymentMethod: PaymentMethodSummary
    channel: Ref | None = None
    authorizationCode: str | None = None
    receiptNo: str | None = Field(None, description="printed on the receipt (ours)")
    authorizationUrl: str | None = Field(
        None, description="PSE: where the customer authorises the debit (ours)"
    )

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_PAYMENT_STATUSES


# --- report a payment made elsewhere; promise to pay (ours) ---------------------------------


class PaymentReportCreate(Contract):
    bill: Ref
    amount: Money
    paymentDate: date
    channel: str = Field(min_length=2, max_length=60, description="bank, app, store...")
    reference: str = Field(min_length=3, max_length=40, description="the receipt's number")


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
    promisedDate: date


class PaymentPromise(Contract):
    id: str
    bill: Ref
    amount: Money
    promisedDate: date
    createdDate: date
    state: Literal["active", "kept", "broken"]
