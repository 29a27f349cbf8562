"""At the till: the operator's country comes from the sign-in (a Brazilian operator counts
reais without --country), and a prepaid line is topped up in cash through the same payment
flow, once, with a receipt naming the line, counted as a top-up and not voidable."""

from __future__ import annotations

from decimal import Decimal

from textual.widgets import DataTable, Label

from miclaro_tui.screens.kiosk.cash import CashScreen
from miclaro_tui.screens.kiosk.count import DenominationCounter
from miclaro_tui.screens.kiosk.login import KioskLoginScreen
from miclaro_tui.screens.kiosk.open_shift import OpenShiftScreen
from miclaro_tui.screens.kiosk.printout import PrintoutScreen
from miclaro_tui.screens.kiosk.till import TillScreen
from tests.tui.conftest import until_no_work, until_screen, wait_until
from tests.tui.kiosk_support import (  # noqa: F401  (fixtures)
    kiosk_settings,
    kiosk_sign_in,
    make_kiosk,
    open_shift_with,
    type_into,
)
from tests.tui.test_kiosk_shift import CAMILA_LINE, scan

CAMILA_PREPAID = "+573209876543"


async def test_caixa_opens_a_shift_in_reais(make_kiosk, kiosk_settings):  # noqa: F811
    assert kiosk_settings.country == "CO"  # no --country BR: the sign-in tells
    app = make_kiosk()
    async with app.run_test(size=(120, 40)) as pilot:
        await until_screen(pilot, KioskLoginScreen)
        await kiosk_sign_in(pilot, "caixa", "caixa2026")
        screen = await until_screen(pilot, OpenShiftScreen)
        table = screen.query_one(DenominationCounter).table
        assert (table.country, table.currency) == ("BR", "BRL")
        faces = [
            str(label.render()).replace("\xa0", " ")
            for label in screen.query(".count-face").results(Label)
        ]
        kinds = [str(label.render()) for label in screen.query(".count-kind").results(Label)]
        assert faces[0] == "R$ 200,00" and faces[-1] == "R$ 0,05"
        assert kinds.count("billete") == 7 and kinds.count("moneda") == 5
        # 2 x R$ 100 + 3 x R$ 0,50
        await open_shift_with(pilot, {1: 2, 8: 3})
        assert app.till is not None and app.till.shift is not None
        assert app.till.shift.openingFloat.unit == "BRL"
        assert app.till.shift.openingFloat.value == Decimal("201.50")


async def test_a_cash_topup_at_the_till(make_kiosk):  # noqa: F811
    app = make_kiosk()
    async with app.run_test(size=(120, 40)) as pilot:
        await until_screen(pilot, KioskLoginScreen)
        await kiosk_sign_in(pilot)
        await open_shift_with(pilot, {1: 2, 4: 10})
        await scan(pilot, CAMILA_LINE)
        customer = app.till.customer
        table = pilot.app.screen.query_one("#customer-items", DataTable)
        table.focus()
        table.move_cursor(row=len(customer.bills))  # the prepaid line, after the bills
        await pilot.press("enter")
        cash = await until_screen(pilot, CashScreen)
        assert cash.target.number == CAMILA_PREPAID
        await type_into(pilot, "#cash-amount", "20000")
        await type_into(pilot, "#cash-received", "50000")
        await pilot.press("enter")
        printout = await until_screen(pilot, PrintoutScreen)
        receipt = " ".join(printout.text.split())
        assert CAMILA_PREPAID in receipt and "Factura" not in receipt
        assert "$30.000,00" in receipt  # the change
        taken = app.till.taken
        assert len(taken) == 1 and taken[0].payment.paymentItem[0].itemType == "topupBalance"
        await pilot.press("enter")
        await until_screen(pilot, TillScreen)

        api = await app.get_api()
        paid = await api.list_shift_payments(app.till.shift.id)
        assert [p.id for p in paid] == [taken[0].payment.id]  # credited once
        report = await api.shift_report(app.till.shift.id)
        topups = next(line for line in report.lines if line.operation == "topup")
        assert topups.count == 1 and topups.amount.value == 20000

        await pilot.press("f4")  # a credited top-up is not voided
        await wait_until(
            pilot,
            lambda: "anular" in str(pilot.app.screen.query_one("#till-status").render()),
            what="nothing to void",
        )
        assert isinstance(pilot.app.screen, TillScreen)
        await until_no_work(pilot)
