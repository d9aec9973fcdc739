"""/me and a person's own personal access tokens (B7)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from conftest import World, client_for
from mentorquilt.accounts.models import PersonalAccessToken
from mentorquilt.accounts.services import api_token_create
from mentorquilt.core.models import AuditEvent
from tests.api.conftest import Api

pytestmark = pytest.mark.django_db


def session_api(user: Any) -> Api:
    """Tokens are created from a signed-in session (a token cannot mint tokens)."""
    return Api(client_for(user))


def test_a_token_cannot_create_more_tokens(world: World, api: Any):
    response = api(world.mentee).post("/tokens", {"name": "from a leaked token"})
    assert response.status_code == 403
    assert "signed in" in response.json()["detail"]
    assert not PersonalAccessToken.objects.filter(name="from a leaked token").exists()


def test_me_shows_the_caller_and_every_role_with_its_institution(world: World, api: Any):
    body = api(world.mentor).get("/me").json()
    assert body["public_id"] == str(world.mentor.public_id)
    assert body["email"] == "mentor@a.example.org"
    assert body["is_staff"] is False
    assert body["memberships"] == [
        {
            "public_id": str(world.mentor.memberships.get().public_id),
            "institution": {
                "public_id": str(world.institution_a.public_id),
                "name": "Institution A",
            },
            "role": "mentor",
            "status": "active",
            "verified": True,
        }
    ]


def test_me_shows_only_the_callers_own_roles(world: World, api: Any):
    body = api(world.outsider).get("/me").json()
    assert [m["institution"]["name"] for m in body["memberships"]] == ["Institution B"]
    staff = api(world.staff).get("/me").json()
    assert staff["is_staff"] is True
    assert staff["memberships"] == []


def test_me_has_no_password_or_integer_keys(world: World, api: Any):
    body = api(world.mentee).get("/me").json()
    assert set(body) == {"public_id", "email", "name", "is_staff", "memberships"}
    assert "id" not in body["memberships"][0]


def test_a_new_token_is_shown_once_and_works(world: World, api: Any):
    created = session_api(world.mentee).post("/tokens", {"name": "laptop", "expires_in_days": 30})
    assert created.status_code == 201
    body = created.json()
    raw = body["token"]
    assert raw.startswith("mq_")
    assert body["prefix"] == raw[:8]
    assert body["expires_at"] is not None
    assert body["is_usable"] is True
    assert AuditEvent.objects.filter(
        action="api_token.create", target_id=body["public_id"]
    ).exists()

    listed = api(world.mentee).get("/tokens").json()
    assert raw not in str(listed)
    assert body["public_id"] in [item["public_id"] for item in listed["items"]]

    with_new = Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/v1/me")
    assert with_new.json()["email"] == world.mentee.email


def test_a_token_without_a_lifetime_never_expires(world: World, api: Any):
    body = session_api(world.mentor).post("/tokens", {"name": "cron job"}).json()
    assert body["expires_at"] is None


@pytest.mark.parametrize(
    "payload",
    [
        {"name": "x", "expires_in_days": 0},
        {"name": "x", "expires_in_days": 367},
        {"name": "x", "expires_in_days": True},
        {"name": "x", "expires_in_days": "30"},
        {"name": "x", "expires_in_days": 1.5},
        {"name": "x", "expires_in_days": None},
        {"name": ""},
        {"name": "x" * 81},
        {"name": 7},
        {},
        ["name", "x"],
    ],
)
def test_a_bad_token_request_is_refused_with_field_errors(world: World, api: Any, payload: Any):
    response = session_api(world.mentee).post("/tokens", payload)
    assert response.status_code == 422
    assert isinstance(response.json()["detail"], list)
    assert not PersonalAccessToken.objects.filter(user=world.mentee, name="x").exists()


def test_a_whitespace_name_is_refused_by_the_service_rule(world: World, api: Any):
    response = session_api(world.mentee).post("/tokens", {"name": "   "})
    assert response.status_code == 400
    assert response.json()["field"] == "name"


def test_a_token_request_cannot_choose_its_owner_or_make_anyone_staff(world: World, api: Any):
    response = session_api(world.mentee).post(
        "/tokens",
        {"name": "sneaky", "user": str(world.staff.public_id), "user_id": 1, "is_staff": True},
    )
    assert response.status_code == 201
    token = PersonalAccessToken.objects.get(public_id=response.json()["public_id"])
    assert token.user == world.mentee
    world.mentee.refresh_from_db()
    assert world.mentee.is_staff is False


def test_tokens_lists_only_the_callers_own(world: World, api: Any):
    mine, _ = api_token_create(user=world.mentee, name="mine")
    theirs, _ = api_token_create(user=world.outsider, name="theirs")
    listed = [item["public_id"] for item in api(world.mentee).get("/tokens").json()["items"]]
    assert str(mine.public_id) in listed
    assert str(theirs.public_id) not in listed


def test_revoking_a_token_stops_it_at_once(world: World, api: Any):
    token, raw = api_token_create(user=world.mentee, name="old laptop")
    response = api(world.mentee).delete(f"/tokens/{token.public_id}")
    assert response.status_code == 204
    assert response.content == b""
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/v1/me").status_code == 401
    # Revoking again changes nothing and is not an error.
    assert api(world.mentee).delete(f"/tokens/{token.public_id}").status_code == 204


def test_someone_elses_token_cannot_be_revoked_and_is_not_disclosed(world: World, api: Any):
    token, raw = api_token_create(user=world.mentee, name="mine")
    for other in (world.outsider, world.admin, world.staff):
        response = api(other).delete(f"/tokens/{token.public_id}")
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found.", "code": "not_found"}
    token.refresh_from_db()
    assert token.revoked_at is None
    assert Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/v1/me").status_code == 200


def test_a_token_can_revoke_itself(world: World):
    token, raw = api_token_create(user=world.mentor, name="leaked")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    assert client.delete(f"/api/v1/tokens/{token.public_id}").status_code == 204
    assert client.get("/api/v1/me").status_code == 401
