"""Authentication events from Django and allauth, written to the audit log."""

from __future__ import annotations

from typing import Any

from allauth.account.signals import password_changed, password_reset
from allauth.mfa.signals import authenticator_added, authenticator_removed
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from mentorquilt.core.services import audit_record


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(actor=user, action="login.success", target=user)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, action="logout", target=user)


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kw: Any) -> None:
    # The typed email is personal data and may be someone else's: record only
    # which account it matched, if any.
    email = str(credentials.get("email") or credentials.get("username") or "").lower()
    user = get_user_model().objects.filter(email=email).first() if email else None
    audit_record(actor=None, action="login.failure", target=user, data={"known": user is not None})


@receiver(password_changed)
@receiver(password_reset)
def _password_changed(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(actor=user, action="password.change", target=user)


@receiver(authenticator_added)
def _mfa_added(sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    audit_record(actor=user, action="mfa.add", target=user, data={"type": authenticator.type})


@receiver(authenticator_removed)
def _mfa_removed(sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    audit_record(actor=user, action="mfa.remove", target=user, data={"type": authenticator.type})
