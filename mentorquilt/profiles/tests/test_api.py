"""The profiles part of the JSON API: same consent rules, keys absent not null
(R4, R6, R7, R11, R19, R36; SECURITY V8)."""

from __future__ import annotations

import json

import pytest

from conftest import World
from mentorquilt.institutions.models import Role
from mentorquilt.profiles.models import PersonAttribute
from mentorquilt.profiles.services import eligibility_attest
from mentorquilt.profiles.tests.helpers import give_attribute, published_mentor
from tests.api.conftest import bearer_client

pytestmark = pytest.mark.django_db


def test_taxonomies_are_listed_by_slug_for_any_signed_in_person(world: World):
    """R37."""
    body = bearer_client(world.outsider).get("/taxonomies").json()
    assert "nursing" in {t["slug"] for t in body["tracks"]}
    dims = {d["slug"]: d for d in body["dimensions"]}
    assert dims["immigrant-daca"]["wish_only"] is True
    assert bearer_client(None).get("/taxonomies").status_code == 401


def test_consents_default_to_off_through_the_api(world: World):
    api = bearer_client(world.mentee)
    response = api.client.put(
        "/api/v1/me/attributes",
        json.dumps({"attributes": [{"category": "gender-woman"}]}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json() == [
        {
            "dimension": "gender",
            "category": "gender-woman",
            "name": "Woman",
            "use_for_matching": False,
            "show_on_profile": False,
        }
    ]


def test_a_mentee_cannot_record_immigrant_experience_through_the_api(world: World):
    response = bearer_client(world.mentee).client.put(
        "/api/v1/me/attributes",
        json.dumps({"attributes": [{"category": "immigrant-experience"}]}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not PersonAttribute.objects.filter(user=world.mentee).exists()


def test_a_hidden_attribute_is_absent_from_a_mentor_profile_answer(world: World):
    """Field level: the hidden attribute's key and value are missing, not null."""
    profile = published_mentor(world.mentor, scope="national")
    give_attribute(world.mentor, "race-asian", match=True, show=True)
    give_attribute(world.mentor, "veteran-yes", match=True, show=False)
    for viewer in (world.mentee, world.outsider, world.admin):
        response = bearer_client(viewer).get(f"/mentors/{profile.public_id}")
        assert response.status_code == 200
        text = response.content.decode()
        assert "veteran" not in text.lower()
        assert [a["category"] for a in response.json()["attributes"]] == ["race-asian"]


def test_a_local_mentor_answers_404_to_another_institution(world: World):
    """R3."""
    profile = published_mentor(world.mentor, scope="local")
    assert bearer_client(world.outsider).get(f"/mentors/{profile.public_id}").status_code == 404
    assert bearer_client(world.mentee).get(f"/mentors/{profile.public_id}").status_code == 200


def test_eligibility_key_is_absent_for_the_institution_admin(world: World):
    """R11: the attestation is private to its owner (and audited staff)."""
    profile = eligibility_attest(
        actor=world.mentee, urim=False, first_gen=False, low_income=True, basis="Pell grant."
    )
    seen_by_admin = bearer_client(world.admin).get(f"/mentees/{profile.public_id}").json()
    assert "eligibility" not in seen_by_admin
    seen_by_owner = bearer_client(world.mentee).get(f"/mentees/{profile.public_id}").json()
    assert seen_by_owner["eligibility"]["low_income"] is True
    assert bearer_client(world.outsider).get(f"/mentees/{profile.public_id}").status_code == 404


def test_capacity_above_three_is_refused_by_the_api(world: World):
    """R6."""
    body = {"bio": "x", "areas": ["interviews"], "formats": ["video"], "capacity": 4}
    response = bearer_client(world.mentor).client.put(
        "/api/v1/me/mentor-profile", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422


def test_a_mentor_qualifies_and_the_admin_verifies_through_the_api(world: World):
    """R4: submit, then verify; the membership becomes verified."""
    membership = world.mentor.memberships.get(role=Role.MENTOR)
    membership.verified_at = None
    membership.save()
    created = bearer_client(world.mentor).post(
        "/me/qualifications",
        {
            "institution_id": str(world.institution_a.public_id),
            "basis": "shared_background",
            "evidence": "First in my family to attend college.",
        },
    )
    assert created.status_code == 201, created.content
    qid = created.json()["public_id"]
    assert bearer_client(world.coordinator).post(f"/qualifications/{qid}/verify").status_code == 404
    queue = bearer_client(world.admin).get(
        f"/institutions/{world.institution_a.public_id}/qualifications"
    )
    assert [q["public_id"] for q in queue.json()] == [qid]
    verified = bearer_client(world.admin).post(f"/qualifications/{qid}/verify")
    assert verified.json()["status"] == "verified"
    membership.refresh_from_db()
    assert membership.verified_at is not None


def test_profile_steps_are_offered_to_the_onboarding_checklist(world: World):
    steps = bearer_client(world.mentee).get("/me/profile-steps", role="mentee").json()
    assert steps[0]["key"] == "mentee_about" and steps[0]["done"] is False
    both = bearer_client(world.mentor).get("/me/profile-steps").json()
    assert {step["role"] for step in both} == {"mentor"}
