"""Help: the carrier's service channels for the country, and the app's keys."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label, Static

from miclaro_tui.countries import country
from miclaro_tui.i18n import N_, _
from miclaro_tui.screens.base import BaseScreen

GLOBAL_KEYS = (
    ("F1", N_("This help, from any screen")),
    ("Ctrl+P", N_("Command palette: every action by name")),
    ("Ctrl+Q", N_("Quit")),
    ("Tab / Shift+Tab", N_("Move between fields and lists")),
    ("Enter", N_("Sign in, open the selected invoice, confirm")),
)


def screen_classes() -> list[tuple[str, type[Screen[Any]]]]:
    """The screens whose keys Help lists, read from their BINDINGS (one source of truth)."""
    from miclaro_tui.screens.home import HomeScreen
    from miclaro_tui.screens.invoice_detail import InvoiceDetailScreen
    from miclaro_tui.screens.invoices import InvoicesScreen
    from miclaro_tui.screens.login import LoginScreen
    from miclaro_tui.screens.payment import PaymentScreen
    from miclaro_tui.screens.payment_history import PaymentHistoryScreen
    from miclaro_tui.screens.payment_pse import PseStatusScreen
    from miclaro_tui.screens.payment_reference import PaymentReferenceScreen

    return [
        (N_("Sign in"), LoginScreen),
        (N_("Home"), HomeScreen),
        (N_("Invoices"), InvoicesScreen),
        (N_("Invoice"), InvoiceDetailScreen),
        (N_("Payment"), PaymentScreen),
        (N_("Bank transfer (PSE)"), PseStatusScreen),
        (N_("Cash/PIX code"), PaymentReferenceScreen),
        (N_("Payments"), PaymentHistoryScreen),
    ]


class HelpScreen(BaseScreen):
    BINDINGS = [Binding("escape", "back", N_("Back"), id="back")]
    AUTO_FOCUS = "#help"  # the page scrolls as one; the tables are read, not navigated

    def compose(self) -> ComposeResult:
        profile = country(self.country_code)
        yield Header()
        with VerticalScroll(id="help"):
            yield Label(
                _("Service channels · {country}").format(country=_(profile.name)),
                classes="section-title",
            )
            yield DataTable(id="channels", cursor_type="none", zebra_stripes=True)
            yield Label(_("Keys"), classes="section-title")
            yield DataTable(id="keys", cursor_type="none", zebra_stripes=True)
            yield Static(
                _(
                    "Amounts are shown in {currency}. Status is always written in words, "
                    "not only in colour."
                ).format(currency=profile.currency),
                id="help-note",
            )
        yield Footer()

    def on_mount(self) -> None:
        profile = country(self.country_code)
        channels = self.query_one("#channels", DataTable)
        channels.add_columns(_("Channel"), _("Contact"), _("What for"))
        for channel in profile.channels:
            channels.add_row(_(channel.kind), channel.contact, _(channel.label))
        keys = self.query_one("#keys", DataTable)
        keys.add_columns(_("Key"), _("Where"), _("Action"))
        for key, action in GLOBAL_KEYS:
            keys.add_row(key, _("Anywhere"), _(action))
        for where, screen in screen_classes():
            for binding in screen.BINDINGS:
                if isinstance(binding, Binding) and binding.description:
                    keys.add_row(
                        self.app.get_key_display(binding), _(where), _(binding.description)
                    )

    def action_back(self) -> None:
        self.app.pop_screen()
