"""The periodic work of MentorQuilt: run it every few minutes (cron, systemd, `make run`).

Reminds mentors of requests due soon, lapses overdue requests (suspending mentors
with repeated lapses), invites mentees who just left to become mentors (R18), and
sends weekly digests that are due. Idempotent: running
it twice sends nothing twice.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from mentorquilt.mentorships.services import (
    alumni_invite_due,
    request_lapse_overdue,
    request_remind_due,
)
from mentorquilt.notifications.services import digest_send_due


class Command(BaseCommand):
    help = "Remind, lapse overdue requests and send due digests (safe to run often)."

    def handle(self, *args: Any, **options: Any) -> None:
        reminded = request_remind_due()
        lapsed = request_lapse_overdue()
        alumni = alumni_invite_due()
        digests = digest_send_due()
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"reminded {reminded}, lapsed {lapsed}, alumni invited {alumni}, digests {digests}"
            )
