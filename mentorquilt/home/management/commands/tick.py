"""All of MentorQuilt's periodic work in one command: run it every few minutes.

Each app keeps its own idempotent command (requests and digests in
mentorships, meetings and evaluations in engagement); this one runs them all,
so cron, systemd and `make run` need a single line.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

PERIODIC_COMMANDS = ("mentorships_tick", "engagement_tick")


class Command(BaseCommand):
    help = "Run every periodic job (reminders, lapses, digests, nudges, evaluations)."

    def handle(self, *args: Any, **options: Any) -> None:
        for name in PERIODIC_COMMANDS:
            call_command(name, verbosity=options["verbosity"], stdout=self.stdout)
