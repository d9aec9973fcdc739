"""A canary name and email run through the main flows never reach logs, URLs,
task arguments or audit data (SECURITY.md V14, V16; non-negotiable 4).

Invitation and notification emails are queued tasks (django-tasks-db, as in
production): the test runs the queue once with the real worker, so the emails,
the worker's own logging and the tasks' results are checked too."""

from __future__ import annotations

import json
import logging
import re
from urllib.parse import unquote

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.test import Client
from django_tasks_db.models import DBTaskResult

from conftest import World, client_for
from mentorquilt.core.models import AuditEvent
from mentorquilt.mentorships.tests.helpers import new_mentee, ready_mentor, send
from mentorquilt.notifications.models import Notification

CANARY_NAME = "Zyxwquilt Canaryson"
CANARY_EMAIL = "zyxw.canary@example.org"
CANARY_ROSTER_EMAIL = "zyxw.roster@example.org"
CANARY_MENTEE_EMAIL = "zyxw.mentee@example.org"


@pytest.fixture
def database_tasks(settings):
    """Queue tasks in the database, as production does, so their arguments can be read."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
def test_the_canary_never_reaches_logs_task_arguments_urls_or_audit_data(
    world: World, caplog, database_tasks
):
    caplog.set_level(logging.DEBUG)
    admin = client_for(world.admin)
    institution = world.institution_a.public_id

    # An admin invites the canary and imports a roster naming them.
    response = admin.post(
        f"/institutions/{institution}/invite/",
        {"name": CANARY_NAME, "email": CANARY_EMAIL, "role": "mentee"},
    )
    assert response.status_code == 302
    roster = f"name,email,role\n{CANARY_NAME},{CANARY_ROSTER_EMAIL},mentor\n"
    response = admin.post(
        f"/institutions/{institution}/import/",
        {"file": SimpleUploadedFile("r.csv", roster.encode())},
    )
    assert b"will be emailed" in response.content

    # A bad roster row echoes the canary back to the admin, but not into logs.
    admin.post(
        f"/institutions/{institution}/import/",
        {
            "file": SimpleUploadedFile(
                "r.csv", f"name,email,role\n{CANARY_NAME},{CANARY_EMAIL},astronaut\n".encode()
            )
        },
    )

    # Someone signs up as the canary, fails to sign in, and asks to join.
    anonymous = Client()
    anonymous.post(
        "/accounts/signup/",
        {
            "name": CANARY_NAME,
            "email": "zyxw.self@example.org",
            "password1": "a long passphrase",
            "password2": "a long passphrase",
        },
    )
    anonymous.post("/accounts/login/", {"login": CANARY_EMAIL, "password": "wrong guess"})
    anonymous.post("/accounts/password/reset/", {"email": CANARY_EMAIL})

    # The canary, now a student, asks the mentor: the mentor is notified in the app and,
    # by default, at once by email (a queued task).
    canary_mentee = new_mentee(world, CANARY_MENTEE_EMAIL, name=CANARY_NAME)
    send(canary_mentee, ready_mentor(world.mentor))

    queued = list(DBTaskResult.objects.all())
    paths = {t.task_path for t in queued}
    assert "mentorquilt.institutions.tasks.invitation_send" in paths, paths
    assert "mentorquilt.notifications.tasks.notification_email_send" in paths, paths
    task_arguments = json.dumps([t.args_kwargs for t in queued])

    # Run the queue once, as the worker does in production: the invitation and
    # notification emails are written only now, and the worker logs as it goes.
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    ran = list(DBTaskResult.objects.all())
    assert {t.status for t in ran} == {TaskResultStatus.SUCCESSFUL}, [
        (t.task_path, t.status, t.exception_class_path) for t in ran
    ]
    task_results = json.dumps([[t.return_value, t.traceback] for t in ran], default=str)
    recipients = {address for message in mail.outbox for address in message.to}
    assert {CANARY_EMAIL, CANARY_ROSTER_EMAIL, world.mentor.email} <= recipients, recipients

    audit = json.dumps([[e.target_id, e.data, e.action] for e in AuditEvent.objects.all()])
    links = json.dumps([n.link for n in Notification.objects.all()])
    logged = caplog.text + "".join(
        str(r.args) + str(getattr(r, "request", "")) for r in caplog.records
    )

    for canary in (CANARY_NAME, CANARY_EMAIL, CANARY_ROSTER_EMAIL, CANARY_MENTEE_EMAIL, "zyxw"):
        assert canary not in logged
        assert canary not in task_arguments
        assert canary not in task_results
        assert canary not in audit
        assert canary not in links
    emailed_links = [
        link for message in mail.outbox for link in re.findall(r"https?://\S+", message.body)
    ]
    assert emailed_links, "the invitation and notification emails carry links"
    for link in emailed_links:  # emails may name people; their links must not
        assert "zyxw" not in unquote(link).lower(), link
