"""Counting the drawer by denomination: a row per note and coin (how many pieces), each row's
total and the drawer's total, as they are typed. Used to open and to close a shift."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Label, Static

from miclaro_tui.i18n import _
from miclaro_tui.kiosk.till import CountError, DrawerCount, parse_pieces
from miclaro_tui.models import CashDenominations, Money
from miclaro_tui.widgets.tone import mark_invalid


class DenominationCounter(VerticalScroll):
    """``Submitted`` is posted on Enter in the last row (or ``submit()``) when every row
    reads; a row that does not is marked and named."""

    DEFAULT_CSS = """
    DenominationCounter { height: auto; max-height: 100%; }
    DenominationCounter .count-row { height: 1; }
    DenominationCounter .count-face { width: 18; }
    DenominationCounter .count-kind { width: 8; color: $text-muted; }
    DenominationCounter Input { width: 10; height: 1; border: none; padding: 0 1; }
    DenominationCounter Input:focus { border: none; background: $boost; }
    DenominationCounter Input.-invalid-field { border: none; background: $error 30%; }
    DenominationCounter .count-line { width: 1fr; text-align: right; padding-right: 1; }
    """

    class Submitted(Message):
        def __init__(self, drawer: DrawerCount) -> None:
            super().__init__()
            self.drawer = drawer

    class Totalled(Message):
        def __init__(self, total: Money | None) -> None:
            super().__init__()
            self.total = total

    def __init__(
        self, table: CashDenominations, money: Callable[[Money], str], *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.table = table
        self.money = money
        self.drawer = DrawerCount(table.denominations, table.currency)

    def compose(self) -> ComposeResult:
        for index, piece in enumerate(self.table.denominations):
            with Horizontal(classes="count-row"):
                yield Label(self._face(piece.value), classes="count-face")
                yield Label(_("note") if piece.kind == "note" else _("coin"), classes="count-kind")
                yield Input(
                    "",
                    id=f"count-{index}",
                    placeholder="0",
                    restrict=r"[0-9]*",
                    max_length=7,
                )
                yield Static(self._face(Decimal(0)), id=f"count-line-{index}", classes="count-line")

    def _face(self, value: Decimal) -> str:
        return self.money(Money(unit=self.table.currency, value=value))

    def focus_first(self) -> None:
        self.query_one("#count-0", Input).focus()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        index = self._index(event.input)
        value = self.table.denominations[index].value
        try:
            pieces = parse_pieces(event.value)
        except CountError:
            mark_invalid(event.input, True)
            self.post_message(self.Totalled(None))
            return
        mark_invalid(event.input, False)
        self.drawer.set(value, pieces)
        self.query_one(f"#count-line-{index}", Static).update(
            self.money(self.drawer.line_total(value))
        )
        self.post_message(self.Totalled(self.drawer.total()))

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        event.stop()
        index = self._index(event.input)
        if index + 1 < len(self.table.denominations):
            self.query_one(f"#count-{index + 1}", Input).focus()
        else:
            self.submit()

    def submit(self) -> bool:
        """Post ``Submitted`` if every row reads; else focus the first that does not."""
        for index, piece in enumerate(self.table.denominations):
            field = self.query_one(f"#count-{index}", Input)
            try:
                self.drawer.set(piece.value, parse_pieces(field.value))
            except CountError as error:
                mark_invalid(field, True)
                field.focus()
                self.post_message(self.Totalled(None))
                self.app.notify(
                    _("{face}: {reason}").format(face=self._face(piece.value), reason=error),
                    severity="error",
                )
                return False
        self.post_message(self.Submitted(self.drawer))
        return True

    @staticmethod
    def _index(field: Input) -> int:
        return int((field.id or "count-0").rsplit("-", 1)[1])
