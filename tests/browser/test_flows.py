"""What real people do in the browser, end to end, through the real pages.

Emails are read from Django's locmem outbox: the live server runs in this
process, and pytest-django's test set-up points every mailer at locmem.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from conftest import PASSWORD, make_user
from mentorquilt.institutions.models import Institution, Invitation, Membership, Role
from mentorquilt.institutions.services import membership_grant
from tests.browser.conftest import link_in, sign_in

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.browser


def heading(page: Any, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_contain_text(text)


def main(page: Any) -> Any:
    return page.get_by_role("main")


def open_institution(page: Any, name: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Institutions").click()
    main(page).get_by_role("link", name=name, exact=True).click()
    heading(page, name)


def test_an_admin_invites_someone_who_joins_from_the_email_link_and_the_link_then_stops_working(
    new_page, check, world, outbox
):
    admin = new_page()
    sign_in(admin, world.admin)
    open_institution(admin, "Institution A")
    invite = admin.locator("form", has=admin.get_by_role("button", name="Send invitation"))
    invite.get_by_label("Name").fill("Ivy Ng")
    invite.get_by_label("Email address").fill("Ivy.Ng@Example.org")
    invite.get_by_label("Role").select_option(label="Mentee")
    invite.get_by_role("button", name="Send invitation").click()
    expect(admin.get_by_text("An invitation is on its way to ivy.ng@example.org")).to_be_visible()

    assert [m.to for m in outbox] == [["ivy.ng@example.org"]]
    link = link_in(outbox[0], r"https?://\S+/invitations/\S+")
    assert "Institution A" in outbox[0].subject

    invitee = new_page()  # a fresh browser: no cookies, nobody signed in
    invitee.goto(link)
    heading(invitee, "Join Institution A")
    expect(main(invitee).get_by_text("ivy.ng@example.org")).to_be_visible()
    expect(invitee.get_by_label("Your name")).to_have_value("Ivy Ng")
    invitee.get_by_label("Choose a password").fill("a quiet river at dawn")
    invitee.get_by_role("button", name="Create my account and join").click()

    invitee.wait_for_url("**/home/")
    expect(invitee.get_by_text("Welcome to Institution A.")).to_be_visible()
    expect(invitee.get_by_text("You are a mentee at Institution A")).to_be_visible()
    membership = Membership.objects.get(user__email="ivy.ng@example.org")
    assert (membership.role, membership.status) == (Role.MENTEE, "active")

    response = invitee.goto(link)
    assert response.status == 410
    heading(invitee, "This invitation link does not work")
    expect(invitee.get_by_text("This invitation has already been used")).to_be_visible()
    check(invitee, "invitation-used")

    admin.reload()
    row = (
        admin.get_by_role("region", name="Invitations")
        .get_by_role("row")
        .filter(has_text="ivy.ng@example.org")
    )
    expect(row).to_contain_text("Accepted")


ROSTER_WITH_PROBLEMS = """name,email,role
Ana Lopez,ana.lopez@example.edu,mentee
Bo Chen,not-an-email,mentor
,cy@example.edu,mentee
Dee Diallo,dee@example.edu,surgeon
"""

GOOD_ROSTER = """name,email,role
Ana Lopez,ana.lopez@example.edu,mentee
Bo Chen,bo.chen@example.edu,Mentor
"""


def upload(page: Any, text: str) -> None:
    page.get_by_label("Roster file (CSV)").set_input_files(
        files=[{"name": "roster.csv", "mimeType": "text/csv", "buffer": text.encode()}]
    )
    page.get_by_role("button", name="Check and import").click()


def test_an_admin_sees_every_roster_problem_by_line_and_nothing_is_imported_until_the_file_is_good(
    page, world, outbox
):
    sign_in(page, world.admin)
    open_institution(page, "Institution A")
    upload(page, ROSTER_WITH_PROBLEMS)

    expect(page.get_by_role("heading", name="Nothing was imported")).to_be_visible()
    problems = page.get_by_role("region", name="Problems in the file").get_by_role("row")
    expect(problems).to_have_count(4)  # the header and one row per bad line
    expect(problems.nth(1)).to_contain_text("3")
    expect(problems.nth(1)).to_contain_text("'not-an-email' is not a valid email address")
    expect(problems.nth(2)).to_contain_text("4")
    expect(problems.nth(2)).to_contain_text("The name is empty")
    expect(problems.nth(3)).to_contain_text("5")
    expect(problems.nth(3)).to_contain_text("'surgeon' is not a role")
    assert Invitation.objects.count() == 0
    assert outbox == []

    upload(page, GOOD_ROSTER)
    expect(page.get_by_role("heading", name="Done")).to_be_visible()
    expect(page.get_by_text("2 invitations will be emailed")).to_be_visible()
    assert sorted(Invitation.objects.values_list("email", "role")) == [
        ("ana.lopez@example.edu", Role.MENTEE),
        ("bo.chen@example.edu", Role.MENTOR),
    ]
    assert sorted(m.to[0] for m in outbox) == ["ana.lopez@example.edu", "bo.chen@example.edu"]


def test_a_person_signs_up_confirms_their_email_asks_to_join_and_sees_the_role_once_approved(
    new_page, check, world, outbox
):
    person = new_page()
    person.goto("/")
    main(person).get_by_role("link", name="Create an account").click()
    heading(person, "Create an account")
    person.get_by_label("Email").fill("rosa.rivera@example.org")
    person.get_by_label("Your name").fill("Rosa Rivera")
    person.get_by_label("Password", exact=True).fill("sunlight over the mesa")
    person.get_by_label("Password (again)").fill("sunlight over the mesa")
    person.get_by_role("button", name="Create my account").click()

    heading(person, "Check your email")
    check(person, "verification-sent")
    assert [m.to for m in outbox] == [["rosa.rivera@example.org"]]
    person.goto(link_in(outbox[0], r"https?://\S+/accounts/confirm-email/\S+"))
    heading(person, "Confirm your email address")
    check(person, "email-confirm")
    person.get_by_role("button", name="Yes, confirm my email address").click()

    person.wait_for_url("**/home/")
    expect(person.get_by_role("heading", name="Get started")).to_be_visible()
    person.get_by_role("link", name="Ask to join a school or program").click()
    person.get_by_label("Your school or program").select_option(label="Institution A")
    person.get_by_label("Mentee").check()
    person.get_by_role("button", name="Send my request").click()
    expect(person.get_by_text("Your request was sent.")).to_be_visible()
    expect(person.get_by_text("Your request is waiting for approval")).to_be_visible()

    admin = new_page()
    sign_in(admin, world.admin)
    open_institution(admin, "Institution A")
    admin.get_by_role("button", name="Approve Rosa Rivera").click()
    expect(admin.get_by_text("Request approved.")).to_be_visible()

    person.reload()
    expect(person.get_by_text("You are a mentee at Institution A")).to_be_visible()
    roles = person.get_by_role("region", name="Your roles").get_by_role("row")
    expect(roles.filter(has_text="Institution A")).to_contain_text("Mentee")
    expect(roles.filter(has_text="Institution A")).to_contain_text("Active")


def test_staff_create_an_institution_of_49_students_and_see_25_mentors_required(page, world):
    sign_in(page, world.staff)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Institutions").click()
    main(page).get_by_role("link", name="Add an institution").click()
    page.get_by_label("Name").fill("Riverbend College of Osteopathic Medicine")
    page.get_by_label("Kind of institution").select_option(label="Osteopathic medical school (DO)")
    page.get_by_label("Students per class").fill("49")
    page.get_by_label("State or region").fill("New Mexico")
    page.get_by_role("button", name="Save").click()

    heading(page, "Riverbend College of Osteopathic Medicine")
    supply = page.get_by_role("region", name="Mentor supply")
    expect(supply).to_contain_text("0 mentors count toward the 25 required")
    expect(supply).to_contain_text("25 more needed")
    assert Institution.objects.get(name__startswith="Riverbend").required_mentors == 25

    # One more student per class crosses into the next size band.
    page.get_by_role("link", name="Edit details").click()
    page.get_by_label("Students per class").fill("50")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("region", name="Mentor supply")).to_contain_text(
        "0 mentors count toward the 50 required"
    )


def mentor_ready_but_unverified(world: Any) -> Any:
    """A new active mentor at institution A who meets every condition but verification.

    A mentor counts toward compliance when verified and when every condition
    other apps register is met; this sets up each known one through the real
    services, and fails loudly when a new condition appears.
    """
    from mentorquilt.institutions.selectors import counted_mentor_conditions

    mentor = make_user("marcus.mentor@a.example.org", name="Marcus Mentor")
    membership_grant(
        actor=world.staff,
        user=mentor,
        institution=world.institution_a,
        role=Role.MENTOR,
        source="test",
    )
    conditions = set(counted_mentor_conditions())
    known = {"profile_published", "training_complete"}
    assert conditions <= known, (
        f"New conditions for counted mentors: {sorted(conditions - known)}; "
        "set them up here so the mentor counts once verified."
    )
    if "profile_published" in conditions:
        from mentorquilt.profiles.services import mentor_profile_publish
        from mentorquilt.profiles.tests.helpers import fill_mentor_profile

        fill_mentor_profile(mentor)
        mentor_profile_publish(actor=mentor, publish=True)
    if "training_complete" in conditions:
        from mentorquilt.training.tests.helpers import make_ready

        make_ready(mentor, Role.MENTOR)
    return mentor


def test_an_admin_verifies_a_mentor_and_the_compliance_figure_goes_up(page, world):
    mentor_ready_but_unverified(world)
    sign_in(page, world.admin)
    open_institution(page, "Institution A")
    supply = page.get_by_role("region", name="Mentor supply")
    figure = supply.locator(".figure")
    before = int(figure.inner_text())
    expect(supply).to_contain_text(f"{75 - before} more needed")

    page.get_by_role("button", name="Verify mentor Marcus Mentor").click()
    expect(page.get_by_text("Mentor verified.")).to_be_visible()
    expect(figure).to_have_text(str(before + 1))
    expect(supply).to_contain_text("toward the 75 required")
    expect(supply).to_contain_text(f"{75 - before - 1} more needed")
    row = (
        page.get_by_role("region", name="People")
        .get_by_role("row")
        .filter(has_text="Marcus Mentor")
    )
    expect(row).to_contain_text("Verified")


def test_a_privileged_person_without_two_factor_is_sent_to_set_it_up_and_then_gets_in(
    page, check, world
):
    coordinator = make_user("cam.coordinator@a.example.org", name="Cam Coordinator")
    membership_grant(
        actor=world.staff,
        user=coordinator,
        institution=world.institution_a,
        role=Role.COORDINATOR,
        source="test",
    )
    sign_in(page, coordinator)

    page.wait_for_url("**/account/two-factor-required/")
    heading(page, "Set up two-factor sign-in")
    check(page, "two-factor-required")
    page.goto("/institutions/")
    page.wait_for_url("**/account/two-factor-required/")  # no way round it

    page.get_by_role("link", name="Set up my authenticator app").click()
    heading(page, "Confirm it is you")  # allauth asks for the password before MFA changes
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()

    heading(page, "Set up your authenticator app")
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    check(page, "totp-activate")
    secret = page.locator("#authenticator_secret").inner_text().strip()
    if time.time() % 30 > 27:  # let the code last until the form is sent
        time.sleep(30 - time.time() % 30 + 0.2)
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    page.get_by_label("Authenticator code").fill(code)
    page.get_by_role("button", name="Turn on two-factor sign-in").click()

    expect(page.get_by_text("Two-factor sign-in is on.")).to_be_visible()
    assert Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.TOTP).exists()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Institutions").click()
    heading(page, "Institutions")
    expect(main(page).get_by_role("link", name="Institution A")).to_be_visible()


def test_a_person_who_forgot_their_password_resets_it_from_the_email_and_signs_in_with_it(
    page, check, world, outbox
):
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email").fill(world.mentee.email)
    page.get_by_role("button", name="Email me a link").click()
    heading(page, "Check your email")

    assert [m.to for m in outbox] == [[world.mentee.email]]
    page.goto(link_in(outbox[0], r"https?://\S+/accounts/password/reset/key/\S+"))
    heading(page, "Choose a new password")
    check(page, "password-reset-new")
    page.get_by_label("New Password", exact=True).fill("a new song for the road")
    page.get_by_label("New Password (again)").fill("a new song for the road")
    page.get_by_role("button", name="Save my new password").click()
    heading(page, "Your password is changed")
    check(page, "password-reset-done")

    main(page).get_by_role("link", name="Sign in").click()
    sign_in(page, world.mentee, password="a new song for the road")
    expect(page.get_by_text("You are a mentee at Institution A")).to_be_visible()
