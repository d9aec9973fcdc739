"""What a user expects to be refused, with a message on the field, on the page and in the API:
goals due in the past (R28), goals edited by their mentee only, video links that are not
web links, the same meeting planned twice, and cancelling a meeting only after a confirm step
(R26). Issue #10, item 7."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from mentorquilt.core.errors import DomainError
from mentorquilt.engagement.models import Goal, Meeting, MeetingStatus
from mentorquilt.engagement.services import (
    goal_create,
    goal_update,
    meeting_cancel,
    meeting_schedule,
)
from mentorquilt.engagement.tests.helpers import pair
from mentorquilt.profiles.models import NeedArea
from tests.api.conftest import bearer_client

pytestmark = pytest.mark.django_db


def _yesterday() -> date:
    """Two days ago in UTC: yesterday for everyone on Earth, whatever their time zone."""
    return timezone.localdate() - timedelta(days=2)


def _field_error(html: str, name: str) -> str:
    """The error list Django renders for one field (empty when the field has none)."""
    marker = f'id="id_{name}_error"'
    if marker not in html:
        return ""
    return html.split(marker, 1)[1].split("</ul>", 1)[0]


def _plan(mentorship, actor, *, starts_at=None, format="video", place="https://meet.example.org/a"):
    return meeting_schedule(
        actor=actor,
        mentorship=mentorship,
        starts_at=starts_at or (timezone.now() + timedelta(days=3)).replace(microsecond=0),
        minutes=45,
        format=format,
        place=place,
    )


# --- goals (R28) ----------------------------------------------------------------------------


def test_a_goal_due_yesterday_is_refused_and_one_due_today_is_kept(world):
    with pytest.raises(DomainError) as refused:
        goal_create(mentee=world.mentee, title="Take the MCAT", due_on=_yesterday())
    assert refused.value.field == "due_on" and not Goal.objects.exists()
    kept = goal_create(mentee=world.mentee, title="Take the MCAT", due_on=timezone.localdate())
    assert kept.due_on == timezone.localdate()


def test_moving_a_goal_into_the_past_is_refused_but_an_old_date_may_stay(world):
    goal = goal_create(mentee=world.mentee, title="Take the MCAT", due_on=date(2027, 3, 1))
    with pytest.raises(DomainError) as refused:
        goal_update(
            mentee=world.mentee,
            goal=goal,
            title="Take the MCAT",
            detail="",
            needs=[],
            due_on=_yesterday(),
        )
    assert refused.value.field == "due_on"
    with time_machine.travel(date(2027, 4, 1)):
        # The date passed on its own: renaming the goal must not force a new date.
        goal = goal_update(
            mentee=world.mentee,
            goal=goal,
            title="Take the MCAT in June",
            detail="",
            needs=[],
            due_on=date(2027, 3, 1),
        )
    assert goal.title == "Take the MCAT in June" and goal.due_on == date(2027, 3, 1)


def test_the_add_goal_form_shows_the_past_date_on_its_field_and_keeps_what_was_typed(world, login):
    response = login(world.mentee).post(
        reverse("goal_create"),
        {"title": "Shadow a physician", "due_on": _yesterday().isoformat()},
    )
    html = response.content.decode()
    assert response.status_code == 200 and not Goal.objects.exists()
    assert "Choose a date from today on." in _field_error(html, "due_on")
    assert 'value="Shadow a physician"' in html


def test_the_mentee_edits_a_goal_from_its_page(world, login):
    goal = goal_create(
        mentee=world.mentee,
        title="Shadow a physician",
        needs=[NeedArea.objects.get(slug="interviews")],
        due_on=date(2027, 3, 1),
    )
    client = login(world.mentee)
    url = reverse("goal_edit", args=[goal.public_id])
    detail = client.get(reverse("goal_detail", args=[goal.public_id])).content.decode()
    assert url in detail
    form = client.get(url).content.decode()
    assert 'value="Shadow a physician"' in form and 'value="2027-03-01"' in form
    response = client.post(
        url,
        {"title": "Shadow two physicians", "detail": "Family medicine", "due_on": "2027-05-01"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("goal_detail", args=[goal.public_id])
    goal.refresh_from_db()
    assert goal.title == "Shadow two physicians" and goal.due_on == date(2027, 5, 1)
    assert goal.detail == "Family medicine" and not goal.needs.exists()


def test_a_past_date_on_the_edit_form_is_refused_and_nothing_typed_is_lost(world, login):
    goal = goal_create(mentee=world.mentee, title="Shadow a physician", due_on=date(2027, 3, 1))
    response = login(world.mentee).post(
        reverse("goal_edit", args=[goal.public_id]),
        {"title": "Shadow two physicians", "due_on": _yesterday().isoformat()},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose a date from today on." in _field_error(html, "due_on")
    assert 'value="Shadow two physicians"' in html
    goal.refresh_from_db()
    assert goal.title == "Shadow a physician"


def test_only_the_mentee_who_owns_the_plan_edits_a_goal(world, login):
    pair(world)
    goal = goal_create(mentee=world.mentee, title="Shadow a physician")
    url = reverse("goal_edit", args=[goal.public_id])
    # The current mentor reads the goal but may not change it; nobody else finds it.
    assert login(world.mentor).get(url).status_code == 403
    assert login(world.mentor).post(url, {"title": "Mine now"}).status_code == 403
    for persona in ("outsider", "admin", "staff"):
        assert login(world.persona(persona)).get(url).status_code == 404
    assert login(world.outsider).post(url, {"title": "Mine now"}).status_code == 404
    goal.refresh_from_db()
    assert goal.title == "Shadow a physician"


def test_the_api_refuses_a_goal_due_in_the_past_on_create_and_on_change(world):
    mentee = bearer_client(world.mentee)
    past = _yesterday().isoformat()
    refused = mentee.post("/action-plan/goals", {"title": "Take the MCAT", "due_on": past})
    assert refused.status_code == 400 and refused.json()["field"] == "due_on"
    assert refused.json()["detail"] == "Choose a date from today on."
    goal = mentee.post("/action-plan/goals", {"title": "Take the MCAT", "due_on": "2027-06-01"})
    changed = mentee.patch(f"/goals/{goal.json()['public_id']}", {"due_on": past})
    assert changed.status_code == 400 and changed.json()["field"] == "due_on"
    assert Goal.objects.get().due_on == date(2027, 6, 1)


# --- meetings (R26) -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "place",
    ["zoom room 5", "ftp://files.example.org/meeting", "javascript:alert(1)", "www.example"],
)
def test_a_video_call_needs_a_web_link(world, place):
    mentorship = pair(world)
    with pytest.raises(DomainError) as refused:
        _plan(mentorship, world.mentee, place=place)
    assert refused.value.field == "place"
    assert not Meeting.objects.exists()


def test_a_video_link_with_http_or_https_and_a_room_in_person_are_kept(world):
    mentorship = pair(world)
    _plan(mentorship, world.mentee, place="http://meet.example.org/abc")
    _plan(
        mentorship,
        world.mentee,
        starts_at=timezone.now() + timedelta(days=4),
        format="in_person",
        place="Library, room 2",
    )
    assert Meeting.objects.count() == 2


def test_the_plan_form_and_the_api_refuse_a_video_link_that_is_not_a_link(world, login):
    mentorship = pair(world)
    day = (timezone.now() + timedelta(days=2)).date().isoformat()
    response = login(world.mentee).post(
        reverse("meeting_schedule", args=[mentorship.public_id]),
        {
            "day": day,
            "time": "10:00",
            "timezone": "UTC",
            "minutes": "30",
            "format": "video",
            "place": "my zoom",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Paste the whole link, starting with https://" in _field_error(html, "place")
    assert 'value="my zoom"' in html
    api = bearer_client(world.mentee).post(
        f"/mentorships/{mentorship.public_id}/meetings",
        {
            "starts_at": (timezone.now() + timedelta(days=2)).isoformat(),
            "minutes": 30,
            "format": "video",
            "place": "my zoom",
        },
    )
    assert api.status_code == 400 and api.json()["field"] == "place"
    assert not Meeting.objects.exists()


def test_the_same_meeting_is_not_planned_twice_unless_the_first_was_cancelled(world):
    mentorship = pair(world)
    starts = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    first = _plan(mentorship, world.mentee, starts_at=starts)
    with pytest.raises(DomainError) as refused:
        _plan(mentorship, world.mentor, starts_at=starts, format="phone", place="")
    assert refused.value.field == "starts_at"
    # Another time is fine, and so is the same time once the first was cancelled.
    _plan(mentorship, world.mentee, starts_at=starts + timedelta(hours=1))
    meeting_cancel(actor=world.mentee, meeting=first)
    again = _plan(mentorship, world.mentee, starts_at=starts)
    assert again.status == MeetingStatus.SCHEDULED
    assert Meeting.objects.exclude(status=MeetingStatus.CANCELLED).count() == 2


def test_the_plan_form_and_the_api_refuse_a_duplicate_meeting(world, login):
    mentorship = pair(world)
    starts = (timezone.now() + timedelta(days=3)).replace(
        hour=15, minute=0, second=0, microsecond=0
    )
    _plan(mentorship, world.mentee, starts_at=starts)
    response = login(world.mentor).post(
        reverse("meeting_schedule", args=[mentorship.public_id]),
        {
            "day": starts.date().isoformat(),
            "time": "15:00",
            "timezone": "UTC",
            "minutes": "60",
            "format": "phone",
        },
    )
    assert response.status_code == 200
    assert "already planned for this time" in _field_error(response.content.decode(), "day")
    api = bearer_client(world.mentor).post(
        f"/mentorships/{mentorship.public_id}/meetings",
        {"starts_at": starts.isoformat(), "minutes": 60, "format": "phone"},
    )
    assert api.status_code == 400 and api.json()["field"] == "starts_at"
    assert Meeting.objects.count() == 1


def test_cancelling_a_meeting_asks_first_and_works_without_javascript(world, login):
    mentorship = pair(world)
    meeting = _plan(mentorship, world.mentee)
    client = login(world.mentor)
    url = reverse("meeting_cancel", args=[meeting.public_id])
    detail = client.get(reverse("meeting_detail", args=[meeting.public_id])).content.decode()
    # The meeting page links to the confirm step; it has no form that cancels at once.
    assert f'href="{url}"' in detail and f'action="{url}"' not in detail
    confirm = client.get(url)
    html = confirm.content.decode()
    assert confirm.status_code == 200 and f'action="{url}"' in html and 'method="post"' in html
    assert reverse("meeting_detail", args=[meeting.public_id]) in html  # keep it: go back
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED  # asking did not cancel
    response = client.post(url)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED


def test_the_cancel_step_of_someone_elses_meeting_is_not_found(world, login):
    meeting = _plan(pair(world), world.mentee)
    url = reverse("meeting_cancel", args=[meeting.public_id])
    for persona in ("outsider", "admin", "coordinator", "staff", "researcher"):
        assert login(world.persona(persona)).get(url).status_code == 404
    assert login(None).get(url).status_code == 302
