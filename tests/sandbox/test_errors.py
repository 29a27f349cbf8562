"""One error shape everywhere, with no internals in it."""

from __future__ import annotations

import httpx

from miclaro_tui.models import ApiError
from tests.sandbox.conftest import ACCOUNTS, BILLS, assert_api_error


async def test_401_shape(client):
    body = assert_api_error(await client.get(f"{BILLS}/x"), 401, "invalidToken")
    ApiError.model_validate(body)


async def test_404_shape_for_unknown_routes_and_ids(client, sign_in):
    assert_api_error(await client.get("/no/such/route"), 404, "notFound")
    body = assert_api_error(
        await client.get(f"{ACCOUNTS}/XX0", headers=await sign_in()), 404, "notFound"
    )
    assert body["message"] == "Billing account XX0 not found"


async def test_405_shape(client):
    assert_api_error(await client.delete("/auth/token"), 405, "methodNotAllowed")


async def test_422_names_the_field(client):
    missing = await client.post("/auth/token", json={"username": "camila"})
    assert assert_api_error(missing, 422, "validationError")["field"] == "password"
    empty = await client.post("/auth/token", json={"username": "", "password": "x"})
    assert assert_api_error(empty, 422, "validationError")["field"] == "username"
    garbage = await client.post(
        "/auth/token", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert_api_error(garbage, 422, "validationError")


async def test_unexpected_errors_are_a_500_without_internals(app, sign_in):
    def explode() -> None:
        raise RuntimeError("secret internal detail")

    app.add_api_route("/explode", explode)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        response = await client.get("/explode")
    body = assert_api_error(response, 500, "internalError")
    assert "secret" not in response.text and "Traceback" not in response.text
    assert body["reason"] == "Internal Server Error"
