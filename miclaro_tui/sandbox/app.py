"""The sandbox billing API: a FastAPI application on the SQLite store.

Route modules plug in with ``include_router``; a later payments module joins the same way.

Where the work runs: reads answered from a few indexed rows (the lists and single accounts,
bills, items and payments) are ``async def`` and run on the event loop, as do the
dependencies (``deps``): SQLite readers in WAL mode never wait for a writer, and a hop to the
thread pool (and the GIL hand-over) cost more than the read itself. Everything that writes
(and may wait for the write lock), signs in (a deliberately slow hash), or renders a PDF is a
plain ``def`` and runs in the thread pool.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI

from miclaro_tui.models import MAX_BODY_BYTES
from miclaro_tui.sandbox import (
    contract,
    contract_kiosk,
    handlers,
    routes_accounts,
    routes_auth,
    routes_bills,
    routes_health,
    routes_kiosk,
    routes_payments,
    routes_prepaid,
    seeding,
)
from miclaro_tui.sandbox.deps import customers_only
from miclaro_tui.sandbox.faults import FaultHook
from miclaro_tui.sandbox.idempotency import LEASE_ENV, LEASE_SECONDS
from miclaro_tui.sandbox.middleware import (
    BodyLimitMiddleware,
    CatchAllMiddleware,
    RequestIdMiddleware,
)
from miclaro_tui.sandbox.store import open_store

API_VERSION = "4.0.0"

STAFF_PAYMENT_ROUTES = (
    "create_payment",
    "abandon_payment",
    "list_payments",
    "get_payment",
    "get_payment_receipt",
)
"""The payment routes kiosk staff may use: cash payments they take, and their receipts."""

DESCRIPTION = """\
The billing API of miclaro-tui's sandbox: seeded demo customers, accounts, bills and their
items, payments, served with TM Forum Open API paths (TMF666 Account, TMF678 Customer Bill,
TMF670 Payment Method, TMF676 Payment) and field names. Amounts are `Money {unit, value}`
with `value` a JSON number of at most two decimals.
Every error is an `ApiError` {code, reason, message, status, field?}; every answer carries an
`X-Request-ID` header. A payment, its cancellation, a payment report, a promise to pay and a
bill's e-mail take an `Idempotency-Key` (required on `POST /payment`): the same key and request
replay the first answer.
"""


def create_app(
    db_path: Path,
    today: date,
    *,
    seed: int = seeding.DEFAULT_SEED,
    clock: Callable[[], float] = time.time,
    large: bool | None = None,
    create_folder: bool = True,
    lease_seconds: float | None = None,
) -> FastAPI:
    """The app on the database at ``db_path`` (created for ``today`` if new, with the demo
    customers drawn from the random generator seeded with ``seed``).

    ``clock`` gives unix seconds for token expiry, the sign-in lock and the time of day of
    payments; tests may freeze it. ``large`` adds the large business customer (``seed_large``);
    None reads ``MICLARO_SANDBOX_LARGE``. A path that cannot be used, or a file that is not
    ours, raises ``dbfile.DatabaseRefused`` with a one-line reason (nothing is touched).
    ``lease_seconds``: how long an Idempotency-Key stays in flight with no answer before a
    retry may take it over (None reads ``MICLARO_SANDBOX_LEASE_SECONDS``, default 30).
    """
    app = FastAPI(
        title="miclaro-tui sandbox billing API",
        version=API_VERSION,
        description=DESCRIPTION,
        # operationId = the handler's name (list_customer_bills), unique across the modules.
        generate_unique_id_function=lambda route: route.name,
        responses=contract.COMMON_RESPONSES,
    )
    app.state.store = open_store(
        db_path, today, seeding.demo(seed, large=large), create_folder=create_folder
    )
    app.state.today = today
    app.state.clock = clock
    if lease_seconds is None:
        lease_seconds = float(os.environ.get(LEASE_ENV) or LEASE_SECONDS)
    app.state.lease_seconds = lease_seconds
    app.state.faults = FaultHook.from_environment()
    handlers.install(app)
    # The last added is the outermost: the request id is on every answer, a 500 included.
    app.add_middleware(BodyLimitMiddleware, limit=MAX_BODY_BYTES)
    app.add_middleware(CatchAllMiddleware)
    app.add_middleware(RequestIdMiddleware)
    app.include_router(routes_auth.router)
    # Kiosk staff read customers only through the lookup, and pay only in cash.
    staff_refused = contract_kiosk.NOT_FOR_OPERATORS
    app.include_router(
        routes_accounts.router, dependencies=[Depends(customers_only())], responses=staff_refused
    )
    app.include_router(
        routes_bills.router, dependencies=[Depends(customers_only())], responses=staff_refused
    )
    app.include_router(
        routes_payments.methods_router,
        dependencies=[Depends(customers_only())],
        responses=staff_refused,
    )
    app.include_router(routes_payments.pse_router)
    app.include_router(
        routes_payments.router,
        dependencies=[Depends(customers_only(*STAFF_PAYMENT_ROUTES))],
        responses=staff_refused,
    )
    app.include_router(routes_kiosk.router)
    app.include_router(routes_kiosk.refund_router)
    app.include_router(routes_prepaid.catalog_router)
    app.include_router(routes_prepaid.router)
    app.include_router(routes_prepaid.usage_router)
    app.include_router(routes_prepaid.messages_router)
    app.include_router(routes_health.router)
    # Stays: replacing app.openapi is how FastAPI's docs extend the document, and mypy
    # refuses any assignment to a method (setattr would only hide it).
    app.openapi = _with_request_id(app)  # type: ignore[method-assign]
    return app


def _with_request_id(app: FastAPI) -> Callable[[], dict[str, Any]]:
    """FastAPI's document of the app, with the X-Request-ID header on every answer."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = contract.document_request_id(generate())
        return app.openapi_schema

    return openapi
