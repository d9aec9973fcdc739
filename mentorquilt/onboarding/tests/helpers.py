"""Make a person fully ready (profile, agreements, training) through the real services."""

from __future__ import annotations

from typing import Any

from mentorquilt.institutions.models import Role
from mentorquilt.profiles.models import AffinityDimension, Track, TrainingStage
from mentorquilt.profiles.services import (
    affinity_preferences_set,
    attributes_set,
    eligibility_attest,
    mentee_about_update,
    mentee_needs_set,
)
from mentorquilt.profiles.tests.helpers import need, published_mentor
from mentorquilt.training.tests.helpers import make_ready


def complete_profile(user: Any, role: str) -> None:
    """Every profile step of the role, as the person would do them."""
    if role == Role.MENTEE:
        mentee_about_update(
            actor=user,
            training_stage=TrainingStage.objects.get(slug="community-college"),
            track=Track.objects.get(slug="nursing"),
            goals="Transfer to a four-year school and become a nurse.",
        )
        mentee_needs_set(actor=user, needs=[need("transfer")])
        attributes_set(actor=user, choices=[])  # looked at the background questions, shared none
        affinity_preferences_set(
            actor=user, importances={AffinityDimension.objects.order_by("pk").first(): 2}
        )
        eligibility_attest(actor=user, urim=False, first_gen=True, low_income=False, basis="Me")
    else:
        published_mentor(user, scope="local")


def make_fully_ready(user: Any, role: str) -> None:
    complete_profile(user, role)
    make_ready(user, role)
