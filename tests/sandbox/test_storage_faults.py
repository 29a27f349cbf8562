"""Storage faults while serving answer 503 storageUnavailable in the error shape (with
Retry-After), never 500, never a new empty file; service comes back by itself when the file
does; /health says which it is."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import httpx
import pytest

from tests.sandbox.conftest import BILLS, assert_api_error, bearer, token_for

COMPANIONS = ("", "-wal", "-shm")


def move(path: Path, to: Path) -> None:
    for suffix in COMPANIONS:
        source = Path(f"{path}{suffix}")
        if source.exists():
            source.rename(f"{to}{suffix}")


async def unavailable(client: httpx.AsyncClient, headers: dict[str, str]) -> None:
    """Reads, writes, sign-in and the health route all answer 503 in the error shape."""
    answers = [
        await client.get(BILLS, headers=headers),
        await client.post("/auth/token", json={"username": "camila", "password": "camila2026"}),
        await client.get("/health"),
    ]
    for response in answers:
        assert_api_error(response, 503, "storageUnavailable")
        assert response.headers["Retry-After"] == "5"


async def available(client: httpx.AsyncClient, headers: dict[str, str]) -> None:
    assert (await client.get("/health")).json() == {"status": "ok", "database": "ok"}
    assert (await client.get(BILLS, headers=headers)).status_code == 200
    await token_for(client, "joao")


async def test_health_is_ok_on_a_good_database(client):
    response = await client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


async def test_a_deleted_database_is_503_then_back_with_the_file(client, app, sandbox_db: Path):
    headers = bearer(await token_for(client, "camila"))
    aside = sandbox_db.with_name("aside.sqlite3")
    move(sandbox_db, aside)
    await unavailable(client, headers)
    assert not sandbox_db.exists()  # never recreated empty
    move(aside, sandbox_db)
    await available(client, headers)  # the same session: nothing was lost


async def test_a_database_restored_from_a_copy_is_served(client, app, sandbox_db: Path):
    headers = bearer(await token_for(client, "camila"))
    backup = sandbox_db.with_name("backup.sqlite3")
    with closing(sqlite3.connect(sandbox_db)) as source, closing(sqlite3.connect(backup)) as copy:
        source.backup(copy)
    for suffix in COMPANIONS:
        Path(f"{sandbox_db}{suffix}").unlink(missing_ok=True)
    await unavailable(client, headers)
    shutil.copyfile(backup, sandbox_db)  # a new file (another inode): new connections to it
    await available(client, headers)


async def test_another_programs_file_in_its_place_is_503_and_untouched(
    client, app, sandbox_db: Path
):
    headers = bearer(await token_for(client, "camila"))
    move(sandbox_db, sandbox_db.with_name("aside.sqlite3"))
    with closing(sqlite3.connect(sandbox_db)) as conn:
        conn.execute("CREATE TABLE note (body TEXT)")
        conn.commit()
    before = sandbox_db.read_bytes()
    await unavailable(client, headers)
    assert sandbox_db.read_bytes() == before
    body = (await client.get("/health")).json()
    assert "not the sandbox's" in body["message"]


async def test_a_removed_folder_is_503_then_back(tmp_path, sandbox_db: Path, clock):
    from miclaro_tui.sandbox.app import create_app
    from tests.conftest import TODAY

    folder = tmp_path / "served"
    folder.mkdir()
    shutil.copyfile(sandbox_db, folder / "sandbox.sqlite3")
    app = create_app(folder / "sandbox.sqlite3", TODAY, clock=clock)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        headers = bearer(await token_for(client, "camila"))
        folder.rename(tmp_path / "moved")
        await unavailable(client, headers)
        assert not folder.exists()
        (tmp_path / "moved").rename(folder)
        await available(client, headers)


async def test_a_read_only_database_serves_reads_and_503s_writes(client, app):
    headers = bearer(await token_for(client, "camila"))
    store = app.state.store
    writable = store._uri
    # What a chmod or a read-only mount does to new connections (root ignores chmod).
    store.close()
    store._uri = writable.replace("mode=rw", "mode=ro")
    assert (await client.get(BILLS, headers=headers)).status_code == 200
    refused = await client.post("/auth/token", json={"username": "joao", "password": "joao2026"})
    assert_api_error(refused, 503, "storageUnavailable")
    assert "READONLY" in refused.json()["message"]
    assert_api_error(await client.get("/health"), 503, "storageUnavailable")
    store.close()
    store._uri = writable
    await available(client, headers)


@pytest.mark.parametrize("code", [sqlite3.SQLITE_IOERR, sqlite3.SQLITE_FULL, sqlite3.SQLITE_BUSY])
async def test_io_errors_are_503_and_leave_no_bad_connection(client, app, monkeypatch, code):
    headers = bearer(await token_for(client, "camila"))
    store = app.state.store
    real_connect = store._connect

    class Faulty:
        """A connection whose statements fail the way a failing disk makes them fail."""

        def __init__(self, conn: sqlite3.Connection) -> None:
            self.conn = conn
            self.in_transaction = False

        def execute(self, *args):
            error = sqlite3.OperationalError("disk trouble")
            error.sqlite_errorcode = code
            error.sqlite_errorname = "FAULT"
            raise error

        def close(self) -> None:
            self.conn.close()

    store.close()
    monkeypatch.setattr(store, "_connect", lambda: Faulty(real_connect()))
    assert_api_error(await client.get(BILLS, headers=headers), 503, "storageUnavailable")
    monkeypatch.setattr(store, "_connect", real_connect)
    assert store._idle == []  # the faulty connection was closed, not pooled
    assert (await client.get(BILLS, headers=headers)).status_code == 200
