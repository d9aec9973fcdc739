from django.core.exceptions import ValidationError


class MaximumLengthValidator:
    """Long passphrases are welcome, up to a bound that keeps hashing cheap."""

    max_length = 128

    def validate(self, password: str, user: object = None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                f"Use at most {self.max_length} characters.", code="password_too_long"
            )

    def get_help_text(self) -> str:
        return f"Up to {self.max_length} characters; a few words make a strong password."
