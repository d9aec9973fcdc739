"""Meetings, the action plan, evaluations and concerns in the browser, axe on every page
(R14, R26, R27, R28).

Done-when of issue 5 (part B): the accepted pair plans and logs a meeting and both get
the calendar invitation; half a year later the mentee's evaluation falls due (the clock
is moved with time_machine; the live server runs in this process) and is answered.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from mentorquilt.engagement.models import Concern, Evaluation, Meeting
from mentorquilt.engagement.tests.helpers import pair
from tests.browser.conftest import sign_in

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.browser


def heading(page: Any, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_contain_text(text)


def main(page: Any) -> Any:
    return page.get_by_role("main")


def test_the_pair_plans_and_logs_a_meeting_and_the_mentees_evaluation_falls_due(
    new_page, check, world, outbox
):
    mentorship = pair(world)
    outbox.clear()  # the request and its acceptance were emailed too
    mentor_name = world.mentor.get_short_name()
    page = new_page()
    sign_in(page, world.mentee)
    check(page, "engagement-home-mentee")
    main(page).get_by_role("link", name=f"Meetings with {mentor_name}").click()
    heading(page, f"Meetings with {mentor_name}")
    check(page, "engagement-meetings-empty")

    # Plan a video call for tomorrow, 17:00 in Chicago.
    main(page).get_by_role("link", name="Plan a meeting").click()
    heading(page, "Plan a meeting")
    page.get_by_role("button", name="Plan the meeting").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    check(page, "engagement-meeting-plan-errors")
    day = (timezone.localdate() + timedelta(days=1)).isoformat()
    page.get_by_label("Day").fill(day)
    page.get_by_label("Start time").fill("17:00")
    page.get_by_label("Time zone").select_option("America/Chicago")
    page.get_by_label("How long").select_option("45")
    page.get_by_role("group", name="How you will meet").get_by_label("Video call").check()
    page.get_by_label("Link or place").fill("https://video.example.org/quilt-42")
    page.get_by_role("button", name="Plan the meeting").click()
    heading(page, f"Meeting with {mentor_name}")
    expect(page.get_by_text("You both get an email with a calendar invitation")).to_be_visible()
    check(page, "engagement-meeting-planned")

    # Both get the invitation, with an .ics file for their calendars.
    meeting = Meeting.objects.get(mentorship=mentorship)
    assert sorted(message.to[0] for message in outbox) == sorted(
        [world.mentee.email, world.mentor.email]
    )
    for message in outbox:
        name, content, mimetype = message.attachments[0]
        assert name == "meeting.ics" and mimetype.startswith("text/calendar")
        assert f"UID:meeting-{meeting.public_id}@mentorquilt" in content
        assert f"DTSTART:{meeting.starts_at.astimezone(timezone.UTC):%Y%m%dT%H%M%SZ}" in content

    # After the meeting, the mentee logs it with private notes.
    with time_machine.travel(meeting.starts_at + timedelta(hours=1), tick=True):
        page.reload()
        main(page).get_by_role("link", name="Log this meeting").click()
        heading(page, f"Log your meeting with {mentor_name}")
        page.get_by_label("How long did you meet, in minutes?").fill("50")
        page.get_by_label("What did you talk about?").fill("Personal statement, MCAT plan")
        page.get_by_label("Private notes").fill("Ask about the summer program next time.")
        check(page, "engagement-meeting-log")
        page.get_by_role("button", name="Log the meeting").click()
        heading(page, f"Meetings with {mentor_name}")
        expect(main(page).get_by_role("region", name="Held")).to_contain_text("50 minutes")
        check(page, "engagement-meetings-held")

        # The mentor sees the topics, never the mentee's notes.
        mentor_page = new_page()
        sign_in(mentor_page, world.mentor)
        mentor_page.goto(f"/meetings/{meeting.public_id}/")
        expect(main(mentor_page)).to_contain_text("Personal statement, MCAT plan")
        expect(main(mentor_page)).not_to_contain_text("summer program")
        check(mentor_page, "engagement-meeting-held-mentor")

    # Half a year on, the daily tick opens the evaluation; the mentee answers it.
    later = datetime.combine(
        mentorship.started_on + timedelta(days=200), datetime.min.time(), tzinfo=timezone.UTC
    )
    with time_machine.travel(later, tick=True):
        call_command("engagement_tick")
        page = new_page()
        sign_in(page, world.mentee)
        due = main(page).get_by_role("region", name="Evaluations to answer")
        expect(due).to_contain_text(f"Evaluate your mentorship with {mentor_name}")
        check(page, "engagement-home-evaluation-due")
        due.get_by_role("link", name=f"Evaluate your mentorship with {mentor_name}").click()
        heading(page, f"Evaluate your mentorship with {mentor_name}")
        page.get_by_role("button", name="Send my evaluation").click()
        expect(page.locator(".errorlist").first).to_be_visible()
        check(page, "engagement-evaluation-errors")
        for question, answer in (
            ("helps me with the things", "5: completely"),
            ("easy to reach", "4"),
            ("listens to me", "5: completely"),
            ("recommend my mentor", "4"),
        ):
            page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()
        page.get_by_role("button", name="Send my evaluation").click()
        heading(page, "Evaluations")
        expect(page.get_by_text("Your evaluation is sent")).to_be_visible()
        check(page, "engagement-evaluations-done")
    evaluation = Evaluation.objects.get(mentorship=mentorship)
    assert evaluation.submitted_at is not None and evaluation.helpful == 5


def test_a_mentee_keeps_an_action_plan_and_reports_a_concern_that_staff_read(
    new_page, check, world
):
    mentorship = pair(world)
    page = new_page()
    sign_in(page, world.mentee)
    page.goto("/plan/")
    heading(page, "Your action plan")
    page.get_by_label("Your personal mission").fill("Become a doctor in my hometown.")
    page.get_by_role("button", name="Save my mission").click()
    main(page).get_by_role("link", name="Add a goal").click()
    heading(page, "Add a goal")
    page.get_by_label("Your goal").fill("Apply to three summer research programs")
    page.get_by_role("group", name="Which areas of need is it about?").get_by_label(
        "Interviews", exact=False
    ).first.check()
    check(page, "engagement-goal-new")
    page.get_by_role("button", name="Add the goal").click()
    heading(page, "Apply to three summer research programs")
    page.get_by_label("Next step").fill("Ask Dr. Lee for a letter")
    page.get_by_role("button", name="Add the step").click()
    expect(main(page)).to_contain_text("Ask Dr. Lee for a letter")
    check(page, "engagement-goal")
    page.goto("/plan/")
    check(page, "engagement-plan")

    page.goto(f"/mentorships/{mentorship.public_id}/meetings/record/")
    heading(page, "Record a meeting with")
    page.get_by_role("button", name="Record the meeting").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    check(page, "engagement-meeting-record-errors")

    page.goto(f"/mentorships/{mentorship.public_id}/concern/")
    heading(page, "Report a concern")
    page.get_by_label("What happened?").fill("My mentor keeps cancelling at the last minute.")
    check(page, "engagement-concern-form")
    page.get_by_role("button", name="Send to the MentorQuilt team").click()
    heading(page, "Concerns you reported")
    check(page, "engagement-concerns-mine")

    staff = new_page()
    sign_in(staff, world.staff)
    staff.goto("/staff/concerns/")
    heading(staff, "Concerns")
    check(staff, "engagement-concern-queue")
    main(staff).get_by_role("link", name="Read the concern").first.click()
    expect(main(staff)).to_contain_text("keeps cancelling")
    check(staff, "engagement-concern-detail")
    staff.get_by_role("group", name="What are you doing about it?").get_by_label(
        "Paused the mentorship"
    ).check()
    staff.get_by_role("button", name="Record this step").click()
    expect(main(staff)).to_contain_text("Paused the mentorship")
    mentorship.refresh_from_db()
    assert mentorship.state == "paused"
    assert Concern.objects.get().status == "in_review"
