"""Privileged API access needs two-factor sign-in, by token exactly as by session
(issue #9, item 7; SECURITY.md V2, docs/decisions/0003-two-factor-and-privileged-sessions.md).

The hole: a mentee made a personal access token, was then given a privileged role
(institution admin, coordinator, researcher, staff) and, with no authenticator yet,
read members with their emails, compliance, supply and demand and pairing rounds
through the token, while the browser session was sent to set up two-factor sign-in.
"""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.test import Client

from conftest import TOTP_SECRET, World, client_for, make_user
from mentorquilt.accounts.services import api_token_create
from mentorquilt.institutions.models import Role
from mentorquilt.institutions.services import membership_grant

BASE = "/api/v1"

# For each privileged role: the privileged data it reaches once two-factor is set up.
PRIVILEGED_READS = {
    "admin": [
        "/institutions/{a}/members",
        "/institutions/{a}/compliance",
        "/institutions/{a}/supply-demand",
        "/pairing/rounds",
    ],
    "coordinator": [
        "/institutions/{a}/members",
        "/institutions/{a}/compliance",
        "/institutions/{a}/supply-demand",
        "/pairing/rounds",
    ],
    "researcher": ["/institutions/{a}"],
    "staff": ["/audit-events", "/supply-demand", "/institutions/{a}/members", "/pairing/rounds"],
}


def promoted(world: World, role: str) -> tuple[Any, str]:
    """A mentee of A who made a token first and was given `role` afterwards (no TOTP)."""
    user = make_user(f"promoted.{role}@a.example.org")
    membership_grant(
        actor=world.staff, user=user, institution=world.institution_a, role=Role.MENTEE, source="t"
    )
    _, raw = api_token_create(user=user, name="made as a mentee")
    if role == "staff":
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    else:
        membership_grant(
            actor=world.staff, user=user, institution=world.institution_a, role=role, source="t"
        )
    return user, raw


def paths(world: World, role: str) -> list[str]:
    return [p.format(a=world.institution_a.public_id) for p in PRIVILEGED_READS[role]]


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(PRIVILEGED_READS))
def test_a_token_made_before_a_privileged_role_is_refused_until_two_factor_is_set_up(
    world: World, role: str
):
    user, raw = promoted(world, role)
    token = Client(headers={"Authorization": f"Bearer {raw}"})
    for path in [*paths(world, role), "/me"]:
        response = token.get(BASE + path)
        assert response.status_code == 403, f"{role} by token: {path} {response.content[:200]!r}"
        assert "two-factor" in response.json()["detail"], path
        assert b"@" not in response.content  # no member's email leaks in the refusal
    # Once two-factor sign-in is set up the same token reaches the same data.
    TOTP.activate(user, TOTP_SECRET)
    for path in paths(world, role):
        assert token.get(BASE + path).status_code == 200, f"{role} with two-factor: {path}"


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(PRIVILEGED_READS))
def test_the_session_of_a_privileged_person_without_two_factor_is_refused_the_same_way(
    world: World, role: str
):
    user, _ = promoted(world, role)
    session = client_for(user)
    token_answer = Client(headers={"Authorization": f"Bearer {promoted_raw(world, user)}"})
    for path in [*paths(world, role), "/me"]:
        by_session = session.get(BASE + path)
        by_token = token_answer.get(BASE + path)
        assert by_session.status_code == by_token.status_code == 403, f"{role}: {path}"
        assert by_session.json() == by_token.json(), path
    # The pages send the session to set up two-factor sign-in.
    assert session.get("/institutions/").status_code == 302
    TOTP.activate(user, TOTP_SECRET)
    for path in paths(world, role):
        assert session.get(BASE + path).status_code == 200, f"{role} session with 2FA: {path}"


def promoted_raw(world: World, user: Any) -> str:
    """Another token of the same (already privileged) person, made from the web app."""
    _, raw = api_token_create(user=user, name="second")
    return raw


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["mentee", "mentor", "outsider"])
def test_people_without_a_privileged_role_keep_using_their_tokens_without_two_factor(
    world: World, persona: str
):
    _, raw = api_token_create(user=world.persona(persona), name="ordinary")
    response = Client(headers={"Authorization": f"Bearer {raw}"}).get(BASE + "/me")
    assert response.status_code == 200
