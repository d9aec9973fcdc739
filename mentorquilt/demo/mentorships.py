"""Demo requests and mentorships, made with the real services (R8, R13).

The demo mentor gets an active mentee and students waiting for an answer; one
ready demo mentee gets two mentors, so the quilt shows patches and a gap. The demo
mentee login is left without mentors: she still has checklist steps to walk, and
nothing starts before they are done (R12). One more mentor login at the same school,
Dr. Nadia Rahman, let requests lapse and is suspended after unanswered requests (R8,
B3), so the admin's people list and the reinstatement page can be tried.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from mentorquilt.accounts.models import User
from mentorquilt.demo.network import demo_mentor
from mentorquilt.demo.training import get_ready
from mentorquilt.institutions.models import Institution, Membership, MembershipStatus, Role
from mentorquilt.institutions.services import membership_grant, mentor_verify
from mentorquilt.mentorships.models import MentorshipRequest, MentorSuspension
from mentorquilt.mentorships.selectors import mentor_has_free_place, mentor_profiles_searchable
from mentorquilt.mentorships.services import (
    mentorship_request_accept,
    mentorship_request_send,
    request_lapse_overdue,
)
from mentorquilt.onboarding.selectors import readiness
from mentorquilt.profiles.models import MentorProfile
from mentorquilt.profiles.selectors import mentee_needs_ordered, mentee_profile_of

MESSAGES = [
    "Hello! I am the first in my family to go to college and I am preparing my medical "
    "school applications. Your profile made me think you would understand.",
    "Hi, I would love help with interviews. I get nervous and I do not know what to expect.",
    "I am a transfer student working two jobs. Could you help me plan the next two years?",
]


def _ready_mentees(*, domain: str, institution_id: int, exclude: list[str]) -> list[User]:
    rows = (
        Membership.objects.filter(
            role=Role.MENTEE,
            status=MembershipStatus.ACTIVE,
            institution_id=institution_id,
            user__email__endswith=f"@{domain}",
        )
        .exclude(user__email__in=exclude)
        .select_related("user")
        .order_by("user__email")[:60]
    )
    found = []
    for membership in rows:
        user = membership.user
        if readiness(user=user, role=Role.MENTEE).ready:
            found.append(user)
        if len(found) == 3:
            break
    return found


def _ask(mentee: User, profile: MentorProfile, message: str) -> Any:
    needs = mentee_needs_ordered(profile=mentee_profile_of(user=mentee))  # type: ignore[arg-type]
    areas = set(profile.areas.values_list("pk", flat=True))
    chosen = [need for need in needs if need.pk in areas][:2] or needs[:1]
    return mentorship_request_send(
        mentee=mentee, mentor_profile=profile, message=message, needs=chosen
    )


def build_demo_mentorships(*, domain: str, mentor_email: str, exclude: list[str]) -> str:
    """Make the demo's requests and mentorships once; return the email of the mentee whose
    quilt has two mentors ("" when the demo has no ready mentee to use)."""
    mentor = User.objects.get(email=mentor_email)
    profile = MentorProfile.objects.get(user=mentor)
    if MentorshipRequest.objects.filter(mentor=mentor).exists():
        first = MentorshipRequest.objects.filter(mentor=mentor, status="accepted").first()
        return first.mentee.email if first else ""
    home = Membership.objects.get(user=mentor, role=Role.MENTOR).institution_id
    mentees = _ready_mentees(domain=domain, institution_id=home, exclude=[mentor_email, *exclude])
    if not mentees:
        return ""
    quilted = mentees[0]
    mentorship_request_accept(actor=mentor, request=_ask(quilted, profile, MESSAGES[0]))
    other = (
        mentor_profiles_searchable(viewer=quilted)
        .exclude(user__in=[mentor, quilted])
        .select_related("user")
        .order_by("user__email")
    )
    for candidate in other[:30]:
        if not readiness(user=candidate.user, role=Role.MENTOR).ready:
            continue
        if not mentor_has_free_place(profile=candidate):
            continue
        mentorship_request_accept(
            actor=candidate.user, request=_ask(quilted, candidate, MESSAGES[1])
        )
        break
    for mentee, message in zip(mentees[1:], MESSAGES[1:], strict=False):
        if mentor_has_free_place(profile=profile):
            _ask(mentee, profile, message)
    return quilted.email


LAPSED_MENTOR = ("quiet.mentor", "Dr. Nadia Rahman")


def build_demo_lapsed_mentor(
    *, domain: str, staff: User, institution: Institution, person: Any, exclude: list[str]
) -> str:
    """A ready mentor whose requests lapsed until she was suspended from search (R8, B3).

    Students at her school ask her; the requests are dated back past their deadline and
    the real tick lapses them, which suspends her. Returns her email. Running it again
    changes nothing. `person(email, name)` makes (or finds) a demo login.
    """
    email = f"{LAPSED_MENTOR[0]}@{domain}"
    mentor = person(email, LAPSED_MENTOR[1])
    if MentorSuspension.objects.filter(mentor=mentor).exists():
        return email
    membership = Membership.objects.filter(user=mentor, role=Role.MENTOR).first()
    if membership is None:
        membership = membership_grant(
            actor=staff,
            user=mentor,
            institution=institution,
            role=Role.MENTOR,
            source="demo",
        )
    if membership.verified_at is None:
        mentor_verify(actor=staff, membership=membership, verified=True)
    demo_mentor(staff=staff, user=mentor, membership=membership, seed=7)
    get_ready(mentor, Role.MENTOR)
    profile = MentorProfile.objects.get(user=mentor)
    asking = _ready_mentees(domain=domain, institution_id=institution.pk, exclude=exclude)
    sent = []
    for mentee in asking[: settings.MENTORSHIP_LAPSES_TO_SUSPEND]:
        if not mentor_has_free_place(profile=profile):
            break
        sent.append(_ask(mentee, profile, MESSAGES[2]).pk)
    # As if they were sent weeks ago and never answered: the tick lapses and suspends.
    MentorshipRequest.objects.filter(pk__in=sent).update(due_at=timezone.now() - timedelta(hours=1))
    request_lapse_overdue()
    return email
