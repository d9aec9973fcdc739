"""Schemas of the pairing rounds API (R22, R23, B2)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from ninja import Field, Schema

from mentorquilt.core.schemas import Body, PageOut, StrictBody


class WeightsIn(Body):
    availability: float = Field(0.25, ge=0, le=1)
    responsiveness: float = Field(0.25, ge=0, le=1)
    affinity: float = Field(0.20, ge=0, le=1)
    needs: float = Field(0.20, ge=0, le=1)
    fit: float = Field(0.10, ge=0, le=1)


class RoundIn(Body):
    institution_id: UUID
    name: str = Field(..., max_length=120)
    training_stage: str = Field("", description="A training stage slug; empty for all.")
    mode: Literal["optimal", "stable"] = "optimal"
    cap: int = Field(2, ge=1, le=3, description="Mentees per mentor, at most (R6).")
    wants: int = Field(1, ge=1, le=3, description="Mentors per mentee (R13).")
    weights: WeightsIn | None = None
    keep: list[tuple[str, str]] = Field(
        default_factory=list, description="[mentee email or id, mentor email or id] pairs."
    )
    forbid: list[tuple[str, str]] = Field(default_factory=list)
    publish_as: Literal["mentorships", "requests"] = "mentorships"


class RefusedOut(Schema):
    pair: UUID
    reason: str


class PublishOut(Schema):
    made: int
    refused: list[RefusedOut]


class RoundOut(Schema):
    public_id: UUID
    institution_id: UUID
    name: str
    status: str
    progress: int
    step: str
    error: str
    settings: dict[str, Any]
    engine_version: str
    input_fingerprint: str
    created_at: datetime
    published_at: datetime | None
    published: PublishOut | None = Field(
        None, description="Once published: pairs started (or requests sent) and refused."
    )


class RoundPage(PageOut):
    items: list[RoundOut]


class PersonOut(Schema):
    public_id: UUID = Field(..., description="The person's user id.")
    name: str


class PairOut(Schema):
    public_id: UUID
    mentee: PersonOut
    mentor: PersonOut
    score: float
    rank: int
    source: str
    reasons: list[str] = Field(..., description="Only attributes the mentor shows (B4).")


class GroupOut(Schema):
    key: str
    label: str
    size: int
    matched: int
    rate: float
    gap: float


class FiguresOut(Schema):
    mentees: int
    mentors: int
    pairs: int
    matched: int
    unmatched: int
    short: int
    mean_score: float
    overall_rate: float
    load_histogram: list[tuple[int, int]]
    urim_mentors: int
    other_mentors: int
    urim_mean_load: float
    other_mean_load: float
    urim_share_of_pairs: float
    urim_share_of_capacity: float
    groups: list[GroupOut]


class LeftOutOut(Schema):
    public_id: UUID = Field(..., description="The person's user id.")
    name: str
    role: Literal["mentee", "mentor"]
    reasons: list[str] = Field(
        ..., description="Checklist steps still to do, or why they need nobody or have no room."
    )
    link: str | None = Field(None, description="Their checklist, to send them (a path).")


class ProposalOut(Schema):
    status: str
    pairs: list[PairOut]
    unmatched: list[PersonOut]
    left_out: list[LeftOutOut]
    figures: FiguresOut


class AdjustIn(Body):
    action: Literal["remove", "add", "swap"]
    pair: UUID | None = Field(None, description="remove, swap: a pair of the proposal.")
    other: UUID | None = Field(None, description="swap: the other pair.")
    mentee: UUID | None = Field(None, description="add: the mentee's user id.")
    mentor: UUID | None = Field(None, description="add: the mentor's user id.")


class PublishIn(StrictBody):
    publish_as: Literal["mentorships", "requests"] | None = None
