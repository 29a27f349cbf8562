"""What Home shows of one account, as the server said it at a moment, and the bill queries
that find it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from miclaro_tui.models import BillingAccount, CustomerBill, Money

UNPAID = "new,partiallyPaid,sent"
"""The bill states still to pay, as the ``state`` filter of the bill list."""
OLDEST_FIRST = "paymentDueDate,billDate"
SCANNED = 50
"""Unpaid bills, oldest first, read in one request to find promises and reports."""


def has_commitment(bill: CustomerBill) -> bool:
    """An active promise to pay, or a payment reported and still posting."""
    promise, report = bill.paymentPromise, bill.paymentReport
    return (promise is not None and promise.state == "active") or (
        report is not None and report.state == "pendingPosting"
    )


@dataclass(frozen=True)
class Summary:
    """What Home shows of one account, as the server said it at ``fetched_at``."""

    account: BillingAccount
    fetched_at: datetime
    unpaid_count: int | None = None
    """Bills still to pay; None when not asked (a prepaid account, or not fetched yet)."""
    overdue_count: int | None = None
    oldest_unpaid: CustomerBill | None = None
    """The unpaid bill the server sorts first by due date: the one to pay first."""
    committed: tuple[CustomerBill, ...] = ()
    """Unpaid bills with an active promise to pay or a reported payment still posting."""
    scanned: int = 0
    """How many unpaid bills, oldest first, were read to find ``committed``."""

    @property
    def credit(self) -> Money:
        return self.account.balance("creditBalance")

    @property
    def scanned_all(self) -> bool:
        return self.unpaid_count is None or self.scanned >= self.unpaid_count

    def to_json(self) -> dict[str, Any]:
        def dump(model: Any) -> Any:
            return json.loads(model.model_dump_json())

        return {
            "account": dump(self.account),
            "fetched_at": self.fetched_at.isoformat(),
            "unpaid_count": self.unpaid_count,
            "overdue_count": self.overdue_count,
            "oldest_unpaid": dump(self.oldest_unpaid) if self.oldest_unpaid else None,
            "committed": [dump(bill) for bill in self.committed],
            "scanned": self.scanned,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Summary:
        from miclaro_tui.models import BillingAccount, CustomerBill

        oldest = data.get("oldest_unpaid")
        return cls(
            account=BillingAccount.model_validate(data["account"]),
            fetched_at=datetime.fromisoformat(data["fetched_at"]),
            unpaid_count=data.get("unpaid_count"),
            overdue_count=data.get("overdue_count"),
            oldest_unpaid=CustomerBill.model_validate(oldest) if oldest else None,
            committed=tuple(CustomerBill.model_validate(b) for b in data.get("committed", [])),
            scanned=data.get("scanned", 0),
        )
