"""The matching API: search with reasons, suggestions, supply and demand with absent
suppressed counts (R21-R24, B1, B4)."""

from __future__ import annotations

import pytest

from conftest import client_for
from mentorquilt.matching.tests.helpers import mentee_at, mentor_at
from mentorquilt.profiles.tests.helpers import give_attribute


@pytest.fixture(autouse=True)
def _check_pool_every_search(settings):
    settings.MATCHING_POOL_REFRESH_SECONDS = 0


def test_search_answers_mentors_with_reasons_and_only_shown_backgrounds(world):
    mentor = mentor_at(world, "m1@a.example.org", name="Dr Rosa Quill")
    give_attribute(mentor.user, "first-generation-college", match=True, show=False)
    give_attribute(mentor.user, "income-low", match=True, show=True)
    mentee = mentee_at(world, "s1@a.example.org")
    give_attribute(mentee, "first-generation-college", match=True)
    give_attribute(mentee, "income-low", match=True)
    from mentorquilt.matching.tests.helpers import dimension
    from mentorquilt.profiles.services import affinity_preferences_set

    affinity_preferences_set(
        actor=mentee,
        importances={dimension("first-generation"): 2, dimension("income-background"): 2},
    )
    body = client_for(mentee).get("/api/v1/matching/search").json()
    (card,) = body["mentors"]
    assert card["mentor_id"] == str(mentor.public_id)
    assert card["shared"] == ["Grew up in a low-income household"]
    assert "First in my family" not in str(body)
    assert "Personal statement" in card["helps_with"]


def test_search_by_a_background_the_mentor_keeps_private_finds_nobody(world):
    mentor = mentor_at(world, "m1@a.example.org")
    give_attribute(mentor.user, "income-low", match=True, show=False)
    mentee = mentee_at(world, "s1@a.example.org")
    client = client_for(mentee)
    assert client.get("/api/v1/matching/search?background=income-low").json() == {"mentors": []}
    assert client.get("/api/v1/matching/search?background=nope").status_code == 400


def test_suggestions_list_each_gap_with_mentors(world):
    mentor_at(world, "m1@a.example.org")
    mentee = mentee_at(world, "s1@a.example.org")
    gaps = client_for(mentee).get("/api/v1/matching/suggestions").json()
    assert [g["need"]["slug"] for g in gaps] == ["personal-statement", "interviews", "finances-aid"]
    assert len(gaps[0]["mentors"]) == 1 and gaps[2]["mentors"] == []


def test_supply_and_demand_leaves_small_background_counts_absent_not_null(world):
    mentor_at(world, "m1@a.example.org")
    mentee_at(world, "s1@a.example.org")
    body = (
        client_for(world.admin)
        .get(f"/api/v1/institutions/{world.institution_a.public_id}/supply-demand")
        .json()
    )
    need = next(r for r in body["needs"] if r["slug"] == "personal-statement")
    assert need["asking"] == 1 and need["offering"] == 1
    first_gen = next(r for r in body["affinities"] if r["slug"] == "first-generation")
    assert "asking" not in first_gen and "offering" not in first_gen
