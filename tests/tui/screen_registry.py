"""Every screen of the app, and how to open it on the sandbox as a customer reaches it: the
one list the fit test (test_fit_80x24.py) and the language snapshots walk. A new screen is
one line in ``REGISTRY``.

Each journey signs in (the session through the API object, as "remember me" resumes it:
tests/tui/conftest.py), opens its screen straight away and waits on conditions."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from textual.widgets import Input, Select

from tests.tui.conftest import (
    open_screen,
    sign_in_through_api,
    until_no_work,
    until_screen,
    wait_until,
)

PASSWORDS = {
    "camila": "camila2026",
    "joao": "joao2026",
    "andres": "andres2026",
    "rosa": "rosa2026",
}

Journey = Callable[[object], Awaitable[None]]


@dataclass(frozen=True)
class Entry:
    name: str
    journey: Journey
    main: bool = False
    """Among the main screens, pictured in every language (test_languages_snapshots.py)."""
    app: str = "make_app"
    """The fixture that makes the app: the customer's, or "make_kiosk" for kiosk mode."""


def signed_in(username: str = "camila") -> Journey:
    async def journey(pilot) -> None:
        await sign_in_through_api(pilot, username, PASSWORDS[username])

    return journey


async def the_bill(pilot, row: int):
    """The bill at ``row`` of the account's invoice list (newest first)."""
    app = pilot.app
    return (await app.api.list_bills(app.account.id, limit=row + 1)).items[row]


async def a_paid_bill(pilot):
    app = pilot.app
    bills = (await app.api.list_bills(app.account.id, limit=20)).items
    return next(bill for bill in bills if bill.state == "settled")


def screen(username: str, make: Callable[[object], Awaitable[object]]) -> Journey:
    """Sign in as ``username``, then open the screen ``make(pilot)`` builds."""

    async def journey(pilot) -> None:
        await signed_in(username)(pilot)
        await open_screen(pilot, await make(pilot))

    return journey


# --- the journeys ---------------------------------------------------------------------------


async def login(pilot) -> None:
    from miclaro_tui.screens.login import LoginScreen

    await until_screen(pilot, LoginScreen)
    await until_no_work(pilot)


async def guest_topup(pilot) -> None:
    """ctrl+t on the login screen: a top-up without signing in."""
    from miclaro_tui.screens.topup_guest import GuestTopupScreen

    await login(pilot)
    pilot.app.screen.action_guest_top_up()
    await until_screen(pilot, GuestTopupScreen)


async def guest_topup_pse(pilot) -> None:
    await guest_topup(pilot)
    pilot.app.screen.query_one("#method", Select).value = "pse"
    await until_no_work(pilot)  # the guest's session is not open yet: the banks wait for it


def invoices():
    from miclaro_tui.screens.invoices import InvoicesScreen

    return InvoicesScreen()


async def overdue_bill(pilot):
    from miclaro_tui.screens.invoice_detail import InvoiceDetailScreen

    return InvoiceDetailScreen(await the_bill(pilot, 1))


async def paid_bill(pilot):
    from miclaro_tui.screens.invoice_detail import InvoiceDetailScreen

    return InvoiceDetailScreen(await a_paid_bill(pilot))


async def in_a_bill(pilot, username: str = "camila"):
    """The overdue bill's detail screen, opened."""
    await signed_in(username)(pilot)
    return await open_screen(pilot, await overdue_bill(pilot))


async def email_dialog(pilot) -> None:
    from miclaro_tui.screens.email_dialog import EmailDialog

    (await in_a_bill(pilot)).action_email()
    await until_screen(pilot, EmailDialog)


async def report_dialog(pilot) -> None:
    from miclaro_tui.screens.payment_dialogs import ReportPaymentDialog

    (await in_a_bill(pilot)).action_report_payment()
    await until_screen(pilot, ReportPaymentDialog)


async def promise_dialog(pilot) -> None:
    from miclaro_tui.screens.payment_dialogs import PromiseDialog

    (await in_a_bill(pilot)).action_promise()
    await until_screen(pilot, PromiseDialog)


async def confirm_dialog(pilot) -> None:
    from miclaro_tui.screens.invoice_detail import InvoiceDetailScreen
    from miclaro_tui.screens.payment_dialogs import ConfirmPayDialog

    await signed_in()(pilot)
    bill = await open_screen(pilot, InvoiceDetailScreen(await a_paid_bill(pilot)))
    bill.action_pay()  # a paid bill: asked first
    await until_screen(pilot, ConfirmPayDialog)


async def help_screen(pilot):
    from miclaro_tui.screens.help import HelpScreen

    return HelpScreen()


async def payment(pilot, username: str = "camila"):
    """The overdue bill's payment screen, opened as Pay on the bill opens it."""
    from miclaro_tui.screens.payment import PaymentScreen, open_payment

    await signed_in(username)(pilot)
    app = pilot.app
    with app.batch_update():
        await open_payment(app.screen, await the_bill(pilot, 1), lambda payment: None)
        return await until_screen(pilot, PaymentScreen)


async def card_form(pilot) -> None:
    await payment(pilot)


async def card_errors(pilot) -> None:
    """Every card field wrong, and Pay pressed: the form names each one."""
    screen = await payment(pilot)
    screen.query_one("#amount", Input).value = "0"
    screen.query_one("#card-holder", Input).value = "C"
    screen.query_one("#card-number", Input).value = "4111 1111 1111 1112"
    screen.query_one("#card-expiry", Input).value = "10/26"
    screen.query_one("#card-cvv", Input).value = "12"
    screen.action_pay()
    await until_no_work(pilot)


async def card_approved(pilot) -> None:
    from miclaro_tui.flows.payment import Phase
    from tests.tui.test_pay import APPROVED

    screen = await payment(pilot)
    screen.query_one("#card-holder", Input).value = "Camila Rojas"
    screen.query_one("#card-number", Input).value = APPROVED
    screen.query_one("#card-expiry", Input).value = "12/28"
    screen.query_one("#card-cvv", Input).value = "123"
    screen.action_pay()
    await wait_until(pilot, lambda: screen.state.phase == Phase.APPROVED, what="the approval")
    await until_no_work(pilot)


async def pse_form(pilot) -> None:
    screen = await payment(pilot)
    screen.query_one("#method", Select).value = "pse"
    await until_no_work(pilot)


async def pix_method(pilot) -> None:
    screen = await payment(pilot, "joao")
    screen.query_one("#method", Select).value = "pix"
    await until_no_work(pilot)


async def pse_status(pilot) -> None:
    from miclaro_tui.screens.payment_pse import PseStatusScreen

    screen = await payment(pilot)
    screen.query_one("#method", Select).value = "pse"
    await until_no_work(pilot)  # the banks are loaded
    screen.query_one("#pse-bank", Select).value = "1007"
    screen.query_one("#pse-doc-number", Input).value = "1020304050"
    pilot.app.PAYMENT_POLL_PAUSE = 600  # shown as it starts: no check moves it on
    screen.action_pay()
    await until_screen(pilot, PseStatusScreen, but="payments")


def reference(method: str):
    async def make(pilot):
        from miclaro_tui.screens.payment_reference import PaymentReferenceScreen

        return PaymentReferenceScreen(await the_bill(pilot, 1), method)

    return make


async def payment_history(pilot):
    from miclaro_tui.screens.payment_history import PaymentHistoryScreen

    return PaymentHistoryScreen()


async def quit_dialog(pilot) -> None:
    from miclaro_tui.api import ApiConnectionError
    from miclaro_tui.flows.payment import FlowState, Phase
    from miclaro_tui.screens.quit_dialog import QuitDialog

    screen = await payment(pilot)
    screen.flow = pilot.app.new_payment_flow()
    screen.flow.state = FlowState(
        phase=Phase.CONNECTION_LOST, key="key-lost", error=ApiConnectionError("gone")
    )
    pilot.app.payment_flows.add(screen.flow)
    await pilot.app.action_quit()
    await until_screen(pilot, QuitDialog)


def new(module: str, name: str):
    """A screen class built with no arguments, imported when the journey runs."""

    async def make(pilot):
        import importlib

        return getattr(importlib.import_module(f"miclaro_tui.screens.{module}"), name)()

    return make


async def made(value):
    return value


KIOSK_JOURNEYS = ("login", "open_shift", "till", "cash", "close", "lock", "leave")
"""Kiosk screens, reached by tests/snapshots/test_kiosk_snapshots.py's journeys."""


def kiosk(name: str) -> Journey:
    async def journey(pilot) -> None:
        from tests.snapshots import test_kiosk_snapshots

        await getattr(test_kiosk_snapshots, name)(pilot)

    return journey


REGISTRY: list[Entry] = [
    Entry("login", login, main=True),
    Entry("guest_topup", guest_topup),
    Entry("guest_topup_pse", guest_topup_pse),
    Entry("home", signed_in("camila"), main=True),
    Entry("home_brazil", signed_in("joao"), main=True),
    Entry("home_prepaid", signed_in("andres")),
    Entry("invoices", screen("camila", lambda pilot: made(invoices())), main=True),
    Entry("invoice_detail", screen("camila", overdue_bill), main=True),
    Entry("invoice_detail_paid", screen("camila", paid_bill)),
    Entry("invoice_detail_brazil", screen("joao", overdue_bill)),
    Entry("email_dialog", email_dialog),
    Entry("report_dialog", report_dialog),
    Entry("promise_dialog", promise_dialog),
    Entry("confirm_dialog", confirm_dialog),
    Entry("help", screen("camila", help_screen), main=True),
    Entry("help_brazil", screen("joao", help_screen)),
    Entry("card_form", card_form, main=True),
    Entry("card_errors", card_errors),
    Entry("card_approved", card_approved),
    Entry("pse_form", pse_form),
    Entry("pix_method", pix_method),
    Entry("pse_status", pse_status),
    Entry("cash_reference", screen("camila", reference("cash"))),
    Entry("pix_reference", screen("joao", reference("pix"))),
    Entry("boleto_reference", screen("joao", reference("boleto"))),
    Entry("payment_history", screen("camila", payment_history), main=True),
    Entry("payment_history_brazil", screen("joao", payment_history)),
    Entry("quit_dialog", quit_dialog),
    Entry("spending", screen("camila", new("spending", "SpendingScreen"))),
    # prepaid lines
    Entry("prepaid_balance", screen("andres", new("prepaid_balance", "PrepaidBalanceScreen"))),
    Entry("topup", screen("andres", new("topup", "TopupScreen"))),
    Entry("transfer", screen("andres", new("transfer", "TransferScreen"))),
    Entry("advance", screen("andres", new("advance", "AdvanceScreen"))),
    Entry("balance_history", screen("andres", new("balance_history", "BalanceHistoryScreen"))),
    # kiosk mode (the operator's screens), as its snapshots reach them
    *(Entry(f"kiosk_{name}", kiosk(name), app="make_kiosk") for name in KIOSK_JOURNEYS),
]
