"""Where the billing API's resources live: TM Forum base paths, and ids made path-safe."""

from __future__ import annotations

from urllib.parse import quote

ACCOUNT = "/tmf-api/accountManagement/v4"
BILLING = "/tmf-api/customerBillManagement/v4"
PAYMENT = "/tmf-api/paymentManagement/v4"
PAYMENT_METHOD = "/tmf-api/paymentMethods/v4"


def segment(*parts: str) -> str:
    """``parts`` joined by "/", each quoted whole: an id (from the server or the user) can
    never add a path segment."""
    return "/".join(quote(part, safe="") for part in parts)
