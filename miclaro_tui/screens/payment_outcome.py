"""What a payment flow's state says to the customer: the payment screen's message, and the
notice told when the outcome arrives after its screen was left (or at sign-in, for a payment
an earlier run left unsettled). One place for these words, so they never contradict."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from textual.content import Content

from miclaro_tui.error_messages import status_reason_text
from miclaro_tui.flows.payment import FlowState, Phase
from miclaro_tui.i18n import _
from miclaro_tui.widgets.card_checks import masked
from miclaro_tui.widgets.payment_status import payment_status_text
from miclaro_tui.widgets.tone import Tone

if TYPE_CHECKING:
    from miclaro_tui.models import Money

Severity = Literal["information", "warning", "error"]


def money_text(amount: Money) -> str:
    """An amount in the locale of the country whose currency it is (R$ 1.234,56)."""
    from miclaro_tui.countries import COUNTRIES
    from miclaro_tui.money import format_money

    locale = next((c.locale for c in COUNTRIES.values() if c.currency == amount.unit), "es_CO")
    return format_money(amount, locale)


def card_text(state: FlowState) -> str:
    return masked(*state.card) if state.card else _("the card")


def screen_message(state: FlowState, amount: Money) -> tuple[Content, Tone]:
    """The payment screen's message for ``state``, and the tone of the whole line."""
    phase, payment = state.phase, state.payment
    if phase == Phase.VALIDATING:
        return Content.styled(_("Checking the card…"), "bold"), ""
    if phase == Phase.SENDING:
        what = card_text(state) if state.card else _("your bank")
        return Content.styled(
            _("Paying {amount} with {card}…").format(amount=money_text(amount), card=what),
            "bold",
        ), ""
    if phase == Phase.WAITING_FOR_BANK:
        status = payment_status_text(payment.status) if payment else Content("")
        return Content.assemble(status, "  ", (_("Waiting for the bank's answer…"), "bold")), ""
    if phase == Phase.CONNECTION_LOST:
        lines = [
            _("We lost the connection. Your payment may still go through: do not pay again."),
            _(
                "We keep checking (next try in {seconds} s). You can leave with Escape: we will "
                "tell you the outcome."
            ).format(seconds=f"{state.retry_in or 0:g}"),
        ]
        return Content("\n".join(lines)), "warning"
    if phase == Phase.CONFIRMING:
        return Content(
            _("We are confirming your payment. Do not pay again.")
            + "\n"
            + _("Asking the server (attempt {n})…").format(n=max(state.checks, 1))
        ), "warning"
    if phase == Phase.APPROVED and payment is not None:
        return Content.assemble(
            payment_status_text(payment.status),
            "  ",
            (
                _("Payment of {amount} received. Receipt {receipt}.").format(
                    amount=money_text(payment.amount), receipt=payment.receiptNo or payment.id
                ),
                "bold",
            ),
            "\n",
            _("Press Escape to go back."),
        ), ""
    if phase == Phase.DECLINED:
        return Content(
            _declined_reason(state)
            + "\n"
            + _("Nothing was charged. Try another card, or choose another method.")
        ), "error"
    if phase == Phase.CANCELED:
        return Content.styled(_("You cancelled the payment. Nothing was charged."), "bold"), ""
    if phase == Phase.NOT_SENT:
        if state.error is None:
            return Content(
                _(
                    "The payment did not reach the server: nothing was charged. Press Pay "
                    "to try again."
                )
            ), "error"
        return Content(
            state.error.user_message
            + "\n"
            + _("Nothing was charged. Check the details and press Pay to try again.")
        ), "error"
    if phase == Phase.STILL_PENDING:
        return Content(
            _(
                "Your bank has not answered yet. Do not pay again: we will check it the "
                "next time you sign in, and the payment history shows it."
            )
        ), "warning"
    if phase == Phase.UNKNOWN:
        reason = state.error.user_message + "\n" if state.error else ""
        return Content(
            reason
            + _(
                "We could not confirm your payment yet. Do not pay again: press "
                "Pay to ask again; the next sign-in also checks it."
            )
        ), "warning"
    return Content(""), ""


def _declined_reason(state: FlowState) -> str:
    if state.error is not None:
        return state.error.user_message
    reason = status_reason_text(state.payment.statusReason) if state.payment else None
    return _("The payment was not made: {reason}.").format(reason=reason or _("no reason given"))


def outcome_notice(state: FlowState, *, earlier: bool = False) -> tuple[str, str, Severity] | None:
    """(title, message, severity) telling how a payment ended, or None if it did not end."""
    payment = state.payment
    title = _("Earlier payment") if earlier else _("Payment")
    what = (
        _("Payment {receipt} of {amount}").format(
            receipt=payment.receiptNo or payment.id, amount=money_text(payment.amount)
        )
        if payment is not None
        else _("Your payment")
    )
    phase = state.phase
    if phase == Phase.APPROVED:
        return title, _("{what}: approved.").format(what=what), "information"
    if phase == Phase.DECLINED:
        return (
            title,
            _("{what}: declined ({reason}). Nothing was charged.").format(
                what=what, reason=_declined_reason(state).rstrip(".")
            ),
            "error",
        )
    if phase == Phase.CANCELED:
        return title, _("{what}: cancelled. Nothing was charged.").format(what=what), "warning"
    if phase == Phase.NOT_SENT:
        return (
            title,
            _("{what}: it never reached the server. Nothing was charged.").format(what=what),
            "warning",
        )
    if phase == Phase.STILL_PENDING:
        return (
            title,
            _(
                "{what}: your bank has not answered yet. Do not pay again: we will "
                "check it at your next sign-in."
            ).format(what=what),
            "warning",
        )
    if phase == Phase.UNKNOWN:
        return (
            title,
            _(
                "{what}: not confirmed yet. Do not pay again: we will check it at your "
                "next sign-in."
            ).format(what=what),
            "warning",
        )
    return None
