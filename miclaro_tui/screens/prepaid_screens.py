"""The prepaid screens whose keys Help lists (screens/help.py), and the spending chart's."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from miclaro_tui.i18n import N_


def prepaid_screen_classes() -> list[tuple[str, type[Screen[Any]]]]:
    from miclaro_tui.screens.advance import AdvanceScreen
    from miclaro_tui.screens.balance_history import BalanceHistoryScreen
    from miclaro_tui.screens.prepaid_balance import PrepaidBalanceScreen
    from miclaro_tui.screens.spending import SpendingScreen
    from miclaro_tui.screens.topup import TopupScreen
    from miclaro_tui.screens.transfer import TransferScreen

    return [
        (N_("Spending"), SpendingScreen),
        (N_("Prepaid balance"), PrepaidBalanceScreen),
        (N_("Top-up"), TopupScreen),
        (N_("Transfer or gift"), TransferScreen),
        (N_("Balance advance"), AdvanceScreen),
        (N_("Balance history"), BalanceHistoryScreen),
    ]
