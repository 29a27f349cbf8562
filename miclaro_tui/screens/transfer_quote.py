"""What a transfer or a gift costs, in words: the balance, what is sent or gifted, the cost
and who pays it, what the receiver gets and the total debited (the transfer screen shows it
while typing, and its confirmation repeats it); the form a transfer sent was typed in, and
what is said once it is made."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from textual.content import Content

from miclaro_tui.i18n import N_, _
from miclaro_tui.money import format_amount_input
from miclaro_tui.prepaid import TransferQuote, national_number, quantity_text
from miclaro_tui.widgets.tone import toned

if TYPE_CHECKING:
    from miclaro_tui.models import Money, PackOffering, TransferBalance, TransferBalanceCreate
    from miclaro_tui.screens.base import BaseScreen

MONEY = "money"
"""The choice of "What to send" that is money from the balance (the others are pack ids)."""
UNCONFIRMED_AGAIN = N_(
    "Your last transfer could not be confirmed: here it is as it was sent. Press Send to "
    "check: it will not be sent twice. Changing the form makes a new transfer instead."
)
"""Said when the transfer screen opens on a transfer whose answer was lost."""


def balance_line(screen: BaseScreen, balance: Money) -> Content:
    return Content(_("Your balance: {amount}").format(amount=screen.money(balance)))


def quote_lines(
    screen: BaseScreen,
    quote: TransferQuote,
    pack: PackOffering | None,
    balance: Money,
    unconfirmed: bool = False,
) -> list[Content]:
    """The balance, then the quote of a money transfer (``pack`` None) or a pack gift.
    ``unconfirmed``: it is a transfer sent whose answer was lost, so the balance may already
    be without it, and not affording it again says nothing."""
    lines = [balance_line(screen, balance)]
    if pack is not None:
        gives = ", ".join(
            [
                quantity_text(Decimal(pack.dataMB), "MB", screen.display_locale),
                f"{pack.minutes} min",
                f"{pack.sms} SMS",
            ]
        )
        lines.append(
            Content(
                _("Gift: {name} ({gives}, {days} days) for {price}").format(
                    name=pack.name,
                    gives=gives,
                    days=pack.validityDays,
                    price=screen.money(pack.price),
                )
            )
        )
    else:
        lines.append(Content(_("Send: {amount}").format(amount=screen.money(quote.value))))
    payer = _("paid by you") if quote.sender_pays_fee else _("paid by the receiver")
    lines.append(
        Content(_("Cost: {fee}, {payer}").format(fee=screen.money(quote.fee), payer=payer))
    )
    if quote.receiver_gets is not None and not quote.sender_pays_fee:
        lines.append(
            Content(
                _("The receiver gets {amount}").format(amount=screen.money(quote.receiver_gets))
            )
        )
    total = _("Total debited from your balance: {amount}").format(amount=screen.money(quote.total))
    lines.append(Content.styled(total, "bold"))
    if not (quote.affordable or unconfirmed):
        lines.append(
            toned(
                _("That is more than your balance ({balance}): it cannot be sent.").format(
                    balance=screen.money(quote.balance)
                ),
                "error",
            )
        )
    return lines


def form_values(request: TransferBalanceCreate, locale: str) -> tuple[str, str, str]:
    """The receiver, "What to send" and the amount as the form shows ``request``."""
    if request.packOffering is not None:
        return national_number(request.receiverProduct.id), request.packOffering.id, ""
    amount = format_amount_input(request.amount.value, locale) if request.amount else ""
    return national_number(request.receiverProduct.id), MONEY, amount


def sent_message(screen: BaseScreen, done: TransferBalance, number: str) -> Content:
    """What the transfer screen says once the transfer to ``number`` (E.164) is made."""
    return Content("\n").join(
        [
            Content.styled(
                _("Sent to {number}: {total} debited. Receipt {receipt}.").format(
                    number=national_number(number),
                    total=screen.money(done.totalDebited),
                    receipt=done.receiptNo or done.id,
                ),
                "bold",
            ),
            Content(_("The receiver gets an SMS. Press Escape to go back.")),
        ]
    )


def unconfirmed_message(kept: bool) -> str:
    """What is said when the answer to a transfer is lost: Send checks it (``kept``), or the
    form was changed while it was being sent and the history tells."""
    if kept:
        return _(
            "We could not confirm the transfer. Press Send again to check: it will not be sent "
            "twice."
        )
    return _(
        "We could not confirm the transfer. Look at your balance history before sending it again."
    )
