"""The account state every screen reads: the accounts, the selected one and its figures.

UI-less (no Textual here). The app owns one ``AccountState`` per sign-in; screens observe it
(the app turns its notices into a reactive they watch) and every money move refreshes it.
Counts, sums and the oldest unpaid bill come from the server in a few small requests, whatever
the account's size. The last figures fetched are kept on disk (``offline_copy``), so that with
the server unreachable the screens show them marked "as of 14:02 - offline".

- ``account``: ``AccountState``, the accounts and the selected one's figures;
- ``summary``: ``Summary``, what Home shows of one account;
- ``offline_copy``: the last figures on disk, and how their age is said;
- ``bills``: the invoice list's filter and its pages;
- ``gather``: requests run at once.
"""

from miclaro_tui.state.account import ACCOUNTS_PAGE, OFFLINE_ERRORS, AccountState
from miclaro_tui.state.bills import STATUS_FILTERS, BillFilter, BillPages, bill_years
from miclaro_tui.state.gather import together
from miclaro_tui.state.offline_copy import (
    FILE_FORMAT,
    FILE_NAME,
    OfflineCopy,
    as_of,
    read_json,
    write_atomic,
)
from miclaro_tui.state.summary import OLDEST_FIRST, SCANNED, UNPAID, Summary, has_commitment

__all__ = [
    "ACCOUNTS_PAGE",
    "FILE_FORMAT",
    "FILE_NAME",
    "OFFLINE_ERRORS",
    "OLDEST_FIRST",
    "SCANNED",
    "STATUS_FILTERS",
    "UNPAID",
    "AccountState",
    "BillFilter",
    "BillPages",
    "OfflineCopy",
    "Summary",
    "as_of",
    "bill_years",
    "has_commitment",
    "read_json",
    "together",
    "write_atomic",
]
