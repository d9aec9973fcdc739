"""A canary name and email run through the main flows never reach logs, URLs,
task arguments or audit data (SECURITY.md V14, V16; non-negotiable 4)."""

from __future__ import annotations

import json
import logging

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_tasks_db.models import DBTaskResult

from conftest import World, client_for
from mentorquilt.core.models import AuditEvent

CANARY_NAME = "Zyxwquilt Canaryson"
CANARY_EMAIL = "zyxw.canary@example.org"
CANARY_ROSTER_EMAIL = "zyxw.roster@example.org"


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

    queued = list(DBTaskResult.objects.all())
    assert queued, "the invitations should have queued email tasks"
    task_arguments = json.dumps([t.args_kwargs for t in queued])
    audit = json.dumps([[e.target_id, e.data, e.action] for e in AuditEvent.objects.all()])
    logged = caplog.text + "".join(
        str(r.args) + str(getattr(r, "request", "")) for r in caplog.records
    )

    for canary in (CANARY_NAME, CANARY_EMAIL, CANARY_ROSTER_EMAIL, "zyxw"):
        assert canary not in logged
        assert canary not in task_arguments
        assert canary not in audit
    for message in mail.outbox:  # emails may name people; their links must not
        for line in message.body.splitlines():
            if "http" in line:
                assert "zyxw" not in line.lower()
