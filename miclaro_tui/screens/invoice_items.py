"""What the invoice screen shows of one bill: its items grouped (plan, usage, surcharges,
credits, taxes) with the totals and the payments applied under them, and the notes over it
(paid, being authorised, reported, promised) in words."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import DataTable

from miclaro_tui.i18n import N_, _
from miclaro_tui.models import AppliedCustomerBillingRate, CustomerBill, Money, Payment
from miclaro_tui.widgets.tone import Tone

if TYPE_CHECKING:
    from miclaro_tui.screens.base import BaseScreen

GROUPS = (
    ("recurringCharge", N_("Plan")),
    ("usageCharge", N_("Extra usage")),
    ("surcharge", N_("Surcharges")),
    ("credit", N_("Credits")),
    ("tax", N_("Taxes")),
)


def fill_items(
    table: DataTable,
    screen: BaseScreen,
    bill: CustomerBill,
    rates: list[AppliedCustomerBillingRate],
    payments: dict[str, Payment],
) -> None:
    """The items by group, the subtotal, taxes and total, then the payments applied."""
    table.clear()
    unit = bill.amountDue.unit
    subtotal = sum((r.taxExcludedAmount.value for r in rates if r.type != "tax"), Decimal(0))
    taxes = sum((r.taxExcludedAmount.value for r in rates if r.type == "tax"), Decimal(0))
    for rate_type, title in GROUPS:
        group = [r for r in rates if r.type == rate_type]
        if not group:
            continue
        table.add_row(Text(_(title), style="bold"), "")
        for rate in group:
            _add_item(
                table,
                screen,
                _rate_name(screen, bill, rate),
                rate.taxExcludedAmount,
                rate.description,
                rate.id,
            )
    table.add_row("", "")
    for label, amount, style in (
        (_("Subtotal"), Money(unit=unit, value=subtotal), ""),
        (_("Taxes"), Money(unit=unit, value=taxes), ""),
        (_("Total"), bill.amountDue, "bold"),
    ):
        table.add_row(Text(label, style="bold"), screen.money_cell(amount, style))
    _show_applied(table, screen, bill, payments)


def _add_item(
    table: DataTable,
    screen: BaseScreen,
    name: str,
    amount: Money,
    detail: str | None,
    key: str | None = None,
) -> None:
    """One item: its name, and its detail (a line number, a period) dim under it."""
    cell = Text("  " + name)
    if detail:
        cell.append("\n    " + detail, style="dim")
    table.add_row(cell, screen.money_cell(amount), key=key, height=2 if detail else 1)


def _rate_name(screen: BaseScreen, bill: CustomerBill, rate: AppliedCustomerBillingRate) -> str:
    """A tax line's rate written as the bill's country writes percentages, like its
    amounts ("PIS 0,65%" in Brazil), from the bill's tax items; any other item as the
    bill names it."""
    if rate.type == "tax":
        from miclaro_tui.countries import country
        from miclaro_tui.money import format_percent

        locale = country(screen.country_code).locale
        for tax in bill.taxItem:
            if rate.name.split(" ")[0] == tax.taxCategory:
                return f"{tax.taxCategory} {format_percent(tax.taxRate, locale)}"
    return rate.name


def _show_applied(
    table: DataTable, screen: BaseScreen, bill: CustomerBill, payments: dict[str, Payment]
) -> None:
    """Under the total: the payments and the credit applied to the bill, and what is left
    (the bill itself never changes once issued)."""
    applied = bill.appliedPayment
    if not applied:
        return
    for item in applied:
        receipt = item.payment.name or item.payment.id
        detail: str | None
        if item.fromCredit:
            label = _("Credit applied")
            detail = _("Left by payment {receipt}").format(receipt=receipt)
        else:
            label = _("Payment {receipt}").format(receipt=receipt)
            payment = payments.get(item.payment.id)
            detail = (
                _("Paid on {date}").format(date=screen.day(payment.paymentDate.date()))
                if payment is not None
                else None
            )
        paid = Money(unit=item.appliedAmount.unit, value=-item.appliedAmount.value)
        _add_item(table, screen, label, paid, detail)
    table.add_row(Text(_("To pay"), style="bold"), screen.money_cell(bill.remainingAmount, "bold"))


def paid_on(bill: CustomerBill, payments: dict[str, Payment]) -> date | None:
    """When the bill was paid in full: the date of the last payment applied to it (None
    while unpaid, or before its payments are fetched)."""
    if bill.is_unpaid:
        return None
    days = [
        payment.paymentDate.date()
        for item in bill.appliedPayment
        if (payment := payments.get(item.payment.id)) is not None
    ]
    return max(days, default=None)


def bill_notes(
    screen: BaseScreen, bill: CustomerBill, payments: dict[str, Payment]
) -> list[tuple[str, Tone]]:
    """A payment reported, a promise to pay, a payment being authorised: said in words."""
    notes: list[tuple[str, Tone]] = []
    paid = paid_on(bill, payments)
    if paid is not None:
        notes.append((_("✔ Paid on {date}.").format(date=screen.day(paid, "long")), "success"))
    if bill.pendingPayment is not None:
        notes.append((_("… A payment of this invoice is being authorised by the bank."), "warning"))
    report = bill.paymentReport
    if report is not None and report.state == "pendingPosting":
        notes.append(
            (
                _(
                    "✔ Payment reported ({amount}, {channel}): posting within 3 business days, "
                    "by {date}."
                ).format(
                    amount=screen.money(report.amount),
                    channel=report.channel,
                    date=screen.day(report.expectedPostingDate),
                ),
                "info",
            )
        )
    promise = bill.paymentPromise
    if promise is not None and promise.state == "active":
        notes.append(
            (
                _("✔ Promise to pay {amount} by {date}.").format(
                    amount=screen.money(promise.amount), date=screen.day(promise.promisedDate)
                ),
                "info",
            )
        )
    elif promise is not None and promise.state == "broken":
        notes.append(
            (
                _("! Promise to pay by {date} not kept.").format(
                    date=screen.day(promise.promisedDate)
                ),
                "error",
            )
        )
    return notes
