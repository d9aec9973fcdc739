"""Public identifiers (UUIDs) from URLs and API arguments: the one parser every app uses."""

from __future__ import annotations

import uuid

from django.http import Http404


def parse_public_id(value: object, what: str = "object") -> uuid.UUID:
    """`value` as a UUID; anything that is not one answers 404 ("No such <what>."), the
    same as an id that exists for somebody else, so a malformed id discloses nothing."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        raise Http404(f"No such {what}.") from exc
