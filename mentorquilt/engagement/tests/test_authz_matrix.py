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
from mentorquilt.engagement.models import (
    ConcernAction,
    Goal,
    GoalComment,
    Meeting,
    MeetingStatus,
    Milestone,
)
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


def in_savepoint(send: Any, done: Any = None) -> Any:
    """Send in a savepoint that is rolled back; with `done`, also (done before, done after)."""
    with transaction.atomic():
        before = done() if done else None
        response = send()
        after = done() if done else None
        transaction.set_rollback(True)
    return (response, before, after) if done else response


# Each web write: (valid body, its effect (done?), where an allowed one redirects). A 302
# alone says nothing: these views redirect after a refused action too.
def _goal_page(v: dict[str, str]) -> str:
    return reverse("goal_detail", kwargs={"goal_id": v["goal"]})


WRITES: dict[str, tuple[dict[str, str], Any, Any]] = {
    "meeting_cancel": (
        {},
        lambda v: Meeting.objects.get(public_id=v["meeting"]).status == MeetingStatus.CANCELLED,
        lambda v: reverse("meeting_list", kwargs={"mentorship_id": v["mentorship"]}),
    ),
    "goal_done": (
        {"done": "yes"},
        lambda v: Goal.objects.get(public_id=v["goal"]).done_at is not None,
        _goal_page,
    ),
    "milestone_add": (
        {"title": "Ask two readers for comments"},
        lambda v: Milestone.objects.filter(
            goal__public_id=v["goal"], title="Ask two readers for comments"
        ).exists(),
        _goal_page,
    ),
    "milestone_done": (
        {"done": "yes"},
        lambda v: Milestone.objects.get(public_id=v["milestone"]).done_at is not None,
        _goal_page,
    ),
    "goal_comment": (
        {"text": "Start with the story of your clinic day."},
        lambda v: GoalComment.objects.filter(
            goal__public_id=v["goal"], text="Start with the story of your clinic day."
        ).exists(),
        _goal_page,
    ),
    "concern_act": (
        {"kind": "review", "note": "Called the mentee."},
        lambda v: ConcernAction.objects.filter(
            concern__public_id=v["concern"], kind="review"
        ).exists(),
        lambda v: reverse("concern_detail", kwargs={"concern_id": v["concern"]}),
    ),
}
assert set(WRITES) == {name for name, row in WEB_ENGAGEMENT.items() if row[0] == "POST"}


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

            want = expected(expectations, persona)
            if method == "GET":
                got = in_savepoint(lambda url=url: client_for(user).get(url)).status_code
                if got != want:
                    failures.append(f"web {method} {name} {url}: {got}, expected {want}")
                continue
            body, effect, redirect_to = WRITES[name]
            response, before, after = in_savepoint(
                lambda url=url, body=body: client_for(user).post(url, body),
                lambda effect=effect: effect(values),
            )
            got = response.status_code
            allowed = got == 302 and persona != "anonymous"
            location = response.get("Location", "")
            if got != want:
                failures.append(f"web {method} {name} {url}: {got}, expected {want}")
            elif before:
                failures.append(f"web {name}: its effect is there before the request")
            elif allowed and not after:
                failures.append(f"web {name}: answered 302 but did nothing")
            elif allowed and location != redirect_to(values):
                failures.append(f"web {name}: sent to {location}, not {redirect_to(values)}")
            elif not allowed and after:
                failures.append(f"web {name}: refused ({got}), yet done")
            elif persona == "anonymous" and not location.startswith("/accounts/login/?next="):
                failures.append(f"web {name}: anonymous sent to {location}, not to sign in")
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
