"""The retry policy on its own (``client.retry``): which attempts are sent again, after how
long. Nothing is sent here."""

from __future__ import annotations

import random

import httpx
import pytest

from miclaro_tui.client.retry import (
    MAX_BACKOFF,
    MAX_RETRY_AFTER,
    retry_after_seconds,
    retry_delay,
    should_retry,
)


@pytest.mark.parametrize(
    ("method", "keyed", "status", "code", "expected"),
    [
        ("GET", False, 408, "", True),
        ("GET", False, 429, "", True),
        ("GET", False, 500, "", True),
        ("GET", False, 502, "", True),
        ("GET", False, 503, "", True),
        ("GET", False, 504, "", True),
        ("GET", False, 200, "", False),
        ("GET", False, 400, "", False),
        ("GET", False, 401, "", False),  # a refresh, not a retry
        ("GET", False, 404, "", False),
        ("GET", False, 422, "", False),
        ("GET", False, 501, "", False),  # not implemented: asking again will not help
        ("get", False, 503, "", True),
        ("HEAD", False, 503, "", True),
        ("POST", False, 503, "", False),  # no key: a repeat could act twice
        ("POST", False, 429, "", False),
        ("POST", True, 503, "", True),
        ("POST", True, 429, "", True),
        ("POST", True, 500, "", True),
        ("POST", True, 402, "", False),  # declined: the answer, not a failure
        ("POST", True, 409, "requestInProgress", True),  # our own first attempt, still busy
        ("POST", True, 409, "billAlreadySettled", False),
        ("POST", True, 409, "", False),
        ("POST", False, 409, "requestInProgress", False),
        ("GET", False, 409, "requestInProgress", False),  # only a keyed POST is in progress
        ("PATCH", False, 503, "", False),
        ("PATCH", True, 503, "", True),
    ],
)
def test_which_answers_are_retried(method, keyed, status, code, expected):
    assert should_retry(method, keyed, status=status, code=code) is expected


REQUEST = httpx.Request("GET", "https://api.example.com/x")


@pytest.mark.parametrize(
    ("method", "keyed", "error", "expected"),
    [
        ("GET", False, httpx.ConnectError("refused", request=REQUEST), True),
        ("GET", False, httpx.ConnectTimeout("slow", request=REQUEST), True),
        ("GET", False, httpx.ReadTimeout("slow", request=REQUEST), True),
        ("GET", False, httpx.ReadError("reset", request=REQUEST), True),
        ("GET", False, httpx.RemoteProtocolError("half", request=REQUEST), True),
        ("POST", True, httpx.ReadError("reset", request=REQUEST), True),
        ("POST", True, httpx.ConnectError("refused", request=REQUEST), True),
        # Without a key not even a refused connection: the rule stays one simple rule.
        ("POST", False, httpx.ConnectError("refused", request=REQUEST), False),
        ("POST", False, httpx.ReadError("reset", request=REQUEST), False),
        ("GET", False, httpx.UnsupportedProtocol("ftp", request=REQUEST), False),
        ("GET", False, httpx.LocalProtocolError("malformed", request=REQUEST), False),
        ("GET", False, ValueError("a bug, not the network"), False),
    ],
)
def test_which_failures_are_retried(method, keyed, error, expected):
    assert should_retry(method, keyed, error=error) is expected


def test_backoff_doubles_with_equal_jitter_from_the_given_rng():
    rng = random.Random(7)
    delays = [retry_delay(attempt, None, rng, backoff=0.2) for attempt in (1, 2, 3, 4)]
    for delay, step in zip(delays, (0.2, 0.4, 0.8, 1.6), strict=True):
        assert step / 2 <= delay <= step
    # The same seed draws the same delays: the jitter comes from the rng and nothing else.
    again = random.Random(7)
    assert [retry_delay(attempt, None, again, backoff=0.2) for attempt in (1, 2, 3, 4)] == delays


def test_jitter_spans_the_upper_half_of_the_step():
    class Fixed(random.Random):
        def __init__(self, fraction: float) -> None:
            super().__init__()
            self.fraction = fraction

        def uniform(self, a: float, b: float) -> float:
            return a + (b - a) * self.fraction

    assert retry_delay(3, None, Fixed(0.0), backoff=1.0) == 2.0
    assert retry_delay(3, None, Fixed(1.0), backoff=1.0) == 4.0


def test_backoff_steps_stop_growing():
    delay = retry_delay(30, None, random.Random(1), backoff=1.0)
    assert MAX_BACKOFF / 2 <= delay <= MAX_BACKOFF


@pytest.mark.parametrize(
    ("retry_after", "expected"),
    [(0.0, 0.0), (2.0, 2.0), (MAX_RETRY_AFTER, MAX_RETRY_AFTER), (3600.0, MAX_RETRY_AFTER)],
)
def test_retry_after_is_honoured_up_to_the_cap(retry_after, expected):
    assert retry_delay(1, retry_after, random.Random(1)) == expected


def test_retry_after_cap_can_be_given():
    assert retry_delay(1, 30.0, random.Random(1), cap=5.0) == 5.0


def test_retry_after_draws_no_jitter():
    rng = random.Random(1)
    state = rng.getstate()
    retry_delay(1, 2.0, rng)
    assert rng.getstate() == state


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, None),
        ({"Retry-After": ""}, None),
        ({"Retry-After": "7"}, 7.0),
        ({"Retry-After": "1.5"}, 1.5),
        ({"Retry-After": "-3"}, 0.0),
        ({"Retry-After": "soon"}, None),
        (
            {
                "Date": "Wed, 25 Nov 2026 10:00:00 GMT",
                "Retry-After": "Wed, 25 Nov 2026 10:00:07 GMT",
            },
            7.0,
        ),
        (
            {
                "Date": "Wed, 25 Nov 2026 10:00:00 +0000",
                "Retry-After": "Wed, 25 Nov 2026 10:00:07 -0000",
            },
            7.0,
        ),
        (
            {
                "Date": "Wed, 25 Nov 2026 10:00:00 GMT",
                "Retry-After": "Wed, 25 Nov 2026 11:00:00 GMT",
            },
            3600.0,
        ),
        # A date already past is "now".
        (
            {
                "Date": "Wed, 25 Nov 2026 10:00:00 GMT",
                "Retry-After": "Wed, 25 Nov 2026 09:00:00 GMT",
            },
            0.0,
        ),
    ],
)
def test_retry_after_header_in_seconds_or_http_date(headers, expected):
    assert retry_after_seconds(httpx.Headers(headers)) == expected


def test_http_date_without_a_server_date_is_measured_from_our_clock():
    seconds = retry_after_seconds(httpx.Headers({"Retry-After": "Thu, 01 Jan 2099 00:00:00 GMT"}))
    assert seconds is not None and seconds > 365 * 24 * 3600


def test_an_http_date_retry_after_is_capped_like_any_other():
    headers = httpx.Headers(
        {"Date": "Wed, 25 Nov 2026 10:00:00 GMT", "Retry-After": "Wed, 25 Nov 2026 11:00:00 GMT"}
    )
    assert retry_delay(1, retry_after_seconds(headers), random.Random(1)) == MAX_RETRY_AFTER
