"""R2: invitations by signed, expiring, single-use links, and all-or-nothing roster imports."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone

from conftest import World, make_user
from mentorquilt.accounts.models import User
from mentorquilt.core.errors import DomainError
from mentorquilt.core.models import AuditEvent
from mentorquilt.institutions.links import invitation_token
from mentorquilt.institutions.models import Invitation, MembershipStatus, Role
from mentorquilt.institutions.selectors import invitation_from_token
from mentorquilt.institutions.services import (
    invitation_accept,
    invitation_create,
    invitation_resend,
    invitation_revoke,
    invitation_signup,
    roster_import,
)
from mentorquilt.institutions.tasks import invitation_send

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://\S+/invitations/(\S+)/")


def invite(
    world: World, email: str = "new.person@example.org", role: str = Role.MENTEE, capture=None
) -> Invitation:
    return invitation_create(
        actor=world.admin,
        institution=world.institution_a,
        email=email,
        name="New Person",
        role=role,
    )


def token_from_outbox() -> str:
    match = LINK.search(mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_an_invitation_email_goes_out_after_commit_with_a_working_link(
    world: World, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(world)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.person@example.org"]
    assert "Institution A invites you" in message.subject
    assert invitation_from_token(token_from_outbox()) == invitation
    invitation.refresh_from_db()
    assert invitation.sent_at is not None


def test_sending_the_same_invitation_twice_sends_one_email(world: World):
    invitation = invite(world)
    assert invitation_send.call(str(invitation.public_id)) == "sent"
    assert invitation_send.call(str(invitation.public_id)) == "skipped: already sent"
    assert len(mail.outbox) == 1


def test_the_invitee_creates_an_account_with_a_verified_email_and_gets_the_role(world: World):
    invitation = invite(world, role=Role.MENTOR)
    user = invitation_signup(invitation=invitation, name="Dr. New", password="a long passphrase")
    assert user.check_password("a long passphrase")
    assert EmailAddress.objects.get(user=user).verified
    membership = user.memberships.get()
    assert (membership.institution, membership.role, membership.status) == (
        world.institution_a,
        Role.MENTOR,
        MembershipStatus.ACTIVE,
    )
    assert AuditEvent.objects.filter(
        action="invitation.accept", target_id=str(invitation.public_id)
    ).exists()


def test_an_invitation_link_works_only_once(world: World):
    invitation = invite(world)
    invitation_signup(invitation=invitation, name="First", password="a long passphrase")
    with pytest.raises(DomainError, match="already been used"):
        invitation_signup(invitation=invitation, name="Second", password="a long passphrase")
    assert User.objects.filter(email="new.person@example.org").count() == 1


def test_an_expired_invitation_is_refused_and_its_link_stops_working(world: World):
    invitation = invite(world)
    token = invitation_token(str(invitation.public_id))
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        assert invitation_from_token(token) is None
        with pytest.raises(DomainError, match="expired"):
            invitation_signup(invitation=invitation, name="Late", password="a long passphrase")


def test_a_tampered_link_finds_nothing(world: World):
    invitation = invite(world)
    token = invitation_token(str(invitation.public_id))
    assert invitation_from_token(token[:-2] + "xx") is None
    assert invitation_from_token("not-a-token") is None


def test_a_withdrawn_invitation_cannot_be_accepted(world: World):
    invitation = invite(world)
    invitation_revoke(actor=world.admin, invitation=invitation)
    with pytest.raises(DomainError, match="withdrawn"):
        invitation_signup(invitation=invitation, name="X", password="a long passphrase")


def test_resending_renews_the_expiry_and_sends_again(world: World):
    invitation = invite(world)
    invitation_send.call(str(invitation.public_id))
    with time_machine.travel(timezone.now() + timedelta(days=20)):
        assert invitation.state == "expired"
        invitation_resend(actor=world.admin, invitation=invitation)
        assert invitation.state == "open"
        invitation_send.call(str(invitation.public_id))
    assert len(mail.outbox) == 2


def test_a_signed_in_person_accepts_only_an_invitation_sent_to_their_address(world: World):
    invitation = invite(world, email=world.outsider.email)
    with pytest.raises(DomainError, match="different email"):
        invitation_accept(invitation=invitation, user=world.mentee)
    invitation_accept(invitation=invitation, user=world.outsider)
    assert world.outsider.memberships.filter(institution=world.institution_a).exists()


def test_inviting_someone_who_already_has_the_role_is_refused(world: World):
    with pytest.raises(DomainError, match="already has this role"):
        invite(world, email=world.mentee.email, role=Role.MENTEE)


def test_a_second_open_invitation_for_the_same_person_and_role_is_refused(world: World):
    invite(world)
    with pytest.raises(DomainError, match="still open"):
        invite(world, email="NEW.person@example.org")


def test_a_bad_email_is_refused_on_the_email_field(world: World):
    with pytest.raises(DomainError) as error:
        invite(world, email="not an email")
    assert error.value.field == "email"


# --- roster import -------------------------------------------------------------------

GOOD_ROSTER = """name,email,role
Ana Diaz,ana@example.org,mentee
Ben Cole,BEN@example.org,Mentor
Cy Park,cy@example.org,program coordinator
"""


def test_a_good_roster_invites_everyone_and_emails_them(
    world: World, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = roster_import(
            actor=world.admin, institution=world.institution_a, csv_text=GOOD_ROSTER
        )
    assert report.ok and report.invited == 3
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ana@example.org",
        "ben@example.org",
        "cy@example.org",
    ]
    roles = dict(Invitation.objects.values_list("email", "role"))
    assert roles == {
        "ana@example.org": Role.MENTEE,
        "ben@example.org": Role.MENTOR,
        "cy@example.org": Role.COORDINATOR,
    }


def test_a_roster_with_bad_rows_reports_every_one_and_writes_nothing(world: World):
    roster = (
        "name,email,role\n"
        "Ana Diaz,ana@example.org,mentee\n"  # line 2: fine
        ",bob@example.org,mentor\n"  # line 3: no name
        "Cy Park,not-an-email,mentee\n"  # line 4: bad email
        "Di Wu,di@example.org,astronaut\n"  # line 5: bad role
        "\n"
        "Ana Again,ANA@example.org,mentee\n"  # line 7: duplicate of line 2
        "Ed Fox,ed@example.org\n"  # line 8: missing value
    )
    before = AuditEvent.objects.count()
    report = roster_import(actor=world.admin, institution=world.institution_a, csv_text=roster)
    assert not report.ok
    assert [line for line, _ in report.errors] == [3, 4, 5, 7, 8]
    messages = dict(report.errors)
    assert "name is empty" in messages[3]
    assert "'not-an-email' is not a valid email" in messages[4]
    assert "'astronaut' is not a role" in messages[5]
    assert "already on line 2" in messages[7]
    assert "Expected 3 values, found 2" in messages[8]
    assert not Invitation.objects.exists()
    assert AuditEvent.objects.count() == before
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The file is empty"),
        ("email,role\nx@example.org,mentee\n", "missing: name"),
        ("name,email,role\n", "no people in it"),
    ],
)
def test_a_roster_without_people_or_columns_says_what_is_wrong(world: World, text, message):
    report = roster_import(actor=world.admin, institution=world.institution_a, csv_text=text)
    assert report.errors and message in report.errors[0][1]


def test_columns_may_come_in_any_order_and_a_spreadsheet_bom_is_ignored(world: World):
    text = "\ufeffRole,Email,Name\nmentee,zed@example.org,Zed Ali\n"
    report = roster_import(actor=world.admin, institution=world.institution_a, csv_text=text)
    assert report.ok and report.invited == 1


def test_people_already_in_place_are_skipped_not_refused(world: World):
    invite(world, email="ana@example.org")
    text = f"name,email,role\nMentee,{world.mentee.email},mentee\nAna,ana@example.org,mentee\n"
    report = roster_import(actor=world.admin, institution=world.institution_a, csv_text=text)
    assert report.ok and report.invited == 0
    assert report.skipped == [
        (2, "already has this role here"),
        (3, "already has an open invitation"),
    ]


def test_a_roster_over_the_row_limit_is_refused_whole(world: World, settings):
    settings.ROSTER_IMPORT_MAX_ROWS = 3
    rows = "".join(f"P{i},p{i}@example.org,mentee\n" for i in range(5))
    report = roster_import(
        actor=world.admin, institution=world.institution_a, csv_text="name,email,role\n" + rows
    )
    assert not report.ok and "Too many rows" in report.errors[-1][1]
    assert not Invitation.objects.exists()


def test_an_existing_account_is_asked_to_sign_in_instead_of_signing_up(world: World):
    make_user("known@example.org")
    invitation = invite(world, email="known@example.org")
    with pytest.raises(DomainError, match="already have an account"):
        invitation_signup(invitation=invitation, name="Known", password="a long passphrase")
