"""Pages: find mentors, quilt suggestions, supply and demand (R21, R23, R24, B1, B4)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import client_for
from mentorquilt.matching.models import SearchMiss
from mentorquilt.matching.tests.helpers import dimension, mentee_at, mentor_at
from mentorquilt.mentorships.services import mentorship_request_accept
from mentorquilt.mentorships.tests.helpers import send
from mentorquilt.profiles.services import affinity_preferences_set
from mentorquilt.profiles.tests.helpers import give_attribute


@pytest.fixture(autouse=True)
def _check_pool_every_search(settings):
    settings.MATCHING_POOL_REFRESH_SECONDS = 0


def test_the_find_page_lists_mentors_with_reasons_and_a_link_to_ask(world):
    mentor = mentor_at(world, "m1@a.example.org", name="Dr Rosa Quill")
    mentee = mentee_at(world, "s1@a.example.org")
    html = client_for(mentee).get(reverse("mentor_find")).content.decode()
    assert "Dr Rosa Quill" in html and "Why this mentor" in html
    assert "Helps with: Personal statement" in html
    assert reverse("mentorship_request_create", args=[mentor.public_id]) in html


def test_a_hidden_attribute_is_absent_from_the_page_and_its_filter_finds_nobody(world):
    mentor = mentor_at(world, "m1@a.example.org", name="Dr Rosa Quill")
    give_attribute(mentor.user, "lgbtq-member", match=True, show=False)
    mentee = mentee_at(world, "s1@a.example.org")
    give_attribute(mentee, "lgbtq-member", match=True)
    affinity_preferences_set(actor=mentee, importances={dimension("lgbtq"): 2})
    client = client_for(mentee)
    html = client.get(reverse("mentor_find")).content.decode()
    assert "Dr Rosa Quill" in html and "LGBTQ" not in html.split("results-h")[1]
    filtered = client.get(reverse("mentor_find"), {"background": "lgbtq-member"}).content.decode()
    assert "Dr Rosa Quill" not in filtered and "No mentor found" in filtered


def test_a_search_that_finds_nobody_is_recorded_by_its_filters_not_by_who(world):
    mentor_at(world, "m1@a.example.org")
    mentee = mentee_at(world, "s1@a.example.org")
    client_for(mentee).get(reverse("mentor_find"), {"need": "finances-aid", "reach": "local"})
    miss = SearchMiss.objects.get()
    assert miss.need.slug == "finances-aid" and miss.reach == "local"
    assert miss.institution == world.institution_a
    assert not any(f.name in ("user", "mentee", "created_at") for f in SearchMiss._meta.fields)


def test_the_quilt_offers_mentors_for_each_uncovered_need(world):
    covering = mentor_at(world, "cover@a.example.org", name="Dr Cover")
    mentor_at(world, "other@a.example.org", name="Dr Other")
    mentee = mentee_at(world, "s1@a.example.org")
    mentorship_request_accept(actor=covering.user, request=send(mentee, covering))
    client = client_for(mentee)
    quilt = client.get(reverse("quilt")).content.decode()
    assert reverse("quilt_suggestions") in quilt
    html = client.get(reverse("quilt_suggestions"), HTTP_HX_REQUEST="true").content.decode()
    # interviews are covered; the personal statement is not: Dr Other is suggested for it
    assert "Mentors who help with personal statement" in html
    assert "Mentors who help with interviews" not in html
    assert "Dr Other" in html and "Dr Cover" not in html


def test_the_find_page_is_for_mentees_only(world):
    assert client_for(world.mentor).get(reverse("mentor_find")).status_code == 403
    assert client_for(world.admin).get(reverse("mentor_find")).status_code == 403


def test_find_page_queries_do_not_grow_with_the_number_of_mentors(
    world, django_assert_max_num_queries
):
    mentee = mentee_at(world, "s1@a.example.org")
    for i in range(3):
        mentor_at(world, f"m{i}@a.example.org")
    client = client_for(mentee)
    client.get(reverse("mentor_find"))
    # 49 for the search and the page, 11 for the mentee's checklist (may they ask yet?)
    with django_assert_max_num_queries(62):
        client.get(reverse("mentor_find"))
    for i in range(3, 12):
        mentor_at(world, f"m{i}@a.example.org")
    client.get(reverse("mentor_find"))
    with django_assert_max_num_queries(62):
        client.get(reverse("mentor_find"))


def test_supply_and_demand_counts_needs_and_suppresses_small_background_cells(world):
    mentor = mentor_at(world, "m1@a.example.org")
    give_attribute(mentor.user, "first-generation-college", match=True, show=True)
    mentee_at(world, "s1@a.example.org")
    html = (
        client_for(world.admin)
        .get(reverse("supply_demand_institution", args=[world.institution_a.public_id]))
        .content.decode()
    )
    assert "Personal statement" in html and "fewer than 11" in html
    assert "First generation" in html


def test_supply_and_demand_of_institution_a_is_not_found_for_the_outsider_or_b_admins(world):
    url = reverse("supply_demand_institution", args=[world.institution_a.public_id])
    assert client_for(world.outsider).get(url).status_code == 404
    assert client_for(world.mentee).get(url).status_code == 404
    assert client_for(world.staff).get(reverse("supply_demand_network")).status_code == 200
    assert client_for(world.admin).get(reverse("supply_demand_network")).status_code == 403


def test_suggestions_and_supply_demand_make_a_bounded_number_of_queries(
    world, django_assert_max_num_queries
):
    mentee = mentee_at(world, "s1@a.example.org")
    for i in range(8):
        mentor_at(world, f"m{i}@a.example.org")
    mentee_client, admin_client = client_for(mentee), client_for(world.admin)
    supply_url = reverse("supply_demand_institution", args=[world.institution_a.public_id])
    mentee_client.get(reverse("quilt_suggestions"))
    admin_client.get(supply_url)
    # three gaps, each a search, and the checklist once (whether "Ask" is offered):
    # bounded by the number of needs, not of mentors
    with django_assert_max_num_queries(132):
        mentee_client.get(reverse("quilt_suggestions"))
    with django_assert_max_num_queries(60):
        admin_client.get(supply_url)
