"""The pairing rows of the web (and API) authorization matrices, cell by cell (R22;
SECURITY V8): coordinators and admins of the institution and staff; everyone else 404.

A round with a proposal needs ready people, so each persona gets one world and every
request runs in a savepoint that is rolled back: each cell sees the same round.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from conftest import PERSONAS, client_for, make_user
from mentorquilt.accounts.services import api_token_create
from mentorquilt.core.models import AuditEvent
from mentorquilt.institutions.models import Role
from mentorquilt.institutions.services import membership_grant
from mentorquilt.pairing.models import MatchRound, ProposedPair, RoundStatus
from mentorquilt.pairing.services import pair_remove, round_create, round_export, round_start
from mentorquilt.pairing.tests.helpers import cohort, make_round
from tests.authz.api_matrix import API
from tests.authz.api_matrix_pairing import CROSS_PAIRING as API_CROSS
from tests.authz.api_matrix_pairing import WALKED_BY
from tests.authz.test_api_matrix import fill
from tests.authz.web_matrix import WEB, expected, url_kwargs
from tests.authz.web_matrix_pairing import CROSS_PAIRING, SECOND_METHOD, WEB_PAIRING

assert all(WEB[name] == WEB_PAIRING[name] for name in WEB_PAIRING)
API_ROWS = {key: row for key, row in API.items() if row.get("walked_by") == WALKED_BY}

pytestmark = pytest.mark.django_db


def build(world: Any, capture: Any) -> dict[str, str]:
    cohort(world, mentees=2, mentors=2, capacity=1)
    match_round = make_round(world, cap=2)
    with capture(execute=True):
        round_start(actor=world.coordinator, match_round=match_round)
    b_mentee = world.outsider
    coordinator_b = make_user("coordinator@b.example.org")
    membership_grant(
        actor=world.staff,
        user=coordinator_b,
        institution=world.institution_b,
        role=Role.COORDINATOR,
        source="test",
    )
    round_b = round_create(
        actor=coordinator_b, institution=world.institution_b, name="B round", settings={}
    )
    assert round_b.mentees.filter(user=b_mentee).exists()
    return {
        "round": str(match_round.public_id),
        "pair": str(match_round.pairs.first().public_id),
        "round_b": str(round_b.public_id),
        "institution_a": str(world.institution_a.public_id),
    }


def api_client(user: Any, auth: str) -> Any:
    from django.test import Client

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


# Each web write: (prepare, valid body, its effect (done?), where an allowed one
# redirects). A 302 alone says nothing: these views redirect after a refused action too.
# The round has two pairs with two different mentors, each mentor with one place.
def _round(v: dict[str, str]) -> MatchRound:
    return MatchRound.objects.get(public_id=v["round"])


def _audited(action: str) -> Any:
    return lambda v: AuditEvent.objects.filter(action=action, target_id=v["round"]).exists()


def _page(anchor: str = "") -> Any:
    return lambda v: reverse("pairing_round_detail", kwargs={"round_id": v["round"]}) + anchor


def _swap_body(v: dict[str, str]) -> dict[str, str]:
    first, second = _round(v).pairs.order_by("pk")
    return {"pair": str(first.public_id), "other": str(second.public_id)}


def _free_a_pair(world: Any, v: dict[str, str]) -> None:
    """Take one pair out (as the coordinator) so it can be added back by hand."""
    pair = _round(v).pairs.order_by("pk").first()
    v["free_mentee"], v["free_mentor"] = (
        str(pair.mentee.user.public_id),
        str(pair.mentor.user.public_id),
    )
    pair_remove(actor=world.coordinator, pair=pair)


def _result_file(world: Any, v: dict[str, str]) -> dict[str, Any]:
    data = round_export(actor=world.coordinator, match_round=_round(v), part="proposal")
    return {"result": SimpleUploadedFile("result.json", json.dumps(data).encode())}


NOTHING = None
WRITES: dict[str, tuple[Any, Any, Any, Any]] = {
    "pairing_round_run": (
        NOTHING,
        lambda w, v: {},
        lambda v: _round(v).status == RoundStatus.RUNNING,
        _page(),
    ),
    "pairing_pair_swap": (
        NOTHING,
        lambda w, v: _swap_body(v),
        _audited("match_round.pair_swap"),
        _page("#pairs-h"),
    ),
    "pairing_pair_add": (
        _free_a_pair,
        lambda w, v: {"mentee": v["free_mentee"], "mentor": v["free_mentor"]},
        _audited("match_round.pair_add"),
        _page("#pairs-h"),
    ),
    "pairing_pair_remove": (
        NOTHING,
        lambda w, v: {},
        lambda v: not ProposedPair.objects.filter(public_id=v["pair"]).exists(),
        _page("#pairs-h"),
    ),
    "pairing_round_publish": (
        NOTHING,
        lambda w, v: {"publish_as": "mentorships"},  # no confirm: the confirmation again
        lambda v: _round(v).status == RoundStatus.PUBLISHED,
        _page(),
    ),
    "pairing_round_import": (
        NOTHING,
        _result_file,
        _audited("match_round.import"),
        _page("#pairs-h"),
    ),
}
# Publishing is a GET (the confirmation with the counts) and a POST (SECOND_METHOD);
# without `confirm` the POST only shows the confirmation again: nothing is published.
assert set(WRITES) == {
    name for name, row in [*WEB_PAIRING.items(), *SECOND_METHOD.items()] if row[0] == "POST"
}


def write_failures(
    world: Any, values: dict[str, str], persona: str, name: str, url: str, want: int
) -> list[str]:
    """Send one write in a rolled-back savepoint and say what is wrong with its outcome."""
    prepare, body, done, redirect_to = WRITES[name]
    user = world.persona(persona)
    values = dict(values)
    with transaction.atomic():
        if prepare:
            prepare(world, values)
        before = done(values)
        response = client_for(user).post(url, body(world, values))
        after = done(values)
        expected_location = redirect_to(values)
        transaction.set_rollback(True)
    got, location = response.status_code, response.get("Location", "")
    allowed = got == 302 and persona != "anonymous"
    if got != want:
        return [f"web POST {name} {url}: {got}, expected {want}"]
    if before:
        return [f"web {name}: its effect is there before the request"]
    if allowed and not after:
        return [f"web {name}: answered 302 but did nothing"]
    if allowed and location != expected_location:
        return [f"web {name}: sent to {location}, not {expected_location}"]
    if not allowed and after:
        return [f"web {name}: refused ({got}), yet done"]
    if persona == "anonymous" and not location.startswith("/accounts/login/?next="):
        return [f"web {name}: anonymous sent to {location}, not to sign in"]
    return []


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_pairing_page_answers_each_persona_as_the_matrix_says(
    world, persona, django_capture_on_commit_callbacks
):
    values = build(world, django_capture_on_commit_callbacks)
    user = world.persona(persona)
    failures = []
    rows = [*WEB_PAIRING.items(), *SECOND_METHOD.items()]
    for name, (method, kwargs, expectations) in rows:
        url = reverse(name, kwargs=url_kwargs(kwargs, values))
        want = expected(expectations, persona)
        if method == "POST":
            failures += write_failures(world, values, persona, name, url, want)
            continue
        got = in_savepoint(lambda url=url: client_for(user).get(url)).status_code
        if got != want:
            failures.append(f"web {method} {name} {url}: {got}, expected {want}")
    for name, (method, kwargs, statuses) in CROSS_PAIRING.items():
        if persona not in statuses:
            continue
        url = reverse(name, kwargs=url_kwargs(kwargs, values))

        def cross(url: str = url, method: str = method) -> Any:
            client = client_for(user)
            return client.post(url) if method == "POST" else client.get(url)

        got = in_savepoint(cross).status_code
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
