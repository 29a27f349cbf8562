"""What every screen shares: translated key descriptions, money and date formatting."""

from __future__ import annotations

import asyncio
import os
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.binding import ActiveBinding, Binding
from textual.screen import Screen

from miclaro_tui.i18n import _, current_language

if TYPE_CHECKING:
    from miclaro_tui.api import BillingApi
    from miclaro_tui.models import Money
    from miclaro_tui.screens.shell import AppShell


class TranslatedKeys:
    """Key descriptions are English message ids (``N_`` in BINDINGS, at class level, before a
    language is chosen). Everything that shows keys (the Footer, the command palette, Help)
    reads them through ``Screen.active_bindings``: this mixin translates them there, through
    public API only (tests/tui/test_help.py proves the Footer shows them translated)."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        active = super().active_bindings  # type: ignore[misc]
        return {
            key: found._replace(binding=_translated(found.binding)) for key, found in active.items()
        }


def _translated(binding: Binding) -> Binding:
    return replace(
        binding,
        description=_(binding.description) if binding.description else "",
        tooltip=_(binding.tooltip) if binding.tooltip else "",
    )


class BaseScreen(TranslatedKeys, Screen[Any]):
    @property
    def miclaro(self) -> AppShell:
        return self.app  # type: ignore[return-value]

    @property
    def country_code(self) -> str:
        account = self.miclaro.account
        return account.country if account else self.miclaro.settings.country

    @property
    def display_locale(self) -> str:
        from miclaro_tui.countries import display_locale

        return display_locale(current_language(), self.country_code)

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
        say: Callable[..., None],
    ) -> Path | None:
        """Fetch a PDF (an invoice, a receipt) and save it in the downloads folder; ``say``
        tells the customer where it went, or why not and what to do."""
        from miclaro_tui.api import BillingError

        try:
            pdf = await fetch(await self.miclaro.get_api())
        except BillingError as error:
            say(error.user_message + " " + _("Press d to try again."), error=True)
            return None
        folder = self.miclaro.settings.download_dir
        path = folder / filename
        try:
            await asyncio.to_thread(write_file, path, pdf)
        except OSError as error:
            say(
                _(
                    "Cannot save the PDF in {folder}: {reason}. Set another folder with "
                    "MICLARO_DOWNLOAD_DIR or download_dir in config.toml."
                ).format(folder=folder, reason=error.strerror or error),
                error=True,
            )
            return None
        say(_("Saved: {path}").format(path=path))
        self.notify(str(path), title=saved_title)
        return path

    def day(self, value: date | None, style: str = "medium") -> str:
        if value is None:
            return "—"
        from miclaro_tui.money import format_date

        return format_date(value, self.display_locale, style)

    def month(self, value: date) -> str:
        from miclaro_tui.money import format_month

        return format_month(value, self.display_locale)


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
