"""The engagement rows of the web and API authorization matrices, cell by cell (R14, R26-R28;
SECURITY V8).

An accepted pair is slow to make, so each persona gets one world and every request runs
in a savepoint that is rolled back: each cell sees the same untouched objects.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import PERSONAS, client_for
from mentorquilt.accounts.services import api_token_create
from mentorquilt.engagement.services import (
    concern_report,
    evaluations_open_due,
    goal_create,
    meeting_schedule,
    milestone_add,
)
from mentorquilt.engagement.tests.helpers import pair
from tests.authz.api_matrix import API
from tests.authz.api_matrix_engagement import WALKED_BY
from tests.authz.test_api_matrix import fill
from tests.authz.web_matrix import WEB, expected, url_kwargs
from tests.authz.web_matrix_engagement import WEB_ENGAGEMENT

API_ROWS = {key: row for key, row in API.items() if row.get("walked_by") == WALKED_BY}
assert all(WEB[name] == WEB_ENGAGEMENT[name] for name in WEB_ENGAGEMENT)

pytestmark = pytest.mark.django_db


def build(world: Any) -> dict[str, str]:
    mentorship = pair(world)
    meeting = meeting_schedule(
        actor=world.mentee,
        mentorship=mentorship,
        starts_at=timezone.now() + timedelta(days=1),
        minutes=30,
        format="phone",
    )
    goal = goal_create(mentee=world.mentee, title="Write my personal statement")
    milestone = milestone_add(mentee=world.mentee, goal=goal, title="First draft")
    concern = concern_report(reporter=world.mentee, mentorship=mentorship, text="Worried.")
    return {
        "mentorship": str(mentorship.public_id),
        "meeting": str(meeting.public_id),
        "goal": str(goal.public_id),
        "milestone": str(milestone.public_id),
        "concern": str(concern.public_id),
    }


def in_savepoint(send: Any) -> Any:
    with transaction.atomic():
        response = send()
        transaction.set_rollback(True)
    return response


def api_client(user: Any, auth: str) -> Client:
    if user is None:
        return Client()
    if auth == "token":
        _, raw = api_token_create(user=user, name="matrix")
        return Client(headers={"Authorization": f"Bearer {raw}"})
    return client_for(user)


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_engagement_page_and_operation_answers_as_the_matrices_say(world, persona):
    values = build(world)
    user = world.persona(persona)
    failures = []
    # Half a year on: the meeting's time has passed and the first evaluation is due.
    with time_machine.travel(timezone.now() + timedelta(days=190)):
        evaluations_open_due()
        from mentorquilt.engagement.models import Evaluation

        values["evaluation"] = str(Evaluation.objects.get().public_id)
        values["future"] = (timezone.now() + timedelta(days=3)).isoformat()
        values["past"] = (timezone.now() - timedelta(days=3)).isoformat()
        for name, (method, kwargs, expectations) in WEB_ENGAGEMENT.items():
            url = reverse(name, kwargs=url_kwargs(kwargs, values))

            def web(url: str = url, method: str = method) -> Any:
                client = client_for(user)
                return client.post(url) if method == "POST" else client.get(url)

            got, want = in_savepoint(web).status_code, expected(expectations, persona)
            if got != want:
                failures.append(f"web {method} {name} {url}: {got}, expected {want}")
        for operation_id, row in API_ROWS.items():
            path = "/api/v1" + fill(row["path"], values)
            body = fill(row.get("body"), values)
            for auth in ("token", "session"):

                def api(
                    path: str = path,
                    body: Any = body,
                    auth: str = auth,
                    method: str = row["method"],
                ) -> Any:
                    client = api_client(user, auth)
                    if method == "GET":
                        return client.get(path)
                    payload = json.dumps(body) if body is not None else ""
                    return client.generic(method, path, payload, content_type="application/json")

                response = in_savepoint(api)
                if response.status_code != row[persona]:
                    failures.append(
                        f"api {operation_id} ({auth}) {path}: {response.status_code}, expected "
                        f"{row[persona]}: {response.content[:150]!r}"
                    )
    assert not failures, f"as {persona}:\n" + "\n".join(failures)
