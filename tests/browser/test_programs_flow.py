"""In the browser: a coordinator creates a program and a cohort, a participant applies, the
coordinator accepts, plans a session and takes attendance on a phone-sized page, and the
participant sees it in "Your programs"; axe at desktop and phone width on every new page
(R29, R30, R25).
"""

from __future__ import annotations

import zoneinfo
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from mentorquilt.programs.models import Attendance, CohortMember, Program
from tests.browser.conftest import NARROW, sign_in

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.browser


def heading(page: Any, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_contain_text(text)


def test_a_program_runs_from_creation_to_attendance_seen_by_the_participant(new_page, check, world):
    coordinator = new_page()
    sign_in(coordinator, world.coordinator)
    coordinator.get_by_role("navigation", name="Main").get_by_role("link", name="Programs").click()
    heading(coordinator, "Programs")
    check(coordinator, "programs-list")
    coordinator.get_by_role("link", name="Start a program").click()
    heading(coordinator, "Start a program")
    check(coordinator, "programs-create")
    coordinator.get_by_label("Cohort program").check()
    coordinator.get_by_label("Name", exact=True).fill("Pre-health scholars")
    coordinator.get_by_label("Meet every … weeks").fill("4")
    coordinator.get_by_label("Values everyone agrees to").fill("Respect and cultural humility.")
    coordinator.get_by_label("Questions for applicants").fill("Why health care?")
    coordinator.get_by_role("button", name="Create the program").click()
    heading(coordinator, "Pre-health scholars")
    check(coordinator, "programs-detail")
    coordinator.get_by_role("link", name="Add a cohort").click()
    today = timezone.localdate()
    coordinator.get_by_label("Name", exact=True).fill("Fall cohort")
    coordinator.get_by_label("First day").fill(today.isoformat())
    coordinator.get_by_label("Last day").fill((today + timedelta(days=300)).isoformat())
    coordinator.get_by_label("Places for participants").fill("12")
    check(coordinator, "programs-cohort-create")
    coordinator.get_by_role("button", name="Create the cohort").click()
    heading(coordinator, "Fall cohort")
    cohort_url = coordinator.url

    student = new_page()
    sign_in(student, world.mentee)
    student.get_by_role("navigation", name="Main").get_by_role("link", name="Programs").click()
    student.get_by_role("link", name="Pre-health scholars").click()
    student.get_by_role("link", name="Apply to Fall cohort").click()
    heading(student, "Apply to Pre-health scholars")
    check(student, "programs-apply")
    student.get_by_role("button", name="Send my application").click()
    expect(student.get_by_role("main")).to_contain_text("To join, tick the box")
    student.get_by_label("Why health care?").fill("To care for my community.")
    student.get_by_label("I accept these values").check()
    student.get_by_role("button", name="Send my application").click()
    heading(student, "Your programs")
    expect(student.get_by_role("main")).to_contain_text("participant, applied")

    coordinator.goto(cohort_url)
    expect(coordinator.get_by_role("main")).to_contain_text("To care for my community.")
    check(coordinator, "programs-cohort-waiting")
    coordinator.get_by_role("button", name=f"Accept {world.mentee.name}").click()
    expect(coordinator.get_by_role("main")).to_contain_text("1 of 12 places taken")
    assert CohortMember.objects.get(user=world.mentee).status == "accepted"

    coordinator.get_by_role("link", name="Plan a session").click()
    check(coordinator, "programs-session-create")
    zone = "America/Chicago"
    start = (timezone.now() + timedelta(minutes=40)).astimezone(zoneinfo.ZoneInfo(zone))
    coordinator.get_by_label("Title", exact=True).fill("Personal statements")
    coordinator.get_by_label("Day", exact=True).fill(start.date().isoformat())
    coordinator.get_by_label("Start time").fill(start.strftime("%H:%M"))
    coordinator.get_by_label("Time zone").select_option(zone)
    coordinator.get_by_label("Place (optional)").fill("Room 101")
    coordinator.get_by_role("button", name="Plan the session").click()
    heading(coordinator, "Fall cohort")
    check(coordinator, "programs-cohort-detail")

    coordinator.set_viewport_size(NARROW)  # taking attendance on a phone
    coordinator.get_by_role("link", name="Attendance for Personal statements").click()
    heading(coordinator, "Attendance: Personal statements")
    check(coordinator, "programs-attendance")
    coordinator.get_by_role("group", name=world.mentee.name).get_by_label("Late").check()
    coordinator.get_by_role("button", name="Save attendance").click()
    expect(coordinator.get_by_role("status").or_(coordinator.locator(".messages"))).to_contain_text(
        "Attendance saved (1 changed)"
    )
    assert Attendance.objects.get().status == "late"
    coordinator.goto(cohort_url + "attendance/")
    check(coordinator, "programs-attendance-grid")

    student.goto("/my-programs/")
    main = student.get_by_role("main")
    expect(main).to_contain_text("Personal statements")
    expect(main.locator("strong", has_text="Late")).to_be_visible()
    check(student, "programs-mine")
    assert Program.objects.count() == 1
