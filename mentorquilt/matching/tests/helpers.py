"""Set-up helpers for matching tests, through the real services."""

from __future__ import annotations

from typing import Any

from conftest import make_user
from mentorquilt.institutions.models import Role
from mentorquilt.institutions.services import membership_grant, mentor_verify
from mentorquilt.mentorships.tests.helpers import ready_mentee, ready_mentor
from mentorquilt.profiles.models import AffinityDimension


def mentor_at(
    world: Any,
    email: str,
    *,
    institution: Any = None,
    scope: str = "national",
    capacity: int = 2,
    name: str = "",
) -> Any:
    """A verified, ready, published mentor; returns the mentor profile."""
    user = make_user(email, name=name or email.split("@")[0].title())
    membership = membership_grant(
        actor=world.staff,
        user=user,
        institution=institution or world.institution_a,
        role=Role.MENTOR,
        source="test",
    )
    mentor_verify(actor=world.staff, membership=membership, verified=True)
    return ready_mentor(user, capacity=capacity, scope=scope)


def mentee_at(world: Any, email: str, *, institution: Any = None, name: str = "") -> Any:
    user = make_user(email, name=name or email.split("@")[0].title())
    membership_grant(
        actor=world.staff,
        user=user,
        institution=institution or world.institution_a,
        role=Role.MENTEE,
        source="test",
    )
    return ready_mentee(user)


def dimension(slug: str) -> AffinityDimension:
    return AffinityDimension.objects.get(slug=slug)
