"""Invoices and invoice detail flows driven with the Pilot against the sandbox."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Select, Static
from textual.widgets.select import InvalidSelectValueError

from miclaro_tui.models import Money
from miclaro_tui.screens.invoice_detail import InvoiceDetailScreen
from miclaro_tui.screens.invoices import InvoicesScreen
from miclaro_tui.state import UNPAID
from miclaro_tui.widgets.bill_status import OVERDUE, PAID, PENDING, status_key
from tests.conftest import TODAY
from tests.tui.conftest import sign_in
from tests.tui.test_home import pay_through_api


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


async def open_invoices(pilot) -> InvoicesScreen:
    await sign_in(pilot)
    await pilot.press("i")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, InvoicesScreen)
    return screen


async def test_invoices_list_paid_and_pending_with_words(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_invoices(pilot)
        table = screen.query_one("#bills", DataTable)
        assert table.row_count == len(screen.bills) >= 12
        keys = [status_key(bill, TODAY) for bill in screen.bills]
        assert keys.count(PENDING) == 1 and keys.count(OVERDUE) == 1
        assert keys.count(PAID) == len(keys) - 2
        statuses = {str(table.get_cell_at((row, 4))) for row in range(table.row_count)}
        assert {"✔ Pagada", "! Vencida", "• Pendiente"} <= statuses


async def test_invoice_filters_by_status_and_year(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_invoices(pilot)
        table = screen.query_one("#bills", DataTable)
        screen.query_one("#status-filter", Select).value = "overdue"
        await pilot.pause()
        assert table.row_count == 1
        screen.query_one("#status-filter", Select).value = "pending"
        await pilot.pause()
        assert table.row_count == 2
        screen.query_one("#status-filter", Select).value = "all"
        screen.query_one("#year-filter", Select).value = 2025
        await pilot.pause()
        assert table.row_count == len([b for b in screen.bills if b.billDate.year == 2025]) > 0
        assert f"de {len(screen.bills)} facturas" in text_of(app, "#invoices-summary")


async def test_open_an_invoice_shows_groups_and_totals(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_invoices(pilot)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, InvoiceDetailScreen)
        assert detail.bill.id == screen.bills[0].id
        items = detail.query_one("#items", DataTable)
        concepts = [str(items.get_cell_at((row, 0))) for row in range(items.row_count)]
        assert "Plan" in concepts and "Impuestos" in concepts and "Total" in concepts
        total_row = concepts.index("Total")
        assert str(items.get_cell_at((total_row, 1))) == detail.money(detail.bill.amountDue)
        # Tax lines carry the tax itself: the items add up to the bill's total exactly.
        assert sum(r.taxExcludedAmount.value for r in detail.rates) == detail.bill.amountDue.value
        assert detail.bill.paymentReference.cashCode in text_of(app, "#payment-reference")
        await pilot.press("escape")
        assert isinstance(app.screen, InvoicesScreen)


async def test_download_pdf_to_the_downloads_folder(make_app, settings):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_invoices(pilot)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.press("d")
        await app.workers.wait_for_complete()
        await pilot.pause()
        bill = app.screen.bill
        path = settings.download_dir / f"claro-{bill.billNo}.pdf"
        assert path.read_bytes().startswith(b"%PDF")
        assert str(path) in text_of(app, "#detail-message")


async def test_unwritable_download_folder_is_explained(make_app, settings, tmp_path: Path):
    from dataclasses import replace

    blocked = tmp_path / "blocked"
    blocked.write_text("a file where a folder should be")
    app = make_app(settings_=replace(settings, download_dir=blocked / "sub"))
    async with app.run_test(size=(100, 30)) as pilot:
        await open_invoices(pilot)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.press("d")
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = text_of(app, "#detail-message")
        assert "No se puede guardar el PDF" in said and "MICLARO_DOWNLOAD_DIR" in said
        assert not list(tmp_path.glob("**/*.pdf"))


async def test_email_an_invoice_validates_then_sends(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_invoices(pilot)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.press("e")
        await pilot.pause()
        field = app.screen.query_one("#email", Input)
        assert field.value == app.account.email
        field.value = "not-an-address"
        await pilot.press("enter")
        await pilot.pause()
        assert "correo" in text_of(app, "#email-message").lower()
        assert field.value == "not-an-address"
        field.value = "camila.torres@example.com"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, InvoiceDetailScreen)
        said = text_of(app, "#detail-message")
        assert "c***" in said and "camila.torres@example.com" not in said


async def test_palette_offers_the_screen_actions(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Facturas" in titles and "Cerrar sesión" in titles and "Ayuda" in titles


async def test_english_locale(make_app):
    from miclaro_tui import i18n

    i18n.set_language("en")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        assert "Hello" in text_of(app, "#greeting")
        await pilot.press("i")
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one("#bills", DataTable)
        assert "✔ Paid" in {str(table.get_cell_at((r, 4))) for r in range(table.row_count)}


async def test_switch_to_the_prepaid_account_and_back(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot)
        assert [a.accountType for a in app.accounts] == ["postpaid", "prepaid"]
        await pilot.press("a")
        await pilot.pause()
        assert app.account.accountType == "prepaid"
        balance = app.account.balance("prepaidBalance")
        assert text_of(app, "#amount-due") == app.screen.money(balance)
        assert "Saldo prepago" in str(app.screen.query_one("#due-title", Static).content)
        await pilot.press("a")
        await pilot.pause()
        assert app.account.accountType == "postpaid"


async def test_one_account_has_no_switch_key(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot, "lucia", "lucia2026")
        assert len(app.accounts) == 1
        keys = {
            binding.key
            for binding in app.screen.active_bindings.values()
            for binding in [binding.binding]
        }
        assert "a" not in keys


# --- a large account: pages, counts and filters from the server ----------------------------


async def open_large_invoices(pilot) -> InvoicesScreen:
    await sign_in(pilot, "empresa", "empresa2026")
    await pilot.press("i")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(pilot.app.screen, InvoicesScreen)
    return pilot.app.screen


async def test_a_large_list_loads_pages_as_the_cursor_nears_the_end(make_large_app):
    app = make_large_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_large_invoices(pilot)
        table = screen.query_one("#bills", DataTable)
        assert table.row_count == 50
        assert text_of(app, "#invoices-summary") == "1–50 de 24.000 facturas · 2.000 por pagar"
        table.move_cursor(row=35)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert table.row_count == 150
        assert text_of(app, "#invoices-summary").startswith("1–150 de 24.000 facturas")
        ids = [bill.id for bill in screen.bills]
        assert len(set(ids)) == len(ids) == 150
        dates = [bill.billDate for bill in screen.bills]
        assert dates == sorted(dates, reverse=True)  # newest first, across pages


async def test_a_large_list_filters_on_the_server(make_large_app):
    from datetime import date

    app = make_large_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_large_invoices(pilot)
        year = screen.query_one("#year-filter", Select)
        for offered in (2026, 2025, 2024):  # every year with bills, not only the first page's
            year.value = offered  # an option the Select lacks raises here
        with pytest.raises(InvalidSelectValueError):
            year.value = 2023
        year.value = 0
        screen.query_one("#status-filter", Select).value = "overdue"
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert text_of(app, "#invoices-summary").startswith("1–50 de 1.000 facturas")
        assert all(bill.paymentDueDate == date(2026, 10, 28) for bill in screen.bills)
        screen.query_one("#status-filter", Select).value = "all"
        screen.query_one("#year-filter", Select).value = 2024
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.bills and all(bill.billDate.year == 2024 for bill in screen.bills)
        assert 0 < screen.pages.total < 24000


# --- what was applied to a bill --------------------------------------------------------------


async def test_the_bill_detail_shows_payments_and_credit_applied_and_what_is_left(
    make_app, sandbox_db
):
    from decimal import Decimal

    from pydantic import SecretStr

    from tests.tui.conftest import sandbox_client

    # From another terminal: part of the overdue bill, then the rest of it with 10.000 too much,
    # which the account's credit applies to the next open bill.
    other = sandbox_client(sandbox_db)
    await other.sign_in("camila", SecretStr("camila2026"))
    account = (await other.list_billing_accounts())[0]
    oldest, newest = await other.list_bills(account.id, state=UNPAID, sort="paymentDueDate")
    first = await pay_through_api(other, oldest, Decimal(100000))
    second = await pay_through_api(other, oldest, oldest.remainingAmount.value - 100000 + 10000)
    await other.aclose()

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_invoices(pilot)
        await pilot.press("enter")  # the newest bill: it took the credit
        await app.workers.wait_for_complete()
        await pilot.pause()
        detail = app.screen
        items = detail.query_one("#items", DataTable)
        rows = [[str(cell) for cell in items.get_row_at(r)] for r in range(items.row_count)]
        # An item's detail is the second line of its concept.
        concepts = [row[0].strip().split("\n")[0] for row in rows]
        total = concepts.index("Total")
        assert concepts[total + 1] == "Saldo a favor aplicado"
        assert rows[total + 1][1] == detail.money(Money(unit="COP", value=Decimal(-10000)))
        assert second.receiptNo in rows[total + 1][0].split("\n")[1]
        assert concepts[total + 2] == "Por pagar"
        left = newest.remainingAmount.value - 10000
        assert rows[total + 2][1] == detail.money(Money(unit="COP", value=left))
        await pilot.press("escape", "down", "enter")  # the older bill, paid in two payments
        await app.workers.wait_for_complete()
        await pilot.pause()
        items = app.screen.query_one("#items", DataTable)
        cells = [str(items.get_cell_at((r, 0))).strip() for r in range(items.row_count)]
        concepts = [cell.split("\n")[0] for cell in cells]
        assert f"Pago {first.receiptNo}" in concepts and f"Pago {second.receiptNo}" in concepts
        # Each payment says when it was made; the bill, paid in full, says when.
        paid_on = app.screen.day(TODAY)
        assert cells[concepts.index(f"Pago {second.receiptNo}")].endswith(f"Pagado el {paid_on}")
        notes = str(app.screen.query_one("#bill-notes", Static).content)
        assert f"Pagada el {app.screen.day(TODAY, 'long')}" in notes
        assert concepts[-1] == "Por pagar"
        assert str(items.get_cell_at((items.row_count - 1, 1))) == app.screen.money(
            Money(unit="COP", value=Decimal(0))
        )
