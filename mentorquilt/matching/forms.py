"""The search filters form (GET): taxonomy slugs in, primary keys out."""

from __future__ import annotations

from typing import Any

from django import forms

from mentorquilt.matching.selectors import REACH_CHOICES, SearchFilters
from mentorquilt.profiles.models import (
    AffinityCategory,
    MeetingFormat,
    NeedArea,
    Specialty,
    Track,
)


class _Choice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class _CategoryChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.dimension.name}: {obj.name}"


class SearchForm(forms.Form):
    need = _Choice(
        queryset=NeedArea.objects.filter(is_active=True),
        to_field_name="slug",
        required=False,
        empty_label="Any need",
        label="Helps with",
    )
    specialty = _Choice(
        queryset=Specialty.objects.filter(is_active=True),
        to_field_name="slug",
        required=False,
        empty_label="Any specialty",
    )
    track = _Choice(
        queryset=Track.objects.filter(is_active=True),
        to_field_name="slug",
        required=False,
        empty_label="Any track",
        label="Track or profession",
    )
    background = _CategoryChoice(
        queryset=AffinityCategory.objects.filter(
            is_active=True, dimension__is_active=True
        ).select_related("dimension"),
        to_field_name="slug",
        required=False,
        empty_label="Any background",
        label="Shared background",
        help_text="Finds only mentors who chose to show this on their profile.",
    )
    meeting_format = _Choice(
        queryset=MeetingFormat.objects.filter(is_active=True),
        to_field_name="slug",
        required=False,
        empty_label="Any way of meeting",
        label="Meets by",
    )
    reach = forms.ChoiceField(choices=REACH_CHOICES, required=False, label="Where from")
    accepting_now = forms.BooleanField(
        required=False, label="Only mentors who can take a new student now"
    )

    def filters(self) -> SearchFilters:
        data = self.cleaned_data if self.is_valid() else {}

        def pk(name: str) -> int | None:
            value = data.get(name)
            return value.pk if value is not None else None

        return SearchFilters(
            need=pk("need"),
            specialty=pk("specialty"),
            track=pk("track"),
            category=pk("background"),
            meeting_format=pk("meeting_format"),
            reach=data.get("reach") or "",
            accepting_now=bool(data.get("accepting_now")),
        )
