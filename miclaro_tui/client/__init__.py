"""The billing API over HTTP (httpx): ``BillingClient`` implements ``api.BillingApi``.

Split the way SDKs are: ``transport`` sends (attempts under one deadline) by ``retry``'s policy,
``errors`` and ``decode`` read what comes back, ``session`` signs in and keeps the tokens,
``resources`` reads accounts and bills, ``payments`` moves money (journal, reconciling), and
``billing_client`` puts them together.
"""

from miclaro_tui.client.billing_client import BillingClient

__all__ = ["BillingClient"]
