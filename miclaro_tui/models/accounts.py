"""Sign-in and accounts (TMF666 Account; tokens are ours)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import (
    Field,
)

from miclaro_tui.models.base import (
    EMAIL_MAX,
    NO_CONTROLS,
    PLAIN_TEXT,
    Contract,
    DateTimePeriod,
    Money,
    RelatedParty,
)


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
    role: Literal["customer", "operator", "supervisor", "guest"] = Field(
        "customer", description="what the token may do: kiosk roles are operator and supervisor"
    )
    country: str | None = Field(
        None,
        pattern=r"^[A-Z]{2}$",
        description="the user's country, ISO 3166 (ours): a kiosk till counts its cash in its"
        " notes and coins",
    )


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
