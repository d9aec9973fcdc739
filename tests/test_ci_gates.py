"""In CI a browser or PostgreSQL test may not skip; on a laptop it still may (tests/ci_gates.py).

Each test runs a small pytest session of its own (pytester, in a subprocess) with the
gate plugin loaded, then reads its outcome counts and messages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.ci_gates import in_ci, on_postgres, requirement

REPO = Path(__file__).resolve().parents[1]

BROWSER_TESTS = """
import pytest

@pytest.mark.browser
def test_a_page():
    pytest.skip("Chromium not found at /usr/bin/chromium")

def test_unrelated_skip():
    pytest.skip("nothing to do with CI")

@pytest.mark.browser
@pytest.mark.xfail(reason="known")
def test_expected_failure():
    assert False

@pytest.mark.browser
def test_runs():
    pass
"""

POSTGRES_TESTS = """
import pytest

@pytest.mark.postgres_only
@pytest.mark.skipif(True, reason="Needs PostgreSQL: SQLite serialises writers")
def test_race():
    pass
"""

WHOLE_MODULE_SKIPPED = """
import pytest
pytest.importorskip("a_module_that_is_not_installed_zz")

def test_never_collected():
    pass
"""


@pytest.fixture
def session(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> Any:
    """session(files, CI=..., DATABASE_URL=...) -> the run's RunResult."""
    pytester.makeini(
        "[pytest]\nmarkers =\n    browser: b\n    postgres_only: p\naddopts = -p no:cacheprovider\n"
    )

    def run(files: dict[str, str], **env: str) -> Any:
        for name in ("CI", "DATABASE_URL"):
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("PYTHONPATH", str(REPO))
        for path, text in files.items():
            target = pytester.path / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
        return pytester.runpytest_subprocess(
            "-p", "tests.ci_gates", "-p", "no:django", "-p", "no:xdist", "-rsE"
        )

    return run


def test_on_a_laptop_a_missing_browser_skips_with_its_reason(session):
    result = session({"test_pages.py": BROWSER_TESTS})
    result.assert_outcomes(passed=1, skipped=2, xfailed=1)
    result.stdout.fnmatch_lines(["*Chromium not found at /usr/bin/chromium*"])


def test_in_ci_a_skipped_browser_test_is_an_error_that_says_why(session):
    result = session({"test_pages.py": BROWSER_TESTS}, CI="true")
    result.assert_outcomes(passed=1, failed=1, skipped=1, xfailed=1)
    result.stdout.fnmatch_lines(
        ["*CI=true: the browser tests*must run in CI*Chromium not found at /usr/bin/chromium*"]
    )
    assert result.ret != 0


def test_in_ci_a_browser_module_skipped_as_a_whole_is_an_error(session):
    files = {"tests/browser/test_whole.py": WHOLE_MODULE_SKIPPED}
    session(files).assert_outcomes(skipped=1)
    result = session(files, CI="true")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*CI=true*a_module_that_is_not_installed_zz*"])


def test_in_ci_a_postgres_test_skipped_on_postgres_is_an_error_but_may_skip_on_sqlite(session):
    files = {"test_race.py": POSTGRES_TESTS}
    session(files, CI="true").assert_outcomes(skipped=1)
    session(files, CI="true", DATABASE_URL="sqlite:///x.db").assert_outcomes(skipped=1)
    on_pg = session(files, CI="true", DATABASE_URL="postgres://postgres@127.0.0.1:5432/x")
    on_pg.assert_outcomes(errors=1)
    on_pg.stdout.fnmatch_lines(["*CI=true: the PostgreSQL-only tests*Needs PostgreSQL*"])
    session(files, DATABASE_URL="postgres://postgres@127.0.0.1:5432/x").assert_outcomes(skipped=1)


@pytest.mark.parametrize(
    ("value", "expected"), [("true", True), ("1", True), ("TRUE", True), ("", False), ("0", False)]
)
def test_ci_is_on_only_for_a_true_value(value, expected):
    assert in_ci({"CI": value}) is expected


def test_a_requirement_names_what_a_skip_would_leave_untested():
    ci_pg = {"CI": "true", "DATABASE_URL": "postgresql://h/db"}
    assert on_postgres(ci_pg) and not on_postgres({"DATABASE_URL": "sqlite:///db"})
    assert requirement(markers=set(), path="tests/browser/test_pages.py", env={}) is None
    assert "browser" in requirement(markers=set(), path="/r/tests/browser/t.py", env=ci_pg)
    assert "PostgreSQL" in requirement(markers={"postgres_only"}, path="m/t.py", env=ci_pg)
    assert requirement(markers={"postgres_only"}, path="m/t.py", env={"CI": "true"}) is None
    assert requirement(markers={"django_db"}, path="tests/api/t.py", env=ci_pg) is None
