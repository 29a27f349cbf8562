"""What the screens share: the status line and its tones (colours from the theme, words
always), the one rule for a field with bad input, the back key, and the paged loader."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.color import Color
from textual.widgets import DataTable, Input, Static

import miclaro_tui
from miclaro_tui.api import Page
from miclaro_tui.screens.base import BACK, BaseScreen
from miclaro_tui.screens.help import screen_classes
from miclaro_tui.screens.paged import Pages
from miclaro_tui.widgets.status_line import StatusLine
from miclaro_tui.widgets.tone import TONES, ToneCell, mark_invalid, set_tone, toned

APP_CSS = Path(miclaro_tui.__file__).parent / "app.tcss"


class ToneApp(App[None]):
    """The app's own stylesheet, a status line, a field and a table."""

    CSS_PATH = APP_CSS

    def compose(self) -> ComposeResult:
        yield StatusLine(id="status")
        yield Static(id="plain")
        yield Input(id="field")
        yield DataTable(id="table")


def theme_color(app: App[None], variable: str) -> Color:
    return Color.parse(app.theme_variables[variable])


async def test_the_status_line_says_plain_words_in_the_tone_of_the_theme():
    app = ToneApp()
    async with app.run_test() as pilot:
        status = app.query_one(StatusLine)
        status.say("[bold]Card[/] declined", "error")  # text, never read as markup
        await pilot.pause()
        assert str(status.content) == "[bold]Card[/] declined"
        assert status.has_class("tone-error")
        assert status.styles.color == theme_color(app, "text-error")
        status.say("Paid", "success")
        await pilot.pause()
        assert not status.has_class("tone-error") and status.has_class("tone-success")
        assert status.styles.color == theme_color(app, "text-success")
        status.say("")
        await pilot.pause()
        assert str(status.content) == ""
        assert not any(status.has_class(f"tone-{tone}") for tone in TONES)


async def test_every_tone_takes_its_colour_from_the_current_theme():
    app = ToneApp()
    async with app.run_test() as pilot:
        plain = app.query_one("#plain", Static)
        expected = {
            "error": "text-error",
            "warning": "text-warning",
            "success": "text-success",
            "info": "text-accent",
            "neutral": "text-secondary",
        }
        for theme in ("textual-dark", "textual-light"):
            app.theme = theme
            for tone, variable in expected.items():
                set_tone(plain, tone)
                await pilot.pause()
                assert plain.styles.color == theme_color(app, variable), (theme, tone)
                assert plain.styles.text_style.bold


async def test_a_field_with_bad_input_gets_the_one_invalid_field_border():
    app = ToneApp()
    async with app.run_test() as pilot:
        field = app.query_one("#field", Input)
        mark_invalid(field)
        await pilot.pause()
        assert field.styles.border_top[1] == theme_color(app, "error")
        mark_invalid(field, False)
        await pilot.pause()
        assert field.styles.border_top[1] != theme_color(app, "error")


async def test_a_tone_cell_is_its_words_and_follows_the_theme():
    app = ToneApp()
    async with app.run_test() as pilot:
        table = app.query_one(DataTable)
        table.add_columns("Status")
        cell = ToneCell("! Overdue", "error")
        table.add_row(cell)
        await pilot.pause()
        assert str(table.get_cell_at((0, 0))) == "! Overdue"
        assert table.columns[next(iter(table.columns))].content_width == len("! Overdue")
        dark = cell.__rich__().style
        app.theme = "textual-light"
        await pilot.pause()
        light = cell.__rich__().style
        assert dark != light  # looked up when drawn, not fixed when made
        assert light.color.triplet.hex == theme_color(app, "text-error").hex.lower()


async def test_inline_tones_resolve_theme_variables_when_drawn():
    app = ToneApp()
    async with app.run_test() as pilot:
        plain = app.query_one("#plain", Static)
        plain.update(toned("✔ Paid", "success"))
        await pilot.pause()
        assert str(plain.content) == "✔ Paid"
        style = plain.content.spans[0].style
        assert style == "bold $text-success"


def test_every_screen_that_escape_leaves_lists_the_one_back_key():
    for _where, screen in screen_classes():
        backs = [b for b in screen.BINDINGS if getattr(b, "action", None) == "back"]
        assert backs in ([], [BACK]), screen
        if backs:
            assert issubclass(screen, BaseScreen) and callable(screen.action_back)


async def test_dialogs_keep_the_modal_screens_dimmed_backdrop():
    """Textual takes a screen's CSS from its first Textual base class: the shared mixin must
    not hide ModalScreen's from the dialogs."""
    from miclaro_tui.screens.quit_dialog import QuitDialog

    app: App[None] = App()  # no app.tcss: it paints every Screen opaque
    async with app.run_test() as pilot:
        app.push_screen(QuitDialog())
        await pilot.pause()
        assert isinstance(app.screen, QuitDialog)
        assert 0 < app.screen.styles.background.a < 1


class FakeList:
    """A server list that may gain an item at the front between two pages."""

    def __init__(self, count: int) -> None:
        self.items = [f"item-{n}" for n in range(count)]
        self.asked: list[tuple[int, int]] = []

    async def fetch(self, offset: int, limit: int) -> Page[str]:
        self.asked.append((offset, limit))
        return Page(self.items[offset : offset + limit], len(self.items), offset, limit)


async def test_pages_load_small_first_then_bigger_and_never_list_an_item_twice():
    server = FakeList(130)
    pages: Pages[str] = Pages(server.fetch, key=str, first=50, then=100)
    assert pages.has_more and pages.total is None
    assert len(await pages.load_more()) == 50
    server.items.insert(0, "new")  # shifts the next page by one
    fresh = await pages.load_more()
    assert server.asked == [(0, 50), (50, 100)]
    assert "item-49" not in fresh and len(fresh) == 80
    assert len(pages.items) == len(set(pages.items)) == 130
    assert pages.total == 131 and pages.has_more


async def test_pages_stop_when_the_server_runs_out_before_its_own_count():
    server = FakeList(3)

    async def short(offset: int, limit: int) -> Page[str]:
        page = await server.fetch(offset, limit)
        return Page(page.items, 10, offset, limit)  # claims 10, has 3

    pages: Pages[str] = Pages(short, key=str, first=2, then=2)
    await pages.load_more()
    await pages.load_more()
    assert await pages.load_more() == []
    assert pages.total == 3 and not pages.has_more
    assert await pages.load_more() == [] and server.asked == [(0, 2), (2, 2), (3, 2)]


def test_pages_adopt_a_remembered_page():
    pages: Pages[str] = Pages(FakeList(0).fetch, key=str)
    pages.adopt(Page(["a", "b"], 40, 0, 2))
    assert pages.items == ["a", "b"] and pages.total == 40 and pages.has_more
