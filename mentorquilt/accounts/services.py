"""Account services: a person's names and shared contact details, and personal access
tokens for the JSON API.

Rules:
- A person keeps a full name (required) and may give a preferred name, "what should
  people call you?"; User.display_name and User.short_name are the one rule for what
  others see (issue 10).
- A person may share their email address and/or a phone number with their mentors
  and mentees; both are off until they turn them on, and a phone number is shared
  only if there is one. Changes are audited with field names and the two choices,
  never the values.
- A token is shown once; only its SHA-256 hash is stored.
- Revoked or expired tokens, and tokens of deactivated people, stop working at once.
- Creating and revoking a token is audited.
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from mentorquilt.accounts.models import PersonalAccessToken, User
from mentorquilt.accounts.tokens import api_token_hash, api_token_new
from mentorquilt.core.errors import DomainError
from mentorquilt.core.services import audit_record

MAX_TOKENS_PER_USER = 20
PHONE_CHARACTERS = re.compile(r"^\+?[0-9 ().\-]+$")


def _phone_clean(phone: str) -> str:
    phone = " ".join(phone.split())
    if not phone:
        return ""
    digits = sum(character.isdigit() for character in phone)
    if len(phone) > 32 or not PHONE_CHARACTERS.match(phone) or not 6 <= digits <= 15:
        raise DomainError(
            "Write the number with digits, spaces and an optional + at the start, "
            "for example +1 614 555 0142.",
            field="phone",
        )
    return phone


@transaction.atomic
def account_details_update(
    *,
    user: User,
    name: str | None = None,
    preferred_name: str | None = None,
    phone: str | None = None,
    share_email: bool | None = None,
    share_phone: bool | None = None,
) -> User:
    """Change what the person is called and what they share; None leaves a value as it is."""
    changes: dict[str, object] = {}
    if name is not None:
        name = " ".join(name.split())
        if not name:
            raise DomainError("Write your name.", field="name")
        if len(name) > 150:
            raise DomainError("Use at most 150 characters for your name.", field="name")
        changes["name"] = name
    if preferred_name is not None:
        preferred_name = " ".join(preferred_name.split())
        if len(preferred_name) > 80:
            raise DomainError("Use at most 80 characters.", field="preferred_name")
        changes["preferred_name"] = preferred_name
    if phone is not None:
        changes["phone"] = _phone_clean(phone)
    if share_email is not None:
        changes["share_email"] = bool(share_email)
    if share_phone is not None:
        changes["share_phone"] = bool(share_phone)
    if changes.get("share_phone", user.share_phone) and not changes.get("phone", user.phone):
        raise DomainError("Add a phone number to share it.", field="phone")
    changed = [field for field, value in changes.items() if getattr(user, field) != value]
    if not changed:
        return user
    for field in changed:
        setattr(user, field, changes[field])
    user.save(update_fields=changed)
    audit_record(
        actor=user,
        action="account.details.update",
        target=user,
        data={
            "fields": sorted(changed),
            "share_email": user.share_email,
            "share_phone": user.share_phone,
        },
    )
    return user


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
