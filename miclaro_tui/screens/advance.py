"""A balance advance ("préstamo de saldo"): the offer the line's top-up history gives (amount
and fee), or why there is none; taken with a confirmation, one open at a time, and repaid
first by the next top-up."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Header, Static

from miclaro_tui.api import BillingError
from miclaro_tui.i18n import N_, _, ngettext
from miclaro_tui.prepaid import refusal_message
from miclaro_tui.resend import Resend, advance_to_take, outcome_unknown
from miclaro_tui.screens.base import BACK, BaseScreen
from miclaro_tui.screens.prepaid_confirm import ConfirmDialog, prepaid_line
from miclaro_tui.widgets.status_line import StatusLine
from miclaro_tui.widgets.tone import Tone, toned

if TYPE_CHECKING:
    from miclaro_tui.models import BalanceAdvance, BalanceAdvanceCreate, BalanceAdvanceOffer, Money

NOT_ELIGIBLE = {
    "tooNew": N_("Your line is too new: advances need a few months of top-ups."),
    "lowTopups": N_("Your top-ups of the last months are too low for an advance."),
    "advanceOpen": N_("You already have an advance: your next top-up repays it first."),
}


class AdvanceScreen(BaseScreen):
    BINDINGS = [
        BACK,
        Binding("y", "take", N_("Take the advance"), id="take-advance"),
        Binding("r", "reload", N_("Reload"), id="reload"),
    ]
    DEFAULT_CSS = """
    #advance { padding: 0 1; }
    #advance-title { margin-top: 1; height: auto; }
    #offer { height: auto; margin-top: 1; border: round $primary; padding: 0 1; }
    #advance-message { height: auto; }
    #advance-buttons { height: auto; }
    #advance-buttons Button { margin-right: 2; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.offer: BalanceAdvanceOffer | None = None
        self.taken: BalanceAdvance | None = None
        self._busy = False

    @property
    def resend(self) -> Resend[BalanceAdvanceCreate]:
        """The advance asked for whose answer was lost, with its key, kept for the sign-in
        (leaving the screen keeps it): taking it again sends the same request under that key
        (never taken twice)."""
        line = prepaid_line(self.miclaro.account)
        return self.miclaro.unconfirmed.advance(line.id if line is not None else "")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "take":
            offer = self.offer
            if offer is None or self._busy:
                return None  # shown dimmed while the offer loads or the advance is taken
            # Hidden when there is no offer to take (the screen says why) or it was taken; an
            # advance whose answer was lost can always be asked again (it may have closed the
            # offer).
            return self._can_take(offer)
        return True

    def _can_take(self, offer: BalanceAdvanceOffer) -> bool:
        return (offer.eligible or self.resend.waiting) and self.taken is None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="advance"):
            yield Static(Content.styled(_("Balance advance"), "bold"), id="advance-title")
            yield Static(
                _(
                    "Borrow balance now and repay it with your next top-up: the top-up "
                    "repays the advance and its fee first, and the rest goes to your balance."
                )
            )
            yield Static(id="offer")
            yield StatusLine(id="advance-message")
            with Horizontal(id="advance-buttons"):
                yield Button(_("Take the advance"), id="take-button", variant="success")
                yield Button(_("Back"), id="back-button")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#take-button", Button).disabled = True
        self.load()

    @work(exclusive=True, group="offer")
    async def load(self) -> None:
        line = prepaid_line(self.miclaro.account)
        if line is None:
            self.say(_("This account has no prepaid line."), "warning")
            return
        self.say(_("Updating…"))
        try:
            api = await self.miclaro.get_api()
            self.offer = await api.get_advance_offer(line.id)
        except BillingError as error:
            self.say(error.user_message + " " + _("Press r to retry."), "error")
            return
        self.say("")
        self.show_offer()
        kept = self.resend.request
        if kept is not None and self.taken is None:
            again = advance_to_take(self.resend, line.id, self.offer)[0] == kept
            self.say(self._unconfirmed_message(kept.amount, again), "warning")

    def _unconfirmed_message(self, amount: Money, again: bool) -> str:
        """What is said on opening with an advance whose answer was lost: ``again``, ``y``
        asks for it again; otherwise the offer changed and taking it is a new advance."""
        if again:
            return _(
                "Your last advance of {amount} could not be confirmed. Press y to check: it "
                "will not be taken twice."
            ).format(amount=self.money(amount))
        return _(
            "Your last advance of {amount} could not be confirmed and the offer has changed: "
            "taking this one is a new advance. Your balance history shows whether the first "
            "one was made."
        ).format(amount=self.money(amount))

    def show_offer(self) -> None:
        offer = self.offer
        if offer is None:
            return
        history = ngettext(
            "{months} month with top-ups, {average} on average.",
            "{months} months with top-ups, {average} on average.",
            offer.monthsActive,
        ).format(months=offer.monthsActive, average=self.money(offer.averageTopup))
        lines: list[Content] = [Content(history)]
        if offer.eligible and offer.amount is not None and offer.fee is not None:
            lines += [
                Content.styled(
                    _("You can borrow {amount} now.").format(amount=self.money(offer.amount)),
                    "bold",
                ),
                Content(_("Fee: {fee}").format(fee=self.money(offer.fee))),
                Content(
                    _("Your next top-up repays {total} first.").format(
                        total=self.money(offer.amount + offer.fee)
                    )
                ),
            ]
        else:
            reason = NOT_ELIGIBLE.get(offer.reason or "", N_("No advance is offered now."))
            lines.append(toned(_("No advance now.") + " " + _(reason), "warning"))
        self.query_one("#offer", Static).update(Content("\n").join(lines))
        self.query_one("#take-button", Button).disabled = not self._can_take(offer) or self._busy
        self.refresh_bindings()

    @on(Button.Pressed, "#take-button")
    def _take_pressed(self) -> None:
        self.action_take()

    @on(Button.Pressed, "#back-button")
    def _back_pressed(self) -> None:
        self.action_back()

    def action_reload(self) -> None:
        self.load()

    def action_take(self) -> None:
        offer = self.offer
        line = prepaid_line(self.miclaro.account)
        if self._busy or offer is None or line is None:
            return
        if self.taken is not None:
            self.say(_("The advance is on your balance. Press Escape to go back."))
            return
        request, ask = advance_to_take(self.resend, line.id, offer)
        if request is None:
            self.say(_("No advance is offered now."), "error")
            return
        self._busy = True
        self.refresh_bindings()
        self.take(request, ask)

    @work(exclusive=True, group="take")
    async def take(self, request: BalanceAdvanceCreate, ask: bool) -> None:
        """Ask for ``request``, confirmed first if ``ask`` (a new one, from the offer)."""
        line = prepaid_line(self.miclaro.account)
        assert line is not None
        if ask and not await self._confirmed():
            self._done_trying(_("No advance taken."), "")
            return
        self.say(_("Sending…"))
        try:
            api = await self.miclaro.get_api()
            self.taken = await api.take_advance(
                request, idempotency_key=self.resend.key_for(request)
            )
        except BillingError as error:
            if outcome_unknown(error):
                self._done_trying(
                    _(
                        "We could not confirm the advance. Press y again to check: it will not "
                        "be taken twice."
                    )
                )
                self.miclaro.money_moved()
                return
            self.resend.forget()
            message = refusal_message(error, self.country_code) or error.user_message
            self._done_trying(message)
            self.load()  # the offer as it is now
            return
        self.resend.forget()
        self._busy = False
        self.miclaro.money_moved()
        try:
            self.offer = await api.get_advance_offer(line.id)  # now: one open at a time
        except BillingError:
            pass  # the advance is taken and said below; the offer shows again on reload
        self.show_offer()
        self.say(
            _("{amount} added to your balance. Receipt {receipt}. Press Escape to go back.").format(
                amount=self.money(self.taken.amount), receipt=self.taken.receiptNo or self.taken.id
            ),
            "success",
        )

    async def _confirmed(self) -> bool:
        offer = self.offer
        assert offer is not None and offer.amount is not None and offer.fee is not None
        answer = await self.app.push_screen_wait(
            ConfirmDialog(
                _("Take the advance?"),
                [
                    _("You get {amount} on your balance now.").format(
                        amount=self.money(offer.amount)
                    ),
                    _("Fee: {fee}").format(fee=self.money(offer.fee)),
                    _("Your next top-up repays {total} first.").format(
                        total=self.money(offer.amount + offer.fee)
                    ),
                ],
                _("Take it"),
            )
        )
        return bool(answer)

    def _done_trying(self, message: str, tone: Tone = "error") -> None:
        self._busy = False
        self.refresh_bindings()
        self.say(message, tone)
