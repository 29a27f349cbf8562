"""What the prepaid Pilot tests read back: andres's line, the status line's words, the money
left on the line and how many balance actions of a kind it has."""

from __future__ import annotations

from decimal import Decimal

from miclaro_tui.widgets.status_line import StatusLine

LINE = "LN87464397"  # andres's prepaid line


def said(screen) -> str:
    return str(screen.query_one(StatusLine).content)


async def money_left(app) -> Decimal:
    buckets = await app.api.list_buckets(LINE)
    return next(b.remainingValue.amount for b in buckets if b.usageType == "monetary")


async def balance_actions(app, kind: str) -> int:
    """How many of the line's balance actions are ``kind`` (advance, transferOut, ...)."""
    actions = await app.api.list_balance_actions(LINE)
    return sum(a.actionType == kind for a in actions)
