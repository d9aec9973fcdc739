"""Institutions through the API: who sees which, staff-only changes, compliance (R1), members."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import World, make_user
from mentorquilt.core.models import AuditEvent
from mentorquilt.institutions.models import Institution, MembershipStatus, Role
from mentorquilt.institutions.selectors import institution_compliance
from mentorquilt.institutions.services import membership_grant, membership_request

pytestmark = pytest.mark.django_db

NEW_SCHOOL = {"name": "Prairie Medical College", "kind": "md", "class_size": 49, "region": "Kansas"}


def names(page: dict[str, Any]) -> list[str]:
    return [item["name"] for item in page["items"]]


def test_people_list_the_institutions_they_belong_to_and_staff_list_all(world: World, api: Any):
    assert names(api(world.mentee).get("/institutions").json()) == ["Institution A"]
    assert names(api(world.outsider).get("/institutions").json()) == ["Institution B"]
    assert names(api(world.staff).get("/institutions").json()) == [
        "Institution A",
        "Institution B",
    ]


def test_a_person_with_only_a_pending_request_sees_no_institution(world: World, api: Any):
    newcomer = make_user("newcomer@example.org")
    membership_request(user=newcomer, institution=world.institution_a, role=Role.MENTEE)
    page = api(newcomer).get("/institutions").json()
    assert page == {"count": 0, "limit": 50, "offset": 0, "items": []}
    assert api(newcomer).get(f"/institutions/{world.institution_a.public_id}").status_code == 404


def test_an_institution_shows_its_size_schedule(world: World, api: Any):
    body = api(world.mentee).get(f"/institutions/{world.institution_a.public_id}").json()
    assert body == {
        "public_id": str(world.institution_a.public_id),
        "name": "Institution A",
        "kind": "md",
        "class_size": 120,
        "region": "Ohio",
        "is_active": True,
        "size_category": "large",
        "required_mentors": 75,
    }


def test_another_institution_answers_404_never_403(world: World, api: Any):
    b = world.institution_b.public_id
    for path in (
        f"/institutions/{b}",
        f"/institutions/{b}/compliance",
        f"/institutions/{b}/members",
        f"/institutions/{b}/invitations",
    ):
        for persona in (world.mentee, world.admin, world.coordinator, world.researcher):
            response = api(persona).get(path)
            assert response.status_code == 404, (path, persona)
            assert response.json() == {"detail": "Not found.", "code": "not_found"}
    a = world.institution_a.public_id
    assert api(world.outsider).get(f"/institutions/{a}").status_code == 404


def test_a_malformed_id_is_a_validation_error(world: World, api: Any):
    response = api(world.admin).get("/institutions/42")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["path", "institution_id"]


def test_staff_create_an_institution_and_it_is_audited(world: World, api: Any):
    response = api(world.staff).post("/institutions", NEW_SCHOOL)
    assert response.status_code == 201
    body = response.json()
    assert body["required_mentors"] == 25
    assert body["size_category"] == "small"
    institution = Institution.objects.get(public_id=body["public_id"])
    assert AuditEvent.objects.filter(
        action="institution.create", target_id=str(institution.public_id), actor=world.staff
    ).exists()


@pytest.mark.parametrize("persona", ["mentee", "admin", "coordinator", "researcher", "outsider"])
def test_only_staff_create_institutions(world: World, api: Any, persona: str):
    response = api(world.persona(persona)).post("/institutions", NEW_SCHOOL)
    assert response.status_code == 403
    assert not Institution.objects.filter(name=NEW_SCHOOL["name"]).exists()


def test_a_duplicate_name_is_refused_with_the_field(world: World, api: Any):
    response = api(world.staff).post("/institutions", {**NEW_SCHOOL, "name": "institution a"})
    assert response.status_code == 400
    assert response.json() == {
        "detail": "An institution with this name already exists.",
        "code": "invalid",
        "field": "name",
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("class_size", True),
        ("class_size", "49"),
        ("class_size", 49.5),
        ("class_size", -1),
        ("class_size", 10_001),
        ("kind", "hospital"),
        ("name", ""),
        ("name", None),
        ("region", 12),
    ],
)
def test_wrong_types_and_ranges_are_refused_before_anything_is_written(
    world: World, api: Any, field: str, value: Any
):
    response = api(world.staff).post("/institutions", {**NEW_SCHOOL, field: value})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == field
    assert not Institution.objects.filter(name=NEW_SCHOOL["name"]).exists()


def test_a_whole_number_written_as_a_decimal_is_accepted(world: World, api: Any):
    response = api(world.staff).post("/institutions", {**NEW_SCHOOL, "class_size": 49.0})
    assert response.status_code == 201
    assert response.json()["class_size"] == 49


def test_staff_change_only_the_fields_they_send(world: World, api: Any):
    a = world.institution_a
    response = api(world.staff).patch(f"/institutions/{a.public_id}", {"class_size": 80})
    assert response.status_code == 200
    assert response.json()["required_mentors"] == 50
    a.refresh_from_db()
    assert (a.name, a.kind, a.class_size, a.region, a.is_active) == (
        "Institution A",
        "md",
        80,
        "Ohio",
        True,
    )
    event = AuditEvent.objects.get(action="institution.update", target_id=str(a.public_id))
    assert event.data == {"fields": ["class_size"]}


def test_staff_can_close_an_institution_to_new_members(world: World, api: Any):
    a = world.institution_a
    response = api(world.staff).patch(f"/institutions/{a.public_id}", {"is_active": False})
    assert response.json()["is_active"] is False
    refused = api(world.staff).patch(f"/institutions/{a.public_id}", {"is_active": 0})
    assert refused.status_code == 422


def test_members_and_admins_cannot_change_an_institution(world: World, api: Any):
    a = world.institution_a
    for persona in (world.admin, world.coordinator, world.mentee):
        response = api(persona).patch(f"/institutions/{a.public_id}", {"class_size": 10})
        assert response.status_code == 403
    assert (
        api(world.outsider).patch(f"/institutions/{a.public_id}", {"class_size": 10}).status_code
        == 404
    )
    a.refresh_from_db()
    assert a.class_size == 120


def test_a_change_cannot_sneak_in_keys_or_roles(world: World, api: Any):
    a = world.institution_a
    old_id = a.public_id
    response = api(world.staff).patch(
        f"/institutions/{a.public_id}",
        {
            "region": "Ohio Valley",
            "public_id": "00000000-0000-0000-0000-000000000000",
            "id": 999,
            "is_staff": True,
            "required_mentors": 0,
        },
    )
    assert response.status_code == 200
    a.refresh_from_db()
    assert a.public_id == old_id
    assert a.region == "Ohio Valley"
    assert a.required_mentors == 75


def test_a_body_that_is_not_an_object_is_refused(world: World, api: Any):
    a = world.institution_a
    assert api(world.staff).patch(f"/institutions/{a.public_id}", [None]).status_code == 422
    assert api(world.staff).patch(f"/institutions/{a.public_id}", "x").status_code == 422


def test_managers_see_compliance_figures(world: World, api: Any):
    a = world.institution_a
    expected = institution_compliance(institution=a)
    for persona in (world.admin, world.coordinator, world.staff):
        response = api(persona).get(f"/institutions/{a.public_id}/compliance")
        assert response.status_code == 200
        assert response.json() == {
            "size_category": "large",
            "required": 75,
            "counted": expected.counted,
            "verified": 1,
            "active_mentors": 1,
            "shortfall": 75 - expected.counted,
            "is_compliant": False,
            "percent": expected.percent,
        }


def test_an_hbcu_is_compliant_without_mentors(world: World, api: Any):
    created = (
        api(world.staff)
        .post(
            "/institutions", {"name": "Meharry", "kind": "hbcu", "class_size": 120, "region": "TN"}
        )
        .json()
    )
    body = api(world.staff).get(f"/institutions/{created['public_id']}/compliance").json()
    assert body["size_category"] == "exempt"
    assert (body["required"], body["shortfall"], body["is_compliant"]) == (0, 0, True)


def test_members_of_other_roles_get_403_for_compliance(world: World, api: Any):
    path = f"/institutions/{world.institution_a.public_id}/compliance"
    for persona in (world.mentee, world.mentor, world.researcher):
        assert api(persona).get(path).status_code == 403
    assert api(world.outsider).get(path).status_code == 404


def test_managers_list_members_with_their_roles(world: World, api: Any):
    page = api(world.coordinator).get(f"/institutions/{world.institution_a.public_id}/members")
    assert page.status_code == 200
    body = page.json()
    assert body["count"] == 5
    mentor = next(item for item in body["items"] if item["role"] == "mentor")
    assert mentor == {
        "public_id": str(world.mentor.memberships.get().public_id),
        "user_id": str(world.mentor.public_id),
        "name": world.mentor.name,
        "email": "mentor@a.example.org",
        "role": "mentor",
        "status": "active",
        "verified": True,
    }
    emails = {item["email"] for item in body["items"]}
    assert "outsider@b.example.org" not in emails


def test_the_member_list_filters_by_role_and_status(world: World, api: Any):
    newcomer = make_user("newcomer@example.org")
    membership_request(user=newcomer, institution=world.institution_a, role=Role.MENTOR)
    path = f"/institutions/{world.institution_a.public_id}/members"
    mentors = api(world.admin).get(path, role="mentor").json()
    assert sorted(item["email"] for item in mentors["items"]) == [
        "mentor@a.example.org",
        "newcomer@example.org",
    ]
    pending = api(world.admin).get(path, role="mentor", status=MembershipStatus.PENDING).json()
    assert [item["email"] for item in pending["items"]] == ["newcomer@example.org"]
    assert api(world.admin).get(path, role="boss").status_code == 422


def test_the_member_list_is_paginated(world: World, api: Any):
    for number in range(7):
        membership_grant(
            actor=world.staff,
            user=make_user(f"student{number}@a.example.org"),
            institution=world.institution_a,
            role=Role.MENTEE,
            source="test",
        )
    path = f"/institutions/{world.institution_a.public_id}/members"
    first = api(world.admin).get(path, limit=5).json()
    second = api(world.admin).get(path, limit=5, offset=5).json()
    third = api(world.admin).get(path, limit=5, offset=10).json()
    assert first["count"] == second["count"] == 12
    assert (len(first["items"]), len(second["items"]), len(third["items"])) == (5, 5, 2)
    seen = [item["public_id"] for page in (first, second, third) for item in page["items"]]
    assert len(set(seen)) == 12
    for bad in ({"limit": 0}, {"limit": 201}, {"offset": -1}, {"limit": "many"}):
        assert api(world.admin).get(path, **bad).status_code == 422


def test_mentees_and_researchers_cannot_list_members(world: World, api: Any):
    path = f"/institutions/{world.institution_a.public_id}/members"
    for persona in (world.mentee, world.mentor, world.researcher):
        assert api(persona).get(path).status_code == 403
    assert api(world.outsider).get(path).status_code == 404
