"""Shapes of the mentorships API. Public ids are UUIDs; areas of need are named by slug."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from django.conf import settings
from ninja import Field, Schema
from pydantic import StrictStr

from mentorquilt.core.schemas import Body, PageOut, PageQuery


class PersonOut(Schema):
    public_id: UUID
    name: str


class NeedOut(Schema):
    slug: str
    name: str


class RequestIn(Body):
    mentor_id: UUID = Field(description="The mentor's profile id (as in /mentors/{id}).")
    message: str = Field(min_length=1, max_length=1000)
    needs: list[str] = Field(
        min_length=1, max_length=8, description="Slugs of the areas of need it is about."
    )


class DeclineIn(Body):
    reason: str = Field("", max_length=500)


class MessageIn(Body):
    body: str = Field(min_length=1, max_length=2000)


class ConcludeIn(Body):
    reason: str = Field(min_length=1, max_length=500)
    early_reason: str = Field(
        "", max_length=500, description="Needed before the program's minimum length (R25)."
    )


class ReinstateIn(Body):
    note: str = Field("", max_length=500)


class ThreadMessageOut(Schema):
    author_id: UUID
    body: str
    created_at: datetime


class BackgroundOut(Schema):
    dimension: str
    category: str


class RequestOut(Schema):
    public_id: UUID
    status: str
    mentee: PersonOut
    mentor: PersonOut
    message: str
    needs: list[NeedOut]
    created_at: datetime
    due_at: datetime
    answered_at: datetime | None
    lapsed_at: datetime | None
    decline_reason: str


class RequestDetailOut(RequestOut):
    thread: list[ThreadMessageOut]
    mentee_background: list[BackgroundOut] | None = Field(
        None,
        description="For the mentor only: the background the mentee chose to show. "
        "Attributes the mentee did not consent to show are never included.",
    )


class RequestPage(PageOut):
    items: list[RequestOut]


class RequestQuery(PageQuery):
    box: Literal["received", "sent"] = Field(
        "sent", description="received: requests to the caller; sent: the caller's own."
    )
    status: Literal["", "pending", "accepted", "declined", "lapsed", "withdrawn"] = ""


class MentorshipOut(Schema):
    public_id: UUID
    state: str
    mentee: PersonOut
    mentor: PersonOut
    needs: list[NeedOut]
    started_on: date
    minimum_end_on: date | None
    concluded_at: datetime | None
    conclusion_reason: str
    on_hold: bool = Field(
        description="Paused by the program (a staff hold): neither side can resume it."
    )
    hold_contact: str | None = Field(
        None, description="While on hold: whom to write to (the program team)."
    )

    @staticmethod
    def resolve_hold_contact(mentorship: Any) -> str | None:
        return settings.MENTORQUILT_CONTACT_EMAIL if mentorship.on_hold else None


class MentorshipPage(PageOut):
    items: list[MentorshipOut]


class QuiltPatchOut(Schema):
    mentorship: MentorshipOut
    needs: list[NeedOut]


class QuiltOut(Schema):
    needs: list[NeedOut] = Field(description="The mentee's needs, most important first.")
    patches: list[QuiltPatchOut] = Field(description="Each open mentorship and what it covers.")
    uncovered: list[NeedOut] = Field(description="Needs no mentor covers yet.")
    pending: list[RequestOut]


class ResponsivenessOut(Schema):
    answered_in_time: int
    answered_late: int
    lapsed: int
    pending: int
    median_response_days: float | None
    suspended: bool


class SuspensionOut(Schema):
    public_id: UUID
    mentor: PersonOut
    cause: str = Field(
        description="lapses (an institution admin reinstates) or staff (staff only)."
    )
    lapse_count: int
    period_days: int
    created_at: datetime
    ended_at: datetime | None
    end_note: str


class SuspensionPage(PageOut):
    items: list[SuspensionOut]


class ThreadPostIn(Body):
    body: StrictStr = Field(min_length=1, max_length=4000, description="The message (plain text).")


class MentorshipMessageOut(Schema):
    public_id: UUID
    author: PersonOut
    mine: bool = Field(description="True when the caller wrote it.")
    body: str
    created_at: datetime


class MentorshipMessagePage(PageOut):
    items: list[MentorshipMessageOut]
