"""The audit log: append-only, tied to requests, readable by staff only (SECURITY.md V16)."""

from __future__ import annotations

import pytest

from conftest import World, client_for
from mentorquilt.core.models import AppendOnlyError, AuditEvent
from mentorquilt.core.services import audit_record
from tests.html import table_rows

pytestmark = pytest.mark.django_db


def test_an_audit_row_cannot_be_changed(world: World):
    event = audit_record(actor=world.staff, action="test.event")
    event.action = "something.else"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    assert AuditEvent.objects.get(pk=event.pk).action == "test.event"


def test_an_audit_row_cannot_be_deleted(world: World):
    event = audit_record(actor=world.staff, action="test.event")
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_an_audit_row_records_the_request_it_came_from(world: World):
    client = client_for(world.admin)
    response = client.post(
        f"/institutions/{world.institution_a.public_id}/invite/",
        {"email": "someone@example.org", "role": "mentee", "name": ""},
        HTTP_X_REQUEST_ID="req-12345678",
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="invitation.create")
    assert event.request_id == "req-12345678"
    assert event.actor == world.admin
    assert event.institution == world.institution_a


def test_an_anonymous_actor_is_stored_as_nobody(world: World):
    from django.contrib.auth.models import AnonymousUser

    event = audit_record(actor=AnonymousUser(), action="test.event")
    assert event.actor is None


def test_staff_read_the_audit_log_and_nobody_else_can(world: World):
    audit_record(actor=world.admin, action="test.visible", institution=world.institution_a)
    audit_record(actor=world.mentor, action="test.other")
    page = client_for(world.staff).get("/staff/audit/?action=test.visible")
    assert page.status_code == 200
    rows = table_rows(page.content, label="Audit events")
    assert [row[1:4] for row in rows] == [["admin@a.example.org", "test.visible", ""]]
    assert rows[0][4] == "Institution A"
    for user in (world.admin, world.coordinator, world.researcher, world.mentee, world.outsider):
        assert client_for(user).get("/staff/audit/").status_code == 403
    assert client_for(None).get("/staff/audit/").status_code == 302


def test_the_audit_log_page_costs_the_same_queries_for_10_or_200_events(
    world: World, django_assert_max_num_queries
):
    client = client_for(world.staff)
    for i in range(10):
        audit_record(
            actor=world.admin, action="bulk.event", institution=world.institution_a, data={"i": i}
        )
    with django_assert_max_num_queries(12) as few:
        client.get("/staff/audit/")
    for i in range(190):
        audit_record(
            actor=world.mentor, action="bulk.event", institution=world.institution_b, data={"i": i}
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/staff/audit/")
