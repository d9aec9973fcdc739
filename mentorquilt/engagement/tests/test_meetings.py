"""Meetings (R26): plan with a calendar invitation, cancel, log, private notes, nudges."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.http import Http404
from django.utils import timezone

from mentorquilt.core.errors import DomainError
from mentorquilt.core.models import AuditEvent
from mentorquilt.engagement.models import Meeting, MeetingNote, MeetingStatus, QuietNudge
from mentorquilt.engagement.selectors import meeting_get_for_party, meeting_note_own
from mentorquilt.engagement.services import (
    meeting_cancel,
    meeting_log,
    meeting_note_save,
    meeting_nudge_quiet_pairs,
    meeting_record,
    meeting_schedule,
)
from mentorquilt.engagement.tests.helpers import pair
from mentorquilt.mentorships.services import mentorship_pause
from mentorquilt.notifications.models import Notification

pytestmark = pytest.mark.django_db


def plan(mentorship, actor, *, days=3, **kw):
    return meeting_schedule(
        actor=actor,
        mentorship=mentorship,
        starts_at=kw.pop("starts_at", timezone.now() + timedelta(days=days)),
        minutes=kw.pop("minutes", 45),
        format=kw.pop("format", "video"),
        place=kw.pop("place", "https://video.example.org/abc"),
    )


def test_planning_a_meeting_emails_both_people_a_calendar_invitation(
    world, django_capture_on_commit_callbacks
):
    mentorship = pair(world)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting = plan(mentorship, world.mentee)
    assert sorted(m.to[0] for m in mail.outbox) == [world.mentee.email, world.mentor.email]
    for message in mail.outbox:
        (name, content, mimetype) = message.attachments[0]
        assert name == "meeting.ics"
        assert mimetype.startswith("text/calendar; method=REQUEST")
        assert f"UID:meeting-{meeting.public_id}@mentorquilt" in content
        assert (
            "DTSTART:" + meeting.starts_at.astimezone(timezone.UTC).strftime("%Y%m%dT%H%M%SZ")
            in content
        )
        # The summary names first names only, never emails or full names.
        summary = next(line for line in content.split("\r\n") if line.startswith("SUMMARY:"))
        assert world.mentee.email not in summary
    assert AuditEvent.objects.filter(
        action="meeting.schedule", target_id=str(meeting.public_id)
    ).exists()


def test_the_invitation_task_sends_each_version_once(world, django_capture_on_commit_callbacks):
    from mentorquilt.engagement.tasks import meeting_invite_send

    mentorship = pair(world)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = plan(mentorship, world.mentor)
    mail.outbox.clear()
    assert meeting_invite_send.call(str(meeting.public_id), 0) == "skipped: already sent"
    assert mail.outbox == []


def test_cancelling_sends_a_cancellation_with_the_same_uid(
    world, django_capture_on_commit_callbacks
):
    mentorship = pair(world)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = plan(mentorship, world.mentee)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(actor=world.mentor, meeting=meeting)
    assert len(mail.outbox) == 2
    content = mail.outbox[0].attachments[0][1]
    assert "METHOD:CANCEL" in content and "SEQUENCE:1" in content
    assert f"UID:meeting-{meeting.public_id}@mentorquilt" in content


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"days": -1}, "starts_at"),
        ({"days": 400}, "starts_at"),
        ({"minutes": 5}, "minutes"),
        ({"format": "video", "place": ""}, "place"),
        ({"format": "in_person", "place": " "}, "place"),
        ({"format": "carrier pigeon"}, "format"),
    ],
)
def test_a_meeting_needs_a_future_time_a_sane_length_and_a_link_or_place(world, changes, field):
    mentorship = pair(world)
    with pytest.raises(DomainError) as refused:
        plan(mentorship, world.mentee, **changes)
    assert refused.value.field == field


def test_a_phone_call_needs_no_place(world):
    meeting = plan(pair(world), world.mentee, format="phone", place="")
    stored = Meeting.objects.get(pk=meeting.pk)
    assert (stored.format, stored.place, stored.status) == ("phone", "", MeetingStatus.SCHEDULED)


def test_only_the_pair_plans_and_only_while_the_mentorship_is_active(world):
    mentorship = pair(world)
    for outsider in (world.outsider, world.admin, world.staff):
        with pytest.raises(DomainError):
            plan(mentorship, outsider)
    mentorship_pause(actor=world.mentee, mentorship=mentorship)
    with pytest.raises(DomainError, match="paused"):
        plan(mentorship, world.mentee)


def test_nobody_outside_the_pair_finds_a_meeting(world):
    meeting = plan(pair(world), world.mentee)
    assert meeting_get_for_party(user=world.mentor, public_id=meeting.public_id) == meeting
    for persona in ("outsider", "admin", "coordinator", "staff", "researcher"):
        with pytest.raises(Http404):
            meeting_get_for_party(user=world.persona(persona), public_id=meeting.public_id)


def test_a_held_meeting_is_logged_once_with_its_length_and_topics(world):
    mentorship = pair(world)
    meeting = plan(mentorship, world.mentee, days=1)
    with pytest.raises(DomainError, match="once it has started"):
        meeting_log(actor=world.mentee, meeting=meeting, held_minutes=40, topics="MCAT")
    with time_machine.travel(meeting.starts_at + timedelta(hours=1)):
        meeting_log(
            actor=world.mentor,
            meeting=meeting,
            held_minutes=50,
            topics="MCAT plan",
            private_note="She seemed tired; ask about work hours.",
        )
        with pytest.raises(DomainError, match="already been logged"):
            meeting_log(actor=world.mentee, meeting=meeting, held_minutes=50, topics="x")
    meeting.refresh_from_db()
    assert (meeting.status, meeting.held_minutes, meeting.topics) == ("held", 50, "MCAT plan")
    event = AuditEvent.objects.get(action="meeting.log")
    assert "MCAT" not in str(event.data)


def test_private_notes_are_read_by_their_author_only(world):
    mentorship = pair(world)
    meeting = plan(mentorship, world.mentee)
    meeting_note_save(author=world.mentor, meeting=meeting, text="Mentor's own thoughts")
    meeting_note_save(author=world.mentee, meeting=meeting, text="Mentee's own thoughts")
    assert meeting_note_own(user=world.mentor, meeting=meeting) == "Mentor's own thoughts"
    assert meeting_note_own(user=world.mentee, meeting=meeting) == "Mentee's own thoughts"
    assert meeting_note_own(user=world.staff, meeting=meeting) == ""
    with pytest.raises(DomainError):
        meeting_note_save(author=world.staff, meeting=meeting, text="staff")
    audit = AuditEvent.objects.filter(action="meeting_note.save")
    assert audit.count() == 2 and "thoughts" not in str(list(audit.values("data")))
    meeting_note_save(author=world.mentor, meeting=meeting, text="  ")
    assert MeetingNote.objects.filter(meeting=meeting).count() == 1


def test_a_meeting_held_without_planning_can_be_recorded(world):
    mentorship = pair(world)
    with time_machine.travel(timezone.now() + timedelta(days=10)):
        meeting = meeting_record(
            actor=world.mentee,
            mentorship=mentorship,
            held_at=timezone.now() - timedelta(days=1),
            held_minutes=30,
            format="phone",
            topics="Financial aid",
        )
    assert meeting.status == MeetingStatus.HELD


def test_a_quiet_pair_is_nudged_once_per_quiet_spell(world, settings):
    settings.MEETING_QUIET_DAYS = 60
    mentorship = pair(world)
    start = timezone.now()
    assert meeting_nudge_quiet_pairs(today=(start + timedelta(days=59)).date()) == 0
    with time_machine.travel(start + timedelta(days=61)):
        assert meeting_nudge_quiet_pairs() == 1
        assert meeting_nudge_quiet_pairs() == 0  # idempotent
    nudges = Notification.objects.filter(kind="meeting.nudge")
    assert sorted(n.user_id for n in nudges) == sorted([world.mentee.pk, world.mentor.pk])
    # They meet, then go quiet again: a new spell, a new nudge.
    with time_machine.travel(start + timedelta(days=70)):
        meeting_record(
            actor=world.mentee,
            mentorship=mentorship,
            held_at=timezone.now() - timedelta(hours=2),
            held_minutes=30,
            format="phone",
            topics="Catch-up",
        )
    with time_machine.travel(start + timedelta(days=100)):
        assert meeting_nudge_quiet_pairs() == 0
    with time_machine.travel(start + timedelta(days=131)):
        assert meeting_nudge_quiet_pairs() == 1
    assert QuietNudge.objects.filter(mentorship=mentorship).count() == 2


def test_a_meeting_planned_ahead_keeps_the_nudge_away(world):
    mentorship = pair(world)
    start = timezone.now()
    with time_machine.travel(start + timedelta(days=55)):
        plan(mentorship, world.mentor, days=20)
    with time_machine.travel(start + timedelta(days=65)):
        assert meeting_nudge_quiet_pairs() == 0


def test_finding_quiet_pairs_and_opening_evaluations_take_the_same_queries_for_more_pairs(world):
    from mentorquilt.engagement.selectors import quiet_pairs
    from mentorquilt.engagement.services import evaluations_open_due
    from mentorquilt.engagement.tests.helpers import another_pair

    pair(world)
    later = timezone.localdate() + timedelta(days=400)

    def count(run):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            run()
        return len(captured)

    one = count(lambda: quiet_pairs(today=later, quiet_days=60))
    opened_one = count(lambda: evaluations_open_due(today=later))
    another_pair(world, mentor=world.mentor, email="second.mentee@a.example.org")
    another_pair(world, mentor=world.mentor, email="third.mentee@a.example.org")
    assert len(quiet_pairs(today=later, quiet_days=60)) == 3
    assert count(lambda: quiet_pairs(today=later, quiet_days=60)) == one
    assert count(lambda: evaluations_open_due(today=later)) == opened_one
