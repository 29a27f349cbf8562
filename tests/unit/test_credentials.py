"""CredentialStore with in-memory, failing, hanging and refused keyring backends."""

from __future__ import annotations

import threading

import keyring
import keyring.backends.chainer
import keyring.backends.fail
import keyring.backends.null
import keyring.core
import pytest
from keyring.backend import KeyringBackend
from keyring.credentials import SimpleCredential
from keyring.errors import (
    KeyringError,
    KeyringLocked,
    NoKeyringError,
    PasswordDeleteError,
)
from pydantic import SecretStr

from miclaro_tui.credentials import CredentialStore

HOST = "api.example.com"
SERVICE = f"miclaro-tui:{HOST}"

# These test backends define no ``priority``, so keyring's detection never picks them up.


class MemoryKeyring(KeyringBackend):
    """Like most backends: ``get_credential(service, None)`` finds nothing."""

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.items.get((service, username))

    def set_password(self, service, username, password):
        self.items[(service, username)] = password

    def delete_password(self, service, username):
        if self.items.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")


class SearchingKeyring(MemoryKeyring):
    """Like SecretService and Windows: ``get_credential(service, None)`` finds the first."""

    def get_credential(self, service, username):
        for (item_service, user), secret in self.items.items():
            if item_service == service and username in (None, user):
                return SimpleCredential(user, secret)
        return None


class FailingKeyring(MemoryKeyring):
    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error
        self.calls = 0

    def get_password(self, service, username):
        self.calls += 1
        raise self.error

    set_password = delete_password = get_credential = get_password  # type: ignore[assignment]


class HangingKeyring(MemoryKeyring):
    """A locked keyring waiting for a password prompt nobody will answer."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def get_password(self, service, username):
        self.release.wait(10)
        return None

    set_password = get_password  # type: ignore[assignment]


class PlaintextKeyring(MemoryKeyring):
    """Stands for keyrings.alt.file.PlaintextKeyring (not installed here)."""


PlaintextKeyring.__module__ = "keyrings.alt.file"


@pytest.fixture
def use_keyring(monkeypatch: pytest.MonkeyPatch):
    # Recorded so monkeypatch puts the process's backend back after the test.
    monkeypatch.setattr(keyring.core, "_keyring_backend", keyring.core._keyring_backend)
    return keyring.set_keyring


@pytest.mark.parametrize("backend_class", [MemoryKeyring, SearchingKeyring])
async def test_save_load_delete(use_keyring, backend_class):
    backend = backend_class()
    use_keyring(backend)
    store = CredentialStore(HOST)
    assert await store.load() is None

    await store.save("ana", SecretStr("refresh-1"))
    assert backend.items[(SERVICE, "ana")] == "refresh-1"
    username, token = await store.load()
    assert (username, token.get_secret_value()) == ("ana", "refresh-1")

    await store.delete("ana")
    assert await store.load() is None
    assert backend.items == {}
    assert store.unavailable_reason is None


async def test_saving_another_login_forgets_the_first(use_keyring):
    backend = SearchingKeyring()
    use_keyring(backend)
    store = CredentialStore(HOST)
    await store.save("ana", SecretStr("refresh-a"))
    await store.save("ana", SecretStr("refresh-a2"))
    await store.save("bruno", SecretStr("refresh-b"))
    username, token = await store.load()
    assert (username, token.get_secret_value()) == ("bruno", "refresh-b")
    assert (SERVICE, "ana") not in backend.items


async def test_hosts_are_kept_apart(use_keyring):
    use_keyring(MemoryKeyring())
    await CredentialStore(HOST).save("ana", SecretStr("refresh-1"))
    assert await CredentialStore("127.0.0.1:8080").load() is None


async def test_deleting_another_login_keeps_the_remembered_one(use_keyring):
    use_keyring(MemoryKeyring())
    store = CredentialStore(HOST)
    await store.save("ana", SecretStr("refresh-1"))
    await store.delete("bruno")
    username, _ = await store.load()
    assert username == "ana"


async def test_delete_of_nothing_is_fine(use_keyring):
    use_keyring(MemoryKeyring())
    store = CredentialStore(HOST)
    await store.delete("nobody")
    assert store.unavailable_reason is None


async def test_password_is_never_what_is_stored(use_keyring):
    backend = MemoryKeyring()
    use_keyring(backend)
    await CredentialStore(HOST).save("ana", SecretStr("refresh-1"))
    assert set(backend.items.values()) == {"refresh-1", "ana"}  # token, and the login index
    assert "refresh-1" not in repr(await CredentialStore(HOST).load())


@pytest.mark.parametrize(
    "error",
    [
        NoKeyringError("No recommended backend was available."),
        RuntimeError("Unable to initialize SecretService: no D-Bus"),
        KeyringLocked("locked"),
        KeyringError("boom"),
        OSError("dbus socket vanished"),
    ],
)
async def test_failing_keyring_turns_the_store_off_once(use_keyring, error):
    backend = FailingKeyring(error)
    use_keyring(backend)
    store = CredentialStore(HOST)
    assert await store.load() is None
    assert store.unavailable_reason
    calls = backend.calls
    await store.save("ana", SecretStr("refresh-1"))
    await store.delete("ana")
    assert await store.load() is None
    assert backend.calls == calls  # no more keyring calls once it is known to be unusable


async def test_backend_that_cannot_even_load(use_keyring, monkeypatch):
    def broken():
        raise RuntimeError("The Secret Service daemon is neither running nor activatable")

    monkeypatch.setattr(keyring, "get_keyring", broken)
    store = CredentialStore(HOST)
    await store.save("ana", SecretStr("refresh-1"))
    assert store.unavailable_reason


async def test_hanging_keyring_times_out(use_keyring):
    backend = HangingKeyring()
    use_keyring(backend)
    store = CredentialStore(HOST, timeout=0.05)
    try:
        assert await store.load() is None
        assert "keyring" in store.unavailable_reason.lower()
    finally:
        backend.release.set()


@pytest.mark.parametrize(
    "backend",
    [PlaintextKeyring(), keyring.backends.fail.Keyring(), keyring.backends.null.Keyring()],
    ids=["plaintext", "fail", "null"],
)
async def test_refused_backends_are_never_written(use_keyring, backend):
    use_keyring(backend)
    store = CredentialStore(HOST)
    await store.save("ana", SecretStr("refresh-1"))
    assert store.unavailable_reason
    assert getattr(backend, "items", {}) == {}


class Chainer(keyring.backends.chainer.ChainerBackend):
    viable = False  # never a candidate of keyring's own detection
    backends: list[KeyringBackend] = []


async def test_chainer_uses_its_first_acceptable_member(use_keyring):
    plaintext, memory = PlaintextKeyring(), MemoryKeyring()
    chainer = Chainer()
    chainer.backends = [plaintext, memory]
    use_keyring(chainer)
    store = CredentialStore(HOST)
    await store.save("ana", SecretStr("refresh-1"))
    assert plaintext.items == {}
    assert memory.items[(SERVICE, "ana")] == "refresh-1"


async def test_chainer_of_refused_backends_is_no_keyring(use_keyring):
    plaintext = PlaintextKeyring()
    chainer = Chainer()
    chainer.backends = [plaintext, keyring.backends.null.Keyring()]
    use_keyring(chainer)
    store = CredentialStore(HOST)
    await store.save("ana", SecretStr("refresh-1"))
    assert store.unavailable_reason
    assert plaintext.items == {}
