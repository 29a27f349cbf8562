"""Idempotency-Key handling for the POSTs that change state, per (customer, key).

``run_once`` is the whole of it for a route; the steps:

1. ``claim`` runs in its own committed transaction before any work: a new key is recorded as
   in flight under a lease (a random owner and the time), with the route's operation and the
   request's digest, so a concurrent request with the same key sees it (409
   requestInProgress).
2. The work runs in a second transaction which first checks it still holds the lease
   (``hold``) and also stores the answer (``finish``), so the work and its stored answer
   commit together. A refusal (an ``ApiException`` of the rules: 404, 409 promiseExists,
   422...) is the answer too: what the work wrote is undone (a savepoint) and the refusal is
   stored in the same transaction. An unexpected failure releases the key so it can be
   retried.
3. A later request with the same key, operation and request (by canonical digest) gets the
   first answer back byte for byte; another request gets 422 idempotencyKeyReuse.
4. ``abandon`` fences a key the client gave up on: when its request is nowhere to be seen (a
   reconcile found no payment under it), the key is recorded as abandoned, and a request with
   it arriving later (stuck in a proxy, or still queued in this server) gets 409
   paymentAbandoned and makes nothing. So "not found, then abandoned" means never charged.
5. A request that died with its process (killed between 1 and 2) leaves its key in flight
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
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import BaseModel

from miclaro_tui.sandbox.errors import ApiException, exception_json
from miclaro_tui.sandbox.store import Store

log = logging.getLogger(__name__)

HEADER = "Idempotency-Key"
IN_FLIGHT = "inFlight"
DONE = "done"
ABANDONED = "abandoned"
LEASE_SECONDS = 30.0
LEASE_ENV = "MICLARO_SANDBOX_LEASE_SECONDS"


@dataclass(frozen=True)
class Reply:
    """An answer as the client gets it, and as it is stored under a key: status and body."""

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


@dataclass(frozen=True)
class Keyed:
    """One request under an Idempotency-Key: whose key, the route's operation, and the digest
    of what the request asks (``digest``)."""

    customer_id: int
    key: str
    operation: str
    digest: str


Work = Callable[[sqlite3.Connection], Reply]


def digest(body: BaseModel | None, *, path_id: str | None = None) -> str:
    """sha256 of the request as parsed, in canonical JSON (sorted keys, no spaces). With
    ``path_id``, the id the path names (the bill to send, the payment to cancel) is digested
    with the body: the body alone does not say which one the request is about."""
    request: object = None if body is None else body.model_dump(mode="json", by_alias=True)
    if path_id is not None:
        request = {"id": path_id, "body": request}
    canonical = json.dumps(request, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def run_once(
    store: Store,
    request: Keyed,
    work: Work,
    *,
    now: float,
    lease_seconds: float = LEASE_SECONDS,
    after_claim: Callable[[], None] = lambda: None,
) -> Reply:
    """The answer to ``request``: ``work``'s (done in a write transaction, at most once per
    key) or the one stored for the key. Raises 422 idempotencyKeyReuse for another request
    under the key and 409 requestInProgress while the key is in flight."""
    claimed = claim(
        store,
        request.customer_id,
        request.key,
        request.operation,
        request.digest,
        now,
        lease_seconds,
    )
    if isinstance(claimed, Reply):
        return claimed
    after_claim()
    try:
        with store.transaction() as conn:
            hold(conn, claimed)
            answer = _answer_of(conn, work)
            finish(conn, claimed, answer.status, answer.body)
    except LeaseLost:
        # Taken over by a retry after this attempt's lease ran out: its answer is the answer.
        return stored_answer(
            store, request.customer_id, request.key, request.operation, request.digest
        )
    except BaseException:
        release(store, claimed)
        raise
    return answer


def _answer_of(conn: sqlite3.Connection, work: Work) -> Reply:
    """``work``'s answer, or its refusal with whatever it wrote undone."""
    conn.execute("SAVEPOINT work")
    try:
        answer = work(conn)
    except ApiException as refusal:
        # Stored without its headers: no refusal of the rules has any (Retry-After and
        # WWW-Authenticate come from outside the work).
        conn.execute("ROLLBACK TO work")
        answer = Reply(refusal.status, exception_json(refusal))
    conn.execute("RELEASE work")
    return answer


def claim(
    store: Store,
    customer_id: int,
    key: str,
    operation: str,
    body_digest: str,
    now: float,
    lease_seconds: float = LEASE_SECONDS,
) -> Reply | Lease:
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
    return _stored(row, operation, body_digest)


def stored_answer(
    store: Store, customer_id: int, key: str, operation: str, body_digest: str
) -> Reply:
    """The answer stored for the key, or 409 while it is still in flight."""
    with store.read() as conn:
        row = conn.execute(
            "SELECT * FROM idempotency_key WHERE customer_id = ? AND key = ?",
            (customer_id, key),
        ).fetchone()
    if row is None:  # released by a failed attempt meanwhile: a retry may claim it
        raise _in_progress()
    return _stored(row, operation, body_digest)


def _stored(row: sqlite3.Row, operation: str, body_digest: str) -> Reply:
    if row["state"] == ABANDONED:  # whatever the body: the key makes nothing any more
        return Reply(row["status_code"], bytes(row["response"]))
    if row["operation"] != operation or row["digest"] != body_digest:
        raise ApiException(
            422,
            "idempotencyKeyReuse",
            f"{HEADER} was already used for a different request; use a new key",
            field=HEADER,
        )
    if row["state"] == IN_FLIGHT:
        raise _in_progress()
    return Reply(row["status_code"], bytes(row["response"]))


def _in_progress() -> ApiException:
    return ApiException(
        409,
        "requestInProgress",
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


class MadeUnderKey(Exception):
    """``abandon`` found the key's request done with a success: something was made."""


def abandon(store: Store, customer_id: int, key: str, operation: str) -> None:
    """Fence ``key`` so no request under it makes anything from now on. Returns when nothing
    was made under it and nothing will be; raises ``MadeUnderKey`` when its request succeeded
    (read what it made), 409 requestInProgress while it is being worked on."""
    refusal = ApiException(
        409,
        "paymentAbandoned",
        "This Idempotency-Key was abandoned after its request went unanswered: nothing was"
        " made; use a new key",
        field=HEADER,
    )
    with store.transaction() as conn:
        row = conn.execute(
            "SELECT * FROM idempotency_key WHERE customer_id = ? AND key = ?",
            (customer_id, key),
        ).fetchone()
        if row is None:
            conn.execute(
                "INSERT INTO idempotency_key (customer_id, key, operation, digest, state,"
                " status_code, response) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (customer_id, key, operation, "", ABANDONED, 409, exception_json(refusal)),
            )
            return
    if row["state"] == IN_FLIGHT:
        raise _in_progress()
    if row["state"] == DONE and 200 <= row["status_code"] < 300:
        raise MadeUnderKey(key)
    # Already abandoned, or its request was refused (the refusal is stored): nothing made.
