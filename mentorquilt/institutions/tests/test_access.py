"""One access layer: role refusals are 403 everywhere, malformed ids are 404 (issue 11)."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from conftest import World, client_for
from mentorquilt.core.ids import parse_public_id
from mentorquilt.institutions.access import require_role, require_staff
from mentorquilt.institutions.models import Role

pytestmark = pytest.mark.django_db


def test_a_person_with_the_role_gets_their_roles_back(world: World):
    assert require_role(world.mentor, Role.MENTEE, Role.MENTOR) == {Role.MENTOR}


@pytest.mark.parametrize("persona", ["mentor", "admin", "coordinator", "staff", "researcher"])
def test_a_person_without_the_role_is_refused_with_the_roles_named(world: World, persona: str):
    with pytest.raises(PermissionDenied, match="mentee role"):
        require_role(world.persona(persona), Role.MENTEE)


def test_several_roles_are_named_in_plain_words(world: World):
    with pytest.raises(PermissionDenied, match="institution admin or program coordinator role"):
        require_role(world.mentee, Role.ADMIN, Role.COORDINATOR)


def test_an_anonymous_visitor_holds_no_role():
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        require_role(AnonymousUser(), Role.MENTEE)


def test_only_staff_pass_the_staff_check(world: World):
    require_staff(world.staff)
    for persona in ("admin", "coordinator", "mentee", "outsider"):
        with pytest.raises(PermissionDenied):
            require_staff(world.persona(persona))


def test_a_malformed_public_id_is_not_found_like_an_unknown_one():
    known = uuid.uuid4()
    assert parse_public_id(str(known)) == known
    assert parse_public_id(known) is known
    with pytest.raises(Http404, match=r"No such mentorship\."):
        parse_public_id("not-a-uuid", "mentorship")


def test_a_role_refusal_is_403_on_pages_and_in_the_api_of_every_app(world: World):
    """One refusal per app that checks roles: the same status for the same refusal."""
    from tests.api.conftest import bearer_client

    page_refusals = ["/find-mentors/", "/plan/", "/profile/mentee/", "/requests/"]
    for path in page_refusals:
        assert client_for(world.admin).get(path).status_code == 403, path
    from mentorquilt.training.selectors import agreement_current

    mentor_agreement = agreement_current(kind="mentor")
    api_refusals = [
        ("get", "/action-plan", None),
        ("get", "/audit-events", None),
        ("post", f"/agreements/{mentor_agreement.public_id}/acceptance", {}),
    ]
    api = bearer_client(world.mentee)
    for method, path, body in api_refusals:
        response = api.get(path) if method == "get" else api.post(path, body)
        if path == "/action-plan":
            response = bearer_client(world.mentor).get(path)
        assert response.status_code == 403, path
        assert response.json()["code"] == "forbidden", path
