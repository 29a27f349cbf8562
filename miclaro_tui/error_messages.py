"""The client's own words for the billing API's errors, in the user's language.

The server's ``message`` is English and meant for logs; the customer reads the text here,
chosen by the error's ``code`` (and, for a ``validationError``, by its ``field`` and which rule
the message states). A field is named by the label the form shows, and dates and amounts the
server quotes are written in the user's format. The server's message is shown only for a code
this table does not know (a newer server's).

No UI here: ``api_errors`` calls ``message_for``; screens may call it through an error's
``message_in(locale)`` to format dates and amounts for the account's country.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from miclaro_tui.i18n import N_, _, current_language

# What each code means to the customer. Every code the sandbox (and so openapi.json) can answer
# is here; tests/unit/test_error_messages.py walks both.
CODE_MESSAGES: dict[str, str] = {
    # sign-in and session
    "invalidCredentials": N_("Wrong user or password."),
    "invalidToken": N_("Your session has expired. Please sign in again."),
    "accountLocked": N_(
        "This account is locked after too many failed sign-ins. Try again in {minutes} min."
    ),
    "forbidden": N_("You are not allowed to do that."),
    "notForGuests": N_("Without an account you can only top up: sign in to do this."),
    # cards
    "insufficientFunds": N_("The card was declined: insufficient funds."),
    "expiredCard": N_("The card was declined: the bank says it has expired."),
    "doNotHonour": N_("The card was declined by the bank that issued it."),
    # payments, receipts, promises
    "notCancelable": N_("This payment can no longer be cancelled: the bank has already answered."),
    "receiptUnavailable": N_("The receipt is ready once the payment is approved."),
    "promiseExists": N_("This invoice already has a promise to pay (one per invoice)."),
    "requestInProgress": N_("Your previous request is still being processed. Try again shortly."),
    "idempotencyKeyReuse": N_("This request was already used for another one. Start again."),
    # the server itself
    "notFound": N_("We could not find it. It may have been removed: refresh and try again."),
    "conflict": N_("That conflicts with the account's current state. Refresh and try again."),
    "methodNotAllowed": N_("The server does not take that request. Update the app."),
    "requestTooLarge": N_("What was sent is too large. Shorten it and try again."),
    "tooManyRequests": N_("Too many requests. Wait a moment and try again."),
    "storageUnavailable": N_("The server cannot reach its data right now. Try again in a moment."),
    "internalError": N_("The server had a problem. Try again in a moment."),
    "httpError": N_("The server refused the request. Try again later."),
    "validationError": N_("The server did not accept the data sent. Check the form."),
    # prepaid lines
    "notPrepaidLine": N_("That number is not a prepaid line of ours: it cannot take this."),
    "otherCountry": N_("That number belongs to another country: choose a line of this country."),
    "amountBelowMin": N_("The amount is below the minimum allowed."),
    "amountAboveMax": N_("The amount is above the maximum allowed."),
    "insufficientBalance": N_("Your balance is not enough for this."),
    "advanceOpen": N_("You already have a balance advance to repay: top up first."),
    "notEligible": N_("This line cannot take a balance advance yet."),
    "offerChanged": N_("The offer changed meanwhile. Look at the new one and try again."),
    "sameLine": N_("Choose another line: it cannot be the same line."),
    # payment points (kiosk)
    "notForOperators": N_("This is for customers: an operator's session cannot do it."),
    "operatorsOnly": N_("Only a payment point's operator can do this."),
    "cashShort": N_("The cash received is less than the amount to pay."),
    "exceedsAmountDue": N_("The amount is more than what the invoice owes."),
    "billAlreadyPaid": N_("This invoice is already paid: do not take money for it."),
    "shiftClosed": N_("The shift is closed: open a new shift first."),
    "notYourPayment": N_("Another operator took this payment: a supervisor must approve the void."),
    "alreadyVoided": N_("This payment was already voided."),
    "notCash": N_("Only a cash payment can be voided here."),
    "topupNotVoidable": N_("A top-up cannot be voided: the balance was credited at once."),
    "paymentAbandoned": N_(
        "Nothing was charged: the payment was abandoned after it went unanswered. Pay again to"
        " try anew."
    ),
    "paymentExists": N_(
        "A payment was made with this request after all: check your payment history."
    ),
    "belowMinimum": N_("The amount is below what a payment point takes for an invoice."),
    "noOpenShift": N_("You have no open shift: open one first."),
    "notYourShift": N_("This shift is another operator's: take cash in your own shift."),
    "shiftAlreadyOpen": N_("You already have a shift open: close it first."),
    "supervisorRequired": N_("A supervisor must approve: wrong supervisor user or password."),
    "terminalInUse": N_("This terminal has another operator's shift open."),
}

_GENERIC_VALIDATION = CODE_MESSAGES["validationError"]

# The API's field names, as the forms label them.
FIELD_LABELS: dict[str, str] = {
    "username": N_("User, line number or document"),
    "password": N_("Password"),
    "refreshToken": N_("Session"),
    "promisedDate": N_("Pay by"),  # the promise dialog's label
    "paymentDate": N_("Date paid"),
    "amount": N_("Amount"),
    "amount.value": N_("Amount"),
    "amount.unit": N_("Currency"),
    "paymentItem": N_("Invoices to pay"),
    "paymentItem.amount.value": N_("Amount"),
    "paymentItem.amount.unit": N_("Currency"),
    "account.id": N_("Account"),
    "bill": N_("Invoice"),
    "bill.id": N_("Invoice"),
    "email": N_("E-mail address"),
    "channel": N_("Where you paid"),
    "channel.name": N_("Where you paid"),
    "reference": N_("Receipt number"),
    "nameOnCard": N_("Name on the card"),
    "cardNumber": N_("Card number"),
    "expirationDate": N_("Expiry (MM/YY)"),
    "cvv": N_("Security code (CVV)"),
    "paymentMethod": N_("Payment method"),
    "paymentMethod.id": N_("Card"),
    "paymentMethod.installments": N_("Instalments"),
    "paymentMethod.bank": N_("Your bank"),
    "paymentMethod.documentType": N_("Document type"),
    "paymentMethod.documentNumber": N_("Document number"),
    "paymentMethod.personType": N_("Person type"),
    "receiverProduct.id": N_("Line number"),
    "product.id": N_("Line"),
    "number": N_("Line number"),
    "line": N_("Line number"),
    "document": N_("Document number"),
    "cashReceived": N_("Cash received"),
    "cashReceived.value": N_("Cash received"),
    "reason": N_("Reason"),
}

# The rules a validationError's message states (after "field: "), with the words we show.
# Named groups: start/end/day are ISO dates and value+currency an amount, written in the
# user's format; any other group is shown as sent.
_RULES: tuple[tuple[str, str], ...] = (
    (
        r"choose a date from (?P<start>\d{4}-\d\d-\d\d) to (?P<end>\d{4}-\d\d-\d\d)",
        N_("choose a date from {start} to {end}."),
    ),
    (r"the payment date cannot be in the future", N_("it cannot be in the future.")),
    (
        r"the payment date is before the bill was issued",
        N_("it is before the invoice was issued."),
    ),
    (r"bill (?P<bill>\S+) has nothing left to pay", N_("invoice {bill} has nothing left to pay.")),
    (
        r"bill (?P<bill>\S+) is not overdue: no promise is needed",
        N_("invoice {bill} is not overdue: it needs no promise."),
    ),
    (
        r"bill (?P<bill>\S+) belongs to another account",
        N_("invoice {bill} belongs to another account."),
    ),
    (r"each bill may appear only once", N_("each invoice may appear only once.")),
    (
        r"one payment may move at most (?P<value>\d+(?:\.\d+)?) (?P<currency>[A-Z]{3})",
        N_("one payment may move at most {amount}."),
    ),
    (
        r"this payment would leave more than (?P<value>\d+(?:\.\d+)?) (?P<currency>[A-Z]{3})"
        r" of credit on the account.*",
        N_(
            "this payment would leave more than {amount} of credit on the account: pay what "
            "the invoices owe."
        ),
    ),
    (r"the amount must equal the sum of the items", N_("it must equal the sum of the invoices.")),
    (r"the amount is more than what is left to pay", N_("it is more than what is left to pay.")),
    (r"(?:each|the) amount must be more than zero", N_("it must be greater than 0.")),
    (
        r"the (?:account is billed|bill is) in (?P<currency>[A-Z]{3})",
        N_("the invoice is in {currency}."),
    ),
    (
        r"(?:Value error, )?amount must have at most two decimal places",
        N_("at most 2 decimals."),
    ),
    (
        r"(?:Value error, )?amount must be (?:a JSON number, not a string|a finite number)",
        N_("write it in digits."),
    ),
    (
        r"the card number is not valid; check the digits",
        N_("the number is not valid: check the digits."),
    ),
    (r"the card has expired", N_("the card has expired.")),
    (r"the expiry date is too far in the future", N_("the expiry date is too far ahead.")),
    (
        r"the security code of this card has (?P<digits>\d) digits",
        N_("this card's security code has {digits} digits."),
    ),
    (r"write the name as printed on the card", N_("write the name as printed on the card.")),
    (
        r"unknown card token; tokenise the card first",
        N_("the card was not registered. Type it again."),
    ),
    (r"only credit cards take instalments", N_("only credit cards take instalments.")),
    (r"PSE pays Colombian accounts only", N_("PSE pays Colombian accounts only.")),
    (r"not a PSE bank.*", N_("choose a bank from the list.")),
    (r"write the document number", N_("write the document number.")),
    (r"write an e-mail address", N_("write an e-mail address.")),
    (r"not a valid e-mail address.*", N_("it is not a valid e-mail address.")),
    (r"Field required", N_("it is required.")),
    (
        r"String should have at most (?P<count>\d+) characters?",
        N_("at most {count} characters."),
    ),
    (
        r"String should have at least (?P<count>\d+) characters?",
        N_("at least {count} characters."),
    ),
    (r"String should match pattern .*", N_("it holds characters that are not allowed.")),
    (r".*control characters.*|.*bidirectional.*", N_("it holds characters that are not allowed.")),
    (
        r"Input should be less than or equal to (?P<count>\d+)",
        N_("at most {count}."),
    ),
    (r"a day is written YYYY-MM-DD", N_("write the date as YYYY-MM-DD.")),
    (
        r"not a valid identity document number of [A-Z]{2}",
        N_("it is not a valid document number; check the digits."),
    ),
    (r"a line number has .*", N_("write the line number with its digits only.")),
    (
        r"the payment reference or barcode has (?P<least>\d+) to (?P<most>\d+) digits",
        N_("the payment code has {least} to {most} digits."),
    ),
)

# Rules of the request itself, not of what the customer typed: nothing on the form to fix.
_INTERNAL_FIELDS = frozenset(
    {"Idempotency-Key", "correlatorId", "sort", "state", "offset", "limit", "query"}
)

# Why a payment ended as it did (``Payment.statusReason``), as the sandbox writes it.
STATUS_REASONS: dict[str, str] = {
    "The card was declined: insufficient funds": CODE_MESSAGES["insufficientFunds"],
    "The card was declined: the bank reports it expired": CODE_MESSAGES["expiredCard"],
    "The card was declined by the issuing bank (do not honour)": CODE_MESSAGES["doNotHonour"],
    "rejected by the bank": N_("your bank rejected it"),
    "canceled by the customer": N_("you cancelled it"),
}


def field_label(field: str | None) -> str | None:
    """The form's label for an API field (translated), or None for a field no form shows."""
    label = FIELD_LABELS.get(field or "")
    return _(label) if label else None


def format_locale(locale: str | None = None) -> str:
    """The Babel locale dates and amounts are written in: ``locale`` (a screen passes the
    account country's), else the user's language."""
    return locale or current_language()


def message_for(
    code: str,
    message: str = "",
    field: str | None = None,
    *,
    retry_after: float | None = None,
    locale: str | None = None,
) -> str | None:
    """The customer's words for an error answer, or None when ``code`` is not one we know
    (the caller falls back to the server's message)."""
    if code == "validationError":
        return _validation(message, field, format_locale(locale))
    text = CODE_MESSAGES.get(code)
    if text is None:
        return None
    if code == "accountLocked":
        return _(text).format(minutes=max(1, round((retry_after or 0) / 60)))
    return _(text)


def status_reason_text(reason: str | None) -> str | None:
    """A payment's ``statusReason`` in the user's language: ours for the reasons we know,
    otherwise the server's words (None stays None)."""
    if reason is None:
        return None
    known = STATUS_REASONS.get(reason)
    return _(known).rstrip(".") if known else reason


def _validation(message: str, field: str | None, locale: str) -> str:
    if field in _INTERNAL_FIELDS:
        # Nothing the customer can fix on a form: a fault of the request (or of this client).
        return _("The server did not accept the request. Try again; if it goes on, update the app.")
    detail = message
    if field and detail.startswith(f"{field}: "):
        detail = detail[len(field) + 2 :]
    label = field_label(field)
    problem = _rule(detail.strip(), locale)
    if label and problem:
        return _("{field}: {problem}").format(field=label, problem=problem)
    if problem:
        return problem[:1].upper() + problem[1:]
    if label:
        return _("{field}: check this value.").format(field=label)
    return _(_GENERIC_VALIDATION)


def _rule(detail: str, locale: str) -> str | None:
    for pattern, text in _RULES:  # compiled on first use (re's cache), not at start-up
        found = re.fullmatch(pattern, detail)
        if found:
            return _(text).format(**_values(found.groupdict(), locale))
    return None


def _values(groups: dict[str, str], locale: str) -> dict[str, str]:
    values = {
        name: _day(raw, locale) if name in ("start", "end") else raw for name, raw in groups.items()
    }
    if "value" in groups and "currency" in groups:
        values["amount"] = _amount(groups["value"], groups["currency"], locale)
    return values


def _day(raw: str, locale: str) -> str:
    from miclaro_tui.money import format_date

    try:
        return format_date(date.fromisoformat(raw), locale)
    except ValueError:
        return raw


def _amount(raw: str, currency: str, locale: str) -> str:
    from miclaro_tui.money import format_amount

    try:
        return format_amount(Decimal(raw), currency, locale)
    except (InvalidOperation, ValueError):
        return f"{raw} {currency}"
