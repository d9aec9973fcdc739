from django.contrib import admin

from mentorquilt.institutions.models import Institution, Invitation, Membership


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin[Institution]):
    list_display = ("name", "kind", "class_size", "region", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "region")
    readonly_fields = ("public_id",)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ("user", "institution", "role", "status", "verified_at")
    list_filter = ("role", "status")
    list_select_related = ("user", "institution")
    search_fields = ("user__email", "institution__name")
    raw_id_fields = ("user",)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin[Invitation]):
    list_display = ("email", "institution", "role", "expires_at", "accepted_at", "revoked_at")
    list_filter = ("role",)
    list_select_related = ("institution",)
    readonly_fields = ("public_id", "accepted_by", "invited_by")
