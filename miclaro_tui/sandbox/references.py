"""Payment references printed on a bill: the cash code and the barcode digits.

Brazil uses the FEBRABAN "arrecadação" layout (segment 4, telecom): a 44-digit barcode whose
typed form (linha digitável) is 48 digits, four blocks of 11 each followed by a check digit.
The other countries use a GS1-128 utility layout: (415) company GLN, (8020) payment
reference, (390n) amount, 46 digits in all.
"""

from __future__ import annotations

from decimal import Decimal


def mod10(digits: str) -> str:
    """FEBRABAN modulo-10 check digit (weights 2, 1, 2, ... from the right)."""
    total = 0
    for i, char in enumerate(reversed(digits)):
        product = int(char) * (2 if i % 2 == 0 else 1)
        total += product // 10 + product % 10
    return str((10 - total % 10) % 10)


def boleto_line(amount: Decimal, company: str, free_field: str) -> str:
    """The 48-digit typed line of a Brazilian utility bill (segment 4, value in reais)."""
    value = f"{int(amount * 100):011d}"
    body = "846" + value + company + free_field  # product 8, segment 4, value kind 6
    if len(body) != 43:
        raise ValueError("company must have 4 digits and the free field 25")
    barcode = body[:3] + mod10(body) + body[3:]
    return "".join(block + mod10(block) for block in _blocks(barcode))


def boleto_barcode(line: str) -> str:
    """The 44 digits encoded in the bars, from the 48-digit typed line."""
    return "".join(line[i : i + 11] for i in range(0, 48, 12))


def gs1_utility_code(gln: str, reference: str, amount: Decimal, decimals: int) -> str:
    """The 46 digits of a GS1-128 utility payment code; AI 390n carries n decimals."""
    if len(gln) != 13 or len(reference) != 12:
        raise ValueError("GLN must have 13 digits and the reference 12")
    value = int(amount.scaleb(decimals))
    return "415" + gln + "8020" + reference + f"390{decimals}" + f"{value:010d}"


def barcode_digits(reference: str) -> str:
    """The digits to draw as bars for a bill's ``paymentReference.barcode``."""
    return boleto_barcode(reference) if len(reference) == 48 else reference


def _blocks(barcode: str) -> list[str]:
    return [barcode[i : i + 11] for i in range(0, 44, 11)]
