"""What each country's carrier offers prepaid lines: top-up presets and limits, transfer
limits and cost, packs, and the balance advance's tiers (the catalogue is data, the same for
every database)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from miclaro_tui.models import Money, PackOffering, PrepaidCatalog
from miclaro_tui.sandbox.errors import ApiException


def _money(currency: str, value: str) -> Money:
    return Money(unit=currency, value=Decimal(value))


@dataclass(frozen=True)
class Offer:
    """One country's prepaid offer, written compactly (amounts as strings, in the currency)."""

    country: str
    currency: str
    presets: tuple[str, ...]
    topup: tuple[str, str]
    transfer: tuple[str, str]
    fee: str
    cost_owner: str
    packs: tuple[
        tuple[str, str, str, int, int, int, int], ...
    ]  # id, name, price, MB, min, SMS, days
    advance_steps: tuple[str, ...]
    """What an advance may be: the largest step at most half the average top-up."""

    def catalog(self) -> PrepaidCatalog:
        c = self.currency
        return PrepaidCatalog(
            country=self.country,
            currency=c,
            topupPresets=[_money(c, v) for v in self.presets],
            topupMin=_money(c, self.topup[0]),
            topupMax=_money(c, self.topup[1]),
            transferMin=_money(c, self.transfer[0]),
            transferMax=_money(c, self.transfer[1]),
            transferFee=_money(c, self.fee),
            transferCostOwner="sender" if self.cost_owner == "sender" else "receiver",
            packs=[
                PackOffering(
                    id=pack_id,
                    name=name,
                    price=_money(c, price),
                    dataMB=mb,
                    minutes=minutes,
                    sms=sms,
                    validityDays=days,
                )
                for pack_id, name, price, mb, minutes, sms, days in self.packs
            ],
        )


OFFERS: dict[str, Offer] = {
    "CO": Offer(
        "CO",
        "COP",
        ("3000", "5000", "10000", "20000", "50000"),
        ("1000", "200000"),
        ("1000", "50000"),
        "300",
        "sender",
        (
            ("CO-P1D", "Paquete Día", "2000", 500, 30, 20, 1),
            ("CO-P7D", "Paquete Semana", "10000", 3072, 200, 100, 7),
            ("CO-P30D", "Paquete Mes", "30000", 10240, 500, 300, 30),
        ),
        ("2000", "3000", "5000", "10000"),
    ),
    "EC": Offer(
        "EC",
        "USD",
        ("1", "3", "5", "10", "20"),
        ("1", "100"),
        ("0.50", "10"),
        "0.10",
        "sender",
        (
            ("EC-P1D", "Paquete Diario", "1", 1024, 30, 0, 1),
            ("EC-P7D", "Paquete Semanal", "3", 3072, 100, 50, 7),
            ("EC-P30D", "Paquete Mensual", "10", 10240, 300, 100, 30),
        ),
        ("1", "2", "3", "5"),
    ),
    "DO": Offer(
        "DO",
        "DOP",
        ("50", "100", "200", "500", "1000"),
        ("25", "5000"),
        ("25", "1000"),
        "5",
        "receiver",
        (
            ("DO-P1D", "Paquetico 1 día", "75", 1024, 30, 20, 1),
            ("DO-P7D", "Paquetico 7 días", "250", 3072, 100, 50, 7),
            ("DO-P30D", "Paquete 30 días", "700", 10240, 300, 100, 30),
        ),
        ("50", "100", "200"),
    ),
    "PE": Offer(
        "PE",
        "PEN",
        ("3", "5", "10", "20", "30"),
        ("1", "300"),
        ("1", "50"),
        "0.50",
        "sender",
        (
            ("PE-P1D", "Paquete 1 día", "3", 1024, 30, 20, 1),
            ("PE-P7D", "Paquete 7 días", "10", 3072, 100, 50, 7),
            ("PE-P30D", "Paquete 30 días", "30", 10240, 300, 100, 30),
        ),
        ("2", "3", "5"),
    ),
    "BR": Offer(
        "BR",
        "BRL",
        ("15", "20", "30", "50", "100"),
        ("10", "300"),
        ("5", "100"),
        "1",
        "sender",
        (
            ("BR-P1D", "Pacote Diário", "5", 1024, 30, 20, 1),
            ("BR-P7D", "Pacote Semanal", "15", 3072, 100, 50, 7),
            ("BR-P30D", "Pacote Mensal", "45", 10240, 300, 100, 30),
        ),
        ("5", "10", "15"),
    ),
}

ADVANCE_FEE_RATE = Decimal("0.10")
ADVANCE_MIN_MONTHS = 3


def offer(country: str) -> Offer:
    found = OFFERS.get(country)
    if found is None:
        raise ApiException(404, "notFound", f"Prepaid catalog {country} not found")
    return found


def catalog(country: str) -> PrepaidCatalog:
    return offer(country).catalog()


def pack(country: str, pack_id: str) -> PackOffering | None:
    return next((p for p in catalog(country).packs if p.id == pack_id), None)
