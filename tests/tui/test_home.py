"""Home and the account state it shows, driven with the Pilot against the sandbox: the amount
due, the lines and the commitments (a promise, a reported payment), figures that
follow every money move with no `r` (defect 1), credit, the oldest unpaid bill paid with `p`
whatever the account's size, the account list paged, and the last figures shown "as of" when
the server cannot be reached (kept on disk without card data or tokens)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from pydantic import SecretStr
from textual.widgets import DataTable, Static

from miclaro_tui.api import ApiConnectionError
from miclaro_tui.models import CardCreate, CardPayment, Money, PaymentCreate, PaymentItem, Ref
from miclaro_tui.screens.home import HomeScreen
from miclaro_tui.screens.invoice_detail import InvoiceDetailScreen
from miclaro_tui.screens.invoices import InvoicesScreen
from miclaro_tui.screens.payment import PaymentScreen
from miclaro_tui.state import FILE_NAME, UNPAID
from tests.conftest import TODAY
from tests.tui.conftest import sandbox_client, sign_in
from tests.tui.test_pay import APPROVED, fill_card

CREDIT = Decimal(24038)


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def settle_until(pilot, condition, tries: int = 20) -> None:
    """Settle until ``condition()`` holds: a repaint may follow a worker that ends the wait."""
    for _ in range(tries):
        await settle(pilot)
        if condition():
            return


# --- set-up helpers: another terminal pays through the API; a server that goes away ----------


async def pay_through_api(api, bill, amount: Decimal, last_four: str = "1111"):
    """Pay ``amount`` of ``bill`` by card through ``api`` (a signed-in client)."""
    from tests.tui.test_pay import card_ending

    number = APPROVED if last_four == "1111" else card_ending(last_four)
    token = await api.tokenize_card(
        CardCreate(
            nameOnCard="Camila Rodriguez", cardNumber=number, expirationDate="12/2028", cvv="123"
        )
    )
    money = Money(unit=bill.amountDue.unit, value=amount)
    return await api.pay(
        PaymentCreate(
            correlatorId=uuid.uuid4().hex,
            account=Ref(id=bill.billingAccount.id),
            amount=money,
            paymentItem=[PaymentItem(item=Ref(id=bill.id), amount=money)],
            paymentMethod=CardPayment(id=token.id),
        )
    )


async def pay_all_with_credit(sandbox_db: Path, credit: Decimal = CREDIT) -> None:
    """camila pays both bills from another terminal, the newest with ``credit`` too much."""
    other = sandbox_client(sandbox_db)
    await other.sign_in("camila", SecretStr("camila2026"))
    account = (await other.list_billing_accounts())[0]
    oldest, newest = await other.list_bills(account.id, state=UNPAID, sort="paymentDueDate")
    await pay_through_api(other, oldest, oldest.remainingAmount.value)
    await pay_through_api(other, newest, newest.remainingAmount.value + credit)
    await other.aclose()


class Unplugged:
    """The real client, until ``down`` is set: then every read fails as if the server were
    unreachable."""

    READS = (
        "get_billing_account",
        "list_billing_accounts",
        "list_bills",
        "get_bill",
        "list_payments",
        "list_bill_rates",
    )

    def __init__(self, inner) -> None:
        self._inner = inner
        self.down = False

    def __getattr__(self, name):
        attribute = getattr(self._inner, name)
        if name in self.READS:

            async def read(*args, **kwargs):
                if self.down:
                    raise ApiConnectionError("the server is gone")
                return await attribute(*args, **kwargs)

            return read
        return attribute

    @property
    def on_tokens(self):
        return self._inner.on_tokens

    @on_tokens.setter
    def on_tokens(self, value):
        self._inner.on_tokens = value


async def pay_by_card_from_the_list(pilot, row: int) -> None:
    """From the invoice list: open the bill at ``row``, pay it by card, back to the list."""
    pilot.app.screen.query_one("#bills").move_cursor(row=row)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, InvoiceDetailScreen)
    await pilot.press("p")
    await settle(pilot)
    assert isinstance(pilot.app.screen, PaymentScreen)
    await fill_card(pilot, APPROVED)
    await pilot.press("ctrl+s")
    await settle(pilot)
    await pilot.press("escape")
    await settle(pilot)
    await pilot.press("escape")
    await settle(pilot)
    assert isinstance(pilot.app.screen, InvoicesScreen)


# --- what Home shows, and p ---------------------------------------------------------------


async def test_home_shows_amount_due_due_date_and_lines(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        assert isinstance(app.screen, HomeScreen)
        account = app.account
        due = account.balance("amountDue")
        assert due.unit == "COP" and due.value > 0
        assert text_of(app, "#amount-due") == app.screen.money(due)
        assert "Vencida" in text_of(app, "#payment-status")
        # The overdue bill is past its cut-off date: the service is suspended, and Home says
        # how to restore it.
        assert account.state == "suspended" and "Suspendida" in text_of(app, "#greeting")
        assert "suspendido" in text_of(app, "#home-alert")
        lines = app.screen.query_one("#lines", DataTable)
        assert lines.row_count == len(account.lines) >= 2


async def test_home_shows_a_promise_to_pay_and_a_reported_payment(make_app, sandbox_db):
    from datetime import timedelta

    from pydantic import SecretStr

    from miclaro_tui.models import PaymentPromiseCreate, PaymentReportCreate, Ref
    from tests.tui.conftest import sandbox_client

    # Done earlier, from another terminal: a promise on the overdue bill, a report on the other.
    other = sandbox_client(sandbox_db)
    await other.sign_in("camila", SecretStr("camila2026"))
    account = (await other.list_billing_accounts())[0]
    pending, overdue = (await other.list_bills(account.id, state="new,sent,partiallyPaid")).items
    await other.promise_payment(
        PaymentPromiseCreate(bill=Ref(id=overdue.id), promisedDate=TODAY + timedelta(days=5))
    )
    await other.report_payment(
        PaymentReportCreate(
            bill=Ref(id=pending.id),
            amount=pending.remainingAmount,
            paymentDate=TODAY,
            channel="Bancolombia app",
            reference="778899",
        )
    )
    await other.aclose()

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        notes = text_of(app, "#home-commitments")
        assert app.screen.query_one("#home-commitments").display
        assert overdue.billNo in notes and "30/11/2026" in notes
        assert pending.billNo in notes and "3 días hábiles" in notes


async def test_home_has_no_commitments_to_show_by_default(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not app.screen.query_one("#home-commitments").display


async def test_home_pays_the_oldest_unpaid_bill(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PaymentScreen)
        assert screen.bill.is_overdue(TODAY)  # the overdue one comes before the pending one


# --- defect 1: stale figures after a money move -------------------------------------------


async def test_switching_accounts_after_paying_shows_the_fresh_figures(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        assert "Suspendida" in text_of(app, "#greeting")
        await pilot.press("i")
        await settle(pilot)
        await pay_by_card_from_the_list(pilot, 1)  # the overdue bill
        await pay_by_card_from_the_list(pilot, 0)  # the pending one
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "Activa" in text_of(app, "#greeting")
        await pilot.press("a")
        await settle(pilot)
        assert app.account.accountType == "prepaid"
        await pilot.press("a")
        await settle(pilot)
        assert app.account.accountType == "postpaid"
        assert "Activa" in text_of(app, "#greeting")
        assert "Suspendida" not in text_of(app, "#greeting")
        zero = app.screen.money(app.account.balance("amountDue"))
        assert app.account.balance("amountDue").value == 0
        assert text_of(app, "#amount-due") == zero
        assert not app.screen.query_one("#home-alert").display


async def test_a_promise_to_pay_lifts_the_suspension_on_home_with_no_refresh(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        assert "Suspendida" in text_of(app, "#greeting")
        await pilot.press("i")
        await settle(pilot)
        await pilot.press("down", "enter")  # the overdue bill
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        app.screen.query_one("#promise-date").value = (TODAY + timedelta(days=5)).isoformat()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, InvoiceDetailScreen)
        await pilot.press("escape", "escape")
        await settle_until(pilot, lambda: "Activa" in text_of(app, "#greeting"))
        assert isinstance(app.screen, HomeScreen)
        assert "Activa" in text_of(app, "#greeting")
        assert "suspendido" not in text_of(app, "#home-alert")
        assert "prometiste" in text_of(app, "#home-commitments").lower()


async def test_the_invoice_list_follows_a_payment_with_no_refresh(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert "2 por pagar" in text_of(app, "#invoices-summary")
        await pay_by_card_from_the_list(pilot, 0)  # the pending bill
        table = app.screen.query_one("#bills")
        await settle_until(pilot, lambda: "Pagada" in str(table.get_cell_at((0, 4))))
        assert "Pagada" in str(table.get_cell_at((0, 4)))
        assert "1 por pagar" in text_of(app, "#invoices-summary")


# --- figures on Home ---------------------------------------------------------------------------


async def test_home_shows_counts_from_the_server(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        await settle(pilot)
        assert text_of(app, "#unpaid-count") == "2 facturas por pagar"
        assert text_of(app, "#overdue-count") == "1 factura vencida"
        summary = app.account_state.summary
        assert summary.oldest_unpaid.paymentDueDate < TODAY
        assert not app.screen.query_one("#credit").display


async def test_home_shows_the_credit_left_by_an_overpayment(make_app, sandbox_db):
    await pay_all_with_credit(sandbox_db)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        await settle(pilot)
        assert "Activa" in text_of(app, "#greeting")
        assert app.account.balance("creditBalance").value == CREDIT
        assert text_of(app, "#credit") == "Saldo a favor: " + app.screen.money(
            app.account.balance("creditBalance")
        )
        assert app.screen.query_one("#credit").display
        assert not app.screen.query_one("#unpaid-count").display


async def test_p_with_nothing_to_pay_says_so(make_app, sandbox_db):
    await pay_all_with_credit(sandbox_db)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "Nada por pagar" in text_of(app, "#home-message")


# --- offline ------------------------------------------------------------------------------------


async def test_offline_home_keeps_the_last_figures_marked_as_of(make_app, sandbox_db):
    api = Unplugged(sandbox_client(sandbox_db))
    app = make_app(api=api)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        await settle(pilot)
        due = text_of(app, "#amount-due")
        assert not app.screen.query_one("#home-asof").display
        api.down = True
        await pilot.press("r")
        await settle(pilot)
        assert app.account_state.offline
        marker = text_of(app, "#home-asof")
        assert app.screen.query_one("#home-asof").display
        # The frozen clock says 12:00 UTC: 7:00 in Bogotá.
        assert marker.startswith("Datos de las 7:00 a. m. - sin conexión") and "r" in marker
        assert text_of(app, "#amount-due") == due
        assert text_of(app, "#unpaid-count") == "2 facturas por pagar"
        api.down = False
        await pilot.press("r")
        await settle(pilot)
        assert not app.screen.query_one("#home-asof").display
        assert not app.account_state.offline


async def test_offline_invoice_list_shows_the_last_bills_fetched(make_app, sandbox_db):
    api = Unplugged(sandbox_client(sandbox_db))
    app = make_app(api=api)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        await pilot.press("i")
        await settle(pilot)
        shown = app.screen.query_one("#bills", DataTable).row_count
        await pilot.press("escape")
        api.down = True
        await pilot.press("i")
        await settle(pilot)
        table = app.screen.query_one("#bills", DataTable)
        assert table.row_count == shown > 0
        assert "sin conexión" in text_of(app, "#invoices-message")
        assert "13 facturas" in text_of(app, "#invoices-summary")
        await pilot.press("enter")  # a bill read earlier still opens
        assert isinstance(app.screen, InvoiceDetailScreen)


async def test_the_figures_file_holds_no_card_data_and_no_token(make_app, settings):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        await pilot.press("i")
        await settle(pilot)
        await pay_by_card_from_the_list(pilot, 0)
        await settle(pilot)
        api = app.api
        path = settings.data_dir / FILE_NAME
        text = path.read_text(encoding="utf-8")
        assert "FE01086419" in text  # the bills and figures are there
        assert APPROVED not in text and "4111 1111" not in text
        assert "cvv" not in text.lower() and "lastFourDigits" not in text
        assert api.refresh_token.get_secret_value() not in text
        assert api._access.get_secret_value() not in text  # the access token itself


# --- a large customer: the server counts and sorts -------------------------------------------


async def test_a_large_account_home_counts_and_pays_the_oldest_bill(make_large_app):
    app = make_large_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot, "empresa", "empresa2026")
        await settle(pilot)
        assert text_of(app, "#unpaid-count") == "2.000 facturas por pagar"
        assert text_of(app, "#overdue-count") == "1.000 facturas vencidas"
        assert "Tus líneas (1.000)" in str(app.screen.query_one("#lines-title").content)
        lines = app.screen.query_one("#lines", DataTable)
        assert lines.row_count == 50  # more as the cursor goes down
        lines.move_cursor(row=45)
        await settle(pilot)
        assert lines.row_count == 100
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PaymentScreen)
        assert screen.bill.paymentDueDate == date(2026, 10, 28)


async def test_the_account_list_pages_as_the_customer_switches(make_large_app):
    app = make_large_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot, "empresa", "empresa2026")
        state = app.account_state
        assert len(state.accounts) == 50 and state.accounts_total == 1000
        assert "a" in {b.binding.key for b in app.screen.active_bindings.values()}
        state.selected_id = state.accounts[-1].id
        await pilot.press("a")
        await settle(pilot)
        assert len(state.accounts) == 100
        assert app.account.id == state.accounts[50].id
        assert app.account.id in text_of(app, "#greeting")
