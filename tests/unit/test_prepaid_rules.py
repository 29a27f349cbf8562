"""The prepaid screens' rules, without a UI: numbers of the country, amounts within the
carrier's limits in the country's notation, the payer's document, a transfer's cost, buckets,
usage rows and a postpaid account's 12-month spending."""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from miclaro_tui.i18n import set_language
from miclaro_tui.models import (
    Bucket,
    ConsumptionBucket,
    ConsumptionSummary,
    CustomerBill,
    Money,
    PackOffering,
    PrepaidCatalog,
    Quantity,
    Ref,
    TimePeriod,
    UsageConsumptionReport,
)
from miclaro_tui.prepaid import (
    RuleError,
    amount_within,
    bar_text,
    check_document,
    check_name,
    e164_number,
    last_months,
    monthly_spending,
    national_number,
    quantity_text,
    refusal_message,
    share_left,
    short_month,
    transfer_quote,
    usage_rows,
)


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("es")


def usd(value: str) -> Money:
    return Money(unit="USD", value=Decimal(value))


def catalog(owner: str = "sender") -> PrepaidCatalog:
    return PrepaidCatalog(
        country="EC",
        currency="USD",
        topupPresets=[usd("3"), usd("5"), usd("10")],
        topupMin=usd("1"),
        topupMax=usd("100"),
        transferMin=usd("0.50"),
        transferMax=usd("20"),
        transferFee=usd("0.25"),
        transferCostOwner=owner,  # type: ignore[arg-type]
        packs=[
            PackOffering(
                id="ec-pack-1",
                name="Pack 1 GB",
                price=usd("3"),
                dataMB=1024,
                minutes=50,
                sms=20,
                validityDays=7,
            )
        ],
    )


# --- numbers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "country", "e164"),
    [
        ("099 123 4567", "EC", "+593991234567"),
        ("+593 99 123 4567", "EC", "+593991234567"),
        ("0991234567", "EC", "+593991234567"),
        ("809-555-0123", "DO", "+18095550123"),
        ("320 987 6543", "CO", "+573209876543"),
    ],
)
def test_a_number_of_the_country_in_either_notation_is_read_as_e164(typed, country, e164):
    assert e164_number(typed, country) == e164


def test_a_number_of_another_country_is_refused_naming_that_country():
    with pytest.raises(RuleError) as refused:
        e164_number("+57 320 987 6543", "EC")
    assert refused.value.reason == "otherCountry"
    assert "Colombia" in refused.value.message and "Ecuador" in refused.value.message
    assert refused.value.message.startswith("Number:")


@pytest.mark.parametrize(
    ("typed", "reason"), [("", "empty"), ("12", "invalid"), ("abc", "invalid")]
)
def test_a_number_that_is_not_one_names_the_field(typed, reason):
    with pytest.raises(RuleError) as refused:
        e164_number(typed, "EC")
    assert refused.value.reason == reason
    assert refused.value.message.startswith("Number:")


def test_numbers_are_shown_as_the_country_writes_them():
    assert national_number("+593991234567") == "099 123 4567"
    assert national_number("not a number") == "not a number"


# --- amounts --------------------------------------------------------------------------------


def test_an_amount_within_the_limits_in_the_country_notation():
    assert amount_within("5", "es_EC", usd("1"), usd("100")) == usd("5")
    assert amount_within("7,50", "es_EC", usd("1"), usd("100")) == usd("7.50")


def test_the_dominican_notation_has_decimals_after_a_point():
    dop = Money(unit="DOP", value=Decimal("50"))
    top = Money(unit="DOP", value=Decimal("5000"))
    assert amount_within("1,500.25", "es_DO", dop, top).value == Decimal("1500.25")


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("0,5", "amountBelowMin"),
        ("0,50", "amountBelowMin"),
        ("101", "amountAboveMax"),
        ("0.5", "grouping"),
        ("", "empty"),
        ("5,123", "ambiguous"),
        ("-5", "negative"),
    ],
)
def test_amounts_out_of_the_limits_or_malformed_are_refused_naming_the_field(typed, reason):
    with pytest.raises(RuleError) as refused:
        amount_within(typed, "es_EC", usd("1"), usd("100"))
    assert refused.value.reason == reason
    assert refused.value.message.startswith("Amount:")


def test_the_limits_are_said_in_the_country_notation():
    with pytest.raises(RuleError) as refused:
        amount_within("150", "es_EC", usd("1"), usd("100"))
    assert "100,00" in refused.value.message


# --- documents and names ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "kind", "number"),
    [
        ("EC", "CI", "1710034065"),
        ("DO", "CED", "001-1391820-5"),
        ("BR", "CPF", "111.444.777-35"),
        ("CO", "CC", "1020304050"),
        ("CO", "NIT", "900.123.456-8"),
        ("PE", "DNI", "12345678"),
    ],
)
def test_valid_documents_pass_compacted(country, kind, number):
    compact = check_document(country, kind, number)
    assert compact.isalnum()


@pytest.mark.parametrize(
    ("country", "kind", "number"),
    [
        ("EC", "CI", "1710034066"),  # check digit
        ("BR", "CPF", "111.444.777-36"),
        ("DO", "CED", "00113918206"),
        ("CO", "CC", "12ab"),
        ("PE", "DNI", "1234567"),
        ("EC", "CI", ""),
    ],
)
def test_invalid_documents_are_refused_naming_the_field(country, kind, number):
    with pytest.raises(RuleError) as refused:
        check_document(country, kind, number)
    assert refused.value.message.startswith("Document number:")


def test_a_name_needs_letters_and_no_digits():
    assert check_name("  Ana   María  ") == "Ana María"
    for typed in ("", "A", "4111 1111 1111 1111"):
        with pytest.raises(RuleError):
            check_name(typed)


# --- transfers ---------------------------------------------------------------------------------


def test_the_sender_pays_the_fee_on_top():
    quote = transfer_quote(catalog("sender"), usd("10"), usd("5"), None)
    assert (quote.total, quote.receiver_gets, quote.sender_pays_fee) == (
        usd("5.25"),
        usd("5"),
        True,
    )
    assert quote.affordable


def test_the_receiver_pays_the_fee_out_of_what_they_get():
    quote = transfer_quote(catalog("receiver"), usd("10"), usd("5"), None)
    assert (quote.total, quote.receiver_gets) == (usd("5"), usd("4.75"))


def test_a_transfer_above_the_balance_is_not_affordable_fee_included():
    assert not transfer_quote(catalog(), usd("5"), usd("5"), None).affordable
    assert transfer_quote(catalog(), usd("5.25"), usd("5"), None).affordable


def test_a_pack_gift_costs_its_price_and_the_fee():
    pack = catalog().packs[0]
    quote = transfer_quote(catalog(), usd("4"), None, pack)
    assert quote.total == usd("3.25") and quote.receiver_gets is None


def test_a_transfer_is_money_or_a_pack_not_both():
    with pytest.raises(ValueError):
        transfer_quote(catalog(), usd("4"), usd("1"), catalog().packs[0])


def test_refusals_by_code_are_said_in_words_and_others_left_to_the_error():
    class Refused(Exception):
        code = "notPrepaidLine"

    assert "prepaid" in (refusal_message(Refused(), "EC") or "")
    assert refusal_message(ValueError("x"), "EC") is None


# --- buckets and usage --------------------------------------------------------------------------


def bucket(kind: str, left: str, of: str, units: str, status: str = "active") -> Bucket:
    return Bucket(
        id=f"b-{kind}",
        name=kind,
        usageType=kind,  # type: ignore[arg-type]
        remainingValue=Quantity(amount=Decimal(left), units=units),
        initialValue=Quantity(amount=Decimal(of), units=units),
        status=status,  # type: ignore[arg-type]
        product=Ref(id="line-1", name="+593991234567"),
    )


def test_share_left_is_between_0_and_1_and_0_when_expired():
    assert share_left(bucket("data", "512", "2048", "MB")) == Decimal("0.25")
    assert share_left(bucket("data", "512", "0", "MB")) == 0
    assert share_left(bucket("voice", "50", "100", "min", "expired")) == 0
    assert share_left(bucket("sms", "150", "100", "SMS")) == 1


def test_bars_fill_by_share_and_keep_their_width():
    assert bar_text(Decimal("0.25"), 8) == "██░░░░░░"
    assert bar_text(Decimal(0), 4) == "░░░░"


def test_quantities_read_as_people_say_them():
    assert quantity_text(Decimal("2560"), "MB", "es_EC") == "2,5 GB"
    assert quantity_text(Decimal("300"), "MB", "es_EC") == "300 MB"
    assert quantity_text(Decimal("45"), "min", "es_EC") == "45 min"
    assert quantity_text(Decimal("20"), "SMS", "es_EC") == "20 SMS"
    assert "4,50" in quantity_text(Decimal("4.5"), "USD", "es_EC")


def test_usage_rows_are_one_per_month_oldest_first():
    def summaries(values):
        return [
            ConsumptionSummary(
                consumptionPeriod=TimePeriod(
                    startDateTime=date(2026, month, 1), endDateTime=date(2026, month, 28)
                ),
                value=Quantity(amount=Decimal(v), units="x"),
            )
            for month, v in values
        ]

    report = UsageConsumptionReport(
        id="r",
        name="usage",
        effectiveDate=datetime(2026, 11, 1, tzinfo=timezone.utc),
        product=Ref(id="line-1"),
        bucket=[
            ConsumptionBucket(
                usageType="voice", name="v", consumptionSummary=summaries([(10, 40), (9, 30)])
            ),
            ConsumptionBucket(
                usageType="data", name="d", consumptionSummary=summaries([(9, 1000), (10, 2000)])
            ),
            ConsumptionBucket(
                usageType="monetary", name="m", consumptionSummary=summaries([(9, 5)])
            ),
        ],
    )
    rows = usage_rows(report)
    assert [r.month for r in rows] == [date(2026, 9, 1), date(2026, 10, 1)]
    assert (rows[0].data_mb, rows[0].minutes, rows[0].sms) == (1000, 30, 0)
    assert (rows[1].data_mb, rows[1].minutes) == (2000, 40)


# --- spending ----------------------------------------------------------------------------------


def test_last_months_cross_the_year():
    assert last_months(date(2026, 2, 15), 3) == [
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]


def bill(billed: date, value: str, category: str = "normal") -> CustomerBill:
    cop = Money(unit="COP", value=Decimal(value))
    return CustomerBill(
        id=f"b{billed}{value}",
        billNo="1",
        billDate=billed,
        billingPeriod=TimePeriod(startDateTime=billed, endDateTime=billed),
        paymentDueDate=billed,
        cutOffDate=billed,
        state="settled",
        amountDue=cop,
        remainingAmount=Money.zero("COP"),
        taxExcludedAmount=cop,
        taxIncludedAmount=cop,
        billingAccount=Ref(id="acc"),
        category=category,  # type: ignore[arg-type]
    )


def test_monthly_spending_sums_by_bill_month_over_12_months_zero_when_none():
    bills = [
        bill(date(2026, 11, 2), "100000"),
        bill(date(2026, 11, 20), "50000"),
        bill(date(2026, 11, 21), "50000", "duplicate"),
        bill(date(2026, 1, 2), "90000"),
        bill(date(2025, 11, 2), "70000"),  # 13 months back: out
    ]
    months = monthly_spending(bills, date(2026, 11, 26), "COP")
    assert len(months) == 12
    assert months[0] == (date(2025, 12, 1), Money.zero("COP"))
    assert months[1][1].value == Decimal("90000")
    assert months[-1] == (date(2026, 11, 1), Money(unit="COP", value=Decimal("150000")))


def test_chart_months_are_three_letters_in_every_language():
    assert [short_month(date(2026, m, 1), "es_EC") for m in (9, 12)] == ["sep", "dic"]
    assert short_month(date(2026, 9, 1), "pt_BR") == "set"
