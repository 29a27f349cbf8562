"""Sign-in flows driven with the Pilot against the in-process sandbox."""

from __future__ import annotations

import re

import httpx
import pytest
from textual.widgets import Checkbox, Input, Static

from miclaro_tui.client import BillingClient
from miclaro_tui.screens.home import HomeScreen
from miclaro_tui.screens.login import LoginScreen
from tests.tui.conftest import record_notices, sign_in, until_screen


def message(app) -> str:
    return str(app.screen.query_one("#login-message", Static).content)


async def test_demo_accounts_are_shown_on_the_sandbox(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        demo = str(app.screen.query_one("#demo-users", Static).content)
        assert re.search(r"camila +camila2026", demo)
        assert re.search(r"joao +joao2026", demo)


async def test_demo_accounts_are_not_shown_on_a_real_server(make_app, settings):
    from dataclasses import replace

    app = make_app(settings_=replace(settings, server="https://api.example.com"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert not app.screen.query("#demo-users")


async def test_empty_fields_are_named_and_nothing_is_sent(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.click("#sign-in")
        await pilot.pause()
        assert "usuario" in message(app).lower()
        assert app.screen.focused is app.screen.query_one("#username")
        await pilot.press(*"camila")
        await pilot.click("#sign-in")
        await pilot.pause()
        assert "contraseña" in message(app).lower()
        assert app.screen.query_one("#username", Input).value == "camila"
        assert app.api.username is None


async def test_wrong_password_keeps_the_user_and_clears_the_password(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot, "camila", "wrong")
        assert isinstance(app.screen, LoginScreen)
        assert "Usuario o contraseña incorrectos" in message(app)
        assert app.screen.query_one("#username", Input).value == "camila"
        password = app.screen.query_one("#password", Input)
        assert password.value == "" and app.screen.focused is password
        # The next password is typed afresh, not appended to the wrong one.
        await pilot.press(*"camila2026", "enter")
        await until_screen(pilot, HomeScreen)


async def test_five_failures_lock_the_account_with_a_clear_message(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot, "lucia", "nope")
        for _ in range(4):
            await pilot.press(*"nope", "enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.press(*"nope", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "bloqueada" in message(app)
        assert "min" in message(app)


async def test_sign_in_by_line_number_lands_on_home(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot, "camila", "camila2026")
        assert isinstance(app.screen, HomeScreen)
        assert app.account is not None and app.account.country == "CO"
        greeting = str(app.screen.query_one("#greeting", Static).content)
        assert "Hola" in greeting


async def test_unreachable_server_says_so_offers_enter_and_keeps_what_was_typed(make_app):
    closed_port = BillingClient("http://127.0.0.1:9", timeout=2, backoff=0.01)
    app = make_app(api=closed_port)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot, "camila", "camila2026")
        assert message(app) == (
            "No podemos conectar con el servidor. Revisa tu conexión e intenta de nuevo. "
            "Presiona Enter para intentar de nuevo."
        )
        assert app.screen.query_one("#username", Input).value == "camila"
        assert app.screen.query_one("#password", Input).value == "camila2026"


async def test_a_server_answering_garbage_gets_a_message(make_app):
    def garbage(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text="<html>proxy error</html>")

    api = BillingClient("http://127.0.0.1", transport=httpx.MockTransport(garbage))
    app = make_app(api=api)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot, "camila", "camila2026")
        assert isinstance(app.screen, LoginScreen)
        assert "no pudimos leer" in message(app)


async def test_remember_me_keeps_only_the_refresh_token_in_the_keyring(make_app, memory_keyring):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.click("#remember")
        assert app.screen.query_one("#remember", Checkbox).value
        await sign_in(pilot, "camila", "camila2026")
        assert isinstance(app.screen, HomeScreen)
    stored = dict(memory_keyring.secrets)
    tokens = {key: value for key, value in stored.items() if key[0] == "miclaro-tui:127.0.0.1"}
    assert list(tokens) == [("miclaro-tui:127.0.0.1", "camila")]
    assert all("camila2026" not in value for value in stored.values())
    first_token = tokens[("miclaro-tui:127.0.0.1", "camila")]

    # A new start signs in by itself with the remembered token.
    again = make_app()
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await again.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(again.screen, HomeScreen)
        # Refresh tokens rotate: the keyring now holds the new one, not the used one.
        rotated = memory_keyring.secrets[("miclaro-tui:127.0.0.1", "camila")]
        assert rotated != first_token
        assert rotated == again.api.refresh_token.get_secret_value()
        await pilot.press("s")
        await again.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(again.screen, LoginScreen)
    assert memory_keyring.secrets == {}


async def test_without_remember_me_nothing_is_stored(make_app, memory_keyring):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot, "camila", "camila2026")
        assert isinstance(app.screen, HomeScreen)
    assert memory_keyring.secrets == {}


async def test_no_keyring_backend_is_said_once_and_sign_in_still_works(make_app):
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        app = make_app()
        notices = record_notices(app)
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await pilot.click("#remember")
            await sign_in(pilot, "camila", "camila2026")
            assert isinstance(app.screen, HomeScreen)
            notes = [message for _title, message in notices]
            assert len([n for n in notes if "keyring" in n.lower() or "llavero" in n.lower()]) == 1
    finally:
        keyring.set_keyring(previous)


async def test_a_crash_while_signing_in_never_shows_the_password(make_app, sandbox_db):
    """Textual's crash screen prints each frame's locals: the password must read ****."""
    import io

    from rich.console import Console
    from rich.traceback import Traceback
    from textual.worker import WorkerFailed

    from tests.tui.conftest import sandbox_client

    class Exploding:
        def __init__(self, real):
            self._real = real

        def __getattr__(self, name):
            return getattr(self._real, name)

        async def sign_in(self, username, password):
            raise ZeroDivisionError("boom")

    app = make_app(api=Exploding(sandbox_client(sandbox_db)))
    with pytest.raises(WorkerFailed) as failed:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.click("#username")
            await pilot.press(*"camila")
            await pilot.click("#password")
            await pilot.press(*"s3cretpass")
            await pilot.press("enter")
            await pilot.pause()
            await pilot.pause()
    # Rendered the way Textual renders its crash screen: a rich Traceback with locals.
    error = failed.value.error
    out = io.StringIO()
    Console(file=out, width=200, color_system=None).print(
        Traceback.from_exception(type(error), error, error.__traceback__, show_locals=True)
    )
    crash = out.getvalue()
    assert "ZeroDivisionError" in crash and "SecretStr('**********')" in crash
    assert "s3cretpass" not in crash


async def test_a_burst_of_keys_signs_in_field_by_field(make_app):
    """A password manager's auto-type (or keys over SSH in one read) arrives as one burst:
    the Tab must move on before the password is routed, or it lands in the user field."""
    from textual._xterm_parser import XTermParser

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.query_one("#username", Input).focus()
        await pilot.pause()
        for event in XTermParser().feed("camila\tcamila2026\r"):
            app.post_message(event)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_a_burst_with_enter_after_the_user_signs_in_field_by_field(make_app):
    """Enter after the user name, as people type it and password managers send it: the
    password typed right behind it must not land in the user field."""
    from textual._xterm_parser import XTermParser

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.query_one("#username", Input).focus()
        await pilot.pause()
        for event in XTermParser().feed("camila\rcamila2026\r"):
            app.post_message(event)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_characters_the_api_refuses_get_a_message_not_a_crash(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.query_one("#username", Input).value = "camila\u202e"  # a bidi override
        app.screen.query_one("#password", Input).value = "camila2026"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
        message = str(app.screen.query_one("#login-message", Static).content)
        assert "no permitidos" in message
