"""Shapes of the programs part of the JSON API (R29, R30, R25).

Application answers appear only in the member list, which only the program's managers
read. People appear by public id and name.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from ninja import Field, Schema
from pydantic import StrictBool, StrictStr

from mentorquilt.core.schemas import OMITTED, Body, PageOut, WholeNumber
from mentorquilt.programs.models import (
    MAX_QUESTIONS,
    AttendanceStatus,
    CohortStatus,
    MemberRole,
    MemberStatus,
    ProgramKind,
    SessionKind,
    SessionStatus,
)


class ProgramOut(Schema):
    public_id: UUID
    institution_id: UUID
    partner_ids: list[UUID]
    kind: ProgramKind
    name: str
    description: str
    min_mentorship_months: int | None = Field(description="Mentorships last at least this long.")
    cadence_weeks: int | None
    values_statement: str
    application_questions: list[str]

    @staticmethod
    def resolve_institution_id(program: Any) -> UUID:
        return program.institution.public_id

    @staticmethod
    def resolve_partner_ids(program: Any) -> list[UUID]:
        return [p.public_id for p in program.partners.all()]


class ProgramPage(PageOut):
    items: list[ProgramOut]


class ProgramIn(Body):
    institution_id: UUID
    kind: ProgramKind
    name: StrictStr = Field(min_length=1, max_length=160)
    description: StrictStr = Field("", max_length=4000)
    partner_ids: list[UUID] = Field(default_factory=list, max_length=50)
    min_mentorship_months: WholeNumber = Field(
        OMITTED, ge=1, le=60, description="Leave out for no minimum."
    )
    cadence_weeks: WholeNumber = Field(OMITTED, ge=1, le=52, description="Leave out for none.")
    values_statement: StrictStr = Field("", max_length=4000)
    application_questions: list[StrictStr] = Field(default_factory=list, max_length=MAX_QUESTIONS)


class CohortOut(Schema):
    public_id: UUID
    program_id: UUID
    name: str
    starts_on: date
    ends_on: date
    status: CohortStatus
    capacity: int = Field(description="Places for participants.")

    @staticmethod
    def resolve_program_id(cohort: Any) -> UUID:
        return cohort.program.public_id


class CohortIn(Body):
    name: StrictStr = Field(min_length=1, max_length=160)
    starts_on: date
    ends_on: date
    capacity: WholeNumber = Field(ge=1, le=10_000)
    status: CohortStatus = CohortStatus.DRAFT


class CohortStatusIn(Body):
    status: CohortStatus


class ApplyIn(Body):
    role: MemberRole = MemberRole.PARTICIPANT
    answers: list[StrictStr] = Field(default_factory=list, max_length=MAX_QUESTIONS)
    accept_values: StrictBool = False


class DecideIn(Body):
    decision: MemberStatus = Field(description="accepted, waitlisted or declined")


class CohortMemberOut(Schema):
    public_id: UUID
    cohort_id: UUID
    user_id: UUID
    name: str
    role: MemberRole
    status: MemberStatus
    joined_at: datetime | None
    left_at: datetime | None

    @staticmethod
    def resolve_cohort_id(member: Any) -> UUID:
        return member.cohort.public_id

    @staticmethod
    def resolve_user_id(member: Any) -> UUID:
        return member.user.public_id

    @staticmethod
    def resolve_name(member: Any) -> str:
        return str(member.user.name)


class CohortMemberDetailOut(CohortMemberOut):
    answers: list[dict[str, str]] = Field(description="Questions and answers of the application.")
    values_accepted_at: datetime | None


class SessionOut(Schema):
    public_id: UUID
    cohort_id: UUID
    kind: SessionKind
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str
    video_url: str
    group_id: UUID | None
    speaker_name: str
    speaker_title: str
    speaker_bio: str
    status: SessionStatus

    @staticmethod
    def resolve_cohort_id(session: Any) -> UUID:
        return session.cohort.public_id

    @staticmethod
    def resolve_group_id(session: Any) -> UUID | None:
        return session.group.public_id if session.group is not None else None


class SessionIn(Body):
    kind: SessionKind
    title: StrictStr = Field(min_length=1, max_length=200)
    starts_at: datetime = Field(description="With its time zone.")
    ends_at: datetime
    place: StrictStr = Field("", max_length=300)
    video_url: StrictStr = Field("", max_length=500)
    group_id: UUID | None = None
    speaker_name: StrictStr = Field("", max_length=160)
    speaker_title: StrictStr = Field("", max_length=200)
    speaker_bio: StrictStr = Field("", max_length=1000)


class AttendanceRowOut(Schema):
    member_id: UUID
    name: str
    expected: bool
    status: str = Field(
        description="present, late, excused, absent; empty: not taken; not_expected"
    )


class AttendanceIn(Body):
    member_id: UUID
    status: AttendanceStatus


class AttendanceOut(Schema):
    public_id: UUID
    session_id: UUID
    member_id: UUID
    status: AttendanceStatus

    @staticmethod
    def resolve_session_id(row: Any) -> UUID:
        return row.session.public_id

    @staticmethod
    def resolve_member_id(row: Any) -> UUID:
        return row.member.public_id


class MyAttendanceOut(Schema):
    session_id: UUID
    title: str
    status: str = Field(description="present, late, excused, absent; empty: not taken yet")


class MyCohortOut(Schema):
    member: CohortMemberOut
    program: ProgramOut
    cohort: CohortOut
    groups: list[str]
    upcoming: list[SessionOut]
    attendance: list[MyAttendanceOut]
