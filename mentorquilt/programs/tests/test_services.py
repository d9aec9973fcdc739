"""Programs services (R29, R30, R25): who may do what, capacity, overlaps, attendance."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied

from conftest import make_user
from mentorquilt.core.errors import DomainError
from mentorquilt.core.models import AuditEvent
from mentorquilt.institutions.models import Role
from mentorquilt.institutions.services import membership_grant
from mentorquilt.notifications.models import Notification
from mentorquilt.programs.models import Attendance, GroupMember, MemberStatus
from mentorquilt.programs.services import (
    attendance_record,
    cohort_status_set,
    group_assign,
    group_create,
    member_apply,
    member_decide,
    member_invite,
    member_leave,
    program_create,
    program_update,
    session_cancel,
    session_create,
)
from mentorquilt.programs.tests.helpers import accepted, apply, at, make_cohort, make_program

pytestmark = pytest.mark.django_db


def person(world: Any, email: str, institution: Any = None) -> Any:
    user = make_user(email)
    membership_grant(
        actor=world.staff,
        user=user,
        institution=institution or world.institution_a,
        role=Role.MENTEE,
        source="test",
    )
    return user


def workshop(world: Any, cohort: Any, start: Any, hours: float = 2, **kwargs: Any) -> Any:
    fields = {"kind": "workshop", "title": "Personal statements", "place": "Room 101"}
    fields.update(kwargs)
    return session_create(
        actor=world.coordinator,
        cohort=cohort,
        starts_at=start,
        ends_at=start + timedelta(hours=hours),
        **fields,
    )


# --- programs ------------------------------------------------------------------------------


def test_a_coordinator_creates_a_program_of_their_institution_with_partners_and_min_length(world):
    program = make_program(
        world, partners=(world.institution_b,), kind="pairing", min_mentorship_months=12
    )
    assert list(program.partners.all()) == [world.institution_b]
    assert program.min_mentorship_months == 12
    assert AuditEvent.objects.filter(action="program.create", target_id=str(program.public_id))


@pytest.mark.parametrize("who", ["mentee", "mentor", "researcher", "outsider"])
def test_only_coordinators_admins_and_staff_create_programs(world, who):
    with pytest.raises(PermissionDenied):
        program_create(
            actor=world.persona(who), institution=world.institution_a, kind="cohort", name="X"
        )


def test_a_coordinator_of_another_institution_cannot_create_or_change_a_program_here(world):
    program = make_program(world)
    other = make_user("coordinator@b.example.org")
    membership_grant(
        actor=world.staff,
        user=other,
        institution=world.institution_b,
        role=Role.COORDINATOR,
        source="test",
    )
    with pytest.raises(PermissionDenied):
        program_update(actor=other, program=program, kind="cohort", name="Taken over")


def test_a_minimum_length_of_more_than_five_years_is_refused(world):
    with pytest.raises(DomainError) as error:
        make_program(world, min_mentorship_months=61)
    assert error.value.field == "min_mentorship_months"


def test_closed_cohorts_cannot_be_reopened(world):
    cohort = make_cohort(world, make_program(world))
    cohort_status_set(actor=world.coordinator, cohort=cohort, status="closed")
    with pytest.raises(DomainError):
        cohort_status_set(actor=world.coordinator, cohort=cohort, status="recruiting")


# --- applying and deciding -------------------------------------------------------------------


def test_a_member_of_the_institution_applies_with_answers_and_accepts_the_values(world):
    cohort = make_cohort(world, make_program(world))
    member = apply(world.mentee, cohort)
    assert member.status == MemberStatus.APPLIED
    assert member.answers == [
        {"question": "Why do you want to join?", "answer": "To become a doctor."}
    ]
    assert member.values_accepted_at is not None


def test_applying_without_accepting_the_values_is_refused(world):
    cohort = make_cohort(world, make_program(world))
    with pytest.raises(DomainError) as error:
        member_apply(
            actor=world.mentee,
            cohort=cohort,
            role="participant",
            answers=["Yes"],
            accept_values=False,
        )
    assert error.value.field == "accept_values"


def test_applying_without_answering_every_question_is_refused(world):
    cohort = make_cohort(world, make_program(world))
    with pytest.raises(DomainError, match="Answer every question"):
        member_apply(
            actor=world.mentee, cohort=cohort, role="participant", answers=[" "], accept_values=True
        )


def test_the_outsider_may_apply_only_when_their_institution_is_a_partner(world):
    closed = make_cohort(world, make_program(world))
    with pytest.raises(DomainError, match="partner"):
        apply(world.outsider, closed)
    open_cohort = make_cohort(world, make_program(world, partners=(world.institution_b,)))
    assert apply(world.outsider, open_cohort).status == MemberStatus.APPLIED


def test_a_draft_cohort_takes_no_applications(world):
    cohort = make_cohort(world, make_program(world), status="draft")
    with pytest.raises(DomainError, match="not taking applications"):
        apply(world.mentee, cohort)


def test_accepting_tells_the_person_and_a_full_cohort_refuses_further_acceptances(world):
    cohort = make_cohort(world, make_program(world), capacity=1)
    first = accepted(world, world.mentee, cohort)
    assert first.joined_at is not None
    assert Notification.objects.filter(user=world.mentee, title__startswith="You are in").exists()
    second = apply(person(world, "second@a.example.org"), cohort)
    with pytest.raises(DomainError, match="full: all 1 places"):
        member_decide(actor=world.coordinator, member=second, decision="accepted")
    # A mentor does not take a participant's place.
    mentor = accepted(world, world.mentor, cohort, role="mentor")
    assert mentor.status == MemberStatus.ACCEPTED
    waitlisted = member_decide(actor=world.coordinator, member=second, decision="waitlisted")
    assert waitlisted.status == MemberStatus.WAITLISTED
    assert Notification.objects.filter(title__contains="waiting list").count() == 1


def test_an_invited_person_joins_when_they_accept_the_invitation(world):
    cohort = make_cohort(world, make_program(world))
    cohort_status_set(actor=world.coordinator, cohort=cohort, status="active")
    invited = member_invite(
        actor=world.coordinator, cohort=cohort, user=world.mentor, role="facilitator"
    )
    assert invited.status == MemberStatus.INVITED
    joined = apply(world.mentor, cohort)
    assert (joined.pk, joined.status, joined.role) == (invited.pk, "accepted", "facilitator")


def test_inviting_someone_from_an_institution_that_is_not_a_partner_is_refused(world):
    cohort = make_cohort(world, make_program(world))
    with pytest.raises(DomainError, match="not a member"):
        member_invite(
            actor=world.coordinator, cohort=cohort, user=world.outsider, role="participant"
        )


def test_leaving_the_cohort_takes_the_person_out_of_its_groups(world):
    cohort = make_cohort(world, make_program(world))
    member = accepted(world, world.mentee, cohort)
    group_create(actor=world.coordinator, cohort=cohort, name="Group A", members=[member])
    member_leave(actor=world.mentee, member=member)
    member.refresh_from_db()
    assert member.status == MemberStatus.LEFT
    assert not GroupMember.objects.filter(member=member).exists()


def test_someone_else_cannot_take_a_member_out_of_a_cohort(world):
    cohort = make_cohort(world, make_program(world))
    member = accepted(world, world.mentee, cohort)
    with pytest.raises(PermissionDenied):
        member_leave(actor=world.mentor, member=member)


# --- groups --------------------------------------------------------------------------------


def test_a_member_sits_in_one_group_and_assigning_moves_them(world):
    cohort = make_cohort(world, make_program(world))
    member = accepted(world, world.mentee, cohort)
    one = group_create(actor=world.coordinator, cohort=cohort, name="One", members=[member])
    two = group_create(actor=world.coordinator, cohort=cohort, name="Two")
    with pytest.raises(DomainError, match="already in another group"):
        group_create(actor=world.coordinator, cohort=cohort, name="Three", members=[member])
    group_assign(actor=world.coordinator, group=two, member=member)
    assert list(GroupMember.objects.filter(member=member).values_list("group", flat=True)) == [
        two.pk
    ]
    assert not one.seats.exists()


def test_only_accepted_members_are_put_in_groups(world):
    cohort = make_cohort(world, make_program(world))
    applied = apply(world.mentee, cohort)
    with pytest.raises(DomainError, match="Only accepted"):
        group_create(actor=world.coordinator, cohort=cohort, name="One", members=[applied])


# --- sessions ------------------------------------------------------------------------------


def test_planning_a_session_emails_each_member_a_calendar_invitation(
    world, django_capture_on_commit_callbacks
):
    cohort = make_cohort(world, make_program(world))
    accepted(world, world.mentee, cohort)
    apply(world.mentor, cohort, role="mentor")  # applied, not accepted: no invitation
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workshop(world, cohort, at(days=7))
    invitations = [m for m in mail.outbox if m.attachments]
    assert [m.to for m in invitations] == [[world.mentee.email]]
    _name, ics, mimetype = invitations[0].attachments[0]
    assert "METHOD:REQUEST" in ics and "SUMMARY:Personal statements" in ics
    assert mimetype.startswith("text/calendar")


def test_a_cancelled_session_sends_the_cancellation(world, django_capture_on_commit_callbacks):
    cohort = make_cohort(world, make_program(world))
    accepted(world, world.mentee, cohort)
    with django_capture_on_commit_callbacks(execute=True):
        session = workshop(world, cohort, at(days=7))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(actor=world.coordinator, session=session)
    assert ["METHOD:CANCEL" in m.attachments[0][1] for m in mail.outbox] == [True]


def test_overlapping_sessions_for_the_same_people_are_refused_but_parallel_groups_are_not(world):
    cohort = make_cohort(world, make_program(world))
    one = group_create(actor=world.coordinator, cohort=cohort, name="One")
    two = group_create(actor=world.coordinator, cohort=cohort, name="Two")
    start = at(days=3)
    small = {"kind": "small_group", "title": "Group time"}
    workshop(world, cohort, start, group=one, **small)
    workshop(world, cohort, start, group=two, **small)  # another group: fine
    with pytest.raises(DomainError, match="overlaps “Group time”") as error:
        workshop(world, cohort, start + timedelta(hours=1), group=one, **small)
    assert error.value.code == "overlap"
    with pytest.raises(DomainError, match="overlaps"):
        workshop(world, cohort, start)  # everyone: clashes with the groups
    plenary = workshop(world, cohort, start + timedelta(hours=2))  # right after: fine
    with pytest.raises(DomainError, match="overlaps “Personal statements”"):
        workshop(world, cohort, plenary.starts_at + timedelta(minutes=30), group=two, **small)


def test_a_speaker_session_needs_the_speaker_and_may_have_a_guest_without_an_account(world):
    cohort = make_cohort(world, make_program(world))
    with pytest.raises(DomainError) as error:
        workshop(world, cohort, at(days=2), kind="speaker", title="A path to medicine")
    assert error.value.field == "speaker_name"
    session = workshop(
        world,
        cohort,
        at(days=2),
        kind="speaker",
        speaker_name="Dr. Ana Ruiz",
        speaker_title="Family physician",
        speaker_bio="First in her family to go to college.",
        place="",
        video_url="https://video.example.org/room",
    )
    assert session.speaker_name == "Dr. Ana Ruiz"


# --- attendance ----------------------------------------------------------------------------


def test_a_coordinator_records_and_changes_attendance_and_each_change_is_audited(world):
    cohort = make_cohort(world, make_program(world))
    member = accepted(world, world.mentee, cohort)
    session = workshop(world, cohort, at(hours=0.5))
    attendance_record(actor=world.coordinator, session=session, member=member, status="late")
    attendance_record(actor=world.coordinator, session=session, member=member, status="present")
    assert Attendance.objects.get(session=session, member=member).status == "present"
    changes = AuditEvent.objects.filter(action__startswith="attendance.").order_by("at", "id")
    assert [(e.data["from"], e.data["to"]) for e in changes] == [("", "late"), ("late", "present")]


def test_attendance_for_someone_who_is_not_a_member_is_refused_with_a_clear_message(world):
    cohort = make_cohort(world, make_program(world))
    accepted(world, world.mentee, cohort)
    session = workshop(world, cohort, at(hours=0.5))
    applied = apply(world.mentor, cohort, role="mentor")
    with pytest.raises(DomainError, match="not a member of this cohort"):
        attendance_record(
            actor=world.coordinator, session=session, member=applied, status="present"
        )
    other = make_cohort(world, make_program(world, name="Other"))
    stranger = accepted(world, world.admin, other)
    with pytest.raises(DomainError, match="not a member of this cohort"):
        attendance_record(
            actor=world.coordinator, session=session, member=stranger, status="present"
        )


def test_a_session_before_someone_joined_is_not_expected_for_them(world):
    cohort = make_cohort(world, make_program(world))
    with time_machine.travel(at(days=-10)):
        session = workshop(world, cohort, at(days=1))
    member = accepted(world, world.mentee, cohort)
    with pytest.raises(DomainError, match="Not expected"):
        attendance_record(actor=world.coordinator, session=session, member=member, status="absent")


def test_a_facilitator_takes_attendance_and_a_participant_may_not(world):
    cohort = make_cohort(world, make_program(world))
    member = accepted(world, world.mentee, cohort)
    facilitator = accepted(world, world.mentor, cohort, role="mentor")
    session = workshop(world, cohort, at(hours=0.5))
    with pytest.raises(PermissionDenied, match="facilitators take attendance"):
        attendance_record(actor=world.mentor, session=session, member=member, status="present")
    member_leave(actor=world.mentor, member=facilitator)
    invited = member_invite(
        actor=world.coordinator,
        cohort=cohort,
        user=person(world, "f@a.example.org"),
        role="facilitator",
    )
    joined = apply(invited.user, cohort)
    with time_machine.travel(at(hours=1)):
        attendance_record(actor=joined.user, session=session, member=member, status="present")
    with pytest.raises(PermissionDenied):
        attendance_record(actor=world.mentee, session=session, member=member, status="present")


def test_attendance_opens_an_hour_before_the_start(world):
    cohort = make_cohort(world, make_program(world))
    member = accepted(world, world.mentee, cohort)
    session = workshop(world, cohort, at(hours=3))
    with pytest.raises(DomainError, match="opens an hour before"):
        attendance_record(actor=world.coordinator, session=session, member=member, status="present")


def test_someone_who_joined_while_a_session_was_running_is_not_expected_at_it(world):
    cohort = make_cohort(world, make_program(world))
    with time_machine.travel(at(hours=-1)):
        session = workshop(world, cohort, at(minutes=30), hours=2)  # began 30 minutes ago
    member = accepted(world, world.mentee, cohort)
    assert session.starts_at < member.joined_at < session.ends_at
    with pytest.raises(DomainError, match="Not expected"):
        attendance_record(actor=world.coordinator, session=session, member=member, status="late")
