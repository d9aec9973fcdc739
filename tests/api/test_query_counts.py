"""List endpoints read a page in a fixed number of queries, however many rows there are."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import World, make_user
from mentorquilt.accounts.services import api_token_create, api_token_revoke
from mentorquilt.core.services import audit_record
from mentorquilt.institutions.models import InstitutionKind, Role
from mentorquilt.institutions.services import (
    institution_create,
    invitation_create,
    membership_grant,
    membership_request,
)

pytestmark = pytest.mark.django_db

# Today 2 to 9: the token lookup (and its last-used stamp), the two-factor rule's role
# and authenticator checks (by token as by session, issue #9), the authorization check,
# the count and the page. A little headroom, but a page that loads a row per item breaks
# it at once (and the 3-versus-30 comparison anyway).
MAX_QUERIES = 10


def add_rows(world: World, start: int, count: int) -> None:
    """`count` more members, pending requests, invitations, tokens and audit rows at A."""
    a = world.institution_a
    for number in range(start, start + count):
        person = make_user(f"person{number}@a.example.org")
        membership_grant(
            actor=world.staff, user=person, institution=a, role=Role.MENTEE, source="test"
        )
        membership_request(user=person, institution=a, role=Role.MENTOR)
        invitation_create(
            actor=world.admin,
            institution=a,
            email=f"invitee{number}@example.org",
            name="",
            role=Role.MENTEE,
        )
        token, _ = api_token_create(user=world.admin, name=f"token {number}")
        api_token_revoke(user=world.admin, token=token)  # at most 20 live tokens each
        institution_create(
            actor=world.staff,
            name=f"School {number}",
            kind=InstitutionKind.MD,
            class_size=60,
            region="Ohio",
        )
        audit_record(actor=world.staff, action="test.row", target=person)


def query_count(client: Any, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, response.content
    return len(queries)


LISTS = [
    ("admin", "/institutions/{a}/members"),
    ("admin", "/institutions/{a}/members?status=pending"),
    ("coordinator", "/institutions/{a}/members?role=mentor"),
    ("admin", "/institutions/{a}/invitations"),
    ("staff", "/institutions"),
    ("mentee", "/institutions"),
    ("admin", "/tokens"),
    ("staff", "/audit-events"),
    ("mentor", "/me"),
    ("admin", "/institutions/{a}/compliance"),
]


@pytest.mark.parametrize(("persona", "path"), LISTS)
def test_a_list_costs_the_same_queries_for_3_rows_as_for_30(
    world: World, api: Any, django_assert_max_num_queries: Any, persona: str, path: str
):
    client = api(world.persona(persona))
    path = path.format(a=world.institution_a.public_id)
    client.get(path)  # the token's first use records its last-used time once
    add_rows(world, 0, 3)
    few = query_count(client, path)
    add_rows(world, 3, 27)
    many = query_count(client, path)
    assert few == many
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(path)
