"""The engagement pages (R14, R26, R27, R28), through the real views and templates."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mentorquilt.core.models import AuditEvent
from mentorquilt.engagement.models import Concern, Goal, Meeting
from mentorquilt.engagement.services import evaluations_open_due, meeting_note_save
from mentorquilt.engagement.tests.helpers import pair

pytestmark = pytest.mark.django_db


def test_planning_through_the_form_turns_the_local_time_into_utc_and_emails_both(
    world, login, django_capture_on_commit_callbacks
):
    mentorship = pair(world)
    day = (timezone.now() + timedelta(days=5)).date()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = login(world.mentee).post(
            reverse("meeting_schedule", args=[mentorship.public_id]),
            {
                "day": day.isoformat(),
                "time": "18:30",
                "timezone": "America/Chicago",
                "minutes": "45",
                "format": "in_person",
                "place": "Library, room 2",
            },
        )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"{meeting.public_id}/")
    assert meeting.starts_at.astimezone(timezone.UTC).hour in (23, 0)  # CST or CDT
    assert len(mail.outbox) == 2
    page = login(world.mentor).get(reverse("meeting_detail", args=[meeting.public_id]))
    assert b"Library, room 2" in page.content
    ics = login(world.mentor).get(reverse("meeting_invite", args=[meeting.public_id]))
    assert ics["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in ics.content


def test_the_form_shows_plain_errors_for_a_past_time_and_a_missing_link(world, login):
    mentorship = pair(world)
    url = reverse("meeting_schedule", args=[mentorship.public_id])
    past = (timezone.now() - timedelta(days=2)).date().isoformat()
    response = login(world.mentee).post(
        url, {"day": past, "time": "10:00", "timezone": "UTC", "minutes": "30", "format": "phone"}
    )
    assert "Choose a time in the future." in response.content.decode()
    future = (timezone.now() + timedelta(days=2)).date().isoformat()
    response = login(world.mentee).post(
        url,
        {
            "day": future,
            "time": "10:00",
            "timezone": "UTC",
            "minutes": "30",
            "format": "video",
            "place": "",
        },
    )
    assert "Paste the link to the video call." in response.content.decode()
    assert not Meeting.objects.exists()


def test_logging_a_meeting_and_private_notes_shown_to_their_author_only(world, login):
    mentorship = pair(world)
    with time_machine.travel(timezone.now() - timedelta(days=1)):
        from mentorquilt.engagement.services import meeting_schedule

        meeting = meeting_schedule(
            actor=world.mentor,
            mentorship=mentorship,
            starts_at=timezone.now() + timedelta(hours=2),
            minutes=30,
            format="phone",
        )
    response = login(world.mentee).post(
        reverse("meeting_log", args=[meeting.public_id]),
        {"held_minutes": "40", "topics": "Personal statement", "private_note": "PRIVATE-1234"},
    )
    assert response.status_code == 302
    mentee_page = login(world.mentee).get(reverse("meeting_detail", args=[meeting.public_id]))
    mentor_page = login(world.mentor).get(reverse("meeting_detail", args=[meeting.public_id]))
    assert b"PRIVATE-1234" in mentee_page.content
    assert b"PRIVATE-1234" not in mentor_page.content
    assert b"Personal statement" in mentor_page.content
    listing = login(world.mentor).get(reverse("meeting_list", args=[mentorship.public_id]))
    assert b"PRIVATE-1234" not in listing.content and b"40 minutes" in listing.content
    assert "no-store" in mentee_page["Cache-Control"]


def test_the_mentee_builds_a_plan_and_the_mentor_comments(world, login):
    mentorship = pair(world)
    mentee = login(world.mentee)
    mentee.post(reverse("action_plan"), {"mission": "Care for my community"})
    response = mentee.post(
        reverse("goal_create"), {"title": "Shadow a physician", "needs": ["interviews"]}
    )
    goal = Goal.objects.get()
    assert response["Location"] == reverse("goal_detail", args=[goal.public_id])
    mentee.post(reverse("milestone_add", args=[goal.public_id]), {"title": "Email the clinic"})
    mentor = login(world.mentor)
    plan = mentor.get(reverse("mentee_plan", args=[mentorship.public_id])).content.decode()
    assert "Care for my community" in plan and "Shadow a physician" in plan
    mentor.post(reverse("goal_comment", args=[goal.public_id]), {"text": "Try the free clinic"})
    page = mentee.get(reverse("goal_detail", args=[goal.public_id])).content.decode()
    assert "Email the clinic" in page and "Try the free clinic" in page
    assert (
        mentor.post(reverse("goal_done", args=[goal.public_id]), {"done": "yes"}).status_code == 403
    )


def test_a_due_evaluation_shows_on_the_home_page_and_is_answered(world, login):
    pair(world)
    with time_machine.travel(timezone.now() + timedelta(days=200)):
        evaluations_open_due()
        home = login(world.mentee).get(reverse("home")).content.decode()
        assert "Evaluations to answer" in home and "Late" in home
        evaluation = world.mentee.mentorships_as_mentee.get().evaluations.get()
        url = reverse("evaluation_submit", args=[evaluation.public_id])
        response = login(world.mentee).post(url, {"helpful": "5", "available": "5"})
        assert "Choose an answer from 1 to 5." in response.content.decode()
        response = login(world.mentee).post(
            url, {"helpful": "5", "available": "4", "respectful": "5", "recommend": "5"}
        )
        assert response.status_code == 302
        home = login(world.mentee).get(reverse("home")).content.decode()
        assert "Evaluations to answer" not in home
        summary = login(world.mentor).get(reverse("evaluation_list")).content.decode()
        assert "at least 3 different mentees" in summary and "4.0" not in summary


def test_a_concern_reaches_the_staff_queue_and_reading_it_is_audited(world, login):
    mentorship = pair(world)
    response = login(world.mentor).post(
        reverse("concern_report", args=[mentorship.public_id]),
        {"text": "The student asked me for money.", "about_other": "on"},
    )
    assert response.status_code == 302
    concern = Concern.objects.get()
    assert b"money" not in login(world.mentee).get(reverse("concern_list")).content
    staff = login(world.staff)
    assert "1 concern waiting" in staff.get(reverse("home")).content.decode()
    queue = staff.get(reverse("concern_queue")).content.decode()
    assert "money" not in queue
    assert not AuditEvent.objects.filter(action="concern.read").exists()
    detail = staff.get(reverse("concern_detail", args=[concern.public_id])).content.decode()
    assert "The student asked me for money." in detail
    assert AuditEvent.objects.filter(action="concern.read", actor=world.staff).exists()
    staff.post(reverse("concern_act", args=[concern.public_id]), {"kind": "suspend_user"})
    world.mentee.refresh_from_db()
    assert not world.mentee.is_active


def test_pages_of_someone_elses_meeting_answer_404(world, login):
    mentorship = pair(world)
    from mentorquilt.engagement.services import meeting_schedule

    meeting = meeting_schedule(
        actor=world.mentee,
        mentorship=mentorship,
        starts_at=timezone.now() + timedelta(days=1),
        minutes=30,
        format="phone",
    )
    meeting_note_save(author=world.mentee, meeting=meeting, text="note")
    for persona in ("outsider", "admin", "staff"):
        client = login(world.persona(persona))
        assert client.get(reverse("meeting_detail", args=[meeting.public_id])).status_code == 404
        assert client.get(reverse("meeting_list", args=[mentorship.public_id])).status_code == 404


def test_a_meeting_held_without_planning_is_recorded_from_the_meetings_page(world, login):
    mentorship = pair(world)
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
        url = reverse("meeting_record", args=[mentorship.public_id])
        response = login(world.mentee).post(
            url,
            {
                "day": yesterday,
                "time": "15:00",
                "timezone": "America/Denver",
                "format": "phone",
                "held_minutes": "25",
                "topics": "Scholarships",
                "private_note": "",
            },
        )
        assert response.status_code == 302
        tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
        response = login(world.mentee).post(
            url,
            {
                "day": tomorrow,
                "time": "15:00",
                "timezone": "UTC",
                "format": "phone",
                "held_minutes": "25",
                "topics": "Later",
            },
        )
        assert "Choose a time that has passed." in response.content.decode()
    meeting = Meeting.objects.get()
    assert (meeting.status, meeting.held_minutes, meeting.topics) == ("held", 25, "Scholarships")
