"""Time is injected: screens and the sandbox ask a clock, never ``date.today()``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timezone


@dataclass(frozen=True)
class Clock:
    """The real clock, or a frozen one when ``frozen_today`` is set (tests, MICLARO_TODAY)."""

    frozen_today: date | None = None

    def today(self) -> date:
        return self.frozen_today or date.today()

    def now(self) -> datetime:
        if self.frozen_today:
            return datetime.combine(self.frozen_today, time(12, 0), tzinfo=timezone.utc)
        return datetime.now(timezone.utc)
