"""The demo shows ready people and leaves the demo mentee a checklist to walk (R5, R12)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from mentorquilt.accounts.models import User
from mentorquilt.institutions.models import Role
from mentorquilt.onboarding.selectors import readiness

pytestmark = pytest.mark.django_db


def test_the_demo_mentor_is_ready_and_the_demo_mentee_has_steps_left():
    call_command("demo_data", verbosity=0)
    mentor = User.objects.get(email="mentor@demo.mentorquilt.test")
    assert readiness(user=mentor, role=Role.MENTOR).ready
    mentee = User.objects.get(email="mentee@demo.mentorquilt.test")
    state = readiness(user=mentee, role=Role.MENTEE)
    assert not state.ready and state.done_count >= 1
    ours = [s.key for s in state.missing if s.key.startswith(("agreement:", "training"))]
    assert ours == ["agreement:conduct", "training"]


def test_a_good_share_of_demo_mentors_and_mentees_are_ready():
    call_command("demo_data", verbosity=0)
    for role in (Role.MENTOR, Role.MENTEE):
        people = User.objects.filter(memberships__role=role).distinct()
        ready = [p for p in people if readiness(user=p, role=role).ready]
        assert len(ready) >= len(people) // 4, role
        assert len(ready) < len(people), role
