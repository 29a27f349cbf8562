"""``BillingClient``: the ``BillingApi`` protocol, composed of the session, the resource reads
and the payments, all sending through one ``Transport``."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable, Sequence
from datetime import date
from typing import Any

import httpx
from pydantic import SecretStr

from miclaro_tui.api import Page
from miclaro_tui.client.kiosk import Kiosk
from miclaro_tui.client.payments import Payments
from miclaro_tui.client.prepaid import Prepaid
from miclaro_tui.client.resources import Accounts, Bills
from miclaro_tui.client.retry import BACKOFF
from miclaro_tui.client.session import Session
from miclaro_tui.client.transport import Transport, check_base_url
from miclaro_tui.journal import Journal
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


class BillingClient:
    """The billing API over ``httpx.AsyncClient``. Every method may raise a ``BillingError``.

    ``transport`` is httpx's (ASGI for the embedded sandbox, MockTransport in tests);
    ``timeout`` is the deadline of one call, retries included; ``sleep`` and ``rng`` are
    injected so tests never wait. With a ``journal``, see ``Payments``."""

    def __init__(
        self,
        base_url: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 15.0,
        is_sandbox: bool = False,
        max_attempts: int = 4,
        backoff: float = BACKOFF,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
        rng: random.Random | None = None,
        journal: Journal | None = None,
    ) -> None:
        url = check_base_url(base_url)
        self._host = url.host if url.port is None else f"{url.host}:{url.port}"
        self._is_sandbox = is_sandbox
        self._transport = Transport(
            url,
            transport=transport,
            timeout=timeout,
            max_attempts=max_attempts,
            backoff=backoff,
            sleep=sleep,
            rng=rng,
        )
        self._session = Session(self._transport)
        self._accounts = Accounts(self._transport, self._session)
        self._bills = Bills(self._transport, self._session)
        self._payments = Payments(self._transport, self._session, journal)
        self._kiosk = Kiosk(self._transport, self._session)
        self._prepaid = Prepaid(self._transport, self._session)

    def __repr__(self) -> str:
        state = "signed in" if self._session.access_token else "signed out"
        return f"<BillingClient {self._host} {self.username or '-'} ({state})>"

    async def aclose(self) -> None:
        await self._transport.aclose()

    # --- session ---------------------------------------------------------------------------

    @property
    def is_sandbox(self) -> bool:
        return self._is_sandbox

    @property
    def host(self) -> str:
        return self._host

    @property
    def username(self) -> str | None:
        return self._session.username

    @property
    def role(self) -> str | None:
        return self._session.role

    @property
    def country(self) -> str | None:
        return self._session.country

    @property
    def refresh_token(self) -> SecretStr | None:
        return self._session.refresh_token

    @property
    def _access(self) -> SecretStr | None:
        # For tests that check the access token never reaches a file; not part of the API.
        return self._session.access_token

    @property
    def on_tokens(self) -> Callable[[str, SecretStr], None] | None:
        return self._session.on_tokens

    @on_tokens.setter
    def on_tokens(self, callback: Callable[[str, SecretStr], None] | None) -> None:
        self._session.on_tokens = callback

    async def sign_in(self, username: str, password: SecretStr) -> None:
        await self._session.sign_in(username, password)

    async def resume(self, refresh_token: SecretStr) -> None:
        await self._session.resume(refresh_token)

    async def sign_in_as_guest(self, guest: GuestSignIn) -> None:
        await self._session.sign_in_as_guest(guest)

    async def sign_out(self) -> None:
        await self._session.sign_out()

    # --- accounts and bills ----------------------------------------------------------------

    async def list_billing_accounts(self, offset: int = 0, limit: int = 50) -> Page[BillingAccount]:
        return await self._accounts.list_billing_accounts(offset, limit)

    async def get_billing_account(self, account_id: str) -> BillingAccount:
        return await self._accounts.get_billing_account(account_id)

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
        return await self._bills.list_bills(
            account_id,
            state,
            offset,
            limit,
            sort=sort,
            due_before=due_before,
            due_from=due_from,
            billed_from=billed_from,
            billed_before=billed_before,
        )

    async def get_bill(self, bill_id: str) -> CustomerBill:
        return await self._bills.get_bill(bill_id)

    async def list_bill_rates(self, bill_id: str) -> list[AppliedCustomerBillingRate]:
        return await self._bills.list_bill_rates(bill_id)

    async def download_bill_document(self, bill_id: str) -> bytes:
        return await self._bills.download_bill_document(bill_id)

    async def send_bill(self, bill_id: str, email: str | None = None) -> BillSendResult:
        return await self._bills.send_bill(bill_id, email)

    # --- payments --------------------------------------------------------------------------

    async def tokenize_card(self, card: CardCreate) -> TokenizedCard:
        return await self._payments.tokenize_card(card)

    async def list_pse_banks(self) -> list[Bank]:
        return await self._payments.list_pse_banks()

    async def pay(self, payment: PaymentCreate) -> Payment:
        return await self._payments.pay(payment)

    async def reconcile(self, correlator_id: str) -> Payment | None:
        return await self._payments.reconcile(correlator_id)

    async def reconcile_journal(self) -> list[Payment]:
        return await self._payments.reconcile_journal()

    async def unsettled_payment_keys(self) -> list[str]:
        return await self._payments.unsettled_payment_keys()

    async def get_payment(self, payment_id: str) -> Payment:
        return await self._payments.get_payment(payment_id)

    async def cancel_payment(self, payment_id: str) -> Payment:
        return await self._payments.cancel_payment(payment_id)

    async def list_payments(
        self, account_id: str, offset: int = 0, limit: int = 50
    ) -> Page[Payment]:
        return await self._payments.list_payments(account_id, offset, limit)

    async def download_receipt(self, payment_id: str) -> bytes:
        return await self._payments.download_receipt(payment_id)

    async def report_payment(self, report: PaymentReportCreate) -> PaymentReport:
        return await self._payments.report_payment(report)

    async def promise_payment(self, promise: PaymentPromiseCreate) -> PaymentPromise:
        return await self._payments.promise_payment(promise)

    # --- prepaid lines ---------------------------------------------------------------------

    async def get_prepaid_catalog(self, country: str) -> PrepaidCatalog:
        return await self._prepaid.get_prepaid_catalog(country)

    async def list_buckets(self, line_id: str) -> list[Bucket]:
        return await self._prepaid.list_buckets(line_id)

    async def get_usage_report(self, line_id: str) -> UsageConsumptionReport:
        return await self._prepaid.get_usage_report(line_id)

    async def check_number(self, number: str) -> NumberCheck:
        return await self._prepaid.check_number(number)

    async def list_topups(self, line_id: str) -> list[TopupBalance]:
        return await self._prepaid.list_topups(line_id)

    async def transfer_balance(
        self, transfer: TransferBalanceCreate, *, idempotency_key: str | None = None
    ) -> TransferBalance:
        return await self._prepaid.transfer_balance(transfer, idempotency_key=idempotency_key)

    async def get_advance_offer(self, line_id: str) -> BalanceAdvanceOffer:
        return await self._prepaid.get_advance_offer(line_id)

    async def take_advance(
        self, advance: BalanceAdvanceCreate, *, idempotency_key: str | None = None
    ) -> BalanceAdvance:
        return await self._prepaid.take_advance(advance, idempotency_key=idempotency_key)

    async def list_balance_actions(self, line_id: str) -> list[BalanceAction]:
        return await self._prepaid.list_balance_actions(line_id)

    async def download_balance_receipt(self, action_id: str) -> bytes:
        return await self._prepaid.download_balance_receipt(action_id)

    async def list_messages(self, number: str) -> list[CommunicationMessage]:
        return await self._prepaid.list_messages(number)

    # --- kiosk mode (a payment point's till) ---------------------------------------------

    async def list_denominations(self, country: str) -> CashDenominations:
        return await self._kiosk.list_denominations(country)

    async def open_shift(self, shift: KioskShiftCreate) -> KioskShift:
        return await self._kiosk.open_shift(shift)

    async def current_shift(self) -> KioskShift | None:
        return await self._kiosk.current_shift()

    async def shift_report(self, shift_id: str) -> ShiftReport:
        return await self._kiosk.shift_report(shift_id)

    async def close_shift(self, shift_id: str, counts: Sequence[DenominationCount]) -> ShiftReport:
        return await self._kiosk.close_shift(shift_id, counts)

    async def kiosk_lookup(
        self,
        *,
        line: str | None = None,
        document: str | None = None,
        reference: str | None = None,
    ) -> KioskCustomer:
        return await self._kiosk.kiosk_lookup(line=line, document=document, reference=reference)

    async def void_payment(self, refund: RefundCreate) -> Refund:
        return await self._kiosk.void_payment(refund)

    async def download_refund_receipt(self, refund_id: str) -> bytes:
        return await self._kiosk.download_refund_receipt(refund_id)

    async def list_shift_payments(self, shift_id: str) -> list[Payment]:
        return await self._kiosk.list_shift_payments(shift_id)
