"""The sandbox billing API: a FastAPI application on the SQLite store.

Route modules plug in with ``include_router``; a later payments module joins the same way.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from fastapi import FastAPI

from miclaro_tui.sandbox import (
    routes_accounts,
    routes_auth,
    routes_bills,
    routes_payments,
)
from miclaro_tui.sandbox.errors import install_error_handlers
from miclaro_tui.sandbox.store import open_store

API_VERSION = "4.0.0"

DESCRIPTION = """\
The billing API of miclaro-tui's sandbox: seeded demo customers, accounts, bills and their
items, payments, served with TM Forum Open API paths (TMF666 Account, TMF678 Customer Bill,
TMF670 Payment Method, TMF676 Payment) and field names. Amounts are `Money {unit, value}`
with `value` a JSON number of at most two decimals.
Every error is an `ApiError` {code, reason, message, status, field?}.
"""


def create_app(
    db_path: Path,
    today: date,
    *,
    seed: int = 2026,
    clock: Callable[[], float] = time.time,
) -> FastAPI:
    """The app on the database at ``db_path`` (created and seeded for ``today`` if new).

    ``clock`` gives unix seconds for token expiry and the sign-in lock; tests may freeze it.
    """
    app = FastAPI(
        title="miclaro-tui sandbox billing API",
        version=API_VERSION,
        description=DESCRIPTION,
        # operationId = the handler's name (list_customer_bills), unique across the modules.
        generate_unique_id_function=lambda route: route.name,
    )
    app.state.store = open_store(db_path, today, seed)
    app.state.today = today
    app.state.clock = clock
    install_error_handlers(app)
    app.include_router(routes_auth.router)
    app.include_router(routes_accounts.router)
    app.include_router(routes_bills.router)
    app.include_router(routes_payments.methods_router)
    app.include_router(routes_payments.pse_router)
    app.include_router(routes_payments.router)
    return app
