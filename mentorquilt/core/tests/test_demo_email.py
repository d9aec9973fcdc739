"""The demo prints each email readably, links whole, and links to the port it serves on."""

from __future__ import annotations

import io
import os
import subprocess
from pathlib import Path

from django.core.mail import EmailMultiAlternatives

from mentorquilt.core.mail import ReadableConsoleBackend

REPO = Path(__file__).resolve().parents[3]
LONG_LINK = "http://127.0.0.1:8101/invitations/" + "Ab3-" * 30 + "/"


def test_the_demo_email_shows_the_text_with_a_long_link_on_one_line_and_names_unescaped():
    message = EmailMultiAlternatives(
        subject="María, you are invited to MentorQuilt",
        body=f"Hello María,\n\nOpen this link to join:\n{LONG_LINK}\n",
        from_email="MentorQuilt <no-reply@mentorquilt.invalid>",
        to=["maria.lopez@example.org"],
    )
    message.attach_alternative("<p>Hello María</p>", "text/html")
    message.attach("invite.ics", "BEGIN:VCALENDAR\nEND:VCALENDAR\n", "text/calendar")
    stream = io.StringIO()

    ReadableConsoleBackend(stream=stream).send_messages([message])

    printed = stream.getvalue()
    assert f"\n{LONG_LINK}\n" in printed
    assert "Hello María," in printed
    assert "Subject: María, you are invited to MentorQuilt" in printed
    assert "Email to: maria.lopez@example.org" in printed
    assert "Attached: invite.ics (text/calendar)" in printed
    assert "=\n" not in printed.replace("=" * 72 + "\n", "")


def test_make_run_points_the_site_url_at_the_port_it_serves_on():
    plan = subprocess.run(
        ["make", "-n", "run", "PORT=8101"],  # noqa: S607 (make from PATH, as a person runs it)
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        env={k: v for k, v in os.environ.items() if k != "MENTORQUILT_SITE_URL"},
    ).stdout
    assert "MENTORQUILT_SITE_URL=http://127.0.0.1:8101" in plan
    assert "MENTORQUILT_SITE_URL=http://127.0.0.1:8101 .venv/bin/python manage.py demo_data" in plan
    assert "runserver 127.0.0.1:8101" in plan
