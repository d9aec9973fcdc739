"""Names with a title read well in pages, emails and calendar invitations (issue 10):
"Dr. Maria López" is "Maria", never "Dr."; a preferred name wins over both."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from conftest import client_for
from mentorquilt.accounts.services import account_details_update
from mentorquilt.engagement.services import meeting_schedule
from mentorquilt.mentorships.services import mentorship_request_accept
from mentorquilt.mentorships.tests.helpers import ready_mentee, ready_mentor, send

pytestmark = pytest.mark.django_db


def test_the_home_page_greets_a_doctor_by_first_name(world):
    account_details_update(user=world.mentor, name="Dr. Maria López")
    page = client_for(world.mentor).get("/home/").content.decode()
    assert "Hello, Maria</h1>" in page and "Hello, Dr." not in page


def test_the_home_page_greets_by_the_preferred_name_when_there_is_one(world):
    account_details_update(user=world.mentor, name="Dr. Maria López", preferred_name="Marisol")
    page = client_for(world.mentor).get("/home/").content.decode()
    assert "Hello, Marisol</h1>" in page


def test_the_mentorship_page_names_the_other_person_by_their_preferred_name(world):
    ready_mentee(world.mentee)
    profile = ready_mentor(world.mentor, capacity=3)
    mentorship = mentorship_request_accept(actor=world.mentor, request=send(world.mentee, profile))
    account_details_update(user=world.mentor, name="Dr. Maria López", preferred_name="Marisol")
    page = client_for(world.mentee).get(f"/mentorships/{mentorship.public_id}/").content.decode()
    assert "Your mentorship with Marisol" in page


def test_the_meeting_email_and_calendar_invitation_use_first_names_without_titles(
    world, django_capture_on_commit_callbacks
):
    ready_mentee(world.mentee)
    profile = ready_mentor(world.mentor, capacity=3)
    mentorship = mentorship_request_accept(actor=world.mentor, request=send(world.mentee, profile))
    account_details_update(user=world.mentor, name="Dr. Maria López")
    account_details_update(user=world.mentee, name="Mx. Sam Lee", preferred_name="Sammy")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_schedule(
            actor=world.mentee,
            mentorship=mentorship,
            starts_at=timezone.now() + timedelta(days=2),
            minutes=30,
            format="phone",
        )
    to_mentor = next(m for m in mail.outbox if m.to == [world.mentor.email])
    assert to_mentor.body.startswith("Hello Maria,")
    assert "Meeting with Sammy" in to_mentor.subject
    ics = to_mentor.attachments[0][1].replace("\r\n ", "")  # unfold long lines
    assert "SUMMARY:Mentoring: Sammy and Maria (phone call)" in ics
    assert "ORGANIZER;CN=Sammy:mailto:" in ics and "ATTENDEE;CN=Maria;" in ics
    assert "Dr." not in ics


def test_a_pause_notification_names_the_person_by_their_preferred_name(world):
    from mentorquilt.mentorships.services import mentorship_pause
    from mentorquilt.notifications.models import Notification

    ready_mentee(world.mentee)
    profile = ready_mentor(world.mentor, capacity=3)
    mentorship = mentorship_request_accept(actor=world.mentor, request=send(world.mentee, profile))
    account_details_update(user=world.mentor, name="Dr. Maria López", preferred_name="Marisol")
    mentorship_pause(actor=world.mentor, mentorship=mentorship)
    titles = list(Notification.objects.filter(user=world.mentee).values_list("title", flat=True))
    assert "Marisol paused your mentorship" in titles
