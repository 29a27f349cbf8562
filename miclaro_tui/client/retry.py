"""The retry policy, as plain functions: which attempts may be sent again, and after how long.

The transport applies them under one deadline per request; kept apart so every rule is tested
on its own, without sending anything.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Failures that may pass: the network, or a server cut off mid-answer. Not an unsupported
# scheme or a request httpx itself found malformed: those fail the same way every time.
RETRY_ERRORS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)
IN_PROGRESS = "requestInProgress"
"""409 code: the server is still working on this Idempotency-Key."""

BACKOFF = 0.25
"""The first backoff step, in seconds; it doubles with each attempt."""
MAX_BACKOFF = 8.0
MAX_RETRY_AFTER = 60.0
"""A server's Retry-After is honoured up to this: a bogus hour-long one never holds a request
(the request's deadline bounds the whole anyway)."""


def should_retry(
    method: str,
    keyed: bool,
    *,
    status: int | None = None,
    error: BaseException | None = None,
    code: str = "",
) -> bool:
    """Whether an attempt that got ``status`` (with the error body's ``code``) or failed with
    the transport ``error`` may be sent again.

    Only a safe method, or a POST carrying an Idempotency-Key (``keyed``), is ever repeated:
    the server answers a repeated key with its first answer, so a retry cannot act twice. A
    409 ``requestInProgress`` means our own earlier attempt (or a double press) is still being
    worked on: asking again gets its answer once it is done."""
    if not (method.upper() in SAFE_METHODS or keyed):
        return False
    if error is not None:
        return isinstance(error, RETRY_ERRORS)
    if status in RETRY_STATUSES:
        return True
    return status == 409 and keyed and code == IN_PROGRESS


def retry_delay(
    attempt: int,
    retry_after: float | None,
    rng: random.Random,
    *,
    backoff: float = BACKOFF,
    cap: float = MAX_RETRY_AFTER,
) -> float:
    """Seconds to wait before attempt ``attempt + 1``: the server's ``retry_after`` when it
    sent one (at most ``cap``), else exponential backoff with "equal jitter" (between half and
    all of the step, drawn from ``rng``) so that clients cut off together do not come back
    together."""
    if retry_after is not None:
        return min(max(0.0, retry_after), cap)
    step = min(backoff * 2.0 ** (attempt - 1), MAX_BACKOFF)
    return step / 2 + rng.uniform(0, step / 2)


def retry_after_seconds(headers: Mapping[str, str]) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP-date), or None."""
    value = headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        when = _http_date(value)
    if when is None:
        return None
    # Measured against the server's own Date when it sent one: immune to our clock's skew.
    now = _http_date(headers.get("Date", "")) or datetime.now(UTC)
    return max(0.0, (when - now).total_seconds())


def _http_date(value: str) -> datetime | None:
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)  # "-0000" parses naive
