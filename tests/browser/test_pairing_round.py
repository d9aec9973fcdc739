"""In the browser: a coordinator runs, adjusts and publishes a pairing round of 150 ready
mentees, watching the run's progress; axe on every page (R22, R23, B2).
"""

from __future__ import annotations

from typing import Any

import pytest

from mentorquilt.mentorships.models import Mentorship
from mentorquilt.pairing.models import MatchRound, RoundStatus
from mentorquilt.pairing.runner import round_run
from mentorquilt.pairing.selectors import round_pairs
from mentorquilt.pairing.tests.helpers import add_mentee, add_mentor
from tests.browser.conftest import sign_in

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.browser

MENTEES = 150
MENTORS = 56  # 3 places each: 168 places for 150 mentees


def heading(page: Any, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_contain_text(text)


def test_a_coordinator_runs_adjusts_and_publishes_a_round_of_150_mentees(
    new_page, check, world, settings
):
    # The run waits for a worker (no task runs by itself), so the page shows its progress
    # until the test plays the worker below.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    for n in range(MENTEES):
        add_mentee(world, n)
    for n in range(MENTORS):
        add_mentor(world, n, capacity=3, shared_background=n % 4 == 0)

    page = new_page()
    sign_in(page, world.coordinator)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Pairing rounds").click()
    heading(page, "Pairing rounds")
    check(page, "pairing-round-list-empty")
    page.get_by_role("link", name="Start a pairing round").click()
    heading(page, "Start a pairing round")
    expect(page.get_by_role("main")).to_contain_text("Program cohorts come with a later release")
    check(page, "pairing-round-create")
    page.get_by_label("Name of the round").fill("Fall 2026 cohort")
    page.get_by_label("Mentees per mentor, at most").select_option("3")
    page.get_by_label("Stable: no mentee and mentor would both rather be paired together").check()
    page.get_by_label("Pairs never to make").fill(
        "cohort.mentee0@a.example.org cohort.mentor0@a.example.org"
    )
    page.get_by_role("button", name="Create the round").click()
    heading(page, "Fall 2026 cohort")
    check(page, "pairing-round-draft")

    page.get_by_role("button", name="Run the round").click()
    status = page.locator("#round-progress")
    expect(status).to_contain_text("Running")
    check(page, "pairing-round-running")
    match_round = MatchRound.objects.get()
    assert match_round.status == RoundStatus.RUNNING
    assert round_run(round_id=str(match_round.public_id)) == "ready"  # the worker's job
    # The polled partial notices and the page reloads with the proposal.
    expect(page.get_by_role("heading", name="Proposed pairs (150)")).to_be_visible()
    main = page.get_by_role("main")
    expect(main).to_contain_text("150 of 150 ready mentees have a mentor")
    expect(main).to_contain_text("Match rate of each group")
    expect(main).to_contain_text("Every ready mentee has a mentor.")
    check(page, "pairing-round-proposal")
    match_round.refresh_from_db()
    pairs = {(p.mentee.user.email, p.mentor.user.email) for p in match_round.pairs.all()}
    assert ("cohort.mentee0@a.example.org", "cohort.mentor0@a.example.org") not in pairs

    # Remove a pair: the mentee shows up without a mentor and the figures follow.
    page.get_by_role("button", name="Remove").first.click()
    expect(page.get_by_role("heading", name="Without a mentor (1)")).to_be_visible()
    expect(main).to_contain_text("149 of 150 ready mentees have a mentor")
    # Add her back with a mentor who has room.
    page.get_by_role("button", name="Add the pair").click()
    expect(page.get_by_role("heading", name="Proposed pairs (150)")).to_be_visible()
    expect(main).to_contain_text("Added the pair.")
    # Swap the mentors of two pairs (the first pair, and the first with another mentor).
    listed = list(round_pairs(match_round=match_round))
    index = next(i for i, p in enumerate(listed) if p.mentor_id != listed[0].mentor_id)
    page.get_by_label("Second pair").select_option(index=index)
    page.get_by_role("button", name="Swap").click()
    expect(main).to_contain_text("Swapped the two mentors.")
    check(page, "pairing-round-adjusted")

    page.get_by_label("Start the mentorships").check()
    # 150 mentorships through the mentorships services (readiness, capacity) take a while.
    page.get_by_role("button", name="Publish").click(timeout=300_000)
    expect(main).to_contain_text("Published: 150 pairs started", timeout=300_000)
    check(page, "pairing-round-published")
    assert Mentorship.objects.count() == 150
