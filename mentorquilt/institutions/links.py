"""Signed, expiring links for invitations."""

from __future__ import annotations

from django.core import signing

INVITATION_SALT = "mentorquilt.invitation"


def invitation_token(public_id: str) -> str:
    return signing.dumps(public_id, salt=INVITATION_SALT, compress=False)


def invitation_token_read(token: str, *, max_age_seconds: int) -> str | None:
    """The invitation's public id, or None for a forged, altered or expired token."""
    try:
        value = signing.loads(token, salt=INVITATION_SALT, max_age=max_age_seconds)
    except signing.BadSignature:
        return None
    return value if isinstance(value, str) else None
