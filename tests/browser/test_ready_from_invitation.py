"""From an emailed invitation to "ready", entirely through the pages (R1, R4, R5, R7, R11, R12).

A new mentee fills the guided profile, attests eligibility, accepts the
agreements and completes the training; a new mentor fills a profile, states a
qualification, accepts the agreements, trains and publishes, and the
institution's admin verifies them from the verification queue. Each ends on a
checklist that says "Ready", and the readiness rule agrees.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

import pytest
from django.apps import apps

from mentorquilt.accounts.models import User
from mentorquilt.institutions.models import Role
from mentorquilt.institutions.services import invitation_create
from mentorquilt.onboarding.selectors import readiness
from mentorquilt.training.selectors import required_modules
from tests.browser.conftest import link_in, sign_in

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def seeded(new_page: Any) -> None:
    """Taxonomies, agreements and training modules, as the seed migrations leave them.

    Serialized rollback is meant to restore them, but after a transactional
    (non-serialized) test has flushed the database it does not on SQLite, and
    these flows need them. The seed functions are idempotent (get_or_create),
    so running them again on an intact database changes nothing.
    """
    for name in (
        "mentorquilt.profiles.migrations.0002_seed_taxonomies",
        "mentorquilt.training.migrations.0002_seed_agreements_and_modules",
    ):
        import_module(name).seed(apps, None)


def main(page: Any) -> Any:
    return page.get_by_role("main")


def heading(page: Any, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_contain_text(text)


def accept_invitation(page: Any, outbox: list[Any], password: str) -> None:
    page.goto(link_in(outbox[-1], r"https?://\S+/invitations/\S+"))
    page.get_by_label("Choose a password").fill(password)
    page.get_by_role("button", name="Create my account and join").click()
    page.wait_for_url("**/home/")


def agree_and_train(page: Any, check: Any, role: str, agreements: tuple[str, ...]) -> None:
    """Accept each agreement and complete each required module from the checklist."""
    for name in agreements:
        page.goto("/checklist/")
        main(page).get_by_role("link", name=f"Read and accept the {name}").click()
        main(page).get_by_role("checkbox").check()
        page.get_by_role("button", name="I agree").click()
        heading(page, "Your checklist")
        expect(main(page).get_by_role("listitem").filter(has_text=name)).to_contain_text("Done:")
    page.goto("/training/")
    heading(page, "Training")
    check(page, f"ready-training-list-{role}")
    titles = [module.title for module in required_modules(role=role)]
    for title in titles:
        main(page).get_by_role("link", name=title).click()
        heading(page, title)
        main(page).get_by_role("checkbox").check()
        page.get_by_role("button", name="Mark as completed").click()
        heading(page, "Training")
    expect(main(page)).to_contain_text(f"{len(titles)} of {len(titles)} done")


def test_a_new_mentee_goes_from_the_invitation_to_ready_through_the_pages(
    page, check, world, outbox
):
    invitation_create(
        actor=world.admin,
        institution=world.institution_a,
        email="ana.lopez@example.org",
        name="Ana Lopez",
        role=Role.MENTEE,
    )
    accept_invitation(page, outbox, "a kite above the harbour")
    mentee = User.objects.get(email="ana.lopez@example.org")
    assert not readiness(user=mentee, role=Role.MENTEE).ready

    page.goto("/checklist/")
    heading(page, "Your checklist")
    expect(main(page)).to_contain_text("steps done")
    check(page, "ready-mentee-checklist-new")

    # The guided profile, one step after the other.
    page.goto("/profile/mentee/about/")
    check(page, "ready-mentee-about")
    page.get_by_label("Where are you in your training?").select_option(index=1)
    page.get_by_label("Which career are you working toward?").select_option(index=1)
    page.get_by_label("What are your goals?").fill("Apply to medical school in two years.")
    page.get_by_role("button", name="Save and continue").click()

    page.wait_for_url("**/needs/")
    check(page, "ready-mentee-needs")
    page.get_by_label("First most important area").select_option(index=1)
    page.get_by_label("Second area").select_option(index=2)
    page.get_by_role("button", name="Save and continue").click()

    page.wait_for_url("**/background/")
    check(page, "ready-mentee-background")
    page.get_by_role("button", name="Save and continue").click()

    page.wait_for_url("**/matters/")
    check(page, "ready-mentee-matters")
    page.get_by_role("button", name="Save and continue").click()

    page.wait_for_url("**/eligibility/")
    check(page, "ready-mentee-eligibility")
    page.get_by_label("I am the first in my family to go to college").check()
    page.get_by_label("In a sentence or two, why does this apply to you?").fill(
        "Neither of my parents went to college."
    )
    page.get_by_label("I confirm that what I wrote is true").check()
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url("**/profile/mentee/")
    profile_keys = [
        step.key
        for step in readiness(user=mentee, role=Role.MENTEE).missing
        if not step.key.startswith(("agreement:", "training"))
    ]
    assert profile_keys == []

    agree_and_train(page, check, Role.MENTEE, ("mentee agreement", "code of conduct"))

    page.goto("/checklist/")
    heading(page, "Your checklist")
    expect(main(page)).to_contain_text(
        "You have done everything needed to start a mentorship as a mentee"
    )
    expect(main(page).get_by_text("To do:")).to_have_count(0)
    check(page, "ready-mentee-checklist-ready")
    assert readiness(user=mentee, role=Role.MENTEE).ready


def test_a_new_mentor_is_ready_once_the_admin_verifies_them(page, new_page, check, world, outbox):
    invitation_create(
        actor=world.admin,
        institution=world.institution_a,
        email="dr.okafor@example.org",
        name="Chidi Okafor",
        role=Role.MENTOR,
    )
    accept_invitation(page, outbox, "lanterns along the river")
    mentor = User.objects.get(email="dr.okafor@example.org")

    # The mentor profile.
    page.goto("/profile/mentor/")
    check(page, "ready-mentor-profile-empty")
    page.get_by_label("Your role").fill("Family medicine attending")
    page.get_by_label("A short bio").fill("First in my family to finish college; I love this.")
    page.get_by_role("group", name="Where you can help").get_by_role("checkbox").first.check()
    page.get_by_role("group", name="How you like to meet").get_by_role("checkbox").first.check()
    page.get_by_role("group", name="Who can find you?").get_by_role("radio").first.check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your mentor profile was saved.")).to_be_visible()

    # The qualification (R4): a basis and evidence the institution can check.
    page.goto("/profile/mentor/qualification/")
    check(page, "ready-mentor-qualification")
    page.get_by_label("Track record as a teacher or mentor").check()
    page.get_by_label("Evidence your institution can check").fill(
        "Teaching award 2023, Department of Family Medicine."
    )
    page.get_by_role("button", name="Send to my institution").click()
    expect(page.get_by_text("Sent. Your institution's admin will review it.")).to_be_visible()

    agree_and_train(page, check, Role.MENTOR, ("mentor agreement", "code of conduct"))

    # Publish (R7): consent to be found.
    page.goto("/profile/mentor/")
    page.get_by_role("button", name="Publish my profile").click()
    expect(page.get_by_role("button", name="Hide my profile")).to_be_visible()
    missing = [step.key for step in readiness(user=mentor, role=Role.MENTOR).missing]
    assert missing == ["mentor_verified"]

    page.goto("/checklist/")
    expect(main(page)).to_contain_text("Waiting for your school:")
    check(page, "ready-mentor-checklist-waiting")

    # The institution's admin, signed in with TOTP in a separate browser context.
    admin = new_page()
    sign_in(admin, world.admin)
    admin.goto(f"/institutions/{world.institution_a.public_id}/qualifications/")
    check(admin, "ready-admin-verification-queue")
    entry = main(admin).get_by_role("article", name="Chidi Okafor")
    entry.get_by_role("button", name="Verify").click()
    expect(admin.get_by_text("Mentor verified.")).to_be_visible()

    page.goto("/checklist/")
    heading(page, "Your checklist")
    expect(main(page)).to_contain_text(
        "You have done everything needed to start a mentorship as a mentor"
    )
    expect(main(page).get_by_text("To do:")).to_have_count(0)
    check(page, "ready-mentor-checklist-ready")
    assert readiness(user=mentor, role=Role.MENTOR).ready
