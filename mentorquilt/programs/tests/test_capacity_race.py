"""A cohort's capacity holds under concurrent acceptances (R29): two coordinators accept
two applicants for the last place at the same moment.

The race needs real concurrent transactions, so it runs on PostgreSQL (two threads, each
with its own connection); on SQLite it is skipped with that reason.
"""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.db import connection

from conftest import make_user
from mentorquilt.core.errors import DomainError
from mentorquilt.institutions.models import Role
from mentorquilt.institutions.services import membership_grant
from mentorquilt.programs.models import MemberStatus
from mentorquilt.programs.services import member_decide
from mentorquilt.programs.tests.helpers import apply, make_cohort, make_program

ON_POSTGRES = "postgresql" in settings.DATABASES["default"]["ENGINE"]


@pytest.mark.postgres_only
@pytest.mark.skipif(
    not ON_POSTGRES,
    reason="Needs PostgreSQL: SQLite serialises writers on one file lock, so two "
    "transactions cannot race. Run with DATABASE_URL=postgres://...",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_acceptances_racing_for_the_last_place_accept_exactly_one(world):
    cohort = make_cohort(world, make_program(world), capacity=1)
    applicants = []
    for index in range(2):
        user = make_user(f"race{index}@a.example.org")
        membership_grant(
            actor=world.staff,
            user=user,
            institution=world.institution_a,
            role=Role.MENTEE,
            source="t",
        )
        applicants.append(apply(user, cohort))
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    lock = threading.Lock()

    def accept(member, actor):
        try:
            barrier.wait(timeout=10)
            member_decide(actor=actor, member=member, decision="accepted")
            result = "accepted"
        except DomainError as error:
            result = f"refused:{error.code}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [
        threading.Thread(target=accept, args=(applicants[0], world.coordinator)),
        threading.Thread(target=accept, args=(applicants[1], world.admin)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["accepted", "refused:full"]
    assert cohort.members.filter(status=MemberStatus.ACCEPTED).count() == 1
