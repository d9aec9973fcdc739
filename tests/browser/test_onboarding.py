"""Onboarding in the browser: from an invitation to the agreements, the training and a
certificate, with axe on every page (R5, R9, R12, R27).
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from pypdf import PdfReader

from mentorquilt.institutions.models import Role
from mentorquilt.institutions.services import invitation_create
from mentorquilt.onboarding.selectors import readiness
from mentorquilt.training.models import AgreementAcceptance, ModuleCompletion
from mentorquilt.training.services import agreement_publish_new
from mentorquilt.training.tests.helpers import make_ready
from tests.browser.conftest import link_in, sign_in

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.browser


def heading(page: Any, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_contain_text(text)


def main(page: Any) -> Any:
    return page.get_by_role("main")


def onboarding_keys(user: Any, role: str) -> list[str]:
    """The missing steps that belong to agreements and training."""
    return [
        step.key
        for step in readiness(user=user, role=role).missing
        if step.key.startswith(("agreement:", "training"))
    ]


def test_a_new_mentee_goes_from_the_invitation_through_the_agreements_and_the_training(
    page, check, world, outbox
):
    invitation_create(
        actor=world.admin,
        institution=world.institution_a,
        email="rosa.diaz@example.org",
        name="Rosa Diaz",
        role=Role.MENTEE,
    )
    page.goto(link_in(outbox[0], r"https?://\S+/invitations/\S+"))
    page.get_by_label("Choose a password").fill("a quiet river at dawn")
    page.get_by_role("button", name="Create my account and join").click()
    page.wait_for_url("**/home/")
    home = main(page).get_by_role("region", name="Before your first mentorship")
    expect(home).to_contain_text("steps done")
    check(page, "onboarding-home-summary")

    home.get_by_role("link", name="Open your checklist").click()
    heading(page, "Your checklist")
    check(page, "onboarding-checklist-new-mentee")

    # The mentee agreement: the box must be ticked.
    main(page).get_by_role("link", name="Read and accept the mentee agreement").click()
    heading(page, "MentorQuilt mentee agreement")
    page.get_by_role("button", name="I agree").click()
    expect(page.get_by_text("Tick the box to show that you agree.")).to_be_visible()
    check(page, "agreement-error")
    page.get_by_label("I have read the mentee agreement (version 1)").check()
    page.get_by_role("button", name="I agree").click()
    heading(page, "Your checklist")
    expect(page.get_by_text("you accepted the MentorQuilt mentee agreement")).to_be_visible()

    main(page).get_by_role("link", name="Read and accept the code of conduct").click()
    heading(page, "MentorQuilt code of conduct")
    expect(main(page)).to_contain_text("Cultural humility")
    check(page, "agreement-conduct")
    page.get_by_label("I have read the code of conduct (version 1)").check()
    page.get_by_role("button", name="I agree").click()
    heading(page, "Your checklist")

    # The training: two modules, each read and attested.
    main(page).get_by_role("link", name="Complete the mentee training").click()
    heading(page, "Training")
    expect(main(page)).to_contain_text("0 of 2 done")
    check(page, "training-list-mentee")
    for title in ("Getting the most from your mentors", "Your first meeting"):
        main(page).get_by_role("link", name=title).click()
        heading(page, title)
        check(page, f"training-module-{title[:12].lower().replace(' ', '-')}")
        page.get_by_role("checkbox").check()
        page.get_by_role("button", name="Mark as completed").click()
        heading(page, "Training")
        expect(page.get_by_text("You completed")).to_be_visible()
    expect(main(page)).to_contain_text("2 of 2 done")

    mentee = AgreementAcceptance.objects.get(version__kind="mentee").user
    assert mentee.email == "rosa.diaz@example.org"
    assert ModuleCompletion.objects.filter(user=mentee).count() == 2
    assert onboarding_keys(mentee, Role.MENTEE) == []

    page.goto("/checklist/")
    for step in ("mentee agreement", "code of conduct", "mentee training"):
        expect(main(page).get_by_role("listitem").filter(has_text=step)).to_contain_text("Done:")
    check(page, "onboarding-checklist-agreed-and-trained")


def test_a_mentor_completes_a_module_and_downloads_the_certificate(page, check, world):
    sign_in(page, world.mentor)
    page.goto("/training/")
    heading(page, "Training")
    expect(main(page)).to_contain_text("0 of 6 done")
    main(page).get_by_role("link", name="Cultural humility and identity in mentoring").click()
    expect(main(page)).to_contain_text("0.75 CME credit hours")
    page.get_by_label("I have read this module in full and will practise cultural humility").check()
    page.get_by_role("button", name="Mark as completed").click()
    expect(page.get_by_text("Your certificate is ready")).to_be_visible()

    page.goto("/training/certificates/")
    heading(page, "Your certificates")
    check(page, "certificates")
    with page.expect_download() as download:
        main(page).get_by_role("link", name="Download PDF").click()
    with open(download.value.path(), "rb") as handle:
        text = PdfReader(io.BytesIO(handle.read())).pages[0].extract_text()
    assert world.mentor.name in text and "Cultural humility and identity in mentoring" in text


def test_after_a_new_code_of_conduct_the_checklist_asks_to_accept_it_again(page, check, world):
    make_ready(world.mentee, Role.MENTEE)
    agreement_publish_new(
        actor=world.staff,
        kind="conduct",
        title="MentorQuilt code of conduct",
        body="Mutual respect.\n\nCultural humility.\n\nSpeaking up.",
    )
    sign_in(page, world.mentee)
    page.goto("/checklist/")
    step = main(page).get_by_role("listitem").filter(has_text="code of conduct")
    expect(step).to_contain_text("To do:")
    expect(step).to_contain_text("A new version was published")
    check(page, "onboarding-checklist-new-version")
    step.get_by_role("link").click()
    expect(main(page)).to_contain_text("version 2")
    page.get_by_label("I have read the code of conduct (version 2)").check()
    page.get_by_role("button", name="I agree").click()
    assert onboarding_keys(world.mentee, Role.MENTEE) == []
