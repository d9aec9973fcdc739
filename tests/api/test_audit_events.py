"""The audit log through the API: platform staff only, filtered and paginated."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import World
from mentorquilt.core.models import AuditEvent
from mentorquilt.institutions.models import Role

pytestmark = pytest.mark.django_db


def test_staff_read_the_audit_log_newest_first(world: World, api: Any):
    page = api(world.staff).get("/audit-events").json()
    assert page["count"] == AuditEvent.objects.count()
    newest = AuditEvent.objects.first()
    assert newest is not None
    first = page["items"][0]
    assert first["public_id"] == str(newest.public_id)
    assert set(first) == {
        "public_id",
        "at",
        "action",
        "actor_id",
        "target_type",
        "target_id",
        "institution_id",
        "request_id",
        "data",
    }


def test_the_audit_log_filters_by_action_and_target(world: World, api: Any):
    mentor = world.mentor.memberships.get(role=Role.MENTOR)
    verified = api(world.staff).get("/audit-events", action="mentor.verify").json()
    assert verified["count"] == 1
    event = verified["items"][0]
    assert event["target_id"] == str(mentor.public_id)
    assert event["actor_id"] == str(world.staff.public_id)
    assert event["institution_id"] == str(world.institution_a.public_id)
    about = api(world.staff).get("/audit-events", target_id=str(mentor.public_id)).json()
    assert {item["action"] for item in about["items"]} == {"membership.grant", "mentor.verify"}
    assert api(world.staff).get("/audit-events", action="x" * 65).status_code == 422


def test_an_api_request_id_reaches_the_audit_row(world: World, api: Any):
    client = api(world.staff)
    response = client.client.post(
        "/api/v1/institutions",
        {"name": "Traced School", "kind": "md", "class_size": 60, "region": "Utah"},
        content_type="application/json",
        headers={"X-Request-ID": "trace-0123456789"},
    )
    assert response.status_code == 201
    found = client.get("/audit-events", action="institution.create", limit=1).json()
    assert found["items"][0]["request_id"] == "trace-0123456789"


def test_the_audit_log_is_paginated(world: World, api: Any):
    total = AuditEvent.objects.count()
    first = api(world.staff).get("/audit-events", limit=2).json()
    rest = api(world.staff).get("/audit-events", limit=200, offset=2).json()
    assert len(first["items"]) == 2
    assert len(first["items"]) + len(rest["items"]) == rest["count"] >= total


@pytest.mark.parametrize(
    "persona", ["mentee", "mentor", "admin", "coordinator", "researcher", "outsider"]
)
def test_only_staff_read_the_audit_log(world: World, api: Any, persona: str):
    response = api(world.persona(persona)).get("/audit-events")
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Only platform staff can read the audit log.",
        "code": "forbidden",
    }
