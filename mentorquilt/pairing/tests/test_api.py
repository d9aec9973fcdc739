"""The pairing rounds API: create, run, status, proposal, adjust, publish, export (R22, B2)."""

from __future__ import annotations

import json

import pytest

from mentorquilt.accounts.services import api_token_create
from mentorquilt.mentorships.models import MentorshipRequest
from mentorquilt.pairing.tests.helpers import cohort

pytestmark = pytest.mark.django_db


def call(client, method, path, body=None):
    payload = json.dumps(body) if body is not None else ""
    return client.generic(method, "/api/v1" + path, payload, content_type="application/json")


def test_a_coordinator_runs_a_round_end_to_end_through_the_api(
    world, django_capture_on_commit_callbacks
):
    from django.test import Client

    cohort(world, mentees=4, mentors=2, capacity=2)
    _, raw = api_token_create(user=world.coordinator, name="script")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    created = call(
        client,
        "POST",
        "/pairing/rounds",
        {
            "institution_id": str(world.institution_a.public_id),
            "name": "API round",
            "mode": "optimal",
            "cap": 2,
            "weights": {
                "availability": 0.5,
                "responsiveness": 0.2,
                "affinity": 0.1,
                "needs": 0.1,
                "fit": 0.1,
            },
            "publish_as": "requests",
        },
    )
    assert created.status_code == 201, created.content
    round_id = created.json()["public_id"]
    assert created.json()["settings"]["weights"]["availability"] == 0.5
    with django_capture_on_commit_callbacks(execute=True):
        started = call(client, "POST", f"/pairing/rounds/{round_id}/run")
    assert started.status_code == 202 and started.json()["status"] == "running"
    status = call(client, "GET", f"/pairing/rounds/{round_id}").json()
    assert status["status"] == "ready" and status["progress"] == 100
    assert len(status["input_fingerprint"]) == 64
    proposal = call(client, "GET", f"/pairing/rounds/{round_id}/proposal").json()
    assert len(proposal["pairs"]) == 4 and proposal["figures"]["matched"] == 4
    assert all(p["reasons"] for p in proposal["pairs"])
    first = proposal["pairs"][0]
    adjusted = call(
        client,
        "POST",
        f"/pairing/rounds/{round_id}/adjust",
        {"action": "remove", "pair": first["public_id"]},
    ).json()
    assert adjusted["figures"]["unmatched"] == 1
    assert adjusted["unmatched"][0]["public_id"] == first["mentee"]["public_id"]
    refused = call(
        client, "POST", f"/pairing/rounds/{round_id}/adjust", {"action": "swap", "pair": None}
    )
    assert refused.status_code == 400
    exported = call(client, "GET", f"/pairing/rounds/{round_id}/export?part=instance").json()
    assert exported["format"] == "quiltmatch-instance/1"
    published = call(client, "POST", f"/pairing/rounds/{round_id}/publish", {}).json()
    assert published["made"] == 3 and MentorshipRequest.objects.count() == 3
