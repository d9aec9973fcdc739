"""The evaluations page speaks to each person in their own role (R14; issue 10 item 8)."""

from __future__ import annotations

import pytest

from conftest import client_for
from mentorquilt.engagement.tests.helpers import pair

pytestmark = pytest.mark.django_db

MENTEE_SECTION = "Your evaluations of your mentors"
MENTOR_SECTION = "What your mentees say about you"


def test_a_mentor_reads_about_their_mentees_answers_not_about_evaluating_a_mentor(world):
    pair(world)
    page = client_for(world.mentor).get("/evaluations/").content.decode()
    assert MENTOR_SECTION in page
    assert MENTEE_SECTION not in page


def test_a_mentee_reads_about_evaluating_their_mentors(world):
    pair(world)
    page = client_for(world.mentee).get("/evaluations/").content.decode()
    assert MENTEE_SECTION in page
    assert MENTOR_SECTION not in page


def test_someone_without_a_mentorship_is_told_when_evaluations_appear(world):
    page = client_for(world.outsider).get("/evaluations/").content.decode()
    assert "Evaluations appear here once you have a mentorship" in page
    assert MENTEE_SECTION not in page
