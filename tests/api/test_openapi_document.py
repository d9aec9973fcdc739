"""The OpenAPI document at /api/v1/openapi.json is a valid OpenAPI 3.1 document (B7).

Checked with openapi-spec-validator, a maintained validator of the
specification, on the bytes the server sends: parsed with duplicate keys
refused, since a JSON object with the same key twice parses in Python (the
last one wins) but breaks the API docs page ("duplicated mapping key").
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    duplicated = sorted({key for key in keys if keys.count(key) > 1})
    assert not duplicated, f"duplicated keys in one JSON object: {duplicated}"
    return dict(pairs)


def test_the_served_openapi_document_has_no_duplicated_keys_and_validates(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.content, object_pairs_hook=_no_duplicate_keys)
    validate(document)
    assert document["paths"], "the document lists the API's operations"


def test_the_certificate_download_documents_one_pdf_success_response(client):
    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/training/completions/{completion_id}/certificate"]
    ok = operation["get"]["responses"]["200"]
    assert list(ok["content"]) == ["application/pdf"]
