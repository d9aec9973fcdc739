"""Schemas of the matching API. Reasons name only attributes the mentor chose to show;
suppressed counts (under 11) are absent keys, never null."""

from __future__ import annotations

from uuid import UUID

from ninja import Field, Schema


class SearchQuery(Schema):
    """Taxonomy slugs as in /taxonomies; all optional."""

    need: str | None = Field(None, max_length=60)
    specialty: str | None = Field(None, max_length=60)
    track: str | None = Field(None, max_length=60)
    background: str | None = Field(
        None,
        max_length=60,
        description="An affinity category slug; finds only mentors "
        "who chose to show it on their profile.",
    )
    format: str | None = Field(None, max_length=60, description="A meeting format slug.")
    reach: str = Field("", pattern="^(|local|national)$")
    accepting_now: bool = False
    limit: int = Field(20, ge=1, le=50)


class NeedRef(Schema):
    slug: str
    name: str


class MentorMatchOut(Schema):
    mentor_id: UUID = Field(description="The mentor's profile id (as in /mentors/{id}).")
    name: str
    role_title: str
    rank_score: float = Field(description="The ranking score (engine score, load and spreading).")
    reasons: list[str] = Field(description="Why this mentor, in plain words (B4).")
    shared: list[str] = Field(description="Backgrounds you share that the mentor shows.")
    helps_with: list[str] = Field(description="Your needs this mentor helps with.")
    free_places: int
    waiting_requests: int
    your_school: bool


class SearchOut(Schema):
    mentors: list[MentorMatchOut]


class GapOut(Schema):
    need: NeedRef
    mentors: list[MentorMatchOut]


class CountRow(Schema):
    slug: str
    name: str
    asking: int | None = Field(None, description="Absent when under 11 (background rows).")
    offering: int | None = Field(None, description="Absent when under 11 (background rows).")


class MissOut(Schema):
    filters: str
    searches: int


class SupplyDemandOut(Schema):
    mentees: int
    needs: list[CountRow]
    affinities: list[CountRow]
    misses: list[MissOut]
