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


# --- PIX "copia e cola" (EMV QRCPS Merchant-Presented Mode, Banco Central do Brasil) -------


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, no reflection."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def _emv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise ValueError(f"EMV field {tag} longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def pix_code(key: str, amount: Decimal, merchant_name: str, merchant_city: str, txid: str) -> str:
    """A static PIX BR Code with the amount: what "PIX copia e cola" pastes."""
    if not (txid.isalnum() and len(txid) <= 25):
        raise ValueError("txid must be 1 to 25 letters or digits")
    payload = (
        _emv("00", "01")  # payload format indicator
        + _emv("26", _emv("00", "br.gov.bcb.pix") + _emv("01", key))  # merchant account
        + _emv("52", "0000")  # merchant category code
        + _emv("53", "986")  # BRL
        + _emv("54", f"{amount:.2f}")
        + _emv("58", "BR")
        + _emv("59", merchant_name[:25])
        + _emv("60", merchant_city[:15])
        + _emv("62", _emv("05", txid))  # additional data: transaction id
        + "6304"
    )
    return payload + f"{crc16_ccitt_false(payload.encode('utf-8')):04X}"


def parse_emv(code: str) -> dict[str, str]:
    """The top-level fields of an EMV code, tag -> value (for tests and the client)."""
    fields: dict[str, str] = {}
    i = 0
    while i < len(code):
        tag, length = code[i : i + 2], int(code[i + 2 : i + 4])
        fields[tag] = code[i + 4 : i + 4 + length]
        i += 4 + length
    return fields
