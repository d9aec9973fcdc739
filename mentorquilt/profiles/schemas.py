"""Shapes of the profiles part of the JSON API (R3-R7, R11, R15, R19, R37).

Taxonomy terms are named by slug. An attribute its owner did not choose to show is
absent from every answer to anyone else (the key or list item is missing, never null);
eligibility is present only for its owner (and staff who ask to reveal it).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from ninja import Field, Schema
from pydantic import StrictBool, StrictStr

from mentorquilt.core.schemas import OMITTED, Body, WholeNumber
from mentorquilt.profiles.models import MAX_CAPACITY, Basis, Nominator, QualificationStatus, Scope

Slug = StrictStr


class TermOut(Schema):
    slug: str
    name: str
    description: str


class CategoryOut(Schema):
    slug: str
    name: str


class DimensionOut(Schema):
    slug: str
    name: str
    question: str
    wish_only: bool = Field(
        description="Mentees only say how much this matters; they are never asked about it."
    )
    categories: list[CategoryOut]

    @staticmethod
    def resolve_categories(dimension: Any) -> list[Any]:
        return list(getattr(dimension, "active_categories", []))


class TaxonomiesOut(Schema):
    tracks: list[TermOut]
    training_stages: list[TermOut]
    specialties: list[TermOut]
    languages: list[TermOut]
    formats: list[TermOut]
    needs: list[TermOut]
    dimensions: list[DimensionOut]


class AttributeOut(Schema):
    """One affinity attribute. To anyone but its owner only shown ones are listed."""

    dimension: str
    category: str
    name: str

    @staticmethod
    def resolve_dimension(attribute: Any) -> str:
        return str(attribute.category.dimension.slug)

    @staticmethod
    def resolve_category(attribute: Any) -> str:
        return str(attribute.category.slug)

    @staticmethod
    def resolve_name(attribute: Any) -> str:
        return str(attribute.category.name)


class OwnAttributeOut(AttributeOut):
    use_for_matching: bool
    show_on_profile: bool


class AttributeIn(Body):
    category: Slug = Field(max_length=60)
    use_for_matching: StrictBool = False
    show_on_profile: StrictBool = False


class AttributesIn(Body):
    attributes: list[AttributeIn] = Field(
        max_length=60, description="The complete list: categories left out are removed."
    )


class EligibilityOut(Schema):
    urim: bool
    first_gen: bool
    low_income: bool
    basis: str
    attested_at: datetime


class EligibilityIn(Body):
    urim: StrictBool = False
    first_gen: StrictBool = False
    low_income: StrictBool = False
    basis: StrictStr = Field(min_length=1, max_length=1000)


class MenteeProfileOut(Schema):
    public_id: UUID
    user_id: UUID
    name: str
    training_stage: str | None
    track: str | None
    goals: str
    needs: list[str] = Field(description="Need slugs, most important first.")
    attributes: list[AttributeOut]
    eligibility: EligibilityOut = Field(
        OMITTED, description="Present only for the owner (and staff who reveal it)."
    )


class OwnMenteeProfileOut(Schema):
    public_id: UUID
    training_stage: str | None
    track: str | None
    goals: str
    languages: list[str]
    formats: list[str]
    timezone: str
    needs: list[str]
    preferences: dict[str, int] = Field(
        description="Dimension slug -> 0 does not matter, 1 nice, 2 important, 3 must have."
    )
    eligibility: EligibilityOut = Field(OMITTED, description="Absent until attested.")


class MenteeProfileIn(Body):
    training_stage: Slug = Field(max_length=60)
    track: Slug = Field(max_length=60)
    goals: StrictStr = Field("", max_length=2000)
    languages: list[Slug] = Field(default_factory=list, max_length=30)
    formats: list[Slug] = Field(default_factory=list, max_length=10)
    timezone: StrictStr = Field("", max_length=64, examples=["America/Chicago"])


class NeedsIn(Body):
    needs: list[Slug] = Field(min_length=1, max_length=8, description="Most important first.")


class PreferencesIn(Body):
    preferences: dict[StrictStr, WholeNumber] = Field(
        description="Dimension slug -> 0 to 3.", max_length=50
    )


class MentorProfileOut(Schema):
    public_id: UUID
    user_id: UUID
    name: str
    role_title: str
    training_stage: str | None
    tracks: list[str]
    specialties: list[str]
    bio: str
    areas: list[str]
    languages: list[str]
    formats: list[str]
    timezone: str
    availability: str
    capacity: int
    scope: Scope
    published: bool
    attributes: list[AttributeOut]
    capacity_note: str = Field(
        "",
        description="Only in the mentor's own profile: when they hold more mentees than their "
        "capacity (R6), a plain statement that nobody's mentorship ends and nobody new can "
        "ask until enough end; otherwise empty.",
    )


class MentorProfileIn(Body):
    role_title: StrictStr = Field("", max_length=120)
    training_stage: Slug = Field(OMITTED, max_length=60)
    tracks: list[Slug] = Field(default_factory=list, max_length=20)
    specialties: list[Slug] = Field(default_factory=list, max_length=20)
    bio: StrictStr = Field("", max_length=3000)
    areas: list[Slug] = Field(default_factory=list, max_length=40)
    languages: list[Slug] = Field(default_factory=list, max_length=30)
    formats: list[Slug] = Field(default_factory=list, max_length=10)
    timezone: StrictStr = Field("", max_length=64)
    availability: StrictStr = Field("", max_length=300)
    capacity: WholeNumber = Field(1, ge=1, le=MAX_CAPACITY, description="R6: 1 to 3.")
    scope: Scope = Scope.LOCAL


class QualificationOut(Schema):
    public_id: UUID
    institution_id: UUID
    mentor_id: UUID
    mentor_name: str
    basis: Basis
    evidence: str
    nominator_kind: Nominator | None
    status: QualificationStatus
    decision_reason: str
    created_at: datetime
    decided_at: datetime | None

    @staticmethod
    def resolve_institution_id(q: Any) -> UUID:
        return q.membership.institution.public_id  # type: ignore[no-any-return]

    @staticmethod
    def resolve_mentor_id(q: Any) -> UUID:
        return q.membership.user.public_id  # type: ignore[no-any-return]

    @staticmethod
    def resolve_mentor_name(q: Any) -> str:
        return str(q.membership.user.name)

    @staticmethod
    def resolve_nominator_kind(q: Any) -> str | None:
        return q.nominator_kind or None


class QualificationIn(Body):
    institution_id: UUID
    basis: Basis
    evidence: StrictStr = Field(min_length=1, max_length=2000)
    nominator_kind: Nominator = Field(
        OMITTED, description="For a nomination: educational_leader or department_leader."
    )


class NominationIn(Body):
    institution_id: UUID
    email: StrictStr = Field(max_length=254)
    evidence: StrictStr = Field(min_length=1, max_length=2000)
    nominator_kind: Nominator = Field(
        OMITTED, description="Admins only: record a leader's nomination."
    )


class AcceptedOut(Schema):
    detail: str


class RejectIn(Body):
    reason: StrictStr = Field(min_length=1, max_length=500)


class ProfileStepOut(Schema):
    role: str
    key: str
    title: str
    message: str
    done: bool
