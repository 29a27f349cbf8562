"""What openapi.json says about the prepaid operations beyond their models: every rule's
refusal with an example (see ``contract`` for the shapes)."""

from __future__ import annotations

from miclaro_tui.sandbox.contract import (
    Responses,
    error,
    errors,
    invalid,
    keyed,
    links,
    merge,
    not_found,
)


def _rule(code: str, message: str, field: str) -> dict:
    return error(code, 422, message, field)


NOT_PREPAID = _rule(
    "notPrepaidLine",
    "receiverProduct.id: +573176543210 is a postpaid line; only prepaid lines can be topped"
    " up or receive balance",
    "receiverProduct.id",
)
NOT_CLARO = _rule(
    "notPrepaidLine",
    "number: +573001112233 is not a Claro line; only Claro prepaid lines can be topped up or"
    " receive balance",
    "number",
)
OTHER_COUNTRY = _rule(
    "otherCountry",
    "number: +51912345678 is a number of PE; only numbers of CO can be topped up or receive"
    " balance here",
    "number",
)
BAD_NUMBER = invalid("number", "+5730012 is not a valid phone number")
POSTPAID_LINE = _rule(
    "notPrepaidLine",
    "product.id: line +573001234567 is postpaid; this is for prepaid lines",
    "product.id",
)

LINE_READ = merge(
    not_found("line", "LN00000000"),
    errors(
        422,
        "notPrepaidLine: the line is postpaid; validationError: a bad filter",
        notPrepaidLine=POSTPAID_LINE,
        missingLine=invalid("product.id", "Field required"),
    ),
)
USAGE = merge(
    not_found("line", "LN00000000"),
    links(200, ItsBuckets=("list_buckets", {"product.id": "$response.body#/0/product/id"})),
)
CATALOG = merge(
    not_found("prepaid catalog", "AR"),
    errors(
        422,
        "validationError: not a country code",
        badCountry=invalid("country", "String should match pattern '^[A-Z]{2}$'"),
    ),
)
NUMBER_CHECK = errors(
    422,
    "otherCountry: a number of another country; validationError: not a valid number",
    otherCountry=OTHER_COUNTRY,
    invalidNumber=BAD_NUMBER,
)
TOPUP = not_found("top-up", "TOP00000000")
TRANSFER = keyed(
    merge(
        not_found("line", "LN00000000"),
        errors(
            409,
            "insufficientBalance: the balance is less than what the transfer debits;"
            " advanceOpen: the line owes a balance advance",
            insufficientBalance=error(
                "insufficientBalance",
                409,
                "The balance (7.50 USD) is less than 10.10 USD",
                "amount",
            ),
            advanceOpen=error(
                "advanceOpen",
                409,
                "This line owes a balance advance: top up to repay it before sending balance",
            ),
        ),
        errors(
            422,
            "A rule refuses the transfer; `code` and `field` say which",
            notPrepaidLine=NOT_PREPAID,
            otherCountry=_rule(
                "otherCountry",
                "receiverProduct.id: +51912345678 is a number of PE; only numbers of EC can be"
                " topped up or receive balance here",
                "receiverProduct.id",
            ),
            sameLine=_rule(
                "sameLine",
                "receiverProduct.id: that is the sending line itself",
                "receiverProduct.id",
            ),
            amountBelowMin=_rule(
                "amountBelowMin", "amount.value: a transfer is at least 0.50 USD", "amount.value"
            ),
            amountAboveMax=_rule(
                "amountAboveMax", "amount.value: a transfer is at most 10 USD", "amount.value"
            ),
            moneyOrPack=invalid(
                "amount", "send either an amount of money or a packOffering, not both"
            ),
            unknownPack=invalid("packOffering.id", "no pack EC-P99D in EC"),
            missingKey=invalid("Idempotency-Key", "Field required"),
        ),
        links(201, GetIt=("get_transfer_balance", {"id": "$response.body#/id"})),
    )
)
GET_TRANSFER = not_found("transfer", "TRF00000000")
ADVANCE = keyed(
    merge(
        not_found("line", "LN00000000"),
        errors(
            409,
            "notEligible / advanceOpen: the line cannot take an advance now;"
            " offerChanged: the amount is not the offer's any more",
            notEligible=error(
                "notEligible", 409, "This line cannot take a balance advance now (tooNew)"
            ),
            advanceOpen=error(
                "advanceOpen",
                409,
                "This line already has an advance to repay; the next top-up repays it",
            ),
            offerChanged=error(
                "offerChanged", 409, "The offer is now 3 USD: read it again", "amount"
            ),
        ),
        errors(
            422,
            "notPrepaidLine: the line is postpaid; validationError: the contract refuses it",
            notPrepaidLine=POSTPAID_LINE,
            missingKey=invalid("Idempotency-Key", "Field required"),
        ),
    )
)
ACTION_RECEIPT = not_found("balance action", "BA00000000")
MESSAGES = merge(
    errors(
        404,
        "notFound: the number is not the caller's, nor one the caller topped up or sent balance"
        " to (another customer's number is not found either)",
        notFound=error("notFound", 404, "Line +573001234567 not found"),
    ),
    errors(
        422,
        "validationError: not a number in E.164",
        missingReceiver=invalid("receiver", "Field required"),
    ),
)
GUEST: Responses = errors(
    422,
    "The number cannot be topped up here, or the payer's details are not valid",
    otherCountry=OTHER_COUNTRY,
    notPrepaidLine=NOT_CLARO,
    invalidDocument=invalid("documentNumber", "not a valid CI; check the digits"),
    wrongDocumentType=invalid("documentType", "use one of CI, RUC in EC"),
    noName=invalid("name", "write the payer's full name (letters only)"),
)
