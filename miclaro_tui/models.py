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

import re
from contextvars import ContextVar
from datetime import date, datetime, time, timezone, tzinfo
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    field_serializer,
    field_validator,
)

# --- bounds: the contract's limits, enforced by the sandbox and published in openapi.json ----

MAX_AMOUNT = Decimal("999999999999.99")
"""The largest amount any Money may carry."""

PAYMENT_LIMITS: dict[str, Decimal] = {
    "COP": Decimal("100000000"),
    "BRL": Decimal("150000"),
    "PEN": Decimal("100000"),
    "USD": Decimal("25000"),
    "DOP": Decimal("1500000"),
}
"""The most one payment may move, by currency (about USD 25,000); an account's credit balance
(overpayments not yet applied) may not grow past the same figure."""

MAX_PAGE_SIZE = 100
MAX_OFFSET = 1_000_000
MAX_BODY_BYTES = 64 * 1024
"""A request body over this answers 413 before it is parsed."""

ID_MAX = 64
NAME_MAX = 100
EMAIL_MAX = 254

# Text people type or read: no C0/C1 control characters (NUL, escape, newline...) and no
# bidirectional overrides or marks that make text display as something it is not.
NO_CONTROLS = r"^[^\u0000-\u001f\u007f-\u009f]*$"
PLAIN_TEXT = r"^[^\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]*$"
ID_PATTERN = r"^[\u0021-\u007e]+$"
"""Ids and keys: visible ASCII only (they travel in paths and headers)."""


def _iso_day(value: object) -> object:
    # pydantic reads 0 or "0" as a date too (a unix time); a day on the wire is YYYY-MM-DD.
    if isinstance(value, bool | int | float) or (
        isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)
    ):
        raise ValueError("a day is written YYYY-MM-DD")
    return value


IsoDay = Annotated[date, BeforeValidator(_iso_day)]
"""A day in a request: an ISO date string (or a ``date`` in Python), never a number."""

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
    value: Decimal = Field(
        description="a JSON number (never a string) of at most two decimals and at most"
        f" {MAX_AMOUNT} in absolute value",
        json_schema_extra={"maximum": float(MAX_AMOUNT), "minimum": -float(MAX_AMOUNT)},
    )

    @field_validator("value", mode="before")
    @classmethod
    def _a_number(cls, value: object) -> object:
        # Decimal would read "1" too; the wire type is a number, so a string is refused.
        if isinstance(value, str | bool):
            raise ValueError("amount must be a JSON number, not a string")
        return value

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


# --- days that TMF writes as date-time ------------------------------------------------------

WIRE_ZONE: ContextVar[tzinfo] = ContextVar("WIRE_ZONE", default=timezone.utc)
"""The zone a day is written in on the wire: the sandbox sets the customer's country's zone
for each request; elsewhere (the client's offline file) UTC."""


def _day_as_written(value: object) -> object:
    """A due date is a day of the carrier's calendar: read the day as written, whatever the
    offset (converting 2026-11-02T00:00:00-05:00 to UTC would give the 2nd at 05:00, fine, but
    to a zone further east than the writer's could give another day)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str) and len(value) > 10 and value[10] in "Tt ":
        return value[:10]
    return value


def _day_on_the_wire(day: date) -> str:
    return datetime.combine(day, time(0), tzinfo=WIRE_ZONE.get()).isoformat()


Day = Annotated[
    date,
    BeforeValidator(_day_as_written),
    PlainSerializer(_day_on_the_wire, return_type=str, when_used="json"),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date-time",
            "description": "a day: midnight where the account is",
        }
    ),
]
"""A day in Python; on the wire a TMF date-time at local midnight (2026-11-02T00:00:00-05:00)."""


class TimePeriod(Contract):
    startDateTime: Day
    endDateTime: Day


class DateTimePeriod(Contract):
    """A TMF TimePeriod whose ends are moments (date-time), as TMF has them everywhere."""

    startDateTime: datetime
    endDateTime: datetime | None = None


class RelatedParty(Contract):
    """TMF RelatedParty: who the resource belongs to (the account holder)."""

    id: str
    href: str | None = None
    name: str
    role: str | None = Field(None, description="owner: the account holder")
    referredType: str = Field(alias="@referredType", description="Individual or Organization")


class Ref(Contract):
    """A TMF entity reference (BillRef, BillingAccountRef, ...)."""

    id: str = Field(min_length=1, max_length=ID_MAX, pattern=PLAIN_TEXT)
    href: str | None = Field(None, max_length=256, pattern=PLAIN_TEXT)
    name: str | None = Field(None, max_length=NAME_MAX, pattern=PLAIN_TEXT)


class ApiError(Contract):
    """The one error shape of the API (TMF Error), plus the offending field for 422s (ours)."""

    code: str
    reason: str
    message: str
    status: int
    field: str | None = None


# --- auth (ours) -------------------------------------------------------------------------


class TokenRequest(Contract):
    username: str = Field(
        min_length=1,
        max_length=EMAIL_MAX,
        pattern=PLAIN_TEXT,
        description="login name, line number or document",
    )
    password: str = Field(min_length=1, max_length=256, pattern=NO_CONTROLS)


class RefreshRequest(Contract):
    refresh_token: str = Field(min_length=1, max_length=256, pattern="^[A-Za-z0-9_-]+$")


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
        description="creditBalance (ours): overpayments not yet applied to a bill (they are"
        " applied to the open bills, oldest due first, and then to the next bill issued)"
    )
    amount: Money
    validFor: DateTimePeriod | None = Field(
        None, description="from when the figure holds: the moment it was worked out"
    )


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
    relatedParty: list[RelatedParty] = Field([], description="the account holder (role owner)")

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

CardBrand = Literal["visa", "mastercard", "amex", "diners", "elo", "hipercard", "unknown"]


class CardCreate(Contract):
    """POST /paymentMethod: a card to tokenise (TMF670 BankCard). The only request that ever
    carries a card number; the client builds it from SecretStr fields at the last moment and
    never logs or keeps it."""

    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)

    type: Literal["bankCard"] = Field("bankCard", alias="@type")
    nameOnCard: str = Field(min_length=2, max_length=80, pattern=PLAIN_TEXT)
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
    name: str | None = Field(None, description="how the card reads: Visa •••• 1111 (TMF670 name)")


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


def _type_required(schema: dict) -> None:
    # Python fills @type by default, but the server tells the methods apart by it: on the
    # wire it is required, and the contract says so.
    required = schema.setdefault("required", [])
    if "@type" not in required:
        required.insert(0, "@type")


class CardPayment(Contract):
    model_config = ConfigDict(json_schema_extra=_type_required)

    type: Literal["tokenizedCard"] = Field("tokenizedCard", alias="@type")
    id: str = Field(
        max_length=ID_MAX, pattern=ID_PATTERN, description="the token from POST /paymentMethod"
    )
    installments: int = Field(1, ge=1, le=36, description="credit cards only (ours)")


class BankTransferPayment(Contract):
    """PSE: the customer authorises the debit at their bank; the payment waits meanwhile."""

    model_config = ConfigDict(json_schema_extra=_type_required)

    type: Literal["bankAccountTransfer"] = Field("bankAccountTransfer", alias="@type")
    bank: str = Field(max_length=16, pattern=ID_PATTERN, description="a Bank id from GET /pse/bank")
    personType: Literal["natural", "juridica"] = "natural"
    documentType: str = Field(max_length=8, pattern=PLAIN_TEXT)
    documentNumber: str = Field(max_length=20, pattern=PLAIN_TEXT)


PaymentMethodValue = CardPayment | BankTransferPayment


class PaymentCreate(Contract):
    """POST /payment. ``correlatorId`` equals the ``Idempotency-Key`` header. One payment moves
    at most the limit of its currency (COP 100,000,000; BRL 150,000; PEN 100,000; USD 25,000;
    DOP 1,500,000), and the account's credit balance may not grow past the same figure."""

    correlatorId: str = Field(min_length=8, max_length=64, pattern=ID_PATTERN)
    account: Ref
    amount: Money
    paymentItem: list[PaymentItem] = Field(min_length=1, max_length=50)
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
