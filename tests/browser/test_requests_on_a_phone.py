"""On a 375 px phone a mentor reaches "Read and answer" for each request (R8; issue 10 item 8)."""

from __future__ import annotations

import pytest

from mentorquilt.mentorships.tests.helpers import new_mentee, ready_mentor, send
from tests.browser.conftest import NARROW, sign_in

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.browser


def test_a_mentor_on_a_phone_sees_the_whole_read_and_answer_link(page, check, world):
    profile = ready_mentor(world.mentor, capacity=3)
    send(new_mentee(world, "asking@a.example.org", name="Rosa Delgado-Fitzgerald"), profile)

    sign_in(page, world.mentor)
    page.set_viewport_size(NARROW)
    page.goto("/requests/")
    link = page.get_by_role("link", name="Read and answer the request from Rosa Delgado-Fitzgerald")
    expect(link).to_be_visible()
    box = link.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= NARROW["width"]
    check(page, "requests-mentor-phone")
