"""The programs rows of the web and API authorization matrices, cell by cell (R29, R30;
SECURITY V8): managers run programs, members of the institution read and apply, another
institution's program answers 404.

Each persona gets one world and every request runs in a savepoint that is rolled back, so
each cell sees the same program, cohort, applicant and session.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from conftest import PERSONAS, client_for, make_user
from mentorquilt.accounts.services import api_token_create
from mentorquilt.institutions.models import Role
from mentorquilt.institutions.services import membership_grant
from mentorquilt.programs.services import cohort_create, program_create, session_create
from mentorquilt.programs.tests.helpers import accepted, apply, at, make_cohort, make_program
from tests.authz.api_matrix import API
from tests.authz.api_matrix_programs import CROSS_PROGRAMS as API_CROSS
from tests.authz.api_matrix_programs import WALKED_BY
from tests.authz.test_api_matrix import fill
from tests.authz.web_matrix import WEB, expected, url_kwargs
from tests.authz.web_matrix_programs import CROSS_PROGRAMS, WEB_PROGRAMS

assert all(WEB[name] == WEB_PROGRAMS[name] for name in WEB_PROGRAMS)
API_ROWS = {key: row for key, row in API.items() if row.get("walked_by") == WALKED_BY}

pytestmark = pytest.mark.django_db


def build(world: Any) -> dict[str, str]:
    program = make_program(world)
    cohort = make_cohort(world, program)
    mentee_member = accepted(world, world.mentee, cohort)
    newcomer = make_user("applicant@a.example.org")
    membership_grant(
        actor=world.staff,
        user=newcomer,
        institution=world.institution_a,
        role=Role.MENTEE,
        source="t",
    )
    applicant = apply(newcomer, cohort)
    start = at(hours=0.5)
    session = session_create(
        actor=world.coordinator,
        cohort=cohort,
        kind="workshop",
        title="Matrix session",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        place="Room 9",
    )
    coordinator_b = make_user("coordinator@b.example.org")
    membership_grant(
        actor=world.staff,
        user=coordinator_b,
        institution=world.institution_b,
        role=Role.COORDINATOR,
        source="test",
    )
    program_b = program_create(
        actor=coordinator_b, institution=world.institution_b, kind="cohort", name="B program"
    )
    cohort_b = cohort_create(
        actor=coordinator_b,
        program=program_b,
        name="B cohort",
        starts_on=cohort.starts_on,
        ends_on=cohort.ends_on,
        capacity=5,
        status="recruiting",
    )
    later = at(days=20)
    return {
        "program": str(program.public_id),
        "cohort": str(cohort.public_id),
        "applicant": str(applicant.public_id),
        "mentee_member": str(mentee_member.public_id),
        "session": str(session.public_id),
        "program_b": str(program_b.public_id),
        "cohort_b": str(cohort_b.public_id),
        "institution_a": str(world.institution_a.public_id),
        "later": later.isoformat(),
        "later_end": (later + timedelta(hours=2)).isoformat(),
    }


def api_client(user: Any, auth: str) -> Any:
    if user is None:
        return Client()
    if auth == "token":
        _, raw = api_token_create(user=user, name="matrix")
        return Client(headers={"Authorization": f"Bearer {raw}"})
    return client_for(user)


def in_savepoint(send: Any) -> Any:
    with transaction.atomic():
        response = send()
        transaction.set_rollback(True)
    return response


def _web(user: Any, method: str, url: str) -> Any:
    client = client_for(user)
    return client.post(url) if method == "POST" else client.get(url)


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_programs_page_and_operation_answers_each_persona_as_the_matrix_says(world, persona):
    values = build(world)
    user = world.persona(persona)
    failures = []
    for name, (method, kwargs, expectations) in WEB_PROGRAMS.items():
        url = reverse(name, kwargs=url_kwargs(kwargs, values))
        got = in_savepoint(lambda m=method, u=url: _web(user, m, u)).status_code
        if got != expected(expectations, persona):
            failures.append(
                f"web {method} {name}: {got}, expected {expected(expectations, persona)}"
            )
    for name, (method, kwargs, statuses) in CROSS_PROGRAMS.items():
        if persona not in statuses:
            continue
        url = reverse(name, kwargs=url_kwargs(kwargs, values))
        got = in_savepoint(lambda m=method, u=url: _web(user, m, u)).status_code
        if got != statuses[persona]:
            failures.append(f"cross {method} {name}: {got}, expected {statuses[persona]}")
    for operation_id, row in API_ROWS.items():
        path = "/api/v1" + fill(row["path"], values)
        body = fill(row.get("body"), values)
        for auth in ("token", "session"):

            def api(path: str = path, body: Any = body, auth: str = auth, m: str = row["method"]):
                client = api_client(user, auth)
                if m == "GET":
                    return client.get(path)
                payload = json.dumps(body) if body is not None else ""
                return client.generic(m, path, payload, content_type="application/json")

            response = in_savepoint(api)
            if response.status_code != row[persona]:
                failures.append(
                    f"api {operation_id} ({auth}) {path}: {response.status_code}, expected "
                    f"{row[persona]}: {response.content[:150]!r}"
                )
    if persona in ("admin", "coordinator", "mentee", "mentor", "researcher"):
        for operation_id, cross in API_CROSS.items():
            path = "/api/v1" + fill(cross["path"], values)

            def other(path: str = path, cross: dict[str, Any] = cross) -> Any:
                client = api_client(user, "token")
                if cross["method"] == "GET":
                    return client.get(path)
                body = json.dumps(cross.get("body", {}))
                return client.generic("POST", path, body, content_type="application/json")

            got = in_savepoint(other).status_code
            if got != 404:
                failures.append(f"api cross {operation_id}: {got}, expected 404")
    assert not failures, f"as {persona}:\n" + "\n".join(failures)
