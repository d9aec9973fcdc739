"""From Find mentors to a request (R5, R12, R21): a mentee who may not ask yet sees what is
missing, with a link to each step, before writing anything, and is offered no working "Ask";
results page past the first 20 and say how many were found; a mentor's page has "Ask" and a
way back to the same results. Issue #10, item 6."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from conftest import client_for
from mentorquilt.institutions.models import Role
from mentorquilt.matching.tests.helpers import mentee_at, mentor_at
from mentorquilt.mentorships.models import MentorshipRequest
from mentorquilt.onboarding.selectors import readiness
from mentorquilt.training.tests.helpers import accept_agreements

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _check_pool_every_search(settings):
    settings.MATCHING_POOL_REFRESH_SECONDS = 0


def _half_ready(world):
    """The world's mentee accepted the agreements but has no profile and no training yet."""
    accept_agreements(world.mentee, Role.MENTEE)
    state = readiness(user=world.mentee, role=Role.MENTEE)
    assert not state.ready and any(s.done for s in state.steps)
    return state


BACK = r'href="(/find-mentors/[^"]*)"[^>]*>Back to your results'


def _profile_links(html: str) -> list[str]:
    """Profile pages linked from the results, in order."""
    return re.findall(r'href="(/mentors/[0-9a-f-]{36}/)[^"]*"', html)


def _assert_missing_steps_linked(html: str, state) -> None:
    for step in state.missing:
        assert step.url and f'href="{step.url}"' in html, step.key
    for step in state.steps:
        if step.done and step.url:
            # Only what is still to do is listed, so the list is short and true.
            assert f'href="{step.url}"' not in html, step.key
    assert f'href="{reverse("onboarding_checklist")}"' in html


def test_a_mentee_not_ready_sees_the_missing_steps_on_find_mentors_and_no_ask(world):
    mentor = mentor_at(world, "m1@a.example.org", name="Dr Rosa Quill")
    state = _half_ready(world)
    html = client_for(world.mentee).get(reverse("mentor_find")).content.decode()
    assert "Dr Rosa Quill" in html  # they may look around
    _assert_missing_steps_linked(html, state)
    assert reverse("mentorship_request_create", args=[mentor.public_id]) not in html


def test_a_mentee_not_ready_sees_the_missing_steps_on_a_mentors_page_and_no_ask(world):
    mentor = mentor_at(world, "m1@a.example.org", name="Dr Rosa Quill")
    state = _half_ready(world)
    url = reverse("mentor_profile_detail", args=[mentor.public_id])
    html = client_for(world.mentee).get(url).content.decode()
    _assert_missing_steps_linked(html, state)
    assert reverse("mentorship_request_create", args=[mentor.public_id]) not in html


def test_a_mentee_not_ready_gets_the_missing_steps_instead_of_the_request_form(world):
    mentor = mentor_at(world, "m1@a.example.org", name="Dr Rosa Quill")
    state = _half_ready(world)
    client = client_for(world.mentee)
    url = reverse("mentorship_request_create", args=[mentor.public_id])
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    _assert_missing_steps_linked(html, state)
    assert 'name="message"' not in html and "Send my request" not in html
    posted = client.post(url, {"message": "Please help me.", "needs": ["interviews"]})
    assert posted.status_code == 200 and not MentorshipRequest.objects.exists()


def test_a_ready_mentee_sees_no_checklist_and_can_ask_from_the_results(world):
    mentor = mentor_at(world, "m1@a.example.org", name="Dr Rosa Quill")
    mentee = mentee_at(world, "s1@a.example.org")
    html = client_for(mentee).get(reverse("mentor_find")).content.decode()
    assert reverse("mentorship_request_create", args=[mentor.public_id]) in html
    assert "Before you can ask" not in html


def test_results_past_the_first_20_are_on_page_2_and_the_count_is_shown(world):
    mentors = {
        reverse("mentor_profile_detail", args=[mentor_at(world, f"m{i}@a.example.org").public_id])
        for i in range(23)
    }
    mentee = mentee_at(world, "s1@a.example.org")
    client = client_for(mentee)
    first = client.get(reverse("mentor_find"), {"need": "interviews"}).content.decode()
    assert "23 mentors found" in first
    page_one = _profile_links(first)
    assert len(page_one) == 20
    next_link = re.search(r'<a href="([^"]+)"[^>]*rel="next"', first)
    assert next_link, "a plain link to the next page"
    query = parse_qs(urlsplit(next_link.group(1).replace("&amp;", "&")).query)
    assert query == {"need": ["interviews"], "page": ["2"]}  # the filters are kept
    second = client.get(next_link.group(1).replace("&amp;", "&")).content.decode()
    assert "23 mentors found" in second
    page_two = _profile_links(second)
    assert len(page_two) == 3
    assert set(page_one) | set(page_two) == mentors
    assert 'rel="prev"' in second and 'rel="next"' not in second


def test_a_page_past_the_end_or_not_a_number_shows_the_first_or_last_results(world):
    for i in range(3):
        mentor_at(world, f"m{i}@a.example.org")
    client = client_for(mentee_at(world, "s1@a.example.org"))
    for page in ("abc", "-1", "0"):
        html = client.get(reverse("mentor_find"), {"page": page}).content.decode()
        assert len(_profile_links(html)) == 3, page
    beyond = client.get(reverse("mentor_find"), {"page": "9"}).content.decode()
    assert len(_profile_links(beyond)) == 3


def test_a_mentors_page_offers_ask_and_a_way_back_to_the_same_results(world):
    mentor = mentor_at(world, "m1@a.example.org", name="Dr Rosa Quill")
    mentee = mentee_at(world, "s1@a.example.org")
    client = client_for(mentee)
    results = client.get(reverse("mentor_find"), {"need": "interviews", "reach": "national"})
    link = re.search(r'href="(/mentors/[0-9a-f-]{36}/[^"]*)"', results.content.decode())
    assert link
    profile_url = link.group(1).replace("&amp;", "&")
    page = client.get(profile_url).content.decode()
    ask = reverse("mentorship_request_create", args=[mentor.public_id])
    assert ask in page
    back = re.search(BACK, page)
    assert back
    query = parse_qs(urlsplit(back.group(1).replace("&amp;", "&")).query)
    assert query == {"need": ["interviews"], "reach": ["national"]}


def test_the_way_back_keeps_only_search_filters(world):
    mentor = mentor_at(world, "m1@a.example.org")
    client = client_for(mentee_at(world, "s1@a.example.org"))
    url = reverse("mentor_profile_detail", args=[mentor.public_id])
    page = client.get(url, {"back": "need=interviews&next=https://evil.example&page=2"})
    back = re.search(
        r'href="(/find-mentors/[^"]*)"[^>]*>Back to your results', page.content.decode()
    )
    assert back
    query = parse_qs(urlsplit(back.group(1).replace("&amp;", "&")).query)
    assert query == {"need": ["interviews"], "page": ["2"]}


def test_the_request_form_leads_back_to_the_results(world):
    mentor = mentor_at(world, "m1@a.example.org")
    client = client_for(mentee_at(world, "s1@a.example.org"))
    url = reverse("mentorship_request_create", args=[mentor.public_id])
    html = client.get(url, {"back": "need=interviews"}).content.decode()
    assert 'name="message"' in html
    assert f'href="{reverse("mentor_find")}?need=interviews"' in html


def test_the_old_mentor_list_sends_mentees_to_find_mentors(world):
    mentee = mentee_at(world, "s1@a.example.org")
    response = client_for(mentee).get(reverse("mentorship_request_new"))
    assert response.status_code == 302 and response["Location"] == reverse("mentor_find")
    assert client_for(world.outsider).get(reverse("mentorship_request_new")).status_code == 302
    assert client_for(world.mentor).get(reverse("mentorship_request_new")).status_code == 403


def test_the_outsider_does_not_find_a_local_mentor_of_a_nor_its_request_form(world):
    local = mentor_at(world, "m1@a.example.org", scope="local")
    outsider = client_for(mentee_at(world, "s1@b.example.org", institution=world.institution_b))
    assert outsider.get(reverse("mentor_profile_detail", args=[local.public_id])).status_code == 404
    ask = reverse("mentorship_request_create", args=[local.public_id])
    assert outsider.get(ask).status_code == 404
    html = outsider.get(reverse("mentor_find")).content.decode()
    assert reverse("mentor_profile_detail", args=[local.public_id]) not in html


def test_page_2_makes_no_more_queries_than_page_1_and_neither_grows_with_mentors(
    world, django_assert_max_num_queries
):
    mentee = mentee_at(world, "s1@a.example.org")
    for i in range(22):
        mentor_at(world, f"m{i}@a.example.org")
    client = client_for(mentee)
    client.get(reverse("mentor_find"))
    with django_assert_max_num_queries(62):
        page = client.get(reverse("mentor_find"), {"page": "2"})
    assert len(_profile_links(page.content.decode())) == 2  # the 21st and 22nd
    for i in range(22, 30):
        mentor_at(world, f"m{i}@a.example.org")
    client.get(reverse("mentor_find"), {"page": "2"})
    with django_assert_max_num_queries(62):
        page = client.get(reverse("mentor_find"), {"page": "2"})
    assert len(_profile_links(page.content.decode())) == 10


def test_the_request_form_keeps_the_same_filter_names_as_find_mentors():
    from mentorquilt.matching.views import RESULT_KEYS
    from mentorquilt.mentorships.views import FIND_MENTORS_KEYS

    assert set(FIND_MENTORS_KEYS) == set(RESULT_KEYS)
