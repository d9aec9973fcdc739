"""A suspended mentor is not available anywhere a mentor is found, suggested or paired.

One notion (mentorships.selectors.unavailable_mentor_ids) covers both suspensions: by
staff after a concern (R27) and after repeated lapsed requests (R8, B3). Search page,
search API, quilt suggestions, the in-memory pool, pairing rounds and requests all use it.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import client_for
from mentorquilt.core.errors import DomainError
from mentorquilt.matching.pool import current_pool
from mentorquilt.matching.selectors import mentor_search, quilt_suggestions
from mentorquilt.matching.tests.helpers import lapse_suspend, mentee_at, mentor_at, staff_suspend
from mentorquilt.mentorships.models import Mentorship
from mentorquilt.mentorships.tests.helpers import send
from tests.api.conftest import bearer_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _check_pool_every_search(settings):
    settings.MATCHING_POOL_REFRESH_SECONDS = 0


def emails(cards):
    return sorted(card.profile.user.email for card in cards)


@pytest.fixture
def three(world):
    """A mentee, an available mentor, one suspended by staff, one after lapses."""
    fine = mentor_at(world, "fine@a.example.org", name="Dr Fine")
    by_staff = mentor_at(world, "staff-held@a.example.org", name="Dr Staffheld")
    by_lapses = mentor_at(world, "lapsed@a.example.org", name="Dr Lapsed")
    mentee = mentee_at(world, "s1@a.example.org")
    current_pool()  # the pool is built before the suspensions: it must notice them
    staff_suspend(world, by_staff.user)
    lapse_suspend(by_lapses.user)
    return mentee, fine, by_staff, by_lapses


def test_both_kinds_of_suspension_are_the_one_notion_of_not_available(three):
    from mentorquilt.mentorships.selectors import unavailable_mentor_ids

    _, fine, by_staff, by_lapses = three
    ids = {row["pk"] for row in unavailable_mentor_ids()}
    assert by_staff.user_id in ids and by_lapses.user_id in ids
    assert fine.user_id not in ids


def test_search_finds_neither_suspended_mentor(three):
    mentee, *_ = three
    assert emails(mentor_search(user=mentee).cards) == ["fine@a.example.org"]


def test_the_in_memory_pool_marks_both_suspended_mentors_unavailable(three):
    _, fine, by_staff, by_lapses = three
    state = current_pool(force_check=True)
    assert state.pool.get(by_staff.user_id).suspended
    assert state.pool.get(by_lapses.user_id).suspended
    assert not state.pool.get(fine.user_id).suspended


def test_quilt_suggestions_never_suggest_a_suspended_mentor(three):
    mentee, *_ = three
    for gap in quilt_suggestions(user=mentee):
        assert "staff-held@a.example.org" not in emails(gap.cards)
        assert "lapsed@a.example.org" not in emails(gap.cards)


def test_the_find_page_shows_no_suspended_mentor_and_no_ask_button_for_them(three):
    mentee, _, by_staff, by_lapses = three
    html = client_for(mentee).get(reverse("mentor_find")).content.decode()
    assert "Dr Fine" in html
    assert "Dr Staffheld" not in html and "Dr Lapsed" not in html
    for hidden in (by_staff, by_lapses):
        assert reverse("mentorship_request_create", args=[hidden.public_id]) not in html
    suggestions = client_for(mentee).get(reverse("quilt_suggestions")).content.decode()
    assert "Dr Staffheld" not in suggestions and "Dr Lapsed" not in suggestions


def test_the_search_and_suggestions_api_leave_suspended_mentors_out(three):
    mentee, fine, by_staff, by_lapses = three
    api = bearer_client(mentee)
    found = api.get("/matching/search").json()["mentors"]
    assert [m["mentor_id"] for m in found] == [str(fine.public_id)]
    for gap in api.get("/matching/suggestions").json():
        ids = {m["mentor_id"] for m in gap["mentors"]}
        assert str(by_staff.public_id) not in ids and str(by_lapses.public_id) not in ids


def test_a_request_to_a_suspended_mentor_is_refused_by_service_page_and_api(world, three):
    mentee, fine, by_staff, by_lapses = three
    for hidden in (by_staff, by_lapses):
        with pytest.raises(DomainError) as refused:
            send(mentee, hidden)
        assert refused.value.code == "not_findable"
        response = bearer_client(mentee).post(
            "/mentorship-requests",
            {"mentor_id": str(hidden.public_id), "message": "Hello", "needs": ["interviews"]},
        )
        assert response.status_code in (400, 404)
        page = client_for(mentee).get(reverse("mentorship_request_create", args=[hidden.public_id]))
        assert page.status_code == 404
    outsider = bearer_client(world.outsider)
    response = outsider.post(
        "/mentorship-requests",
        {"mentor_id": str(by_staff.public_id), "message": "Hello", "needs": ["interviews"]},
    )
    assert response.status_code in (400, 403, 404)
    assert send(mentee, fine).mentor == fine.user


def test_a_pairing_round_never_pairs_a_mentor_suspended_after_it_was_created(
    world, django_capture_on_commit_callbacks
):
    from mentorquilt.pairing.services import round_publish, round_start
    from mentorquilt.pairing.tests.helpers import add_mentee, add_mentor, make_round

    for n in range(3):
        add_mentee(world, n)
    mentors = [add_mentor(world, n, capacity=3) for n in range(2)]
    match_round = make_round(world, cap=3)
    staff_suspend(world, mentors[0])
    with django_capture_on_commit_callbacks(execute=True):
        round_start(actor=world.coordinator, match_round=match_round)
    match_round.refresh_from_db()
    paired_with = set(match_round.pairs.values_list("mentor__user_id", flat=True))
    assert paired_with == {mentors[1].pk}
    assert match_round.mentors.get(user=mentors[0]).ready is False
    round_publish(actor=world.coordinator, match_round=match_round)
    assert not Mentorship.objects.filter(mentor=mentors[0], request__isnull=True).exists()


def test_publishing_refuses_a_pair_whose_mentor_was_suspended_after_the_run(
    world, django_capture_on_commit_callbacks
):
    from mentorquilt.pairing.services import round_publish, round_start
    from mentorquilt.pairing.tests.helpers import add_mentee, add_mentor, make_round

    add_mentee(world, 0)
    mentor = add_mentor(world, 0, capacity=3)
    match_round = make_round(world, cap=3)
    with django_capture_on_commit_callbacks(execute=True):
        round_start(actor=world.coordinator, match_round=match_round)
    assert match_round.pairs.filter(mentor__user=mentor).exists()
    lapse_suspend(mentor)
    with django_capture_on_commit_callbacks(execute=True):  # publishing runs as a task
        round_publish(actor=world.coordinator, match_round=match_round)
    match_round.refresh_from_db()
    result = match_round.report["published"]
    assert result["made"] == 0 and len(result["refused"]) == 1
