"""Account services: personal access tokens for the JSON API.

Rules:
- A token is shown once; only its SHA-256 hash is stored.
- Revoked or expired tokens, and tokens of deactivated people, stop working at once.
- Creating and revoking a token is audited.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from mentorquilt.accounts.models import PersonalAccessToken, User
from mentorquilt.accounts.tokens import api_token_hash, api_token_new
from mentorquilt.core.errors import DomainError
from mentorquilt.core.services import audit_record

MAX_TOKENS_PER_USER = 20


@transaction.atomic
def api_token_create(
    *, user: User, name: str, expires_in_days: int | None = None
) -> tuple[PersonalAccessToken, str]:
    """A new personal access token; the second value is the token, shown only once."""
    name = name.strip()
    if not name:
        raise DomainError("Give the token a name so you can recognise it later.", field="name")
    if len(name) > 80:
        raise DomainError("Use at most 80 characters for the name.", field="name")
    if expires_in_days is not None and not 1 <= expires_in_days <= 366:
        raise DomainError("A token can last from 1 to 366 days.", field="expires_in_days")
    if user.api_tokens.filter(revoked_at__isnull=True).count() >= MAX_TOKENS_PER_USER:
        raise DomainError(
            f"You already have {MAX_TOKENS_PER_USER} tokens. Revoke one you no longer use."
        )
    raw = api_token_new()
    token = PersonalAccessToken.objects.create(
        user=user,
        name=name,
        prefix=raw[:8],
        token_hash=api_token_hash(raw),
        expires_at=(timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None),
    )
    audit_record(actor=user, action="api_token.create", target=token)
    return token, raw


@transaction.atomic
def api_token_revoke(*, user: User, token: PersonalAccessToken) -> PersonalAccessToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        audit_record(actor=user, action="api_token.revoke", target=token)
    return token


def api_token_authenticate(raw: str) -> User | None:
    """The active owner of a usable token, or None. Records when it was last used."""
    token = (
        PersonalAccessToken.objects.select_related("user")
        .filter(token_hash=api_token_hash(raw))
        .first()
    )
    if token is None or not token.is_usable or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
