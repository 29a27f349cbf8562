"""Demo data: customers, accounts, lines and 13 months of bills.

Everything comes from ``random.Random(seed)`` and the given ``today``, never the wall clock,
so the same inputs always give the same database. Every postpaid account ends up with its
newest bill pending and not yet due, the one before it overdue, and the rest settled.

How a bill adds up (amounts are Decimal, quantized to the currency's unit):
- each non-tax item has ``taxExcludedAmount`` (net) and ``taxIncludedAmount`` (net + its own
  taxes, listed in ``appliedTax``);
- each tax line (type "tax") carries the sum of that tax over the items, in both amounts;
- so the bill's ``taxIncludedAmount`` = sum of every item's ``taxExcludedAmount`` (tax lines
  included) = sum of the non-tax items' ``taxIncludedAmount``.
"""

from __future__ import annotations

import random
import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from miclaro_tui.sandbox.demo import DEMO_USERS
from miclaro_tui.sandbox.kiosk_staff import ensure_staff
from miclaro_tui.sandbox.passwords import hash_password
from miclaro_tui.sandbox.references import boleto_line, gs1_utility_code, pix_code
from miclaro_tui.sandbox.timezones import stored, zone

BILLS_PER_ACCOUNT = 13
DAYS_TO_PAY = 15
DAYS_TO_CUT_OFF = 5

# A made-up random ("EVP") PIX key of the carrier, and the names a PIX payer's bank shows.
PIX_KEY = "7d9f0335-8dcc-4054-9bf9-0dbd61d36906"
PIX_MERCHANT = ("CLARO SA", "SAO PAULO")

# How past bills were paid, per country: (weight, method type, detail choices).
PAST_PAYMENT_METHODS: dict[str, tuple[tuple[int, str, tuple[str, ...]], ...]] = {
    "CO": (
        (55, "tokenizedCard", ("visa", "mastercard", "amex", "diners")),
        (25, "bankAccountTransfer", ("Bancolombia", "Davivienda", "Nequi", "BBVA Colombia")),
        (20, "cash", ("Efecty", "Baloto", "SuRed")),
    ),
    "BR": (
        (50, "tokenizedCard", ("visa", "mastercard", "elo", "hipercard")),
        (30, "bankAccountTransfer", ("Nubank", "Itaú", "Bradesco", "Banco do Brasil")),
        (20, "cash", ("Boleto - Casa Lotérica", "Boleto - Correios")),
    ),
    "PE": (
        (60, "tokenizedCard", ("visa", "mastercard", "amex")),
        (40, "cash", ("Agente BCP", "PagoEfectivo", "Tambo+")),
    ),
}


@dataclass(frozen=True)
class TaxRule:
    category: str
    rate: Decimal


@dataclass(frozen=True)
class CountryBilling:
    currency: str
    decimals: int
    language: str
    taxes: tuple[TaxRule, ...]
    bill_series: str
    roaming: tuple[str, str]  # amount ranges, in currency units
    calls: tuple[str, str]
    extra_data: tuple[str, str]
    reconnection: str

    @property
    def quantum(self) -> Decimal:
        return Decimal(1).scaleb(-self.decimals)

    def money(self, value: Decimal) -> Decimal:
        return value.quantize(self.quantum, rounding=ROUND_HALF_UP)


BILLING: dict[str, CountryBilling] = {
    "CO": CountryBilling(
        "COP",
        0,
        "es",
        (TaxRule("IVA", Decimal("0.19")),),
        "FE",
        ("15000", "60000"),
        ("3000", "25000"),
        ("9900", "19900"),
        "8900",
    ),
    "BR": CountryBilling(
        "BRL",
        2,
        "pt",
        (
            TaxRule("ICMS", Decimal("0.18")),
            TaxRule("PIS", Decimal("0.0065")),
            TaxRule("COFINS", Decimal("0.03")),
        ),
        "NFST-",
        ("30", "150"),
        ("5", "40"),
        ("14.90", "29.90"),
        "15.00",
    ),
    "PE": CountryBilling(
        "PEN",
        2,
        "es",
        (TaxRule("IGV", Decimal("0.18")),),
        "F001-",
        ("25", "120"),
        ("3", "30"),
        ("10", "20"),
        "10.00",
    ),
    "EC": CountryBilling(
        "USD",
        2,
        "es",
        (TaxRule("IVA", Decimal("0.15")),),
        "001-001-",
        ("10", "40"),
        ("2", "15"),
        ("5", "10"),
        "5.00",
    ),
    "DO": CountryBilling(
        "DOP",
        2,
        "es",
        (TaxRule("ITBIS", Decimal("0.18")), TaxRule("ISC", Decimal("0.10"))),
        "B01",
        ("500", "2500"),
        ("100", "900"),
        ("300", "600"),
        "350.00",
    ),
}

WORDS: dict[str, dict[str, Any]] = {
    "es": {
        "plan": "Cargo fijo de la línea {number}",
        "roaming": "Roaming internacional",
        "roaming_detail": "{amount} GB en {place}",
        "calls": "Llamadas internacionales",
        "calls_detail": "{amount} min a {place}",
        "extra_data": "Datos adicionales",
        "extra_data_detail": "Paquete de {amount} GB",
        "late_fee": "Intereses de mora",
        "late_fee_detail": "Mora de la factura {bill_no}",
        "reconnection": "Reconexión del servicio",
        "discount": "Descuento por permanencia",
        "discount_detail": "10 % del cargo fijo de la línea {number}",
        "places": ("Estados Unidos", "España", "México", "Panamá", "Chile", "Argentina"),
    },
    "pt": {
        "plan": "Assinatura mensal da linha {number}",
        "roaming": "Roaming internacional",
        "roaming_detail": "{amount} GB em {place}",
        "calls": "Ligações internacionais",
        "calls_detail": "{amount} min para {place}",
        "extra_data": "Internet adicional",
        "extra_data_detail": "Pacote de {amount} GB",
        "late_fee": "Multa e juros por atraso",
        "late_fee_detail": "Atraso da fatura {bill_no}",
        "reconnection": "Religação do serviço",
        "discount": "Desconto fidelidade",
        "discount_detail": "10 % da assinatura da linha {number}",
        "places": ("Estados Unidos", "Portugal", "Argentina", "Itália", "Chile", "Uruguai"),
    },
}


@dataclass(frozen=True)
class LineSpec:
    number: str  # E.164
    country_code: str  # calling code digits, e.g. "57"
    plan_name: str
    monthly_fee: str = "0"  # net of taxes, postpaid only


@dataclass(frozen=True)
class AccountSpec:
    account_type: str
    lines: tuple[LineSpec, ...]
    paperless: bool = False
    prepaid_balance: str | None = None


@dataclass(frozen=True)
class CustomerSpec:
    username: str
    name: str
    country: str
    document_type: str
    document_number: str
    email: str
    accounts: tuple[AccountSpec, ...]


CUSTOMERS: tuple[CustomerSpec, ...] = (
    CustomerSpec(
        "camila",
        "Camila Rodríguez Pérez",
        "CO",
        "CC",
        "1020304050",
        "camila.rodriguez@example.com",
        (
            AccountSpec(
                "postpaid",
                (
                    LineSpec("+573001234567", "57", "Plan Max 40 GB", "75546"),
                    LineSpec("+573104567890", "57", "Plan Max 20 GB", "50336"),
                ),
                paperless=True,
            ),
            AccountSpec(
                "prepaid",
                (LineSpec("+573209876543", "57", "Prepago Todo Incluido"),),
                prepaid_balance="12500",
            ),
        ),
    ),
    CustomerSpec(
        "joao",
        "João Pedro Almeida",
        "BR",
        "CPF",
        "529.982.247-25",
        "joao.almeida@example.com",
        (
            AccountSpec(
                "postpaid",
                (LineSpec("+5511998765432", "55", "Claro Pós 50 GB", "119.90"),),
            ),
        ),
    ),
    CustomerSpec(
        "lucia",
        "Lucía Quispe Mamani",
        "PE",
        "DNI",
        "45871236",
        "lucia.quispe@example.com",
        (
            AccountSpec(
                "postpaid",
                (LineSpec("+51987654321", "51", "Max Ilimitado 69.90", "59.24"),),
                paperless=True,
            ),
        ),
    ),
    CustomerSpec(
        "andres",
        "Andrés Villacís Torres",
        "EC",
        "CI",
        "1712345675",
        "andres.villacis@example.com",
        (
            AccountSpec(
                "prepaid",
                (LineSpec("+593991234567", "593", "Prepago Claro Amigo"),),
                prepaid_balance="7.50",
            ),
        ),
    ),
    CustomerSpec(
        "rosa",
        "Rosa Méndez Guzmán",
        "DO",
        "CED",
        "001-1234567-3",
        "rosa.mendez@example.com",
        (
            AccountSpec(
                "prepaid",
                (LineSpec("+18095550123", "1", "Prepago Claro Full"),),
                prepaid_balance="350.00",
            ),
        ),
    ),
)


# --- bills ---------------------------------------------------------------------------------


@dataclass
class Item:
    name: str
    type: str
    net: Decimal
    description: str | None = None
    taxed: bool = True
    period: tuple[date, date] | None = None
    taxes: list[tuple[TaxRule, Decimal]] = field(default_factory=list)

    @property
    def gross(self) -> Decimal:
        return self.net + sum((amount for _, amount in self.taxes), Decimal(0))


@dataclass
class Bill:
    id: str
    bill_no: str
    bill_date: date
    period: tuple[date, date]
    items: list[Item]
    tax_lines: list[tuple[TaxRule, Decimal]]
    state: str = "settled"
    paid_on: date | None = None

    @property
    def due_date(self) -> date:
        return self.bill_date + timedelta(days=DAYS_TO_PAY)

    @property
    def cut_off_date(self) -> date:
        return self.due_date + timedelta(days=DAYS_TO_CUT_OFF)

    @property
    def tax_excluded(self) -> Decimal:
        return sum((item.net for item in self.items), Decimal(0))

    @property
    def tax_included(self) -> Decimal:
        return self.tax_excluded + sum((amount for _, amount in self.tax_lines), Decimal(0))


def add_months(day: date, months: int) -> date:
    """The same day of another month (callers keep ``day.day`` at 28 or less)."""
    month_index = day.year * 12 + day.month - 1 + months
    return day.replace(year=month_index // 12, month=month_index % 12 + 1)


def newest_bill_date(today: date, rng: random.Random) -> date:
    """Issued a few days ago, on a day every month has, and due no earlier than today."""
    day = today - timedelta(days=rng.randint(2, 12))
    while day.day > 28:
        day -= timedelta(days=1)
    return day


def percent(rate: Decimal) -> str:
    """0.19 -> "19", 0.0065 -> "0.65"."""
    return f"{rate * 100:f}".rstrip("0").rstrip(".")


def apply_taxes(item: Item, billing: CountryBilling) -> None:
    if item.taxed:
        item.taxes = [(rule, billing.money(item.net * rule.rate)) for rule in billing.taxes]


def random_amount(rng: random.Random, bounds: tuple[str, str], billing: CountryBilling) -> Decimal:
    low, high = (Decimal(bound) for bound in bounds)
    cents = rng.randint(int(low * 100), int(high * 100))
    # Peso prices end in hundreds; the others in cents.
    step = Decimal(100) if billing.decimals == 0 else Decimal("0.01")
    return (Decimal(cents) / 100 / step).quantize(Decimal(1)) * step


class Seeder:
    def __init__(self, conn: sqlite3.Connection, today: date, seed: int) -> None:
        self.conn = conn
        self.today = today
        self.rng = random.Random(seed)
        # Past payments draw from their own generator, so adding them left the bills as they were.
        self.payment_rng = random.Random(f"{seed}:payments")
        self.sequence = 0
        self.used_ids: set[str] = set()

    def new_id(self, prefix: str, digits: int) -> str:
        while True:
            candidate = prefix + "".join(str(self.rng.randrange(10)) for _ in range(digits))
            if candidate not in self.used_ids:
                self.used_ids.add(candidate)
                return candidate

    def run(self) -> None:
        passwords = {user.username: user.password for user in DEMO_USERS}
        for index, spec in enumerate(CUSTOMERS):
            customer_id = self.insert_customer(spec, passwords[spec.username])
            for account in spec.accounts:
                self.insert_account(customer_id, spec, account, index)
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES ('sequence', ?)", (str(self.sequence),)
        )

    def insert_customer(self, spec: CustomerSpec, password: str) -> int:
        # The salt comes from the seeded generator so the whole database is reproducible; the
        # demo passwords are public anyway.
        salt = self.rng.randbytes(16)
        document_key = "".join(c for c in spec.document_number if c.isalnum()).upper()
        cursor = self.conn.execute(
            "INSERT INTO customer (username, name, country, document_type, document_number,"
            " document_key, email, password_salt, password_hash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                spec.username,
                spec.name,
                spec.country,
                spec.document_type,
                spec.document_number,
                document_key,
                spec.email,
                salt,
                hash_password(password, salt),
            ),
        )
        return int(cursor.lastrowid or 0)

    def insert_account(
        self, customer_id: int, customer: CustomerSpec, spec: AccountSpec, index: int
    ) -> None:
        billing = BILLING[customer.country]
        account_id = self.new_id(customer.country, 8)
        self.conn.execute(
            "INSERT INTO billing_account (id, customer_id, name, account_type, state, country,"
            " currency, email, paperless, prepaid_balance) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                account_id,
                customer_id,
                customer.name,
                spec.account_type,
                "active",
                customer.country,
                billing.currency,
                customer.email,
                int(spec.paperless),
                spec.prepaid_balance,
            ),
        )
        for position, line in enumerate(spec.lines):
            digits = line.number.lstrip("+")
            self.conn.execute(
                "INSERT INTO line (id, account_id, number, e164_digits, national_digits,"
                " line_type, plan_name, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    self.new_id("LN", 8),
                    account_id,
                    line.number,
                    digits,
                    digits[len(line.country_code) :],
                    spec.account_type,
                    line.plan_name,
                    position,
                ),
            )
        if spec.account_type == "postpaid":
            for bill in self.make_bills(spec, billing, index):
                self.insert_bill(account_id, billing, bill)
                if bill.state == "settled" and bill.paid_on is not None:
                    self.insert_past_payment(
                        customer_id, account_id, customer.country, billing, bill
                    )

    def make_bills(self, spec: AccountSpec, billing: CountryBilling, index: int) -> list[Bill]:
        """Oldest first. One old bill was paid after its cut-off date, so the next one carries
        a late fee and a reconnection; the newest carries a late fee for the overdue one."""
        rng = self.rng
        words = WORDS[billing.language]
        newest = newest_bill_date(self.today, rng)
        paid_late = rng.randint(1, BILLS_PER_ACCOUNT - 4)  # index from the oldest
        number = (index + 1) * 10**6 + rng.randint(0, 10**5)
        bills: list[Bill] = []
        for position in range(BILLS_PER_ACCOUNT):
            is_newest = position == BILLS_PER_ACCOUNT - 1
            bill_date = add_months(newest, position - BILLS_PER_ACCOUNT + 1)
            period = (add_months(bill_date, -1), bill_date - timedelta(days=1))
            number += rng.randint(1000, 5000)
            items = self.monthly_items(spec, billing, words, period)
            if bills and (is_newest or position == paid_late + 1):
                previous = bills[-1]
                items.append(
                    Item(
                        words["late_fee"],
                        "surcharge",
                        billing.money(previous.tax_included * Decimal("0.02")),
                        taxed=False,
                        description=words["late_fee_detail"].format(bill_no=previous.bill_no),
                    )
                )
                if not is_newest:
                    items.append(
                        Item(words["reconnection"], "surcharge", Decimal(billing.reconnection))
                    )
            for item in items:
                apply_taxes(item, billing)
            tax_lines = [
                (
                    rule,
                    sum(
                        (amount for item in items for r, amount in item.taxes if r == rule),
                        Decimal(0),
                    ),
                )
                for rule in billing.taxes
            ]
            bill = Bill(
                self.new_id("CB", 10),
                f"{billing.bill_series}{number:08d}",
                bill_date,
                period,
                items,
                tax_lines,
            )
            if position == paid_late:
                bill.paid_on = bill.cut_off_date + timedelta(days=rng.randint(1, 5))
            else:
                bill.paid_on = bill.due_date - timedelta(days=rng.randint(0, 10))
            bills.append(bill)
        bills[-1].state = "sent" if spec.paperless else "new"
        bills[-2].state = "sent"
        bills[-1].paid_on = bills[-2].paid_on = None
        return bills

    def monthly_items(
        self,
        spec: AccountSpec,
        billing: CountryBilling,
        words: dict[str, Any],
        period: tuple[date, date],
    ) -> list[Item]:
        rng = self.rng
        items = [
            Item(
                line.plan_name,
                "recurringCharge",
                Decimal(line.monthly_fee),
                period=period,
                description=words["plan"].format(number=line.number),
            )
            for line in spec.lines
        ]
        place = rng.choice(words["places"])
        if rng.random() < 0.25:
            gigabytes = Decimal(rng.randint(5, 40)) / 10
            items.append(
                Item(
                    words["roaming"],
                    "usageCharge",
                    random_amount(rng, billing.roaming, billing),
                    description=words["roaming_detail"].format(amount=gigabytes, place=place),
                )
            )
        if rng.random() < 0.35:
            items.append(
                Item(
                    words["calls"],
                    "usageCharge",
                    random_amount(rng, billing.calls, billing),
                    description=words["calls_detail"].format(
                        amount=rng.randint(3, 90), place=place
                    ),
                )
            )
        if rng.random() < 0.3:
            items.append(
                Item(
                    words["extra_data"],
                    "usageCharge",
                    random_amount(rng, billing.extra_data, billing),
                    description=words["extra_data_detail"].format(amount=rng.choice((1, 2, 3, 5))),
                )
            )
        if rng.random() < 0.3:
            first = spec.lines[0]
            items.append(
                Item(
                    words["discount"],
                    "credit",
                    -billing.money(Decimal(first.monthly_fee) / 10),
                    description=words["discount_detail"].format(number=first.number),
                )
            )
        return items

    def insert_bill(self, account_id: str, billing: CountryBilling, bill: Bill) -> None:
        total = bill.tax_included
        remaining = billing.money(Decimal(0)) if bill.state == "settled" else total
        cash_code = "".join(str(self.rng.randrange(10)) for _ in range(12))
        pix = None
        if billing.currency == "BRL":
            free_field = cash_code + bill.bill_date.strftime("%Y%m%d") + "00000"
            barcode = boleto_line(total, "0296", free_field)
            pix = pix_code(PIX_KEY, total, *PIX_MERCHANT, txid=bill.id)
        else:
            barcode = gs1_utility_code("7709998001234", cash_code, total, billing.decimals)
        updated = bill.paid_on or bill.bill_date
        self.conn.execute(
            "INSERT INTO bill (id, account_id, bill_no, bill_date, period_start, period_end,"
            " payment_due_date, cut_off_date, next_bill_date, state, currency, amount_due,"
            " remaining_amount, tax_excluded_amount, tax_included_amount, cash_code, barcode,"
            " pix_code, last_update)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                bill.id,
                account_id,
                bill.bill_no,
                bill.bill_date.isoformat(),
                bill.period[0].isoformat(),
                bill.period[1].isoformat(),
                bill.due_date.isoformat(),
                bill.cut_off_date.isoformat(),
                add_months(bill.bill_date, 1).isoformat(),
                bill.state,
                billing.currency,
                str(total),
                str(remaining),
                str(bill.tax_excluded),
                str(total),
                cash_code,
                barcode,
                pix,
                datetime.combine(updated, time(6, 0), tzinfo=timezone.utc).isoformat(),
            ),
        )
        self.conn.executemany(
            "INSERT INTO bill_tax (bill_id, position, category, rate, amount)"
            " VALUES (?, ?, ?, ?, ?)",
            [
                (bill.id, position, rule.category, str(rule.rate), str(amount))
                for position, (rule, amount) in enumerate(bill.tax_lines)
            ],
        )
        rows = list(bill.items) + [
            Item(f"{rule.category} {percent(rule.rate)} %", "tax", amount, taxed=False)
            for rule, amount in bill.tax_lines
        ]
        for position, item in enumerate(rows):
            rate_id = f"{bill.id}-{position + 1:02d}"
            self.conn.execute(
                "INSERT INTO bill_rate (id, bill_id, position, name, description, type, date,"
                " period_start, period_end, tax_excluded_amount, tax_included_amount)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    rate_id,
                    bill.id,
                    position,
                    item.name,
                    item.description,
                    item.type,
                    bill.bill_date.isoformat(),
                    item.period[0].isoformat() if item.period else None,
                    item.period[1].isoformat() if item.period else None,
                    str(item.net),
                    str(item.gross),
                ),
            )
            self.conn.executemany(
                "INSERT INTO bill_rate_tax (rate_id, position, category, rate, amount)"
                " VALUES (?, ?, ?, ?, ?)",
                [
                    (rate_id, i, rule.category, str(rule.rate), str(amount))
                    for i, (rule, amount) in enumerate(item.taxes)
                ],
            )

    def insert_past_payment(
        self,
        customer_id: int,
        account_id: str,
        country: str,
        billing: CountryBilling,
        bill: Bill,
    ) -> None:
        """The payment that settled a past bill, so the history is not empty."""
        assert bill.paid_on is not None
        rng = self.payment_rng
        methods = PAST_PAYMENT_METHODS[country]
        weights = [weight for weight, _, _ in methods]
        _, method, choices = rng.choices(methods, weights)[0]
        detail = rng.choice(choices)
        self.sequence += 1
        seq = self.sequence
        payment_id = f"PAY{seq:08d}"
        when = stored(
            datetime.combine(
                bill.paid_on,
                time(rng.randint(7, 21), rng.randint(0, 59), rng.randint(0, 59)),
                tzinfo=zone(country),
            )
        )
        brand = last_four = bank = description = None
        if method == "tokenizedCard":
            brand, last_four = detail, f"{rng.randint(0, 9999):04d}"
            channel = ("miclaro-app", "Mi Claro app")
        elif method == "bankAccountTransfer":
            bank = detail
            channel = ("pse", "PSE") if country == "CO" else ("pix", "PIX")
            description = channel[1]
        else:
            description = detail
            channel = (detail.split(" - ")[-1].lower().replace(" ", "-"), detail)
        total = str(bill.tax_included)
        self.conn.execute(
            "INSERT INTO payment (id, seq, customer_id, account_id, correlator_id, status,"
            " status_date, payment_date, currency, amount, method_type, brand, last_four,"
            " bank_name, method_description, channel_id, channel_name, authorization_code,"
            " receipt_no) VALUES (?, ?, ?, ?, ?, 'done', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                payment_id,
                seq,
                customer_id,
                account_id,
                f"seed-{payment_id.lower()}",
                when,
                when,
                billing.currency,
                total,
                method,
                brand,
                last_four,
                bank,
                description,
                channel[0],
                channel[1],
                f"{rng.randint(0, 999999):06d}",
                f"RC-{bill.paid_on:%Y%m%d}-{seq:06d}",
            ),
        )
        self.conn.execute(
            "INSERT INTO payment_item (payment_id, position, bill_id, amount) VALUES (?, 0, ?, ?)",
            (payment_id, bill.id, total),
        )
        self.conn.execute(
            "INSERT INTO applied_payment (bill_id, payment_id, amount, applied_at)"
            " VALUES (?, ?, ?, ?)",
            (bill.id, payment_id, total, when),
        )


def seed_database(conn: sqlite3.Connection, today: date, seed: int = 2026) -> None:
    """Fill an empty schema (inside the caller's transaction)."""
    Seeder(conn, today, seed).run()
    ensure_staff(conn)
