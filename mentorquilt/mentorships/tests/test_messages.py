"""The pair's private message thread and shared contact details on the mentorship page
(the pair's hub): only its two people read and write it; the other person is notified
in the app and by email (at once or in the weekly digest); the text never leaves the
thread (R15, R25, R27, R36; SECURITY V8, V14)."""

from __future__ import annotations

import json
import logging

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from conftest import client_for
from mentorquilt.accounts.services import account_details_update
from mentorquilt.core.models import AuditEvent
from mentorquilt.mentorships.models import MentorshipMessage
from mentorquilt.mentorships.selectors import contact_details_shared_with
from mentorquilt.mentorships.services import (
    mentorship_conclude,
    mentorship_message_post,
    mentorship_pause,
    mentorship_request_accept,
)
from mentorquilt.mentorships.tests.helpers import new_mentee, ready_mentee, ready_mentor, send
from mentorquilt.notifications.models import Notification
from mentorquilt.notifications.services import digest_send_due, notification_preference_set
from tests.api.conftest import bearer_client

pytestmark = pytest.mark.django_db

SECRET = "Zyxw-thread-canary: my family cannot pay the deposit"
PHONE = "+1 614 555 0142"


def make_pair(world):
    ready_mentee(world.mentee)
    profile = ready_mentor(world.mentor, capacity=3)
    return mentorship_request_accept(actor=world.mentor, request=send(world.mentee, profile))


@pytest.fixture
def mentorship(world):
    return make_pair(world)


def hub(mentorship) -> str:
    return reverse("mentorship_detail", kwargs={"mentorship_id": mentorship.public_id})


def post_url(mentorship) -> str:
    return reverse("mentorship_message_post", kwargs={"mentorship_id": mentorship.public_id})


# --- who reads and writes the thread ----------------------------------------------------


@pytest.mark.parametrize("persona", ["mentee", "mentor"])
def test_both_people_of_the_pair_read_the_thread_on_the_mentorship_page(world, mentorship, persona):
    mentorship_message_post(author=world.mentee, mentorship=mentorship, body=SECRET)
    response = client_for(world.persona(persona)).get(hub(mentorship))
    assert response.status_code == 200
    assert SECRET in response.content.decode()


@pytest.mark.parametrize(
    "persona", ["admin", "coordinator", "staff", "researcher", "outsider", "other_mentee"]
)
def test_nobody_outside_the_pair_reads_or_writes_the_thread_not_even_staff(
    world, mentorship, persona
):
    mentorship_message_post(author=world.mentee, mentorship=mentorship, body=SECRET)
    user = (
        new_mentee(world, "other.mentee@a.example.org")
        if persona == "other_mentee"
        else world.persona(persona)
    )
    client = client_for(user)
    page = client.get(hub(mentorship))
    assert page.status_code == 404 and SECRET not in page.content.decode()
    assert client.post(post_url(mentorship), {"body": "Let me in"}).status_code == 404
    api = bearer_client(user)
    listed = api.get(f"/mentorships/{mentorship.public_id}/messages")
    assert listed.status_code == 404 and SECRET not in listed.content.decode()
    posted = api.post(f"/mentorships/{mentorship.public_id}/messages", {"body": "Let me in"})
    assert posted.status_code == 404
    assert list(MentorshipMessage.objects.values_list("body", flat=True)) == [SECRET]


def test_the_mentee_writes_with_a_plain_form_and_the_mentor_answers_with_htmx(world, mentorship):
    response = client_for(world.mentee).post(post_url(mentorship), {"body": "Hello from me"})
    assert response.status_code == 302
    assert response["Location"] == hub(mentorship) + "#messages"
    answer = client_for(world.mentor).post(
        post_url(mentorship), {"body": "Glad to hear from you"}, HTTP_HX_REQUEST="true"
    )
    html = answer.content.decode()
    assert answer.status_code == 200 and "<html" not in html  # only the thread, swapped in
    assert html.index("Hello from me") < html.index("Glad to hear from you")
    assert [m.author for m in MentorshipMessage.objects.order_by("created_at")] == [
        world.mentee,
        world.mentor,
    ]


def test_an_empty_message_is_a_form_error_and_nothing_is_sent(world, mentorship):
    response = client_for(world.mentee).post(post_url(mentorship), {"body": "   "})
    assert response.status_code == 400
    assert not MentorshipMessage.objects.exists()
    assert not Notification.objects.filter(kind="mentorship.message").exists()


def test_a_refused_htmx_message_comes_back_in_the_thread_with_its_error(world, mentorship):
    answer = client_for(world.mentee).post(
        post_url(mentorship), {"body": "  "}, HTTP_HX_REQUEST="true"
    )
    html = answer.content.decode()
    assert answer.status_code == 200 and "<html" not in html  # htmx swaps only 2xx answers
    assert 'class="errorlist' in html and 'aria-invalid="true"' in html
    assert not MentorshipMessage.objects.exists()


def test_an_ended_mentorship_keeps_its_thread_readable_but_takes_no_new_message(world, mentorship):
    mentorship_message_post(author=world.mentor, mentorship=mentorship, body=SECRET)
    mentorship_conclude(
        actor=world.mentee, mentorship=mentorship, reason="Moving", early_reason="Moving away"
    )
    client = client_for(world.mentee)
    page = client.get(hub(mentorship)).content.decode()
    assert SECRET in page and 'name="body"' not in page
    assert client.post(post_url(mentorship), {"body": "One more thing"}).status_code == 400
    refused = bearer_client(world.mentee).post(
        f"/mentorships/{mentorship.public_id}/messages", {"body": "One more thing"}
    )
    assert refused.status_code == 400
    assert MentorshipMessage.objects.count() == 1


def test_a_paused_mentorship_keeps_its_thread_readable_but_takes_no_new_message(world, mentorship):
    mentorship_message_post(author=world.mentor, mentorship=mentorship, body=SECRET)
    mentorship_pause(actor=world.mentor, mentorship=mentorship)
    page = client_for(world.mentee).get(hub(mentorship)).content.decode()
    assert SECRET in page and 'name="body"' not in page
    response = client_for(world.mentee).post(post_url(mentorship), {"body": "Are you there?"})
    assert response.status_code == 400
    assert MentorshipMessage.objects.count() == 1


# --- notifications ------------------------------------------------------------------------


def test_a_new_message_notifies_the_other_person_in_the_app_and_by_email_without_its_text(
    world, mentorship, django_capture_on_commit_callbacks
):
    account_details_update(user=world.mentee, name="Dr. Ana Ruiz", preferred_name="")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.mentee).post(post_url(mentorship), {"body": SECRET})
    notification = Notification.objects.get(user=world.mentor, kind="mentorship.message")
    assert notification.title == "You have a new message from Ana"
    assert notification.link == hub(mentorship) + "#messages"
    assert not Notification.objects.filter(user=world.mentee, kind="mentorship.message").exists()
    [email] = mail.outbox
    assert email.to == [world.mentor.email]
    assert "You have a new message from Ana" in email.subject
    assert SECRET not in email.subject + email.body and SECRET not in notification.body


def test_someone_who_chose_the_weekly_digest_gets_the_message_news_in_the_digest_only(
    world, mentorship, django_capture_on_commit_callbacks
):
    notification_preference_set(user=world.mentor, email_mode="weekly")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.mentee).post(post_url(mentorship), {"body": SECRET})
    assert mail.outbox == []
    assert Notification.objects.filter(user=world.mentor, kind="mentorship.message").exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert digest_send_due() == 1
    [digest] = mail.outbox
    assert digest.to == [world.mentor.email] and "new message" in digest.body
    assert SECRET not in digest.body


def test_more_messages_before_the_first_is_read_notify_once_and_reading_starts_over(
    world, mentorship
):
    for text in ("One", "Two", "Three"):
        mentorship_message_post(author=world.mentee, mentorship=mentorship, body=text)
    assert Notification.objects.filter(user=world.mentor, kind="mentorship.message").count() == 1
    client_for(world.mentor).get(hub(mentorship))  # reading the thread marks the news read
    mentorship_message_post(author=world.mentee, mentorship=mentorship, body="Four")
    assert Notification.objects.filter(user=world.mentor, kind="mentorship.message").count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_message_text_never_reaches_task_arguments_logs_audit_or_notifications(
    world, caplog, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    caplog.set_level(logging.DEBUG)
    mentorship = make_pair(world)
    DBTaskResult.objects.all().delete()
    client_for(world.mentee).post(post_url(mentorship), {"body": SECRET})
    bearer_client(world.mentor).post(
        f"/mentorships/{mentorship.public_id}/messages", {"body": SECRET + " (answer)"}
    )
    assert MentorshipMessage.objects.count() == 2
    queued = list(DBTaskResult.objects.all())
    assert queued, "the notifications should have queued their email tasks"
    places = {
        "task arguments": json.dumps([t.args_kwargs for t in queued], default=str),
        "logs": "\n".join(r.getMessage() + str(r.args) for r in caplog.records),
        "audit data": json.dumps(list(AuditEvent.objects.values("data", "target_id")), default=str),
        "notifications": json.dumps(
            list(Notification.objects.values("title", "body", "link")), default=str
        ),
    }
    for where, text in places.items():
        assert "Zyxw-thread-canary" not in text, f"the message text reached {where}"
    with transaction.atomic():
        assert AuditEvent.objects.filter(action="mentorship.message").count() == 2


# --- shared contact details ---------------------------------------------------------------


def test_contact_details_are_not_shown_until_their_owner_chooses_to_share_them(world, mentorship):
    account_details_update(user=world.mentee, name="Ana Ruiz", phone=PHONE)
    page = client_for(world.mentor).get(hub(mentorship)).content.decode()
    assert PHONE not in page and world.mentee.email not in page


def test_shared_contact_details_show_only_to_the_other_person_of_an_active_mentorship(
    world, mentorship
):
    account_details_update(
        user=world.mentee, name="Ana Ruiz", phone=PHONE, share_email=True, share_phone=True
    )
    page = client_for(world.mentor).get(hub(mentorship)).content.decode()
    assert PHONE in page and world.mentee.email in page
    # The mentor shared nothing: the mentee sees neither the mentor's email nor their own
    # details offered back to them as the other person's.
    own = client_for(world.mentee).get(hub(mentorship)).content.decode()
    assert world.mentor.email not in own and PHONE not in own
    mentorship_pause(actor=world.mentee, mentorship=mentorship)
    paused = client_for(world.mentor).get(hub(mentorship)).content.decode()
    assert PHONE not in paused and world.mentee.email not in paused
    mentorship.refresh_from_db()
    assert contact_details_shared_with(viewer=world.mentor, mentorship=mentorship) == []
    mentorship_conclude(
        actor=world.mentee, mentorship=mentorship, reason="Done", early_reason="Moving"
    )
    mentorship.refresh_from_db()
    assert contact_details_shared_with(viewer=world.mentor, mentorship=mentorship) == []


def test_sharing_only_the_email_does_not_share_the_phone(world, mentorship):
    account_details_update(user=world.mentor, name="Ben Ode", phone=PHONE, share_email=True)
    page = client_for(world.mentee).get(hub(mentorship)).content.decode()
    assert world.mentor.email in page and PHONE not in page


# --- the hub's links ----------------------------------------------------------------------


def test_the_hub_links_to_meetings_the_action_plan_evaluations_and_a_concern(world, mentorship):
    key = {"mentorship_id": mentorship.public_id}
    as_mentee = client_for(world.mentee).get(hub(mentorship)).content.decode()
    for url in (
        reverse("meeting_list", kwargs=key),
        reverse("action_plan"),
        reverse("evaluation_list"),
        reverse("concern_report", kwargs=key),
    ):
        assert f'href="{url}"' in as_mentee, url
    as_mentor = client_for(world.mentor).get(hub(mentorship)).content.decode()
    assert f'href="{reverse("mentee_plan", kwargs=key)}"' in as_mentor
    assert f'href="{reverse("concern_report", kwargs=key)}"' in as_mentor


# --- the API ------------------------------------------------------------------------------


def test_the_pair_lists_and_posts_messages_by_api(world, mentorship):
    path = f"/mentorships/{mentorship.public_id}/messages"
    posted = bearer_client(world.mentee).post(path, {"body": "Hello by API"})
    assert posted.status_code == 201, posted.content
    body = posted.json()
    assert body["body"] == "Hello by API" and body["author"]["public_id"] == str(
        world.mentee.public_id
    )
    listed = bearer_client(world.mentor).get(path).json()
    assert listed["count"] == 1 and [m["body"] for m in listed["items"]] == ["Hello by API"]
    assert listed["items"][0]["mine"] is False
    assert bearer_client(world.mentee).post(path, {"body": ""}).status_code == 422
    assert bearer_client(world.mentee).post(path, {"body": True}).status_code == 422
    assert bearer_client(world.mentee).post(path, {"body": 5}).status_code == 422
    assert bearer_client(world.mentee).post(path, {"body": "x" * 4001}).status_code == 422
