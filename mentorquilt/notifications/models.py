"""In-app notifications and each person's email preference.

Every event that concerns a person creates one Notification (shown in the header
count and the notification list) and is emailed either at once or in a weekly
digest, as the person chooses. `emailed_at` makes sending idempotent.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from mentorquilt.core.models import BaseModel


class EmailMode(models.TextChoices):
    IMMEDIATE = "immediate", "Email me each time"
    WEEKLY = "weekly", "One email a week with everything (weekly digest)"


class Notification(BaseModel):
    """One thing a person should know about. Title and body are plain text, no sensitive values."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=64)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True, max_length=2000)
    link = models.CharField(max_length=300, blank=True, help_text="A path on this site.")
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(fields=["user", "emailed_at"]),
        ]

    def __str__(self) -> str:
        return f"Notification {self.public_id} ({self.kind})"


class NotificationPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_mode = models.CharField(
        max_length=16, choices=EmailMode.choices, default=EmailMode.IMMEDIATE
    )
    last_digest_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Notification preference of user {self.user_id}"
