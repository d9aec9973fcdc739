"""One periodic command runs every app's periodic work (R8, R14, R26)."""

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_tick_runs_every_periodic_job_and_twice_is_harmless():
    first, second = StringIO(), StringIO()
    call_command("tick", stdout=first)
    call_command("tick", stdout=second)
    assert "lapsed 0" in first.getvalue()
    assert first.getvalue() == second.getvalue()
    assert len(first.getvalue().strip().splitlines()) >= 2
