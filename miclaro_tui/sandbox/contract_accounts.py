"""What openapi.json says about signing in, billing accounts, bills and their items beyond
their models (see ``contract`` for the shapes)."""

from __future__ import annotations

from miclaro_tui.sandbox.contract import (
    INVALID,
    error,
    errors,
    invalid,
    keyed,
    links,
    merge,
    not_found,
)
from miclaro_tui.sandbox.contract_kiosk import CUSTOMERS_ONLY

SIGN_IN = merge(
    errors(
        401,
        "invalidCredentials: wrong user or password; an unknown login answers the same",
        invalidCredentials=error("invalidCredentials", 401, "Wrong user or password"),
    ),
    errors(
        403,
        "accountLocked: 5 failed sign-ins lock that login (known or not) for 5 minutes;"
        " Retry-After has the seconds left. A remembered session (refresh) still works",
        accountLocked=error(
            "accountLocked", 403, "Too many failed sign-ins: this login is locked for 5 min"
        ),
    ),
    INVALID,
)
SIGN_IN[403]["headers"] = {
    "Retry-After": {"description": "seconds until the lock ends", "schema": {"type": "integer"}}
}

REFRESH = merge(
    errors(
        401,
        "invalidToken: the refresh token is invalid, expired or was already used",
        expired=error(
            "invalidToken", 401, "The refresh token is invalid or expired; sign in again"
        ),
        reused=error("invalidToken", 401, "The refresh token was already used; sign in again"),
    ),
    INVALID,
)

LIST_ACCOUNTS = links(
    200,
    GetFirstAccount=("get_billing_account", {"id": "$response.body#/0/id"}),
    ListItsBills=("list_customer_bills", {"billingAccount.id": "$response.body#/0/id"}),
    ListItsPayments=("list_payments", {"account.id": "$response.body#/0/id"}),
)
GET_ACCOUNT = merge(
    not_found("billing account", "ACC-0000"),
    links(200, ListItsBills=("list_customer_bills", {"billingAccount.id": "$response.body#/id"})),
)

LIST_BILLS = merge(
    errors(
        422,
        "validationError: a filter, sort or page that cannot be used",
        unknownState=invalid(
            "state", "unknown bill state 'paid'; use new, sent, partiallyPaid, settled, onHold"
        ),
        unknownSort=invalid(
            "sort",
            "cannot sort by 'amount'; use billDate or paymentDueDate, each with a"
            " leading - for descending",
        ),
        offsetTooLarge=invalid("offset", "Input should be less than or equal to 1000000"),
    ),
    links(
        200,
        GetFirstBill=("get_customer_bill", {"id": "$response.body#/0/id"}),
        ItsDocument=("get_customer_bill_document", {"id": "$response.body#/0/id"}),
        ItsItems=("list_applied_customer_billing_rates", {"bill.id": "$response.body#/0/id"}),
    ),
)
_BILL_LINKS = links(
    200,
    ItsDocument=("get_customer_bill_document", {"id": "$request.path.id"}),
    SendIt=("send_customer_bill", {"id": "$request.path.id"}),
    ItsItems=("list_applied_customer_billing_rates", {"bill.id": "$response.body#/id"}),
    ItsAccount=("get_billing_account", {"id": "$response.body#/billingAccount/id"}),
)
GET_BILL = merge(not_found("customer bill", "BILL-0000"), _BILL_LINKS)
BILL_DOCUMENT = not_found("customer bill", "BILL-0000")
SEND_BILL = keyed(
    merge(
        not_found("customer bill", "BILL-0000"),
        errors(
            422,
            "validationError: not an e-mail address (checked by email-validator, RFC 5321/5322)",
            invalidEmail=invalid(
                "email",
                "not a valid e-mail address (The part after the @-sign is not valid."
                " It should have a period.)",
            ),
            noEmail=invalid("email", "write an e-mail address"),
        ),
    )
)
LIST_RATES = merge(
    not_found("customer bill", "BILL-0000"),
    links(200, GetFirstItem=("get_applied_customer_billing_rate", {"id": "$response.body#/0/id"})),
)
GET_RATE = not_found("applied customer billing rate", "RATE-0000")

# A guest session may call none of these (403 notForGuests, beside kiosk staff's notForOperators).
LIST_ACCOUNTS, GET_ACCOUNT, LIST_BILLS, GET_BILL, BILL_DOCUMENT, SEND_BILL, LIST_RATES, GET_RATE = (
    merge(responses, CUSTOMERS_ONLY)
    for responses in (
        LIST_ACCOUNTS,
        GET_ACCOUNT,
        LIST_BILLS,
        GET_BILL,
        BILL_DOCUMENT,
        SEND_BILL,
        LIST_RATES,
        GET_RATE,
    )
)
