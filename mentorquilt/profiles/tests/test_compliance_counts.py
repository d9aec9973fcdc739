"""The compliance figure counts exactly the verified, trained and published mentors (R1).

A mentor counts toward an institution's compliance only when the institution
verified them (R4), they completed the mentor training (R5) and they published
their profile (R7), and only while their membership is active. Every mentor
here is built through the real services; each lacks one condition but one.
"""

from __future__ import annotations

from typing import Any

from conftest import World, client_for, make_user
from mentorquilt.institutions.models import Institution, Membership, Role
from mentorquilt.institutions.selectors import (
    institution_compliance,
    institution_list_managed,
)
from mentorquilt.institutions.services import membership_end, membership_grant, mentor_verify
from mentorquilt.profiles.models import MentorProfile
from mentorquilt.profiles.services import mentor_profile_publish
from mentorquilt.profiles.tests.helpers import fill_mentor_profile, published_mentor
from mentorquilt.training.tests.helpers import complete_training


def new_mentor(
    world: World, email: str, *, verified: bool, trained: bool, published: bool
) -> Membership:
    user = make_user(email)
    membership = membership_grant(
        actor=world.admin,
        user=user,
        institution=world.institution_a,
        role=Role.MENTOR,
        source="test",
    )
    if published:
        published_mentor(user)
    else:
        fill_mentor_profile(user)
    if trained:
        complete_training(user, Role.MENTOR)
    if verified:
        mentor_verify(actor=world.admin, membership=membership, verified=True)
    return membership


def figures(world: World) -> tuple[int, int, int]:
    """(page context, selector counted now, annotated list) for institution A."""
    response = client_for(world.admin).get(f"/institutions/{world.institution_a.public_id}/")
    assert response.status_code == 200
    page = response.context["compliance"].counted
    fresh = Institution.objects.get(pk=world.institution_a.pk)
    counted_now = institution_compliance(institution=fresh).counted
    annotated = institution_list_managed(user=world.admin).get(pk=world.institution_a.pk)
    listed = institution_compliance(institution=annotated).counted
    return page, counted_now, listed


def test_only_the_verified_trained_published_active_mentor_counts(world: World) -> None:
    # world.mentor is verified but neither trained nor published: not counted either.
    unpublished = new_mentor(
        world, "unpublished@a.example.org", verified=True, trained=True, published=False
    )
    untrained = new_mentor(
        world, "untrained@a.example.org", verified=True, trained=False, published=True
    )
    unverified = new_mentor(
        world, "unverified@a.example.org", verified=False, trained=True, published=True
    )
    ended = new_mentor(world, "ended@a.example.org", verified=True, trained=True, published=True)
    complete = new_mentor(
        world, "complete@a.example.org", verified=True, trained=True, published=True
    )
    membership_end(actor=world.admin, membership=ended)

    assert figures(world) == (1, 1, 1)
    compliance = institution_compliance(institution=world.institution_a)
    # The other figures tell the conditions apart: verification alone is not enough.
    assert compliance.active_mentors == 5  # world.mentor + four active here
    assert compliance.verified == 4  # world.mentor, unpublished, untrained, complete
    assert MentorProfile.objects.get(user=complete.user).published_at is not None

    # Completing each missing condition raises the count by exactly one.
    mentor_profile_publish(actor=unpublished.user, publish=True)
    assert figures(world) == (2, 2, 2)
    complete_training(untrained.user, Role.MENTOR)
    assert figures(world) == (3, 3, 3)
    mentor_verify(actor=world.admin, membership=unverified, verified=True)
    assert figures(world) == (4, 4, 4)

    # The ended mentor never counts again; withdrawing a condition lowers the count.
    mentor_profile_publish(actor=complete.user, publish=False)
    assert figures(world) == (3, 3, 3)


def test_a_mentor_at_another_institution_does_not_count_here(world: World) -> None:
    other: Any = new_mentor(
        world, "elsewhere@a.example.org", verified=True, trained=True, published=True
    )
    assert figures(world) == (1, 1, 1)
    # The same person mentoring at B adds nothing to A, and B counts them only once verified.
    membership_b = membership_grant(
        actor=world.staff,
        user=other.user,
        institution=world.institution_b,
        role=Role.MENTOR,
        source="test",
    )
    assert figures(world) == (1, 1, 1)
    assert institution_compliance(institution=world.institution_b).counted == 0
    mentor_verify(actor=world.staff, membership=membership_b, verified=True)
    assert institution_compliance(institution=world.institution_b).counted == 1
