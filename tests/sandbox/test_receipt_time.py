"""A payment's moment is the clock's time of day in the account country's zone, on the
sandbox's day; the receipt prints it with the zone's abbreviation or UTC offset."""

from __future__ import annotations

import io
import zoneinfo
from datetime import datetime, timezone
from decimal import Decimal

import pytest
from pypdf import PdfReader

from miclaro_tui.countries import COUNTRIES
from miclaro_tui.models import Money, Payment, PaymentItem, PaymentMethodSummary, Ref
from miclaro_tui.sandbox import timezones
from miclaro_tui.sandbox.receipts import ReceiptDocument, render_receipt
from tests.conftest import TODAY
from tests.sandbox.payment_helpers import (
    PAYMENTS,
    card_method,
    pay,
    payment_body,
    postpaid,
    tokenize,
)

# 08:26:05 UTC on some day: 03:26 in Bogotá, Lima and Guayaquil, 05:26 in São Paulo, 04:26
# in Santo Domingo.
AT_0826_UTC = datetime(2026, 11, 20, 8, 26, 5, tzinfo=timezone.utc).timestamp()


def receipt_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize(
    ("country", "local", "label"),
    [
        ("CO", "03:26", "UTC-05:00"),
        ("PE", "03:26", "UTC-05:00"),
        ("EC", "03:26", "UTC-05:00"),
        ("BR", "05:26", "UTC-03:00"),
        ("DO", "04:26", "AST (UTC-04:00)"),
    ],
)
def test_the_moment_and_its_label_per_country(country, local, label):
    moment = timezones.moment(TODAY, AT_0826_UTC, country)
    assert moment.date() == TODAY and f"{moment:%H:%M}" == local
    assert timezones.zone_label(moment) == label
    stored = timezones.stored(moment)
    assert stored.endswith("+00:00")
    assert timezones.local(stored, country) == moment


def test_zones_work_without_the_system_zoneinfo():
    zoneinfo.reset_tzpath(to=[])  # only the tzdata package is left
    try:
        for profile in COUNTRIES.values():
            zone = zoneinfo.ZoneInfo.no_cache(profile.time_zone)
            assert zone.utcoffset(datetime(2026, 11, 25))
    finally:
        zoneinfo.reset_tzpath()


async def test_a_receipt_shows_the_local_time_of_the_payment(client, sign_in, clock):
    clock.now = AT_0826_UTC
    for username, expected in (
        ("camila", "25/11/2026 03:26 UTC-05:00"),
        ("joao", "25/11/2026 05:26 UTC-03:00"),
        ("lucia", "25/11/2026 03:26 UTC-05:00"),
    ):
        headers = await sign_in(username)
        account, bills = await postpaid(client, headers)
        token = await tokenize(client, headers)
        paid = (
            await pay(
                client,
                headers,
                payment_body(
                    account, [(bills[1], bills[1]["remainingAmount"]["value"])], card_method(token)
                ),
            )
        ).json()
        # The same instant in every zone: 08:26:05 UTC on the sandbox's day (TODAY).
        assert Payment.model_validate(paid).paymentDate == datetime(
            2026, 11, 25, 8, 26, 5, tzinfo=timezone.utc
        )
        response = await client.get(f"{PAYMENTS}/{paid['id']}/receipt", headers=headers)
        text = receipt_text(response.content)
        assert expected in text and "12:00" not in text, (username, text)


def test_a_receipt_in_santo_domingo_names_the_zone():
    when = datetime(2026, 11, 25, 8, 26, tzinfo=timezone.utc)
    money = Money(unit="DOP", value=Decimal("1500.50"))
    payment = Payment(
        id="PAY00000001",
        correlatorId="test-key-0001",
        status="done",
        statusDate=when,
        paymentDate=when,
        account=Ref(id="DO00000001"),
        amount=money,
        paymentItem=[PaymentItem(item=Ref(id="CB1", name="B0100000001"), amount=money)],
        paymentMethod=PaymentMethodSummary(
            type="tokenizedCard", brand="visa", lastFourDigits="1111"
        ),
        authorizationCode="123456",
        receiptNo="RC-20261125-000001",
    )
    text = receipt_text(
        render_receipt(
            ReceiptDocument(
                payment=payment, holder="Rosa", holder_document="CED 001-1234567-3", country="DO"
            )
        )
    )
    assert "25/11/2026 04:26 AST (UTC-04:00)" in text
