"""What openapi.json says about paying beyond the models: card tokens, payments (card, PSE
and a payment point's cash), their receipts, reports of payments made elsewhere and promises
to pay (see ``contract`` for the shapes)."""

from __future__ import annotations

from miclaro_tui.sandbox.contract import (
    IN_PROGRESS,
    KEY_REUSE,
    RETRY_AFTER,
    error,
    errors,
    invalid,
    keyed,
    links,
    merge,
    not_found,
    with_examples,
)
from miclaro_tui.sandbox.contract_kiosk import (
    CUSTOMERS_ONLY,
    NOT_FOR_OPERATORS,
    OPERATORS_ONLY,
    SHIFT_CLOSED,
)

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
    shiftClosed=SHIFT_CLOSED,
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

# A guest session (POST /auth/guest) reads only the payments made under its own keys.
_OTHER_GUESTS = (
    "a guest session finds only the payments made under its own Idempotency-Keys, not those of"
    " the number's other guests"
)
GET_PAYMENT, CANCEL_PAYMENT, RECEIPT = (
    with_examples(responses, 404, _OTHER_GUESTS)
    for responses in (GET_PAYMENT, CANCEL_PAYMENT, RECEIPT)
)
LIST_PAYMENTS = merge(
    LIST_PAYMENTS,
    {200: {"description": "The caller's payments; a guest session's: only those it made"}},
)
CREATE_PAYMENT = with_examples(
    CREATE_PAYMENT,
    422,
    "a guest's Idempotency-Key that another guest session of the number already paid with",
)
CREATE_REPORT, CREATE_PROMISE = (
    merge(responses, CUSTOMERS_ONLY) for responses in (CREATE_REPORT, CREATE_PROMISE)
)
