"""Input the API refuses before any view sees it (issue #9, items 5 and 6; SECURITY.md V5).

- A NUL character or a lone surrogate anywhere in a query string or a JSON body answers
  400 with the usual `{"detail", "field"}` body. PostgreSQL cannot store a NUL in text
  (it answered 500), and a lone surrogate cannot be encoded as UTF-8 (500 everywhere).
- A body that is not a JSON object (`"junk"`, `42`, `[null]`, `null`, `true`) answers
  the documented 422 and changes nothing: no operation reads such a body as "every
  field left out" (which published pairing rounds, R22).

Both are walked over every operation of the OpenAPI document, so a new operation is
covered without a new test. Run these on PostgreSQL too (DATABASE_URL): the 500s
showed only there.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from django.test import Client
from ninja import NinjaAPI, Schema
from pydantic import BaseModel

from config.api import api, body_models_that_are_not_strict
from conftest import PERSONAS, World, client_for
from mentorquilt.accounts.services import api_token_create
from mentorquilt.core.models import AuditEvent
from mentorquilt.engagement.models import ActionPlan
from mentorquilt.engagement.services import action_plan_mission_set
from mentorquilt.mentorships.models import Mentorship
from mentorquilt.pairing.models import MatchRound
from mentorquilt.pairing.services import round_start
from mentorquilt.pairing.tests.helpers import cohort, make_round
from tests.authz.api_matrix import API

BASE = "/api/v1"
BAD_TEXT = {"nul": "a\u0000b", "lone surrogate": "\ud800x"}
NOT_OBJECTS = ["junk", 42, [None], None, True, []]


def operations() -> list[tuple[str, str, str, dict[str, Any]]]:
    """(operation id, METHOD, path with its placeholders filled, operation) for every
    operation in the OpenAPI document."""
    found = []
    for path, methods in api.get_openapi_schema()["paths"].items():
        for method, operation in methods.items():
            concrete = path
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path":
                    is_uuid = parameter.get("schema", {}).get("format") == "uuid"
                    value = str(uuid.uuid4()) if is_uuid else "x"
                    concrete = concrete.replace("{" + parameter["name"] + "}", value)
            assert concrete.startswith(BASE + "/"), concrete
            concrete = concrete.removeprefix(BASE)
            found.append((operation["operationId"], method.upper(), concrete, operation))
    return found


def with_bad_text(body: Any, bad: str) -> Any:
    """The matrix's valid body with the bad text added to every string in it."""
    if isinstance(body, str):
        return body + bad
    if isinstance(body, dict):
        return {key: with_bad_text(value, bad) for key, value in body.items()}
    if isinstance(body, list):
        return [with_bad_text(value, bad) for value in body]
    return body


def send_json(client: Client, method: str, path: str, body: Any) -> Any:
    return client.generic(method, BASE + path, json.dumps(body), content_type="application/json")


def token_client(user: Any) -> Client:
    _, raw = api_token_create(user=user, name="input tests")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def missions() -> list[str]:
    """Every saved mission (a NUL cannot even be looked for in PostgreSQL text)."""
    return sorted(ActionPlan.objects.values_list("mission", flat=True))


def assert_refused_as_bad_text(response: Any, where: str) -> None:
    answer = f"{where}: {response.status_code} {response.content[:200]!r}"
    assert response.status_code == 400, answer
    assert response["Content-Type"].startswith("application/json"), where
    body = response.json()
    assert "character" in body["detail"], where


@pytest.mark.django_db
@pytest.mark.parametrize("auth", ["token", "session"])
def test_every_operation_refuses_a_nul_in_its_query_string_with_400(world: World, auth: str):
    client = token_client(world.staff) if auth == "token" else client_for(world.staff)
    audit_rows = AuditEvent.objects.count()
    for operation_id, method, path, operation in operations():
        names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
        name = names[0] if names else "q"
        response = client.generic(method, f"{BASE}{path}?{name}=%00", "")
        assert_refused_as_bad_text(response, f"{operation_id} ?{name}=%00")
        assert response.json()["field"] == name
    assert AuditEvent.objects.count() == audit_rows


@pytest.mark.django_db
@pytest.mark.parametrize("bad", sorted(BAD_TEXT))
def test_every_operation_with_a_body_refuses_a_nul_or_lone_surrogate_with_400(
    world: World, bad: str
):
    client = token_client(world.staff)
    audit_rows = AuditEvent.objects.count()
    walked = 0
    for operation_id, method, path, operation in operations():
        if "requestBody" not in operation:
            continue
        walked += 1
        body = with_bad_text(API[operation_id].get("body") or {}, BAD_TEXT[bad])
        if body == (API[operation_id].get("body") or {}):
            body = {**body, "comment": BAD_TEXT[bad]}  # a body without strings
        response = send_json(client, method, path, body)
        assert_refused_as_bad_text(response, f"{operation_id} with a {bad}")
    assert walked >= 30
    assert AuditEvent.objects.count() == audit_rows


@pytest.mark.django_db
def test_bad_text_deep_inside_a_body_or_in_a_key_is_refused_too(world: World):
    client = token_client(world.mentee)
    for body in (
        {"mission": "fine", "nested": {"list": ["ok", "a\u0000b"]}},
        {"a\u0000b": "fine"},
        ["fine", {"x": "\udfffx"}],
    ):
        assert_refused_as_bad_text(send_json(client, "PUT", "/action-plan", body), repr(body))
    # Raw bytes: a NUL byte, and a surrogate encoded as UTF-8 (which json.loads, as the API
    # uses it, decodes with "surrogatepass"), with or without a JSON content type.
    for raw in (b'{"mission": "a\x00b"}', b'{"mission": "\xed\xa0\x80x"}'):
        for content_type in ("application/json", "text/plain"):
            response = client.generic("PUT", BASE + "/action-plan", raw, content_type=content_type)
            assert_refused_as_bad_text(response, f"{raw!r} as {content_type}")
    # A surrogate pair is one real character (an emoji), not a lone surrogate: accepted.
    ok = send_json(client, "PUT", "/action-plan", {"mission": "Become a surgeon \U0001f600"})
    assert ok.status_code == 200, ok.content


@pytest.mark.django_db
@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_a_nul_in_a_mission_is_refused_for_every_persona_and_nothing_is_saved(
    world: World, persona: str
):
    """The operation the issue names, by token and by session, for every persona (R27)."""
    user = world.persona(persona)
    action_plan_mission_set(mentee=world.mentee, mission="Match into surgery")
    before = missions()
    for client in (token_client(user), client_for(user)):
        response = send_json(client, "PUT", "/action-plan", {"mission": "a\u0000b"})
        assert_refused_as_bad_text(response, persona)
        assert response.json()["field"] == "mission"
        query = client.get(BASE + "/matching/search", {"need": "\x00"})
        assert_refused_as_bad_text(query, persona)
        audit = client.get(BASE + "/audit-events", {"action": "\x00"})
        assert_refused_as_bad_text(audit, persona)
    assert missions() == before
    # The same request without the NUL is saved for the mentee: the 400 is about the text.
    if persona == "mentee":
        saved = send_json(client_for(user), "PUT", "/action-plan", {"mission": "ab"})
        assert saved.status_code == 200
        assert ActionPlan.objects.get(mentee=user).mission == "ab"


@pytest.mark.django_db
def test_a_lone_surrogate_in_a_new_pairing_round_is_refused_and_no_round_is_made(world: World):
    body = {"institution_id": str(world.institution_a.public_id), "name": "\ud800x", "cap": 2}
    response = send_json(token_client(world.coordinator), "POST", "/pairing/rounds", body)
    assert_refused_as_bad_text(response, "pairing round")
    assert response.json()["field"] == "name"
    assert not MatchRound.objects.exists()


@pytest.mark.django_db
def test_anonymous_callers_get_the_same_400(world: World):
    response = Client().get(BASE + "/matching/search", {"need": "\x00"})
    assert_refused_as_bad_text(response, "anonymous")


# --- bodies that are not JSON objects (item 6) ------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("not_an_object", NOT_OBJECTS, ids=[json.dumps(v) for v in NOT_OBJECTS])
def test_every_operation_with_a_body_answers_422_to_a_body_that_is_not_an_object(
    world: World, not_an_object: Any
):
    clients = {"token": token_client(world.staff), "session": client_for(world.staff)}
    audit_rows = AuditEvent.objects.count()
    walked = 0
    for operation_id, method, path, operation in operations():
        if "requestBody" not in operation:
            continue
        walked += 1
        for auth, client in clients.items():
            response = send_json(client, method, path, not_an_object)
            where = f"{operation_id} ({auth}) with {json.dumps(not_an_object)}"
            assert response.status_code == 422, f"{where}: {response.content[:200]!r}"
            assert isinstance(response.json()["detail"], list), where
            assert response.json()["detail"][0]["loc"][0] == "body", where
    assert walked >= 30
    assert AuditEvent.objects.count() == audit_rows


def test_every_request_body_and_every_model_inside_one_is_a_strict_body():
    """The one rule behind the 422s above: see config.api.body_models_that_are_not_strict."""
    assert body_models_that_are_not_strict(api) == []


class Loose(Schema):
    """What the pairing bodies were: a ninja Schema takes any JSON value."""

    note: str | None = None


class Outer(BaseModel):
    inner: Loose


def test_the_strict_body_check_finds_a_ninja_schema_body():
    loose_api = NinjaAPI(urls_namespace="loose-test")

    @loose_api.post("/loose")
    def loose(request: Any, body: Loose) -> None: ...

    @loose_api.post("/outer")
    def outer(request: Any, body: Outer) -> None: ...

    found = body_models_that_are_not_strict(loose_api)
    assert any("Loose" in item for item in found) and any("Outer" in item for item in found)


@pytest.fixture
def ready_round(world: World, django_capture_on_commit_callbacks: Any) -> MatchRound:
    cohort(world, mentees=2, mentors=1, capacity=2)
    match_round = make_round(world, cap=2)
    with django_capture_on_commit_callbacks(execute=True):
        round_start(actor=world.coordinator, match_round=match_round)
    match_round.refresh_from_db()
    assert match_round.status == "ready" and match_round.pairs.exists()
    return match_round


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    ["junk", 42, [None], None, {"publish_ass": "requests"}],
    ids=["string", "number", "list", "null", "misspelt-key"],
)
def test_a_publish_whose_body_is_not_a_publish_object_answers_422_and_publishes_nothing(
    world: World, ready_round: MatchRound, body: Any
):
    """The round of the issue: it stays unpublished and no mentorship starts (R22)."""
    client = token_client(world.coordinator)
    path = f"/pairing/rounds/{ready_round.public_id}/publish"
    audit_rows = AuditEvent.objects.count()
    response = send_json(client, "POST", path, body)
    assert response.status_code == 422, response.content
    ready_round.refresh_from_db()
    assert ready_round.status == "ready" and ready_round.published_at is None
    assert not Mentorship.objects.exists()
    assert AuditEvent.objects.count() == audit_rows
    # The round could be published: the refusal was the body's (publishing then runs
    # in the background: 202, the round is publishing).
    assert send_json(client, "POST", path, {}).status_code == 202
    ready_round.refresh_from_db()
    assert ready_round.status == "publishing"
