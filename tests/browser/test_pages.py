"""Every main page of each role passes axe (WCAG 2.2 AA) at 1280 px and 375 px.

Each test signs in through the real login page (and the two-factor page for
privileged people), opens the pages that role uses, puts them in the states
that matter (errors shown, a new token shown, a report shown) and checks them.
Screenshots land in test-artifacts/screenshots/ for a person to look at.
"""

from __future__ import annotations

from typing import Any

import pytest

from conftest import PASSWORD, make_user
from mentorquilt.institutions.models import Role
from mentorquilt.institutions.services import invitation_create, membership_request
from tests.browser.conftest import link_in, sign_in

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.browser


def heading(page: Any, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_contain_text(text)


def open_account(page: Any) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Your account").click()
    heading(page, "Your account")


def detail_url(institution: Any) -> str:
    return f"/institutions/{institution.public_id}/"


def test_the_public_pages_pass_axe_at_desktop_and_phone_widths(page, check, world):
    page.goto("/")
    heading(page, "Find mentors who understand where you come from")
    check(page, "landing")

    page.goto("/accounts/login/")
    heading(page, "Sign in")
    check(page, "login")
    page.get_by_label("Email").fill(world.mentee.email)
    page.get_by_label("Password", exact=True).fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(
        page.get_by_text("The email address and/or password you specified are not correct")
    ).to_be_visible()
    check(page, "login-error")

    page.goto("/accounts/signup/")
    heading(page, "Create an account")
    check(page, "signup")
    page.get_by_role("button", name="Create my account").click()
    expect(page.locator("[aria-invalid=true]").first).to_be_visible()
    check(page, "signup-errors")

    page.goto("/accounts/password/reset/")
    heading(page, "Reset your password")
    check(page, "password-reset")
    page.get_by_label("Email").fill("somebody@example.org")
    page.get_by_role("button", name="Email me a link").click()
    heading(page, "Check your email")
    check(page, "password-reset-sent")

    response = page.goto("/invitations/not-a-real-token/")
    assert response.status == 404
    heading(page, "This invitation link does not work")
    check(page, "invitation-invalid")

    response = page.goto("/no-such-page/")
    assert response.status == 404
    heading(page, "We could not find that page")
    check(page, "not-found")


def test_a_mentee_can_use_home_join_tokens_and_security_pages_accessibly(page, check, world):
    sign_in(page, world.mentee)
    heading(page, "Hello")
    expect(page.get_by_text("You are a mentee at Institution A")).to_be_visible()
    check(page, "home-mentee")

    page.get_by_role("link", name="Ask to join another school or program").click()
    heading(page, "Ask to join a school or program")
    page.get_by_role("button", name="Send my request").click()
    expect(
        page.get_by_text("Select a valid choice").or_(page.get_by_text("This field is required"))
    ).to_be_visible()
    check(page, "join-errors")

    open_account(page)
    page.get_by_role("link", name="Manage API tokens").click()
    heading(page, "API tokens")
    page.get_by_label("Name").fill("my laptop")
    page.get_by_role("button", name="Create token").click()
    expect(page.get_by_role("heading", name="Your new token")).to_be_visible()
    check(page, "api-tokens-new")

    open_account(page)
    expect(page.get_by_role("region", name="Two-factor sign-in")).to_contain_text("Off")
    check(page, "account-mentee")

    page.get_by_role("link", name="Change your password").click()
    heading(page, "Change your password")
    check(page, "password-change")

    page.goto("/accounts/2fa/")
    page.get_by_role("link", name="Your email address").click()
    heading(page, "Your email address")
    expect(page.get_by_role("main")).to_contain_text(world.mentee.email)
    check(page, "email-addresses")

    page.goto("/accounts/logout/")
    heading(page, "Sign out")
    check(page, "sign-out")
    page.get_by_role("main").get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You are signed out.")).to_be_visible()


def test_a_mentor_sees_their_verified_status_on_an_accessible_home(page, check, world):
    sign_in(page, world.mentor)
    expect(page.get_by_text("Verified by your school")).to_be_visible()
    check(page, "home-mentor")


def test_an_institution_admin_can_use_every_admin_page_accessibly(page, check, world):
    newcomer = make_user("nia.newcomer@example.org", name="Nia Newcomer")
    membership_request(user=newcomer, institution=world.institution_a, role=Role.MENTEE)
    invitation_create(
        actor=world.admin,
        institution=world.institution_a,
        email="ivy@example.org",
        name="Ivy Invitee",
        role=Role.MENTOR,
    )

    sign_in(page, world.admin, on_code_page=lambda p: check(p, "two-factor-code"))
    heading(page, "Hello")
    expect(page.get_by_role("heading", name="Institutions you manage")).to_be_visible()
    check(page, "home-admin")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Institutions").click()
    heading(page, "Institutions")
    check(page, "institution-list-admin")

    page.get_by_role("link", name="Institution A").click()
    heading(page, "Institution A")
    expect(page.get_by_role("button", name="Approve Nia Newcomer")).to_be_visible()
    expect(page.get_by_role("cell", name="ivy@example.org", exact=True)).to_be_visible()
    check(page, "institution-detail-admin")

    page.goto(detail_url(world.institution_a) + "invite/")
    heading(page, "Invite someone to Institution A")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator("[aria-invalid=true]").first).to_be_visible()
    check(page, "invite-errors")

    page.goto(detail_url(world.institution_a) + "import/")
    heading(page, "Import a roster")
    page.get_by_label("Roster file (CSV)").set_input_files(
        files=[
            {
                "name": "roster.csv",
                "mimeType": "text/csv",
                "buffer": b"name,email,role\nAda,ada@example.org,mentee\nBo,not-an-email,mentor\n",
            }
        ]
    )
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_role("heading", name="Nothing was imported")).to_be_visible()
    check(page, "roster-import-errors")

    open_account(page)
    page.get_by_role("link", name="Manage API tokens").click()
    page.get_by_label("Name").fill("reporting script")
    page.get_by_role("button", name="Create token").click()
    expect(page.get_by_role("heading", name="Your new token")).to_be_visible()
    check(page, "api-tokens-admin")

    open_account(page)
    expect(page.get_by_role("region", name="Two-factor sign-in")).to_contain_text("On")
    check(page, "account-admin")

    page.goto("/accounts/2fa/recovery-codes/generate/")
    heading(page, "Confirm it is you")  # allauth asks again before changing sign-in settings
    check(page, "reauthenticate")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    heading(page, "Backup codes")
    check(page, "recovery-codes-generate")
    page.get_by_role("button", name="Make new backup codes").click()
    heading(page, "Backup codes")
    check(page, "recovery-codes")

    page.goto("/accounts/2fa/totp/deactivate/")
    heading(page, "Turn off")
    check(page, "totp-deactivate")


def test_a_coordinator_sees_institutions_read_only_and_accessibly(page, check, world):
    sign_in(page, world.coordinator)
    expect(page.get_by_role("heading", name="Programs and pairing")).to_be_visible()
    check(page, "home-coordinator")

    page.goto(detail_url(world.institution_a))
    heading(page, "Institution A")
    expect(page.get_by_role("button", name="Send invitation")).to_have_count(0)
    check(page, "institution-detail-coordinator")


def test_a_researcher_sees_an_accessible_home_and_a_plain_refusal(page, check, world):
    sign_in(page, world.researcher)
    expect(page.get_by_role("heading", name="Research", exact=True)).to_be_visible()
    check(page, "home-researcher")

    response = page.goto("/institutions/")
    assert response.status == 403
    heading(page, "You do not have access to this page")
    check(page, "forbidden")


def test_platform_staff_can_use_every_staff_page_accessibly(page, check, world):
    sign_in(page, world.staff)
    expect(page.get_by_role("heading", name="Institutions in the network")).to_be_visible()
    check(page, "home-staff")

    page.goto("/institutions/")
    expect(page.get_by_role("link", name="Institution B")).to_be_visible()
    check(page, "institution-list-staff")

    page.get_by_role("link", name="Add an institution").first.click()
    heading(page, "Add an institution")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("[aria-invalid=true]").first).to_be_visible()
    check(page, "institution-create-errors")

    page.goto(detail_url(world.institution_b) + "edit/")
    heading(page, "Edit Institution B")
    check(page, "institution-edit")

    page.goto(detail_url(world.institution_b))
    check(page, "institution-detail-staff")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Audit log").click()
    heading(page, "Audit log")
    expect(page.get_by_role("cell", name="institution.create").first).to_be_visible()
    check(page, "audit-log")

    page.get_by_label("Action").fill("institution")
    page.get_by_label("From").fill("2026-11-05")
    page.get_by_label("To").fill("2026-11-01")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("The last day must not be before the first day.")).to_be_visible()
    check(page, "audit-log-filter-errors")
    page.get_by_label("To").fill("")
    page.get_by_label("From").fill("")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("cell", name="institution.create").first).to_be_visible()
    expect(page.get_by_role("cell", name="login.success")).to_have_count(0)


def test_a_new_person_without_a_school_sees_accessible_first_steps(page, check, world):
    person = make_user("new.person@example.org", name="Noor Person")
    sign_in(page, person)
    expect(page.get_by_role("heading", name="Get started")).to_be_visible()
    check(page, "home-new-person")

    page.get_by_role("link", name="Ask to join a school or program").click()
    check(page, "join")
    page.get_by_label("Your school or program").select_option(label="Institution A")
    page.get_by_role("button", name="Send my request").click()
    expect(page.get_by_text("Your request is waiting for approval")).to_be_visible()
    check(page, "home-pending")


def test_the_invitation_pages_pass_axe_for_new_and_existing_accounts(
    new_page, check, world, outbox
):
    invitation_create(
        actor=world.admin,
        institution=world.institution_a,
        email="ivy@example.org",
        name="Ivy Invitee",
        role=Role.MENTOR,
    )
    invitation_create(
        actor=world.admin,
        institution=world.institution_a,
        email=world.mentee.email,
        name="",
        role=Role.MENTOR,
    )
    page = new_page()
    page.goto(link_in(outbox[0]))
    heading(page, "Join Institution A")
    check(page, "invitation-signup")
    page.get_by_label("Your name").fill("")
    page.get_by_role("button", name="Create my account and join").click()
    expect(page.locator("[aria-invalid=true]").first).to_be_visible()
    check(page, "invitation-signup-errors")

    page = new_page()
    sign_in(page, world.mentee)
    page.goto(link_in(outbox[1]))
    expect(page.get_by_role("button", name="Accept the invitation")).to_be_visible()
    check(page, "invitation-accept")

    page.goto(link_in(outbox[0]))
    expect(page.get_by_text("sent to a different email address")).to_be_visible()
    check(page, "invitation-other-address")
