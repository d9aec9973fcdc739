class DomainError(Exception):
    """A rule of the domain said no. The message is shown to the user as is.

    `field` names the form field the message belongs to, when there is one.
    """

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code
