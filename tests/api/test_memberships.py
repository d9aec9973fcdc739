"""Joining an institution and answering requests through the API (R2, R4)."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import World, make_user
from mentorquilt.core.models import AuditEvent
from mentorquilt.institutions.models import Membership, MembershipStatus, Role
from mentorquilt.institutions.services import institution_update, membership_request

pytestmark = pytest.mark.django_db


def membership_of(user: Any, role: str) -> Membership:
    return user.memberships.get(role=role)


def test_a_person_asks_to_join_as_a_mentor_and_waits_for_approval(world: World, api: Any):
    newcomer = make_user("newcomer@example.org")
    response = api(newcomer).post(
        "/membership-requests",
        {"institution_id": str(world.institution_a.public_id), "role": "mentor"},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["role"] == "mentor"
    assert body["status"] == "pending"
    assert body["verified"] is False
    assert body["institution"]["name"] == "Institution A"
    assert AuditEvent.objects.filter(action="membership.request", actor=newcomer).exists()


def test_the_outsider_may_also_ask_to_join_another_school(world: World, api: Any):
    response = api(world.outsider).post(
        "/membership-requests",
        {"institution_id": str(world.institution_a.public_id), "role": "mentor"},
    )
    assert response.status_code == 201
    # Asking gives no access until an admin approves.
    path = f"/institutions/{world.institution_a.public_id}"
    assert api(world.outsider).get(path).status_code == 404


@pytest.mark.parametrize("role", ["admin", "coordinator", "researcher"])
def test_privileged_roles_cannot_be_asked_for(world: World, api: Any, role: str):
    newcomer = make_user("newcomer@example.org")
    response = api(newcomer).post(
        "/membership-requests", {"institution_id": str(world.institution_a.public_id), "role": role}
    )
    assert response.status_code == 400
    assert response.json()["field"] == "role"
    assert not newcomer.memberships.exists()


def test_a_join_request_cannot_grant_itself_status_or_staff(world: World, api: Any):
    newcomer = make_user("newcomer@example.org")
    response = api(newcomer).post(
        "/membership-requests",
        {
            "institution_id": str(world.institution_a.public_id),
            "role": "mentee",
            "status": "active",
            "verified_at": "2026-01-01T00:00:00Z",
            "is_staff": True,
            "user": str(world.staff.public_id),
        },
    )
    assert response.status_code == 201
    membership = Membership.objects.get(public_id=response.json()["public_id"])
    assert (membership.user, membership.status) == (newcomer, MembershipStatus.PENDING)
    newcomer.refresh_from_db()
    assert newcomer.is_staff is False
    assert not world.staff.memberships.exists()


def test_asking_twice_is_refused(world: World, api: Any):
    body = {"institution_id": str(world.institution_a.public_id), "role": "mentee"}
    assert api(world.mentee).post("/membership-requests", body).status_code == 400


def test_an_unknown_or_closed_institution_answers_404(world: World, api: Any):
    newcomer = make_user("newcomer@example.org")
    body = {"institution_id": "5f0c3c1e-4b9f-4a53-9d0b-1d1f5a2a0c11", "role": "mentee"}
    assert api(newcomer).post("/membership-requests", body).status_code == 404
    b = world.institution_b
    institution_update(
        actor=world.staff,
        institution=b,
        name=b.name,
        kind=b.kind,
        class_size=b.class_size,
        region=b.region,
        is_active=False,
    )
    body = {"institution_id": str(b.public_id), "role": "mentee"}
    assert api(newcomer).post("/membership-requests", body).status_code == 404


def pending_request(world: World, role: str = Role.MENTOR) -> Membership:
    return membership_request(
        user=make_user("newcomer@example.org"), institution=world.institution_a, role=role
    )


@pytest.mark.parametrize(("action", "status"), [("approve", "active"), ("decline", "declined")])
def test_an_admin_answers_a_join_request(world: World, api: Any, action: str, status: str):
    pending = pending_request(world)
    response = api(world.admin).post(f"/memberships/{pending.public_id}/{action}")
    assert response.status_code == 200
    assert response.json()["status"] == status
    assert response.json()["email"] == "newcomer@example.org"
    pending.refresh_from_db()
    assert pending.status == status
    again = api(world.admin).post(f"/memberships/{pending.public_id}/{action}")
    assert again.status_code == 400
    assert again.json()["detail"] == "This request has already been answered."


def test_coordinators_see_requests_but_cannot_answer_them(world: World, api: Any):
    pending = pending_request(world)
    for action in ("approve", "decline", "end", "verify", "unverify"):
        response = api(world.coordinator).post(f"/memberships/{pending.public_id}/{action}")
        assert response.status_code == 403, action
        assert response.json()["detail"] == "Only the institution's admins can do this."
    pending.refresh_from_db()
    assert pending.status == MembershipStatus.PENDING


def test_members_who_cannot_read_memberships_get_404(world: World, api: Any):
    pending = pending_request(world)
    for persona in (world.mentee, world.mentor, world.researcher, world.outsider):
        response = api(persona).post(f"/memberships/{pending.public_id}/approve")
        assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.status == MembershipStatus.PENDING


def test_an_admin_of_a_gets_404_for_memberships_at_b(world: World, api: Any):
    outsider = membership_of(world.outsider, Role.MENTEE)
    for persona in (world.admin, world.coordinator):
        for action in ("approve", "decline", "end", "verify", "unverify"):
            response = api(persona).post(f"/memberships/{outsider.public_id}/{action}")
            assert response.status_code == 404
    outsider.refresh_from_db()
    assert outsider.status == MembershipStatus.ACTIVE


def test_an_admin_ends_a_role_and_history_is_kept(world: World, api: Any):
    mentee = membership_of(world.mentee, Role.MENTEE)
    response = api(world.admin).post(f"/memberships/{mentee.public_id}/end")
    assert response.status_code == 200
    assert response.json()["status"] == "ended"
    assert Membership.objects.filter(pk=mentee.pk, status=MembershipStatus.ENDED).exists()
    assert api(world.admin).post(f"/memberships/{mentee.public_id}/end").status_code == 400


def test_an_admin_cannot_end_their_own_admin_role(world: World, api: Any):
    own = membership_of(world.admin, Role.ADMIN)
    response = api(world.admin).post(f"/memberships/{own.public_id}/end")
    assert response.status_code == 400
    assert "own admin role" in response.json()["detail"]
    assert api(world.staff).post(f"/memberships/{own.public_id}/end").status_code == 200


def test_an_admin_verifies_and_unverifies_a_mentor(world: World, api: Any):
    mentor = membership_of(world.mentor, Role.MENTOR)
    unverified = api(world.admin).post(f"/memberships/{mentor.public_id}/unverify")
    assert unverified.json()["verified"] is False
    verified = api(world.admin).post(f"/memberships/{mentor.public_id}/verify")
    assert verified.status_code == 200
    assert verified.json()["verified"] is True
    assert AuditEvent.objects.filter(
        action="mentor.unverify", target_id=str(mentor.public_id)
    ).exists()


def test_only_mentors_are_verified(world: World, api: Any):
    mentee = membership_of(world.mentee, Role.MENTEE)
    response = api(world.admin).post(f"/memberships/{mentee.public_id}/verify")
    assert response.status_code == 400
    assert response.json()["detail"] == "Only mentors are verified."


def test_an_approved_person_sees_the_institution(world: World, api: Any):
    pending = pending_request(world, Role.MENTEE)
    path = f"/institutions/{world.institution_a.public_id}"
    assert api(pending.user).get(path).status_code == 404
    api(world.admin).post(f"/memberships/{pending.public_id}/approve")
    assert api(pending.user).get(path).status_code == 200
