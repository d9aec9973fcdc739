"""In the browser: a mentee who may not ask yet sees, on Find mentors, on a mentor's page and
on the request form, what is still missing, each step a link, and no "Ask"; a ready mentee
pages to the second page of results, opens a mentor's page, goes back to the same results
and asks from the mentor's page. axe on every new or changed page (R5, R12, R21; issue #10)."""

from __future__ import annotations

from typing import Any

import pytest

from mentorquilt.institutions.models import Role
from mentorquilt.matching.tests.helpers import mentor_at
from mentorquilt.mentorships.models import MentorshipRequest
from mentorquilt.mentorships.tests.helpers import ready_mentee
from mentorquilt.onboarding.selectors import readiness
from mentorquilt.profiles.models import NeedArea
from mentorquilt.training.tests.helpers import accept_agreements
from tests.browser.conftest import sign_in

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.browser


def heading(page: Any, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_contain_text(text)


def test_a_mentee_not_ready_sees_the_missing_steps_with_links_and_no_ask(
    new_page, check, world, settings
):
    settings.MATCHING_POOL_REFRESH_SECONDS = 0
    rosa = mentor_at(world, "rosa@a.example.org", name="Dr Rosa Quill")
    accept_agreements(world.mentee, Role.MENTEE)
    missing = readiness(user=world.mentee, role=Role.MENTEE).missing
    assert missing
    page = new_page()
    sign_in(page, world.mentee)
    page.goto("/find-mentors/")
    heading(page, "Find mentors")
    steps = page.get_by_role("region", name="Before you can ask a mentor")
    for step in missing:
        expect(steps.get_by_role("link", name=step.title)).to_have_attribute("href", step.url)
    main = page.get_by_role("main")
    expect(main).to_contain_text("Dr Rosa Quill")
    expect(main.get_by_role("link", name="Ask Dr Rosa Quill to be your mentor")).to_have_count(0)
    check(page, "find-not-ready")

    page.get_by_role("link", name="Dr Rosa Quill").click()
    heading(page, "Dr Rosa Quill")
    expect(page.get_by_role("region", name="Before you can ask a mentor")).to_be_visible()
    expect(page.get_by_role("link", name="Ask Dr Rosa Quill to be your mentor")).to_have_count(0)
    check(page, "mentor-page-not-ready")

    page.goto(f"/requests/new/{rosa.public_id}/")
    heading(page, "Ask Dr Rosa Quill")
    expect(page.get_by_role("region", name="Before you can ask a mentor")).to_be_visible()
    expect(page.get_by_role("button", name="Send my request")).to_have_count(0)
    check(page, "request-form-not-ready")

    # The first missing step is one click away.
    page.get_by_role("link", name=missing[0].title).click()
    assert page.url.endswith(missing[0].url)


def test_a_ready_mentee_pages_to_page_2_opens_a_mentor_and_asks_from_the_page(
    new_page, check, world, settings
):
    settings.MATCHING_POOL_REFRESH_SECONDS = 0
    ready_mentee(world.mentee)
    for i in range(22):
        mentor_at(world, f"mentor{i:02}@a.example.org", name=f"Dr Mentor {i:02}")
    page = new_page()
    sign_in(page, world.mentee)
    page.goto("/find-mentors/")
    page.get_by_text("Filter the list").click()
    page.get_by_label("Helps with").select_option(
        label=NeedArea.objects.get(slug="interviews").name
    )
    page.get_by_role("button", name="Show mentors").click()
    results = page.get_by_role("region", name="22 mentors found")
    expect(results).to_be_visible()
    expect(results.get_by_role("heading", level=3)).to_have_count(20)
    page.get_by_role("link", name="Next mentors").click()
    heading(page, "Find mentors")
    results = page.get_by_role("region", name="22 mentors found")
    expect(results.get_by_role("heading", level=3)).to_have_count(2)
    expect(results).to_contain_text("Showing 21 to 22 of 22")
    check(page, "find-page-2")
    second_page = page.url
    assert "page=2" in second_page and "need=interviews" in second_page

    name = results.get_by_role("heading", level=3).first.inner_text()
    results.get_by_role("link", name=name, exact=True).click()
    heading(page, name)
    check(page, "mentor-page-ready")
    page.get_by_role("link", name="Back to your results").click()
    assert page.url == second_page
    results = page.get_by_role("region", name="22 mentors found")
    results.get_by_role("link", name=name, exact=True).click()

    page.get_by_role("link", name=f"Ask {name} to be your mentor").click()
    heading(page, f"Ask {name} to be your mentor")
    check(page, "request-form-ready")
    page.get_by_label(NeedArea.objects.get(slug="interviews").name, exact=True).check()
    page.get_by_label("A short message to the mentor").fill("Could you help with interviews?")
    page.get_by_role("button", name="Send my request").click()
    heading(page, f"Your request to {name}")
    assert MentorshipRequest.objects.filter(mentee=world.mentee, mentor__name=name).exists()
