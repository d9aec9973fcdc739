"""Every API operation x every persona answers as api_matrix.py says (SECURITY.md V8)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from config.api import api
from conftest import World, client_for, make_user
from mentorquilt.accounts.services import api_token_create
from mentorquilt.institutions.models import Role
from mentorquilt.institutions.services import (
    invitation_create,
    membership_grant,
    membership_request,
)
from mentorquilt.training.selectors import agreement_current, required_modules
from mentorquilt.training.services import module_complete
from tests.authz.api_matrix import (
    API,
    CROSS_INSTITUTION,
    CROSS_INSTITUTION_PERSONAS,
    NOT_JSON,
    PERSONAS,
)
from tests.authz.api_matrix_profiles import profile_targets
from tests.authz.mentorship_targets import MentorshipTargets

BASE = "/api/v1"
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def documented_operations() -> dict[str, tuple[str, str]]:
    """operation id -> (METHOD, path below /api/v1) for every operation in the OpenAPI document."""
    operations: dict[str, tuple[str, str]] = {}
    for path, methods in api.get_openapi_schema()["paths"].items():
        for method, operation in methods.items():
            assert path.startswith(BASE + "/"), path
            operations[operation["operationId"]] = (method.upper(), path.removeprefix(BASE))
    return operations


def test_every_api_operation_has_a_row_in_the_matrix():
    documented = documented_operations()
    missing = sorted(set(documented) - set(API))
    assert not missing, f"Add these operations to tests/authz/api_matrix.py: {missing}"
    stale = sorted(set(API) - set(documented))
    assert not stale, f"These matrix rows name no operation: {stale}"


def test_every_row_names_its_operations_method_and_path():
    documented = documented_operations()
    for operation_id, row in API.items():
        if operation_id not in documented:
            continue  # reported by the test above
        method, path = documented[operation_id]
        assert row["method"] == method, operation_id
        template = PLACEHOLDER.sub("{}", path)
        assert PLACEHOLDER.sub("{}", row["path"]) == template, operation_id
        assert set(PERSONAS) <= set(row), f"{operation_id} lacks a persona"


def test_every_operation_has_an_explicit_stable_id():
    # ninja's default ids are made from function names; ours are chosen and kept.
    for operation_id in documented_operations():
        assert re.fullmatch(r"[a-z]+(_[a-z]+)+", operation_id), operation_id


def targets(world: World, persona: str) -> dict[str, str]:
    """The objects the matrix's placeholders name, made with the real services."""
    a, b = world.institution_a, world.institution_b
    pending_a = membership_request(
        user=make_user("newcomer@example.org"), institution=a, role=Role.MENTOR
    )
    pending_b = membership_request(
        user=make_user("newcomer@b.example.org"), institution=b, role=Role.MENTOR
    )
    mentor_b = membership_grant(
        actor=world.staff,
        user=make_user("mentor@b.example.org"),
        institution=b,
        role=Role.MENTOR,
        source="test",
    )
    invitation_a = invitation_create(
        actor=world.admin, institution=a, email="invitee@example.org", name="", role=Role.MENTEE
    )
    invitation_b = invitation_create(
        actor=world.staff, institution=b, email="invitee@example.org", name="", role=Role.MENTEE
    )
    owner = world.persona(persona) or world.mentee
    own_token, _ = api_token_create(user=owner, name="to revoke")
    other_token, _ = api_token_create(user=world.outsider, name="not yours")
    mentor_modules = list(required_modules(role=Role.MENTOR))
    # The certificate is for another module than the one the mentor may still complete.
    completion = module_complete(user=world.mentor, module=mentor_modules[1], attested=True)
    values = {
        "institution_a": str(a.public_id),
        "institution_b": str(b.public_id),
        "membership_a_pending": str(pending_a.public_id),
        "membership_a_mentee": str(world.mentee.memberships.get(role=Role.MENTEE).public_id),
        "membership_a_mentor": str(world.mentor.memberships.get(role=Role.MENTOR).public_id),
        "membership_b_pending": str(pending_b.public_id),
        "membership_b_mentor": str(mentor_b.public_id),
        "membership_b_outsider": str(world.outsider.memberships.get(role=Role.MENTEE).public_id),
        "invitation_a": str(invitation_a.public_id),
        "invitation_b": str(invitation_b.public_id),
        "token_own": str(own_token.public_id),
        "token_other": str(other_token.public_id),
        "agreement_conduct": str(agreement_current(kind="conduct").public_id),
        "module_mentor": str(mentor_modules[0].public_id),
        "completion_mentor": str(completion.public_id),
        **profile_targets(world),
    }
    # The mentorship rows' objects (slow: ready people) are made only when a row names them.
    return MentorshipTargets(values, world, persona)


def fill(value: Any, values: dict[str, str]) -> Any:
    """Replace {placeholders} in a path or anywhere in a body."""
    if isinstance(value, str):
        return PLACEHOLDER.sub(lambda match: values[match.group(1)], value)
    if isinstance(value, dict):
        return {key: fill(item, values) for key, item in value.items()}
    if isinstance(value, list):
        return [fill(item, values) for item in value]
    return value


def client(world: World, persona: str, auth: str) -> Client:
    user = world.persona(persona)
    if user is None:
        return Client()
    if auth == "token":
        _, raw = api_token_create(user=user, name="matrix")
        return Client(headers={"Authorization": f"Bearer {raw}"})
    return client_for(user)  # the session; the test client sends a valid CSRF check


def send(client: Client, method: str, path: str, body: Any) -> Any:
    url = BASE + path
    if method == "GET":
        return client.get(url)
    payload = json.dumps(body) if body is not None else ""
    return client.generic(method, url, payload, content_type="application/json")


# Rows with "walked_by" are sent, cell by cell, by the test that names them.
CELLS = [
    (operation_id, persona, auth)
    for operation_id in API
    if "walked_by" not in API[operation_id]
    for persona in PERSONAS
    for auth in ("token", "session")
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("operation_id", "persona", "auth"), CELLS, ids=["-".join(cell) for cell in CELLS]
)
def test_operation_answers_each_persona_as_the_matrix_says(
    world: World, operation_id: str, persona: str, auth: str
):
    row = API[operation_id]
    values = targets(world, persona)
    path = fill(row["path"], values)
    response = send(
        client(world, persona, auth), row["method"], path, fill(row.get("body"), values)
    )
    status = row.get("by_token", {}).get(persona, row[persona]) if auth == "token" else row[persona]
    assert response.status_code == status, (
        f"{row['method']} {path} as {persona} ({auth}): {response.content[:300]!r}"
    )
    content_type = (
        NOT_JSON.get(operation_id, "application/json")
        if response.status_code == 200
        else "application/json"
    )
    assert response["Content-Type"].startswith(content_type) or response.status_code == 204


CROSS_CELLS = [
    (operation_id, persona)
    for operation_id in CROSS_INSTITUTION
    for persona in CROSS_INSTITUTION_PERSONAS
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("operation_id", "persona"), CROSS_CELLS, ids=["-".join(cell) for cell in CROSS_CELLS]
)
def test_another_institutions_objects_answer_404(world: World, operation_id: str, persona: str):
    cross = CROSS_INSTITUTION[operation_id]
    method = API[operation_id]["method"]
    values = targets(world, persona)
    path = fill(cross["path"], values)
    response = send(client(world, persona, "token"), method, path, fill(cross.get("body"), values))
    assert response.status_code == 404, f"{method} {path} as {persona}: {response.content[:300]!r}"
    assert response.json() == {"detail": "Not found.", "code": "not_found"}


@pytest.mark.django_db
def test_an_admin_of_a_gets_404_for_every_object_of_b(world: World):
    """The cell the issue names, on its own: institution A's admin and B's objects."""
    values = targets(world, "admin")
    admin = client(world, "admin", "token")
    for operation_id, cross in CROSS_INSTITUTION.items():
        method = API[operation_id]["method"]
        path = fill(cross["path"], values)
        response = send(admin, method, path, fill(cross.get("body"), values))
        assert response.status_code == 404, f"{operation_id}: {method} {path}"
    # The same admin does reach the matching objects of A (so the 404s above are scoping).
    assert (
        send(admin, "GET", fill("/institutions/{institution_a}/members", values), None).status_code
        == 200
    )
