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
    with django_capture_on_commit_callbacks(execute=True):
        started = call(client, "POST", f"/pairing/rounds/{round_id}/publish", {})
    assert started.status_code == 202 and started.json()["status"] == "publishing"
    status = call(client, "GET", f"/pairing/rounds/{round_id}").json()
    assert status["status"] == "published"
    assert status["published"]["made"] == 3 and MentorshipRequest.objects.count() == 3


def test_the_proposal_api_lists_who_was_left_out_and_outsiders_cannot_publish(
    world, django_capture_on_commit_callbacks
):
    """Issue 10 item 4: the persona mentee and mentor are not ready; names, steps, link."""
    from django.test import Client
    from django.urls import reverse

    from mentorquilt.pairing.services import round_start
    from mentorquilt.pairing.tests.helpers import make_round

    cohort(world, mentees=2, mentors=1, capacity=2)
    match_round = make_round(world, cap=2)
    with django_capture_on_commit_callbacks(execute=True):
        round_start(actor=world.coordinator, match_round=match_round)
    _, raw = api_token_create(user=world.coordinator, name="script")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    body = call(client, "GET", f"/pairing/rounds/{match_round.public_id}/proposal").json()
    left = {x["public_id"]: x for x in body["left_out"]}
    assert set(left) == {str(world.mentee.public_id), str(world.mentor.public_id)}
    assert left[str(world.mentor.public_id)]["role"] == "mentor"
    assert left[str(world.mentee.public_id)]["link"] == reverse("onboarding_checklist")
    assert all(x["reasons"] for x in left.values())
    _, raw = api_token_create(user=world.outsider, name="script")
    outsider = Client(headers={"Authorization": f"Bearer {raw}"})
    with django_capture_on_commit_callbacks(execute=True):
        refused = call(outsider, "POST", f"/pairing/rounds/{match_round.public_id}/publish", {})
    assert refused.status_code == 404
    match_round.refresh_from_db()
    assert match_round.status == "ready"
