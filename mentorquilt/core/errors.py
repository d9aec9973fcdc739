from django.core.exceptions import PermissionDenied


class DomainError(Exception):
    """A rule of the domain said no. The message is shown to the user as is.

    `field` names the form field the message belongs to, when there is one.
    """

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class TwoFactorRequired(PermissionDenied):
    """A privileged person without two-factor sign-in asked for something (decision 0003)."""

    code = "two_factor_required"


# The `code` of the API's error bodies that are not a DomainError's own (docs/api.md).
ERROR_CODES = {
    400: "invalid",
    401: "not_signed_in",
    403: "forbidden",
    404: "not_found",
}
