"""Every training and onboarding API operation x every persona -> expected status (SECURITY V8).

Kept in the shape of tests/authz/web_matrix.py: (method, path, body, expectations), with
"*" for every signed-in persona not named; anonymous callers always get 401. These rows
move into tests/authz/api_matrix.py once it exists.
"""

from __future__ import annotations

import pytest

from conftest import PERSONAS
from mentorquilt.institutions.models import Role
from mentorquilt.training.selectors import agreement_current, required_modules
from mentorquilt.training.services import module_complete
from tests.api.conftest import bearer_client

pytestmark = pytest.mark.django_db

# A role refusal is 403 in every app (institutions.access).
NOT_FOR_YOU = {"admin": 403, "coordinator": 403, "researcher": 403, "staff": 403}

ROWS: dict[str, tuple[str, str, dict | None, dict[str, int]]] = {
    "agreement_list": ("GET", "/agreements", None, {"*": 200}),
    "agreement_get": ("GET", "/agreements/{conduct}", None, {"*": 200}),
    # Mentees and mentors (the outsider is a mentee at B) accept the code of conduct.
    "agreement_accept": (
        "POST",
        "/agreements/{conduct}/acceptance",
        None,
        {**NOT_FOR_YOU, "*": 200},
    ),
    "module_list": ("GET", "/training/modules", None, {"*": 200}),
    "module_get": ("GET", "/training/modules/{mentor_module}", None, {"*": 200}),
    "module_complete": (
        "POST",
        "/training/modules/{mentor_module}/completion",
        {"attest": True},
        {"mentor": 200, "*": 403},
    ),
    "completion_list": ("GET", "/training/completions", None, {"*": 200}),
    "certificate_download": (
        "GET",
        "/training/completions/{mentor_completion}/certificate",
        None,
        {"mentor": 200, "*": 404},
    ),
    "checklist_get": ("GET", "/onboarding/checklist", None, {"*": 200}),
}

CELLS = [(op, persona) for op in ROWS for persona in PERSONAS]


@pytest.mark.parametrize(("operation", "persona"), CELLS, ids=[f"{o}-{p}" for o, p in CELLS])
def test_each_operation_answers_each_persona_as_the_matrix_says(world, operation, persona):
    method, path, body, expectations = ROWS[operation]
    modules = list(required_modules(role=Role.MENTOR))
    # The mentor's certificate is for another module than the one they may still complete.
    completion = module_complete(user=world.mentor, module=modules[1], attested=True)
    path = path.format(
        conduct=agreement_current(kind="conduct").public_id,
        mentor_module=modules[0].public_id,
        mentor_completion=completion.public_id,
    )
    api = bearer_client(world.persona(persona))
    response = api.post(path, body) if method == "POST" else api.get(path)
    want = 401 if persona == "anonymous" else expectations.get(persona, expectations["*"])
    assert response.status_code == want, f"{method} {path} as {persona}: {response.content[:200]}"
