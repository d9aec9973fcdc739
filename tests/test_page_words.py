"""Plain words on every page (issue 10 item 8): no requirement codes, no doubled or broken phrases.

Every page of the web matrix that a persona may open is fetched as that persona,
its visible text extracted, and searched for mistakes a person would notice.
"""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from conftest import PERSONAS, client_for
from tests.authz.web_fixtures import build_targets
from tests.authz.web_matrix import WALKED_ELSEWHERE, WEB, expected, url_kwargs

MISTAKES = {
    "a requirement code": re.compile(r"\((?:R|B)\d{1,2}\b"),
    "a doubled (optional)": re.compile(r"\(optional\)\s*\(optional\)"),
    "'a' before a vowel": re.compile(r"\ba (?:institution|admin|evaluation|email|outsider)\b"),
    "a zero-day answer time": re.compile(r"\b0\.0 days\b"),
    "a promise of later work": re.compile(r"come later|comes later", re.I),
}


def visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<!--.*?-->", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def mistakes_in(text: str) -> list[str]:
    found = []
    for name, pattern in MISTAKES.items():
        for match in pattern.finditer(text):
            start = max(match.start() - 40, 0)
            found.append(f"{name}: …{text[start : match.end() + 40]}…")
    return found


def test_the_checks_find_each_mistake_they_name():
    sample = visible_text(
        "<p>Check evidence (R4).</p><label>Reason (optional) <span>(optional)</span></label>"
        "<p>as a institution admin</p><p>Usually answers in 0.0 days.</p><p>Search comes later.</p>"
    )
    assert len(mistakes_in(sample)) == len(MISTAKES)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_no_page_a_persona_opens_shows_codes_or_broken_phrases(persona: str):
    targets = build_targets()
    client = client_for(targets.world.persona(persona))
    problems = []
    for name, (method, kwargs, expectations) in WEB.items():
        if method != "GET" or name in WALKED_ELSEWHERE or expected(expectations, persona) != 200:
            continue
        if name in {"healthz", "api:openapi-json"}:
            continue
        url = reverse(name, kwargs=url_kwargs(kwargs, targets.values))
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        problems += [f"{url}: {m}" for m in mistakes_in(visible_text(response.content.decode()))]
    assert not problems, "\n".join(problems)
