"""Private notes, topics, evaluation comments and concern text never leave their page:
not into logs, audit data, task arguments, notifications or emails (R14, R26, R27;
SECURITY V14, V16)."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conftest import client_for
from mentorquilt.core.models import AuditEvent
from mentorquilt.engagement.models import Evaluation, Meeting
from mentorquilt.engagement.services import engagement_tick
from mentorquilt.engagement.tests.helpers import pair
from mentorquilt.notifications.models import Notification

NOTE = "Zyxw-private-note-canary"
TOPICS = "Zyxw-topics-canary"
CONCERN = "Zyxw-concern-canary"
COMMENT = "Zyxw-comment-canary"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sensitive_text_never_reaches_logs_tasks_audit_notifications_or_email(
    world, caplog, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    caplog.set_level(logging.DEBUG)
    mentorship = pair(world)
    mentee, mentor = client_for(world.mentee), client_for(world.mentor)
    day = (timezone.localdate() + timedelta(days=1)).isoformat()
    mentee.post(
        f"/mentorships/{mentorship.public_id}/meetings/plan/",
        {"day": day, "time": "10:00", "timezone": "UTC", "minutes": "30", "format": "phone"},
    )
    meeting = Meeting.objects.get()
    with time_machine.travel(meeting.starts_at + timedelta(hours=1)):
        mentor.post(
            f"/meetings/{meeting.public_id}/log/",
            {"held_minutes": "30", "topics": TOPICS, "private_note": NOTE},
        )
    mentee.post(f"/meetings/{meeting.public_id}/", {"text": NOTE})
    mentee.post(f"/mentorships/{mentorship.public_id}/concern/", {"text": CONCERN})
    with time_machine.travel(timezone.now() + timedelta(days=200)):
        engagement_tick()
        evaluation = Evaluation.objects.get()
        client_for(world.mentee).post(
            f"/evaluations/{evaluation.public_id}/",
            {
                "helpful": "3",
                "available": "3",
                "respectful": "3",
                "recommend": "3",
                "comment": COMMENT,
            },
        )
    assert Evaluation.objects.get().submitted_at is not None
    assert Meeting.objects.get().topics == TOPICS

    places = {
        "logs": "\n".join(record.getMessage() for record in caplog.records),
        "task arguments": json.dumps(
            [[task.args_kwargs] for task in DBTaskResult.objects.all()], default=str
        ),
        "audit data": json.dumps(list(AuditEvent.objects.values("data", "target_id")), default=str),
        "notifications": json.dumps(
            list(Notification.objects.values("title", "body", "link")), default=str
        ),
        "emails": "\n".join(m.subject + m.body for m in mail.outbox),
    }
    assert DBTaskResult.objects.exists()
    for where, text in places.items():
        for canary in (NOTE, CONCERN, COMMENT):
            assert canary not in text, f"{canary} reached {where}"
