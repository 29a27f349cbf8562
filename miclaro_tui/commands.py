"""The command palette (ctrl+p) in the user's language: the screen's own keys, then the global
actions (help, switch account, sign out, theme, language, quit) from any screen.

Textual's own words are translated here too: the palette's placeholder and its "No matches
found", the theme picker's placeholder, and the descriptions of Textual's bindings that can
show in the footer (``TranslatedKeys`` translates them through the catalogs: ``TEXTUAL_STRINGS``
puts them there).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from rich.align import Align
from rich.text import Text
from textual.app import SystemCommand
from textual.command import CommandList, CommandListItem, CommandPalette, SimpleCommand
from textual.widgets.option_list import Option

from miclaro_tui.i18n import LANGUAGES, N_, _

if TYPE_CHECKING:
    from textual.screen import Screen

    from miclaro_tui.app import MiClaroApp

# Descriptions of Textual's own bindings (screen, Select, Input, Button, the palette) that may
# show in the footer or the palette: English ids, so the catalogs translate them.
TEXTUAL_STRINGS = (
    N_("Quit"),
    N_("palette"),
    N_("Focus Next"),
    N_("Focus Previous"),
    N_("Copy selected text"),
    N_("Dismiss menu"),
    N_("Show menu"),
    N_("Press button"),
    N_("Toggle"),
    N_("Submit"),
    N_("Select"),
    N_("Exit the command palette"),
)

LANGUAGE_NAMES = {"es": "Español", "en": "English", "pt_BR": "Português (Brasil)"}
"""Each language in its own words: the way back from a language one cannot read."""


class Palette(CommandPalette):
    """Textual's command palette with our placeholder and our "No matches found"."""

    NO_MATCHES_DELAY = 0.5
    """Seconds of a search without hits before saying so (Textual's delay; tests shorten it)."""

    def __init__(self, providers: Any = None, *, placeholder: str | None = None, **kwargs: Any):
        super().__init__(providers, placeholder=placeholder or _("Search for commands…"), **kwargs)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual 8.2.8 writes "No matches found" in English inside this method and offers
        # no hook for it; this is its body with our words (tests/tui/test_palette.py checks).
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(_("No matches found"), style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self.NO_MATCHES_DELAY, show_no_matches)


def system_commands(app: MiClaroApp, screen: Screen[Any]) -> Iterator[SystemCommand]:
    """What the palette offers on ``screen``: its keys (ours, with an id: Textual's cursor
    and editing keys are not commands), then the global actions not already among them."""
    titles: set[str] = set()
    actions: set[str] = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        # Bindings kept out of a crowded footer (show=False) are still commands here.
        if not binding.description or not binding.id or binding.action in actions:
            continue
        if binding.id in ("focus-next", "focus-previous"):
            continue
        actions.add(binding.action)
        titles.add(binding.description)
        yield SystemCommand(
            binding.description,
            _("Key: {key}").format(key=app.get_key_display(binding)),
            _runner(app, binding.action, active.node),
        )
    for title, help_text, callback in _global_commands(app):
        if title not in titles:
            yield SystemCommand(title, help_text, callback)


def _global_commands(app: MiClaroApp) -> Iterable[tuple[str, str, Callable[[], Any]]]:
    yield _("Help"), _("Service channels of your country and every key"), app.action_help
    state = app.account_state
    if state is not None:
        if state.has_more_accounts:
            yield _("Next account"), _("Show your next account"), app.switch_account
        yield _("Sign out"), _("Sign out and forget a remembered session"), app.sign_out
    yield _("Theme"), _("Change the colours (high contrast too)"), app.action_change_theme
    yield _("Language"), _("Español, English, Português"), app.action_change_language
    yield _("Quit"), _("Close the app"), app.action_quit


def language_commands(app: MiClaroApp) -> list[CommandListItem]:
    return [
        SimpleCommand(LANGUAGE_NAMES[language], _language_setter(app, language))
        for language in LANGUAGES
    ]


def _language_setter(app: MiClaroApp, language: str) -> Callable[[], None]:
    return lambda: app.change_language(language)


def _runner(app: MiClaroApp, action: str, node: Any) -> Callable[[], Any]:
    async def run() -> None:
        await app.run_action(action, node)

    return run
