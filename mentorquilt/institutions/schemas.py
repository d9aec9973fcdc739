"""Shapes of the institutions part of the JSON API (R1, R2).

Bodies accept only the fields listed; any other field (`role` where it is not
asked for, `institution`, `is_staff`, `status`...) is ignored (see `Body`).
Integers and booleans are strict: `true` is not a class size, `1` is not a yes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from ninja import Field, Schema
from pydantic import StrictBool, StrictStr

from mentorquilt.core.schemas import OMITTED, Body, PageOut, PageQuery, WholeNumber
from mentorquilt.institutions.models import InstitutionKind, MembershipStatus, Role
from mentorquilt.institutions.schedule import SizeCategory
from mentorquilt.institutions.services import MAX_CLASS_SIZE


class InstitutionRef(Schema):
    public_id: UUID
    name: str


class MyMembershipOut(Schema):
    """One of the caller's own roles."""

    public_id: UUID
    institution: InstitutionRef
    role: Role
    status: MembershipStatus
    verified: bool = Field(description="A mentor the institution has verified (R4).")

    @staticmethod
    def resolve_verified(membership: Any) -> bool:
        return membership.verified_at is not None


class MeOut(Schema):
    public_id: UUID
    email: str
    name: str
    is_staff: bool
    memberships: list[MyMembershipOut]


class InstitutionOut(Schema):
    public_id: UUID
    name: str
    kind: InstitutionKind
    class_size: int = Field(description="Students per class (year).")
    region: str
    is_active: bool
    size_category: SizeCategory
    required_mentors: int = Field(description="Verified active mentors the schedule asks for (R1).")


class InstitutionPage(PageOut):
    items: list[InstitutionOut]


class InstitutionIn(Body):
    name: StrictStr = Field(
        min_length=1, max_length=200, examples=["Northfield School of Medicine"]
    )
    kind: InstitutionKind
    class_size: WholeNumber = Field(ge=1, le=MAX_CLASS_SIZE, description="Students per class.")
    region: StrictStr = Field(min_length=1, max_length=100, examples=["Ohio"])


class InstitutionPatch(Body):
    """Only the fields sent are changed."""

    name: StrictStr = Field(OMITTED, min_length=1, max_length=200)
    kind: InstitutionKind = Field(OMITTED)
    class_size: WholeNumber = Field(OMITTED, ge=1, le=MAX_CLASS_SIZE)
    region: StrictStr = Field(OMITTED, min_length=1, max_length=100)
    is_active: StrictBool = Field(OMITTED, description="false: no new members may join.")


class ComplianceOut(Schema):
    """R1 at a glance: counted mentors against the size schedule's minimum."""

    size_category: SizeCategory
    required: int = Field(description="Mentors the size schedule asks for.")
    counted: int = Field(
        description="Active mentors who count: verified, and meeting every other condition "
        "(such as a published profile)."
    )
    verified: int = Field(description="Active mentors the institution has verified.")
    active_mentors: int
    shortfall: int = Field(description="required - counted, at least 0.")
    is_compliant: bool
    percent: int = Field(description="counted as a percentage of required, at most 100.")


class MemberOut(Schema):
    """One membership (a person's role) at an institution, as its managers see it."""

    public_id: UUID = Field(description="The membership's id.")
    user_id: UUID = Field(description="The person's id.")
    name: str
    email: str
    role: Role
    status: MembershipStatus
    verified: bool

    @staticmethod
    def resolve_user_id(membership: Any) -> UUID:
        return membership.user.public_id

    @staticmethod
    def resolve_name(membership: Any) -> str:
        return membership.user.name

    @staticmethod
    def resolve_email(membership: Any) -> str:
        return membership.user.email

    @staticmethod
    def resolve_verified(membership: Any) -> bool:
        return membership.verified_at is not None


class MemberPage(PageOut):
    items: list[MemberOut]


class MemberQuery(PageQuery):
    role: Role = Field(OMITTED, description="Only memberships with this role.")
    status: MembershipStatus = Field(OMITTED, description="Only memberships in this state.")


class InvitationOut(Schema):
    public_id: UUID
    email: str
    name: str
    role: Role
    state: Literal["open", "accepted", "revoked", "expired"]
    created_at: datetime
    expires_at: datetime
    sent_at: datetime | None
    accepted_at: datetime | None
    revoked_at: datetime | None


class InvitationPage(PageOut):
    items: list[InvitationOut]


class InvitationIn(Body):
    email: StrictStr = Field(max_length=254, examples=["new.mentor@example.org"])
    name: StrictStr = Field("", max_length=150, examples=["Dr. Ada Okafor"])
    role: Role


class RosterIn(Body):
    csv: StrictStr = Field(
        max_length=1_000_000,
        description="The roster as CSV text; the first line is the header name,email,role.",
        examples=["name,email,role\nAda Okafor,ada@example.org,mentor\n"],
    )


class RosterSkippedOut(Schema):
    line: int
    reason: str


class RosterReportOut(Schema):
    invited: int
    skipped: list[RosterSkippedOut]


class RosterLineError(Schema):
    line: int
    message: str


class RosterErrorOut(Schema):
    """400 from a roster import: every bad line. Nothing was written."""

    detail: str
    code: str
    field: str | None = None
    errors: list[RosterLineError] = Field(default_factory=list)


class MembershipRequestIn(Body):
    institution_id: UUID
    role: Role = Field(description="mentee or mentor; other roles are given by invitation.")
