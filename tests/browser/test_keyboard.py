"""People who use a keyboard, not a mouse: the Tab order follows the page and focus shows."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import PASSWORD
from tests.browser.conftest import ARTIFACTS

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.browser


def focus_ring(page: Any) -> dict[str, str]:
    return page.evaluate(
        """() => {
            const s = getComputedStyle(document.activeElement);
            return {style: s.outlineStyle, width: s.outlineWidth, color: s.outlineColor};
        }"""
    )


def test_a_keyboard_user_skips_the_menu_and_signs_in_with_tab_and_enter_alone(page, world):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.goto("/accounts/login/")

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    expect(page.get_by_role("link", name="Skip to main content")).to_be_in_viewport()
    page.screenshot(path=str(ARTIFACTS / "focus-skip-link.png"))
    page.keyboard.press("Enter")

    page.keyboard.press("Tab")
    expect(page.get_by_label("Email")).to_be_focused()
    page.keyboard.type(world.mentee.email)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password", exact=True)).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Forgot your password?")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Sign in")).to_be_focused()
    ring = focus_ring(page)
    assert ring["style"] == "solid" and ring["width"] == "3px", ring
    page.screenshot(path=str(ARTIFACTS / "focus-sign-in-button.png"))
    page.keyboard.press("Enter")

    page.wait_for_url("**/home/")
    expect(page.get_by_text("You are a mentee at Institution A")).to_be_visible()


def test_focus_rings_in_the_plum_header_are_white_so_they_can_be_seen(page, world):
    page.goto("/")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # MentorQuilt, in the header
    expect(page.get_by_role("link", name="MentorQuilt")).to_be_focused()
    ring = focus_ring(page)
    assert ring["style"] == "solid" and ring["color"] == "rgb(255, 255, 255)", ring
    page.screenshot(path=str(ARTIFACTS / "focus-header.png"))
