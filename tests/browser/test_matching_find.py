"""In the browser: a mentee opens Find mentors, reads why each mentor fits, filters, and
asks the first mentor from the ranked list; the quilt suggests mentors for its gaps;
an admin reads supply and demand. axe on every page (R19-R21, R23, B1, B4)."""

from __future__ import annotations

from typing import Any

import pytest

from mentorquilt.matching.tests.helpers import mentor_at
from mentorquilt.mentorships.models import MentorshipRequest
from mentorquilt.mentorships.tests.helpers import ready_mentee
from mentorquilt.profiles.models import NeedArea
from mentorquilt.profiles.tests.helpers import give_attribute
from tests.browser.conftest import sign_in

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.browser


def test_a_mentee_finds_a_mentor_with_reasons_and_asks_them_from_the_list(
    new_page, check, world, settings
):
    settings.MATCHING_POOL_REFRESH_SECONDS = 0
    ready_mentee(world.mentee)
    rosa = mentor_at(world, "rosa@a.example.org", name="Dr Rosa Quill")
    give_attribute(rosa.user, "income-low", match=True, show=True)
    give_attribute(rosa.user, "first-generation-college", match=True, show=False)
    give_attribute(world.mentee, "income-low", match=True)
    page = new_page()
    sign_in(page, world.mentee)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Find mentors").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Find mentors")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Dr Rosa Quill")
    expect(main).to_contain_text("Helps with: Personal statement")
    expect(main.locator(".reasons")).not_to_contain_text("First in my family")
    check(page, "matching-find")

    page.get_by_text("Filter the list").click()
    page.get_by_label("Shared background").select_option(
        label="First generation: First in my family to go to college"
    )
    page.get_by_role("button", name="Show mentors").click()
    expect(page.get_by_role("heading", level=2, name="No mentor found")).to_be_visible()
    check(page, "matching-find-none")

    page.goto("/find-mentors/")
    page.get_by_role("link", name="Ask Dr Rosa Quill to be your mentor").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ask Dr Rosa Quill")
    page.get_by_label(NeedArea.objects.get(slug="personal-statement").name, exact=True).check()
    page.get_by_label("A short message to the mentor").fill("Could you help with my statement?")
    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your request to Dr Rosa Quill")
    assert MentorshipRequest.objects.filter(mentee=world.mentee, mentor=rosa.user).exists()


def test_the_quilt_suggests_mentors_for_each_gap_and_an_admin_reads_supply_and_demand(
    new_page, check, world, settings
):
    settings.MATCHING_POOL_REFRESH_SECONDS = 0
    ready_mentee(world.mentee)
    mentor_at(world, "rosa@a.example.org", name="Dr Rosa Quill")
    page = new_page()
    sign_in(page, world.mentee)
    page.goto("/quilt/")
    main: Any = page.get_by_role("main")
    expect(main).to_contain_text("Mentors who help with personal statement")
    expect(main).to_contain_text("Dr Rosa Quill")
    check(page, "matching-quilt-suggestions")

    admin = new_page()
    sign_in(admin, world.admin)
    admin.goto(f"/institutions/{world.institution_a.public_id}/supply-demand/")
    expect(admin.get_by_role("heading", level=1)).to_contain_text("Supply and demand")
    check(admin, "matching-supply-demand")
