from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from mentorquilt.core.models import AuditEvent


def audit_event_list(*, user: Any, action: str = "", target_id: str = "") -> QuerySet[AuditEvent]:
    """The audit log, newest first, for platform staff only (others get nothing)."""
    if not user.is_staff:
        return AuditEvent.objects.none()
    events = AuditEvent.objects.select_related("actor", "institution")
    if action:
        events = events.filter(action=action)
    if target_id:
        events = events.filter(target_id=target_id)
    return events
