"""The demo staff of the payment points: kiosk operators and a supervisor (users whose role is
not "customer"). They own no account: an operator reads customers only through the lookup.

Standard library only, like ``demo``: a kiosk's sign-in screen may list them.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class DemoStaff:
    username: str
    password: str
    country: str
    role: str
    name: str

    @property
    def description(self) -> str:
        return self.role

    @property
    def employee_number(self) -> str:
        return f"EMP-{self.country}-{self.username.upper()}"


DEMO_STAFF: tuple[DemoStaff, ...] = (
    DemoStaff("cajero", "cajero2026", "CO", "operator", "Carlos Gómez"),
    DemoStaff("caixa", "caixa2026", "BR", "operator", "Beatriz Souza"),
    DemoStaff("supervisora", "supervisora2026", "CO", "supervisor", "Diana Ruiz"),
)


def ensure_staff(conn: sqlite3.Connection) -> None:
    """Add the demo staff a database lacks (a new one, or one migrated from schema 4), inside
    the caller's write transaction. The salt is derived from the login so every database gets
    the same rows; the passwords are public anyway."""
    from miclaro_tui.sandbox.passwords import hash_password

    for staff in DEMO_STAFF:
        if conn.execute("SELECT 1 FROM customer WHERE username = ?", (staff.username,)).fetchone():
            continue
        salt = hashlib.sha256(f"staff:{staff.username}".encode()).digest()[:16]
        number = staff.employee_number
        conn.execute(
            "INSERT INTO customer (username, name, country, document_type, document_number,"
            " document_key, email, password_salt, password_hash, role)"
            " VALUES (?, ?, ?, 'EMP', ?, ?, ?, ?, ?, ?)",
            (
                staff.username,
                staff.name,
                staff.country,
                number,
                "".join(c for c in number if c.isalnum()),
                f"{staff.username}@pagos.example.com",
                salt,
                hash_password(staff.password, salt),
                staff.role,
            ),
        )
