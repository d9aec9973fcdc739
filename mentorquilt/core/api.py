"""JSON API of the core app: the audit log (staff only), and the list helper every router uses."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router

from mentorquilt.core.errors import DomainError
from mentorquilt.core.schemas import AuditEventPage, AuditEventQuery, PageQuery, with_errors
from mentorquilt.core.selectors import AuditFilter, audit_event_list

router = Router(tags=["audit"])


def paginate(items: QuerySet[Any], page: PageQuery) -> dict[str, Any]:
    """One page of a scoped queryset, in the shape of `PageOut` (two queries: count and rows)."""
    return {
        "count": items.count(),
        "limit": page.limit,
        "offset": page.offset,
        "items": list(items[page.offset : page.offset + page.limit]),
    }


@router.get(
    "/audit-events",
    response=with_errors({200: AuditEventPage}),
    operation_id="audit_event_list",
    summary="The audit log, newest first (platform staff only)",
)
def audit_event_list_api(request: HttpRequest, query: Query[AuditEventQuery]) -> Any:
    if not request.user.is_staff:
        raise PermissionDenied("Only platform staff can read the audit log.")
    if query.since and query.until and query.until < query.since:
        raise DomainError("until must not be before since.", field="until")
    filters = AuditFilter(
        action=query.action,
        actor=query.actor,
        target_id=query.target_id,
        since=query.since,
        until=query.until,
    )
    events = audit_event_list(user=request.user, filters=filters)
    return paginate(events, query)
