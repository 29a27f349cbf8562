"""What every screen shares: translated key descriptions, the status line, the back key and
action, money and date formatting. A new screen subclasses ``BaseScreen``, lists ``BACK`` in
its BINDINGS if Escape leaves it, and yields one ``StatusLine`` that ``say()`` writes to."""

from __future__ import annotations

import asyncio
import os
import re
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import ActiveBinding, Binding
from textual.screen import Screen

from miclaro_tui.i18n import C_, N_, _, current_language
from miclaro_tui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from textual.app import App
    from textual.content import Content

    from miclaro_tui.api import BillingApi
    from miclaro_tui.models import Money
    from miclaro_tui.screens.shell import AppShell
    from miclaro_tui.widgets.tone import Tone

BACK = Binding("escape", "back", N_("Back"), id="back")
"""The key that leaves a screen for the one underneath (``action_back``)."""


def yes_key() -> str:
    """The key that answers "yes" in a dialog, in the user's language: y, or s (sí, sim)."""
    return C_("the key that answers yes", "y")


def shell(screen: Screen[Any]) -> AppShell:
    """The app as the screens know it: the ``AppShell`` protocol, never ``MiClaroApp``."""
    # The screens run only in MiClaroApp, which implements AppShell; typing it here keeps
    # them from importing the app (DESIGN.md section 1).
    return cast("AppShell", screen.app)


if TYPE_CHECKING:
    _Mixin = Screen[Any]
else:
    # A plain mixin at run time: Textual takes a screen's CSS (a ModalScreen's backdrop)
    # from its first DOMNode base, which must stay the Screen or ModalScreen it is mixed in.
    _Mixin = object


class TranslatedKeys(_Mixin):
    """Mixed into every screen and dialog here (before its Screen or ModalScreen base). Key
    descriptions are English message ids (``N_`` in BINDINGS, at class level, before a
    language is chosen). Everything that shows keys (the Footer, the command palette, Help)
    reads them through ``Screen.active_bindings``: this mixin translates them there, through
    public API only (tests/tui/test_help.py proves the Footer shows them translated)."""

    def say(self, message: str | Content, tone: Tone = "") -> None:
        """Tell the customer ``message`` on this screen's ``StatusLine``; "" clears it."""
        self.query_one(StatusLine).say(message, tone)

    # --- keys that do nothing now: kept out of the footer, and said why when pressed --------

    def why_not(self, action: str) -> str | None:
        """Why ``action`` (of this screen's BINDINGS) would do nothing now, or None if it
        would. A key with a reason is kept out of the footer and the palette, and pressing it
        says the reason. Screens override this; ``check_action`` asks it."""
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.why_not(action) is None

    def on_key(self, event: events.Key) -> None:
        """A key of this screen pressed while its action would do nothing: say why."""
        for binding in self.BINDINGS:
            if not isinstance(binding, Binding) or event.key not in binding.key.split(","):
                continue
            reason = self.why_not(binding.action)
            if reason:
                event.stop()
                if self.query(StatusLine):
                    self.say(reason, "warning")
                else:
                    self.notify(reason, severity="warning")
                return

    # --- the footer: the keys that matter most, as many as fit --------------------------

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """Translated (key descriptions are English message ids), in the order of importance
        (F1 first, then this screen's keys as its BINDINGS list them, then the rest), and
        only as many shown as the footer has room for: the others are still keys, in Help
        and in the command palette. Everything that shows keys reads this (Textual's Footer,
        our palette)."""
        active = {
            key: found._replace(binding=_translated(found.binding))
            for key, found in super().active_bindings.items()
        }
        return _fitted(_by_importance(active, self), self.app, self.size.width)

    def on_resize(self) -> None:
        self.refresh_bindings()  # the footer shows as many keys as the new width holds


def _by_importance(active: dict[str, ActiveBinding], screen: object) -> dict[str, ActiveBinding]:
    def rank(item: tuple[str, ActiveBinding]) -> int:
        binding = item[1].binding
        if binding.action in ("help", "app.help"):
            return 0
        return 1 if item[1].node is screen else 2

    return dict(sorted(active.items(), key=rank))  # sorted is stable: BINDINGS order kept


FOOTER_KEY_CELLS = 3
"""Cells a footer key takes besides its key and description (Textual's Footer: " k desc ")."""


def _fitted(
    active: dict[str, ActiveBinding], app: App[Any], width: int
) -> dict[str, ActiveBinding]:
    """``active`` with ``show`` off for the keys the footer has no room for, the less
    important ones first (a key is shown if it fits beside every more important one)."""
    if width <= 0:
        return active
    palette = active.get(app.COMMAND_PALETTE_BINDING)
    room = width
    if palette is not None and app.ENABLE_COMMAND_PALETTE:
        room -= _cells(app, palette.binding) + 1  # docked right, with a border
    fitted = {}
    for key, found in active.items():
        binding = found.binding
        if binding.show and key != app.COMMAND_PALETTE_BINDING:
            cells = _cells(app, binding)
            if cells > room:
                found = found._replace(binding=replace(binding, show=False))
            else:
                room -= cells
        fitted[key] = found
    return fitted


def _cells(app: App[Any], binding: Binding) -> int:
    return cell_len(app.get_key_display(binding)) + cell_len(binding.description) + FOOTER_KEY_CELLS


def _translated(binding: Binding) -> Binding:
    return replace(
        binding,
        description=_(binding.description) if binding.description else "",
        tooltip=_(binding.tooltip) if binding.tooltip else "",
        # "F1" as the keyboard writes it (Textual would show "f1")
        key_display=binding.key_display
        or (binding.key.upper() if _FUNCTION_KEY.fullmatch(binding.key) else None),
    )


_FUNCTION_KEY = re.compile(r"f\d{1,2}")


class BaseScreen(TranslatedKeys, Screen[Any]):
    @property
    def miclaro(self) -> AppShell:
        return shell(self)

    def action_back(self) -> None:
        """Leave for the screen underneath (``BACK``)."""
        self.app.pop_screen()

    @property
    def country_code(self) -> str:
        account = self.miclaro.account
        return account.country if account else self.miclaro.settings.country

    @property
    def display_locale(self) -> str:
        from miclaro_tui.countries import display_locale

        return display_locale(current_language(), self.country_code)

    @property
    def words_locale(self) -> str:
        from miclaro_tui.countries import words_locale

        return words_locale(current_language(), self.country_code)

    def money(self, amount: Money) -> str:
        """Amounts as the carrier's country writes them (R$ 163,89 in Brazil whatever the
        language of the screens), so they match the invoice and the payment points."""
        from miclaro_tui.countries import country
        from miclaro_tui.money import format_money

        return format_money(amount, country(self.country_code).locale)

    def money_cell(self, amount: Money, style: str = "") -> Text:
        """An amount for a table: right-aligned, so the digits line up."""
        return Text(self.money(amount), justify="right", style=style)

    async def save_pdf(
        self,
        fetch: Callable[[BillingApi], Awaitable[bytes]],
        filename: str,
        saved_title: str,
    ) -> Path | None:
        """Fetch a PDF (an invoice, a receipt) and save it in the downloads folder; the status
        line tells the customer where it went, or why not and what to do."""
        from miclaro_tui.api import BillingError

        try:
            pdf = await fetch(await self.miclaro.get_api())
        except BillingError as error:
            self.say(error.user_message + " " + _("Press d to try again."), "error")
            return None
        folder = self.miclaro.settings.download_dir
        path = folder / filename
        try:
            await asyncio.to_thread(write_file, path, pdf)
        except OSError as error:
            self.say(
                _(
                    "Cannot save the PDF in {folder}: {reason}. Set another folder with "
                    "MICLARO_DOWNLOAD_DIR or download_dir in config.toml."
                ).format(folder=folder, reason=error.strerror or error),
                "error",
            )
            return None
        self.say(_("Saved: {path}").format(path=path))
        self.notify(str(path), title=saved_title)
        return path

    def day(self, value: date | None, style: str = "medium") -> str:
        if value is None:
            return "—"
        from miclaro_tui.money import format_date

        # "2/12/2026" in the country's order; "December 2, 2026" in the reader's words.
        locale = self.words_locale if style in ("long", "full") else self.display_locale
        return format_date(value, locale, style)

    def month(self, value: date) -> str:
        from miclaro_tui.money import format_month

        return format_month(value, self.words_locale)


def write_file(path: Path, data: bytes) -> None:
    """Write all or nothing: a half-written PDF never takes the final name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".part-", suffix=".pdf")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; an invoice is a normal file
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
