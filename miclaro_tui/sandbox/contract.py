"""What openapi.json says about each operation beyond its models: every status it can answer,
an example of every business-rule refusal (by the code and field a client sees), and links
from an answer to the operations that take its ids (so a stateful fuzzer follows real ids).
"""

from __future__ import annotations

import copy
from http import HTTPStatus
from typing import Any

from miclaro_tui.models import ApiError

Responses = dict[int | str, dict[str, Any]]

RETRY_AFTER = {"Retry-After": {"description": "seconds", "schema": {"type": "integer"}}}

# For every operation: answers that do not depend on the route.
COMMON_RESPONSES: Responses = {
    413: {
        "model": ApiError,
        "description": "requestTooLarge: a request body over 64 KiB, refused before it is read",
    },
    503: {
        "model": ApiError,
        "description": "storageUnavailable: the database cannot be used right now (missing,"
        " read-only, I/O error); see Retry-After. Service comes back by itself with the file",
        "headers": RETRY_AFTER,
    },
}

# For list routes: the total behind the page.
LISTED: Responses = {
    200: {
        "description": "One page of results",
        "headers": {
            "X-Total-Count": {
                "description": "How many items match, across all pages",
                "schema": {"type": "integer"},
            }
        },
    }
}

REQUEST_ID_HEADER = "X-Request-ID"
REQUEST_ID = {
    "description": "A random id the server gives each request (16 hex digits), on every answer"
    " (errors included) and in the server's log lines about it: quote it when reporting a"
    " problem",
    "required": True,
    "schema": {"type": "string", "pattern": "^[0-9a-f]{16}$"},
}


def document_request_id(document: dict[str, Any]) -> dict[str, Any]:
    """Add the ``X-Request-ID`` header to every answer of every operation of ``document``."""
    headers = document.setdefault("components", {}).setdefault("headers", {})
    headers[REQUEST_ID_HEADER] = REQUEST_ID
    reference = {"$ref": f"#/components/headers/{REQUEST_ID_HEADER}"}
    for item in document.get("paths", {}).values():
        for operation in item.values():
            for answer in operation.get("responses", {}).values():
                answer["headers"] = {**answer.get("headers", {}), REQUEST_ID_HEADER: reference}
    return document


def error(code: str, status: int, message: str, field: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "code": code,
        "reason": HTTPStatus(status).phrase,
        "message": message,
        "status": status,
    }
    if field:
        body["field"] = field
    return body


def errors(status: int, description: str, **examples: dict[str, Any]) -> Responses:
    """A documented error status with named examples (name: the rule it shows)."""
    answer: dict[str, Any] = {"model": ApiError, "description": description}
    if examples:
        answer["content"] = {
            "application/json": {
                "examples": {name: {"value": value} for name, value in examples.items()}
            }
        }
    return {status: answer}


def invalid(field: str, message: str) -> dict[str, Any]:
    return error("validationError", 422, f"{field}: {message}", field)


IN_PROGRESS = error(
    "requestInProgress",
    409,
    "A request with this Idempotency-Key is still being processed; try again shortly",
)
KEY_REUSE = error(
    "idempotencyKeyReuse",
    422,
    "Idempotency-Key was already used for a different request; use a new key",
    "Idempotency-Key",
)


def links(status: int, **targets: tuple[str, dict[str, str]]) -> Responses:
    """OpenAPI links of a success answer: name -> (operationId, parameters)."""
    return {
        status: {
            "links": {
                name: {"operationId": operation, "parameters": parameters}
                for name, (operation, parameters) in targets.items()
            }
        }
    }


def merge(*parts: Responses) -> Responses:
    merged: Responses = {}
    for part in parts:
        for status, answer in part.items():
            merged.setdefault(status, {}).update(answer)
    return merged


def keyed(responses: Responses) -> Responses:
    """``responses`` plus what an optional Idempotency-Key adds: 409 requestInProgress (with
    Retry-After) while the key is in flight, 422 idempotencyKeyReuse for another request."""
    merged = copy.deepcopy(responses)
    added = (
        (
            409,
            "requestInProgress",
            IN_PROGRESS,
            "requestInProgress: a request with this"
            " Idempotency-Key is still being worked on (retry after Retry-After)",
        ),
        (
            422,
            "idempotencyKeyReuse",
            KEY_REUSE,
            "idempotencyKeyReuse: the Idempotency-Key was used for another request",
        ),
    )
    for status, name, example, description in added:
        # An operation with no 422 of its own has the router's (INVALID): keep its examples.
        answer = merged.setdefault(status, copy.deepcopy(INVALID.get(status, {"model": ApiError})))
        answer["description"] = "; ".join(filter(None, (answer.get("description"), description)))
        content = answer.setdefault("content", {}).setdefault("application/json", {})
        content.setdefault("examples", {})[name] = {"value": example}
    merged[409]["headers"] = RETRY_AFTER
    return merged


UNAUTHORIZED = errors(
    401,
    "invalidToken: missing, expired or revoked access token (see WWW-Authenticate)",
    invalidToken=error("invalidToken", 401, "Missing, expired or revoked access token"),
)
INVALID = errors(
    422,
    "validationError: the request does not fit the contract; `field` names the culprit",
    missingField=invalid("paymentItem", "Field required"),
    tooLong=invalid("channel.name", "String should have at most 100 characters"),
    controlCharacters=invalid(
        "nameOnCard", "String should match pattern '^[^\\u0000-\\u001f...]*$'"
    ),
)
AUTHENTICATED = merge(UNAUTHORIZED, INVALID)


def not_found(what: str, example_id: str) -> Responses:
    return errors(
        404,
        f"notFound: no such {what} for this customer (another customer's is not found either)",
        notFound=error("notFound", 404, f"{what.capitalize()} {example_id} not found"),
    )


# --- per operation --------------------------------------------------------------------------

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

CREATE_CARD = errors(
    422,
    "validationError: the card cannot be used (its number, CVV and expiry are never echoed back)",
    badNumber=invalid("cardNumber", "the card number is not valid; check the digits"),
    expiredCard=invalid("expirationDate", "the card has expired"),
    tooFarAhead=invalid("expirationDate", "the expiry date is too far in the future"),
    wrongCvv=invalid("cvv", "the security code of this card has 4 digits"),
    noName=invalid("nameOnCard", "write the name as printed on the card"),
)

_PAYMENT_LINKS = {
    "GetIt": ("get_payment", {"id": "$response.body#/id"}),
    "CancelIt": ("cancel_payment", {"id": "$response.body#/id"}),
    "ItsReceipt": ("get_payment_receipt", {"id": "$response.body#/id"}),
}
CREATE_PAYMENT = merge(
    errors(
        402,
        "The card was declined; `code` says why. The denied payment is kept (status"
        " denied) and the same Idempotency-Key replays this answer",
        insufficientFunds=error(
            "insufficientFunds", 402, "The card was declined: insufficient funds"
        ),
        expiredCard=error("expiredCard", 402, "The card was declined: the bank reports it expired"),
        doNotHonour=error(
            "doNotHonour", 402, "The card was declined by the issuing bank (do not honour)"
        ),
    ),
    not_found("customer bill", "BILL-0000"),
    errors(
        409,
        "requestInProgress: a request with this Idempotency-Key is still being worked on"
        " (retry after Retry-After; a key whose request died is freed after 30 s);"
        " paymentAbandoned: the client abandoned this key (POST /abandonedPayment) after finding"
        " no payment under it, so this late request makes nothing",
        requestInProgress=IN_PROGRESS,
        paymentAbandoned=error(
            "paymentAbandoned",
            409,
            "This Idempotency-Key was abandoned after its request went unanswered: nothing was"
            " made; use a new key",
            "Idempotency-Key",
        ),
    ),
    errors(
        422,
        "A business rule or the contract refuses the payment; `field` names the culprit."
        " The refusal is stored: the same key and body replay it",
        amountNotSumOfItems=invalid("amount.value", "the amount must equal the sum of the items"),
        overPaymentLimit=invalid("amount.value", "one payment may move at most 100000000 COP"),
        creditLimit=invalid(
            "amount.value",
            "this payment would leave more than 100000000 COP of credit on the"
            " account; pay what the bills owe",
        ),
        moreThanTwoDecimals=invalid(
            "amount.value", "Value error, amount must have at most two decimal places"
        ),
        amountAsString=invalid(
            "amount.value", "Value error, amount must be a JSON number, not a string"
        ),
        notPositive=invalid("amount.value", "the amount must be more than zero"),
        wrongCurrency=invalid("amount.unit", "the account is billed in COP"),
        billOfAnotherAccount=invalid(
            "account.id", "bill FE-2026-11-0001 belongs to another account"
        ),
        billTwice=invalid("paymentItem", "each bill may appear only once"),
        unknownCardToken=invalid("paymentMethod.id", "unknown card token; tokenise the card first"),
        expiredCard=invalid("paymentMethod.id", "the card has expired"),
        installmentsOnDebit=invalid(
            "paymentMethod.installments", "only credit cards take instalments"
        ),
        pseOutsideColombia=invalid("paymentMethod", "PSE pays Colombian accounts only"),
        unknownBank=invalid("paymentMethod.bank", "not a PSE bank; see GET /pse/bank"),
        noDocument=invalid("paymentMethod.documentNumber", "write the document number"),
        correlatorMismatch=invalid("correlatorId", "must equal the Idempotency-Key header"),
        missingKey=invalid("Idempotency-Key", "Field required"),
        idempotencyKeyReuse=KEY_REUSE,
    ),
    links(201, **_PAYMENT_LINKS),
)
CREATE_PAYMENT[409]["headers"] = RETRY_AFTER
ABANDON_PAYMENT = merge(
    errors(
        409,
        "paymentExists: a payment was made under this key (read it with GET"
        " /payment?correlatorId=); requestInProgress: its request is being worked on now"
        " (retry after Retry-After)",
        paymentExists=error(
            "paymentExists",
            409,
            "A payment was made under this Idempotency-Key: read it with GET"
            " /payment?correlatorId=",
        ),
        requestInProgress=IN_PROGRESS,
    ),
    errors(
        422,
        "correlatorId must equal the Idempotency-Key header",
        correlatorId=invalid("correlatorId", "must equal the Idempotency-Key header"),
    ),
)
ABANDON_PAYMENT[409]["headers"] = RETRY_AFTER
LIST_PAYMENTS = links(
    200,
    GetFirstPayment=("get_payment", {"id": "$response.body#/0/id"}),
    ItsReceipt=("get_payment_receipt", {"id": "$response.body#/0/id"}),
)
GET_PAYMENT = merge(
    not_found("payment", "PAY00000000"),
    links(
        200,
        CancelIt=("cancel_payment", {"id": "$request.path.id"}),
        ItsReceipt=("get_payment_receipt", {"id": "$request.path.id"}),
    ),
)
CANCEL_PAYMENT = keyed(
    merge(
        not_found("payment", "PAY00000000"),
        errors(
            409,
            "notCancelable: only a payment pending authorization can be canceled",
            notCancelable=error(
                "notCancelable",
                409,
                "Payment PAY00000001 is done: only a payment pending authorization can be canceled",
            ),
        ),
    )
)
RECEIPT = merge(
    not_found("payment", "PAY00000000"),
    errors(
        409,
        "receiptUnavailable: only a done payment has a receipt",
        receiptUnavailable=error(
            "receiptUnavailable",
            409,
            "Payment PAY00000001 is pendingAuthorization: only a done payment has a receipt",
        ),
    ),
)
CREATE_REPORT = keyed(
    merge(
        not_found("customer bill", "BILL-0000"),
        errors(
            422,
            "A business rule refuses the report; `field` names the culprit",
            nothingToPay=invalid("bill", "bill FE-2026-11-0001 has nothing left to pay"),
            moreThanOwed=invalid("amount.value", "the amount is more than what is left to pay"),
            futureDate=invalid("paymentDate", "the payment date cannot be in the future"),
            beforeIssue=invalid("paymentDate", "the payment date is before the bill was issued"),
            wrongCurrency=invalid("amount.unit", "the bill is in COP"),
        ),
    )
)
CREATE_PROMISE = keyed(
    merge(
        not_found("customer bill", "BILL-0000"),
        errors(
            409,
            "promiseExists: the bill already has a promise to pay (one per bill)",
            promiseExists=error(
                "promiseExists", 409, "Bill FE-2026-11-0001 already has a promise to pay"
            ),
        ),
        errors(
            422,
            "A business rule refuses the promise; `field` names the culprit",
            billNotOverdue=invalid(
                "bill", "bill FE-2026-11-0001 is not overdue: no promise is needed"
            ),
            dateOutOfRange=invalid("promisedDate", "choose a date from 2026-11-26 to 2026-12-05"),
        ),
    )
)


# --- kiosk mode (payment points) -----------------------------------------------------------


def with_examples(
    responses: Responses, status: int, description: str, **examples: dict[str, Any]
) -> Responses:
    """``responses`` with more named examples (and their description) under ``status``,
    keeping the examples already there (``merge`` would replace them)."""
    merged = copy.deepcopy(responses)
    answer = merged.setdefault(status, {"model": ApiError})
    answer["description"] = "; ".join(filter(None, (answer.get("description"), description)))
    content = answer.setdefault("content", {}).setdefault("application/json", {})
    content.setdefault("examples", {}).update({k: {"value": v} for k, v in examples.items()})
    return merged


OPERATORS_ONLY = error("operatorsOnly", 403, "Only kiosk operators and supervisors may do this")
NOT_FOR_OPERATORS = errors(
    403,
    "notForOperators: a kiosk operator's session cannot use a customer's own routes (it reads"
    " customers only through GET /kioskLookup)",
    notForOperators=error(
        "notForOperators",
        403,
        "A kiosk operator's session cannot do this: it is for the customer's own session",
    ),
)
KIOSK = merge(
    UNAUTHORIZED,
    errors(403, "operatorsOnly: a customer's token on a kiosk route", operatorsOnly=OPERATORS_ONLY),
    INVALID,
)
_SHIFT_LINKS = links(
    201,
    ItsReport=("get_kiosk_shift_report", {"id": "$response.body#/id"}),
    CloseIt=("close_kiosk_shift", {"id": "$response.body#/id"}),
    GetIt=("get_kiosk_shift", {"id": "$response.body#/id"}),
)
_SHIFT_CLOSED = error(
    "shiftClosed", 409, "Shift SH00000001 is closed: it takes nothing and cannot reopen"
)
_BAD_COUNT = invalid("openingCount", "COP has no note or coin of 3000")
DENOMINATIONS = errors(
    404,
    "notFound: a country we do not serve",
    notFound=error("notFound", 404, "No cash denominations for XX: not a country we serve"),
)
OPEN_SHIFT = keyed(
    merge(
        errors(
            409,
            "shiftAlreadyOpen: the operator has a shift open; terminalInUse: the terminal has"
            " another operator's shift open",
            shiftAlreadyOpen=error(
                "shiftAlreadyOpen",
                409,
                "You already have shift SH00000001 open on terminal CAJA-01; close it first",
            ),
            terminalInUse=error(
                "terminalInUse",
                409,
                "Terminal CAJA-01 has another operator's shift open",
                "terminalId",
            ),
        ),
        with_examples(
            INVALID,
            422,
            "a count with a value the country has no note or coin of, or a value twice",
            unknownDenomination=_BAD_COUNT,
            countedTwice=invalid("openingCount", "50000 is counted twice; give each value once"),
        ),
        _SHIFT_LINKS,
    )
)
CURRENT_SHIFT = errors(
    404,
    "noOpenShift: the caller has no open shift",
    noOpenShift=error("noOpenShift", 404, "You have no open shift: open one first"),
)
_SHIFT_NOT_FOUND = not_found("kiosk shift", "SH00000000")
GET_SHIFT = merge(
    _SHIFT_NOT_FOUND,
    links(200, ItsReport=("get_kiosk_shift_report", {"id": "$request.path.id"})),
)
SHIFT_REPORT = _SHIFT_NOT_FOUND
SHIFT_PAYMENTS = merge(
    errors(
        404,
        "notFound: no such shift, or another operator's (a supervisor reads every shift of"
        " their country)",
        notFound=error("notFound", 404, "Kiosk shift SH00000000 not found"),
    ),
    links(200, ItsReport=("get_kiosk_shift_report", {"id": "$request.path.id"})),
)
CLOSE_SHIFT = keyed(
    merge(
        _SHIFT_NOT_FOUND,
        errors(409, "shiftClosed: the shift is closed already", shiftClosed=_SHIFT_CLOSED),
        with_examples(
            INVALID,
            422,
            "a count with a value the country has no note or coin of",
            unknownDenomination=invalid("count", "COP has no note or coin of 3000"),
        ),
    )
)
LOOKUP = merge(
    errors(
        404,
        "notFound: nobody of the operator's country matches",
        notFound=error("notFound", 404, "No customer of this country matches"),
    ),
    with_examples(
        INVALID,
        422,
        "not exactly one of line, document, reference; or one that cannot be a number",
        notExactlyOne=invalid("line", "give exactly one of line, document or reference"),
        badDocument=invalid("document", "not a valid identity document number of BR"),
        badLine=invalid("line", "a line number has 7 to 15 digits"),
        badReference=invalid("reference", "the payment reference or barcode has 8 to 60 digits"),
    ),
)
_REFUND_LINKS = {
    "GetIt": ("get_refund", {"id": "$response.body#/id"}),
    "ItsReceipt": ("get_refund_receipt", {"id": "$response.body#/id"}),
}
CREATE_REFUND = keyed(
    merge(
        not_found("payment", "PAY00000000"),
        errors(
            403,
            "notYourPayment: another operator took it and no supervisor approved;"
            " supervisorRequired: the supervisor's credentials are wrong",
            notYourPayment=error(
                "notYourPayment",
                403,
                "Payment PAY00000001 was taken by another operator: a supervisor must approve"
                " its void",
                "supervisor",
            ),
            supervisorRequired=error(
                "supervisorRequired",
                403,
                "A supervisor of this country must approve: wrong supervisor user or password",
                "supervisor",
            ),
            operatorsOnly=OPERATORS_ONLY,
        ),
        errors(
            409,
            "alreadyVoided: voided before; shiftClosed: its shift is closed; topupNotVoidable:"
            " a top-up's balance was credited at once and cannot be taken back",
            alreadyVoided=error(
                "alreadyVoided", 409, "Payment PAY00000001 was already voided (RF00000002)"
            ),
            shiftClosed=_SHIFT_CLOSED,
            topupNotVoidable=error(
                "topupNotVoidable",
                409,
                "Payment PAY00000001 topped up line +573209876543: the balance was credited at"
                " once and cannot be taken back",
                "payment.id",
            ),
        ),
        with_examples(
            INVALID,
            422,
            "notCash: only cash taken at a payment point can be voided here",
            notCash=error(
                "notCash",
                422,
                "Payment PAY00000001 was not taken in cash at a payment point: it cannot be"
                " voided here",
                "payment.id",
            ),
        ),
        links(201, **_REFUND_LINKS),
    )
)
GET_REFUND = merge(
    not_found("refund", "RF00000000"),
    links(200, ItsReceipt=("get_refund_receipt", {"id": "$request.path.id"})),
)

# POST /payment with a cash method (kiosk staff), and a customer's token trying it.
CREATE_PAYMENT = with_examples(
    CREATE_PAYMENT,
    403,
    "operatorsOnly: a customer paying in cash (only a payment point takes cash);"
    " notForOperators: kiosk staff paying by card or PSE; notYourShift: another operator's"
    " shift",
    operatorsOnly=OPERATORS_ONLY,
    notForOperators=NOT_FOR_OPERATORS[403]["content"]["application/json"]["examples"][
        "notForOperators"
    ]["value"],
    notYourShift=error(
        "notYourShift",
        403,
        "Shift SH00000001 is another operator's: take cash in your own shift",
        "paymentMethod.shift",
    ),
)
CREATE_PAYMENT = with_examples(
    CREATE_PAYMENT,
    409,
    "billAlreadyPaid: the bill has nothing left to pay (another till paid it meanwhile);"
    " noOpenShift / shiftClosed: cash needs the operator's open shift",
    billAlreadyPaid=error(
        "billAlreadyPaid",
        409,
        "Bill FE-2026-11-0001 has nothing left to pay: it was paid meanwhile",
        "paymentItem",
    ),
    noOpenShift=error(
        "noOpenShift",
        409,
        "No open shift SH00000009 of yours: open a shift before taking cash",
        "paymentMethod.shift",
    ),
    shiftClosed=_SHIFT_CLOSED,
)
CREATE_PAYMENT = with_examples(
    CREATE_PAYMENT,
    422,
    "cash: exceedsAmountDue (more than the bill owes), belowMinimum, cashShort (less cash than"
    " the amount), cash no notes and coins make",
    exceedsAmountDue=error(
        "exceedsAmountDue",
        422,
        "Bill FE-2026-11-0001 owes 125900 COP: a payment point takes at most that",
        "paymentItem.amount.value",
    ),
    belowMinimum=error(
        "belowMinimum",
        422,
        "A payment point takes at least 1000 COP for a bill (or all it still owes)",
        "paymentItem.amount.value",
    ),
    cashShort=error(
        "cashShort",
        422,
        "The cash received (100000 COP) is less than the amount (125900 COP)",
        "paymentMethod.cashReceived.value",
    ),
    notTenderable=invalid("paymentMethod.cashReceived.value", "no notes and coins of COP make 25"),
)
