"""The programs API (R29, R30, R25): the whole flow by JSON, documented refusals."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from mentorquilt.programs.tests.helpers import accepted, apply, at, make_cohort, make_program

pytestmark = pytest.mark.django_db


def post(client: Any, path: str, body: Any) -> Any:
    return client.post(f"/api/v1{path}", json.dumps(body), content_type="application/json")


def test_a_coordinator_runs_a_cohort_through_the_api_and_the_participant_reads_it(world, login):
    coordinator, mentee = login(world.coordinator), login(world.mentee)
    created = post(
        coordinator,
        "/programs",
        {
            "institution_id": str(world.institution_a.public_id),
            "kind": "pairing",
            "name": "Physicians and pre-meds",
            "min_mentorship_months": 12,
            "cadence_weeks": 6,
            "partner_ids": [str(world.institution_b.public_id)],
            "application_questions": ["Why medicine?"],
        },
    )
    assert created.status_code == 201, created.content
    program = created.json()
    assert program["min_mentorship_months"] == 12
    assert program["partner_ids"] == [str(world.institution_b.public_id)]
    cohort = post(
        coordinator,
        f"/programs/{program['public_id']}/cohorts",
        {
            "name": "2027",
            "starts_on": "2027-01-01",
            "ends_on": "2027-12-31",
            "capacity": 1,
            "status": "recruiting",
        },
    ).json()
    member = post(
        mentee, f"/programs/cohorts/{cohort['public_id']}/apply", {"answers": ["To serve."]}
    )
    assert member.status_code == 201 and member.json()["status"] == "applied"
    other = post(
        login(world.outsider), f"/programs/cohorts/{cohort['public_id']}/apply", {"answers": ["Me"]}
    )
    assert other.status_code == 201  # B is a partner
    decided = post(
        coordinator,
        f"/programs/members/{member.json()['public_id']}/decide",
        {"decision": "accepted"},
    )
    assert decided.json()["status"] == "accepted"
    full = post(
        coordinator,
        f"/programs/members/{other.json()['public_id']}/decide",
        {"decision": "accepted"},
    )
    assert full.status_code == 400 and "is full" in full.json()["detail"]
    start = at(days=3)
    session = post(
        coordinator,
        f"/programs/cohorts/{cohort['public_id']}/sessions",
        {
            "kind": "workshop",
            "title": "Kick-off",
            "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=2)).isoformat(),
            "video_url": "https://v.example/1",
        },
    )
    assert session.status_code == 201
    clash = post(
        coordinator,
        f"/programs/cohorts/{cohort['public_id']}/sessions",
        {
            "kind": "workshop",
            "title": "Clash",
            "starts_at": (start + timedelta(hours=1)).isoformat(),
            "ends_at": (start + timedelta(hours=3)).isoformat(),
            "place": "Room 1",
        },
    )
    assert clash.status_code == 400 and "overlaps" in clash.json()["detail"]
    mine = mentee.get("/api/v1/programs/mine").json()
    assert [s["title"] for s in mine[0]["upcoming"]] == ["Kick-off"]


def test_attendance_for_someone_outside_the_cohort_is_a_clear_400(world, login):
    cohort = make_cohort(world, make_program(world))
    accepted(world, world.mentee, cohort)
    waiting = apply(world.mentor, cohort, role="mentor")
    start = at(hours=0.5)
    session = post(
        login(world.coordinator),
        f"/programs/cohorts/{cohort.public_id}/sessions",
        {
            "kind": "workshop",
            "title": "Now",
            "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=1)).isoformat(),
            "place": "Hall",
        },
    ).json()
    answer = post(
        login(world.coordinator),
        f"/programs/sessions/{session['public_id']}/attendance",
        {"member_id": str(waiting.public_id), "status": "present"},
    )
    assert answer.status_code == 400
    assert answer.json()["detail"] == "This person is not a member of this cohort."


def test_a_capacity_given_as_text_or_a_fraction_is_a_422(world, login):
    program = make_program(world)
    for capacity in ("3", 2.5, True):
        answer = post(
            login(world.coordinator),
            f"/programs/{program.public_id}/cohorts",
            {"name": "X", "starts_on": "2027-01-01", "ends_on": "2027-02-01", "capacity": capacity},
        )
        assert answer.status_code == 422, capacity


def test_the_outsider_gets_404_for_a_program_that_is_not_open_to_them(world, login):
    program = make_program(world)
    assert login(world.outsider).get(f"/api/v1/programs/{program.public_id}").status_code == 404
    listed = login(world.outsider).get("/api/v1/programs").json()
    assert listed["count"] == 0
