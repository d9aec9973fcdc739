"""The JSON API of agreements, training, certificates and the checklist (R5, R9, R12, R27)."""

from __future__ import annotations

import pytest

from mentorquilt.institutions.models import Role
from mentorquilt.onboarding.tests.helpers import make_fully_ready
from mentorquilt.training.models import AgreementAcceptance, ModuleCompletion
from mentorquilt.training.selectors import agreement_current, required_modules
from mentorquilt.training.services import agreement_draft_create, module_complete
from mentorquilt.training.tests.helpers import module
from tests.api.conftest import bearer_client

pytestmark = pytest.mark.django_db


def test_the_agreement_list_shows_each_current_text_and_whether_it_is_for_the_caller(world):
    body = bearer_client(world.mentee).get("/agreements").json()
    by_kind = {item["kind"]: item for item in body}
    assert set(by_kind) == {"mentor", "mentee", "conduct"}
    assert by_kind["mentee"]["applies_to_me"] and by_kind["conduct"]["applies_to_me"]
    assert not by_kind["mentor"]["applies_to_me"]
    assert by_kind["mentee"]["is_current"] and by_kind["mentee"]["accepted_at"] is None


def test_a_mentee_accepts_the_current_agreement_through_the_api(world):
    api = bearer_client(world.mentee)
    version = agreement_current(kind="mentee")
    response = api.post(f"/agreements/{version.public_id}/acceptance")
    assert response.status_code == 200
    assert response.json()["kind"] == "mentee" and response.json()["version"] == 1
    assert AgreementAcceptance.objects.get(user=world.mentee).version == version
    again = api.get(f"/agreements/{version.public_id}").json()
    assert again["accepted_at"] is not None


def test_accepting_an_agreement_for_another_role_answers_403_with_the_reason(world):
    # A role refusal is 403 in every app (institutions.access), never a 400.
    version = agreement_current(kind="mentor")
    response = bearer_client(world.mentee).post(f"/agreements/{version.public_id}/acceptance")
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert "for people who are mentors" in response.json()["detail"]


def test_a_draft_is_not_found_except_by_staff(world):
    draft = agreement_draft_create(actor=world.staff, kind="mentee", title="Draft", body="Text.")
    assert bearer_client(world.mentee).get(f"/agreements/{draft.public_id}").status_code == 404
    staff_view = bearer_client(world.staff).get(f"/agreements/{draft.public_id}")
    assert staff_view.status_code == 200 and staff_view.json()["published_at"] is None
    accept = bearer_client(world.mentee).post(f"/agreements/{draft.public_id}/acceptance")
    assert accept.status_code == 404


def test_a_mentor_lists_their_modules_and_completes_one_with_an_attestation(world):
    api = bearer_client(world.mentor)
    page = api.get("/training/modules").json()
    assert page["count"] == 6
    assert all(item["required_for_mentors"] for item in page["items"])
    target = module("Cultural humility")
    detail = api.get(f"/training/modules/{target.public_id}").json()
    assert "## Cultural humility, not cultural expertise" in detail["content"]
    assert detail["completed_at"] is None

    refused = api.post(f"/training/modules/{target.public_id}/completion", {"attest": False})
    assert refused.status_code == 400 and refused.json()["field"] == "attest"
    not_boolean = api.post(f"/training/modules/{target.public_id}/completion", {"attest": 1})
    assert not_boolean.status_code == 422
    done = api.post(f"/training/modules/{target.public_id}/completion", {"attest": True})
    assert done.status_code == 200
    assert done.json()["credit_hours"] == 0.75 and done.json()["has_certificate"]
    assert ModuleCompletion.objects.get(user=world.mentor).module == target


def test_a_mentee_cannot_complete_a_mentor_module_through_the_api(world):
    target = required_modules(role=Role.MENTOR).first()
    response = bearer_client(world.mentee).post(
        f"/training/modules/{target.public_id}/completion", {"attest": True}
    )
    assert response.status_code == 403
    assert not ModuleCompletion.objects.exists()


def test_completions_and_certificates_belong_to_their_owner_only(world):
    completion = module_complete(user=world.mentor, module=module("Advocacy"), attested=True)
    mine = bearer_client(world.mentor).get("/training/completions").json()
    assert [item["public_id"] for item in mine["items"]] == [str(completion.public_id)]
    assert bearer_client(world.mentee).get("/training/completions").json()["count"] == 0

    path = f"/training/completions/{completion.public_id}/certificate"
    pdf = bearer_client(world.mentor).get(path)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["Cache-Control"] == "no-store" and pdf.content.startswith(b"%PDF")
    for persona in ("mentee", "admin", "staff", "outsider"):
        response = bearer_client(getattr(world, persona)).get(path)
        assert response.status_code == 404, persona
        assert response.json() == {"detail": "Not found.", "code": "not_found"}


def test_the_checklist_says_what_is_missing_and_when_the_caller_is_ready(world):
    body = bearer_client(world.mentee).get("/onboarding/checklist").json()
    [mentee] = body["checklists"]
    assert mentee["role"] == "mentee" and not mentee["ready"]
    assert [
        s["key"] for s in mentee["steps"] if not s["done"] and not s["key"].startswith("mentee_")
    ] == [
        "agreement:mentee",
        "agreement:conduct",
        "training",
    ]
    make_fully_ready(world.mentee, Role.MENTEE)
    body = bearer_client(world.mentee).get("/onboarding/checklist").json()
    assert body["checklists"][0]["ready"]
    assert bearer_client(world.admin).get("/onboarding/checklist").json() == {"checklists": []}


def test_anonymous_callers_get_401_everywhere(world):
    anonymous = bearer_client(None)
    for path in (
        "/agreements",
        "/training/modules",
        "/training/completions",
        "/onboarding/checklist",
    ):
        assert anonymous.get(path).status_code == 401
