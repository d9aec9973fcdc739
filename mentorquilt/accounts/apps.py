from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "mentorquilt.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # Authentication events come from Django and allauth as signals; the
        # receivers only hand them to the audit service (see docs/decisions).
        from mentorquilt.accounts import receivers  # noqa: F401
