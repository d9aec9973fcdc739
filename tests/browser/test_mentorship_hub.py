"""In the browser: the mentorship page is the pair's hub. The mentee chooses what to share
and writes to the mentor (htmx, no full reload); the mentor opens the notification,
reads, answers, and sees the phone number the mentee shared; axe on every page
(issue 10; R15, R25, R27, R36).
"""

from __future__ import annotations

from typing import Any

import pytest

from mentorquilt.accounts.services import account_details_update
from mentorquilt.engagement.tests.helpers import pair
from mentorquilt.mentorships.models import MentorshipMessage
from tests.browser.conftest import sign_in

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.browser

HELLO = "Hello Dr. López, could we talk about my personal statement next week?"
ANSWER = "Of course! Tuesday at 5 works for me."
PHONE = "+1 614 555 0142"


def heading(page: Any, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_contain_text(text)


def test_the_mentee_writes_in_the_hub_and_the_mentor_reads_and_answers(
    new_page, check, world, outbox
):
    mentorship = pair(world)
    account_details_update(user=world.mentor, name="Dr. Maria López")
    account_details_update(user=world.mentee, name="Samuel Lee")
    outbox.clear()

    # The mentee chooses to be called Sammy and to share a phone number.
    page = new_page()
    sign_in(page, world.mentee)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Your account").click()
    page.get_by_role("link", name="Change your name and what you share").click()
    heading(page, "Your name and what you share")
    check(page, "account-details")
    page.get_by_label("What should people call you?").fill("Sammy")
    page.get_by_role("textbox", name="Phone number").fill(PHONE)
    page.get_by_label("Show my phone number to my mentors and mentees").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Saved your name and what you share")

    # The hub: nothing shared by the mentor yet; the mentee writes without a full reload.
    page.goto("/mentorships/")
    page.get_by_role("main").get_by_role("link", name="Dr. Maria López").click()
    heading(page, "Your mentorship with Dr. Maria López")
    reach = page.get_by_role("region", name="How to reach Maria")
    expect(reach).to_contain_text("has not shared an email address or phone number")
    together = page.get_by_role("region", name="Your work together")
    expect(together.get_by_role("link", name="Report a concern")).to_be_visible()
    check(page, "mentorship-hub-empty")
    page.evaluate("() => { window.stillThisPage = true; }")
    page.get_by_label("Your message").fill(HELLO)
    page.get_by_role("button", name="Send").click()
    messages = page.get_by_role("region", name="Messages")
    expect(messages.get_by_role("status")).to_contain_text("Your message was sent")
    expect(messages.get_by_role("listitem")).to_contain_text(HELLO)
    assert page.evaluate("() => window.stillThisPage === true"), "the page was reloaded"
    expect(page.get_by_label("Your message")).to_be_focused()
    expect(page.get_by_label("Your message")).to_have_value("")
    check(page, "mentorship-hub-mentee")

    # The mentor is emailed the news, not the text.
    [email] = [m for m in outbox if m.to == [world.mentor.email]]
    assert "You have a new message from Sammy" in email.subject and HELLO not in email.body

    # The mentor opens the notification, reads, sees the shared phone number and answers.
    mentor_page = new_page()
    sign_in(mentor_page, world.mentor)
    mentor_page.goto("/notifications/")
    mentor_page.get_by_role("button", name="You have a new message from Sammy").click()
    heading(mentor_page, "Mentoring Sammy")
    expect(mentor_page.get_by_role("region", name="How to reach Sammy")).to_contain_text(PHONE)
    thread = mentor_page.get_by_role("region", name="Messages")
    expect(thread).to_contain_text(HELLO)
    check(mentor_page, "mentorship-hub-mentor")
    mentor_page.get_by_label("Your message").fill(ANSWER)
    mentor_page.get_by_role("button", name="Send").click()
    expect(thread.get_by_role("listitem").nth(1)).to_contain_text(ANSWER)

    page.reload()
    expect(page.get_by_role("region", name="Messages").get_by_role("listitem")).to_have_count(2)
    expect(page.get_by_role("region", name="Messages")).to_contain_text(ANSWER)
    assert list(
        MentorshipMessage.objects.filter(mentorship=mentorship)
        .order_by("created_at")
        .values_list("author__email", flat=True)
    ) == [world.mentee.email, world.mentor.email]
