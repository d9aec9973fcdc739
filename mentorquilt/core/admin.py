from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from mentorquilt.core.models import AuditEvent


def is_platform_staff(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_staff)


class PlatformStaffEdits:
    """Admin rights for platform staff (who are not superusers) on data they maintain.

    They view, add and change; nobody deletes, since rows are referenced by
    people's records: an entry is retired by unticking "active".
    """

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_platform_staff(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_platform_staff(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_platform_staff(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_platform_staff(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    """Read-only: the audit log is append-only for everyone, superusers included."""

    list_display = ("at", "action", "actor", "target_type", "target_id", "institution")
    list_filter = ("action",)
    list_select_related = ("actor", "institution")
    search_fields = ("action", "target_id", "request_id")
    date_hierarchy = "at"

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_platform_staff(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_platform_staff(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
