"""Browser tests: real pages in Debian's headless Chromium, checked with axe-core.

The browser is started once per session. Each test gets a fresh browser
context (no cookies), a fresh world of personas (pytest-django's live_server
makes every test transactional, so the database is emptied after it) and an
empty cache, so rate limits and allauth's "this TOTP code was already used"
marks never leak from one test to the next. Data seeded by migrations is
restored before each test (serialized rollback).

Skips, with the reason, when Chromium, Playwright or axe-core is missing.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache

from conftest import PASSWORD, totp_code

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("MENTORQUILT_CHROMIUM", "/usr/bin/chromium"))
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",  # these machines run the tests as root
    "--headless",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DESKTOP = {"width": 1280, "height": 900}
NARROW = {"width": 375, "height": 800}
TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(
            f"Chromium not found at {CHROMIUM}: install it with apt-get install chromium "
            "to run browser tests"
        )
    if not AXE_JS.exists():
        pytest.skip(
            f"axe-core not found at {AXE_JS.relative_to(REPO)}: run `make node` "
            "(npm install) to run browser tests"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright for Python is not installed: run `make venv` to run browser tests")
    # Playwright's sync API keeps an event loop running in this thread; the
    # tests' own ORM calls are plain synchronous code all the same.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_source(browser: Any) -> str:
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture
def new_page(
    browser: Any, live_server: Any, django_db_serialized_rollback: None
) -> Iterator[Callable[[], Any]]:
    """new_page() -> a page in a fresh browser context (its own cookies), at desktop size.

    live_server makes the test transactional: the database is emptied after it.
    Serialized rollback puts back what migrations seeded (taxonomies, training
    modules, agreements) before each test, so every test sees a real install.
    """
    contexts = []
    cache.clear()

    def make() -> Any:
        context = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
    cache.clear()


@pytest.fixture
def page(new_page: Callable[[], Any]) -> Any:
    return new_page()


@pytest.fixture
def outbox(settings: Any, live_server: Any) -> list[Any]:
    """Django's locmem outbox (the live server runs in this process), with links to it."""
    from django.core import mail

    # Invitation emails build links from SITE_URL: point it at this live server
    # so a test opens the link exactly as it was emailed.
    settings.SITE_URL = live_server.url
    mail.outbox.clear()
    return mail.outbox


def link_in(message: Any, pattern: str = r"https?://\S+") -> str:
    """The first link in an email's text matching pattern."""
    match = re.search(pattern, message.body)
    assert match, f"No link matching {pattern!r} in email {message.subject!r}:\n{message.body}"
    return match.group(0)


def fresh_totp_code(user: Any) -> str:
    """The user's current code, waiting out the last seconds of a 30-second period.

    allauth accepts only the current period's code, so a code read at second
    29 could be stale by the time the form is submitted.
    """
    if time.time() % 30 > 27:
        time.sleep(30 - time.time() % 30 + 0.2)
    return totp_code(user)


def sign_in(
    page: Any,
    user: Any,
    *,
    password: str = PASSWORD,
    on_code_page: Callable[[Any], None] | None = None,
) -> None:
    """Sign in through the real login page, then the two-factor page when the user has TOTP.

    on_code_page(page) runs on the two-factor page before the code is entered.
    Ends on the page the site sends the person to (their home, normally).
    """
    from allauth.mfa.models import Authenticator

    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        page.wait_for_url("**/accounts/2fa/authenticate/")
        if on_code_page is not None:
            on_code_page(page)
        page.get_by_label("Code").fill(fresh_totp_code(user))
        page.get_by_role("button", name="Sign in").click()
        step = "/accounts/2fa/authenticate/"
    else:
        step = "/accounts/login/"
    try:
        page.wait_for_url(lambda url: step not in url)
    except Exception as error:
        shown = page.locator(".form-error, .errorlist").all_inner_texts()
        raise AssertionError(f"Sign-in failed for {user.email} at {step}: {shown}") from error


def axe_violations(page: Any, axe_source: str) -> list[str]:
    """axe-core's WCAG 2.2 A and AA violations on the page, one readable line per node.

    axe is evaluated through the DevTools protocol, which our Content Security
    Policy (rightly) does not let a <script> tag do; the page keeps its CSP.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source)
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                               resultTypes: ['violations']});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '),
                                          summary: n.failureSummary}))}));
        }""",
        AXE_TAGS,
    )
    lines = []
    for violation in result:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:8]:
            summary = " ".join((node["summary"] or "").split())
            lines.append(f"    at {node['target']}: {summary[:300]}")
    return lines


def axe_check(page: Any, axe_source: str) -> None:
    """Fail with a readable list (rule, help, target nodes) unless axe finds no violations."""
    lines = axe_violations(page, axe_source)
    if lines:
        pytest.fail(
            f"axe: WCAG 2.2 AA violations on {page.url}:\n" + "\n".join(lines), pytrace=False
        )


def sideways_scroll(page: Any) -> str | None:
    """Why the page scrolls sideways, or None (wide tables may scroll inside their box)."""
    overflow = page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            if (document.documentElement.scrollWidth <= width) return null;
            const wide = [...document.querySelectorAll('body *')]
                .filter(el => el.getBoundingClientRect().right > width + 1
                              && !el.closest('.table-wrap'))
                .slice(0, 5)
                .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
            return {scroll: document.documentElement.scrollWidth, width, wide};
        }"""
    )
    return None if overflow is None else f"the page scrolls sideways: {overflow}"


def check_page(page: Any, axe_source: str, name: str) -> None:
    """The page passes axe at desktop and phone widths and fits a phone; screenshots of both."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    problems = []
    try:
        for label, size in (("desktop", DESKTOP), ("narrow", NARROW)):
            page.set_viewport_size(size)
            page.screenshot(path=str(ARTIFACTS / f"{name}-{label}.png"), full_page=True)
            lines = axe_violations(page, axe_source)
            if lines:
                problems.append(f"axe at {size['width']}px:\n" + "\n".join(lines))
            if label == "narrow" and (overflow := sideways_scroll(page)):
                problems.append(f"at {size['width']}px {overflow}")
    finally:
        page.set_viewport_size(DESKTOP)
    if problems:
        pytest.fail(f"{name} ({page.url}):\n" + "\n".join(problems), pytrace=False)


@pytest.fixture
def check(axe_source: str) -> Callable[[Any, str], None]:
    """check(page, name): axe at both widths, no sideways scrolling, screenshots saved."""

    def run(page: Any, name: str) -> None:
        check_page(page, axe_source, name)

    return run
