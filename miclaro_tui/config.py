"""Settings: defaults < ``config.toml`` (platform config dir) < ``MICLARO_*`` env < flags.

On Linux platformdirs honours XDG_CONFIG_HOME and XDG_DATA_HOME, so tests isolate themselves
by pointing those at a temporary folder.
"""

from __future__ import annotations

import os
import re
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


IDLE_LOCK_MAX = 15
"""The longest a kiosk may stay unattended before it locks, in minutes."""


@dataclass(frozen=True)
class KioskSettings:
    """The ``[kiosk]`` table of config.toml: this till's own settings."""

    terminal_id: str = ""
    """The till's id on receipts and shifts ([A-Za-z0-9-], at most 32); "" asks at sign-in."""
    printer: str = ""
    """A command that prints the text on its standard input, such as ``lp -d NAME``."""
    escpos: str = ""
    """An ESC/POS printer through python-escpos: network:HOST, usb:VENDOR:PRODUCT, file:PATH."""
    idle_lock_minutes: float = 5.0
    """Minutes without a key or a click before the till locks (at most 15)."""
    audit_log: Path | None = None
    """The audit log's file; by default ``kiosk-audit.jsonl`` in the data folder."""


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
    theme: str | None = None
    """The Textual theme's name (``miclaro-high-contrast``...); the app writes it back here."""
    keymap: dict[str, str] = field(default_factory=dict)
    """Keys people remap: a binding's id -> its keys ("invoices" = "f2", "back" = "escape,q");
    the ``[keymap]`` table of config.toml, given to ``App.set_keymap``."""
    kiosk: KioskSettings = field(default_factory=KioskSettings)
    """Kiosk mode (``miclaro --kiosk``): the ``[kiosk]`` table of config.toml."""

    @property
    def on_sandbox(self) -> bool:
        return self.server is None

    @property
    def sandbox_db(self) -> Path:
        return self.data_dir / "sandbox.sqlite3"

    @property
    def audit_log(self) -> Path:
        return self.kiosk.audit_log or self.data_dir / "kiosk-audit.jsonl"


def config_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


def _coerce(name: str, value: Any) -> Any:
    if value is None:
        return None
    if name == "kiosk":  # its own messages name the setting
        return value if isinstance(value, KioskSettings) else kiosk_settings(value)
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
        if name == "locale":
            return _language(str(value))
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
    except SettingsError:
        raise  # it says why already
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


def kiosk_settings(value: Any) -> KioskSettings:
    """The ``[kiosk]`` table read and checked; SettingsError names a bad setting."""
    import re

    if not isinstance(value, dict):
        raise SettingsError("kiosk must be a table: [kiosk] in config.toml")
    known = {f.name for f in fields(KioskSettings)}
    unknown = sorted(set(value) - known)
    if unknown:
        raise SettingsError(f"kiosk: unknown setting(s): {', '.join(unknown)}")
    table = dict(value)
    terminal = str(table.get("terminal_id", "")).strip()
    if terminal and not re.fullmatch(r"[A-Za-z0-9-]{1,32}", terminal):
        raise SettingsError(
            f"kiosk.terminal_id: {terminal!r} must be 1 to 32 letters, digits or dashes"
        )
    table["terminal_id"] = terminal
    for name in ("printer", "escpos"):
        if not isinstance(table.get(name, ""), str):
            raise SettingsError(f"kiosk.{name} must be a string")
    try:
        minutes = float(table.get("idle_lock_minutes", KioskSettings.idle_lock_minutes))
    except (TypeError, ValueError):
        minutes = -1.0
    if not 0 < minutes <= IDLE_LOCK_MAX:
        raise SettingsError(
            f"kiosk.idle_lock_minutes must be more than 0 and at most {IDLE_LOCK_MAX}"
        )
    table["idle_lock_minutes"] = minutes
    if table.get("audit_log"):
        table["audit_log"] = Path(str(table["audit_log"])).expanduser()
    else:
        table["audit_log"] = None
    return KioskSettings(**table)


def load_settings(
    flags: dict[str, Any] | None = None, env: Mapping[str, str] | None = None
) -> Settings:
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    path = config_path()
    if path.exists():
        import tomllib  # only with a config file: ~3 ms off the start-up path otherwise

        try:
            values.update(tomllib.loads(path.read_text(encoding="utf-8")))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError(f"{path}: {exc}") from None
    for f in fields(Settings):
        key = f"MICLARO_{f.name.upper()}"
        if key in env and f.name not in ("keymap", "kiosk"):  # tables: config.toml only
            values[f.name] = env[key]
    for name, value in (flags or {}).items():
        if value is not None:
            values[name] = value
    known = {f.name for f in fields(Settings)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise SettingsError(f"{path}: unknown setting(s): {', '.join(unknown)}")
    return replace(Settings(), **{k: _coerce(k, v) for k, v in values.items()})


def _language(value: str) -> str:
    from miclaro_tui.i18n import LANGUAGES, supported_language

    language = supported_language(value)
    if language is None:
        raise SettingsError(
            f"locale: {value!r} is not a language of the app; choose one of {', '.join(LANGUAGES)}"
        )
    return language


def save_setting(name: str, value: str) -> None:
    """Write ``name = "value"`` among the top-level settings of config.toml, keeping every
    other line (comments, tables) as it was; the file is replaced whole, never half written."""
    import json
    import tomllib

    path = config_path()
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: {exc}") from None
    line = f"{name} = {json.dumps(value, ensure_ascii=False)}"
    lines = text.splitlines()
    tables = next((i for i, row in enumerate(lines) if row.lstrip().startswith("[")), len(lines))
    found = next(
        (i for i in range(tables) if re.match(rf"\s*{re.escape(name)}\s*=", lines[i])), None
    )
    if found is None:
        lines.insert(tables, line)
    else:
        lines[found] = line
    new_text = "\n".join(lines) + "\n"
    if tomllib.loads(new_text).get(name) != value:  # a multi-line value we did not parse
        raise SettingsError(f"{path}: could not write {name}")
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(new_text, encoding="utf-8")
    os.replace(temporary, path)
