"""The SMS log of a number: its owner reads every message sent to it; another customer reads
only the messages their own moves caused (a top-up they paid, balance they sent), and one who
never moved anything to it finds nothing. A database of schema 6 keeps its messages, now the
owner's only (nobody knows who caused them)."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from contextlib import closing
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from miclaro_tui.sandbox.app import create_app
from miclaro_tui.sandbox.seed import AccountSpec, CustomerSpec, LineSpec, Seeder
from tests.conftest import TODAY
from tests.sandbox.conftest import ACCOUNTS, FrozenClock, bearer, token_for
from tests.sandbox.old_schemas import as_schema_6
from tests.sandbox.prepaid_helpers import ANDRES_LINE, MESSAGES, TRANSFERS, key, top_up

ANA_LINE = "+593992223344"
BETO_LINE = "+593993334455"
ANDRES_SECOND_LINE = "+593994445566"


def _customer(username: str, document: str, number: str) -> CustomerSpec:
    line = LineSpec(number, "593", "Prepago Claro Amigo")
    return CustomerSpec(
        username,
        username.title(),
        "EC",
        "CI",
        document,
        f"{username}@example.com",
        (AccountSpec("prepaid", (line,), prepaid_balance="20.00"),),
    )


def add_ecuadorians(path: Path) -> None:
    """Two more customers in Ecuador (ana, beto) and a second prepaid line for andres."""
    with closing(sqlite3.connect(path)) as conn:
        seeder = Seeder(conn, TODAY, 7)
        for username, document, number in (
            ("ana", "0912345674", ANA_LINE),
            ("beto", "0923456781", BETO_LINE),
        ):
            spec = _customer(username, document, number)
            customer_id = seeder.insert_customer(spec, f"{username}2026")
            seeder.insert_account(customer_id, spec, spec.accounts[0], 0)
        andres_id = conn.execute("SELECT id FROM customer WHERE username = 'andres'").fetchone()[0]
        second = _customer("andres", "1712345675", ANDRES_SECOND_LINE)
        seeder.insert_account(andres_id, second, second.accounts[0], 0)
        conn.commit()


@pytest.fixture
def app(sandbox_db: Path, clock: FrozenClock) -> FastAPI:
    add_ecuadorians(sandbox_db)
    return create_app(sandbox_db, TODAY, clock=clock)


async def signed_in(client: httpx.AsyncClient, username: str) -> dict[str, str]:
    return bearer(await token_for(client, username, f"{username}2026"))


async def line_of(client: httpx.AsyncClient, headers: dict[str, str], number: str) -> dict:
    accounts = (await client.get(ACCOUNTS, headers=headers)).json()
    return next(
        {**line, "account": account["id"]}
        for account in accounts
        for line in account.get("lines", [])
        if line["number"] == number
    )


async def send_balance(
    client: httpx.AsyncClient, headers: dict[str, str], from_number: str, value: int
) -> None:
    line = await line_of(client, headers, from_number)
    body = {
        "product": {"id": line["id"]},
        "receiverProduct": {"id": ANDRES_LINE},
        "amount": {"unit": "USD", "value": value},
    }
    made = await client.post(TRANSFERS, headers={**headers, "Idempotency-Key": key()}, json=body)
    assert made.status_code == 201, made.text


async def pay_top_up(client: httpx.AsyncClient, headers: dict[str, str], value: int) -> None:
    own = await line_of(client, headers, ANA_LINE)
    paid = await top_up(client, headers, own["account"], ANDRES_LINE, value, "USD")
    assert paid.status_code == 201, paid.text


async def messages(client: httpx.AsyncClient, headers: dict[str, str]) -> list[str]:
    answer = await client.get(MESSAGES, headers=headers, params={"receiver": ANDRES_LINE})
    assert answer.status_code == 200, answer.text
    return [message["content"] for message in answer.json()]


async def test_the_owner_reads_all_and_others_only_what_they_caused(client):
    andres = await signed_in(client, "andres")
    ana = await signed_in(client, "ana")
    beto = await signed_in(client, "beto")

    await pay_top_up(client, ana, 5)  # ana's top-up of andres's line
    await send_balance(client, beto, BETO_LINE, 2)  # beto's transfer to it
    await send_balance(client, andres, ANDRES_SECOND_LINE, 3)  # andres's own move

    owner_sees = await messages(client, andres)
    assert len(owner_sees) == 3
    assert ANDRES_SECOND_LINE in owner_sees[0] and "USD 3.00" in owner_sees[0]
    assert BETO_LINE in owner_sees[1] and "USD 2.00" in owner_sees[1]
    assert ANA_LINE in owner_sees[2] and "USD 5.00" in owner_sees[2]
    assert await messages(client, ana) == [owner_sees[2]]
    assert await messages(client, beto) == [owner_sees[1]]


async def test_a_customer_who_never_moved_anything_to_the_number_finds_no_log(client):
    ana = await signed_in(client, "ana")
    await send_balance(client, await signed_in(client, "beto"), BETO_LINE, 2)
    answer = await client.get(MESSAGES, headers=ana, params={"receiver": ANDRES_LINE})
    assert answer.status_code == 404
    assert answer.json()["code"] == "notFound"


async def in_app(path: Path, clock: FrozenClock) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(path, TODAY, clock=clock)
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            yield client
    finally:
        app.state.store.close()


async def test_a_schema_6_file_is_migrated_and_its_old_messages_are_the_owners_only(
    sandbox_db: Path, clock: FrozenClock
):
    add_ecuadorians(sandbox_db)
    async for client in in_app(sandbox_db, clock):
        await pay_top_up(client, await signed_in(client, "ana"), 5)
    as_schema_6(sandbox_db)
    with closing(sqlite3.connect(sandbox_db)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 6
        old = [row[0] for row in conn.execute("SELECT content FROM communication_message")]
    assert len(old) == 1

    async for client in in_app(sandbox_db, clock):
        ana = await signed_in(client, "ana")
        assert await messages(client, ana) == []  # who caused the old one is not known
        await pay_top_up(client, ana, 7)
        new = await messages(client, ana)
        assert len(new) == 1 and "USD 7.00" in new[0]
        assert await messages(client, await signed_in(client, "andres")) == new + old
    with closing(sqlite3.connect(sandbox_db)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 7
        senders = conn.execute(
            "SELECT sender_customer_id FROM communication_message ORDER BY id"
        ).fetchall()
    assert senders[0][0] is None and senders[1][0] is not None
