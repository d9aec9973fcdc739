"""Personal access tokens for the JSON API (B7): shown once, stored hashed, revocable."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from conftest import World, client_for
from mentorquilt.accounts.models import PersonalAccessToken
from mentorquilt.accounts.services import (
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
)
from mentorquilt.accounts.tokens import api_token_hash
from mentorquilt.core.errors import DomainError

pytestmark = pytest.mark.django_db


def test_a_token_is_stored_only_as_a_hash_and_finds_its_owner(world: World):
    token, raw = api_token_create(user=world.mentee, name="laptop", expires_in_days=30)
    stored = PersonalAccessToken.objects.get(pk=token.pk)
    assert raw.startswith("mq_") and raw not in stored.token_hash
    assert stored.token_hash == api_token_hash(raw)
    assert api_token_authenticate(raw) == world.mentee
    assert api_token_authenticate(raw + "x") is None


def test_a_revoked_token_stops_working_at_once(world: World):
    token, raw = api_token_create(user=world.mentee, name="script")
    api_token_revoke(user=world.mentee, token=token)
    assert api_token_authenticate(raw) is None


def test_an_expired_token_stops_working(world: World):
    _, raw = api_token_create(user=world.mentee, name="script", expires_in_days=1)
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        assert api_token_authenticate(raw) is None


def test_a_deactivated_persons_token_stops_working(world: World):
    _, raw = api_token_create(user=world.mentee, name="script")
    world.mentee.is_active = False
    world.mentee.save()
    assert api_token_authenticate(raw) is None


@pytest.mark.parametrize(("name", "days"), [("", 30), ("x" * 81, 30), ("ok", 0), ("ok", 367)])
def test_a_token_needs_a_name_and_a_sensible_lifetime(world: World, name: str, days: int):
    with pytest.raises(DomainError):
        api_token_create(user=world.mentee, name=name, expires_in_days=days)


def test_the_tokens_page_shows_a_new_token_once(world: World):
    client = client_for(world.mentor)
    created = client.post("/account/tokens/", {"name": "my laptop", "expires_in_days": "90"})
    raw = created.context["new_token"]
    assert raw.encode() in created.content
    assert raw.encode() not in client.get("/account/tokens/").content


def test_nobody_can_revoke_someone_elses_token(world: World):
    token, raw = api_token_create(user=world.mentee, name="mine")
    response = client_for(world.outsider).post(f"/account/tokens/{token.public_id}/revoke/")
    assert response.status_code == 404
    assert api_token_authenticate(raw) == world.mentee
