"""A staff hold on a mentorship (R27): placed from a concern, lifted only by staff.

When staff pause a mentorship while they look into a concern, neither the mentor it is
about nor the mentee may resume it: the service refuses, the API answers 400 with code
`on_hold`, the page offers no Resume and says whom to contact. Staff lift the hold from
the concern page (audited). A pause the pair chose themselves still resumes as before.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from mentorquilt.core.errors import DomainError
from mentorquilt.core.models import AuditEvent
from mentorquilt.engagement.services import concern_act, concern_report
from mentorquilt.engagement.tests.helpers import pair
from mentorquilt.mentorships.models import MentorshipState, PauseKind
from mentorquilt.mentorships.services import (
    mentorship_hold,
    mentorship_hold_lift,
    mentorship_pause,
    mentorship_resume,
)
from mentorquilt.notifications.models import Notification
from tests.api.conftest import bearer_client

pytestmark = pytest.mark.django_db

TEXT = "He keeps asking to meet at his flat."


def held(world):
    """The world's pair, with a concern about the mentor and the mentorship on staff hold."""
    mentorship = pair(world)
    concern = concern_report(reporter=world.mentee, mentorship=mentorship, text=TEXT)
    concern_act(actor=world.staff, concern=concern, kind="pause_mentorship")
    mentorship.refresh_from_db()
    return mentorship, concern


def test_neither_the_mentor_nor_the_mentee_can_resume_a_mentorship_staff_put_on_hold(world):
    mentorship, concern = held(world)
    assert mentorship.state == MentorshipState.PAUSED
    assert mentorship.pause_kind == PauseKind.STAFF_HOLD
    assert mentorship.paused_by == world.staff
    assert mentorship.hold_reference == concern.public_id
    for person in (world.mentor, world.mentee):
        with pytest.raises(DomainError) as refused:
            mentorship_resume(actor=person, mentorship=mentorship)
        assert refused.value.code == "on_hold"
        assert "program team" in refused.value.message
    mentorship.refresh_from_db()
    assert mentorship.state == MentorshipState.PAUSED


def test_the_hold_goes_through_the_mentorships_service_with_the_staff_actor_audited(world):
    mentorship, concern = held(world)
    event = AuditEvent.objects.get(action="mentorship.hold")
    assert event.actor == world.staff and event.target_id == str(mentorship.public_id)
    assert event.data == {"concern": str(concern.public_id)}
    for person in (world.mentor, world.mentee):
        note = Notification.objects.get(user=person, kind="mentorship.held")
        # Neutral words: the other person must not learn that someone reported them.
        assert "concern" not in (note.title + note.body).lower()


def test_only_staff_place_or_lift_a_hold(world):
    mentorship = pair(world)
    for person in (world.mentor, world.mentee, world.admin, world.outsider):
        with pytest.raises(DomainError):
            mentorship_hold(actor=person, mentorship=mentorship, reference=None)
    mentorship_hold(actor=world.staff, mentorship=mentorship, reference=None)
    for person in (world.mentor, world.mentee, world.admin, world.outsider):
        with pytest.raises(DomainError):
            mentorship_hold_lift(actor=person, mentorship=mentorship)
    mentorship_hold_lift(actor=world.staff, mentorship=mentorship)
    mentorship.refresh_from_db()
    assert mentorship.state == MentorshipState.ACTIVE and mentorship.pause_kind == ""


def test_a_pause_the_pair_chose_becomes_a_hold_when_staff_step_in(world):
    mentorship = pair(world)
    mentorship_pause(actor=world.mentor, mentorship=mentorship)
    concern = concern_report(reporter=world.mentee, mentorship=mentorship, text=TEXT)
    concern_act(actor=world.staff, concern=concern, kind="pause_mentorship")
    with pytest.raises(DomainError):
        mentorship_resume(actor=world.mentor, mentorship=mentorship)


def test_a_pause_the_pair_chose_still_resumes(world):
    mentorship = pair(world)
    mentorship_pause(actor=world.mentor, mentorship=mentorship)
    mentorship.refresh_from_db()
    assert mentorship.pause_kind == PauseKind.PAIR and mentorship.paused_by == world.mentor
    mentorship_resume(actor=world.mentee, mentorship=mentorship)
    mentorship.refresh_from_db()
    assert mentorship.state == MentorshipState.ACTIVE and mentorship.paused_by is None


def test_the_mentorship_page_says_it_is_on_hold_by_the_program_and_offers_no_resume(
    world, login, settings
):
    settings.MENTORQUILT_CONTACT_EMAIL = "safety@program.example.org"
    mentorship, _ = held(world)
    url = reverse("mentorship_detail", args=[mentorship.public_id])
    resume = reverse("mentorship_resume", args=[mentorship.public_id])
    for person in (world.mentor, world.mentee):
        page = login(person).get(url).content.decode()
        assert "on hold by the program" in page
        assert "safety@program.example.org" in page
        assert resume not in page
    # Posting the form anyway changes nothing and says why.
    response = login(world.mentor).post(resume, follow=True)
    assert "program team" in response.content.decode()
    mentorship.refresh_from_db()
    assert mentorship.state == MentorshipState.PAUSED
    # An outsider cannot even see it.
    assert login(world.outsider).get(url).status_code == 404
    assert login(world.outsider).post(resume).status_code == 404


def test_the_api_refuses_resume_on_hold_with_a_400_and_shows_the_hold(world, settings):
    settings.MENTORQUILT_CONTACT_EMAIL = "safety@program.example.org"
    mentorship, _ = held(world)
    for person in (world.mentor, world.mentee):
        api = bearer_client(person)
        refused = api.post(f"/mentorships/{mentorship.public_id}/resume")
        assert refused.status_code == 400 and "program team" in refused.json()["detail"]
        shown = api.get(f"/mentorships/{mentorship.public_id}").json()
        assert shown["on_hold"] is True
        assert shown["hold_contact"] == "safety@program.example.org"
    outsider = bearer_client(world.outsider)
    assert outsider.post(f"/mentorships/{mentorship.public_id}/resume").status_code == 404
    mentorship.refresh_from_db()
    assert mentorship.state == MentorshipState.PAUSED


def test_staff_see_the_hold_on_the_concern_page_and_lift_it_there_audited(world, login):
    mentorship, concern = held(world)
    staff = login(world.staff)
    url = reverse("concern_detail", args=[concern.public_id])
    page = staff.get(url).content.decode()
    assert "On hold by the program" in page
    assert 'value="lift_hold"' in page
    # Nobody but staff can act on the concern (403, as for reading it).
    for person in ("mentor", "mentee", "admin", "outsider"):
        response = login(world.persona(person)).post(
            reverse("concern_act", args=[concern.public_id]), {"kind": "lift_hold"}
        )
        assert response.status_code == 403
    mentorship.refresh_from_db()
    assert mentorship.state == MentorshipState.PAUSED
    staff.post(reverse("concern_act", args=[concern.public_id]), {"kind": "lift_hold"})
    mentorship.refresh_from_db()
    assert mentorship.state == MentorshipState.ACTIVE and mentorship.pause_kind == ""
    lift = AuditEvent.objects.get(action="mentorship.hold_lift")
    assert lift.actor == world.staff
    assert "On hold by the program" not in staff.get(url).content.decode()


def test_staff_lift_the_hold_through_the_api_even_after_closing_the_concern(world):
    mentorship, concern = held(world)
    staff = bearer_client(world.staff)
    concern_act(actor=world.staff, concern=concern, kind="close")
    detail = staff.get(f"/staff/concerns/{concern.public_id}").json()
    assert detail["mentorship_on_hold"] is True
    act = staff.post(f"/staff/concerns/{concern.public_id}/actions", {"kind": "lift_hold"})
    assert act.status_code == 201, act.content
    mentorship.refresh_from_db()
    assert mentorship.state == MentorshipState.ACTIVE
    again = staff.post(f"/staff/concerns/{concern.public_id}/actions", {"kind": "lift_hold"})
    assert again.status_code == 400
    mentor = bearer_client(world.mentor)
    actions = f"/staff/concerns/{concern.public_id}/actions"
    assert mentor.post(actions, {"kind": "lift_hold"}).status_code == 404
