"""Keys: the footer shows the keys that do something now, the most important first (F1
always) and as many as the width holds; a key that would do nothing is not shown, and
pressing it says why; the filter gives the arrows back to the list; "yes" is the language's."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Select

from miclaro_tui import i18n
from miclaro_tui.app import MiClaroApp
from miclaro_tui.flows.payment import Phase
from miclaro_tui.screens.home import HomeScreen
from miclaro_tui.screens.invoice_detail import InvoiceDetailScreen
from miclaro_tui.screens.invoices import InvoicesScreen
from miclaro_tui.screens.payment import PaymentScreen
from miclaro_tui.screens.payment_dialogs import ConfirmPayDialog
from miclaro_tui.screens.payment_history import PaymentHistoryScreen
from miclaro_tui.widgets.status_line import StatusLine
from tests.tui.conftest import (
    open_screen,
    sign_in_through_api,
    until_no_work,
    until_screen,
    wait_until,
)
from tests.tui.screen_registry import card_approved, confirm_dialog, signed_in, the_bill
from tests.tui.screen_text import screen_lines


@pytest.fixture(autouse=True)
def fast_polls(monkeypatch):
    monkeypatch.setattr(MiClaroApp, "PAYMENT_POLL_PAUSE", 0.01)


def footer(app) -> str:
    return screen_lines(app)[-1]


def shown(app) -> list[str]:
    """The actions the footer shows, in its order."""
    return [
        active.binding.action
        for active in app.screen.active_bindings.values()
        if active.binding.show and active.binding.description
    ]


def said(app) -> str:
    return str(app.screen.query_one(StatusLine).content)


async def test_f1_comes_first_and_the_footer_shows_more_keys_as_it_widens(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_through_api(pilot)
        narrow = shown(app)
        assert narrow[0] == "help" and footer(app).split()[:2] == ["F1", "Ayuda"]
        assert "sign_out" not in narrow  # no room at 80 columns: in Help and the palette
        await pilot.resize_terminal(140, 30)
        await wait_until(pilot, lambda: "sign_out" in shown(app), what="the wider footer")
        await pilot.pause()
        assert "s Cerrar sesión" in footer(app)
        assert shown(app)[: len(narrow) - 1] == narrow[:-1]  # the same order, more of it


async def test_the_invoice_shows_report_promise_and_reload_when_there_is_room(make_app):
    app = make_app()
    async with app.run_test(size=(140, 30)) as pilot:
        await sign_in_through_api(pilot)
        await open_screen(pilot, InvoiceDetailScreen(await the_bill(pilot, 1)))  # overdue
        line = footer(app)
        for label in ("c Código", "n Reportar pago", "m Compromiso de pago", "r Actualizar"):
            assert label in line, line


async def test_a_paid_invoice_hides_what_it_cannot_do_and_says_why(make_app):
    app = make_app()
    async with app.run_test(size=(140, 30)) as pilot:
        await sign_in_through_api(pilot)
        paid = next(b for b in (await app.api.list_bills(app.account.id)).items if not b.is_unpaid)
        await open_screen(pilot, InvoiceDetailScreen(paid))
        assert {"pay_elsewhere", "report_payment", "promise"}.isdisjoint(shown(app))
        assert {"pay", "download", "email"} <= set(shown(app))
        await pilot.press("n")
        assert said(app) == "Esta factura ya está pagada: no hay nada que reportar."
        assert isinstance(app.screen, InvoiceDetailScreen)


async def test_after_a_payment_ctrl_s_is_gone_and_says_it_is_made(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await card_approved(pilot)
        screen = app.screen
        assert isinstance(screen, PaymentScreen) and screen.state.phase == Phase.APPROVED
        assert "pay" not in shown(app) and "^s" not in footer(app)
        payments = len(screen.intents)
        await pilot.press("ctrl+s")
        await until_no_work(pilot)
        assert "ya se realizó" in said(app)
        assert len(screen.intents) == payments


async def test_an_ended_pse_transfer_shows_no_cancel_or_copy(make_app):
    from tests.tui.test_pay import start_pse

    app = make_app()
    app.PAYMENT_POLL_PAUSE = 600  # the bank is not asked again: pending until cancelled
    async with app.run_test(size=(100, 30)) as pilot:
        await start_pse(pilot)  # signed in through the form
        status = app.screen
        assert {"cancel_payment", "copy_url"} <= set(shown(app))  # pending: both do something
        await pilot.press("x")
        await wait_until(pilot, lambda: status.flow.state.payment.is_final, what="the cancel")
        await until_no_work(pilot, but="payments")
        assert {"cancel_payment", "copy_url"}.isdisjoint(shown(app))
        await pilot.press("x")
        assert said(app) == "Este pago ya terminó."


async def test_a_prepaid_account_has_no_invoice_keys_and_says_why(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in("andres")(pilot)
        assert {"invoices", "pay"}.isdisjoint(shown(app))
        assert "top_up" in shown(app)
        await pilot.press("i")
        assert isinstance(app.screen, HomeScreen)
        assert "no tiene facturas" in said(app)


async def test_after_the_filter_the_arrows_move_in_the_list(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_through_api(pilot)
        screen = await open_screen(pilot, InvoicesScreen())
        table = screen.query_one("#bills", DataTable)
        await pilot.press("f")  # the status filter, open
        status = screen.query_one("#status-filter", Select)
        await wait_until(pilot, lambda: status.expanded, what="the filter's list")
        await pilot.press("down", "down", "enter")  # "Vencidas"
        await wait_until(pilot, lambda: table.has_focus, what="the list's focus")
        await until_no_work(pilot)
        assert status.value == "overdue"
        await pilot.press("f", "escape")  # opened and closed unchanged: back to the list
        await wait_until(pilot, lambda: table.has_focus, what="the list's focus")
        assert isinstance(app.screen, InvoicesScreen)


@pytest.mark.parametrize(("language", "key"), [("es", "s"), ("pt_BR", "s"), ("en", "y")])
async def test_the_confirm_dialog_answers_yes_with_the_languages_key(make_app, language, key):
    i18n.set_language(language)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await confirm_dialog(pilot)
        assert f"({key})" in str(app.screen.query_one("#dialog-confirm").label)
        await pilot.press(key)
        await until_screen(pilot, PaymentScreen)


async def test_yes_in_spanish_still_takes_y(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await confirm_dialog(pilot)
        assert isinstance(app.screen, ConfirmPayDialog)
        await pilot.press("y")
        await until_screen(pilot, PaymentScreen)


async def test_brazils_bank_transfers_are_not_called_pse(make_app):
    i18n.set_language("pt_BR")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await signed_in("joao")(pilot)
        screen = await open_screen(pilot, PaymentHistoryScreen())
        table = screen.query_one("#payments", DataTable)
        methods = [str(table.get_cell_at((row, 5))) for row in range(table.row_count)]
        assert any(method.startswith("Transferência · ") for method in methods), methods
        assert not any("PSE" in method for method in methods), methods
