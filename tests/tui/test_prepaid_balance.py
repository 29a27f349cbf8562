"""A prepaid line's balance screen, transfers and gifts, through the screens against the
sandbox: the buckets and 6 months of usage (chart and table agree), the prepaid keys on Home,
a transfer above the balance refused before sending, and a pack gifted after confirming (the
receiver's SMS in the sandbox's log)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from textual.widgets import DataTable, Input, Select

from miclaro_tui import i18n
from miclaro_tui.prepaid import usage_rows
from miclaro_tui.screens.home import HomeScreen
from miclaro_tui.screens.prepaid_balance import PrepaidBalanceScreen
from miclaro_tui.screens.prepaid_confirm import ConfirmDialog
from miclaro_tui.screens.transfer import TransferScreen
from tests.tui.conftest import sign_in_through_api, until_no_work, until_screen, wait_until
from tests.tui.prepaid_support import LINE, money_left, said

RECEIVER = "+593987654321"  # a prepaid line of the carrier, not a sandbox customer's


@pytest.fixture(autouse=True)
def english():
    i18n.set_language("en")


def home_keys(app) -> set[str]:
    return {
        active.binding.key
        for active in app.screen.active_bindings.values()
        if app.screen.check_action(active.binding.action, ()) is True
    }


async def test_prepaid_keys_show_on_a_prepaid_account_only(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in_through_api(pilot)  # camila: postpaid first, then a prepaid account
        assert not {"b", "t", "g", "v", "y"} & home_keys(app)
        app.next_account()
        await wait_until(pilot, lambda: app.account.accountType == "prepaid", what="prepaid")
        await until_no_work(pilot)
        assert {"b", "t", "g", "v", "y"} <= home_keys(app)


async def test_the_balance_shows_buckets_and_the_usage_chart_and_table_agree(make_app):
    app = make_app()
    async with app.run_test(size=(100, 36)) as pilot:
        await sign_in_through_api(pilot, "andres", "andres2026")
        await pilot.press("b")
        screen = await until_screen(pilot, PrepaidBalanceScreen)
        assert {b.usageType for b in screen.buckets} == {"monetary", "data", "voice", "sms"}
        buckets = str(screen.query_one("#buckets").content)
        assert "$7,50" in buckets and "79 min of 340 min" in buckets and "until" in buckets
        rows = usage_rows(await app.api.get_usage_report(LINE))
        assert len(rows) == 6 and screen.rows == rows
        table = screen.query_one("#usage-table", DataTable)
        assert table.row_count == 6
        chart = screen.query_one("#usage-chart")
        assert chart.values == [float(row.data_mb) for row in rows]
        await pilot.press("u")
        assert chart.values == [float(row.minutes) for row in rows]
        assert chart.title == "Minutes used"


async def open_transfer(pilot) -> TransferScreen:
    await sign_in_through_api(pilot, "andres", "andres2026")
    await pilot.press("g")
    return await until_screen(pilot, TransferScreen)


async def test_a_transfer_above_the_balance_is_refused_before_sending(make_app):
    app = make_app()
    async with app.run_test(size=(100, 36)) as pilot:
        screen = await open_transfer(pilot)
        before = await money_left(app)
        screen.query_one("#receiver", Input).value = "098 765 4321"
        screen.query_one("#transfer-amount", Input).value = "9,50"  # within 0,50..10,00
        await until_no_work(pilot)
        quote = str(screen.query_one("#quote").content)
        assert "Total debited from your balance: $9,60" in quote
        assert "more than your balance" in quote  # said while typing
        await pilot.press("ctrl+s")
        await until_no_work(pilot)
        assert "nothing was sent" in said(screen)
        assert not isinstance(app.screen, ConfirmDialog)
        assert await money_left(app) == before
        actions = await app.api.list_balance_actions(LINE)
        assert all(a.actionType != "transferOut" for a in actions)


async def test_a_pack_gift_shows_its_cost_asks_then_debits_and_texts_the_receiver(make_app):
    app = make_app()
    async with app.run_test(size=(100, 36)) as pilot:
        screen = await open_transfer(pilot)
        before = await money_left(app)
        screen.query_one("#receiver", Input).value = "098 765 4321"
        screen.query_one("#what", Select).value = "EC-P7D"
        await until_no_work(pilot)
        assert not screen.query_one("#transfer-amount", Input).display
        await pilot.press("ctrl+s")
        dialog = await until_screen(pilot, ConfirmDialog, but="send")
        lines = str(dialog.query_one("#confirm-lines").content)
        assert "Cost: $0,10, paid by you" in lines and "$3,10" in lines
        await pilot.press("y")
        await wait_until(pilot, lambda: screen.done is not None, what="the gift")
        await until_no_work(pilot)
        assert screen.done.totalDebited.value == Decimal("3.10")
        assert await money_left(app) == before - Decimal("3.10")
        assert "Receipt" in said(screen)
        messages = await app.api.list_messages(RECEIVER)
        assert messages and "Paquete Semanal" in messages[0].content
        await pilot.press("ctrl+s")  # done: a second press sends nothing
        await until_no_work(pilot)
        assert await money_left(app) == before - Decimal("3.10")
        await pilot.press("escape")
        await until_screen(pilot, HomeScreen)
