"""Every web route x every persona answers as web_matrix.py says (SECURITY.md V8)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import PERSONAS, client_for
from tests.authz.web_fixtures import build_targets
from tests.authz.web_matrix import (
    ADMIN_RULE,
    CROSS_INSTITUTION,
    WALKED_ELSEWHERE,
    WEB,
    expected,
    url_kwargs,
)
from tests.authz.web_writes import WRITES

# API operations are checked, one row per operation, by test_api_matrix.py.
API_DOCUMENT_ROUTES = {"api:openapi-json", "api:openapi-view", "api:api-root"}


def route_names(patterns=None, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}:{pattern.namespace}"
                if namespace and pattern.namespace
                else (pattern.namespace or namespace)
            )
            names |= route_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def test_every_named_route_has_a_row_in_the_matrix():
    names = route_names()
    web = {n for n in names if not n.startswith(("admin:", "api:"))} | (names & API_DOCUMENT_ROUTES)
    missing = sorted(web - set(WEB))
    assert not missing, f"Add these routes to tests/authz/web_matrix.py: {missing}"
    stale = sorted(set(WEB) - names)
    assert not stale, f"These matrix rows name no route: {stale}"


def test_every_unnamed_route_is_part_of_a_named_app():
    # Unnamed routes would escape the matrix; only the admin's catch-all may be unnamed.
    def unnamed(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name == "admin":
                    continue
                yield from unnamed(pattern.url_patterns, prefix + str(pattern.pattern))
            elif not pattern.name:
                yield prefix + str(pattern.pattern)

    assert list(unnamed(get_resolver().url_patterns)) == []


# Rows whose objects are slow to make are walked by their app's own test (WALKED_ELSEWHERE).
CELLS = [(name, persona) for name in WEB if name not in WALKED_ELSEWHERE for persona in PERSONAS]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "persona"), CELLS, ids=[f"{n}-{p}" for n, p in CELLS])
def test_route_answers_each_persona_as_the_matrix_says(name: str, persona: str):
    """GETs: the status. POSTs (web_writes.py): a valid body to everyone; an allowed write
    has its effect and redirects where it should, a refused one changes nothing, and
    anonymous visitors are sent to sign in."""
    method, kwargs, expectations = WEB[name]
    targets = build_targets()
    url = reverse(name, kwargs=url_kwargs(kwargs, targets.values))
    client = client_for(targets.world.persona(persona))
    status = expected(expectations, persona)
    if method != "POST":
        response = client.get(url)
        assert response.status_code == status, f"{method} {url} as {persona}"
        return
    write = WRITES[name]
    if write.prepare:
        write.prepare(targets, persona)
    assert not write.done(targets, persona), f"{name}: the effect is there before the request"
    response = client.post(url, write.body(targets, persona))
    assert response.status_code == status, f"{method} {url} as {persona}"
    if persona == "anonymous":
        assert response["Location"] == f"{reverse(settings.LOGIN_URL)}?next={url}", name
    if status == 302 and persona != "anonymous":
        assert write.done(targets, persona), f"{name} as {persona}: answered 302, did nothing"
        assert response["Location"] == write.redirect(targets, persona), name
    else:
        assert not write.done(targets, persona), f"{name} as {persona}: refused, yet done"


def test_every_web_write_in_the_matrix_says_what_it_does():
    posts = {name for name, row in WEB.items() if row[0] == "POST"} - WALKED_ELSEWHERE
    assert sorted(posts - set(WRITES)) == [], "add these writes to tests/authz/web_writes.py"
    assert sorted(set(WRITES) - posts) == [], "these web_writes.py rows name no matrix write"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(CROSS_INSTITUTION))
def test_another_institutions_objects_are_not_disclosed(name: str):
    method, kwargs, expectations = CROSS_INSTITUTION[name]
    targets = build_targets()
    url = reverse(name, kwargs=url_kwargs(kwargs, targets.values))
    for persona, status in expectations.items():
        client = client_for(targets.world.persona(persona))
        response = client.post(url) if method == "POST" else client.get(url)
        assert response.status_code == status, f"{method} {url} as {persona}"


# Platform staff (not superusers) maintain the taxonomies and read the audit log (R37).
STAFF_ADMIN_MODELS = {
    "profiles.track",
    "profiles.trainingstage",
    "profiles.specialty",
    "profiles.language",
    "profiles.meetingformat",
    "profiles.needarea",
    "profiles.affinitydimension",
    "profiles.affinitycategory",
    "core.auditevent",
}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_admin_site_is_for_staff_only(persona: str):
    targets = build_targets()
    client = client_for(targets.world.persona(persona))
    user = targets.world.persona(persona)
    assert client.get(reverse("admin:index")).status_code == expected(ADMIN_RULE, persona)
    for model in admin.site._registry:
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        status = expected(ADMIN_RULE, persona)
        if (
            status == 200
            and opts.label_lower not in STAFF_ADMIN_MODELS
            and not user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
        ):
            status = 403  # staff see only what they maintain, or what permissions allow
        assert client.get(url).status_code == status, f"{url} as {persona}"
