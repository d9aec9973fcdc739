from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from mentorquilt.core.models import AuditEvent


@dataclass(frozen=True)
class AuditFilter:
    """What staff look for in the audit log; empty fields do not filter.

    `action` and `actor` match from the start ("login" finds login.success and
    login.failure; an email's first letters find its owner); `since` and
    `until` are whole UTC days, both included.
    """

    action: str = ""
    actor: str = ""
    target_id: str = ""
    since: dt.date | None = None
    until: dt.date | None = None


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def audit_event_list(*, user: Any, filters: AuditFilter | None = None) -> QuerySet[AuditEvent]:
    """The audit log, newest first, for platform staff only (others get nothing)."""
    if not user.is_staff:
        return AuditEvent.objects.none()
    events = AuditEvent.objects.select_related("actor", "institution")
    f = filters or AuditFilter()
    if f.action:
        events = events.filter(action__startswith=f.action)
    if f.actor:
        events = events.filter(actor__email__istartswith=f.actor)
    if f.target_id:
        events = events.filter(target_id=f.target_id)
    if f.since:
        events = events.filter(at__gte=_day_start(f.since))
    if f.until:
        events = events.filter(at__lt=_day_start(f.until + dt.timedelta(days=1)))
    return events
