"""Forms of the programs pages. Plain questions, plain hints."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta
from typing import Any

from django import forms

from mentorquilt.engagement.forms import TIMEZONE_CHOICES
from mentorquilt.institutions.models import Institution
from mentorquilt.programs.models import (
    MAX_QUESTIONS,
    CohortStatus,
    GroupRole,
    MemberRole,
    ProgramKind,
    SessionKind,
)

LENGTHS = [
    (30, "30 minutes"),
    (60, "1 hour"),
    (90, "1 hour 30 minutes"),
    (120, "2 hours"),
    (180, "3 hours"),
    (240, "4 hours"),
]


class ProgramForm(forms.Form):
    institution = forms.ModelChoiceField(
        label="Institution that runs it", queryset=Institution.objects.none(), empty_label=None
    )
    kind = forms.ChoiceField(
        label="Kind of program", choices=ProgramKind.choices, widget=forms.RadioSelect
    )
    name = forms.CharField(label="Name", max_length=160)
    description = forms.CharField(
        label="What it is",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    partners = forms.ModelMultipleChoiceField(
        label="Partner institutions",
        queryset=Institution.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Members of these institutions may apply too.",
    )
    min_mentorship_months = forms.IntegerField(
        label="Shortest mentorship, in months",
        required=False,
        min_value=1,
        max_value=60,
        help_text="For example 12: pairs stay together at least a year, then may continue.",
    )
    cadence_weeks = forms.IntegerField(
        label="Meet every … weeks",
        required=False,
        min_value=1,
        max_value=52,
        help_text="For example 4 for monthly workshops, or 6 for pairs who meet every 6 weeks.",
    )
    values_statement = forms.CharField(
        label="Values everyone agrees to",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="People tick a box to accept this when they apply.",
    )
    questions = forms.CharField(
        label="Questions for applicants",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"One question a line, at most {MAX_QUESTIONS}. Keep them short.",
    )

    def __init__(self, *args: Any, institutions: Any, partners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions  # type: ignore[attr-defined]
        self.fields["partners"].queryset = partners  # type: ignore[attr-defined]

    def question_list(self) -> list[str]:
        return [q.strip() for q in self.cleaned_data["questions"].splitlines() if q.strip()]


class CohortForm(forms.Form):
    name = forms.CharField(label="Name", max_length=160, help_text="For example “2027 cohort”.")
    starts_on = forms.DateField(label="First day", widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label="Last day", widget=forms.DateInput(attrs={"type": "date"}))
    capacity = forms.IntegerField(
        label="Places for participants",
        min_value=1,
        max_value=10_000,
        help_text="Mentors and facilitators do not take a place.",
    )
    status = forms.ChoiceField(
        label="Open for applications now?",
        choices=[
            (CohortStatus.RECRUITING, "Yes, people can apply"),
            (CohortStatus.DRAFT, "Not yet: keep it a draft"),
        ],
        widget=forms.RadioSelect,
        initial=CohortStatus.RECRUITING,
    )


class ApplyForm(forms.Form):
    role = forms.ChoiceField(
        label="You are joining as",
        choices=[
            (MemberRole.PARTICIPANT, "A participant (a student)"),
            (MemberRole.MENTOR, "A mentor"),
        ],
        widget=forms.RadioSelect,
        initial=MemberRole.PARTICIPANT,
    )

    def __init__(self, *args: Any, program: Any, invited: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if invited:
            del self.fields["role"]
        for index, question in enumerate(program.application_questions):
            self.fields[f"answer_{index}"] = forms.CharField(
                label=question,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={"required": "Answer this question."},
            )
        if program.values_statement:
            self.fields["accept_values"] = forms.BooleanField(
                label="I accept these values",
                error_messages={"required": "To join, tick the box to accept the values."},
            )
        self.question_count = len(program.application_questions)

    def answers(self) -> list[str]:
        return [self.cleaned_data[f"answer_{i}"] for i in range(self.question_count)]


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="Their email address",
        help_text="They need a MentorQuilt account at this or a partner institution.",
    )
    role = forms.ChoiceField(
        label="As",
        choices=MemberRole.choices,
        widget=forms.RadioSelect,
        initial=MemberRole.PARTICIPANT,
    )


class SessionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind",
        choices=SessionKind.choices,
        widget=forms.RadioSelect,
        initial=SessionKind.WORKSHOP,
    )
    title = forms.CharField(label="Title", max_length=200)
    group = forms.ChoiceField(label="Group (for a small-group session)", required=False)
    day = forms.DateField(
        label="Day",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Choose the day."},
    )
    time = forms.TimeField(
        label="Start time",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": "Enter the start time, for example 17:00."},
    )
    timezone = forms.ChoiceField(label="Time zone", choices=TIMEZONE_CHOICES)
    minutes = forms.TypedChoiceField(label="How long", choices=LENGTHS, coerce=int, initial=120)
    place = forms.CharField(
        label="Place", required=False, max_length=300, help_text="An address or a room."
    )
    video_url = forms.CharField(
        label="Video link",
        required=False,
        max_length=500,
        help_text="Paste the whole link, starting with https://",
    )
    speaker_name = forms.CharField(
        label="Speaker's name",
        required=False,
        max_length=160,
        help_text="A guest speaker needs no account.",
    )
    speaker_title = forms.CharField(label="Speaker's title", required=False, max_length=200)
    speaker_bio = forms.CharField(
        label="A few words about the speaker",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.group_objects = {str(g.public_id): g for g in groups}
        self.fields["group"].choices = [("", "No group: everyone")] + [  # type: ignore[attr-defined]
            (key, g.name) for key, g in self.group_objects.items()
        ]

    def starts_at(self) -> datetime:
        data = self.cleaned_data
        return datetime.combine(data["day"], data["time"]).replace(
            tzinfo=zoneinfo.ZoneInfo(data["timezone"])
        )

    def ends_at(self) -> datetime:
        return self.starts_at() + timedelta(minutes=self.cleaned_data["minutes"])

    def group_object(self) -> Any:
        return self.group_objects.get(self.cleaned_data.get("group") or "")


class GroupForm(forms.Form):
    name = forms.CharField(label="Group name", max_length=120)


class AssignForm(forms.Form):
    member = forms.UUIDField()
    role = forms.ChoiceField(choices=GroupRole.choices, initial=GroupRole.MEMBER)
