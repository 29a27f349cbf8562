"""The "remember me" store: the refresh token (never the password) in the OS keyring.

Service ``miclaro-tui:<api host>``, user = the account's login, secret = the refresh token.
When there is no usable keyring (headless Linux, D-Bus missing, a locked keyring that hangs, a
plaintext or null backend) the store turns itself off: sessions then live in memory only and
``unavailable_reason`` says why, once.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import threading
from collections.abc import Callable
from typing import TypeVar

import keyring
import keyring.backends.chainer
import keyring.backends.fail
import keyring.backends.null
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError
from pydantic import SecretStr

from miclaro_tui.i18n import _

log = logging.getLogger(__name__)

T = TypeVar("T")

SERVICE_PREFIX = "miclaro-tui"
INDEX_USER = "remembered-login"
"""Backends whose ``get_credential(service, None)`` finds nothing (the default implementation)
get the remembered login from this entry of a second service, ``<service>:login``."""

_REFUSED = (keyring.backends.fail.Keyring, keyring.backends.null.Keyring)


class _NoKeyring(Exception):
    """The active backend is one we refuse: it stores nothing, or stores in clear."""


def _refused(backend: KeyringBackend) -> bool:
    # keyrings.alt holds the plaintext and "encrypted" file keyrings: files are not a keyring.
    return isinstance(backend, _REFUSED) or type(backend).__module__.startswith("keyrings.alt")


def _usable_backend() -> KeyringBackend:
    """The active backend, or for a chainer its first (highest-priority) acceptable member."""
    try:
        backend = keyring.get_keyring()
    except Exception as exc:  # e.g. SecretService forced without D-Bus: RuntimeError
        raise _NoKeyring(f"{type(exc).__name__}: {exc}") from None
    members = (
        backend.backends
        if isinstance(backend, keyring.backends.chainer.ChainerBackend)
        else [backend]
    )
    for member in members:
        if not _refused(member):
            return member
    raise _NoKeyring(f"refused backend {type(backend).__module__}.{type(backend).__name__}")


def _in_daemon_thread(func: Callable[[], T]) -> asyncio.Future[T]:
    """Run ``func`` in a daemon thread. Unlike ``asyncio.to_thread``, a keyring call that
    hangs forever cannot then block the interpreter's exit (executor threads are joined)."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def settle(outcome: Callable[[], None]) -> None:
        if not future.done():  # timed out and cancelled meanwhile
            outcome()

    def run() -> None:
        outcome: Callable[[], None]
        try:
            result = func()
        except BaseException as exc:
            outcome = functools.partial(future.set_exception, exc)
        else:
            outcome = functools.partial(future.set_result, result)
        try:
            loop.call_soon_threadsafe(settle, outcome)
        except RuntimeError:
            pass  # the loop is closed: nobody waits for this answer any more

    threading.Thread(target=run, name="miclaro-keyring", daemon=True).start()
    return future


class CredentialStore:
    """The remembered login of one API host. Methods never raise: a failing keyring makes
    the store unavailable instead."""

    def __init__(self, host: str, *, timeout: float = 5.0) -> None:
        self.service = f"{SERVICE_PREFIX}:{host}"
        self._index_service = f"{self.service}:login"
        self._timeout = timeout
        self.unavailable_reason: str | None = None

    def __repr__(self) -> str:
        return f"<CredentialStore {self.service}>"

    async def load(self) -> tuple[str, SecretStr] | None:
        """The remembered (login, refresh token), or None."""
        found = await self._call(self._load)
        return (found[0], SecretStr(found[1])) if found else None

    async def save(self, username: str, token: SecretStr) -> None:
        """Remember this login and its refresh token, forgetting any other login."""
        await self._call(lambda: self._save(username, token.get_secret_value()))

    async def delete(self, username: str) -> None:
        await self._call(lambda: self._delete(_usable_backend(), username))

    # --- in the keyring thread -------------------------------------------------------------

    def _load(self) -> tuple[str, str] | None:
        backend = _usable_backend()
        credential = backend.get_credential(self.service, None)
        if credential is not None and credential.username and credential.password:
            return credential.username, credential.password
        username = backend.get_password(self._index_service, INDEX_USER)
        token = backend.get_password(self.service, username) if username else None
        return (username, token) if username and token else None

    def _save(self, username: str, token: str) -> None:
        backend = _usable_backend()
        previous = self._load()
        if previous is not None and previous[0] != username:
            self._delete(backend, previous[0])
        backend.set_password(self.service, username, token)
        backend.set_password(self._index_service, INDEX_USER, username)

    def _delete(self, backend: KeyringBackend, username: str) -> None:
        entries = [(self.service, username)]
        if backend.get_password(self._index_service, INDEX_USER) == username:
            entries.append((self._index_service, INDEX_USER))
        for service, user in entries:
            try:
                backend.delete_password(service, user)
            except PasswordDeleteError:
                pass  # nothing was remembered there

    # --- guard -----------------------------------------------------------------------------

    async def _call(self, func: Callable[[], T]) -> T | None:
        if self.unavailable_reason is not None:
            return None
        try:
            return await asyncio.wait_for(_in_daemon_thread(func), self._timeout)
        except _NoKeyring as exc:
            log.info("no usable keyring: %s", exc)
            self._give_up(_("No secure system keyring is available."))
        except TimeoutError:
            log.info("keyring did not answer within %g s", self._timeout)
            self._give_up(_("The system keyring did not answer (is it locked?)."))
        except Exception as exc:  # NoKeyringError, KeyringError, D-Bus errors: all mean "none"
            log.info("keyring failed: %s", type(exc).__name__)
            self._give_up(_("The system keyring failed."))
        return None

    def _give_up(self, why: str) -> None:
        self.unavailable_reason = (
            why + " " + _("Your session will not be remembered on this computer.")
        )
