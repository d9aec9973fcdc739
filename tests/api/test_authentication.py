"""How the API knows who is calling: personal access tokens, or the browser session with CSRF."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from conftest import World, client_for, make_user
from mentorquilt.accounts.models import PersonalAccessToken
from mentorquilt.accounts.services import api_token_create, api_token_revoke
from mentorquilt.institutions.models import Role
from mentorquilt.institutions.services import membership_grant
from tests.api.conftest import Api, token_for

pytestmark = pytest.mark.django_db


def bearer(raw: str) -> Api:
    return Api(Client(headers={"Authorization": f"Bearer {raw}"}))


def test_a_personal_access_token_identifies_its_owner(world: World):
    me = bearer(token_for(world.mentee)).get("/me")
    assert me.status_code == 200
    assert me.json()["email"] == world.mentee.email
    outsider = bearer(token_for(world.outsider)).get("/me")
    assert outsider.json()["email"] == world.outsider.email


def test_a_token_records_when_it_was_last_used(world: World):
    token, raw = api_token_create(user=world.mentee, name="script")
    assert token.last_used_at is None
    bearer(raw).get("/me")
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize(
    "header",
    ["", "Bearer", "Bearer mq_not-a-real-token", "Basic bWVudGVlOnBhc3N3b3Jk", "Token mq_x"],
)
def test_a_missing_or_unknown_token_answers_401_in_json(world: World, header: str):
    client = Client(headers={"Authorization": header} if header else {})
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Sign in, or send a valid personal access token.",
        "code": "not_signed_in",
    }


def test_a_revoked_token_answers_401_at_once(world: World):
    token, raw = api_token_create(user=world.mentee, name="script")
    assert bearer(raw).get("/me").status_code == 200
    api_token_revoke(user=world.mentee, token=token)
    assert bearer(raw).get("/me").status_code == 401
    assert bearer(raw).post("/tokens", {"name": "another"}).status_code == 401


def test_an_expired_token_answers_401(world: World):
    _, raw = api_token_create(user=world.mentee, name="script", expires_in_days=1)
    assert bearer(raw).get("/me").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        assert bearer(raw).get("/me").status_code == 401


def test_a_deactivated_persons_token_answers_401(world: World):
    raw = token_for(world.mentor)
    assert bearer(raw).get("/me").status_code == 200
    world.mentor.is_active = False
    world.mentor.save(update_fields=["is_active"])
    assert bearer(raw).get("/me").status_code == 401
    assert bearer(raw).get("/institutions").status_code == 401


def test_a_token_needs_no_csrf_token_for_writes(world: World):
    client = Api(
        Client(
            enforce_csrf_checks=True, headers={"Authorization": f"Bearer {token_for(world.mentee)}"}
        )
    )
    join = {"institution_id": str(world.institution_b.public_id), "role": "mentor"}
    assert client.post("/membership-requests", join).status_code == 201


def test_the_browser_session_reads_without_a_token(world: World):
    response = Api(client_for(world.mentee)).get("/me")
    assert response.status_code == 200
    assert response.json()["email"] == world.mentee.email


def test_session_writes_need_the_csrf_token(world: World):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.mentee, backend="django.contrib.auth.backends.ModelBackend")
    api = Api(client)
    refused = api.post("/tokens", {"name": "no csrf"})
    assert refused.status_code == 403
    assert refused.json()["detail"] == "CSRF check Failed"
    assert not PersonalAccessToken.objects.filter(user=world.mentee, name="no csrf").exists()

    client.get("/account/tokens/")  # any page with a form sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    accepted = client.post(
        "/api/v1/tokens",
        {"name": "with csrf"},
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )
    assert accepted.status_code == 201
    assert api.get("/me").status_code == 200  # reads need no CSRF token


def test_a_signed_out_browser_gets_401_not_a_csrf_error(world: World):
    response = Api(Client(enforce_csrf_checks=True)).post("/tokens", {"name": "x"})
    assert response.status_code == 401


def test_a_privileged_person_without_two_factor_is_refused_by_session_and_by_token(world: World):
    admin = make_user("new.admin@a.example.org")
    membership_grant(
        actor=world.staff,
        user=admin,
        institution=world.institution_a,
        role=Role.ADMIN,
        source="test",
    )
    session = Api(client_for(admin)).get("/me")
    assert session.status_code == 403
    assert "two-factor" in session.json()["detail"]
    # The privileged personas of the test world have TOTP, so their sessions work.
    assert Api(client_for(world.admin)).get("/me").status_code == 200
    # A token (made before the role, or by any path) gets the same refusal (issue #9).
    by_token = bearer(token_for(admin)).get("/me")
    assert by_token.status_code == 403
    assert by_token.json() == session.json()


def test_the_openapi_document_is_served_to_anyone(world: World):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["info"]["title"] == "MentorQuilt API"
    schemes = document["components"]["securitySchemes"]
    assert schemes["TokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "A personal access token from /account/tokens/ (mq_...).",
    }
    assert schemes["BrowserSessionAuth"]["in"] == "cookie"


def test_an_unknown_api_path_answers_404_in_json(world: World):
    response = bearer(token_for(world.staff)).get("/no-such-thing/at/all")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found"}
    assert response["Content-Type"].startswith("application/json")


def test_api_answers_are_not_cached(world: World):
    response = bearer(token_for(world.mentee)).get("/me")
    assert response["Cache-Control"] == "no-store"
