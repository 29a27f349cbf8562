"""Sign-in, token rotation, sign-out and the lock after repeated failed sign-ins.

Tokens are random strings handed to the client once; the database keeps only their SHA-256,
grouped in a session so that signing out revokes the access and refresh tokens together.
Expiry uses the wall clock (``now``, unix seconds), which tests may inject.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
import secrets
import sqlite3
from dataclasses import dataclass

from miclaro_tui.models import KIOSK_ROLES, TokenResponse
from miclaro_tui.sandbox.errors import ApiException, invalid_token
from miclaro_tui.sandbox.passwords import hash_password, verify_password
from miclaro_tui.sandbox.store import Store

ACCESS_TTL = 15 * 60
REFRESH_TTL = 30 * 24 * 3600
MAX_FAILED_SIGN_INS = 5
LOCK_SECONDS = 5 * 60  # short: anyone can lock a login; its owner's remembered session still works
FAILURE_WINDOW_SECONDS = 15 * 60  # failures further apart than this do not add up
GUEST_ROLE = "guest"

_DUMMY_SALT = b"miclaro-sandbox!"


@functools.cache
def _dummy_hash() -> bytes:
    """Checked for unknown users too, so the answer's timing does not tell who exists."""
    return hash_password("not a password", _DUMMY_SALT)


@dataclass(frozen=True)
class Principal:
    """Who is calling: the customer behind a valid access token."""

    customer_id: int
    username: str
    session_id: str
    country: str = "CO"
    """Its days are written at midnight in this country's zone."""
    role: str = "customer"
    """customer, guest (a top-up without an account: ``guests``), or a kiosk role:
    operator | supervisor."""

    @property
    def is_staff(self) -> bool:
        return self.role in KIOSK_ROLES

    @property
    def is_guest(self) -> bool:
        return self.role == GUEST_ROLE

    @property
    def guest_session(self) -> str | None:
        """The session a guest's reads are confined to (``guests``); None for anyone else."""
        return self.session_id if self.is_guest else None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def find_customer(conn: sqlite3.Connection, identifier: str) -> sqlite3.Row | None:
    """A customer by username, document number or any of their line numbers."""
    identifier = identifier.strip()
    row = conn.execute("SELECT * FROM customer WHERE username = ?", (identifier,)).fetchone()
    if row:
        return row
    document_key = re.sub(r"[^0-9A-Za-z]", "", identifier).upper()
    if document_key:
        row = conn.execute(
            "SELECT * FROM customer WHERE document_key = ?", (document_key,)
        ).fetchone()
        if row:
            return row
    # A line number as people type it: +57 300 123 4567, 573001234567, 3001234567, 0991234567.
    if not re.fullmatch(r"[\d\s+().-]+", identifier):
        return None
    digits = re.sub(r"\D", "", identifier)
    if not digits:
        return None
    return conn.execute(
        "SELECT customer.* FROM customer"
        " JOIN billing_account ON billing_account.customer_id = customer.id"
        " JOIN line ON line.account_id = billing_account.id"
        " WHERE line.e164_digits = ? OR line.national_digits = ?"
        " ORDER BY line.e164_digits LIMIT 1",
        (digits, digits.lstrip("0")),
    ).fetchone()


def login_key(customer: sqlite3.Row | None, identifier: str) -> str:
    """What failed sign-ins are counted against: the customer, whichever name they typed, or
    for a name nobody has, that name (hashed: a mistyped password may be in it)."""
    if customer is not None:
        return f"customer:{customer['id']}"
    folded = " ".join(identifier.split()).casefold()
    return "unknown:" + hashlib.sha256(folded.encode("utf-8")).hexdigest()


def sign_in(store: Store, identifier: str, password: str, now: float) -> TokenResponse:
    """Check a password; count failures per login, known or not, in exactly the same way.

    Every attempt, whether the login exists or is locked, reads the same rows, checks one
    slow hash (a dummy one when there is nothing to check) and writes once, so neither the
    answer nor its time tells whether a login exists.
    """
    with store.read() as conn:
        customer = find_customer(conn, identifier)
        key = login_key(customer, identifier)
        locked = _locked_until(conn, key, now)
    if customer is not None and locked is None:
        valid = verify_password(password, customer["password_salt"], customer["password_hash"])
    else:
        verify_password(password, _DUMMY_SALT, _dummy_hash())
        valid = False
    # The slow hash ran outside the write transaction so sign-ins do not queue behind it.
    with store.transaction() as conn:
        outcome = _record_attempt(conn, key, customer, valid, now)
    # Raised only now: raising inside the transaction would roll back the failure count.
    if isinstance(outcome, ApiException):
        raise outcome
    return outcome


def _locked_until(conn: sqlite3.Connection, key: str, now: float) -> float | None:
    row = conn.execute(
        "SELECT locked_until FROM sign_in_failure WHERE login = ?", (key,)
    ).fetchone()
    if row is None or row["locked_until"] is None or row["locked_until"] <= now:
        return None
    return float(row["locked_until"])


def _record_attempt(
    conn: sqlite3.Connection, key: str, customer: sqlite3.Row | None, valid: bool, now: float
) -> TokenResponse | ApiException:
    locked = _locked_until(conn, key, now)  # locked meanwhile by a concurrent attempt
    if locked is not None:
        return _locked(locked, now)
    if not valid or customer is None:
        return _record_failure(conn, key, now)
    conn.execute("DELETE FROM sign_in_failure WHERE login = ?", (key,))
    conn.execute("DELETE FROM token WHERE expires_at < ?", (now,))
    session_id = secrets.token_urlsafe(16)
    conn.execute(
        "INSERT INTO session (id, customer_id, created_at) VALUES (?, ?, ?)",
        (session_id, customer["id"], now),
    )
    return _issue_tokens(
        conn, session_id, customer["username"], now, customer["role"], customer["country"]
    )


def _record_failure(conn: sqlite3.Connection, key: str, now: float) -> ApiException:
    # Failures older than the window are forgotten, so the table stays small.
    conn.execute(
        "DELETE FROM sign_in_failure WHERE last_failure < ?"
        " AND (locked_until IS NULL OR locked_until <= ?)",
        (now - FAILURE_WINDOW_SECONDS, now),
    )
    failures = conn.execute(
        "INSERT INTO sign_in_failure (login, failures, last_failure) VALUES (?, 1, ?)"
        " ON CONFLICT (login) DO UPDATE SET failures = failures + 1, last_failure = ?,"
        " locked_until = NULL RETURNING failures",
        (key, now, now),
    ).fetchone()[0]
    if failures < MAX_FAILED_SIGN_INS:
        return _invalid_credentials()
    conn.execute(
        "UPDATE sign_in_failure SET failures = 0, locked_until = ? WHERE login = ?",
        (now + LOCK_SECONDS, key),
    )
    return _locked(now + LOCK_SECONDS, now)


def refresh(store: Store, refresh_token: str, now: float) -> TokenResponse:
    """Rotate: the refresh token is spent and a new pair is issued in the same session.

    A spent refresh token presented again means it leaked: the whole session is revoked.
    """
    with store.transaction() as conn:
        row = conn.execute(
            "SELECT token.session_id, token.expires_at, token.used, customer.username,"
            " customer.role, customer.country"
            " FROM token JOIN session ON session.id = token.session_id"
            " JOIN customer ON customer.id = session.customer_id"
            " WHERE token.hash = ? AND token.kind = 'refresh'",
            (token_hash(refresh_token),),
        ).fetchone()
        if row is None or row["expires_at"] <= now:
            raise invalid_token("The refresh token is invalid or expired; sign in again")
        if row["used"]:
            conn.execute("DELETE FROM session WHERE id = ?", (row["session_id"],))
            reused = True
        else:
            reused = False
            conn.execute("UPDATE token SET used = 1 WHERE hash = ?", (token_hash(refresh_token),))
            response = _issue_tokens(
                conn, row["session_id"], row["username"], now, row["role"], row["country"]
            )
    if reused:
        raise invalid_token("The refresh token was already used; sign in again")
    return response


def authenticate(store: Store, access_token: str, now: float) -> Principal:
    """The caller behind an access token; a guest session's customer has the role guest."""
    with store.read() as conn:
        row = conn.execute(
            "SELECT session.id AS session_id, customer.id AS customer_id, customer.username,"
            " customer.country, customer.role, guest.customer_id IS NOT NULL AS guest"
            " FROM token JOIN session ON session.id = token.session_id"
            " JOIN customer ON customer.id = session.customer_id"
            " LEFT JOIN guest ON guest.customer_id = customer.id"
            " WHERE token.hash = ? AND token.kind = 'access' AND token.expires_at > ?",
            (token_hash(access_token), now),
        ).fetchone()
    if row is None:
        raise invalid_token()
    role = GUEST_ROLE if row["guest"] else row["role"]
    return Principal(row["customer_id"], row["username"], row["session_id"], row["country"], role)


def session_of_refresh_token(store: Store, refresh_token: str, now: float) -> str | None:
    with store.read() as conn:
        row = conn.execute(
            "SELECT session_id FROM token WHERE hash = ? AND kind = 'refresh'"
            " AND used = 0 AND expires_at > ?",
            (token_hash(refresh_token), now),
        ).fetchone()
    return row["session_id"] if row else None


def sign_out(store: Store, session_id: str) -> None:
    with store.transaction() as conn:
        conn.execute("DELETE FROM session WHERE id = ?", (session_id,))


def _issue_tokens(
    conn: sqlite3.Connection,
    session_id: str,
    username: str,
    now: float,
    role: str = "customer",
    country: str | None = None,
) -> TokenResponse:
    access, refresh_token = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    conn.executemany(
        "INSERT INTO token (hash, session_id, kind, expires_at) VALUES (?, ?, ?, ?)",
        [
            (token_hash(access), session_id, "access", now + ACCESS_TTL),
            (token_hash(refresh_token), session_id, "refresh", now + REFRESH_TTL),
        ],
    )
    return TokenResponse(
        access_token=access,
        refresh_token=refresh_token,
        expires_in=ACCESS_TTL,
        username=username,
        role=role,
        country=country,
    )


def check_supervisor(
    store: Store, username: str, password: str, country: str, now: float
) -> sqlite3.Row:
    """A supervisor's credentials typed at a till to approve a void: the supervisor's row, or
    403 supervisorRequired. Failures count towards the same lock as sign-ins (and a locked
    login approves nothing), so the till cannot be used to guess a password."""
    with store.read() as conn:
        user = find_customer(conn, username)
        key = login_key(user, username)
        locked = _locked_until(conn, key, now)
    if user is not None and locked is None:
        valid = verify_password(password, user["password_salt"], user["password_hash"])
    else:
        verify_password(password, _DUMMY_SALT, _dummy_hash())
        valid = False
    if valid and user is not None and user["role"] == "supervisor" and user["country"] == country:
        with store.transaction() as conn:
            conn.execute("DELETE FROM sign_in_failure WHERE login = ?", (key,))
        return user
    if not valid and locked is None:
        with store.transaction() as conn:
            _record_failure(conn, key, now)
    raise ApiException(
        403,
        "supervisorRequired",
        "A supervisor of this country must approve: wrong supervisor user or password",
        field="supervisor",
    )


def _invalid_credentials() -> ApiException:
    return ApiException(401, "invalidCredentials", "Wrong user or password")


def _locked(locked_until: float, now: float) -> ApiException:
    seconds = math.ceil(locked_until - now)
    return ApiException(
        403,
        "accountLocked",
        f"Too many failed sign-ins: this login is locked for {math.ceil(seconds / 60)} min",
        headers={"Retry-After": str(seconds)},
    )
