"""Profile forms. Fields built from taxonomy rows (R37), so new terms need no release."""

from __future__ import annotations

from typing import Any

from django import forms

from mentorquilt.core.words import in_sentence
from mentorquilt.profiles.models import (
    MAX_CAPACITY,
    AffinityDimension,
    Basis,
    Importance,
    Language,
    MeetingFormat,
    NeedArea,
    Nominator,
    Scope,
    Specialty,
    Track,
    TrainingStage,
)
from mentorquilt.profiles.selectors import terms_active

COMMON_TIMEZONES = [
    ("", "Choose…"),
    ("America/New_York", "Eastern time (New York)"),
    ("America/Chicago", "Central time (Chicago)"),
    ("America/Denver", "Mountain time (Denver)"),
    ("America/Phoenix", "Arizona (Phoenix)"),
    ("America/Los_Angeles", "Pacific time (Los Angeles)"),
    ("America/Anchorage", "Alaska (Anchorage)"),
    ("Pacific/Honolulu", "Hawaii (Honolulu)"),
    ("America/Puerto_Rico", "Atlantic time (Puerto Rico)"),
    ("Pacific/Guam", "Chamorro time (Guam)"),
    ("UTC", "Other (UTC)"),
]


def _terms(model: Any) -> Any:
    return forms.ModelMultipleChoiceField(
        queryset=terms_active(model),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class MenteeAboutForm(forms.Form):
    training_stage = forms.ModelChoiceField(
        queryset=TrainingStage.objects.none(),
        to_field_name="slug",
        label="Where are you in your training?",
        empty_label="Choose…",
    )
    track = forms.ModelChoiceField(
        queryset=Track.objects.none(),
        to_field_name="slug",
        label="Which career are you working toward?",
        empty_label="Choose…",
        help_text="Pick the closest one. You can change it later.",
    )
    goals = forms.CharField(
        label="What are your goals?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
        help_text="A few sentences is plenty, for example: “Transfer to a four-year school "
        "next year and apply to nursing school.”",
    )
    languages = _terms(Language)
    formats = _terms(MeetingFormat)
    timezone = forms.ChoiceField(label="Your time zone", choices=COMMON_TIMEZONES, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["training_stage"].queryset = terms_active(TrainingStage)  # type: ignore[attr-defined]
        self.fields["track"].queryset = terms_active(Track)  # type: ignore[attr-defined]
        self.fields["languages"].label = "Languages you would like to meet in"
        self.fields["formats"].label = "How you would like to meet"


NEED_SLOTS = 6
ORDINALS = ["First", "Second", "Third", "Fourth", "Fifth", "Sixth"]


class MenteeNeedsForm(forms.Form):
    """Areas of need in order: one select per rank, so it works on any phone without script."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for index in range(NEED_SLOTS):
            self.fields[f"need_{index + 1}"] = forms.ModelChoiceField(
                queryset=terms_active(NeedArea),
                to_field_name="slug",
                required=index == 0,
                label=f"{ORDINALS[index]} {'most important area' if index == 0 else 'area'}",
                empty_label="Choose…" if index == 0 else "(none)",
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = [data.get(f"need_{i + 1}") for i in range(NEED_SLOTS)]
        needs = [need for need in chosen if need is not None]
        if len({need.pk for need in needs}) != len(needs):
            raise forms.ValidationError("Each area can be chosen once.")
        data["needs"] = needs
        return data


def background_form_class(
    dimensions: list[AffinityDimension], *, include_wish_only: bool
) -> type[forms.Form]:
    """One fieldset per dimension: the categories that describe you, then two consents."""
    fields: dict[str, forms.Field] = {}
    for dimension in dimensions:
        if dimension.wish_only and not include_wish_only:
            continue
        categories = getattr(dimension, "active_categories", [])
        fields[f"cat_{dimension.slug}"] = forms.MultipleChoiceField(
            label=dimension.name,
            choices=[(c.slug, c.name) for c in categories],
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )
        fields[f"match_{dimension.slug}"] = forms.BooleanField(
            label=f"Use my {in_sentence(dimension.name)} answers to suggest mentors",
            required=False,
        )
        fields[f"show_{dimension.slug}"] = forms.BooleanField(
            label=f"Show my {in_sentence(dimension.name)} answers on my profile",
            required=False,
        )
    return type("BackgroundForm", (forms.Form,), fields)


def preferences_form_class(dimensions: list[AffinityDimension]) -> type[forms.Form]:
    fields: dict[str, forms.Field] = {}
    for dimension in dimensions:
        fields[f"dim_{dimension.slug}"] = forms.TypedChoiceField(
            label=dimension.question or f"How much does sharing {dimension.name} matter?",
            choices=Importance.choices,
            coerce=int,
            initial=Importance.NOT_AT_ALL,
            widget=forms.RadioSelect,
        )
    return type("PreferencesForm", (forms.Form,), fields)


class EligibilityForm(forms.Form):
    urim = forms.BooleanField(
        label="I am from a group underrepresented in medicine (for example Black, Hispanic or "
        "Latino, American Indian, Alaska Native, Native Hawaiian or Pacific Islander)",
        required=False,
    )
    first_gen = forms.BooleanField(
        label="I am the first in my family to go to college", required=False
    )
    low_income = forms.BooleanField(
        label="I come from a family with a low income (for example I got a Pell grant or a "
        "fee waiver)",
        required=False,
    )
    basis = forms.CharField(
        label="In a sentence or two, why does this apply to you?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text="Only you and the platform's staff can read this.",
    )
    confirm = forms.BooleanField(label="I confirm that what I wrote is true")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("urim") or data.get("first_gen") or data.get("low_income")):
            raise forms.ValidationError("Choose at least one of the three groups.")
        return data


class MentorProfileForm(forms.Form):
    role_title = forms.CharField(
        label="Your role", max_length=120, help_text="For example: Pediatrics resident, PGY-2."
    )
    training_stage = forms.ModelChoiceField(
        queryset=TrainingStage.objects.none(),
        to_field_name="slug",
        label="Your stage",
        required=False,
        empty_label="Choose…",
    )
    tracks = _terms(Track)
    specialties = _terms(Specialty)
    bio = forms.CharField(
        label="A short bio",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=3000,
        help_text="What students should know about you: your path, what you enjoy helping with.",
    )
    areas = _terms(NeedArea)
    languages = _terms(Language)
    formats = _terms(MeetingFormat)
    timezone = forms.ChoiceField(label="Your time zone", choices=COMMON_TIMEZONES, required=False)
    availability = forms.CharField(
        label="When you are usually available",
        max_length=300,
        required=False,
        help_text="For example: Tuesday evenings, or one Saturday morning a month.",
    )
    capacity = forms.TypedChoiceField(
        label="How many mentees can you take at once?",
        choices=[(n, str(n)) for n in range(1, MAX_CAPACITY + 1)],
        coerce=int,
        initial=1,
        widget=forms.RadioSelect,
        help_text="At most 3, so that every mentee gets real time with you.",
    )
    scope = forms.ChoiceField(
        label="Who can find you?", choices=Scope.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["training_stage"].queryset = terms_active(TrainingStage)  # type: ignore[attr-defined]
        labels = {
            "tracks": "Careers you can advise on",
            "specialties": "Your specialties",
            "areas": "Where you can help",
            "languages": "Languages you can mentor in",
            "formats": "How you like to meet",
        }
        for name, label in labels.items():
            self.fields[name].label = label


class QualificationForm(forms.Form):
    membership = forms.ChoiceField(label="At which institution?")
    basis = forms.ChoiceField(
        label="Why do you qualify as a mentor?", choices=Basis.choices, widget=forms.RadioSelect
    )
    nominator_kind = forms.ChoiceField(
        label="If you were nominated: who nominated you?",
        choices=[
            ("", "(not a nomination)"),
            (Nominator.EDUCATIONAL_LEADER, Nominator.EDUCATIONAL_LEADER.label),
            (Nominator.DEPARTMENT_LEADER, Nominator.DEPARTMENT_LEADER.label),
        ],
        required=False,
    )
    evidence = forms.CharField(
        label="Evidence your institution can check",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="For example: the name of your teaching award and the year, or who nominated "
        "you and how to reach them. Only your institution's admins read this.",
    )

    def __init__(self, *args: Any, memberships: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["membership"].choices = [  # type: ignore[attr-defined]
            (str(m.public_id), m.institution.name) for m in memberships
        ]


class NominationForm(forms.Form):
    institution = forms.ChoiceField(label="Institution")
    email = forms.EmailField(
        label="Your colleague's email address",
        help_text="They must already be a mentor at this institution.",
    )
    nominator_kind = forms.ChoiceField(
        label="Recording a nomination on behalf of",
        choices=[("", "Myself")]
        + [(k.value, k.label) for k in (Nominator.EDUCATIONAL_LEADER, Nominator.DEPARTMENT_LEADER)],
        required=False,
        help_text="Admins only: record a leader's nomination you received.",
    )
    evidence = forms.CharField(
        label="Why do you nominate them?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )

    def __init__(self, *args: Any, institutions: list[tuple[Any, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].choices = [  # type: ignore[attr-defined]
            (str(i.public_id), i.name) for i, _ in institutions
        ]
        if not any(kind == "institution_admin" for _, kind in institutions):
            del self.fields["nominator_kind"]


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label="Reason (needed to decline)",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=500,
        required=False,
    )
