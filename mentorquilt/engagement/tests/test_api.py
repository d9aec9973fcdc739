"""The engagement API (R14, R26, R27, R28): the same rules as the pages, through tokens."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from mentorquilt.core.models import AuditEvent
from mentorquilt.engagement.models import Evaluation
from mentorquilt.engagement.services import evaluations_open_due, meeting_note_save
from mentorquilt.engagement.tests.helpers import another_pair, pair
from tests.api.conftest import bearer_client

pytestmark = pytest.mark.django_db


def test_a_pair_plans_logs_and_keeps_private_notes_through_the_api(
    world, django_capture_on_commit_callbacks
):
    mentorship = pair(world)
    mentee, mentor = bearer_client(world.mentee), bearer_client(world.mentor)
    starts = (timezone.now() + timedelta(days=2)).replace(microsecond=0)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = mentee.post(
            f"/mentorships/{mentorship.public_id}/meetings",
            {"starts_at": starts.isoformat(), "minutes": 30, "format": "phone", "place": ""},
        )
    assert response.status_code == 201, response.content
    meeting_id = response.json()["public_id"]
    assert len(mail.outbox) == 2
    assert mentor.get(f"/mentorships/{mentorship.public_id}/meetings").json()["count"] == 1
    with time_machine.travel(starts + timedelta(minutes=40)):
        response = mentor.post(
            f"/meetings/{meeting_id}/log",
            {"held_minutes": 35, "topics": "Interview practice", "private_note": "Only mine"},
        )
        assert response.status_code == 200, response.content
    assert response.json()["my_private_note"] == "Only mine"
    seen_by_mentee = mentee.get(f"/meetings/{meeting_id}").json()
    assert seen_by_mentee["topics"] == "Interview practice"
    assert seen_by_mentee["my_private_note"] == ""
    assert "Only mine" not in str(seen_by_mentee)
    response = mentee.client.put(
        f"/api/v1/meetings/{meeting_id}/my-note",
        '{"text": "Mentee note"}',
        content_type="application/json",
    )
    assert response.json() == {"my_private_note": "Mentee note"}
    assert bearer_client(world.staff).get(f"/meetings/{meeting_id}").status_code == 404


def test_the_action_plan_is_the_mentees_and_readable_by_current_mentors(world):
    mentorship = pair(world)
    mentee, mentor = bearer_client(world.mentee), bearer_client(world.mentor)
    assert (
        mentee.client.put(
            "/api/v1/action-plan",
            '{"mission": "Serve my hometown"}',
            content_type="application/json",
        ).status_code
        == 200
    )
    goal = mentee.post(
        "/action-plan/goals",
        {"title": "Take the MCAT", "needs": ["interviews"], "due_on": "2027-06-01"},
    ).json()
    assert goal["needs"] == ["interviews"]
    step = mentee.post(f"/goals/{goal['public_id']}/milestones", {"title": "Book a date"})
    assert step.status_code == 201
    assert mentee.patch(f"/milestones/{step.json()['public_id']}", {"done": True}).json()["done"]
    plan = mentor.get(f"/mentorships/{mentorship.public_id}/action-plan").json()
    assert plan["mission"] == "Serve my hometown" and plan["goals"][0]["title"] == "Take the MCAT"
    assert mentor.patch(f"/goals/{goal['public_id']}", {"done": True}).status_code == 403
    comment = mentor.post(f"/goals/{goal['public_id']}/comments", {"text": "Good plan"})
    assert comment.status_code == 201 and comment.json()["comments"][0]["text"] == "Good plan"
    assert mentee.patch(f"/goals/{goal['public_id']}", {"done": True}).json()["done"]
    assert mentee.post("/action-plan/goals", {"title": "X", "needs": ["nope"]}).status_code == 400
    for persona in ("outsider", "admin", "staff"):
        client = bearer_client(world.persona(persona))
        assert client.get(f"/goals/{goal['public_id']}").status_code == 404
        assert client.get(f"/mentorships/{mentorship.public_id}/action-plan").status_code == 404


def test_evaluations_are_answered_once_and_the_mentor_sees_averages_from_three_mentees(world):
    first = pair(world)
    second = another_pair(world, mentor=world.mentor, email="m2@a.example.org")
    third = another_pair(world, mentor=world.mentor, email="m3@a.example.org")
    answers = {"helpful": 4, "available": 4, "respectful": 5, "recommend": 4}
    mentor = bearer_client(world.mentor)
    with time_machine.travel(timezone.now() + timedelta(days=190)):
        evaluations_open_due()
        for number, mentorship in enumerate((first, second, third)):
            client = bearer_client(mentorship.mentee)
            (item,) = client.get("/evaluations").json()["items"]
            assert item["mentor"]["first_name"] and not item["submitted"]
            path = f"/evaluations/{item['public_id']}/answers"
            assert mentor.post(path, answers).status_code == 404
            assert client.post(path, {**answers, "helpful": True}).status_code == 422
            assert client.post(path, answers).json()["submitted"]
            assert client.post(path, answers).status_code == 400
            summary = mentor.get("/evaluations/summary").json()
            if number < 2:
                assert summary == {"shown": False, "mentees_needed": 3, "count": 0, "averages": []}
    assert summary["shown"] and summary["count"] == 3
    assert {a["average"] for a in summary["averages"]} == {4.0, 5.0}
    assert Evaluation.objects.filter(submitted_at__isnull=False).count() == 3


def test_a_concern_goes_to_staff_only_and_every_staff_step_is_audited(world):
    mentorship = pair(world)
    mentee, mentor, staff = (bearer_client(world.persona(p)) for p in ("mentee", "mentor", "staff"))
    response = mentee.post(
        f"/mentorships/{mentorship.public_id}/concerns", {"text": "Rude remarks about my family."}
    )
    assert response.status_code == 201
    concern_id = response.json()["public_id"]
    assert mentee.get(f"/concerns/{concern_id}").json()["status"] == "open"
    assert mentor.get("/concerns").json()["count"] == 0
    assert mentor.get(f"/concerns/{concern_id}").status_code == 404
    assert mentor.get(f"/staff/concerns/{concern_id}").status_code == 404
    assert mentor.get("/staff/concerns").status_code == 403
    queue = staff.get("/staff/concerns").json()
    assert queue["count"] == 1 and "text" not in queue["items"][0]
    assert not AuditEvent.objects.filter(action="concern.read").exists()
    detail = staff.get(f"/staff/concerns/{concern_id}").json()
    assert detail["text"] == "Rude remarks about my family."
    assert detail["about"]["public_id"] == str(world.mentor.public_id)
    assert AuditEvent.objects.filter(action="concern.read", actor=world.staff).count() == 1
    act = staff.post(f"/staff/concerns/{concern_id}/actions", {"kind": "pause_mentorship"})
    assert act.status_code == 201 and act.json() == {
        "kind": "pause_mentorship",
        "status": "in_review",
    }
    mentorship.refresh_from_db()
    assert mentorship.state == "paused"


def test_private_notes_never_reach_another_persons_api(world):
    mentorship = pair(world)
    meeting = (
        bearer_client(world.mentee)
        .post(
            f"/mentorships/{mentorship.public_id}/meetings",
            {
                "starts_at": (timezone.now() + timedelta(days=1)).isoformat(),
                "minutes": 30,
                "format": "video",
                "place": "https://video.example.org/x",
            },
        )
        .json()
    )
    from mentorquilt.engagement.models import Meeting

    meeting_note_save(
        author=world.mentee,
        meeting=Meeting.objects.get(public_id=meeting["public_id"]),
        text="CANARY-NOTE-7731",
    )
    for persona in ("mentor", "staff", "admin", "outsider"):
        client = bearer_client(world.persona(persona))
        for path in (
            f"/meetings/{meeting['public_id']}",
            f"/mentorships/{mentorship.public_id}/meetings",
        ):
            assert "CANARY-NOTE-7731" not in client.get(path).content.decode()
