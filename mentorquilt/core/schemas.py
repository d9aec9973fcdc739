"""Shapes shared by every part of the JSON API: errors, pages, the body base class.

Every operation documents the same error answers (see `with_errors`), so a
client and schemathesis know each status the API can return and its body.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from ninja import Field, Schema
from pydantic import BaseModel, BeforeValidator, ConfigDict

# Bounds that keep LIMIT/OFFSET inside what every database accepts.
PAGE_SIZE_DEFAULT = 50
PAGE_SIZE_MAX = 200
OFFSET_MAX = 1_000_000_000


def _whole_number(value: Any) -> Any:
    # JSON Schema's "integer" is any number without a fraction (3 and 3.0), but never
    # true/false or "3": pydantic's strict int refuses 3.0, its lax int accepts true.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("Input should be a whole number")
    if isinstance(value, float) and not value.is_integer():
        raise ValueError("Input should be a whole number")
    return int(value)


def _iso_day(value: Any) -> Any:
    # OpenAPI's "date" is YYYY-MM-DD; pydantic alone also reads "0" as a Unix time.
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("Input should be a day written YYYY-MM-DD")
    return value


# A day in a query string or body: only YYYY-MM-DD.
IsoDay = Annotated[date, BeforeValidator(_iso_day)]


# The default of an optional field whose schema has no null: leaving the field out is
# how a client says "no value" (or "unchanged"); sending null is a validation error.
OMITTED: Any = None

# The integer type of request bodies: 3 and 3.0 are accepted; true, "3" and 3.5 are not.
WholeNumber = Annotated[int, BeforeValidator(_whole_number)]


class Body(BaseModel):
    """Base of every request body.

    Fields that an operation does not take (`role`, `institution`, `is_staff`,
    `status`...) are ignored, never assigned: mass assignment has no effect.

    A plain pydantic model, not ninja's Schema: Schema reads its input through
    attribute access (for ORM objects), so a body that is not a JSON object at
    all, such as `[null]`, `"junk"`, `42` or `null`, would pass as "every field
    left out". config/api.py refuses to start when an operation's body, or a
    model inside one, is not a Body (`body_models_that_are_not_strict`).
    """

    model_config = ConfigDict(extra="ignore")


class StrictBody(Body):
    """A body where a key the operation does not take is an error (422), not ignored:
    for an action that cannot be taken back, a misspelt option (`publish_ass`) must not
    quietly run with the default."""

    model_config = ConfigDict(extra="forbid")


class ErrorOut(Schema):
    """A refusal: 400 (a rule said no), 401, 403 or 404.

    `code` is stable (clients branch on it; docs/api.md lists them), `detail` is a
    sentence for people, `field` names the input at fault.
    """

    detail: str
    code: str
    field: str | None = None


class ValidationErrorOut(Schema):
    """422: the request did not match the documented schema (one entry per problem)."""

    detail: list[dict[str, Any]]


def with_errors(ok: dict[int, Any]) -> dict[int, Any]:
    """The success responses of an operation plus every error response the API can give."""
    return {
        **ok,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: ValidationErrorOut,
    }


class PageQuery(Schema):
    """`limit` (1-200, default 50) and `offset` (default 0) of every list."""

    limit: int = Field(PAGE_SIZE_DEFAULT, ge=1, le=PAGE_SIZE_MAX)
    offset: int = Field(0, ge=0, le=OFFSET_MAX)


class PageOut(Schema):
    """The envelope of every list: `count` is the total across all pages."""

    count: int
    limit: int
    offset: int


class AuditEventOut(Schema):
    public_id: UUID
    at: datetime
    action: str
    actor_id: UUID | None = Field(None, description="The actor's public id; null for the system.")
    target_type: str
    target_id: str
    institution_id: UUID | None = None
    request_id: str
    data: dict[str, Any]

    @staticmethod
    def resolve_actor_id(event: Any) -> UUID | None:
        return event.actor.public_id if event.actor is not None else None

    @staticmethod
    def resolve_institution_id(event: Any) -> UUID | None:
        return event.institution.public_id if event.institution is not None else None


class AuditEventPage(PageOut):
    items: list[AuditEventOut]


class AuditEventQuery(PageQuery):
    action: str = Field(
        "",
        max_length=64,
        description="Only events whose action starts with this (login: every sign-in).",
    )
    actor: str = Field(
        "", max_length=254, description="Only events by people whose email starts with this."
    )
    target_id: str = Field("", max_length=64, description="Only events about this object.")
    since: IsoDay | None = Field(None, description="Only events on or after this UTC day.")
    until: IsoDay | None = Field(None, description="Only events on or before this UTC day.")
