"""A mentor may lower their capacity below the mentees they have now (R6, B2: saying "fewer"
must always be possible). No mentorship ends; the page and the API say plainly that nobody new can
ask until enough mentorships end, and nobody new can. Issue #10, item 7."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from mentorquilt.core.errors import DomainError
from mentorquilt.engagement.tests.helpers import another_pair, pair
from mentorquilt.mentorships.models import Mentorship, MentorshipState
from mentorquilt.mentorships.services import mentorship_request_accept
from mentorquilt.mentorships.tests.helpers import new_mentee, send
from mentorquilt.profiles.selectors import mentor_capacity_note
from mentorquilt.profiles.tests.helpers import fill_mentor_profile
from tests.api.conftest import bearer_client

pytestmark = pytest.mark.django_db


def _two_mentees(world):
    """The world's mentor (capacity 3) with two active mentees, and a third student waiting."""
    pair(world)
    another_pair(world, mentor=world.mentor, email="second@a.example.org")
    waiting = new_mentee(world, "third@a.example.org")
    return send(waiting, world.mentor.mentor_profile)


def _form(capacity: int) -> dict[str, str]:
    return {
        "role_title": "Attending physician",
        "training_stage": "attending",
        "tracks": ["medicine-md"],
        "specialties": ["pediatrics"],
        "bio": "I grew up in a small town and love helping students find their way.",
        "areas": ["personal-statement", "interviews"],
        "formats": ["video"],
        "timezone": "America/Chicago",
        "availability": "Tuesday evenings",
        "capacity": str(capacity),
        "scope": "national",
    }


def test_lowering_capacity_below_the_current_mentees_keeps_them_and_stops_new_ones(world):
    waiting = _two_mentees(world)
    profile = fill_mentor_profile(world.mentor, capacity=1)
    assert profile.capacity == 1
    assert Mentorship.objects.filter(mentor=world.mentor, state=MentorshipState.ACTIVE).count() == 2
    note = mentor_capacity_note(profile=profile)
    assert "2 mentees" in note and "No mentorship ends because of this" in note
    assert "2 of these mentorships end" in note
    with pytest.raises(DomainError):
        mentorship_request_accept(actor=world.mentor, request=waiting)


def test_there_is_no_note_when_the_capacity_still_covers_the_mentees(world):
    _two_mentees(world)
    assert mentor_capacity_note(profile=fill_mentor_profile(world.mentor, capacity=2)) == ""
    assert mentor_capacity_note(profile=fill_mentor_profile(world.mentor, capacity=3)) == ""


def test_the_profile_form_saves_a_lower_capacity_and_says_what_it_means(world, login):
    _two_mentees(world)
    client = login(world.mentor)
    response = client.post(reverse("profile_mentor"), _form(1), follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    world.mentor.mentor_profile.refresh_from_db()
    assert world.mentor.mentor_profile.capacity == 1
    assert "No mentorship ends because of this" in html and "2 of these mentorships end" in html
    # It stays visible on the profile page until the load is under the limit again.
    assert (
        "No mentorship ends because of this"
        in client.get(reverse("profile_mentor")).content.decode()
    )


def test_the_api_saves_a_lower_capacity_and_returns_the_same_note(world):
    _two_mentees(world)
    body = _form(1) | {"capacity": 1}
    body.pop("training_stage")
    response = bearer_client(world.mentor).client.put(
        "/api/v1/me/mentor-profile", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["capacity"] == 1
    assert "2 of these mentorships end" in response.json()["capacity_note"]
    relaxed = bearer_client(world.mentor).client.put(
        "/api/v1/me/mentor-profile",
        json.dumps(body | {"capacity": 3}),
        content_type="application/json",
    )
    assert relaxed.json()["capacity_note"] == ""
