"""The last figures fetched, kept on disk so that with the server unreachable the screens show
them marked "as of 14:02 - offline".

One file, ``account-state.json`` in the data dir, per login (another login's file is not
read). It holds accounts and bills only: never card data, never tokens.
"""

from __future__ import annotations

import asyncio
import json
import os
import tempfile
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from miclaro_tui.api import Page
from miclaro_tui.i18n import _
from miclaro_tui.state.summary import Summary

if TYPE_CHECKING:
    from miclaro_tui.models import CustomerBill

    Bills = tuple[datetime, Page[CustomerBill]]
    """The newest bills of an account, and when they were fetched."""

FILE_NAME = "account-state.json"
FILE_FORMAT = 1


class OfflineCopy:
    """The last figures of one login's accounts, in the file at ``path`` (None: nowhere)."""

    def __init__(self, path: Path | None, username: str | None) -> None:
        self.path = path
        self.username = username
        self._accounts: dict[str, Any] | None = None

    async def summary(self, account_id: str) -> Summary | None:
        stored = (await self._read()).get(account_id, {}).get("summary")
        return Summary.from_json(stored) if stored is not None else None

    async def bills(self, account_id: str) -> Bills | None:
        stored = (await self._read()).get(account_id, {}).get("bills")
        if not stored:
            return None
        from miclaro_tui.models import CustomerBill

        items = [CustomerBill.model_validate(b) for b in stored["items"]]
        page = Page(items=items, total=stored["total"], offset=0, limit=len(items))
        return datetime.fromisoformat(stored["fetched_at"]), page

    async def save(self, summaries: Mapping[str, Summary], bills: Mapping[str, Bills]) -> None:
        """Keep these figures, beside those of the other accounts already kept. A file that
        cannot be written is let be: the figures are only a fallback."""
        if self.path is None:
            return
        accounts = dict(await self._read())
        for account_id in set(summaries) | set(bills):
            entry = dict(accounts.get(account_id, {}))
            if account_id in summaries:
                entry["summary"] = summaries[account_id].to_json()
            if account_id in bills:
                fetched_at, page = bills[account_id]
                entry["bills"] = {
                    "fetched_at": fetched_at.isoformat(),
                    "total": page.total,
                    "items": [json.loads(bill.model_dump_json()) for bill in page.items],
                }
            accounts[account_id] = entry
        self._accounts = accounts
        data = {"format": FILE_FORMAT, "username": self.username, "accounts": accounts}
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        try:
            await asyncio.to_thread(write_atomic, self.path, text)
        except OSError:
            pass

    async def _read(self) -> dict[str, Any]:
        """The accounts kept in the file by this login (read once)."""
        if self._accounts is None:
            self._accounts = {}
            if self.path is not None:
                data = await asyncio.to_thread(read_json, self.path)
                if data.get("format") == FILE_FORMAT and data.get("username") == self.username:
                    self._accounts = data.get("accounts") or {}
        return self._accounts


def read_json(path: Path) -> dict[str, Any]:
    """The file's JSON object, or {} when it is missing or unreadable. Amounts are read as
    Decimal so they come back exactly."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_atomic(path: Path, text: str) -> None:
    """Write all or nothing, readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".account-state-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def as_of(moment: datetime, today: date, locale: str, country: str) -> str:
    """ "As of 2:02 p. m. - offline" in the locale's format and the country's time zone (the
    date too when it was not today)."""
    from zoneinfo import ZoneInfo

    from babel.dates import format_datetime, format_time

    from miclaro_tui.countries import COUNTRIES

    profile = COUNTRIES.get(country)
    zone = ZoneInfo(profile.time_zone if profile else "UTC")
    local = moment.astimezone(zone)
    if local.date() == today:
        when = format_time(local, "short", tzinfo=zone, locale=locale).replace("\u202f", " ")
        return _("As of {time} - offline").format(time=when)
    when = format_datetime(local, "short", tzinfo=zone, locale=locale).replace("\u202f", " ")
    return _("As of {date_and_time} - offline").format(date_and_time=when)
