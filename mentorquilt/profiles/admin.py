"""Staff edit the taxonomies here (R37): adding a track or a need needs no release.

Personal rows (attributes, profiles, qualifications) are deliberately not registered:
their values must not appear in admin lists (docs/data-protection.md).
"""

from django.contrib import admin

from mentorquilt.core.admin import PlatformStaffEdits
from mentorquilt.profiles.models import (
    AffinityCategory,
    AffinityDimension,
    Language,
    MeetingFormat,
    NeedArea,
    Specialty,
    Track,
    TrainingStage,
)


class TaxonomyAdmin(PlatformStaffEdits, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "slug", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


for model in (Track, TrainingStage, Specialty, Language, MeetingFormat, NeedArea):
    admin.site.register(model, TaxonomyAdmin)


class CategoryInline(PlatformStaffEdits, admin.TabularInline):  # type: ignore[type-arg]
    model = AffinityCategory
    extra = 1
    fields = ("name", "slug", "sort_order", "is_active")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(AffinityDimension)
class AffinityDimensionAdmin(TaxonomyAdmin):
    list_display = ["name", "slug", "wish_only", "sort_order", "is_active"]
    fields = ("name", "slug", "question", "description", "wish_only", "sort_order", "is_active")
    inlines = [CategoryInline]


@admin.register(AffinityCategory)
class AffinityCategoryAdmin(TaxonomyAdmin):
    list_display = ["name", "slug", "dimension", "sort_order", "is_active"]
    list_filter = ["dimension", "is_active"]
    list_select_related = ("dimension",)
