from __future__ import annotations

from django.http import HttpRequest

from mentorquilt.notifications.selectors import notification_unread_count


def unread(request: HttpRequest) -> dict[str, object]:
    """The header's unread count (one query, only when signed in)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": notification_unread_count(user=user)}
