"""In the browser: a coordinator runs, adjusts and publishes a pairing round of 150 ready
mentees, watching the run's progress, sees who was left out and why, pages and filters the
proposal, confirms publishing and watches it run in the background; axe on every page
(R22, R23, B2; issue 10 item 4).
"""

from __future__ import annotations

from typing import Any

import pytest

from mentorquilt.mentorships.models import Mentorship
from mentorquilt.pairing.models import MatchRound, RoundStatus
from mentorquilt.pairing.runner import round_publish_run, round_run
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
    expect(main).to_contain_text("150 of 150 ready mentees who need a mentor have one")
    expect(main).to_contain_text("Match rate of each group")
    expect(main).to_contain_text("Every ready mentee who needs a mentor has one.")
    # The persona mentee and mentor are in the cohort but not ready: listed, with the
    # steps they still have to do and the checklist link to send them.
    expect(main).to_contain_text("1 mentee and 1 mentor were left out")
    left_out = page.get_by_role("region", name="People left out")
    expect(left_out).to_be_visible()
    expect(left_out).to_contain_text(world.mentee.email)
    expect(left_out).to_contain_text(world.mentor.email)
    expect(
        left_out.get_by_role(
            "link", name=f"Checklist link for {world.mentor.name or world.mentor.email}"
        )
    ).to_be_visible()
    # 50 pairs a page
    expect(page.get_by_role("navigation", name="Pages of the proposal")).to_contain_text(
        "Page 1 of 3"
    )
    check(page, "pairing-round-proposal")
    page.get_by_label("Mentee's name contains").fill("Mentee 007")
    page.get_by_role("button", name="Show", exact=True).click()
    pairs_table = page.get_by_role("region", name="Proposed pairs", exact=True)
    expect(pairs_table.locator("tbody tr")).to_have_count(1)
    expect(pairs_table).to_contain_text("Mentee 007")
    check(page, "pairing-round-filtered")
    page.get_by_role("link", name="Show everyone").click()
    match_round.refresh_from_db()
    pairs = {(p.mentee.user.email, p.mentor.user.email) for p in match_round.pairs.all()}
    assert ("cohort.mentee0@a.example.org", "cohort.mentor0@a.example.org") not in pairs

    # Remove a pair: the mentee shows up without a mentor and the figures follow.
    page.get_by_role("button", name="Remove").first.click()
    expect(page.get_by_role("heading", name="Without a mentor (1)")).to_be_visible()
    expect(main).to_contain_text("149 of 150 ready mentees who need a mentor have one")
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
    page.get_by_role("button", name="Publish…").click()
    heading(page, "Publish Fall 2026 cohort?")
    expect(main).to_contain_text("150 mentorships start, one for each pair, for 150 mentees")
    expect(main).to_contain_text("2 people of the cohort were left out")
    check(page, "pairing-round-publish-confirm")
    page.get_by_role("button", name="Yes, start 150 mentorships").click()
    # No worker runs by itself: the page shows publishing until the test plays it.
    expect(page.locator("#round-progress")).to_contain_text("Publishing")
    check(page, "pairing-round-publishing")
    assert Mentorship.objects.count() == 0
    match_round.refresh_from_db()
    assert match_round.status == RoundStatus.PUBLISHING
    # 150 mentorships through the mentorships services (readiness, capacity) take a while.
    assert round_publish_run(round_id=str(match_round.public_id)) == "published"
    expect(page.get_by_role("heading", name="Published")).to_be_visible(timeout=60_000)
    expect(main).to_contain_text("150 pairs started")
    check(page, "pairing-round-published")
    assert Mentorship.objects.count() == 150
