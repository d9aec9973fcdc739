"""The cap holds under concurrent accepts (R6): two mentors' answers race for the last place.

The race needs real concurrent transactions, so it runs on PostgreSQL (two threads,
each with its own database connection). SQLite serialises every write on one file
lock, so a race there proves nothing; the test is skipped with that reason. The
database's own guard (one open mentorship per mentor slot) is checked on both.
"""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.conf import settings
from django.db import IntegrityError, connection, transaction

from mentorquilt.core.errors import DomainError
from mentorquilt.mentorships.models import Mentorship, MentorshipState
from mentorquilt.mentorships.services import mentorship_request_accept
from mentorquilt.mentorships.tests.helpers import new_mentee, ready_mentor, send


def _two_requests_for_the_last_place(world):
    profile = ready_mentor(world.mentor, capacity=1)
    first = send(new_mentee(world, "race1@a.example.org"), profile)
    second = send(new_mentee(world, "race2@a.example.org"), profile)
    return profile, [first, second]


# Skipped before any database set-up (a transactional test empties the database after
# it, which the browser tests' serialized rollback then has to undo).
ON_POSTGRES = "postgresql" in settings.DATABASES["default"]["ENGINE"]


@pytest.mark.postgres_only
@pytest.mark.skipif(
    not ON_POSTGRES,
    reason="Needs PostgreSQL: SQLite serialises writers on one file lock, so two "
    "transactions cannot race. Run with DATABASE_URL=postgres://...",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_accepts_racing_for_the_last_place_leave_exactly_one_mentorship_r6(world):
    profile, requests = _two_requests_for_the_last_place(world)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    lock = threading.Lock()

    def accept(request):
        try:
            barrier.wait(timeout=10)
            mentorship_request_accept(actor=world.mentor, request=request)
            result = "accepted"
        except DomainError as error:
            result = f"refused:{error.code}"
        finally:
            connection.close()  # this thread's own connection
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=accept, args=(r,)) for r in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["accepted", "refused:full"]
    assert (
        Mentorship.objects.filter(mentor=world.mentor)
        .exclude(state=MentorshipState.CONCLUDED)
        .count()
        == profile.capacity
    )


@pytest.mark.django_db
def test_the_database_refuses_two_open_mentorships_on_one_mentor_slot(world):
    profile, requests = _two_requests_for_the_last_place(world)
    mentorship_request_accept(actor=world.mentor, request=requests[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        Mentorship.objects.create(
            mentee=requests[1].mentee, mentor=world.mentor, slot=1, started_on=date.today()
        )
    assert profile.capacity == 1


@pytest.mark.django_db
def test_the_database_refuses_a_fourth_place_whatever_the_code_says(world):
    ready_mentor(world.mentor, capacity=3)
    mentee = new_mentee(world, "fourth@a.example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        Mentorship.objects.create(
            mentee=mentee, mentor=world.mentor, slot=4, started_on=date.today()
        )
