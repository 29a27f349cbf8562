"""The seed: deterministic, fast, and realistic where it matters (documents, references)."""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from stdnum.br import cpf
from stdnum.do import cedula
from stdnum.ec import ci

from miclaro_tui.sandbox.demo import DEMO_USERS
from miclaro_tui.sandbox.references import barcode_digits, mod10
from miclaro_tui.sandbox.schema import SCHEMA_VERSION
from miclaro_tui.sandbox.seeding import DemoSeeding
from miclaro_tui.sandbox.store import open_store
from tests.conftest import TODAY

DEMO = DemoSeeding()


def dump(path: Path) -> dict[str, list[tuple]]:
    with closing(sqlite3.connect(path)) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {
            table: sorted(conn.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
            for table in tables
        }


def test_same_inputs_give_identical_databases(tmp_path):
    open_store(tmp_path / "a.sqlite3", TODAY, DEMO)
    open_store(tmp_path / "b.sqlite3", TODAY, DEMO)
    first, second = dump(tmp_path / "a.sqlite3"), dump(tmp_path / "b.sqlite3")
    assert first == second
    assert len(first["bill"]) == 3 * 13  # the postpaid accounts of camila, joao and lucia


def test_another_seed_or_day_gives_other_data(tmp_path, sandbox_db):
    open_store(tmp_path / "seed.sqlite3", TODAY, DemoSeeding(7))
    open_store(tmp_path / "day.sqlite3", date(2027, 3, 10), DEMO)
    base = dump(sandbox_db)
    assert dump(tmp_path / "seed.sqlite3")["bill"] != base["bill"]
    assert dump(tmp_path / "day.sqlite3")["bill"] != base["bill"]


def test_seeding_is_quick(tmp_path):
    started = time.perf_counter()
    open_store(tmp_path / "quick.sqlite3", TODAY, DEMO)
    assert time.perf_counter() - started < 1.5


def test_open_store_keeps_an_existing_database(tmp_path):
    path = tmp_path / "kept.sqlite3"
    store = open_store(path, TODAY, DEMO)
    with store.transaction() as conn:
        conn.execute("UPDATE billing_account SET email = 'kept@example.com'")
    open_store(path, date(2030, 1, 1), DEMO)
    with store.read() as conn:
        emails = {row[0] for row in conn.execute("SELECT email FROM billing_account")}
    assert emails == {"kept@example.com"}
    assert store.meta("schema_version") == SCHEMA_VERSION
    assert store.meta("today") == TODAY.isoformat()


def test_passwords_are_hashed_with_a_salt_each(sandbox_db):
    with closing(sqlite3.connect(sandbox_db)) as conn:
        rows = conn.execute(
            "SELECT password_salt, password_hash FROM customer WHERE role = 'customer'"
        ).fetchall()
    passwords = {user.password.encode() for user in DEMO_USERS}
    assert len({salt for salt, _ in rows}) == len(rows) == len(DEMO_USERS)
    assert not any(hashed in passwords or len(hashed) != 32 for _, hashed in rows)


def test_demo_documents_are_valid(sandbox_db):
    with closing(sqlite3.connect(sandbox_db)) as conn:
        documents = dict(
            conn.execute(
                "SELECT document_type, document_number FROM customer WHERE role = 'customer'"
            )
        )
    assert cpf.is_valid(documents["CPF"])
    assert ci.is_valid(documents["CI"])
    assert cedula.is_valid(documents["CED"])
    assert len(documents["DNI"]) == 8 and 6 <= len(documents["CC"]) <= 10


@pytest.mark.parametrize("currency", ["BRL", "COP", "PEN"])
def test_payment_references(sandbox_db, currency):
    with closing(sqlite3.connect(sandbox_db)) as conn:
        rows = conn.execute(
            "SELECT barcode, cash_code, amount_due FROM bill WHERE currency = ?", (currency,)
        ).fetchall()
    assert rows
    for barcode, cash_code, amount in rows:
        assert barcode.isdigit() and cash_code.isdigit()
        if currency == "BRL":
            # Boleto typed line: four blocks of 11 digits, each with its modulo-10 digit, and
            # the general check digit at position 4 of the 44-digit barcode.
            assert len(barcode) == 48 and barcode.startswith("846")
            blocks = [barcode[i : i + 12] for i in range(0, 48, 12)]
            assert all(mod10(block[:11]) == block[11] for block in blocks)
            bars = barcode_digits(barcode)
            assert len(bars) == 44 and mod10(bars[:3] + bars[4:]) == bars[3]
            assert int(bars[4:15]) == round(float(amount) * 100)
        else:
            assert len(barcode) == 46 and barcode.startswith("415")
            assert cash_code in barcode


def test_no_wall_clock_in_the_seed():
    source = (Path(__file__).parents[2] / "miclaro_tui/sandbox/seed.py").read_text()
    assert "today()" not in source and "now()" not in source and "time.time" not in source
