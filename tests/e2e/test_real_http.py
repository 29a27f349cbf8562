"""End to end: `miclaro sandbox serve` on 127.0.0.1 in its own process, and the client (and
the app) talking to it over real HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from miclaro_tui.client import BillingClient

pytestmark = pytest.mark.e2e


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def served(tmp_path: Path):
    port = free_port()
    env = dict(os.environ, MICLARO_TODAY="2026-11-25", XDG_DATA_HOME=str(tmp_path))
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "miclaro_tui",
            "sandbox",
            "serve",
            "--port",
            str(port),
            "--db",
            str(tmp_path / "served.sqlite3"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/openapi.json", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.2)
    else:
        server.kill()
        pytest.fail("sandbox did not start: " + (server.stdout.read() if server.stdout else ""))
    yield url, server
    server.terminate()
    server.wait(timeout=10)


async def test_client_over_real_http(served):
    url, _server = served
    client = BillingClient(url)
    try:
        await client.sign_in("joao", SecretStr("joao2026"))
        accounts = await client.list_billing_accounts()
        assert accounts[0].currency == "BRL"
        page = await client.list_bills(accounts[0].id, limit=5)
        assert page.total >= 12 and len(page.items) == 5
        pdf = await client.download_bill_document(page.items[0].id)
        assert pdf.startswith(b"%PDF")
        await client.sign_out()
        assert client.refresh_token is None
    finally:
        await client.aclose()


def test_serve_prints_the_demo_credentials(served):
    _url, server = served
    server.terminate()
    output, _ = server.communicate(timeout=10)
    assert "camila" in output and "camila2026" in output


async def test_the_app_signs_in_over_real_http(served, tmp_path):
    from miclaro_tui.app import MiClaroApp
    from miclaro_tui.config import Settings
    from miclaro_tui.screens.home import HomeScreen
    from tests.tui.conftest import sign_in

    url, _server = served
    app = MiClaroApp(
        api=BillingClient(url), settings=Settings(server=url, data_dir=tmp_path), credentials=None
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot, "lucia", "lucia2026")
        assert isinstance(app.screen, HomeScreen)
        assert app.account.currency == "PEN"


async def test_a_payment_over_real_http_is_charged_once(served, tmp_path):
    from uuid import uuid4

    from miclaro_tui.journal import Journal
    from miclaro_tui.models import CardCreate, CardPayment, PaymentCreate, PaymentItem, Ref

    url, _server = served
    client = BillingClient(url, journal=Journal(tmp_path / "payments.journal"))
    try:
        await client.sign_in("lucia", SecretStr("lucia2026"))
        account = (await client.list_billing_accounts())[0]
        bill = (await client.list_bills(account.id, state="new,sent,partiallyPaid")).items[-1]
        card = await client.tokenize_card(
            CardCreate(
                nameOnCard="Lucia Q",
                cardNumber="4539333333331111",
                expirationDate="12/2030",
                cvv="123",
            )
        )
        assert card.lastFourDigits == "1111" and card.brand == "visa"
        intent = PaymentCreate(
            correlatorId=uuid4().hex,
            account=Ref(id=account.id),
            amount=bill.remainingAmount,
            paymentItem=[PaymentItem(item=Ref(id=bill.id), amount=bill.remainingAmount)],
            paymentMethod=CardPayment(id=card.id),
        )
        first = await client.pay(intent)
        again = await client.pay(intent)  # the same press replayed: the server's first answer
        assert first.status == "done" and again.id == first.id
        history = await client.list_payments(account.id)
        assert [p.id for p in history.items].count(first.id) == 1
        assert (await client.get_bill(bill.id)).state == "settled"
        receipt = await client.download_receipt(first.id)
        assert receipt.startswith(b"%PDF")
    finally:
        await client.aclose()


def test_request_ids_and_a_keyed_retry_over_real_http(served):
    from uuid import uuid4

    url, _server = served
    with httpx.Client(base_url=url, timeout=10) as http:
        missing = http.get("/no/such/route")
        token = http.post("/auth/token", json={"username": "joao", "password": "joao2026"})
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        bills = http.get(
            "/tmf-api/customerBillManagement/v4/customerBill", headers=headers, params={"limit": 1}
        ).json()
        send = f"/tmf-api/customerBillManagement/v4/customerBill/{bills[0]['id']}/send"
        keyed = {**headers, "Idempotency-Key": uuid4().hex}
        first, retry = http.post(send, headers=keyed), http.post(send, headers=keyed)
    answers = [missing, token, first, retry]
    ids = [answer.headers["X-Request-ID"] for answer in answers]
    assert all(len(i) == 16 and int(i, 16) >= 0 for i in ids) and len(set(ids)) == len(ids)
    assert missing.status_code == 404 and first.status_code == retry.status_code == 202
    assert retry.content == first.content
