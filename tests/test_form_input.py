"""Pages refuse a NUL character in a form or a query string with a plain 400 page
(issue #9, item 5; SECURITY.md V5): PostgreSQL cannot store a NUL in text and answered
500 (the staff audit page with `?action=%00`, every form that saves text).

Walks every route of the URL resolver (pages, forms, the admin), so a new form is
covered without a new test. Run on PostgreSQL too (DATABASE_URL).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import UUIDConverter

from conftest import PERSONAS, World, client_for
from mentorquilt.core.models import AuditEvent
from mentorquilt.engagement.models import ActionPlan
from mentorquilt.engagement.services import action_plan_mission_set


def routes(patterns: Any = None, namespace: str = "") -> Iterator[tuple[str, dict[str, str]]]:
    """(URL name, kwargs) for every named web route; the API has its own walk."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}:{pattern.namespace}"
                if namespace and pattern.namespace
                else (pattern.namespace or namespace)
            )
            if inner == "api":
                continue
            outer = getattr(pattern.pattern, "converters", {})
            for name, kwargs in routes(pattern.url_patterns, inner):
                yield name, {**{k: "x" for k in outer}, **kwargs}
        elif isinstance(pattern, URLPattern) and pattern.name:
            kwargs = {
                key: str(uuid.uuid4()) if isinstance(converter, UUIDConverter) else "x"
                for key, converter in getattr(pattern.pattern, "converters", {}).items()
            }
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), kwargs


def urls() -> list[str]:
    found = []
    for name, kwargs in routes():
        try:
            found.append(reverse(name, kwargs=kwargs))
        except Exception:  # noqa: S112 (a route whose kwargs are not plain: admin's app_label)
            continue
    return sorted(set(found))


def missions() -> list[str]:
    """Every saved mission (a NUL cannot even be looked for in PostgreSQL text)."""
    return sorted(ActionPlan.objects.values_list("mission", flat=True))


def assert_plain_400_page(response: Any, where: str) -> None:
    assert response.status_code == 400, f"{where}: {response.status_code}"
    assert response["Content-Type"].startswith("text/html"), where
    page = response.content.decode()
    assert "<html" in page and "Traceback" not in page, where
    assert "character" in page, where  # says what was wrong, in plain words


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["mentee", "staff"])
def test_every_form_post_with_a_nul_answers_a_plain_400_page(world: World, persona: str):
    client = client_for(world.persona(persona))
    audit_rows = AuditEvent.objects.count()
    walked = urls()
    assert len(walked) > 60
    for url in walked:
        form = client.post(url, {"name": "a\x00b", "mission": "fine"})  # multipart
        assert_plain_400_page(form, f"POST {url} (multipart)")
        encoded = client.post(
            url, "mission=fine&text=a%00b", content_type="application/x-www-form-urlencoded"
        )
        assert_plain_400_page(encoded, f"POST {url} (urlencoded)")
    assert AuditEvent.objects.count() == audit_rows


@pytest.mark.django_db
def test_every_page_refuses_a_nul_in_its_query_string(world: World):
    client = client_for(world.staff)
    for url in urls():
        assert_plain_400_page(client.get(url + "?action=%00"), f"GET {url}?action=%00")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_staff_audit_page_and_the_action_plan_form_refuse_a_nul_for_every_persona(
    world: World, persona: str
):
    client = client_for(world.persona(persona))
    action_plan_mission_set(mentee=world.mentee, mission="Match into surgery")
    before = missions()
    audit = client.get(reverse("audit_log"), {"action": "\x00"})
    assert_plain_400_page(audit, f"audit page as {persona}")
    plan = client.post(reverse("action_plan"), {"mission": "a\x00b"})
    assert_plain_400_page(plan, f"action plan as {persona}")
    assert missions() == before


@pytest.mark.django_db
def test_the_same_form_without_the_nul_is_saved(world: World):
    """The 400 is about the character: the mentee's mission is saved without it."""
    client = client_for(world.mentee)
    response = client.post(reverse("action_plan"), {"mission": "Match into surgery"})
    assert response.status_code in (200, 302)
    assert ActionPlan.objects.get(mentee=world.mentee).mission == "Match into surgery"
    audit = client_for(world.staff).get(reverse("audit_log"), {"action": "api_token.create"})
    assert audit.status_code == 200
