"""Daily engagement work (R14, R26): nudge quiet pairs, open due evaluations, send reminders.

Safe to run as often as you like: each nudge and reminder is sent once. Run it daily from
cron or systemd (see docs/deploy.md), next to `manage.py mentorships_tick`.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from mentorquilt.engagement.services import engagement_tick


class Command(BaseCommand):
    help = "Nudge pairs that have not met, open due evaluations and remind mentees (daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = engagement_tick()
        self.stdout.write(
            f"{result['nudged']} quiet pair(s) nudged, {result['opened']} evaluation(s) opened, "
            f"{result['reminded']} reminder(s) sent."
        )
