"""Help: the carrier's service channels for the country, and the app's keys."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.cells import cell_len
from rich.console import Group
from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, Static

from miclaro_tui.countries import country
from miclaro_tui.i18n import N_, _
from miclaro_tui.screens.base import BACK, BaseScreen

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
    from miclaro_tui.screens.prepaid_screens import prepaid_screen_classes

    return [
        (N_("Sign in"), LoginScreen),
        (N_("Home"), HomeScreen),
        (N_("Invoices"), InvoicesScreen),
        (N_("Invoice"), InvoiceDetailScreen),
        (N_("Payment"), PaymentScreen),
        (N_("Bank transfer (PSE)"), PseStatusScreen),
        (N_("Cash/PIX code"), PaymentReferenceScreen),
        (N_("Payments"), PaymentHistoryScreen),
        *prepaid_screen_classes(),
    ]


class HelpScreen(BaseScreen):
    """Read, not navigated: the page scrolls as one, and its tables wrap their words at any
    width (Rich tables in Statics), so nothing is cut at 80 columns."""

    BINDINGS = [BACK]
    AUTO_FOCUS = "#help"

    def compose(self) -> ComposeResult:
        profile = country(self.country_code)
        yield Header()
        with VerticalScroll(id="help"):
            yield Label(
                _("Service channels · {country}").format(country=_(profile.name)),
                classes="section-title",
            )
            yield Static(self.channels_table(), id="channels")
            yield Label(_("Keys"), classes="section-title")
            yield Static(Group(*self.key_tables()), id="keys")
            yield Static(
                _(
                    "Amounts are shown in {currency}. Status is always written in words, "
                    "not only in colour."
                ).format(currency=profile.currency),
                id="help-note",
            )
        yield Footer()

    def channels_table(self) -> Table:
        table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), pad_edge=False, expand=True)
        table.add_column(_("Channel"), no_wrap=True)
        table.add_column(_("Contact"), overflow="fold")
        table.add_column(_("What for"), ratio=1)
        for channel in country(self.country_code).channels:
            table.add_row(_(channel.kind), channel.contact, _(channel.label))
        return table

    def key_tables(self) -> list[Table]:
        """A table per screen (Anywhere first): each key and what it does there."""
        sections: list[tuple[str, list[tuple[str, str]]]] = [
            (_("Anywhere"), [(key, _(action)) for key, action in GLOBAL_KEYS])
        ]
        for where, screen in screen_classes():
            keys = [
                (self.app.get_key_display(binding), _(binding.tooltip or binding.description))
                for binding in screen.BINDINGS
                if isinstance(binding, Binding) and binding.description
            ]
            if keys:
                sections.append((_(where), keys))
        width = max(cell_len(key) for _where, keys in sections for key, _action in keys)
        tables = []
        for title, keys in sections:
            table = Table(
                title=title,
                title_justify="left",
                title_style="bold",
                show_header=False,
                box=None,
                padding=(0, 1),
                pad_edge=False,
                expand=True,
            )
            table.add_column(no_wrap=True, min_width=width)
            table.add_column(ratio=1)
            for key, action in keys:
                table.add_row(key, action)
            tables.append(table)
        return tables
