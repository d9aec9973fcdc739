from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from ninja import Schema

from mentorquilt.core.schemas import Body, PageOut


class NotificationOut(Schema):
    public_id: UUID
    kind: str
    title: str
    body: str
    link: str
    created_at: datetime
    read_at: datetime | None


class NotificationPage(PageOut):
    unread: int
    items: list[NotificationOut]


class PreferenceIn(Body):
    email_mode: Literal["immediate", "weekly"]


class PreferenceOut(Schema):
    email_mode: str


class ReadOut(Schema):
    marked: int
