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


def staff_suspend(world: Any, mentor_user: Any, *, email: str = "reporter@a.example.org") -> Any:
    """Staff suspend a mentor's account the way they do today: from a concern about them.

    A new mentee of institution A asks the mentor, is accepted, reports a concern about
    the mentor, and staff suspend the person it is about (R27). Returns the concern.
    """
    from mentorquilt.engagement.services import concern_act, concern_report
    from mentorquilt.mentorships.services import mentorship_request_accept
    from mentorquilt.mentorships.tests.helpers import send

    reporter = mentee_at(world, email)
    mentorship = mentorship_request_accept(
        actor=mentor_user, request=send(reporter, mentor_user.mentor_profile)
    )
    concern = concern_report(reporter=reporter, mentorship=mentorship, text="Unkind remarks.")
    concern_act(actor=world.staff, concern=concern, kind="suspend_user")
    mentor_user.refresh_from_db()
    return concern


def lapse_suspend(mentor_user: Any) -> Any:
    """The tick's suspension after repeated lapsed requests (R8, B3)."""
    from django.utils import timezone

    from mentorquilt.mentorships.services import _suspend

    return _suspend(mentor=mentor_user, lapse_count=2, now=timezone.now())
