"""What openapi.json says about kiosk mode (payment points) beyond the models: shifts and
their cash counts, looking up a customer, voids (see ``contract`` for the shapes; the cash
payment itself: ``contract_payments``)."""

from __future__ import annotations

from miclaro_tui.sandbox.contract import (
    INVALID,
    UNAUTHORIZED,
    error,
    errors,
    invalid,
    keyed,
    links,
    merge,
    not_for_guests,
    not_found,
    with_examples,
)

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
CUSTOMERS_ONLY = not_for_guests(NOT_FOR_OPERATORS)
"""403 of a customer's own route that a guest session may not call either."""
KIOSK = not_for_guests(
    merge(
        UNAUTHORIZED,
        errors(
            403, "operatorsOnly: a customer's token on a kiosk route", operatorsOnly=OPERATORS_ONLY
        ),
        INVALID,
    )
)
_SHIFT_LINKS = links(
    201,
    ItsReport=("get_kiosk_shift_report", {"id": "$response.body#/id"}),
    CloseIt=("close_kiosk_shift", {"id": "$response.body#/id"}),
    GetIt=("get_kiosk_shift", {"id": "$response.body#/id"}),
)
SHIFT_CLOSED = error(
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
        errors(409, "shiftClosed: the shift is closed already", shiftClosed=SHIFT_CLOSED),
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
CREATE_REFUND = not_for_guests(
    keyed(
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
                shiftClosed=SHIFT_CLOSED,
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
)
GET_REFUND = merge(
    not_found("refund", "RF00000000"),
    links(200, ItsReceipt=("get_refund_receipt", {"id": "$request.path.id"})),
)
