"""Contract test: schemathesis generates requests from the committed openapi.json and sends them
to the sandbox in process (ASGI) with every check it has (no 5xx; documented status, content
type, headers and body; schema-valid data accepted and invalid data refused; auth enforced;
405 with the right Allow...), configured as scripts/fuzz.sh is (scripts/schemathesis.toml).
A short stateful run then follows the contract's links through real ids. The long run of every
phase over real HTTP is scripts/fuzz.sh.

The generated run goes to an app on a module-scoped copy of the seeded database with a frozen
clock, signed in once as camila; each case carries her bearer token (schemathesis itself drops
it from the cases that test a missing token). Generation is derandomized and capped, so the run
is deterministic and quick. Random ids only ever find 404s, so a second test walks camila's
seeded data and a card payment through every operation with real ids, to check the 2xx bodies.
"""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from miclaro_tui.sandbox.app import create_app
from miclaro_tui.sandbox.openapi import DEFAULT_PATH
from tests.conftest import TODAY
from tests.sandbox.conftest import ACCOUNTS, BILLS, PASSWORDS, RATES, FrozenClock
from tests.sandbox.payment_helpers import METHODS, PAYMENTS, PROMISES, REPORTS, card_number

CHECKS = None  # every check schemathesis has, as configured
CONFIG = Path(__file__).resolve().parents[2] / "scripts" / "schemathesis.toml"

config = SchemathesisConfig.from_str(CONFIG.read_text(encoding="utf-8"))

# The committed contract, not the one the app serves: test_openapi.py keeps the two equal.
schema = schemathesis.openapi.from_path(DEFAULT_PATH, config=config)
# Requests go to the app in process (schema.app); the base URL only names the origin.
schema.config.update(base_url="http://127.0.0.1")

# POST /auth/logout revokes the session of the bearer token it is sent with; with camila's
# header on it, every later case would answer 401. It is not excluded, but called without her
# header, so it only ever signs out nobody and answers 401/422.
SIGN_OUT = "/auth/logout"


def call(app: FastAPI, method: str, path: str, auth: dict[str, str] | None = None, **kwargs):
    """One hand-made request that must succeed, validated by the same checks as the generated
    ones."""
    case = schema[path][method].Case(**kwargs)
    case.operation.schema.app = app  # where probes (ignored_auth...) are sent too
    # A copy: schemathesis adds the headers it sends to the dict it is given.
    response = case.call_and_validate(app=app, headers=dict(auth or {}), checks=CHECKS)
    assert 200 <= response.status_code < 300, f"{method} {path}: {response.text}"
    return response


def sign_in(app: FastAPI, username: str = "camila") -> dict[str, str]:
    body = {"username": username, "password": PASSWORDS[username]}
    response = call(app, "POST", "/auth/token", body=body)
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture(scope="module")
def contract_app(seeded_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    path = tmp_path_factory.mktemp("schemathesis") / "sandbox.sqlite3"
    shutil.copyfile(seeded_db_template, path)
    return create_app(path, TODAY, clock=FrozenClock(), large=False)


@pytest.fixture(scope="module")
def camila(contract_app: FastAPI) -> dict[str, str]:
    return sign_in(contract_app)


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    database=None,
    # Only module-scoped fixtures feed the cases; too_slow guards a loaded CI machine (the
    # coverage phase sends a few hundred requests before the fuzzing one starts).
    suppress_health_check=[HealthCheck.too_slow],
)
def test_sandbox_honours_its_contract(case, contract_app: FastAPI, camila: dict[str, str]):
    # A copy: schemathesis adds the headers it sends (Content-Type, ...) to the dict it is given.
    headers = None if case.operation.path == SIGN_OUT else dict(camila)
    case.operation.schema.app = contract_app  # where probes (ignored_auth...) are sent too
    case.call_and_validate(app=contract_app, headers=headers, checks=CHECKS)


def test_stateful_runs_follow_the_links(contract_app: FastAPI, camila: dict[str, str]):
    # Valid data only: in schemathesis 4.32 a negative step's mutated path id (a control
    # character) can be checked as if positive (schemathesis issue 2983). Invalid data has
    # the whole generated run above.
    stateful = schemathesis.openapi.from_path(DEFAULT_PATH, config=config)
    stateful.config.update(base_url="http://127.0.0.1")
    stateful.config.generation.update(modes=[schemathesis.GenerationMode.POSITIVE])
    stateful.app = contract_app
    machine = stateful.as_state_machine()

    class Signed(machine):  # type: ignore[misc, valid-type]
        def get_call_kwargs(self, case):
            return {"app": contract_app, "headers": dict(camila)}

    Signed.run(
        settings=settings(
            max_examples=8,
            stateful_step_count=6,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
    )


def test_seeded_data_and_a_card_payment_honour_the_contract(app: FastAPI):
    # `app` (tests/sandbox/conftest.py): a fresh copy of the seeded database for this test.
    auth = sign_in(app)

    accounts = call(app, "GET", ACCOUNTS, auth).json()
    account = next(a for a in accounts if a["accountType"] == "postpaid")
    call(app, "GET", f"{ACCOUNTS}/{{id}}", auth, path_parameters={"id": account["id"]})

    bills = call(app, "GET", BILLS, auth, query={"billingAccount.id": account["id"]}).json()
    oldest_unpaid = call(
        app,
        "GET",
        BILLS,
        auth,
        query={
            "billingAccount.id": account["id"],
            "state": "new,sent,partiallyPaid",
            "sort": "paymentDueDate,billDate",
            "paymentDueDate.lt": TODAY.isoformat(),
            "billDate.gte": "2026-01-01",
            "billDate.lt": "2027-01-01",
            "limit": 1,
        },
    )
    assert oldest_unpaid.headers["x-total-count"] == ["1"]
    call(app, "GET", ACCOUNTS, auth, query={"offset": 1, "limit": 1})
    bill, overdue = bills[0], bills[1]  # newest first: the current bill, then an overdue one
    one_bill = {"id": bill["id"]}
    call(app, "GET", f"{BILLS}/{{id}}", auth, path_parameters=one_bill)
    document = call(app, "GET", f"{BILLS}/{{id}}/document", auth, path_parameters=one_bill)
    assert document.content.startswith(b"%PDF")
    call(app, "POST", f"{BILLS}/{{id}}/send", auth, path_parameters=one_bill, body={})
    # Under an Idempotency-Key the retry is the first answer again, byte for byte.
    keyed = {"Idempotency-Key": "0123456789abcdef0123456789abcdef"}
    sent = [
        call(
            app,
            "POST",
            f"{BILLS}/{{id}}/send",
            auth,
            path_parameters=one_bill,
            body={},
            headers=keyed,
        )
        for _ in range(2)
    ]
    assert sent[0].content == sent[1].content

    rates = call(app, "GET", RATES, auth, query={"bill.id": bill["id"]}).json()
    call(app, "GET", f"{RATES}/{{id}}", auth, path_parameters={"id": rates[0]["id"]})

    call(
        app,
        "POST",
        REPORTS,
        auth,
        body={
            "bill": one_bill,
            "amount": bill["remainingAmount"],
            "paymentDate": TODAY.isoformat(),
            "channel": "bank",
            "reference": "REF-12345",
        },
    )
    promised = (TODAY + timedelta(days=10)).isoformat()
    call(
        app, "POST", PROMISES, auth, body={"bill": {"id": overdue["id"]}, "promisedDate": promised}
    )

    def pay(last_four: str, key: str) -> dict:
        card = call(
            app,
            "POST",
            METHODS,
            auth,
            body={
                "@type": "bankCard",
                "nameOnCard": "Camila Rodriguez",
                "cardNumber": card_number("4539", last_four),
                "expirationDate": "12/2028",
                "cvv": "123",
            },
        )
        due = bill["remainingAmount"]
        return call(
            app,
            "POST",
            PAYMENTS,
            auth,
            headers={"Idempotency-Key": key},
            body={
                "correlatorId": key,
                "account": {"id": account["id"]},
                "amount": due,
                "paymentItem": [{"item": one_bill, "amount": due}],
                "paymentMethod": {"@type": "tokenizedCard", "id": card.json()["id"]},
            },
        ).json()

    # A card ending 0077 stays pendingAuthorization until the payment is read: cancellable.
    pending = pay("0077", "schemathesis-0001")
    assert pending["status"] == "pendingAuthorization"
    cancelled = call(
        app, "POST", f"{PAYMENTS}/{{id}}/cancel", auth, path_parameters={"id": pending["id"]}
    )
    assert cancelled.json()["status"] == "canceled"

    approved = pay("1111", "schemathesis-0002")
    one_payment = {"id": approved["id"]}
    paid = call(app, "GET", f"{BILLS}/{{id}}", auth, path_parameters=one_bill).json()
    assert paid["appliedPayment"][0]["payment"]["id"] == approved["id"]
    call(app, "GET", PAYMENTS, auth, query={"account.id": account["id"]})
    call(app, "GET", f"{PAYMENTS}/{{id}}", auth, path_parameters=one_payment)
    receipt = call(app, "GET", f"{PAYMENTS}/{{id}}/receipt", auth, path_parameters=one_payment)
    assert receipt.content.startswith(b"%PDF")

    call(app, "GET", "/pse/bank")
    call(app, "POST", SIGN_OUT, auth)
