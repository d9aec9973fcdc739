"""The demo shows requests waiting, an active mentorship and a two-mentor quilt (R8, R13)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from mentorquilt.accounts.models import User
from mentorquilt.mentorships.models import Mentorship, MentorshipRequest
from mentorquilt.mentorships.selectors import quilt_for

pytestmark = pytest.mark.django_db


def test_the_demo_mentor_has_a_mentee_and_students_waiting_and_a_quilt_has_two_mentors():
    call_command("demo_data", verbosity=0)
    mentor = User.objects.get(email="mentor@demo.mentorquilt.test")
    assert Mentorship.objects.filter(mentor=mentor, state="active").count() == 1
    assert MentorshipRequest.objects.filter(mentor=mentor, status="pending").exists()
    quilted = Mentorship.objects.get(mentor=mentor).mentee
    assert len(quilt_for(user=quilted).patches) == 2
    # The demo mentee still has checklist steps, so nothing has started for her (R12).
    mentee = User.objects.get(email="mentee@demo.mentorquilt.test")
    assert not Mentorship.objects.filter(mentee=mentee).exists()
    call_command("demo_data", verbosity=0)  # running twice changes nothing
    assert MentorshipRequest.objects.filter(mentor=mentor).count() in (2, 3)


def test_the_demo_has_a_mentor_suspended_after_unanswered_requests_to_reinstate():
    """R8, B3: one demo mentor is suspended by the real tick, so reinstatement can be tried."""
    from mentorquilt.mentorships.selectors import mentor_is_available, suspension_open_of

    call_command("demo_data", verbosity=0)
    quiet = User.objects.get(email="quiet.mentor@demo.mentorquilt.test")
    suspension = suspension_open_of(mentor=quiet)
    assert suspension is not None and suspension.cause == "lapses"
    assert suspension.lapse_count >= 2 and not mentor_is_available(mentor=quiet)
    assert quiet.is_active  # she can still sign in and read why
    call_command("demo_data", verbosity=0)  # running twice changes nothing
    assert MentorshipRequest.objects.filter(mentor=quiet).count() == suspension.lapse_count
