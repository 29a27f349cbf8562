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
