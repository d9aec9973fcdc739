"""Every event reaches the person in the app and by email, at once or in a weekly digest."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from mentorquilt.core.errors import DomainError
from mentorquilt.notifications.models import EmailMode, Notification
from mentorquilt.notifications.selectors import notification_get, notification_unread_count
from mentorquilt.notifications.services import (
    digest_send_due,
    notification_mark_read,
    notification_preference_set,
    notify,
)
from mentorquilt.notifications.tasks import notification_email_send

pytestmark = pytest.mark.django_db


def test_notify_creates_an_unread_notification_and_emails_it_after_commit(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(user=world.mentee, kind="test", title="Your mentor answered", link="/quilt/")
        assert mail.outbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()
    assert notification_unread_count(user=world.mentee) == 1
    assert [m.subject for m in mail.outbox] == ["[MentorQuilt] Your mentor answered"]
    assert "/quilt/" in mail.outbox[0].body


def test_the_email_task_takes_an_id_and_sends_once_even_if_run_twice(world):
    note = notify(user=world.mentee, kind="test", title="Hello")
    mail.outbox.clear()
    assert notification_email_send.call(str(note.public_id)) == "sent"
    assert notification_email_send.call(str(note.public_id)) == "skipped: already emailed"
    assert len(mail.outbox) == 1


def test_weekly_digest_people_get_one_email_a_week_with_everything(
    world, django_capture_on_commit_callbacks
):
    notification_preference_set(user=world.mentee, email_mode=EmailMode.WEEKLY)
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=world.mentee, kind="test", title="First thing")
        notify(user=world.mentee, kind="test", title="Second thing")
    assert mail.outbox == []  # no immediate email
    with django_capture_on_commit_callbacks(execute=True):
        assert digest_send_due() == 1
        assert digest_send_due() == 0  # idempotent
    assert len(mail.outbox) == 1
    assert "First thing" in mail.outbox[0].body and "Second thing" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=world.mentee, kind="test", title="Third thing")
    with (
        time_machine.travel(timezone.now() + timedelta(days=3), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert digest_send_due() == 0  # not a week yet
    with (
        time_machine.travel(timezone.now() + timedelta(days=8), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert digest_send_due() == 1
    assert len(mail.outbox) == 2 and "Third thing" in mail.outbox[1].body
    assert "First thing" not in mail.outbox[1].body


def test_a_person_marks_only_their_own_notifications_read(world):
    mine = notify(user=world.mentee, kind="test", title="Mine")
    theirs = notify(user=world.outsider, kind="test", title="Theirs")
    with pytest.raises(Http404):
        notification_get(user=world.mentee, public_id=theirs.public_id)
    with pytest.raises(DomainError):
        notification_mark_read(user=world.mentee, notification=theirs)
    assert notification_mark_read(user=world.mentee, notification=mine) == 1
    assert notification_unread_count(user=world.outsider) == 1


def test_the_header_shows_the_unread_count_and_opening_one_marks_it_read(world, login):
    note = notify(user=world.mentee, kind="test", title="Look at this", link="/quilt/")
    client = login(world.mentee)
    page = client.get(reverse("home")).content.decode()
    assert 'Notifications <span class="badge">1<span class="visually-hidden"> unread' in page
    response = client.post(reverse("notification_open", args=[note.public_id]))
    assert response.status_code == 302 and response["Location"] == "/quilt/"
    assert Notification.objects.get(pk=note.pk).read_at is not None


def test_an_outside_link_in_a_notification_is_never_followed(world, login):
    note = notify(user=world.mentee, kind="test", title="Odd", link="https://evil.example/")
    response = login(world.mentee).post(reverse("notification_open", args=[note.public_id]))
    assert response["Location"] == reverse("notification_list")


def test_the_preference_page_saves_the_weekly_digest(world, login):
    client = login(world.mentor)
    response = client.post(reverse("notification_settings"), {"email_mode": "weekly"})
    assert response.status_code == 302
    assert world.mentor.notification_preference.email_mode == "weekly"


def test_the_digest_command_runs_and_is_safe_to_repeat(world, django_capture_on_commit_callbacks):
    notification_preference_set(user=world.mentee, email_mode=EmailMode.WEEKLY)
    notify(user=world.mentee, kind="test", title="Something")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("notification_digest", verbosity=0)
        call_command("notification_digest", verbosity=0)
    assert len([m for m in mail.outbox if "Your week" in m.subject]) == 1
