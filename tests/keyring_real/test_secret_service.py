"""CredentialStore against a real Secret Service (gnome-keyring on a private D-Bus bus).

Run: scripts/with-secret-service.sh .venv/bin/pytest tests/keyring_real -q
"""

from __future__ import annotations

import keyring
import keyring.core
import pytest
from keyring.backends import SecretService
from pydantic import SecretStr

from miclaro_tui.credentials import CredentialStore

pytestmark = pytest.mark.keyring_real

HOST = "billing.example.net"


@pytest.fixture
def secret_service(monkeypatch: pytest.MonkeyPatch) -> SecretService.Keyring:
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)
    keyring.core.init_backend()  # from PYTHON_KEYRING_BACKEND, as the app would
    backend = keyring.get_keyring()
    assert isinstance(backend, SecretService.Keyring)
    return backend


async def test_save_load_delete_in_secret_service(secret_service):
    store = CredentialStore(HOST)
    assert await store.load() is None

    await store.save("ana", SecretStr("refresh-1"))
    assert secret_service.get_password(f"miclaro-tui:{HOST}", "ana") == "refresh-1"
    username, token = await store.load()
    assert (username, token.get_secret_value()) == ("ana", "refresh-1")

    await store.save("bruno", SecretStr("refresh-2"))  # another login replaces ana
    username, token = await store.load()
    assert (username, token.get_secret_value()) == ("bruno", "refresh-2")
    assert secret_service.get_password(f"miclaro-tui:{HOST}", "ana") is None

    await store.delete("bruno")
    assert await store.load() is None
    assert store.unavailable_reason is None


async def test_remembered_login_found_without_the_index(secret_service):
    """SecretService finds the login by service alone (get_credential(service, None))."""
    store = CredentialStore(HOST)
    secret_service.set_password(store.service, "carla", "refresh-3")
    try:
        username, token = await store.load()
        assert (username, token.get_secret_value()) == ("carla", "refresh-3")
    finally:
        await store.delete("carla")
