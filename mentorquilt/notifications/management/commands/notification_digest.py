"""Send the weekly digest to everyone who chose it and is due (also run by mentorships_tick)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from mentorquilt.notifications.services import digest_send_due


class Command(BaseCommand):
    help = "Send weekly notification digests that are due (safe to run often)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = digest_send_due()
        if options["verbosity"] >= 1:
            self.stdout.write(f"digests sent: {sent}")
