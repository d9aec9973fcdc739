"""API tokens: how they look and how they are hashed for storage."""

from __future__ import annotations

import hashlib
import secrets

API_TOKEN_PREFIX = "mq_"  # noqa: S105 (a prefix, not a secret)


def api_token_new() -> str:
    return API_TOKEN_PREFIX + secrets.token_urlsafe(32)


def api_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
