"""Receipts and shift reports as 40-column text, for a thermal printer and the screen.

Amounts are written as the carrier's country writes them (``$ 150.000,00`` in Colombia), the
date and time in the country's time zone. A reprint is marked COPY at the top and the bottom;
a void's receipt says the bill is unpaid again.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

from miclaro_tui.i18n import _

if TYPE_CHECKING:
    from miclaro_tui.models import Money, ShiftReport

WIDTH = 40
RULE = "-" * WIDTH
CARRIER = "Claro"


@dataclass(frozen=True)
class Receipt:
    """What one receipt says; ``void_of`` is set on the receipt of a void."""

    number: str
    when: datetime
    country: str
    operator: str
    terminal: str
    customer: str
    """Masked, as the lookup gave it."""
    item_kind: Literal["bill", "line"]
    item: str
    """The bill's number, or the prepaid line's number."""
    amount: Money
    cash: Money | None = None
    change: Money | None = None
    void_of: str | None = None
    """The voided payment's receipt number."""
    reason: str | None = None
    approved_by: str | None = None

    @property
    def is_void(self) -> bool:
        return self.void_of is not None


def money_text(amount: Money, country_code: str) -> str:
    from miclaro_tui.countries import country
    from miclaro_tui.money import format_money

    # Babel puts a no-break space after the sign; a thermal printer's code page may lack it.
    return format_money(amount, country(country_code).locale).replace("\xa0", " ")


def local_time(when: datetime, country_code: str) -> str:
    from miclaro_tui.countries import country

    return when.astimezone(ZoneInfo(country(country_code).time_zone)).strftime("%d/%m/%Y %H:%M")


def center(text: str) -> str:
    return text[:WIDTH].center(WIDTH).rstrip()


def row(label: str, value: str) -> list[str]:
    """``label`` on the left, ``value`` on the right; on two lines when both do not fit."""
    label, value = label[:WIDTH], value[:WIDTH]
    if len(label) + 1 + len(value) <= WIDTH:
        return [label + " " * (WIDTH - len(label) - len(value)) + value]
    return [label, value.rjust(WIDTH)]


def paragraph(text: str) -> list[str]:
    return textwrap.wrap(text, WIDTH) or [""]


def _copy_mark() -> str:
    return center("*** " + _("COPY") + " ***")


def render_receipt(receipt: Receipt, *, copy: bool = False) -> str:
    """The receipt as lines of at most 40 characters, ending with a newline."""
    c = receipt.country
    lines: list[str] = []
    if copy:
        lines += [_copy_mark(), ""]
    lines += [center(CARRIER), center(_("Cash payment point"))]
    title = _("VOID RECEIPT") if receipt.is_void else _("PAYMENT RECEIPT")
    lines += [center(title), RULE]
    lines += row(_("Transaction"), receipt.number)
    lines += row(_("Date"), local_time(receipt.when, c))
    lines += row(_("Operator"), receipt.operator)
    lines += row(_("Terminal"), receipt.terminal)
    lines += row(_("Customer"), receipt.customer)
    item_label = _("Bill") if receipt.item_kind == "bill" else _("Line")
    lines += row(item_label, receipt.item)
    lines.append(RULE)
    if receipt.is_void:
        assert receipt.void_of is not None
        lines += row(_("Voided payment"), receipt.void_of)
        lines += row(_("Amount returned"), money_text(receipt.amount, c))
        if receipt.reason:
            lines += paragraph(_("Reason: {reason}").format(reason=receipt.reason))
        if receipt.approved_by:
            lines += row(_("Approved by"), receipt.approved_by)
        lines.append(RULE)
        if receipt.item_kind == "bill":
            lines += paragraph(
                _("The payment was voided: bill {bill} is unpaid again.").format(bill=receipt.item)
            )
        else:
            lines += paragraph(_("The top-up was voided."))
    else:
        lines += row(_("Amount paid"), money_text(receipt.amount, c))
        if receipt.cash is not None:
            lines += row(_("Cash received"), money_text(receipt.cash, c))
        if receipt.change is not None:
            lines += row(_("Change"), money_text(receipt.change, c))
        lines.append(RULE)
        lines += paragraph(_("Keep this receipt as proof of payment."))
    if copy:
        lines += ["", _copy_mark()]
    return "\n".join(lines) + "\n"


# --- X and Z reports ----------------------------------------------------------------------


def _operation(name: str) -> str:
    if name == "billPayment":
        return _("Bill payments")
    if name == "topup":
        return _("Top-ups")
    return _("Voids")


def render_report(report: ShiftReport) -> str:
    """An X (mid-shift) or Z (close) report as 40-column text."""
    shift = report.shift
    c = shift.country
    money = lambda amount: money_text(amount, c)  # noqa: E731
    lines = [center(CARRIER)]
    if report.kind == "X":
        lines.append(center(_("X REPORT - MID-SHIFT")))
    else:
        lines.append(center(_("Z REPORT - SHIFT CLOSE")))
    lines.append(RULE)
    lines += row(_("Shift"), shift.id)
    lines += row(_("Operator"), shift.operator.id)
    lines += row(_("Terminal"), shift.terminalId)
    lines += row(_("Opened"), local_time(shift.openedAt, c))
    if report.kind == "Z" and shift.closedAt is not None:
        lines += row(_("Closed"), local_time(shift.closedAt, c))
    else:
        lines += row(_("Printed"), local_time(report.generatedAt, c))
    lines.append(RULE)
    for line in report.lines:
        label = f"{_operation(line.operation)} ({line.count})"
        lines += row(label, money(line.amount))
    lines.append(RULE)
    lines += row(_("Opening float"), money(shift.openingFloat))
    lines += row(_("+ Cash received"), money(report.cashIn))
    lines += row(_("- Change given"), money(report.changeGiven))
    lines += row(_("- Voids returned"), money(report.voided))
    lines += row(_("= Expected in drawer"), money(report.expectedCash))
    if report.kind == "Z":
        if report.count:
            lines.append(RULE)
            lines.append(_("Counted by denomination"))
            from miclaro_tui.models import Money

            for piece in report.count:
                face = money(Money(unit=shift.currency, value=piece.value))
                total = money(Money(unit=shift.currency, value=piece.value * piece.count))
                lines += row(f"  {piece.count} x {face}", total)
        if report.countedCash is not None:
            lines += row(_("Counted cash"), money(report.countedCash))
        if report.difference is not None:
            diff = report.difference
            if diff.value < 0:
                label = _("SHORTFALL")
            elif diff.value > 0:
                label = _("SURPLUS")
            else:
                label = _("Difference")
            lines += row(label, money(diff))
        lines.append(RULE)
        lines += paragraph(_("Shift closed. It takes no more payments."))
    return "\n".join(lines) + "\n"
