"""Concerns (R27): reported confidentially to staff; the reported person never sees them;
staff reads and actions are audited."""

from __future__ import annotations

import pytest
from django.http import Http404

from mentorquilt.core.errors import DomainError
from mentorquilt.core.models import AuditEvent
from mentorquilt.engagement.models import ConcernStatus
from mentorquilt.engagement.selectors import (
    concern_get_for_staff,
    concern_get_own,
    concern_list_own,
    concern_queue,
)
from mentorquilt.engagement.services import concern_act, concern_report
from mentorquilt.engagement.tests.helpers import pair
from mentorquilt.notifications.models import Notification

pytestmark = pytest.mark.django_db

TEXT = "He made jokes about my accent in our last two meetings."


def test_a_mentee_reports_a_concern_that_only_they_and_staff_can_read(world):
    mentorship = pair(world)
    concern = concern_report(reporter=world.mentee, mentorship=mentorship, text=TEXT)
    assert concern.about == world.mentor
    assert list(concern_list_own(user=world.mentee)) == [concern]
    assert list(concern_list_own(user=world.mentor)) == []
    for person in ("mentor", "admin", "coordinator", "outsider", "researcher"):
        assert list(concern_queue(user=world.persona(person))) == []
        with pytest.raises(Http404):
            concern_get_for_staff(user=world.persona(person), public_id=concern.public_id)
        with pytest.raises(Http404):
            concern_get_own(user=world.persona(person), public_id=concern.public_id)
    event = AuditEvent.objects.get(action="concern.report")
    assert TEXT not in str(event.data) and str(world.mentor.public_id) not in str(event.data)
    staff_notes = Notification.objects.filter(user=world.staff, kind="concern.new")
    assert staff_notes.count() == 1 and "accent" not in staff_notes.get().body
    assert not Notification.objects.filter(user=world.mentor, kind__startswith="concern").exists()


def test_only_people_of_the_mentorship_report_and_they_must_say_what_happened(world):
    mentorship = pair(world)
    with pytest.raises(DomainError):
        concern_report(reporter=world.outsider, mentorship=mentorship, text=TEXT)
    with pytest.raises(DomainError) as refused:
        concern_report(reporter=world.mentor, mentorship=mentorship, text="  ")
    assert refused.value.field == "text"


def test_staff_reading_a_concern_is_audited(world):
    concern = concern_report(reporter=world.mentor, mentorship=pair(world), text=TEXT)
    assert concern_get_for_staff(user=world.staff, public_id=concern.public_id) == concern
    read = AuditEvent.objects.get(action="concern.read")
    assert read.actor == world.staff and read.target_id == str(concern.public_id)


def test_staff_pause_the_mentorship_suspend_the_person_and_close_all_audited(world):
    mentorship = pair(world)
    concern = concern_report(reporter=world.mentee, mentorship=mentorship, text=TEXT)
    with pytest.raises(DomainError):
        concern_act(actor=world.admin, concern=concern, kind="close")
    concern_act(actor=world.staff, concern=concern, kind="pause_mentorship", note="Pausing")
    concern_act(actor=world.staff, concern=concern, kind="suspend_user")
    concern_act(actor=world.staff, concern=concern, kind="close", note="Resolved by phone")
    mentorship.refresh_from_db()
    world.mentor.refresh_from_db()
    concern.refresh_from_db()
    assert mentorship.state == "paused" and not world.mentor.is_active
    assert concern.status == ConcernStatus.CLOSED and concern.actions.count() == 3
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"concern.act", "mentorship.hold", "user.suspend"} <= actions
    with pytest.raises(DomainError, match="closed"):
        concern_act(actor=world.staff, concern=concern, kind="pause_mentorship")
    concern_act(actor=world.staff, concern=concern, kind="note", note="Follow-up call done")


def test_a_concern_about_the_mentorship_in_general_has_no_one_to_suspend(world):
    concern = concern_report(
        reporter=world.mentee, mentorship=pair(world), text=TEXT, about_other=False
    )
    with pytest.raises(DomainError, match="no one to suspend"):
        concern_act(actor=world.staff, concern=concern, kind="suspend_user")
    assert concern_get_own(user=world.mentee, public_id=concern.public_id).status == "open"
