"""The 12-month spending chart of a postpaid account, opened from the invoice list (g)."""

from __future__ import annotations

from decimal import Decimal

from textual.widgets import DataTable

from miclaro_tui.prepaid import last_months
from miclaro_tui.screens.invoices import InvoicesScreen
from miclaro_tui.screens.spending import SpendingScreen
from tests.tui.conftest import sign_in_through_api, until_screen


async def test_g_on_the_invoices_charts_12_months_with_the_same_figures_in_a_table(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in_through_api(pilot)
        await pilot.press("i")
        await until_screen(pilot, InvoicesScreen)
        await pilot.press("g")
        screen = await until_screen(pilot, SpendingScreen)
        today = app.clock.today()
        bills = await app.api.list_bills(
            app.account.id, limit=100, billed_from=last_months(today, 12)[0]
        )
        expected = sum(
            (b.amountDue.value for b in bills.items if b.category != "duplicate"), Decimal(0)
        )
        assert len(screen.months) == 12
        assert sum(amount.value for _month, amount in screen.months) == expected > 0
        table = screen.query_one("#spending-table", DataTable)
        assert table.row_count == 12
        chart = screen.query_one("#spending-chart")
        assert chart.values == [float(amount.value) for _month, amount in screen.months]
        assert len(chart.labels) == 12
