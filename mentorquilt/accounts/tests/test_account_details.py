"""A person sets what people call them and what they share with their mentors and mentees
(issue 10; R15, R36): both shares off by default, changes audited without values."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from mentorquilt.core.models import AuditEvent

pytestmark = pytest.mark.django_db

URL = reverse("account_details_edit")
PHONE = "+1 (614) 555-0142"


def test_sharing_is_off_until_the_person_turns_it_on(world, login):
    assert not world.mentee.share_email and not world.mentee.share_phone
    form = login(world.mentee).get(URL).content.decode()
    assert 'name="share_email"' in form and "checked" not in form


def test_the_form_saves_names_and_choices_and_the_audit_row_holds_no_values(world, login):
    response = login(world.mentee).post(
        URL,
        {"name": "Dr. Ana Ruiz", "preferred_name": " Annie ", "phone": PHONE, "share_phone": "on"},
    )
    assert response.status_code == 302
    world.mentee.refresh_from_db()
    assert (world.mentee.name, world.mentee.preferred_name) == ("Dr. Ana Ruiz", "Annie")
    assert (world.mentee.phone, world.mentee.share_phone, world.mentee.share_email) == (
        PHONE,
        True,
        False,
    )
    event = AuditEvent.objects.get(action="account.details.update")
    assert event.data == {
        "fields": ["name", "phone", "preferred_name", "share_phone"],
        "share_email": False,
        "share_phone": True,
    }
    row = json.dumps([event.data, event.target_id])
    assert "Annie" not in row and "555" not in row and "Ruiz" not in row


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "Ana", "phone": "call me maybe"}, "phone"),
        ({"name": "Ana", "phone": "12"}, "phone"),
        ({"name": "Ana", "share_phone": "on"}, "phone"),  # nothing to share
        ({"name": "   "}, "name"),
    ],
)
def test_a_wrong_value_is_a_form_error_on_its_field_and_nothing_changes(world, login, data, field):
    response = login(world.mentee).post(URL, data)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    world.mentee.refresh_from_db()
    assert not world.mentee.share_phone and world.mentee.phone == ""
    assert not AuditEvent.objects.filter(action="account.details.update").exists()
