"""Cards, banks and payments (TMF676 Payment)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import (
    ConfigDict,
    Field,
)

from miclaro_tui.models.base import (
    ID_MAX,
    ID_PATTERN,
    PLAIN_TEXT,
    Contract,
    Money,
    Ref,
)

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
    """What a payment pays: a bill (``item`` refers to a CustomerBill) or a prepaid line's
    top-up (``item.id`` is the line's number in E.164), and how much of it."""

    item: Ref
    amount: Money
    itemType: Literal["customerBill", "topupBalance"] = Field(
        "customerBill", description="what ``item`` refers to (ours)"
    )


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


class CashPayment(Contract):
    """Cash taken at a payment point (ours): only an operator with an open shift may pay so.
    The server works out ``change = cashReceived - amount`` and refuses less (cashShort)."""

    model_config = ConfigDict(json_schema_extra=_type_required)

    type: Literal["cash"] = Field("cash", alias="@type")
    shift: Ref = Field(description="the operator's open kiosk shift")
    cashReceived: Money = Field(description="what the customer handed over")


PaymentMethodValue = CardPayment | BankTransferPayment | CashPayment


class PaymentAbandon(Contract):
    """POST /abandonedPayment (ours): the client gave up on the request it sent under
    ``correlatorId`` (equal to the Idempotency-Key header) and found no payment made with it.
    From then on that key makes nothing: a late request under it is answered 409
    paymentAbandoned. 409 paymentExists when a payment was made under it after all."""

    correlatorId: str = Field(min_length=8, max_length=64, pattern=ID_PATTERN)


class PaymentAbandoned(Contract):
    correlatorId: str
    state: Literal["abandoned"] = "abandoned"


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
    cashReceived: Money | None = Field(None, description="cash handed over at a kiosk (ours)")
    change: Money | None = Field(None, description="change given at a kiosk (ours)")
    operator: Ref | None = Field(None, description="the kiosk operator who took it (ours)")
    terminalId: str | None = Field(None, description="the kiosk's terminal (ours)")
    shift: Ref | None = Field(None, description="the kiosk shift it was taken in (ours)")
    refund: Ref | None = Field(None, description="the void that reversed it (ours)")

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_PAYMENT_STATUSES
