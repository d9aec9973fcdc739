"""The demo holds one program of each kind, shaped like the programs our users run (R29, R25)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from mentorquilt.accounts.models import User
from mentorquilt.programs.models import Attendance, Program
from mentorquilt.programs.selectors import my_programs

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_cohort_program_a_pairing_program_and_a_campaign():
    call_command("demo_data", verbosity=0)
    programs = {p.kind: p for p in Program.objects.all()}
    assert set(programs) == {"cohort", "pairing", "campaign"}
    assert programs["pairing"].min_mentorship_months == 12
    pathways = programs["cohort"].cohorts.get()
    assert pathways.groups.count() == 2
    assert pathways.sessions.filter(kind="workshop").count() >= 10
    assert Attendance.objects.filter(session__cohort=pathways).exists()
    mentee = User.objects.get(email="mentee@demo.mentorquilt.test")
    mine = my_programs(user=mentee)
    assert [m.member.cohort for m in mine] == [pathways]
    assert mine[0].groups and mine[0].record and mine[0].upcoming
    call_command("demo_data", verbosity=0)  # twice changes nothing
    assert Program.objects.count() == 3
