"""Reads of a person's own notifications and preference. Nobody reads another's."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from mentorquilt.core.ids import parse_public_id
from mentorquilt.notifications.models import EmailMode, Notification, NotificationPreference


def notification_list(*, user: Any) -> QuerySet[Notification]:
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(user=user)


def notification_unread_count(*, user: Any) -> int:
    return notification_list(user=user).filter(read_at__isnull=True).count()


def notification_get(*, user: Any, public_id: Any) -> Notification:
    key = parse_public_id(public_id, "notification")
    notification = notification_list(user=user).filter(public_id=key).first()
    if notification is None:
        raise Http404("No such notification.")
    return notification


def email_mode_of(*, user: Any) -> str:
    preference = NotificationPreference.objects.filter(user=user).first()
    return preference.email_mode if preference else EmailMode.IMMEDIATE


def notification_unread_about(*, user: Any, kind: str, link: str) -> bool:
    """Whether the person still has an unread notification of this kind about this page."""
    return (
        notification_list(user=user)
        .filter(kind=kind, link=link[:300], read_at__isnull=True)
        .exists()
    )
