"""Guest sign-in: top up a prepaid line without an account, as the carriers' "payment and
top-up portal" allows.

The payer gives the line's number, their name and their document (checked per country with
python-stdnum); none of the payer's data is stored. The session belongs to a guest customer
of that number (no name, no document; one per number) with a pseudo account "guest" that owns
no lines. The access token lives 15 minutes and cannot be refreshed.

Anyone who knows a number can open a guest session for it, so a session sees only what it did
itself, never what other guests of the number (other people, other cards) or its owner did:

- It may call ``GUEST_OPERATIONS`` (besides the open catalogue and PSE banks): check numbers,
  tokenise a card, pay a top-up of its line and follow that payment to its outcome. Any other
  operation is refused (``refusal``): 404 for a line's balance, history and SMS log (a guest
  has no line, as for any customer who does not own it), 403 notForGuests otherwise.
- Its Idempotency-Keys are its own (``kept_key``: kept under its session), so it cannot
  replay or abandon another session's key, and a key another guest of the number already
  paid with is refused (``check_new_key``).
- Its payments are those made under its own keys (``payment_reads``): the list, a payment by
  id, by key (reconcile), its cancellation and receipt; another guest's is not found.
"""

from __future__ import annotations

import importlib
import secrets
import sqlite3

from miclaro_tui.countries import COUNTRIES
from miclaro_tui.models import GuestSignIn, TokenResponse
from miclaro_tui.sandbox import numbers, prepaid_catalog
from miclaro_tui.sandbox.auth import ACCESS_TTL, GUEST_ROLE, Principal, token_hash
from miclaro_tui.sandbox.errors import ApiException, invalid

GUEST_OPERATIONS = frozenset(
    {
        "check_number",
        "create_payment_method",
        "create_payment",
        "get_payment",
        "list_payments",
        "abandon_payment",
        "cancel_payment",
        "get_payment_receipt",
    }
)
"""What a guest session may call (by operationId) besides the operations open to anyone."""

LINE_OPERATIONS = frozenset(
    {
        "list_buckets",
        "list_usage_consumption_reports",
        "list_topup_balances",
        "get_topup_balance",
        "create_transfer_balance",
        "get_transfer_balance",
        "get_balance_advance_offer",
        "create_balance_advance",
        "list_balance_actions",
        "get_balance_action_receipt",
        "list_communication_messages",
    }
)
"""A line's balance, movements and SMS log: for a guest, which owns no line, not found."""


def refusal(operation: str | None) -> ApiException | None:
    """Why a guest session may not call ``operation`` (None: it may)."""
    if operation in GUEST_OPERATIONS:
        return None
    if operation in LINE_OPERATIONS:
        return ApiException(
            404, "notFound", "Not found: a guest session has no line; it reads its own payments"
        )
    return ApiException(
        403,
        "notForGuests",
        "A guest session (a top-up without an account) cannot do this: sign in to your account",
    )


def kept_key(principal: Principal, key: str) -> str:
    """The caller's Idempotency-Key as it is kept: a guest session's under its session (a key
    has no space), so the guests of a number do not share their keys."""
    return f"{principal.session_id} {key}" if principal.is_guest else key


def own_key_prefix(session_id: str) -> str:
    """What the keys of guest session ``session_id`` start with, as kept (``kept_key``)."""
    return f"{session_id} "


def check_new_key(conn: sqlite3.Connection, customer_id: int, correlator_id: str) -> None:
    """A guest's payment key must be new to the number's guests: one already paid with in
    another guest session is refused, so each payment is reached by exactly one session."""
    used = conn.execute(
        "SELECT 1 FROM payment WHERE customer_id = ? AND correlator_id = ?",
        (customer_id, correlator_id),
    ).fetchone()
    if used is not None:
        raise ApiException(
            422,
            "idempotencyKeyReuse",
            "Idempotency-Key was already used for a different request; use a new key",
            field="Idempotency-Key",
        )


STDNUM = {
    ("CO", "NIT"): "co.nit",
    ("BR", "CPF"): "br.cpf",
    ("BR", "CNPJ"): "br.cnpj",
    ("PE", "RUC"): "pe.ruc",
    ("EC", "CI"): "ec.ci",
    ("EC", "RUC"): "ec.ruc",
    ("DO", "CED"): "do.cedula",
}


def valid_document(country: str, kind: str, number: str) -> bool:
    """Whether ``number`` (compact) is a document of ``kind`` in ``country``: check digits by
    python-stdnum where the document has them, the length where it has none (a Colombian
    cédula, 6 to 10 digits; a Peruvian DNI, 8)."""
    digits = number.isascii() and number.isdigit()
    if kind == "CC":
        return digits and 6 <= len(number) <= 10
    if kind == "DNI":
        return digits and len(number) == 8
    module = STDNUM.get((country, kind))
    if module is not None:
        return bool(importlib.import_module(f"stdnum.{module}").is_valid(number))
    return number.isascii() and number.isalnum() and 5 <= len(number) <= 15


def check(body: GuestSignIn) -> None:
    """422 naming the field the payer must correct."""
    profile = COUNTRIES.get(body.country)
    if profile is None or body.country not in prepaid_catalog.OFFERS:
        raise invalid("country", f"no top-ups for {body.country}")
    name = " ".join(body.name.split())
    if sum(ch.isalpha() for ch in name) < 2 or any(ch.isdigit() for ch in name):
        raise invalid("name", "write the payer's full name (letters only)")
    if body.documentType not in profile.documents:
        raise invalid(
            "documentType", f"use one of {', '.join(profile.documents)} in {body.country}"
        )
    compact = "".join(ch for ch in body.documentNumber if not (ch.isspace() or ch in ".-/"))
    if not valid_document(body.country, body.documentType, compact):
        raise invalid("documentNumber", f"not a valid {body.documentType}; check the digits")


def sign_in(conn: sqlite3.Connection, body: GuestSignIn, now: float) -> TokenResponse:
    """A guest session for ``body.number`` (inside the caller's write transaction)."""
    check(body)
    receiver = numbers.prepaid_receiver(conn, body.number, body.country, "number")
    customer_id = _guest_customer(conn, receiver.number, body.country)
    conn.execute("DELETE FROM token WHERE expires_at < ?", (now,))
    session_id = secrets.token_urlsafe(16)
    conn.execute(
        "INSERT INTO session (id, customer_id, created_at) VALUES (?, ?, ?)",
        (session_id, customer_id, now),
    )
    access = secrets.token_urlsafe(32)
    conn.execute(
        "INSERT INTO token (hash, session_id, kind, expires_at) VALUES (?, ?, 'access', ?)",
        (token_hash(access), session_id, now + ACCESS_TTL),
    )
    return TokenResponse(
        access_token=access,
        refresh_token="",
        expires_in=ACCESS_TTL,
        username=f"guest:{receiver.number}",
        role=GUEST_ROLE,
    )


def _guest_customer(conn: sqlite3.Connection, number: str, country: str) -> int:
    row = conn.execute("SELECT customer_id FROM guest WHERE number = ?", (number,)).fetchone()
    if row is not None:
        return int(row["customer_id"])
    digits = number.lstrip("+")
    cursor = conn.execute(
        "INSERT INTO customer (username, name, country, document_type, document_number,"
        " document_key, email, password_salt, password_hash, role)"
        " VALUES (?, 'Invitado', ?, '-', '-', ?, '', ?, ?, 'customer')",
        (
            f"guest:{number}",
            country,
            f"GUEST{digits}",
            secrets.token_bytes(16),
            secrets.token_bytes(32),  # no password can match it
        ),
    )
    customer_id = int(cursor.lastrowid or 0)
    account_id = f"GST{digits}"
    conn.execute(
        "INSERT INTO billing_account (id, customer_id, name, account_type, state, country,"
        " currency) VALUES (?, ?, 'Invitado', 'prepaid', 'active', ?, ?)",
        (account_id, customer_id, country, prepaid_catalog.offer(country).currency),
    )
    conn.execute(
        "INSERT INTO guest (customer_id, number, account_id) VALUES (?, ?, ?)",
        (customer_id, number, account_id),
    )
    return customer_id
