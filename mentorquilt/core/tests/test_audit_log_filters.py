"""Staff find audit events by the start of an action, by who, by what and by when (R36).

Each filter is checked with an event it must find and one it must leave out,
read from the rows of the results table (the form echoes what was typed).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine

from conftest import World, client_for
from mentorquilt.core.services import audit_record

pytestmark = pytest.mark.django_db


def listed_actions(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<td><code>([^<]+)</code></td>", body)


def audit_page(world: World, **query: str) -> str:
    response = client_for(world.staff).get("/staff/audit/", query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_action_filter_finds_every_action_that_starts_with_the_words(world: World):
    audit_record(actor=world.mentee, action="login.success")
    audit_record(actor=world.mentee, action="login.failure")
    audit_record(actor=world.mentee, action="logout")

    mentee = world.mentee.email
    assert sorted(listed_actions(audit_page(world, action="login", actor=mentee))) == [
        "login.failure",
        "login.success",
    ]
    assert listed_actions(audit_page(world, action="login.failure", actor=mentee)) == [
        "login.failure"
    ]


def test_the_actor_filter_finds_events_by_the_email_of_who_acted(world: World):
    audit_record(actor=world.admin, action="test.by_admin")
    audit_record(actor=world.mentor, action="test.by_mentor")

    assert listed_actions(audit_page(world, action="test.", actor="admin@a.example")) == [
        "test.by_admin"
    ]


def test_the_target_filter_finds_every_event_about_one_object(world: World):
    audit_record(actor=world.staff, action="test.about_a", target=world.institution_a)
    audit_record(actor=world.staff, action="test.about_b", target=world.institution_b)

    html = audit_page(world, action="test.", target=str(world.institution_a.public_id))
    assert listed_actions(html) == ["test.about_a"]


def test_the_date_filter_keeps_events_from_the_first_to_the_last_day_included(world: World):
    for day, action in ((1, "test.day1"), (2, "test.day2"), (3, "test.day3"), (4, "test.day4")):
        with time_machine.travel(dt.datetime(2026, 11, day, 23, 30, tzinfo=dt.UTC)):
            audit_record(actor=world.staff, action=action)

    html = audit_page(world, action="test.", since="2026-11-02", until="2026-11-03")
    assert sorted(listed_actions(html)) == ["test.day2", "test.day3"]


def test_a_last_day_before_the_first_is_a_field_error_and_lists_nothing_wrongly(world: World):
    audit_record(actor=world.staff, action="test.any")
    html = audit_page(world, since="2026-11-05", until="2026-11-01")
    assert "The last day must not be before the first day." in html
    assert listed_actions(html) == []


def test_a_target_links_to_its_page_and_to_every_event_about_it(world: World):
    audit_record(actor=world.staff, action="test.linked", target=world.institution_a)
    html = audit_page(world, action="test.linked")
    institution = world.institution_a.public_id
    assert f'href="/institutions/{institution}/"' in html
    assert f'href="/staff/audit/?target={institution}"' in html


def test_the_api_filters_by_action_prefix_actor_and_dates(world: World):
    from tests.api.conftest import token_for

    audit_record(actor=world.admin, action="test.api_admin")
    audit_record(actor=world.mentor, action="test.api_mentor")
    client = client_for(None)
    response = client.get(
        "/api/v1/audit-events",
        {"action": "test.api", "actor": "mentor@a.example.org"},
        HTTP_AUTHORIZATION=f"Bearer {token_for(world.staff)}",
    )
    assert response.status_code == 200
    assert [e["action"] for e in response.json()["items"]] == ["test.api_mentor"]

    response = client.get(
        "/api/v1/audit-events",
        {"since": "2026-11-05", "until": "2026-11-01"},
        HTTP_AUTHORIZATION=f"Bearer {token_for(world.staff)}",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "until"
