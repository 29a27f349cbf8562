"""Idempotency-Key handling for money-moving POSTs, per (customer, key).

1. ``claim`` runs in its own committed transaction before any work: a new key is recorded as
   in flight under a lease (a random owner and the time), so a concurrent request with the
   same key sees it (409 requestInProgress).
2. The work runs in a second transaction which first checks it still holds the lease
   (``hold``) and also stores the answer (``finish``), so a payment and its stored answer
   commit together. A business-rule error is stored too (in a transaction of its own); an
   unexpected failure releases the key so it can be retried.
3. A later request with the same key and the same body (by canonical digest) gets the first
   answer back byte for byte; with another body it gets 422 idempotencyKeyReuse.
4. A request that died with its process (killed between 1 and 2) leaves its key in flight
   with no answer. Once its lease has run out (``LEASE_SECONDS`` with no answer stored), a
   retry with the same key takes the lease over and does the work. Should the first request
   still be alive after all, its work transaction finds the lease gone and writes nothing:
   transactions are serialised, so exactly one of the two does the work.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import sqlite3
from dataclasses import dataclass

from pydantic import BaseModel

from miclaro_tui.sandbox.errors import ApiException
from miclaro_tui.sandbox.store import Store

log = logging.getLogger(__name__)

HEADER = "Idempotency-Key"
IN_FLIGHT = "inFlight"
DONE = "done"
LEASE_SECONDS = 30.0
LEASE_ENV = "MICLARO_SANDBOX_LEASE_SECONDS"


@dataclass(frozen=True)
class StoredAnswer:
    status: int
    body: bytes


@dataclass(frozen=True)
class Lease:
    """The right to do the work of one key, held by one attempt."""

    customer_id: int
    key: str
    owner: str


class LeaseLost(Exception):
    """Another attempt took the key over after this one's lease ran out."""


def digest(body: BaseModel) -> str:
    """sha256 of the request as parsed, in canonical JSON (sorted keys, no spaces)."""
    canonical = json.dumps(
        body.model_dump(mode="json", by_alias=True),
        sort_keys=True, separators=(",", ":"), ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def claim(
    store: Store,
    customer_id: int,
    key: str,
    operation: str,
    body_digest: str,
    now: float,
    lease_seconds: float = LEASE_SECONDS,
) -> StoredAnswer | Lease:
    """Claim ``key`` (a ``Lease``: go ahead and do the work) or return the stored answer."""
    lease = Lease(customer_id, key, secrets.token_hex(8))
    with store.transaction() as conn:
        row = conn.execute(
            "SELECT * FROM idempotency_key WHERE customer_id = ? AND key = ?",
            (customer_id, key),
        ).fetchone()
        if row is None:
            conn.execute(
                "INSERT INTO idempotency_key (customer_id, key, operation, digest, state, owner,"
                " claimed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (customer_id, key, operation, body_digest, IN_FLIGHT, lease.owner, now),
            )
            return lease
        same_request = row["operation"] == operation and row["digest"] == body_digest
        expired = row["state"] == IN_FLIGHT and now - (row["claimed_at"] or 0) >= lease_seconds
        if same_request and expired:
            conn.execute(
                "UPDATE idempotency_key SET owner = ?, claimed_at = ?"
                " WHERE customer_id = ? AND key = ?",
                (lease.owner, now, customer_id, key),
            )
            log.warning("Idempotency-Key lease ran out with no answer: taken over")
            return lease
    return _answer_of(row, operation, body_digest)


def stored_answer(
    store: Store, customer_id: int, key: str, operation: str, body_digest: str
) -> StoredAnswer:
    """The answer stored for the key, or 409 while it is still in flight."""
    with store.read() as conn:
        row = conn.execute(
            "SELECT * FROM idempotency_key WHERE customer_id = ? AND key = ?",
            (customer_id, key),
        ).fetchone()
    if row is None:  # released by a failed attempt meanwhile: a retry may claim it
        raise _in_progress()
    return _answer_of(row, operation, body_digest)


def _answer_of(row: sqlite3.Row, operation: str, body_digest: str) -> StoredAnswer:
    if row["operation"] != operation or row["digest"] != body_digest:
        raise ApiException(
            422, "idempotencyKeyReuse",
            f"{HEADER} was already used for a different request; use a new key",
            field=HEADER,
        )
    if row["state"] == IN_FLIGHT:
        raise _in_progress()
    return StoredAnswer(row["status_code"], bytes(row["response"]))


def _in_progress() -> ApiException:
    return ApiException(
        409, "requestInProgress",
        "A request with this Idempotency-Key is still being processed; try again shortly",
        headers={"Retry-After": "1"},
    )


def hold(conn: sqlite3.Connection, lease: Lease) -> None:
    """Inside the work's transaction: raise ``LeaseLost`` unless the lease is still ours."""
    row = conn.execute(
        "SELECT state, owner FROM idempotency_key WHERE customer_id = ? AND key = ?",
        (lease.customer_id, lease.key),
    ).fetchone()
    if row is None or row["state"] != IN_FLIGHT or row["owner"] != lease.owner:
        raise LeaseLost(lease.key)


def finish(conn: sqlite3.Connection, lease: Lease, status: int, body: bytes) -> None:
    """Store the first answer (inside the transaction that did the work, after ``hold``)."""
    conn.execute(
        "UPDATE idempotency_key SET state = ?, status_code = ?, response = ?"
        " WHERE customer_id = ? AND key = ? AND owner = ?",
        (DONE, status, body, lease.customer_id, lease.key, lease.owner),
    )


def release(store: Store, lease: Lease) -> None:
    """Forget an in-flight claim whose work failed unexpectedly, so a retry may run."""
    with store.transaction() as conn:
        conn.execute(
            "DELETE FROM idempotency_key WHERE customer_id = ? AND key = ? AND owner = ?"
            " AND state = ?",
            (lease.customer_id, lease.key, lease.owner, IN_FLIGHT),
        )
