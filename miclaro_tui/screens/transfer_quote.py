"""What a transfer or a gift costs, in words: the balance, what is sent or gifted, the cost
and who pays it, what the receiver gets and the total debited (the transfer screen shows it
while typing, and its confirmation repeats it)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from textual.content import Content

from miclaro_tui.i18n import _
from miclaro_tui.prepaid import TransferQuote, quantity_text
from miclaro_tui.widgets.tone import toned

if TYPE_CHECKING:
    from miclaro_tui.models import Money, PackOffering
    from miclaro_tui.screens.base import BaseScreen


def balance_line(screen: BaseScreen, balance: Money) -> Content:
    return Content(_("Your balance: {amount}").format(amount=screen.money(balance)))


def quote_lines(
    screen: BaseScreen, quote: TransferQuote, pack: PackOffering | None, balance: Money
) -> list[Content]:
    """The balance, then the quote of a money transfer (``pack`` None) or a pack gift."""
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
    if not quote.affordable:
        lines.append(
            toned(
                _("That is more than your balance ({balance}): it cannot be sent.").format(
                    balance=screen.money(quote.balance)
                ),
                "error",
            )
        )
    return lines
