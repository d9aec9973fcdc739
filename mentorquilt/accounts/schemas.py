"""Shapes of the accounts part of the JSON API: personal access tokens."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from ninja import Field, Schema
from pydantic import StrictStr

from mentorquilt.core.schemas import OMITTED, Body, PageOut, WholeNumber


class TokenOut(Schema):
    """A personal access token as listed: never the token itself, only its first characters."""

    public_id: UUID
    name: str
    prefix: str = Field(description="The first characters of the token, to recognise it.")
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None
    is_usable: bool


class TokenCreatedOut(TokenOut):
    token: str = Field(description="The token (mq_...). It is shown this once and never again.")


class TokenPage(PageOut):
    items: list[TokenOut]


class TokenIn(Body):
    name: StrictStr = Field(min_length=1, max_length=80, examples=["my laptop"])
    expires_in_days: WholeNumber = Field(
        OMITTED,
        ge=1,
        le=366,
        description="Days until the token stops working; leave out: no expiry.",
    )
