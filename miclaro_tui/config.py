"""Settings: defaults < ``config.toml`` (platform config dir) < ``MICLARO_*`` env < flags.

On Linux platformdirs honours XDG_CONFIG_HOME and XDG_DATA_HOME, so tests isolate themselves
by pointing those at a temporary folder.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path
from typing import Any

import platformdirs

APP_NAME = "miclaro-tui"
COUNTRIES = ("CO", "PE", "BR", "DO", "EC")


class SettingsError(ValueError):
    """A setting has a value we cannot use; the message names the setting and why."""


@dataclass(frozen=True)
class Settings:
    server: str | None = None
    """The billing API's base URL; None runs the embedded sandbox in process."""
    locale: str = "es"
    country: str = "CO"
    data_dir: Path = field(default_factory=lambda: Path(platformdirs.user_data_dir(APP_NAME)))
    download_dir: Path = field(default_factory=lambda: Path(platformdirs.user_downloads_dir()))
    timeout: float = 15.0
    """Seconds allowed for one API call, retries included."""
    today: date | None = None
    """Freeze "today" (sandbox seed and screens); from MICLARO_TODAY."""
    keymap: dict[str, str] = field(default_factory=dict)
    """Keys people remap: a binding's id -> its keys ("invoices" = "f2", "back" = "escape,q");
    the ``[keymap]`` table of config.toml, given to ``App.set_keymap``."""

    @property
    def on_sandbox(self) -> bool:
        return self.server is None

    @property
    def sandbox_db(self) -> Path:
        return self.data_dir / "sandbox.sqlite3"


def config_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


def _coerce(name: str, value: Any) -> Any:
    if value is None:
        return None
    try:
        if name in ("data_dir", "download_dir"):
            return Path(str(value)).expanduser()
        if name == "timeout":
            timeout = float(value)
            if timeout <= 0:
                raise ValueError
            return timeout
        if name == "today":
            return value if isinstance(value, date) else date.fromisoformat(str(value))
        if name == "country":
            country = str(value).upper()
            if country not in COUNTRIES:
                raise ValueError
            return country
        if name == "keymap":
            return _keymap(value)
        if name == "server":
            server = str(value).strip().rstrip("/")
            if server.lower() in ("", "sandbox"):
                return None
            if not server.startswith(("http://", "https://")):
                raise ValueError
            return server
        return str(value)
    except ValueError:
        raise SettingsError(f"invalid value for {name}: {value!r}") from None


def _keymap(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ValueError
    keymap = {}
    for binding_id, keys in value.items():
        if not isinstance(keys, str) or not keys.strip():
            raise SettingsError(
                f'keymap: {binding_id!r} needs its keys as a string, such as "f2" or "q,escape"'
            )
        keymap[str(binding_id)] = keys.strip()
    return keymap


def load_settings(
    flags: dict[str, Any] | None = None, env: Mapping[str, str] | None = None
) -> Settings:
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    path = config_path()
    if path.exists():
        try:
            values.update(tomllib.loads(path.read_text(encoding="utf-8")))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError(f"{path}: {exc}") from None
    for f in fields(Settings):
        key = f"MICLARO_{f.name.upper()}"
        if key in env and f.name != "keymap":  # a table: config.toml only
            values[f.name] = env[key]
    for name, value in (flags or {}).items():
        if value is not None:
            values[name] = value
    known = {f.name for f in fields(Settings)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise SettingsError(f"{path}: unknown setting(s): {', '.join(unknown)}")
    return replace(Settings(), **{k: _coerce(k, v) for k, v in values.items()})
