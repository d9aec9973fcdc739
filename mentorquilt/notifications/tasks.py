"""Emails for notifications. Arguments are ids only; each task is safe to run twice."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone

from mentorquilt.notifications.models import Notification


@task()
def notification_email_send(notification_id: str) -> str:
    """Email one notification now. Claims it first, so a second run sends nothing."""
    notification = (
        Notification.objects.select_related("user").filter(public_id=notification_id).first()
    )
    if notification is None:
        return "skipped: gone"
    claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return "skipped: already emailed"
    if not notification.user.is_active:
        return "skipped: inactive"
    context = {"notification": notification, "site_url": settings.SITE_URL}
    send_mail(
        subject=f"[MentorQuilt] {notification.title}",
        message=render_to_string("notifications/email/one.txt", context),
        from_email=None,
        recipient_list=[notification.user.email],
    )
    return "sent"
