"""Requests that get answered (R6, R8, R25, B3): sending, answering, lapsing, suspension."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.http import Http404
from django.utils import timezone

from mentorquilt.core.errors import DomainError
from mentorquilt.core.models import AuditEvent
from mentorquilt.mentorships.models import MentorshipRequest, MentorshipState, RequestStatus
from mentorquilt.mentorships.selectors import (
    mentor_profiles_searchable,
    request_get_for_party,
    request_list_received,
    request_list_sent,
    responsiveness_of,
    suspension_get_managed,
    suspension_open_of,
)
from mentorquilt.mentorships.services import (
    mentor_reinstate,
    mentorship_request_accept,
    mentorship_request_ask,
    mentorship_request_decline,
    mentorship_request_reply,
    mentorship_request_withdraw,
    request_lapse_overdue,
    request_remind_due,
)
from mentorquilt.mentorships.tests.helpers import (
    new_mentee,
    new_mentor,
    ready_mentee,
    ready_mentor,
    send,
)
from mentorquilt.notifications.models import Notification
from mentorquilt.profiles.models import MentorProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(world):
    ready_mentee(world.mentee)
    profile = ready_mentor(world.mentor, capacity=2)
    return world.mentee, profile


def kinds(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("kind", flat=True))


def test_a_ready_mentee_sends_a_request_and_the_mentor_is_told_by_app_and_email(
    pair, django_capture_on_commit_callbacks
):
    mentee, profile = pair
    with django_capture_on_commit_callbacks(execute=True):
        request = send(mentee, profile, needs=("interviews", "personal-statement"))
    assert request.status == RequestStatus.PENDING
    assert sorted(n.slug for n in request.needs.all()) == ["interviews", "personal-statement"]
    assert request.due_at - timezone.now() > timedelta(days=6, hours=23)
    assert kinds(profile.user) == ["request.received"]
    assert [m.to for m in mail.outbox] == [[profile.user.email]]
    assert "lapses" in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="mentorship_request.send").count() == 1


def test_a_mentee_who_is_not_ready_cannot_send_a_request(world):
    profile = ready_mentor(world.mentor)
    with pytest.raises(DomainError) as error:
        send(world.mentee, profile)
    assert error.value.code == "not_ready"


def test_a_mentor_who_is_not_ready_cannot_be_asked(world):
    ready_mentee(world.mentee)
    from mentorquilt.profiles.tests.helpers import published_mentor

    profile = published_mentor(world.mentor)  # published but no agreements or training
    with pytest.raises(DomainError) as error:
        send(world.mentee, profile)
    assert error.value.code == "not_ready"


def test_a_mentee_has_at_most_five_pending_requests_so_requests_are_not_fanned_out(world):
    ready_mentee(world.mentee)
    profiles = [new_mentor(world, f"m{i}@a.example.org") for i in range(6)]
    for profile in profiles[:5]:
        send(world.mentee, profile)
    with pytest.raises(DomainError) as error:
        send(world.mentee, profiles[5])
    assert error.value.code == "too_many_pending"
    mentorship_request_withdraw(actor=world.mentee, request=request_list_sent(user=world.mentee)[0])
    send(world.mentee, profiles[5])


def test_the_pending_limit_is_a_setting(world, settings):
    settings.MENTORSHIP_MAX_PENDING_REQUESTS = 1
    ready_mentee(world.mentee)
    send(world.mentee, new_mentor(world, "one@a.example.org"))
    with pytest.raises(DomainError, match="1 requests waiting"):
        send(world.mentee, new_mentor(world, "two@a.example.org"))


def test_a_mentee_cannot_ask_the_same_mentor_twice_while_waiting(pair):
    mentee, profile = pair
    send(mentee, profile)
    with pytest.raises(DomainError, match="already asked"):
        send(mentee, profile)


def test_a_mentor_at_another_institution_with_local_scope_cannot_be_asked(world):
    ready_mentee(world.outsider)
    profile = ready_mentor(world.mentor)
    MentorProfile.objects.filter(pk=profile.pk).update(scope="local")
    profile.refresh_from_db()
    with pytest.raises(DomainError) as error:
        send(world.outsider, profile)
    assert error.value.code == "not_findable"


def test_accepting_starts_a_mentorship_covering_the_requested_needs_and_tells_the_mentee(
    pair, django_capture_on_commit_callbacks
):
    mentee, profile = pair
    request = send(mentee, profile, needs=("interviews",))
    with django_capture_on_commit_callbacks(execute=True):
        mentorship = mentorship_request_accept(actor=profile.user, request=request)
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED and request.answered_at
    assert mentorship.state == MentorshipState.ACTIVE and mentorship.slot == 1
    assert [n.slug for n in mentorship.needs.all()] == ["interviews"]
    assert mentorship.minimum_end_on == mentorship.started_on + timedelta(days=365)
    assert "request.accepted" in kinds(mentee)
    assert any("accepted your request" in m.subject for m in mail.outbox)


def test_accepting_is_refused_once_the_mentor_has_their_cap_of_active_mentees_r6(world):
    profile = ready_mentor(world.mentor, capacity=1)
    first = new_mentee(world, "first@a.example.org")
    second = new_mentee(world, "second@a.example.org")
    r1 = send(first, profile)
    r2 = send(second, profile)
    mentorship_request_accept(actor=world.mentor, request=r1)
    with pytest.raises(DomainError) as error:
        mentorship_request_accept(actor=world.mentor, request=r2)
    assert error.value.code == "full"
    r2.refresh_from_db()
    assert r2.status == RequestStatus.PENDING


def test_only_the_mentor_who_was_asked_can_answer(pair, world):
    mentee, profile = pair
    request = send(mentee, profile)
    other = new_mentor(world, "other@a.example.org")
    with pytest.raises(DomainError):
        mentorship_request_accept(actor=other.user, request=request)
    with pytest.raises(DomainError):
        mentorship_request_decline(actor=mentee, request=request)


def test_declining_with_a_reason_tells_the_mentee_they_can_ask_someone_else(pair):
    mentee, profile = pair
    request = send(mentee, profile)
    mentorship_request_decline(actor=profile.user, request=request, reason="On leave this term")
    note = Notification.objects.get(user=mentee, kind="request.declined")
    assert "On leave this term" in note.body and "ask another mentor" in note.body
    with pytest.raises(DomainError):
        mentorship_request_accept(actor=profile.user, request=request)


def test_a_question_and_a_reply_form_a_thread_on_the_request(pair):
    mentee, profile = pair
    request = send(mentee, profile)
    with pytest.raises(DomainError, match="once the mentor asks"):
        mentorship_request_reply(actor=mentee, request=request, body="Hello?")
    mentorship_request_ask(actor=profile.user, request=request, body="Which schools?")
    mentorship_request_reply(actor=mentee, request=request, body="Ohio State and Case.")
    assert [m.body for m in request.thread.all()] == ["Which schools?", "Ohio State and Case."]
    assert "request.question" in kinds(mentee)
    assert "request.reply" in kinds(profile.user)


def test_the_mentor_is_reminded_once_before_the_deadline(pair, django_capture_on_commit_callbacks):
    mentee, profile = pair
    request = send(mentee, profile)
    assert request_remind_due() == 0
    with time_machine.travel(request.due_at - timedelta(days=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert request_remind_due() == 1
        assert request_remind_due() == 0
    assert kinds(profile.user).count("request.reminder") == 1


def test_an_unanswered_request_lapses_after_seven_days_and_both_are_told_r8(
    pair, django_capture_on_commit_callbacks
):
    mentee, profile = pair
    request = send(mentee, profile)
    with time_machine.travel(request.due_at - timedelta(minutes=1), tick=False):
        assert request_lapse_overdue() == 0
    with time_machine.travel(request.due_at + timedelta(minutes=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert request_lapse_overdue() == 1
        assert request_lapse_overdue() == 0  # idempotent: nothing twice
    request.refresh_from_db()
    assert request.status == RequestStatus.LAPSED
    assert "request.lapsed" in kinds(mentee)
    assert "request.lapsed_mentor" in kinds(profile.user)
    lapse_mails = [m for m in mail.outbox if "did not answer in time" in m.subject]
    assert len(lapse_mails) == 1
    figures = responsiveness_of(mentor=profile.user)
    assert figures.lapsed == 1 and figures.answered_in_time == 0


def test_repeated_lapses_suspend_the_mentor_from_search_and_notify_their_admin_b3(world):
    profile = ready_mentor(world.mentor, capacity=3)
    mentees = [new_mentee(world, f"s{i}@a.example.org") for i in range(2)]
    ready_mentee(world.mentee)
    assert mentor_profiles_searchable(viewer=world.mentee).filter(pk=profile.pk).exists()
    start = timezone.now()
    for index, mentee in enumerate(mentees):
        with time_machine.travel(start + timedelta(days=10 * index), tick=False):
            send(mentee, profile)
        with time_machine.travel(start + timedelta(days=10 * index + 8), tick=False):
            request_lapse_overdue()
    suspension = suspension_open_of(mentor=world.mentor)
    assert suspension is not None and suspension.lapse_count == 2
    assert not mentor_profiles_searchable(viewer=world.mentee).filter(pk=profile.pk).exists()
    assert "mentor.suspended" in kinds(world.mentor)
    assert "mentor.suspended_admin" in kinds(world.admin)
    assert "mentor.suspended_admin" not in kinds(world.coordinator)
    with pytest.raises(DomainError) as error:
        send(world.mentee, profile)
    assert error.value.code == "not_findable"
    # The admin reinstates (audited); earlier lapses no longer count.
    found = suspension_get_managed(user=world.admin, public_id=suspension.public_id)
    mentor_reinstate(actor=world.admin, suspension=found, note="Talked; back from leave")
    assert AuditEvent.objects.filter(action="mentor.reinstate", actor=world.admin).exists()
    assert mentor_profiles_searchable(viewer=world.mentee).filter(pk=profile.pk).exists()
    assert "mentor.reinstated" in kinds(world.mentor)


def test_lapses_outside_the_period_do_not_add_up(world, settings):
    settings.MENTORSHIP_LAPSE_PERIOD_DAYS = 30
    profile = ready_mentor(world.mentor, capacity=3)
    mentees = [new_mentee(world, f"p{i}@a.example.org") for i in range(2)]
    start = timezone.now()
    for index, mentee in enumerate(mentees):
        with time_machine.travel(start + timedelta(days=60 * index), tick=False):
            send(mentee, profile)
        with time_machine.travel(start + timedelta(days=60 * index + 8), tick=False):
            request_lapse_overdue()
    assert suspension_open_of(mentor=world.mentor) is None


def test_another_institutions_admin_and_the_mentor_cannot_open_a_suspension(world):
    profile = ready_mentor(world.mentor, capacity=3)
    from mentorquilt.mentorships.services import _suspend

    suspension = _suspend(mentor=profile.user, lapse_count=2, now=timezone.now())
    outsider_admin = new_mentee(world, "x@a.example.org")  # a mentee, not an admin
    for user in (world.mentor, world.outsider, world.coordinator, outsider_admin):
        with pytest.raises(Http404):
            suspension_get_managed(user=user, public_id=suspension.public_id)
    assert suspension_get_managed(user=world.staff, public_id=suspension.public_id)


def test_response_history_counts_answers_in_time_and_the_median_days_r20(world):
    """Answers after 1, 2 and 6 days: the median is 2 (the mean would be 3), one pending."""
    profile = ready_mentor(world.mentor, capacity=3)
    mentees = [new_mentee(world, f"r{i}@a.example.org") for i in range(4)]
    start = timezone.now()
    requests = []
    with time_machine.travel(start, tick=False):
        requests = [send(m, profile) for m in mentees]
    with time_machine.travel(start + timedelta(days=1), tick=False):
        mentorship_request_decline(actor=world.mentor, request=requests[0])
    with time_machine.travel(start + timedelta(days=2), tick=False):
        mentorship_request_accept(actor=world.mentor, request=requests[1])
    with time_machine.travel(start + timedelta(days=6), tick=False):
        mentorship_request_decline(actor=world.mentor, request=requests[2])
    figures = responsiveness_of(mentor=world.mentor)
    assert figures.answered_in_time == 3
    assert figures.pending == 1
    assert figures.median_response_days == 2.0


def test_each_side_sees_only_their_own_requests(pair, world):
    mentee, profile = pair
    request = send(mentee, profile)
    assert list(request_list_received(user=profile.user)) == [request]
    assert list(request_list_sent(user=mentee)) == [request]
    for user in (world.admin, world.staff, world.outsider, world.coordinator):
        assert not request_list_received(user=user).exists()
        with pytest.raises(Http404):
            request_get_for_party(user=user, public_id=request.public_id)
    assert request_get_for_party(user=mentee, public_id=request.public_id) == request


def test_a_request_to_a_mentor_without_a_free_place_is_refused_up_front(world):
    profile = ready_mentor(world.mentor, capacity=1)
    first = new_mentee(world, "f@a.example.org")
    mentorship_request_accept(actor=world.mentor, request=send(first, profile))
    ready_mentee(world.mentee)
    with pytest.raises(DomainError) as error:
        send(world.mentee, profile)
    assert error.value.code == "full"
    assert not MentorshipRequest.objects.filter(mentee=world.mentee).exists()
    assert Notification.objects.filter(user=world.mentor, kind="request.received").count() == 1
