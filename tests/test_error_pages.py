"""With DEBUG off, errors show a plain page and never a traceback (SECURITY.md V16)."""

import pytest
from django.test import Client

from conftest import World, client_for


@pytest.mark.django_db
def test_a_server_error_shows_a_plain_page_without_internals(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.error_urls"
    client = Client(raise_request_exception=False)
    response = client.get("/test-broken/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "zyxw-traceback-canary" not in body
    assert "Traceback" not in body and "RuntimeError" not in body
    assert "Something went wrong" in body


@pytest.mark.django_db
def test_a_missing_page_says_so_in_plain_words(world: World, settings):
    settings.DEBUG = False
    response = client_for(world.mentee).get("/institutions/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    assert b"<html" in response.content and b"Traceback" not in response.content
