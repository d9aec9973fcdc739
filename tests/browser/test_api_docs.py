"""The API reference page shows every operation of the document and passes axe (B7).

The page is drawn on the server from the OpenAPI document; Swagger UI (the
former page) refused the document over a duplicated key and failed axe.
"""

from __future__ import annotations

import pytest

from config.api import api
from tests.browser.conftest import sign_in

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.browser


def test_the_api_reference_lists_every_operation_and_passes_axe(page, check, world):
    operations = [
        spec["operationId"]
        for item in api.get_openapi_schema()["paths"].values()
        for spec in item.values()
    ]
    sign_in(page, world.mentee)
    page.goto("/api/v1/docs")
    expect(page.get_by_role("heading", level=1)).to_have_text("MentorQuilt API reference")
    assert page.locator("html").get_attribute("lang") == "en"
    shown = page.locator("details.api-operation").evaluate_all("els => els.map(e => e.id)")
    assert sorted(shown) == sorted(f"op-{op}" for op in operations)

    certificate = page.locator("#op-certificate_download")
    certificate.locator("summary").click()
    expect(certificate.get_by_role("table", name="Answers")).to_contain_text("application/pdf")
    certificate.get_by_role("link", name="ErrorOut").first.click()
    expect(page.locator("#schema-ErrorOut")).to_be_in_viewport()
    check(page, "api-reference")
