"""Help: the carrier's service channels for the country, and the app's keys."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, Label, Static

from miclaro_tui.countries import country
from miclaro_tui.i18n import N_, _
from miclaro_tui.screens.base import BaseScreen

APP_KEYS = (
    ("F1", N_("This help, from any screen")),
    ("Ctrl+P", N_("Command palette: every action by name")),
    ("Ctrl+Q", N_("Quit")),
    ("Tab / Shift+Tab", N_("Move between fields and lists")),
    ("Enter", N_("Sign in, open the selected invoice, confirm")),
    ("Esc", N_("Back to the previous screen")),
    ("i", N_("Home: your invoices")),
    ("r", N_("Reload what is on screen")),
    ("s", N_("Home: sign out (forgets a remembered session)")),
    ("f", N_("Invoices: filter by status and year")),
    ("o", N_("Invoices: open the selected invoice")),
    ("d", N_("Invoice: download the PDF to your downloads folder")),
    ("e", N_("Invoice: e-mail it")),
)


class HelpScreen(BaseScreen):
    BINDINGS = [Binding("escape", "back", N_("Back"), id="back")]
    AUTO_FOCUS = "#channels"

    def compose(self) -> ComposeResult:
        profile = country(self.country_code)
        yield Header()
        with VerticalScroll(id="help"):
            yield Label(
                _("Service channels · {country}").format(country=_(profile.name)),
                classes="section-title",
            )
            yield DataTable(id="channels", cursor_type="row", zebra_stripes=True)
            yield Label(_("Keys"), classes="section-title")
            yield DataTable(id="keys", cursor_type="row", zebra_stripes=True)
            yield Static(
                _("Amounts are shown in {currency}. Status is always written in words, "
                  "not only in colour.").format(currency=profile.currency),
                id="help-note",
            )
        yield Footer()

    def on_mount(self) -> None:
        profile = country(self.country_code)
        channels = self.query_one("#channels", DataTable)
        channels.add_columns(_("Channel"), _("What for"), _("Contact"))
        for channel in profile.channels:
            channels.add_row(_(channel.kind), _(channel.label), channel.contact)
        keys = self.query_one("#keys", DataTable)
        keys.add_columns(_("Key"), _("Action"))
        for key, action in APP_KEYS:
            keys.add_row(key, _(action))

    def action_back(self) -> None:
        self.app.pop_screen()
