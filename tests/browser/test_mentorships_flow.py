"""In the browser: a mentee asks two mentors; one accepts, the other lets the request lapse
(time moved forward with time_machine); the lapse is counted and enforced, the admin
reinstates; axe on every page (R6, R8, R13, R25, B1, B3).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from mentorquilt.mentorships.models import MentorshipRequest
from mentorquilt.mentorships.selectors import responsiveness_of, suspension_open_of
from mentorquilt.mentorships.tests.helpers import new_mentor, ready_mentee, ready_mentor
from mentorquilt.profiles.models import NeedArea
from tests.browser.conftest import sign_in

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.browser


def heading(page: Any, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_contain_text(text)


def ask(page: Any, check: Any, mentor_name: str, need: str, *, first: bool) -> None:
    page.goto("/requests/new/")  # the old list now leads to Find mentors
    heading(page, "Find mentors")
    if first:
        check(page, "mentorships-ask-list")
    page.get_by_role("link", name=f"Ask {mentor_name} to be your mentor", exact=True).click()
    heading(page, f"Ask {mentor_name} to be your mentor")
    if first:
        check(page, "mentorships-request-form")
    page.get_by_label(need, exact=True).check()
    page.get_by_label("A short message to the mentor").fill(
        "I am the first in my family to apply to medical school. Could you help me?"
    )
    page.get_by_role("button", name="Send my request").click()
    heading(page, f"Your request to {mentor_name}")
    expect(page.get_by_role("main")).to_contain_text("has until")


def test_a_mentee_asks_two_mentors_one_accepts_and_the_other_lapses_and_is_hidden(
    new_page, check, world, outbox, settings
):
    settings.MENTORSHIP_LAPSES_TO_SUSPEND = 1  # one lapse is enough to see enforcement
    settings.MATCHING_POOL_REFRESH_SECONDS = 0  # search sees each change at once
    ready_mentee(world.mentee)
    ready_mentor(world.mentor, capacity=2)
    slow = new_mentor(world, "slow@a.example.org", name="Dr. Ben Slow")
    interviews = NeedArea.objects.get(slug="interviews").name
    statement = NeedArea.objects.get(slug="personal-statement").name

    mentee = new_page()
    sign_in(mentee, world.mentee)
    ask(mentee, check, world.mentor.name, interviews, first=True)
    check(mentee, "mentorships-request-mentee")
    ask(mentee, check, "Dr. Ben Slow", statement, first=False)

    # The first mentor answers in time and accepts.
    mentor = new_page()
    sign_in(mentor, world.mentor)
    mentor.goto("/requests/")
    heading(mentor, "Mentorship requests")
    expect(mentor.get_by_role("main")).to_contain_text("within 7 days")
    check(mentor, "mentorships-requests-mentor")
    mentor.get_by_role("link", name="Read and answer").click()
    heading(mentor, "asks you to be their mentor")
    check(mentor, "mentorships-request-detail-mentor")
    mentor.get_by_role("button", name="Accept").click()
    heading(mentor, "Mentoring")
    check(mentor, "mentorships-detail")

    # The second never answers: eight days later the tick lapses the request.
    with time_machine.travel(timezone.now() + timedelta(days=8), tick=False):
        call_command("mentorships_tick", verbosity=0)
    lapsed = MentorshipRequest.objects.get(mentor=slow.user)
    assert lapsed.status == "lapsed"
    assert responsiveness_of(mentor=slow.user).lapsed == 1  # counted (R8)
    assert suspension_open_of(mentor=slow.user) is not None  # enforced (B3)
    assert any("did not answer in time" in m.subject for m in outbox)

    # The mentee is told, sees the quilt, and can no longer find the slow mentor.
    mentee.goto("/notifications/")
    heading(mentee, "Notifications")
    expect(mentee.get_by_role("main")).to_contain_text("Dr. Ben Slow did not answer in time")
    check(mentee, "mentorships-notifications")
    mentee.goto("/quilt/")
    heading(mentee, "Your quilt of mentors")
    quilt = mentee.get_by_role("main")
    expect(quilt).to_contain_text(f"Helps you with: {interviews}")
    expect(quilt.get_by_role("region", name="Needs no mentor covers yet")).to_contain_text(
        statement
    )
    check(mentee, "mentorships-quilt")
    mentee.goto("/requests/")
    expect(mentee.get_by_role("main")).to_contain_text("Lapsed")
    mentee.goto("/requests/new/")
    expect(mentee.get_by_role("main")).not_to_contain_text("Dr. Ben Slow")

    # The slow mentor is told why; their admin reinstates them (audited).
    slow_page = new_page()
    sign_in(slow_page, slow.user)
    slow_page.goto("/requests/")
    expect(slow_page.get_by_role("main")).to_contain_text("You are hidden from search for now")
    check(slow_page, "mentorships-requests-suspended")
    admin = new_page()
    sign_in(admin, world.admin)
    admin.goto(f"/institutions/{world.institution_a.public_id}/suspensions/")
    heading(admin, "Suspended mentors")
    check(admin, "mentorships-suspensions")
    admin.get_by_label("Note (optional)").fill("We talked; back from leave.")
    admin.get_by_role("button", name="Reinstate").click()
    expect(admin.get_by_role("main")).to_contain_text("No mentor is suspended right now")
    assert suspension_open_of(mentor=slow.user) is None
    mentee.goto("/requests/new/")
    expect(mentee.get_by_role("main")).to_contain_text("Dr. Ben Slow")


def test_the_notification_preference_page_is_plain_and_accessible(page, check, world):
    sign_in(page, world.mentee)
    page.goto("/notifications/settings/")
    heading(page, "How often should we email you?")
    check(page, "notifications-settings")
    page.get_by_label("One email a week with everything (weekly digest)").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("main")).to_contain_text("saved")
