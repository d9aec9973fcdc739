"""Scoped reads for accounts: a person's own tokens and two-factor state."""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.db.models import QuerySet
from django.http import Http404

from mentorquilt.accounts.models import PersonalAccessToken, User
from mentorquilt.core.ids import parse_public_id


def api_token_list(*, user: User) -> QuerySet[PersonalAccessToken]:
    return PersonalAccessToken.objects.filter(user=user)


def api_token_get(*, user: User, public_id: Any) -> PersonalAccessToken:
    """One of the user's own tokens; anyone else's answers 404."""
    key = parse_public_id(public_id, "token")
    token = PersonalAccessToken.objects.filter(user=user, public_id=key).first()
    if token is None:
        raise Http404("No such token.")
    return token


def user_has_totp(*, user: Any) -> bool:
    return bool(Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists())


def user_exists_with_email(*, email: str) -> bool:
    return User.objects.filter(email__iexact=email).exists()
