"""In CI a missing browser, axe-core or PostgreSQL fails the run; on a laptop it skips.

Browser tests (marker `browser`, or anything under tests/browser/) skip with the reason
when Chromium, Playwright or axe-core is missing, and PostgreSQL-only tests (marker
`postgres_only`) skip on SQLite. That is right for `make test` on a laptop, but in CI
a skip there would let the run pass without ever driving a page or racing two
transactions. With CI=true (as CI services set it, and .ci/run does):

* a skipped browser test is reported as an error, with the skip's reason;
* a skipped `postgres_only` test is an error when the run is on PostgreSQL
  (DATABASE_URL=postgres...). The SQLite leg may skip it: .ci/run refuses to start
  without PostgreSQL and runs the same suite on it.

Loaded from the root conftest.py (`pytest_plugins`); tests/test_ci_gates.py runs it in
small pytest sessions of its own.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Generator, Mapping
from pathlib import Path
from typing import Any

import pytest

TRUE = {"1", "true", "yes", "on"}


def in_ci(env: Mapping[str, str] = os.environ) -> bool:
    return env.get("CI", "").strip().lower() in TRUE


def on_postgres(env: Mapping[str, str] = os.environ) -> bool:
    return env.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://", "pgsql://"))


def is_browser_path(path: Path | str) -> bool:
    parts = Path(path).parts
    return any(a == "tests" and b == "browser" for a, b in itertools.pairwise(parts))


def requirement(
    *, markers: set[str], path: Path | str, env: Mapping[str, str] = os.environ
) -> str | None:
    """What a skip of this test would leave untested in CI, or None if it may skip."""
    if not in_ci(env):
        return None
    if "browser" in markers or is_browser_path(path):
        return "the browser tests (Chromium, Playwright and axe-core)"
    if "postgres_only" in markers and on_postgres(env):
        return "the PostgreSQL-only tests"
    return None


def failure_message(what: str, reason: str) -> str:
    return (
        f"CI=true: {what} must run in CI, but this one was skipped: {reason}\n"
        "Install what is missing (.ci/run does: apt-get install chromium, npm install, "
        "PostgreSQL), or run without CI=true to let it skip."
    )


def skip_reason(report: Any) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: Any) -> Generator[None, Any, Any]:
    report = yield
    if report.skipped and not hasattr(report, "wasxfail"):
        markers = {mark.name for mark in item.iter_markers()}
        what = requirement(markers=markers, path=item.path)
        if what:
            report.outcome = "failed"
            report.longrepr = failure_message(what, skip_reason(report))
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Generator[None, Any, Any]:
    """A browser test module skipped as a whole (pytest.importorskip) fails in CI too."""
    report = yield
    if report.skipped and isinstance(collector, pytest.Module):
        what = requirement(markers=set(), path=collector.path)
        if what:
            report.outcome = "failed"
            report.longrepr = failure_message(what, skip_reason(report))
    return report
