"""Kiosk mode at a cash payment point (ours; the void is TMF676 Refund).

An operator opens a shift on a terminal with a counted float, looks customers up, takes cash
through ``POST /payment`` (``CashPayment`` in models/payments.py), voids a payment of the same
shift, and closes the shift with the cash counted. The sandbox keeps the shift's truth.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
)

from miclaro_tui.models.base import (
    EMAIL_MAX,
    NO_CONTROLS,
    PLAIN_TEXT,
    Contract,
    Money,
    Ref,
)

TERMINAL_ID_PATTERN = r"^[A-Za-z0-9-]{1,32}$"
MAX_DENOMINATION_LINES = 40
MAX_PIECES = 1_000_000
"""The most pieces of one denomination a count may hold."""

KioskRole = Literal["customer", "operator", "supervisor"]
KIOSK_ROLES: frozenset[str] = frozenset({"operator", "supervisor"})
"""The roles that may open kiosk mode."""


def _face_value(value: object) -> object:
    # A face value is a JSON number, as Money's value is: a string or a bool is refused.
    if isinstance(value, str | bool):
        raise ValueError("a face value must be a JSON number, not a string")
    return value


def _number_on_the_wire(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


FaceValue = Annotated[
    Decimal,
    BeforeValidator(_face_value),
    Field(gt=0, le=Decimal(100000), decimal_places=2),
    PlainSerializer(_number_on_the_wire, return_type=int | float, when_used="json"),
    WithJsonSchema({"type": "number", "exclusiveMinimum": 0, "maximum": 100000}),
]
"""The face value of a note or coin: a JSON number of at most two decimals."""


class Denomination(Contract):
    value: FaceValue
    kind: Literal["note", "coin"]


class CashDenominations(Contract):
    """``GET /cashDenominations/{country}``: the notes and coins a till counts, highest first."""

    country: str = Field(pattern=r"^[A-Z]{2}$")
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    denominations: list[Denomination]


class DenominationCount(Contract):
    """How many pieces of one face value were counted."""

    value: FaceValue
    count: int = Field(ge=0, le=MAX_PIECES)


class KioskShiftCreate(Contract):
    """``POST /kioskShift`` (Idempotency-Key): open a shift on a terminal with its float."""

    terminalId: str = Field(pattern=TERMINAL_ID_PATTERN, description="the till's id")
    openingCount: list[DenominationCount] = Field(
        max_length=MAX_DENOMINATION_LINES, description="the opening float, by denomination"
    )


class KioskShift(Contract):
    id: str
    href: str | None = None
    operator: Ref = Field(description="the operator who opened it (id = username)")
    terminalId: str
    state: Literal["open", "closed"]
    openedAt: datetime
    closedAt: datetime | None = None
    country: str = Field(pattern=r"^[A-Z]{2}$")
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    openingFloat: Money
    countedCash: Money | None = None
    expectedCash: Money | None = None
    difference: Money | None = Field(
        None, description="counted - expected at close: negative is a shortfall"
    )

    @property
    def is_open(self) -> bool:
        return self.state == "open"


class ShiftCloseRequest(Contract):
    """``POST /kioskShift/{id}/close`` (Idempotency-Key): the cash counted at close."""

    count: list[DenominationCount] = Field(max_length=MAX_DENOMINATION_LINES)


# --- lookup ----------------------------------------------------------------------------------


class KioskBill(Contract):
    """An unpaid bill as the counter sees it."""

    bill: Ref
    billNo: str
    amountDue: Money = Field(description="what is still owed on the bill")
    dueDate: date
    paymentReference: str | None = Field(None, description="the cash code printed on the bill")
    account: Ref | None = Field(None, description="the billing account the bill is paid to")


class KioskPrepaidLine(Contract):
    id: str
    number: str = Field(description="E.164")
    account: Ref | None = Field(None, description="the prepaid account of the line")


class KioskCustomer(Contract):
    """``GET /kioskLookup``: only what a payment point needs; never the full name or document."""

    account: Ref
    maskedName: str = Field(description='e.g. "Cam*** Tor***"')
    country: str = Field(pattern=r"^[A-Z]{2}$")
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    maskedDocument: str = Field(description="the last 3 digits only, e.g. ******789")
    bills: list[KioskBill] = Field([], description="unpaid bills, oldest due first")
    prepaidLines: list[KioskPrepaidLine] = []
    matchedBill: str | None = Field(
        None, description="the bill whose reference was looked up (it may be paid already)"
    )


KioskLookupResult = KioskCustomer


# --- void (TMF676 Refund) ------------------------------------------------------------------


class SupervisorApproval(Contract):
    """A supervisor's credentials, typed at the till to approve another operator's void."""

    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)

    username: str = Field(min_length=1, max_length=EMAIL_MAX, pattern=PLAIN_TEXT)
    password: str = Field(min_length=1, max_length=256, pattern=NO_CONTROLS)

    def __repr__(self) -> str:  # never the password, even in a crash screen
        return f"SupervisorApproval(username={self.username!r}, password='****')"

    __str__ = __repr__


class RefundCreate(Contract):
    """``POST /refund`` (Idempotency-Key): void a cash payment of the open shift."""

    payment: Ref
    reason: str = Field(min_length=3, max_length=200, pattern=PLAIN_TEXT)
    supervisor: SupervisorApproval | None = Field(
        None, description="needed when the voiding operator did not take the payment"
    )


class Refund(Contract):
    id: str
    href: str | None = None
    payment: Ref
    amount: Money
    reason: str
    status: Literal["done"] = "done"
    refundDate: datetime
    operator: Ref = Field(description="who voided it")
    approvedBy: Ref | None = Field(None, description="the supervisor who approved it")
    receiptNo: str
    shift: Ref | None = None
    terminalId: str | None = None
    account: Ref | None = None
    bill: Ref | None = Field(None, description="the bill that returned to unpaid")


# --- X and Z reports -------------------------------------------------------------------------


class ShiftReportLine(Contract):
    operation: Literal["billPayment", "topup", "void"]
    count: int = Field(ge=0)
    amount: Money


class ShiftReport(Contract):
    """``GET /kioskShift/{id}/report`` (X) or the answer to closing it (Z)."""

    shift: KioskShift
    kind: Literal["X", "Z"]
    generatedAt: datetime
    lines: list[ShiftReportLine]
    cashIn: Money = Field(description="cash received from customers")
    changeGiven: Money
    voided: Money = Field(description="amounts returned by voids")
    expectedCash: Money = Field(description="float + cash in - change - voids")
    countedCash: Money | None = None
    difference: Money | None = Field(None, description="counted - expected: negative = shortfall")
    count: list[DenominationCount] = Field([], description="the closing count (Z)")


__all__ = [
    "TERMINAL_ID_PATTERN",
    "KIOSK_ROLES",
    "KioskRole",
    "FaceValue",
    "Denomination",
    "CashDenominations",
    "DenominationCount",
    "KioskShiftCreate",
    "KioskShift",
    "ShiftCloseRequest",
    "KioskBill",
    "KioskPrepaidLine",
    "KioskCustomer",
    "KioskLookupResult",
    "SupervisorApproval",
    "RefundCreate",
    "Refund",
    "ShiftReportLine",
    "ShiftReport",
]
