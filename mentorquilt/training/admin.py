"""Staff author agreements and training modules here (R5, R12, R27).

A new agreement text is added as a draft (numbered automatically) and made
current with the "Publish" action, which calls `agreement_publish`: everyone
is then asked to accept it again. A published text can no longer be edited.
Acceptances and completions are records of what people did: read-only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from mentorquilt.core.errors import DomainError
from mentorquilt.training.models import (
    AgreementAcceptance,
    AgreementVersion,
    ModuleCompletion,
    TrainingModule,
)
from mentorquilt.training.services import agreement_draft_create, agreement_publish


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AgreementVersion)
class AgreementVersionAdmin(admin.ModelAdmin[AgreementVersion]):
    list_display = ("title", "kind", "version", "published_at")
    list_filter = ("kind", ("published_at", admin.EmptyFieldListFilter))
    fields = ("kind", "title", "body", "version", "published_at", "published_by", "public_id")
    readonly_fields = ("version", "published_at", "published_by", "public_id")
    actions = ["publish"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None and obj.is_published:
            return self.fields  # the text people accepted never changes
        if obj is not None:
            return (*self.readonly_fields, "kind")
        return self.readonly_fields

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_published:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            obj.save()  # a draft's wording; nobody has accepted it
            return
        draft = agreement_draft_create(
            actor=request.user, kind=obj.kind, title=obj.title, body=obj.body
        )
        obj.pk, obj.public_id, obj.version = draft.pk, draft.public_id, draft.version
        obj.created_at, obj.updated_at = draft.created_at, draft.updated_at

    @admin.action(description="Publish the selected drafts (everyone must accept them again)")
    def publish(self, request: HttpRequest, queryset: QuerySet[AgreementVersion]) -> None:
        for version in queryset.order_by("kind", "version"):
            try:
                agreement_publish(actor=request.user, version=version)
            except DomainError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(
                    request,
                    f"{version} is published: everyone is asked to accept it again.",
                    messages.SUCCESS,
                )


@admin.register(AgreementAcceptance)
class AgreementAcceptanceAdmin(ReadOnlyAdmin):
    list_display = ("user", "version", "accepted_at")
    list_filter = ("version__kind",)
    list_select_related = ("user", "version")
    search_fields = ("user__email",)


@admin.register(TrainingModule)
class TrainingModuleAdmin(admin.ModelAdmin[TrainingModule]):
    list_display = (
        "title",
        "audience",
        "required_for_mentors",
        "required_for_mentees",
        "estimated_minutes",
        "cme_credit_hours",
        "version",
        "is_active",
        "position",
    )
    list_filter = ("audience", "is_active", "required_for_mentors", "required_for_mentees")
    search_fields = ("title", "summary")
    readonly_fields = ("public_id",)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Completed modules stay: certificates and rewards refer to them. Deactivate instead.
        if obj is not None and obj.completions.exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(ModuleCompletion)
class ModuleCompletionAdmin(ReadOnlyAdmin):
    list_display = ("user", "module", "completed_at", "module_version", "credit_hours")
    list_filter = ("module",)
    list_select_related = ("user", "module")
    search_fields = ("user__email",)
