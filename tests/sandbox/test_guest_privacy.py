"""A guest session (a top-up without an account) sees only what it did itself: anyone who knows a
number can open one, so the number's other guests' payments, receipts and keys, and its
owner's balance, history and SMS, are not found to it. Its own payment it follows to the end."""

from __future__ import annotations

from tests.sandbox.conftest import ACCOUNTS, assert_api_error
from tests.sandbox.payment_helpers import PAYMENTS, card_number
from tests.sandbox.prepaid_helpers import (
    ANDRES_LINE,
    BUCKETS,
    HISTORY,
    MESSAGES,
    NUMBER_CHECK,
    TOPUPS,
    key,
    line_id,
    prepaid_account,
    top_up,
    topup_body,
)

BILLS = "/tmf-api/customerBillManagement/v4/customerBill"
ABANDON = "/tmf-api/paymentManagement/v4/abandonedPayment"
PAYMENT_METHOD = "/tmf-api/paymentMethods/v4/paymentMethod"

PAYER = {
    "country": "EC",
    "number": ANDRES_LINE,
    "documentType": "CI",
    "documentNumber": "1712345675",
}
PSE = {
    "@type": "bankAccountTransfer",
    "bank": "1507",
    "documentType": "CC",
    "documentNumber": "52123456",
}


async def guest(client, name: str, number: str = ANDRES_LINE, country: str = "EC") -> dict:
    body = {**PAYER, "name": name, "number": number, "country": country}
    if country == "CO":
        body.update(documentType="CC", documentNumber="52123456")
    signed = await client.post("/auth/guest", json=body)
    assert signed.status_code == 200, signed.text
    return {"Authorization": f"Bearer {signed.json()['access_token']}"}


async def pay_by_card(client, headers, last_four: str = "1111", number: str = ANDRES_LINE):
    card = await client.post(
        PAYMENT_METHOD,
        headers=headers,
        json={
            "@type": "bankCard",
            "nameOnCard": "Maria Perez",
            "cardNumber": card_number("4539", last_four),
            "expirationDate": "12/2028",
            "cvv": "123",
        },
    )
    assert card.status_code == 201, card.text
    k = key()
    method = {"@type": "tokenizedCard", "id": card.json()["id"]}
    body = topup_body("guest", number, 5, "USD", method, k)
    paid = await client.post(PAYMENTS, headers={**headers, "Idempotency-Key": k}, json=body)
    return k, body, paid


async def test_a_guest_cannot_read_another_guests_payment(client):
    first = await guest(client, "María Pérez")
    first_key, first_body, first_paid = await pay_by_card(client, first)
    assert first_paid.status_code == 201, first_paid.text
    first_id = first_paid.json()["id"]
    second = await guest(client, "Juan Gómez")
    second_key, _, second_paid = await pay_by_card(client, second, "4444")
    assert second_paid.status_code == 201, second_paid.text

    listed = await client.get(PAYMENTS, headers=second)
    assert [p["id"] for p in listed.json()] == [second_paid.json()["id"]]
    assert listed.headers["X-Total-Count"] == "1"
    by_key = await client.get(PAYMENTS, headers=second, params={"correlatorId": first_key})
    assert by_key.json() == [] and by_key.headers["X-Total-Count"] == "0"
    assert_api_error(await client.get(f"{PAYMENTS}/{first_id}", headers=second), 404, "notFound")
    assert_api_error(
        await client.get(f"{PAYMENTS}/{first_id}/receipt", headers=second), 404, "notFound"
    )
    assert_api_error(
        await client.post(f"{PAYMENTS}/{first_id}/cancel", headers=second), 404, "notFound"
    )
    # The first guest's key is its own: the second can neither replay nor fence it.
    replayed = await client.post(
        PAYMENTS, headers={**second, "Idempotency-Key": first_key}, json=first_body
    )
    assert_api_error(replayed, 422, "idempotencyKeyReuse")
    assert first_id not in replayed.text
    fenced = await client.post(
        ABANDON,
        headers={**second, "Idempotency-Key": first_key},
        json={"correlatorId": first_key},
    )
    assert fenced.status_code == 200, fenced.text

    # The first guest still follows its own payment: by id, by key, its receipt, a replay.
    own = await client.get(PAYMENTS, headers=first, params={"correlatorId": first_key})
    assert [p["id"] for p in own.json()] == [first_id]
    assert [p["id"] for p in (await client.get(PAYMENTS, headers=first)).json()] == [first_id]
    read = await client.get(f"{PAYMENTS}/{first_id}", headers=first)
    assert read.status_code == 200 and read.json()["status"] == "done"
    receipt = await client.get(f"{PAYMENTS}/{first_id}/receipt", headers=first)
    assert receipt.status_code == 200 and receipt.content.startswith(b"%PDF")
    again = await client.post(
        PAYMENTS, headers={**first, "Idempotency-Key": first_key}, json=first_body
    )
    assert again.content == first_paid.content
    abandoned = await client.post(
        ABANDON, headers={**first, "Idempotency-Key": first_key}, json={"correlatorId": first_key}
    )
    assert_api_error(abandoned, 409, "paymentExists")


async def test_a_guest_cannot_move_or_cancel_another_guests_pending_payment(client):
    from tests.sandbox.prepaid_helpers import CO_RECEIVER

    first = await guest(client, "María Pérez", CO_RECEIVER, "CO")
    k = key()
    started = await client.post(
        PAYMENTS,
        headers={**first, "Idempotency-Key": k},
        json=topup_body("guest", CO_RECEIVER, 10000, "COP", PSE, k),
    )
    assert started.status_code == 201, started.text
    payment_id = started.json()["id"]
    second = await guest(client, "Juan Gómez", CO_RECEIVER, "CO")
    for _ in range(3):
        assert_api_error(
            await client.get(f"{PAYMENTS}/{payment_id}", headers=second), 404, "notFound"
        )
    assert_api_error(
        await client.post(f"{PAYMENTS}/{payment_id}/cancel", headers=second), 404, "notFound"
    )
    # Untouched by the second guest: the bank answers on the first guest's own reads.
    states = [
        (await client.get(f"{PAYMENTS}/{payment_id}", headers=first)).json()["status"]
        for _ in range(2)
    ]
    assert states == ["pendingAuthorization", "done"]


async def test_a_guest_reads_nothing_of_the_line_or_its_owner(client, sign_in):
    first = await guest(client, "María Pérez")
    _, _, paid = await pay_by_card(client, first)
    assert paid.status_code == 201, paid.text
    andres = await sign_in("andres")
    line = await line_id(client, andres)
    topups = (await client.get(TOPUPS, headers=andres, params={"product.id": line})).json()
    (topup,) = [t for t in topups if t["payment"]["id"] == paid.json()["id"]]

    second = await guest(client, "Juan Gómez")
    for path, params in [
        (f"{TOPUPS}/{topup['id']}", None),
        (TOPUPS, {"product.id": line}),
        (BUCKETS, {"product.id": line}),
        (HISTORY, {"product.id": line}),
        (MESSAGES, {"receiver": ANDRES_LINE}),
    ]:
        answer = await client.get(path, headers=second, params=params)
        assert_api_error(answer, 404, "notFound")
        assert ANDRES_LINE not in answer.text
    for path in (ACCOUNTS, BILLS):
        assert_api_error(await client.get(path, headers=second), 403, "notForGuests")
    # What the top-up screen needs still answers.
    check = await client.get(NUMBER_CHECK, headers=second, params={"number": ANDRES_LINE})
    assert check.status_code == 200 and check.json()["prepaid"] is True


async def test_the_lines_owner_is_unaffected(client, sign_in):
    first = await guest(client, "María Pérez")
    _, _, by_guest = await pay_by_card(client, first)
    andres = await sign_in("andres")
    account, line = await prepaid_account(client, andres)
    own = await top_up(client, andres, account["id"], ANDRES_LINE, 5, "USD")
    assert own.status_code == 201, own.text
    # His line's top-ups, whoever paid them, and his own payments, as before.
    topups = (await client.get(TOPUPS, headers=andres, params={"product.id": line["id"]})).json()
    assert {by_guest.json()["id"], own.json()["id"]} <= {t["payment"]["id"] for t in topups}
    listed = (await client.get(PAYMENTS, headers=andres)).json()
    assert own.json()["id"] in [p["id"] for p in listed]
    assert by_guest.json()["id"] not in [p["id"] for p in listed]
    read = await client.get(f"{PAYMENTS}/{own.json()['id']}/receipt", headers=andres)
    assert read.status_code == 200 and read.content.startswith(b"%PDF")
    buckets = await client.get(BUCKETS, headers=andres, params={"product.id": line["id"]})
    assert buckets.status_code == 200 and buckets.json()
