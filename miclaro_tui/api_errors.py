"""The errors of the billing API, as screens and flows see them: each has a ``user_message``."""

from __future__ import annotations

from miclaro_tui.error_messages import field_label, message_for
from miclaro_tui.i18n import _


class BillingError(Exception):
    """Anything that went wrong talking to the billing API. Screens show ``user_message``.

    ``method`` and ``path`` name the request that failed (the path as sent, never its query
    string) and ``request_id`` is the server's ``X-Request-ID`` for it; all three are None
    when no request was made or the server sent no id. ``str(error)`` starts with the method
    and path, for logs and bug reports; it never holds a body or a token."""

    method: str | None = None
    path: str | None = None
    request_id: str | None = None

    def __init__(
        self,
        message: str = "",
        *,
        method: str | None = None,
        path: str | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.method = method
        self.path = path
        self.request_id = request_id

    def __str__(self) -> str:
        text = super().__str__()
        if self.method and self.path:
            text = f"{self.method} {self.path}: {text}" if text else f"{self.method} {self.path}"
        if self.request_id:
            text = f"{text} (request id {self.request_id})"
        return text

    @property
    def user_message(self) -> str:
        return _("Something went wrong. Please try again.")

    @property
    def retryable(self) -> bool:
        return True


class TooManyItemsError(BillingError):
    """A list meant to be small is not: ``fetch_all`` refuses to cut it silently."""

    def __init__(self, total: int, at_most: int) -> None:
        super().__init__(f"{total} items, more than the {at_most} fetched at once")
        self.total = total
        self.at_most = at_most

    @property
    def user_message(self) -> str:
        return _("This list has {total} entries, too many to show at once.").format(
            total=self.total
        )

    @property
    def retryable(self) -> bool:
        return False


class ApiConnectionError(BillingError):
    @property
    def user_message(self) -> str:
        return _("Cannot reach the server. Check your connection and try again.")


class ApiTimeoutError(ApiConnectionError):
    """No answer in time: a kind of connection error (``except ApiConnectionError`` catches
    it), with its own message."""

    @property
    def user_message(self) -> str:
        return _("The server took too long to answer. Try again.")


class BadResponseError(BillingError):
    """The server answered something that is not the contract (garbage, truncated JSON)."""

    @property
    def user_message(self) -> str:
        return _("The server sent an answer we could not read. Try again later.")


class ApiStatusError(BillingError):
    status: int = 0

    def __init__(
        self,
        message: str = "",
        *,
        status: int | None = None,
        code: str = "",
        reason: str = "",
        field: str | None = None,
        retry_after: float | None = None,
        method: str | None = None,
        path: str | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message or reason or code, method=method, path=path, request_id=request_id)
        if status is not None:
            self.status = status
        self.code = code
        self.reason = reason
        self.message = message
        self.field = field
        self.retry_after = retry_after

    @property
    def user_message(self) -> str:
        return self.message_in(None)

    def message_in(self, locale: str | None) -> str:
        """``user_message`` with the dates and amounts it quotes written for ``locale`` (a
        screen passes the account country's; None: the user's language)."""
        text = message_for(
            self.code, self.message, self.field, retry_after=self.retry_after, locale=locale
        )
        return text if text is not None else self.unknown_code_message

    @property
    def unknown_code_message(self) -> str:
        """What to say for a ``code`` the client does not know (a newer server's): the
        server's own message, which is English."""
        return _("The server refused the request: {message}").format(message=self.message)

    @property
    def retryable(self) -> bool:
        return False


class AuthenticationError(ApiStatusError):
    status = 401

    @property
    def unknown_code_message(self) -> str:
        return _("Wrong user or password.")


class SessionExpiredError(AuthenticationError):
    """The refresh token was refused: the user must sign in again."""

    def message_in(self, locale: str | None) -> str:
        # Whatever the refusal's code, what the customer must do is sign in again.
        return _("Your session has expired. Please sign in again.")


class PermissionDeniedError(ApiStatusError):
    status = 403

    @property
    def unknown_code_message(self) -> str:
        return _("You are not allowed to do that.")


class AccountLockedError(PermissionDeniedError):
    """Too many failed sign-ins (code ``accountLocked``); ``retry_after`` says for how many
    seconds, and the message says it in minutes."""


class NotFoundError(ApiStatusError):
    status = 404

    @property
    def unknown_code_message(self) -> str:
        return _("Not found.")


class ConflictError(ApiStatusError):
    status = 409

    @property
    def unknown_code_message(self) -> str:
        return _("That conflicts with the account's current state. Refresh and try again.")


class ValidationError(ApiStatusError):
    status = 422

    @property
    def unknown_code_message(self) -> str:
        if not self.code:  # refused by the client's own checks, before sending
            return message_for("validationError", self.message, self.field) or ""
        if self.field:
            return _("Check the field {field}: {message}").format(
                field=field_label(self.field) or self.field, message=self.message
            )
        return _("The server refused the request: {message}").format(message=self.message)


class PaymentDeclinedError(ApiStatusError):
    status = 402

    @property
    def unknown_code_message(self) -> str:
        return _("The payment was declined: {message}").format(message=self.message)


class RateLimitError(ApiStatusError):
    status = 429

    @property
    def unknown_code_message(self) -> str:
        return _("Too many requests. Wait a moment and try again.")

    @property
    def retryable(self) -> bool:
        return True


class ServerError(ApiStatusError):
    status = 500

    @property
    def unknown_code_message(self) -> str:
        return _("The server had a problem. Try again in a moment.")

    @property
    def retryable(self) -> bool:
        return True


class OutcomeUnknownError(BillingError):
    """A money-moving request may or may not have been carried out (the answer was lost after
    the server may have charged). Never pay again: reconcile by ``correlator_id``."""

    def __init__(self, correlator_id: str, cause: BillingError | None = None) -> None:
        super().__init__(
            f"outcome unknown for {correlator_id}",
            method=cause.method if cause else None,
            path=cause.path if cause else None,
            request_id=cause.request_id if cause else None,
        )
        self.correlator_id = correlator_id
        self.cause = cause

    @property
    def user_message(self) -> str:
        return _("We are confirming your payment. Do not pay again.")

    @property
    def retryable(self) -> bool:
        return False
