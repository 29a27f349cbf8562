"""The page every receipt is drawn on (payments, voids, balance movements): A5, the carrier's
header with the receipt's title and the sandbox notice, label-value pairs and the amount in
large type, in the style of the bill (``pdf.py``).

The core fonts are used with the windows-1252 encoding, which has the "•" of a masked card.
"""

from __future__ import annotations

from datetime import datetime

from fpdf import FPDF

from miclaro_tui.countries import Country
from miclaro_tui.models import Money
from miclaro_tui.sandbox.pdf import GREY, RED, format_day
from miclaro_tui.sandbox.timezones import zone, zone_label


def cp1252(text: str) -> str:
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    return text.encode("cp1252", "replace").decode("cp1252")


def money(value: Money, locale: str) -> str:
    from miclaro_tui.money import format_money

    return cp1252(format_money(value, locale))


def labels_for(labels: dict[str, dict[str, str]], profile: Country) -> dict[str, str]:
    """A receipt's labels in the country's language: Portuguese or Spanish."""
    return labels["pt" if profile.locale.startswith("pt") else "es"]


def moment(at: datetime, country_code: str) -> str:
    """The day, time and zone in the country's zone, whatever offset ``at`` was written in."""
    local = at.astimezone(zone(country_code))
    return f"{format_day(local.date())} {local:%H:%M} {zone_label(local)}"


class ReceiptPdf(FPDF):
    def __init__(self, created: datetime) -> None:
        super().__init__(format=(148, 210))  # A5
        self.core_fonts_encoding = "windows-1252"
        self.set_margins(12, 12, 12)
        self.set_creation_date(created)
        self.set_creator("miclaro-tui sandbox")
        self.add_page()

    def heading(self, title: str, notice: str) -> None:
        """The carrier's name, the receipt's title and the sandbox notice under them."""
        self.set_font("Helvetica", "B", 22)
        self.set_text_color(*RED)
        self.cell(40, 11, "Claro")
        self.set_font("Helvetica", "B", 13)
        self.set_text_color(0, 0, 0)
        self.cell(0, 11, cp1252(title), align="R", new_x="LMARGIN", new_y="NEXT")
        self.set_font("Helvetica", "", 7)
        self.set_text_color(*GREY)
        self.multi_cell(0, 4, cp1252(notice), new_x="LMARGIN", new_y="NEXT")

    def pair(self, label: str, value: str, bold: bool = False) -> None:
        self.set_font("Helvetica", "", 10)
        self.set_text_color(*GREY)
        self.cell(48, 6, cp1252(label))
        self.set_font("Helvetica", "B" if bold else "", 10)
        self.set_text_color(0, 0, 0)
        self.multi_cell(0, 6, cp1252(value), new_x="LMARGIN", new_y="NEXT")

    def rule(self) -> None:
        self.set_draw_color(200, 200, 200)
        self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
        self.ln(3)

    def total(self, label: str, amount: Money, locale: str) -> None:
        """The amount the receipt is for, in large type."""
        self.set_font("Helvetica", "B", 14)
        self.cell(self.epw - 50, 10, cp1252(label))
        self.cell(50, 10, money(amount, locale), align="R", new_x="LMARGIN", new_y="NEXT")
