"""The command-line entry points, import lightness, and many requests at once."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import uvicorn

from miclaro_tui.sandbox import cli
from miclaro_tui.sandbox.demo import DEMO_USERS, LARGE_USER
from miclaro_tui.sandbox.seeding import LARGE_ENV, DemoSeeding
from miclaro_tui.sandbox.store import Store, open_store
from tests.conftest import TODAY
from tests.sandbox.conftest import ACCOUNTS, BILLS, bearer, token_for


def test_demo_module_is_import_light():
    code = (
        "import sys, miclaro_tui.sandbox.demo as demo; assert demo.DEMO_USERS;"
        "print(sorted(m for m in ('fastapi', 'httpx', 'pydantic', 'fpdf', 'sqlite3', 'uvicorn')"
        " if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_demo_users_cover_the_countries():
    assert {user.country for user in DEMO_USERS} == {"CO", "BR", "PE", "EC", "DO"}
    assert all(user.username and user.password and user.description for user in DEMO_USERS)


def test_serve_prints_the_url_and_demo_credentials(tmp_path, monkeypatch, capsys):
    started = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: started.update(kwargs, app=app))
    cli.serve(port=8123, db_path=tmp_path / "served.sqlite3", today=TODAY)
    output = capsys.readouterr().out
    assert "http://127.0.0.1:8123" in output
    for user in DEMO_USERS:
        assert user.username in output and user.password in output
    assert started["host"] == "127.0.0.1" and started["port"] == 8123
    assert (tmp_path / "served.sqlite3").exists()


def test_reset_seeds_a_fresh_database(tmp_path, capsys):
    path = tmp_path / "reset.sqlite3"
    store = open_store(path, TODAY, DemoSeeding())
    with store.transaction() as conn:
        conn.execute("DELETE FROM payment_item")  # paid bills are referred to by payments
        conn.execute("DELETE FROM applied_payment")
        conn.execute("DELETE FROM bill_rate_tax")
        conn.execute("DELETE FROM bill_rate")
        conn.execute("DELETE FROM bill_tax")
        conn.execute("DELETE FROM bill")
    cli.reset(db_path=path, today=TODAY)
    with Store(path).read() as conn:
        assert conn.execute("SELECT count(*) FROM bill").fetchone()[0] == 39
    assert "reset" in capsys.readouterr().out


async def test_many_requests_at_once(client):
    sessions = [await token_for(client, name) for name in ("camila", "joao", "lucia")]

    async def customer_session(tokens: dict) -> None:
        headers = bearer(tokens)
        bills = (await client.get(BILLS, headers=headers, params={"limit": 3})).json()
        results = await asyncio.gather(
            *(client.get(f"{BILLS}/{bill['id']}", headers=headers) for bill in bills),
            *(client.post(f"{BILLS}/{bill['id']}/send", headers=headers) for bill in bills),
            client.get(ACCOUNTS, headers=headers),
            client.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]}),
        )
        assert [r.status_code for r in results] == [200] * 3 + [202] * 3 + [200, 200]

    await asyncio.gather(*(customer_session(tokens) for tokens in sessions))


def test_large_customer_on_request(tmp_path, monkeypatch, capsys):
    path = tmp_path / "large.sqlite3"
    monkeypatch.setenv(LARGE_ENV, "1")
    cli.reset(db_path=path, today=TODAY)
    monkeypatch.delenv(LARGE_ENV)
    started = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: started.update(kwargs, app=app))
    cli.serve(db_path=path, today=TODAY, large=True)  # already there: not seeded twice
    output = capsys.readouterr().out
    assert LARGE_USER.username in output and LARGE_USER.password in output
    with Store(path).read() as conn:
        customers = conn.execute(
            "SELECT count(*) FROM customer WHERE role = 'customer'"
        ).fetchone()[0]
        bills = conn.execute("SELECT count(*) FROM bill").fetchone()[0]
        accounts = conn.execute(
            "SELECT count(*) FROM billing_account JOIN customer ON customer.id = customer_id"
            " WHERE username = ?",
            (LARGE_USER.username,),
        ).fetchone()[0]
    assert (customers, bills, accounts) == (len(DEMO_USERS) + 1, 39 + 24_000, 1_000)


def test_no_large_customer_unless_asked(tmp_path, capsys):
    cli.reset(db_path=tmp_path / "plain.sqlite3", today=TODAY)
    with Store(tmp_path / "plain.sqlite3").read() as conn:
        assert conn.execute("SELECT count(*) FROM customer WHERE role = 'customer'").fetchone()[
            0
        ] == len(DEMO_USERS)
