"""Core services: writing the audit log.

Rules:
- Every state change of a domain object and every read or export of sensitive
  data writes one audit row, inside the same transaction as the change.
- Audit rows carry identifiers and field names, never personal values (no
  names, emails, demographic values or free text).
"""

from __future__ import annotations

from typing import Any

from django.db import models

from mentorquilt.core.models import AuditEvent
from mentorquilt.core.request_context import current_request_id


def audit_record(
    *,
    actor: Any | None,
    action: str,
    target: models.Model | None = None,
    institution: Any | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit row. `actor` may be None for the system or an anonymous visitor."""
    target_type = target._meta.label_lower if target is not None else ""
    target_id = ""
    if target is not None:
        target_id = str(getattr(target, "public_id", None) or target.pk)
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent.objects.create(
        actor=actor,
        action=action,
        target_type=target_type,
        target_id=target_id,
        institution=institution,
        request_id=current_request_id.get(),
        data=data or {},
    )
