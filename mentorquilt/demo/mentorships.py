"""Demo requests and mentorships, made with the real services (R8, R13).

The demo mentor gets an active mentee and students waiting for an answer; one
ready demo mentee gets two mentors, so the quilt shows patches and a gap. The demo
mentee login is left without mentors: she still has checklist steps to walk, and
nothing starts before they are done (R12).
"""

from __future__ import annotations

from typing import Any

from mentorquilt.accounts.models import User
from mentorquilt.institutions.models import Membership, MembershipStatus, Role
from mentorquilt.mentorships.models import MentorshipRequest
from mentorquilt.mentorships.selectors import mentor_has_free_place, mentor_profiles_searchable
from mentorquilt.mentorships.services import mentorship_request_accept, mentorship_request_send
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
