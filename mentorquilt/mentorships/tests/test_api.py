"""The mentorships JSON API: the same rules as the pages (R6, R8, R13, B1, B3)."""

from __future__ import annotations

import pytest

from mentorquilt.mentorships.tests.helpers import new_mentee, ready_mentee, ready_mentor
from tests.api.conftest import bearer_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(world):
    ready_mentee(world.mentee)
    return world.mentee, ready_mentor(world.mentor, capacity=1)


def test_a_mentee_asks_by_api_the_mentor_accepts_and_the_quilt_shows_it(pair, world):
    mentee, profile = pair
    asked = bearer_client(mentee).post(
        "/mentorship-requests",
        {"mentor_id": str(profile.public_id), "message": "Hello", "needs": ["interviews"]},
    )
    assert asked.status_code == 201, asked.content
    body = asked.json()
    assert body["status"] == "pending" and [n["slug"] for n in body["needs"]] == ["interviews"]
    assert "mentee_background" not in body  # only the mentor gets the mentee's background
    request_id = body["public_id"]
    received = bearer_client(world.mentor).get("/mentorship-requests", box="received").json()
    assert [r["public_id"] for r in received["items"]] == [request_id]
    accepted = bearer_client(world.mentor).post(f"/mentorship-requests/{request_id}/accept")
    assert accepted.status_code == 200 and accepted.json()["state"] == "active"
    quilt = bearer_client(mentee).get("/quilt").json()
    assert [n["slug"] for n in quilt["patches"][0]["needs"]] == ["interviews"]
    assert {n["slug"] for n in quilt["uncovered"]} == {"personal-statement", "finances-aid"}


def test_an_unknown_area_of_need_is_a_400_with_the_field(pair):
    mentee, profile = pair
    response = bearer_client(mentee).post(
        "/mentorship-requests",
        {"mentor_id": str(profile.public_id), "message": "Hello", "needs": ["no-such-need"]},
    )
    assert response.status_code == 400 and response.json()["field"] == "needs"


def test_accepting_past_the_cap_is_a_400_that_says_so_r6(pair, world):
    mentee, profile = pair
    other = new_mentee(world, "other@a.example.org")
    ids = []
    for person in (mentee, other):
        response = bearer_client(person).post(
            "/mentorship-requests",
            {"mentor_id": str(profile.public_id), "message": "Hi", "needs": ["interviews"]},
        )
        ids.append(response.json()["public_id"])
    mentor = bearer_client(world.mentor)
    assert mentor.post(f"/mentorship-requests/{ids[0]}/accept").status_code == 200
    refused = mentor.post(f"/mentorship-requests/{ids[1]}/accept")
    assert refused.status_code == 400 and "limit" in refused.json()["detail"]


def test_responsiveness_figures_are_shown_to_people_who_may_see_the_mentor(pair, world):
    _, profile = pair
    figures = bearer_client(world.mentee).get(f"/mentors/{profile.public_id}/responsiveness")
    assert figures.json() == {
        "answered_in_time": 0,
        "answered_late": 0,
        "lapsed": 0,
        "pending": 0,
        "median_response_days": None,
        "suspended": False,
    }
