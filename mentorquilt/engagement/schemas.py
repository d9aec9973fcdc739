"""Shapes of the engagement part of the JSON API: meetings (R26), action plans (R28),
evaluations (R14) and concerns (R27).

Private meeting notes appear only as `my_private_note`, the caller's own. A mentor's
evaluation summary holds averages only. A concern's text is shown to its reporter and
to platform staff; the person it is about never appears in the reporter's view.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from ninja import Field, Schema
from pydantic import StrictBool, StrictStr

from mentorquilt.core.schemas import OMITTED, Body, WholeNumber
from mentorquilt.engagement.models import (
    MEETING_MAX_MINUTES,
    MEETING_MIN_MINUTES,
    ConcernActionKind,
    ConcernStatus,
    EvaluationKind,
    MeetingFormat,
    MeetingStatus,
)


class PersonRef(Schema):
    public_id: UUID
    first_name: str

    @staticmethod
    def resolve_first_name(user: Any) -> str:
        return str(user.get_short_name())


# --- meetings ----------------------------------------------------------------------------


class MeetingOut(Schema):
    public_id: UUID
    mentorship_id: UUID
    starts_at: datetime
    minutes: int = Field(description="Planned length in minutes.")
    format: MeetingFormat
    place: str = Field(description="The link, address or phone arrangement.")
    status: MeetingStatus
    held_minutes: int | None = None
    topics: str = Field(description="What the pair talked about; seen by both.")

    @staticmethod
    def resolve_mentorship_id(meeting: Any) -> UUID:
        return meeting.mentorship.public_id


class MeetingDetailOut(MeetingOut):
    my_private_note: str = Field(description="The caller's own private notes; nobody else's.")


class MeetingIn(Body):
    starts_at: datetime = Field(description="With its time zone, for example 2027-01-15T17:00:00Z.")
    minutes: WholeNumber = Field(ge=MEETING_MIN_MINUTES, le=MEETING_MAX_MINUTES)
    format: MeetingFormat
    place: StrictStr = Field("", max_length=300)


class MeetingLogIn(Body):
    held_minutes: WholeNumber = Field(ge=5, le=MEETING_MAX_MINUTES * 2)
    topics: StrictStr = Field(min_length=1, max_length=2000)
    private_note: StrictStr = Field("", max_length=5000)


class MeetingRecordIn(Body):
    held_at: datetime = Field(description="When it started, with its time zone; in the past.")
    held_minutes: WholeNumber = Field(ge=5, le=MEETING_MAX_MINUTES * 2)
    format: MeetingFormat
    topics: StrictStr = Field(min_length=1, max_length=2000)
    private_note: StrictStr = Field("", max_length=5000)


class MeetingNoteIn(Body):
    text: StrictStr = Field(max_length=5000, description="Empty deletes your notes.")


class MeetingNoteOut(Schema):
    my_private_note: str


# --- action plans ------------------------------------------------------------------------


class MilestoneOut(Schema):
    public_id: UUID
    title: str
    due_on: date | None = None
    done: bool

    @staticmethod
    def resolve_done(milestone: Any) -> bool:
        return milestone.done_at is not None


class CommentOut(Schema):
    author: PersonRef
    text: str
    created_at: datetime


class GoalOut(Schema):
    public_id: UUID
    title: str
    detail: str
    needs: list[str] = Field(description="Slugs of the areas of need it is about.")
    due_on: date | None = None
    done: bool
    milestones: list[MilestoneOut]

    @staticmethod
    def resolve_needs(goal: Any) -> list[str]:
        return [need.slug for need in goal.needs.all()]

    @staticmethod
    def resolve_done(goal: Any) -> bool:
        return goal.done_at is not None

    @staticmethod
    def resolve_milestones(goal: Any) -> list[Any]:
        return list(goal.milestones.all())


class GoalDetailOut(GoalOut):
    comments: list[CommentOut]

    @staticmethod
    def resolve_comments(goal: Any) -> list[Any]:
        return list(goal.comments.select_related("author"))


class ActionPlanOut(Schema):
    mentee: PersonRef
    mission: str
    goals: list[GoalOut]


class MissionIn(Body):
    mission: StrictStr = Field(max_length=2000)


class GoalIn(Body):
    title: StrictStr = Field(min_length=1, max_length=200)
    detail: StrictStr = Field("", max_length=2000)
    needs: list[StrictStr] = Field(default_factory=list, max_length=20)
    due_on: date | None = None


class GoalPatch(Body):
    """Only the fields sent are changed."""

    title: StrictStr = Field(OMITTED, min_length=1, max_length=200)
    detail: StrictStr = Field(OMITTED, max_length=2000)
    needs: list[StrictStr] = Field(OMITTED, max_length=20)
    due_on: date = Field(OMITTED)
    done: StrictBool = Field(OMITTED)


class MilestoneIn(Body):
    title: StrictStr = Field(min_length=1, max_length=200)
    due_on: date | None = None


class MilestonePatch(Body):
    done: StrictBool


class CommentIn(Body):
    text: StrictStr = Field(min_length=1, max_length=2000)


# --- evaluations -------------------------------------------------------------------------


class EvaluationOut(Schema):
    public_id: UUID
    mentor: PersonRef
    kind: EvaluationKind
    due_on: date
    submitted: bool

    @staticmethod
    def resolve_mentor(evaluation: Any) -> Any:
        return evaluation.mentorship.mentor

    @staticmethod
    def resolve_submitted(evaluation: Any) -> bool:
        return evaluation.submitted_at is not None


Scale = WholeNumber


class EvaluationIn(Body):
    """Each answer from 1 (not at all) to 5 (completely)."""

    helpful: Scale = Field(ge=1, le=5)
    available: Scale = Field(ge=1, le=5)
    respectful: Scale = Field(ge=1, le=5)
    recommend: Scale = Field(ge=1, le=5)
    comment: StrictStr = Field("", max_length=2000)


class AverageOut(Schema):
    question: str
    average: float


class EvaluationSummaryOut(Schema):
    shown: bool = Field(
        description="False until enough different mentees have answered; then averages only."
    )
    mentees_needed: int
    count: int
    averages: list[AverageOut]


# --- concerns ----------------------------------------------------------------------------


class ConcernIn(Body):
    text: StrictStr = Field(min_length=1, max_length=5000)
    about_other: StrictBool = Field(
        True, description="It is about the other person of the mentorship."
    )


class MyConcernOut(Schema):
    """A concern as its reporter sees it."""

    public_id: UUID
    created_at: datetime
    status: ConcernStatus
    text: str


class ConcernActionOut(Schema):
    kind: ConcernActionKind
    note: str
    created_at: datetime


class ConcernStaffOut(Schema):
    """A concern as platform staff see it (reading it is audited)."""

    public_id: UUID
    created_at: datetime
    status: ConcernStatus
    text: str
    mentorship_id: UUID
    reporter: PersonRef
    about: PersonRef | None = None
    actions: list[ConcernActionOut]
    mentorship_on_hold: bool = Field(
        description="Staff put the mentorship on hold; only staff lift it (kind lift_hold)."
    )
    about_suspended_by_staff: bool = Field(
        description="The account it is about is suspended by staff (kind reinstate_user)."
    )

    @staticmethod
    def resolve_mentorship_id(concern: Any) -> UUID:
        return concern.mentorship.public_id

    @staticmethod
    def resolve_mentorship_on_hold(concern: Any) -> bool:
        return bool(concern.mentorship.on_hold)

    @staticmethod
    def resolve_about_suspended_by_staff(concern: Any) -> bool:
        return concern.about is not None and not concern.about.is_active

    @staticmethod
    def resolve_actions(concern: Any) -> list[Any]:
        return list(concern.actions.all())


class ConcernQueueItemOut(Schema):
    public_id: UUID
    created_at: datetime
    status: ConcernStatus


class ConcernActIn(Body):
    kind: ConcernActionKind
    note: StrictStr = Field("", max_length=2000)
