"""Every API refusal carries a stable `code` beside its message (docs/api.md, "Errors").

A client can tell "this mentor is full" from any other 400 without reading English.
"""

from __future__ import annotations

import pytest

from conftest import World, client_for
from mentorquilt.core.services import audit_record
from tests.api.conftest import Api, token_for

pytestmark = pytest.mark.django_db


def test_a_request_without_credentials_answers_not_signed_in(world: World):
    response = client_for(None).get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["code"] == "not_signed_in"


def test_a_role_refusal_answers_forbidden(world: World):
    response = Api(client_for(world.mentee)).get("/audit-events")
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_another_institutions_object_answers_not_found(world: World):
    response = Api(client_for(world.admin)).get(f"/institutions/{world.institution_b.public_id}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_privileged_token_without_two_factor_answers_two_factor_required(world: World):
    from allauth.mfa.models import Authenticator

    token = token_for(world.coordinator)
    Authenticator.objects.filter(user=world.coordinator).delete()
    response = client_for(None).get("/api/v1/institutions", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 403, response.content
    assert response.json()["code"] == "two_factor_required"


def test_a_refused_rule_answers_its_own_code(world: World):
    audit_record(actor=world.staff, action="test.any")
    response = Api(client_for(world.staff)).get(
        "/audit-events", since="2026-11-05", until="2026-11-01"
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "until must not be before since.",
        "code": "invalid",
        "field": "until",
    }


def test_a_request_to_a_full_mentor_answers_full(world: World):
    from mentorquilt.mentorships.tests.helpers import new_mentee, ready_mentee, ready_mentor, send

    profile = ready_mentor(world.mentor, capacity=1)
    from mentorquilt.mentorships.services import mentorship_request_accept

    mentorship_request_accept(
        actor=world.mentor, request=send(new_mentee(world, "first@a.example.org"), profile)
    )
    ready_mentee(world.mentee)
    response = Api(client_for(world.mentee)).post(
        "/mentorship-requests",
        {"mentor_id": str(profile.public_id), "message": "Hello", "needs": ["interviews"]},
    )
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "full"


def test_every_code_a_rule_can_give_is_documented():
    import re
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    docs = (repo / "docs" / "api.md").read_text(encoding="utf-8")
    used = set()
    for path in (repo / "mentorquilt").rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        source = path.read_text(encoding="utf-8")
        for call in re.finditer(r"DomainError\((?:[^()]|\([^()]*\))*\)", source, re.S):
            used |= set(re.findall(r'code="([a-z_]+)"', call.group(0)))
    assert used, "the search found the codes in the services"
    missing = sorted(code for code in used if f"`{code}`" not in docs)
    assert not missing, f"document these codes in docs/api.md: {missing}"
