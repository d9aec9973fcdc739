"""Programs pages (R29, R30, R25): the coordinator's pages, the apply form, attendance
taking and "My programs", with the outsider persona and bounded queries."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_user
from mentorquilt.institutions.models import Role
from mentorquilt.institutions.services import membership_grant
from mentorquilt.programs.models import Attendance, CohortMember, MemberStatus, Program
from mentorquilt.programs.services import (
    attendance_record,
    group_assign,
    group_create,
    session_create,
)
from mentorquilt.programs.tests.helpers import accepted, apply, at, make_cohort, make_program

pytestmark = pytest.mark.django_db


def plan(world: Any, cohort: Any, start: Any, **kwargs: Any) -> Any:
    fields = {"kind": "workshop", "title": "Interview practice", "place": "Room 2"}
    fields.update(kwargs)
    return session_create(
        actor=world.coordinator,
        cohort=cohort,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        **fields,
    )


def test_a_coordinator_creates_a_program_with_a_partner_from_the_form(world, login):
    client = login(world.coordinator)
    response = client.post(
        reverse("program_create"),
        {
            "institution": world.institution_a.pk,
            "kind": "pairing",
            "name": "Physicians and pre-meds",
            "partners": [world.institution_b.pk],
            "min_mentorship_months": "12",
            "cadence_weeks": "6",
            "values_statement": "Anti-racism and cultural humility.",
            "questions": "Why medicine?\nWhat do you hope to learn?",
        },
    )
    program = Program.objects.get()
    assert response.status_code == 302
    assert program.application_questions == ["Why medicine?", "What do you hope to learn?"]
    assert list(program.partners.all()) == [world.institution_b]


def test_the_outsider_sees_a_program_only_once_their_institution_is_a_partner(world, login):
    program = make_program(world)
    url = reverse("program_detail", kwargs={"program_id": program.public_id})
    assert login(world.outsider).get(url).status_code == 404
    program.partners.add(world.institution_b)
    assert login(world.outsider).get(url).status_code == 200


def test_a_participant_applies_through_the_form_and_sees_it_in_my_programs(world, login):
    cohort = make_cohort(world, make_program(world))
    client = login(world.mentee)
    url = reverse("cohort_apply", kwargs={"cohort_id": cohort.public_id})
    refused = client.post(url, {"role": "participant", "answer_0": "Because."})
    assert refused.status_code == 200  # values not accepted
    assert not CohortMember.objects.exists()
    client.post(url, {"role": "participant", "answer_0": "Because.", "accept_values": "on"})
    member = CohortMember.objects.get(user=world.mentee)
    assert member.status == MemberStatus.APPLIED
    page = client.get(reverse("my_programs")).content.decode()
    assert "participant, applied" in page


def test_the_coordinator_accepts_from_the_cohort_page_and_a_full_cohort_says_so(world, login):
    cohort = make_cohort(world, make_program(world), capacity=1)
    first, second = apply(world.mentee, cohort), apply(world.admin, cohort)
    client = login(world.coordinator)
    for member in (first, second):
        client.post(
            reverse("member_decide", kwargs={"member_id": member.public_id}),
            {"decision": "accepted"},
        )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("accepted", "applied")
    page = client.get(reverse("cohort_detail", kwargs={"cohort_id": cohort.public_id}))
    assert "is full: all 1 places are taken" in page.content.decode()


def test_attendance_is_taken_from_the_list_of_expected_members(world, login):
    cohort = make_cohort(world, make_program(world))
    early = make_user("early@a.example.org")
    membership_grant(
        actor=world.staff, user=early, institution=world.institution_a, role=Role.MENTEE, source="t"
    )
    early_member = accepted(world, early, cohort)
    session = plan(world, cohort, at(hours=0.5))
    late_member = accepted(world, world.mentee, cohort)  # before the start: expected
    url = reverse("session_attendance", kwargs={"session_id": session.public_id})
    client = login(world.coordinator)
    client.post(
        url, {f"m-{early_member.public_id}": "late", f"m-{late_member.public_id}": "absent"}
    )
    assert dict(Attendance.objects.values_list("member__user__email", "status")) == {
        "early@a.example.org": "late",
        "mentee@a.example.org": "absent",
    }


def test_a_member_who_joined_later_is_listed_as_not_expected(world, login):
    import time_machine

    cohort = make_cohort(world, make_program(world))
    with time_machine.travel(at(days=-3)):
        session = plan(world, cohort, at(days=-3, hours=0.5))
    accepted(world, world.mentee, cohort)
    page = login(world.coordinator).get(
        reverse("session_attendance", kwargs={"session_id": session.public_id})
    )
    body = page.content.decode()
    assert "Mentee: joined after this session" in body
    assert 'name="m-' not in body


def test_a_participant_sees_their_group_next_session_and_attendance(world, login):
    import time_machine

    with time_machine.travel(at(days=-2)):
        cohort = make_cohort(world, make_program(world))
        member = accepted(world, world.mentee, cohort)
        group = group_create(actor=world.coordinator, cohort=cohort, name="Lions", members=[member])
        held = plan(world, cohort, at(hours=0.5), title="Held workshop")
        attendance_record(actor=world.coordinator, session=held, member=member, status="excused")
    plan(world, cohort, at(days=5), kind="small_group", group=group, title="Lions meet")
    page = login(world.mentee).get(reverse("my_programs")).content.decode()
    assert "Your small group: Lions" in page
    assert "<strong>Lions meet</strong>" in page
    assert "Held workshop" in page and "<strong>Excused</strong>" in page


def _populated(world: Any, people: int, sessions: int) -> Any:
    """A cohort of `people` accepted members (half in a group) and `sessions` sessions
    starting now, the first with everyone's attendance taken."""
    cohort = make_cohort(world, make_program(world), capacity=100)
    group = group_create(actor=world.coordinator, cohort=cohort, name="G")
    members = []
    for index in range(people):
        user = make_user(f"p{index}-{people}@a.example.org")
        membership_grant(
            actor=world.staff,
            user=user,
            institution=world.institution_a,
            role=Role.MENTEE,
            source="t",
        )
        members.append(accepted(world, user, cohort))
    for member in members[::2]:
        group_assign(actor=world.coordinator, group=group, member=member)
    first = plan(world, cohort, at(hours=0.5))
    for index in range(1, sessions):
        plan(world, cohort, at(hours=0.5 + 2 * index))
    for member in members:
        attendance_record(actor=world.coordinator, session=first, member=member, status="present")
    return cohort, first


@pytest.mark.parametrize("page", ["cohort_detail", "cohort_attendance"])
def test_the_cohort_page_and_attendance_grid_use_the_same_queries_for_more_people(
    world, login, page
):
    client = login(world.coordinator)
    counts = []
    for people, sessions in ((2, 1), (8, 3)):
        cohort, _ = _populated(world, people, sessions)
        url = reverse(page, kwargs={"cohort_id": cohort.public_id})
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_attendance_sheet_uses_the_same_queries_for_more_people(world, login):
    client = login(world.coordinator)
    counts = []
    for people in (2, 8):
        _, session = _populated(world, people, 1)
        url = reverse("session_attendance", kwargs={"session_id": session.public_id})
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_a_coordinator_cancels_a_planned_session_from_the_cohort_page(world, login):
    cohort = make_cohort(world, make_program(world))
    session = plan(world, cohort, at(days=4))
    client = login(world.coordinator)
    page = client.get(reverse("cohort_detail", kwargs={"cohort_id": cohort.public_id}))
    cancel = reverse("session_cancel", kwargs={"session_id": session.public_id})
    assert f'action="{cancel}"' in page.content.decode()
    client.post(cancel)
    session.refresh_from_db()
    assert session.status == "cancelled"
