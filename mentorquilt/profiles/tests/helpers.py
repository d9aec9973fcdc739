"""Set-up helpers for profile tests, through the real services."""

from __future__ import annotations

from typing import Any

from mentorquilt.profiles.models import (
    AffinityCategory,
    MeetingFormat,
    NeedArea,
    Specialty,
    Track,
    TrainingStage,
)
from mentorquilt.profiles.services import (
    AttributeChoice,
    attributes_set,
    mentor_profile_publish,
    mentor_profile_update,
)


def category(slug: str) -> AffinityCategory:
    return AffinityCategory.objects.select_related("dimension").get(slug=slug)


def need(slug: str) -> NeedArea:
    return NeedArea.objects.get(slug=slug)


def give_attribute(user: Any, slug: str, *, match: bool = False, show: bool = False) -> None:
    """Add one attribute, keeping the person's others as they are."""
    from mentorquilt.profiles.selectors import attributes_of_own

    choices = [
        AttributeChoice(a.category, a.use_for_matching, a.show_on_profile)
        for a in attributes_of_own(user=user)
        if a.category.slug != slug
    ]
    attributes_set(actor=user, choices=[*choices, AttributeChoice(category(slug), match, show)])


def fill_mentor_profile(user: Any, *, scope: str = "national", capacity: int = 2) -> Any:
    return mentor_profile_update(
        actor=user,
        role_title="Attending physician",
        training_stage=TrainingStage.objects.get(slug="attending"),
        tracks=[Track.objects.get(slug="medicine-md")],
        specialties=[Specialty.objects.get(slug="pediatrics")],
        bio="I grew up in a small town and love helping students find their way.",
        areas=[need("personal-statement"), need("interviews")],
        languages=[],
        formats=[MeetingFormat.objects.get(slug="video")],
        timezone_name="America/Chicago",
        availability="Tuesday evenings",
        capacity=capacity,
        scope=scope,
    )


def published_mentor(user: Any, **kwargs: Any) -> Any:
    fill_mentor_profile(user, **kwargs)
    return mentor_profile_publish(actor=user, publish=True)
