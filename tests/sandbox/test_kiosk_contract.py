"""The kiosk routes against the committed openapi.json with a staff token: a generated run
over the kiosk operations (test_schemathesis.py runs them all with a customer's token, which
only ever gets 403 operatorsOnly), and a whole shift walked with real ids, each answer checked
by every schemathesis check."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi import FastAPI
from hypothesis import HealthCheck, settings

from miclaro_tui.sandbox.app import create_app
from miclaro_tui.sandbox.kiosk_staff import DEMO_STAFF
from tests.conftest import TODAY
from tests.sandbox.conftest import FrozenClock
from tests.sandbox.payment_helpers import PAYMENTS
from tests.sandbox.test_schemathesis import CHECKS, call, schema

STAFF = {staff.username: staff.password for staff in DEMO_STAFF}
REFUNDS = "/tmf-api/paymentManagement/v4/refund"
kiosk = schema.include(tag="kiosk")


def staff_sign_in(app: FastAPI, username: str = "cajero") -> dict[str, str]:
    body = {"username": username, "password": STAFF[username]}
    response = call(app, "POST", "/auth/token", body=body)
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture(scope="module")
def kiosk_app(seeded_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    path = tmp_path_factory.mktemp("kiosk-contract") / "sandbox.sqlite3"
    shutil.copyfile(seeded_db_template, path)
    return create_app(path, TODAY, clock=FrozenClock(), large=False)


@pytest.fixture(scope="module")
def cajero(kiosk_app: FastAPI) -> dict[str, str]:
    return staff_sign_in(kiosk_app)


@kiosk.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
def test_kiosk_routes_honour_the_contract(case, kiosk_app: FastAPI, cajero: dict[str, str]):
    case.operation.schema.app = kiosk_app
    case.call_and_validate(app=kiosk_app, headers=dict(cajero), checks=CHECKS)


def test_a_whole_shift_honours_the_contract(app: FastAPI):
    auth = staff_sign_in(app)
    call(app, "GET", "/cashDenominations/{country}", auth, path_parameters={"country": "CO"})
    shift = call(
        app,
        "POST",
        "/kioskShift",
        auth,
        headers={"Idempotency-Key": "contract-open-0001"},
        body={"terminalId": "CAJA-01", "openingCount": [{"value": 50000, "count": 2}]},
    ).json()
    one_shift = {"id": shift["id"]}
    call(app, "GET", "/kioskShift/current", auth)
    call(app, "GET", "/kioskShift/{id}", auth, path_parameters=one_shift)
    customer = call(app, "GET", "/kioskLookup", auth, query={"line": "3001234567"}).json()
    bill = customer["bills"][0]
    key = "contract-cash-0001"
    payment = call(
        app,
        "POST",
        PAYMENTS,
        auth,
        headers={"Idempotency-Key": key},
        body={
            "correlatorId": key,
            "account": {"id": bill["account"]["id"]},
            "amount": {"unit": "COP", "value": 20000},
            "paymentItem": [
                {"item": {"id": bill["bill"]["id"]}, "amount": {"unit": "COP", "value": 20000}}
            ],
            "paymentMethod": {
                "@type": "cash",
                "shift": {"id": shift["id"]},
                "cashReceived": {"unit": "COP", "value": 50000},
            },
        },
    ).json()
    one_payment = {"id": payment["id"]}
    call(app, "GET", f"{PAYMENTS}/{{id}}", auth, path_parameters=one_payment)
    call(app, "GET", f"{PAYMENTS}/{{id}}/receipt", auth, path_parameters=one_payment)
    call(app, "GET", "/kioskShift/{id}/report", auth, path_parameters=one_shift)
    refund = call(
        app,
        "POST",
        REFUNDS,
        auth,
        headers={"Idempotency-Key": "contract-void-0001"},
        body={"payment": one_payment, "reason": "wrong bill"},
    ).json()
    one_refund = {"id": refund["id"]}
    call(app, "GET", f"{REFUNDS}/{{id}}", auth, path_parameters=one_refund)
    call(app, "GET", f"{REFUNDS}/{{id}}/receipt", auth, path_parameters=one_refund)
    z = call(
        app,
        "POST",
        "/kioskShift/{id}/close",
        auth,
        path_parameters=one_shift,
        headers={"Idempotency-Key": "contract-close-0001"},
        body={"count": [{"value": 50000, "count": 2}]},
    ).json()
    assert z["kind"] == "Z" and z["difference"]["value"] == 0
