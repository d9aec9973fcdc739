"""Staff holds and suspensions in the browser, axe on every changed page (R8, B3, R27).

1. Staff put a mentorship on hold from the concern page; the mentor's mentorship page
   says "on hold by the program", whom to write to, and offers no Resume; staff lift it.
2. Suspended mentors are not in Find mentors; the admin's people list says who is
   suspended and why and the admin reinstates the lapse-suspended one; the
   staff-suspended person reads plain words at sign-in; the lapse-suspended mentor
   reads why on her home page.
"""

from __future__ import annotations

from typing import Any

import pytest

from conftest import PASSWORD
from mentorquilt.engagement.services import concern_report
from mentorquilt.engagement.tests.helpers import pair
from mentorquilt.matching.tests.helpers import lapse_suspend, mentee_at, mentor_at, staff_suspend
from mentorquilt.mentorships.models import MentorshipState, MentorSuspension
from tests.browser.conftest import sign_in

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.browser


def main(page: Any) -> Any:
    return page.get_by_role("main")


def test_staff_hold_a_mentorship_the_mentor_cannot_resume_and_staff_lift_it(
    new_page, check, world, settings
):
    settings.MENTORQUILT_CONTACT_EMAIL = "safety@program.example.org"
    mentorship = pair(world)
    concern = concern_report(
        reporter=world.mentee, mentorship=mentorship, text="He asked to meet at his flat."
    )
    staff = new_page()
    sign_in(staff, world.staff)
    staff.goto(f"/staff/concerns/{concern.public_id}/")
    staff.get_by_label("Paused the mentorship").check()
    staff.get_by_role("button", name="Record this step").click()
    expect(main(staff).get_by_text("On hold by the program").first).to_be_visible()
    check(staff, "hold-concern-detail-on-hold")

    mentor = new_page()
    sign_in(mentor, world.mentor)
    mentor.goto(f"/mentorships/{mentorship.public_id}/")
    expect(main(mentor).get_by_text("This mentorship is on hold by the program.")).to_be_visible()
    expect(main(mentor).get_by_role("link", name="safety@program.example.org")).to_be_visible()
    expect(main(mentor).get_by_role("button", name="Resume")).to_have_count(0)
    check(mentor, "hold-mentorship-detail-mentor")

    staff.reload()
    staff.get_by_label("Lifted the hold on the mentorship").check()
    staff.get_by_role("button", name="Record this step").click()
    expect(staff.get_by_text("Done. The step is recorded")).to_be_visible()
    mentorship.refresh_from_db()
    assert mentorship.state == MentorshipState.ACTIVE
    mentor.reload()
    expect(main(mentor).get_by_role("button", name="Pause")).to_be_visible()


def test_suspended_mentors_are_hidden_explained_and_reinstated_from_a_page(
    new_page, check, world, settings
):
    settings.MATCHING_POOL_REFRESH_SECONDS = 0
    settings.MENTORQUILT_CONTACT_EMAIL = "safety@program.example.org"
    mentor_at(world, "fine@a.example.org", name="Dr Fine")
    held = mentor_at(world, "held@a.example.org", name="Dr Held")
    quiet = mentor_at(world, "quiet@a.example.org", name="Dr Quiet")
    mentee = mentee_at(world, "seeker@a.example.org", name="Sofia Seeker")
    staff_suspend(world, held.user)
    lapse_suspend(quiet.user)
    world.admin.name = "Avery Admin"
    world.admin.save()

    page = new_page()
    sign_in(page, mentee)
    page.goto("/find-mentors/")
    expect(main(page).get_by_role("link", name="Ask Dr Fine to be your mentor")).to_be_visible()
    expect(main(page).get_by_text("Dr Held")).to_have_count(0)
    expect(main(page).get_by_text("Dr Quiet")).to_have_count(0)
    check(page, "suspension-find-mentors")

    admin = new_page()
    sign_in(admin, world.admin)
    admin.goto(f"/institutions/{world.institution_a.public_id}/?role=mentor")
    people = admin.get_by_role("region", name="People")
    expect(people.get_by_text("Suspended by staff")).to_be_visible()
    expect(people.get_by_text("Suspended after unanswered requests")).to_be_visible()
    check(admin, "suspension-people-list")
    people.get_by_role("link", name="Reinstate Dr Quiet").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Suspended mentors")
    expect(
        main(admin).get_by_text("Only the program team can lift this suspension.")
    ).to_be_visible()
    check(admin, "suspension-list-admin")
    main(admin).get_by_role("button", name="Reinstate Dr Quiet").click()
    expect(admin.get_by_text("The mentor was reinstated")).to_be_visible()
    assert not MentorSuspension.objects.filter(mentor=quiet.user, ended_at__isnull=True).exists()

    outsider = new_page()
    outsider.goto("/accounts/login/")
    outsider.get_by_label("Email").fill("held@a.example.org")
    outsider.get_by_label("Password", exact=True).fill(PASSWORD)
    outsider.get_by_role("button", name="Sign in").click()
    expect(outsider.get_by_role("heading", level=1)).to_have_text("Your account is suspended")
    expect(outsider.get_by_role("link", name="safety@program.example.org")).to_be_visible()
    check(outsider, "suspension-account-inactive")


def test_a_lapse_suspended_mentor_reads_why_and_whom_to_talk_to(new_page, check, world):
    quiet = mentor_at(world, "quiet@a.example.org", name="Dr Quiet")
    lapse_suspend(quiet.user)
    world.admin.name = "Avery Admin"
    world.admin.save()
    page = new_page()
    sign_in(page, quiet.user)
    page.goto("/")
    expect(main(page).get_by_text("Students cannot find or ask you for now.")).to_be_visible()
    expect(main(page).get_by_text("Avery Admin (Institution A)").first).to_be_visible()
    check(page, "suspension-home-mentor")
