"""Set-up helpers: ready mentees and mentors, made through the real services."""

from __future__ import annotations

from typing import Any

from conftest import make_user
from mentorquilt.institutions.models import Role
from mentorquilt.institutions.services import membership_grant, mentor_verify
from mentorquilt.mentorships.models import MentorshipRequest
from mentorquilt.mentorships.services import mentorship_request_send
from mentorquilt.onboarding.selectors import readiness
from mentorquilt.profiles.models import AffinityDimension, NeedArea, Track, TrainingStage
from mentorquilt.profiles.services import (
    affinity_preferences_set,
    attributes_set,
    eligibility_attest,
    mentee_about_update,
    mentee_needs_set,
)
from mentorquilt.profiles.tests.helpers import published_mentor
from mentorquilt.training.tests.helpers import make_ready

MENTEE_NEEDS = ("personal-statement", "interviews", "finances-aid")


def need(slug: str) -> NeedArea:
    return NeedArea.objects.get(slug=slug)


def ready_mentee(user: Any, needs: tuple[str, ...] = MENTEE_NEEDS) -> Any:
    """Profile, needs, eligibility, agreements and training: ready to ask (R12)."""
    make_ready(user, Role.MENTEE)
    mentee_about_update(
        actor=user,
        training_stage=TrainingStage.objects.get(slug="undergraduate"),
        track=Track.objects.get(slug="medicine-md"),
        goals="Get into medical school.",
    )
    mentee_needs_set(actor=user, needs=[need(slug) for slug in needs])
    attributes_set(actor=user, choices=[])  # looked at the background questions, shared none
    affinity_preferences_set(
        actor=user, importances={AffinityDimension.objects.order_by("pk").first(): 2}
    )
    eligibility_attest(
        actor=user, urim=False, first_gen=True, low_income=False, basis="First in my family."
    )
    assert readiness(user=user, role=Role.MENTEE).ready
    return user


def ready_mentor(user: Any, *, capacity: int = 2, scope: str = "national") -> Any:
    """A verified mentor (already), trained, agreed and published (R4, R5, R7)."""
    make_ready(user, Role.MENTOR)
    profile = published_mentor(user, scope=scope, capacity=capacity)
    assert readiness(user=user, role=Role.MENTOR).ready
    return profile


def new_mentor(world: Any, email: str, *, capacity: int = 2, name: str = "") -> Any:
    """Another verified, ready mentor at institution A; returns the mentor profile."""
    user = make_user(email, name=name)
    membership = membership_grant(
        actor=world.staff,
        user=user,
        institution=world.institution_a,
        role=Role.MENTOR,
        source="test",
    )
    mentor_verify(actor=world.staff, membership=membership, verified=True)
    return ready_mentor(user, capacity=capacity)


def new_mentee(world: Any, email: str, *, name: str = "") -> Any:
    user = make_user(email, name=name)
    membership_grant(
        actor=world.staff,
        user=user,
        institution=world.institution_a,
        role=Role.MENTEE,
        source="test",
    )
    return ready_mentee(user)


def send(mentee: Any, profile: Any, needs: tuple[str, ...] = ("interviews",)) -> MentorshipRequest:
    return mentorship_request_send(
        mentee=mentee,
        mentor_profile=profile,
        message="I would love help with my interviews.",
        needs=[need(slug) for slug in needs],
    )
