from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from mentorquilt.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    """Read-only: the audit log is append-only for everyone, superusers included."""

    list_display = ("at", "action", "actor", "target_type", "target_id", "institution")
    list_filter = ("action",)
    list_select_related = ("actor", "institution")
    search_fields = ("action", "target_id", "request_id")
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
