"""What the screens depend on: the ``BillingApi`` protocol and the error classes.

This module is light on purpose (no httpx, no pydantic at import time) so the login screen
can import it on the path to the first paint. ``miclaro_tui.client.BillingClient`` implements
it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar, overload

from miclaro_tui.api_errors import (
    AccountLockedError,
    ApiConnectionError,
    ApiStatusError,
    ApiTimeoutError,
    AuthenticationError,
    BadResponseError,
    BillingError,
    ConflictError,
    NotFoundError,
    OutcomeUnknownError,
    PaymentDeclinedError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    SessionExpiredError,
    TooManyItemsError,
    ValidationError,
)

if TYPE_CHECKING:
    from datetime import date

    from pydantic import SecretStr

    from miclaro_tui.models import (
        AppliedCustomerBillingRate,
        BalanceAction,
        BalanceAdvance,
        BalanceAdvanceCreate,
        BalanceAdvanceOffer,
        Bank,
        BillingAccount,
        BillSendResult,
        Bucket,
        CardCreate,
        CashDenominations,
        CommunicationMessage,
        CustomerBill,
        DenominationCount,
        GuestSignIn,
        KioskCustomer,
        KioskShift,
        KioskShiftCreate,
        NumberCheck,
        Payment,
        PaymentCreate,
        PaymentPromise,
        PaymentPromiseCreate,
        PaymentReport,
        PaymentReportCreate,
        PrepaidCatalog,
        Refund,
        RefundCreate,
        ShiftReport,
        TokenizedCard,
        TopupBalance,
        TransferBalance,
        TransferBalanceCreate,
        UsageConsumptionReport,
    )

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Sequence[T], Generic[T]):
    """One page of a list, with the total the server reported in ``X-Total-Count``. It is a
    sequence of its items, so ``for item in page`` and ``page[0]`` read them."""

    items: list[T]
    total: int
    offset: int = 0
    limit: int = 50

    @property
    def has_more(self) -> bool:
        return bool(self.items) and self.offset + len(self.items) < self.total

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        return self.items[index]

    def __len__(self) -> int:
        return len(self.items)


async def fetch_all(
    list_page: Callable[[int, int], Awaitable[Page[T]]], *, page_size: int = 50, at_most: int = 1000
) -> list[T]:
    """Every item of a short paged list, ``list_page(offset, limit)`` a page at a time. Raises
    TooManyItemsError, rather than cutting it, when the server counts more than ``at_most``
    (long lists page on screen instead); stops if the server runs out before its count."""
    items: list[T] = []
    while True:
        page = await list_page(len(items), page_size)
        if page.total > at_most:
            raise TooManyItemsError(page.total, at_most)
        items.extend(page.items)
        if not page.items or len(items) >= page.total:
            return items


class BillingApi(Protocol):
    """The billing API as the screens see it. Every method may raise a ``BillingError``."""

    @property
    def is_sandbox(self) -> bool: ...

    @property
    def host(self) -> str: ...

    @property
    def username(self) -> str | None: ...

    @property
    def refresh_token(self) -> SecretStr | None:
        """The current refresh token, for "remember me" (None when signed out)."""

    on_tokens: Callable[[str, SecretStr], None] | None
    """Called with (login, refresh token) whenever the tokens change (they rotate)."""

    async def sign_in(self, username: str, password: SecretStr) -> None: ...

    async def resume(self, refresh_token: SecretStr) -> None:
        """Sign in again with a remembered refresh token."""

    async def sign_out(self) -> None: ...

    async def list_billing_accounts(
        self, offset: int = 0, limit: int = 50
    ) -> Page[BillingAccount]: ...

    async def get_billing_account(self, account_id: str) -> BillingAccount: ...

    async def list_bills(
        self,
        account_id: str | None = None,
        state: str | None = None,
        offset: int = 0,
        limit: int = 50,
        *,
        sort: str | None = None,
        due_before: date | None = None,
        due_from: date | None = None,
        billed_from: date | None = None,
        billed_before: date | None = None,
    ) -> Page[CustomerBill]:
        """Bills filtered and sorted by the server (``limit`` at most 100). ``sort`` is
        comma-separated ``billDate`` / ``paymentDueDate``, ``-`` first for descending (the
        server's default is ``-billDate``); ``due_before`` is ``paymentDueDate.lt``,
        ``due_from`` ``paymentDueDate.gte``, ``billed_from`` ``billDate.gte`` and
        ``billed_before`` ``billDate.lt``."""

    async def get_bill(self, bill_id: str) -> CustomerBill: ...

    async def list_bill_rates(self, bill_id: str) -> list[AppliedCustomerBillingRate]: ...

    async def download_bill_document(self, bill_id: str) -> bytes:
        """The bill as a PDF document."""

    async def send_bill(self, bill_id: str, email: str | None = None) -> BillSendResult: ...

    # --- payments (TMF676 / TMF670; see DESIGN.md section 4 on money safety) ----------

    async def tokenize_card(self, card: CardCreate) -> TokenizedCard:
        """POST /paymentMethod: the card number and CVV leave here and are never kept."""

    async def list_pse_banks(self) -> list[Bank]: ...

    async def pay(self, payment: PaymentCreate) -> Payment:
        """POST /payment with ``Idempotency-Key = payment.correlatorId``, journaled before it
        is sent. Raises PaymentDeclinedError (402) or OutcomeUnknownError when the retries ran
        out after the server may have charged; then call ``reconcile``."""

    async def reconcile(self, correlator_id: str) -> Payment | None:
        """The payment made with this key, if the server has one; settles the journal."""

    async def reconcile_journal(self) -> list[Payment]:
        """At start-up: settle every journaled payment whose outcome is still unknown."""

    async def unsettled_payment_keys(self) -> list[str]:
        """The keys of this login's journaled payments still pending or unknown."""

    async def get_payment(self, payment_id: str) -> Payment: ...

    async def cancel_payment(self, payment_id: str) -> Payment:
        """Cancel a payment still pendingAuthorization (PSE)."""

    async def list_payments(
        self, account_id: str, offset: int = 0, limit: int = 50
    ) -> Page[Payment]: ...

    async def download_receipt(self, payment_id: str) -> bytes:
        """The payment's receipt as a PDF document."""

    async def report_payment(self, report: PaymentReportCreate) -> PaymentReport: ...

    async def promise_payment(self, promise: PaymentPromiseCreate) -> PaymentPromise: ...

    # --- prepaid lines (TMF654 / TMF677; a top-up is paid through ``pay``) -------------

    async def get_prepaid_catalog(self, country: str) -> PrepaidCatalog:
        """GET /prepaidCatalog/{country}: top-up presets and limits, transfer limits and
        cost, packs. Needs no session (the guest top-up reads it before signing in)."""

    async def list_buckets(self, line_id: str) -> list[Bucket]:
        """What is left on a prepaid line: money, data, minutes, SMS."""

    async def get_usage_report(self, line_id: str) -> UsageConsumptionReport:
        """The line's usage of the last 6 whole months, oldest first."""

    async def check_number(self, number: str) -> NumberCheck:
        """Whether ``number`` (E.164) is a prepaid line of the carrier, so it can be topped up
        or receive a transfer. A number of another country raises ValidationError
        (code ``otherCountry``)."""

    async def list_topups(self, line_id: str) -> list[TopupBalance]:
        """The line's top-ups, newest first."""

    async def transfer_balance(
        self, transfer: TransferBalanceCreate, *, idempotency_key: str | None = None
    ) -> TransferBalance:
        """POST /transferBalance with a fresh Idempotency-Key, or the caller's
        ``idempotency_key`` (the same request again after its answer was lost: the server
        answers with the transfer it made, or makes it once); retried only with that same
        key. Refusals are ValidationError / ConflictError with ``code`` (insufficientBalance,
        notPrepaidLine, otherCountry, sameLine, amountBelowMin, amountAboveMax)."""

    async def get_advance_offer(self, line_id: str) -> BalanceAdvanceOffer:
        """Whether the line may take a balance advance now, how much and at what fee."""

    async def take_advance(
        self, advance: BalanceAdvanceCreate, *, idempotency_key: str | None = None
    ) -> BalanceAdvance:
        """POST /balanceAdvance with a fresh Idempotency-Key, or the caller's
        ``idempotency_key`` as for ``transfer_balance`` (retried with the same key).
        Refused with ``code`` notEligible, advanceOpen or offerChanged."""

    async def list_balance_actions(self, line_id: str) -> list[BalanceAction]:
        """Top-ups, transfers, gifts, advances and repayments of the line, newest first."""

    async def download_balance_receipt(self, action_id: str) -> bytes:
        """A balance action's receipt as a PDF document."""

    async def list_messages(self, number: str) -> list[CommunicationMessage]:
        """The SMS the carrier sent to ``number`` (the sandbox's communication log)."""

    async def sign_in_as_guest(self, guest: GuestSignIn) -> None:
        """Open a short-lived guest session to top up ``guest.number`` without an account.
        Nothing of the payer is stored (no keyring, no file); ``sign_out`` ends it."""

    # --- kiosk mode at a cash payment point (ours; CONTRACT-kiosk) ----------------------

    @property
    def role(self) -> str | None:
        """The signed-in login's role: "customer", "operator" or "supervisor" (None when
        signed out). Only operators and supervisors may open kiosk mode."""

    @property
    def country(self) -> str | None:
        """The signed-in user's country (ISO 3166) as the server said at sign-in, or None: a
        till counts its float in that country's notes and coins."""

    async def list_denominations(self, country: str) -> CashDenominations:
        """GET /cashDenominations/{country}: the notes and coins a till counts, highest first."""

    async def open_shift(self, shift: KioskShiftCreate) -> KioskShift:
        """POST /kioskShift with one Idempotency-Key (retries reuse it). Raises ConflictError
        (shiftAlreadyOpen) when this operator already has an open shift."""

    async def current_shift(self) -> KioskShift | None:
        """GET /kioskShift/current: this operator's open shift, or None when there is none."""

    async def shift_report(self, shift_id: str) -> ShiftReport:
        """GET /kioskShift/{id}/report: the mid-shift (X) report, or the Z report once closed."""

    async def close_shift(self, shift_id: str, counts: Sequence[DenominationCount]) -> ShiftReport:
        """POST /kioskShift/{id}/close with the cash counted (Idempotency-Key): the Z report,
        with the surplus or shortfall. A closed shift takes nothing and cannot reopen."""

    async def kiosk_lookup(
        self,
        *,
        line: str | None = None,
        document: str | None = None,
        reference: str | None = None,
    ) -> KioskCustomer:
        """GET /kioskLookup by exactly one of a line number, an identity document or the
        payment reference / barcode digits of a bill. Raises NotFoundError when nobody."""

    async def void_payment(self, refund: RefundCreate) -> Refund:
        """POST /refund (Idempotency-Key): void a cash payment of the open shift; the bill
        returns to unpaid. Raises PermissionDeniedError (notYourPayment) when another operator
        took it and no supervisor approved, ConflictError (alreadyVoided, shiftClosed)."""

    async def download_refund_receipt(self, refund_id: str) -> bytes:
        """GET /refund/{id}/receipt: the void's receipt as a PDF document."""

    async def list_shift_payments(self, shift_id: str) -> list[Payment]:
        """GET /kioskShift/{id}/payments: the cash payments taken in the shift, newest first
        (voided ones too: their ``refund`` is set), for its operator or a supervisor; after a
        restart of the till, what it may still void."""

    async def aclose(self) -> None: ...


__all__ = [
    "Page",
    "fetch_all",
    "BillingApi",
    "BillingError",
    "TooManyItemsError",
    "ApiConnectionError",
    "ApiTimeoutError",
    "BadResponseError",
    "ApiStatusError",
    "AuthenticationError",
    "SessionExpiredError",
    "PermissionDeniedError",
    "AccountLockedError",
    "NotFoundError",
    "ConflictError",
    "ValidationError",
    "PaymentDeclinedError",
    "RateLimitError",
    "ServerError",
    "OutcomeUnknownError",
]
