"""schemathesis against our OpenAPI document, in process, once per operation and persona.

All of schemathesis's checks run (the `--checks all` of its command line): no
5xx, every status code and content type documented, bodies match their
schemas, schema-invalid input refused, undeclared methods answer 405, missing
or invalid credentials answer 401. Each persona signs in with a real personal
access token, on the test database.

Generated ids rarely name a real object, so most of them are swapped for ids of
real objects at both institutions (deterministically, from the generated id):
the checks then also run against the answers an actual admin, coordinator,
mentee or outsider gets.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from conftest import World, make_user
from mentorquilt.accounts.services import api_token_create
from mentorquilt.institutions.models import Role
from mentorquilt.institutions.services import invitation_create, membership_request

CHECKS = {
    "enabled": True,
    # 400 is the API's answer when a rule of the domain refuses well-formed input
    # (a name already taken, an answered request): schema-valid is not always allowed.
    "positive_data_acceptance": {"expected-statuses": ["2xx", "400", "401", "403", "404", "409"]},
}
# Staff can reach every object, so every success response is exercised; they get every
# phase: the schema's examples, the coverage phase (each parameter's boundaries and
# every kind of invalid value, undeclared methods, missing credentials) and fuzzing.
FULL = {
    "generation": {"max-examples": 6, "deterministic": True},
    "phases": {"stateful": {"enabled": False}},
    "checks": CHECKS,
}
# Invalid input is refused before any authorization, the same for everyone, so the
# other personas skip the coverage phase: examples and a few fuzzed cases each show
# what a mentee, an admin and the outsider are answered. (Coordinators and researchers
# get every operation checked by the authorization matrix; fuzzing them as well
# doubled this file's time for no new kind of answer.)
LIGHT = {
    "generation": {"max-examples": 4, "deterministic": True},
    "phases": {"stateful": {"enabled": False}, "coverage": {"enabled": False}},
    "checks": CHECKS,
}
LIGHT_PERSONAS = ["mentee", "admin", "outsider"]


# Loaded at collection (serving the document needs no database); schemathesis then
# makes one test per operation, and the persona fixtures multiply them.
# (schemathesis.pytest.from_fixture cannot be used: it relies on a pytest internal
# that pytest 9 removed.)
def _load(config: dict[str, Any]) -> Any:
    return schemathesis.openapi.from_wsgi(
        "/api/v1/openapi.json", WSGIHandler(), config=schemathesis.Config.from_dict(config)
    )


full_schema = _load(FULL)
light_schema = _load(LIGHT)


@pytest.fixture
def _keep_test_connection() -> Iterator[None]:
    """Requests through the WSGI handler close stale connections when they start and
    end; here that would close the connection holding the test's transaction. Django's
    test client disconnects the same receivers."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=LIGHT_PERSONAS)
def persona(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def real_ids(world: World, persona: str) -> dict[str, list[str]]:
    """Ids of real objects at both institutions, by path parameter name."""
    a, b = world.institution_a, world.institution_b
    pending = membership_request(
        user=make_user("newcomer@example.org"), institution=a, role=Role.MENTOR
    )
    invitation = invitation_create(
        actor=world.admin,
        institution=a,
        email="invitee@example.org",
        name="Invitee",
        role=Role.MENTEE,
    )
    other_token, _ = api_token_create(user=world.mentor, name="someone else's")
    own_token, _ = api_token_create(user=world.persona(persona), name="to revoke")

    def membership(user: Any, role: str) -> str:
        return str(user.memberships.get(role=role).public_id)

    return {
        "institution_id": [str(a.public_id), str(b.public_id)],
        "membership_id": [
            str(pending.public_id),
            membership(world.mentor, Role.MENTOR),
            membership(world.mentee, Role.MENTEE),
            membership(world.outsider, Role.MENTEE),
        ],
        "invitation_id": [str(invitation.public_id)],
        "token_id": [str(own_token.public_id), str(other_token.public_id)],
    }


@pytest.fixture
def bearer(world: World, persona: str) -> dict[str, str]:
    _, raw = api_token_create(user=world.persona(persona), name="schemathesis")
    return {"Authorization": f"Bearer {raw}"}


def _point_at_real_objects(case: Any, real_ids: dict[str, list[str]]) -> None:
    """Swap a generated UUID for a real object's id, chosen by the UUID itself (so a
    failing example replays the same way); one choice in len+1 keeps the random id."""
    for name, value in list((case.path_parameters or {}).items()):
        choices = real_ids.get(name)
        try:
            generated = uuid.UUID(str(value))
        except ValueError:
            continue  # a negative case: leave the invalid value alone
        if choices:
            pick = generated.int % (len(choices) + 1)
            if pick < len(choices):
                case.path_parameters[name] = choices[pick]


SETTINGS = settings(
    # The world and the token are made once per operation and persona and shared by its
    # examples, as one client's objects would be: writes by one example meet the next.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    deadline=None,
)


@full_schema.parametrize()
@pytest.mark.parametrize("persona", ["staff"])
@SETTINGS
def test_the_api_keeps_to_its_openapi_document_for_staff(
    case: Any,
    bearer: dict[str, str],
    real_ids: dict[str, list[str]],
    _keep_test_connection: None,
) -> None:
    _point_at_real_objects(case, real_ids)
    case.call_and_validate(headers=bearer)


@light_schema.parametrize()
@SETTINGS
def test_the_api_keeps_to_its_openapi_document_for_each_persona(
    case: Any,
    bearer: dict[str, str],
    real_ids: dict[str, list[str]],
    _keep_test_connection: None,
) -> None:
    _point_at_real_objects(case, real_ids)
    case.call_and_validate(headers=bearer)
