"""Invitations and roster imports through the API (R2): admins only, all or nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from conftest import World
from mentorquilt.core.models import AuditEvent
from mentorquilt.institutions.models import Invitation, Role
from mentorquilt.institutions.services import invitation_create

pytestmark = pytest.mark.django_db

INVITEE = {"email": "New.Mentor@Example.org", "name": "Dr. Ada Okafor", "role": "mentor"}


def invitations_path(world: World) -> str:
    return f"/institutions/{world.institution_a.public_id}/invitations"


def test_an_admin_invites_someone_and_the_email_goes_out_after_commit(
    world: World, api: Any, django_capture_on_commit_callbacks: Any
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api(world.admin).post(invitations_path(world), INVITEE)
    assert response.status_code == 201
    body = response.json()
    assert (body["email"], body["role"], body["state"]) == (
        "new.mentor@example.org",
        "mentor",
        "open",
    )
    assert body["accepted_at"] is None
    assert [message.to for message in mail.outbox] == [["new.mentor@example.org"]]
    invitation = Invitation.objects.get(public_id=body["public_id"])
    assert invitation.institution == world.institution_a
    assert invitation.invited_by == world.admin


def test_staff_may_invite_at_any_institution(world: World, api: Any):
    path = f"/institutions/{world.institution_b.public_id}/invitations"
    assert api(world.staff).post(path, INVITEE).status_code == 201


def test_coordinators_and_members_cannot_invite_and_outsiders_cannot_see(world: World, api: Any):
    path = invitations_path(world)
    for persona in (world.coordinator, world.mentee, world.mentor, world.researcher):
        assert api(persona).post(path, INVITEE).status_code == 403
        assert api(persona).get(path).status_code == 403
    assert api(world.outsider).post(path, INVITEE).status_code == 404
    assert api(world.outsider).get(path).status_code == 404
    assert not Invitation.objects.exists()


def test_an_admin_of_a_cannot_invite_to_b(world: World, api: Any):
    path = f"/institutions/{world.institution_b.public_id}/invitations"
    assert api(world.admin).post(path, INVITEE).status_code == 404
    assert not Invitation.objects.exists()


def test_an_invitation_cannot_choose_its_institution_or_inviter(world: World, api: Any):
    response = api(world.admin).post(
        invitations_path(world),
        {
            **INVITEE,
            "institution": str(world.institution_b.public_id),
            "invited_by": str(world.staff.public_id),
            "is_staff": True,
        },
    )
    assert response.status_code == 201
    invitation = Invitation.objects.get(public_id=response.json()["public_id"])
    assert (invitation.institution, invitation.invited_by) == (world.institution_a, world.admin)


def test_a_second_open_invitation_for_the_same_role_is_refused(world: World, api: Any):
    assert api(world.admin).post(invitations_path(world), INVITEE).status_code == 201
    again = api(world.admin).post(invitations_path(world), INVITEE)
    assert again.status_code == 400
    assert again.json()["field"] == "email"


@pytest.mark.parametrize(
    "payload",
    [
        {**INVITEE, "role": "boss"},
        {**INVITEE, "email": None},
        {"name": "No Email", "role": "mentee"},
    ],
)
def test_a_malformed_invitation_is_a_validation_error(world: World, api: Any, payload: Any):
    assert api(world.admin).post(invitations_path(world), payload).status_code == 422


def test_a_bad_address_is_refused_by_the_service(world: World, api: Any):
    response = api(world.admin).post(
        invitations_path(world), {**INVITEE, "email": "not-an-address"}
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Enter a valid email address.",
        "code": "invalid",
        "field": "email",
    }


def test_admins_list_their_invitations_newest_first(world: World, api: Any):
    for email in ("one@example.org", "two@example.org"):
        invitation_create(
            actor=world.admin,
            institution=world.institution_a,
            email=email,
            name="",
            role=Role.MENTEE,
        )
    page = api(world.admin).get(invitations_path(world)).json()
    assert page["count"] == 2
    assert [item["email"] for item in page["items"]] == ["two@example.org", "one@example.org"]


def test_an_admin_resends_and_revokes_an_invitation(
    world: World, api: Any, django_capture_on_commit_callbacks: Any
):
    invitation = invitation_create(
        actor=world.admin,
        institution=world.institution_a,
        email="late@example.org",
        name="",
        role=Role.MENTEE,
    )
    with django_capture_on_commit_callbacks(execute=True):
        resent = api(world.admin).post(f"/invitations/{invitation.public_id}/resend")
    assert resent.status_code == 200
    assert resent.json()["state"] == "open"
    assert len(mail.outbox) == 1
    revoked = api(world.admin).post(f"/invitations/{invitation.public_id}/revoke")
    assert revoked.status_code == 200
    assert revoked.json()["state"] == "revoked"
    again = api(world.admin).post(f"/invitations/{invitation.public_id}/revoke")
    assert again.status_code == 400
    assert again.json()["detail"] == "Only an open invitation can be withdrawn."


def test_other_peoples_invitations_answer_404(world: World, api: Any):
    invitation = invitation_create(
        actor=world.staff,
        institution=world.institution_b,
        email="b@example.org",
        name="",
        role=Role.MENTEE,
    )
    for persona in (world.admin, world.coordinator, world.mentee, world.outsider):
        for action in ("resend", "revoke"):
            response = api(persona).post(f"/invitations/{invitation.public_id}/{action}")
            assert response.status_code == 404, (persona, action)
    invitation.refresh_from_db()
    assert invitation.state == "open"


# --- roster imports ---------------------------------------------------------------------


def roster_path(world: World) -> str:
    return f"/institutions/{world.institution_a.public_id}/roster-imports"


def test_a_roster_invites_everyone_new_and_reports_who_was_skipped(world: World, api: Any):
    roster = (
        "name,email,role\n"
        "Ada Okafor,ada@example.org,mentor\n"
        "Ben Ortiz,ben@example.org,Program Coordinator\n"
        "Existing Mentor,mentor@a.example.org,mentor\n"
    )
    response = api(world.admin).post(roster_path(world), {"csv": roster})
    assert response.status_code == 201
    assert response.json() == {
        "invited": 2,
        "skipped": [{"line": 4, "reason": "already has this role here"}],
    }
    assert set(Invitation.objects.values_list("email", "role")) == {
        ("ada@example.org", "mentor"),
        ("ben@example.org", "coordinator"),
    }


def test_a_roster_with_any_bad_line_imports_nobody_and_names_every_bad_line(world: World, api: Any):
    roster = (
        "name,email,role\n"
        "Ada Okafor,ada@example.org,mentor\n"
        ",not-an-email,mentor\n"
        "Cy Diaz,cy@example.org,wizard\n"
        "Dee Ng,dee@example.org,mentee\n"
    )
    response = api(world.admin).post(roster_path(world), {"csv": roster})
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "2 lines of the roster have problems; nobody was invited."
    assert body["field"] == "csv"
    assert [error["line"] for error in body["errors"]] == [3, 4]
    assert "not a valid email" in body["errors"][0]["message"]
    assert "not a role" in body["errors"][1]["message"]
    assert not Invitation.objects.exists()
    assert not AuditEvent.objects.filter(action__in=["roster.import", "invitation.create"]).exists()


def test_an_empty_roster_is_one_bad_line(world: World, api: Any):
    response = api(world.admin).post(roster_path(world), {"csv": ""})
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"line": 1, "message": "The file is empty. The first line must be: name,email,role"}
    ]


def test_only_admins_and_staff_import_rosters(world: World, api: Any):
    roster = {"csv": "name,email,role\nAda Okafor,ada@example.org,mentor\n"}
    for persona in (world.coordinator, world.mentee, world.researcher):
        assert api(persona).post(roster_path(world), roster).status_code == 403
    assert api(world.outsider).post(roster_path(world), roster).status_code == 404
    assert not Invitation.objects.exists()
    assert api(world.staff).post(roster_path(world), roster).status_code == 201


def test_a_roster_must_be_text(world: World, api: Any):
    for body in ({"csv": ["name,email,role"]}, {"csv": 1}, {}):
        assert api(world.admin).post(roster_path(world), body).status_code == 422
