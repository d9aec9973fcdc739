"""Notifications: every event reaches the person in the app and by email.

Rules:
- `notify` creates the in-app notification and, after the transaction commits,
  emails it at once (a background task, ids only) unless the person chose the
  weekly digest.
- The digest sends one email per person with every notification not yet
  emailed, at most once a week; running it twice sends nothing twice.
- Titles and bodies are plain sentences with no sensitive values (no
  demographics, eligibility or free text written by someone else).
- A person marks their own notifications read and sets their own preference.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from mentorquilt.core.errors import DomainError
from mentorquilt.core.services import audit_record
from mentorquilt.notifications.models import EmailMode, Notification, NotificationPreference
from mentorquilt.notifications.selectors import email_mode_of
from mentorquilt.notifications.tasks import notification_email_send

DIGEST_EVERY = timedelta(days=7)


def notify(*, user: Any, kind: str, title: str, body: str = "", link: str = "") -> Notification:
    """Tell one person about one event: in the app now, by email after commit."""
    with transaction.atomic():
        notification = Notification.objects.create(
            user=user, kind=kind, title=title[:200], body=body[:2000], link=link[:300]
        )
        if email_mode_of(user=user) == EmailMode.IMMEDIATE:
            notification_id = str(notification.public_id)
            transaction.on_commit(lambda: notification_email_send.enqueue(notification_id))
    return notification


@transaction.atomic
def notification_mark_read(*, user: Any, notification: Notification | None = None) -> int:
    """Mark one of the person's notifications read, or all of them when none is given."""
    rows = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification is not None:
        if notification.user_id != user.pk:
            raise DomainError("This is not your notification.")
        rows = rows.filter(pk=notification.pk)
    return rows.update(read_at=timezone.now())


@transaction.atomic
def notification_mark_read_about(*, user: Any, kind: str, link: str) -> int:
    """Mark read the person's notifications of one kind about one page (they opened it)."""
    return Notification.objects.filter(
        user=user, kind=kind, link=link[:300], read_at__isnull=True
    ).update(read_at=timezone.now())


@transaction.atomic
def notification_preference_set(*, user: Any, email_mode: str) -> NotificationPreference:
    if email_mode not in EmailMode.values:
        raise DomainError("Choose how often we email you.", field="email_mode")
    preference, _ = NotificationPreference.objects.get_or_create(user=user)
    preference.email_mode = email_mode
    preference.save(update_fields=["email_mode"])
    audit_record(
        actor=user,
        action="notification_preference.set",
        target=user,
        data={"email_mode": email_mode},
    )
    return preference


def digest_send_due(*, now: Any = None) -> int:
    """Send the weekly digest to everyone who chose it and is due. Returns emails sent."""
    now = now or timezone.now()
    sent = 0
    preferences = NotificationPreference.objects.filter(
        email_mode=EmailMode.WEEKLY, user__is_active=True
    ).select_related("user")
    for preference in preferences:
        if preference.last_digest_at and preference.last_digest_at > now - DIGEST_EVERY:
            continue
        sent += _digest_send_one(preference_id=preference.pk, now=now)
    return sent


def _digest_send_one(*, preference_id: int, now: Any) -> int:
    with transaction.atomic():
        preference = (
            NotificationPreference.objects.select_for_update()
            .select_related("user")
            .get(pk=preference_id)
        )
        if preference.last_digest_at and preference.last_digest_at > now - DIGEST_EVERY:
            return 0
        pending = list(
            Notification.objects.filter(user=preference.user, emailed_at__isnull=True).order_by(
                "created_at"
            )
        )
        preference.last_digest_at = now
        preference.save(update_fields=["last_digest_at"])
        if not pending:
            return 0
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=now)
        context = {"notifications": pending, "site_url": settings.SITE_URL}
        message = render_to_string("notifications/email/digest.txt", context)
        email = preference.user.email
        transaction.on_commit(
            lambda: send_mail(
                subject=f"[MentorQuilt] Your week: {len(pending)} update(s)",
                message=message,
                from_email=None,
                recipient_list=[email],
            )
        )
    return 1
