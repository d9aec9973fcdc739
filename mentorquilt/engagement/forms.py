"""Forms for meetings, the action plan, evaluations and concerns. Plain questions, plain hints."""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from typing import Any

from django import forms

from mentorquilt.engagement.models import (
    EVALUATION_QUESTIONS,
    MEETING_MAX_MINUTES,
    MEETING_MIN_MINUTES,
    ConcernActionKind,
    MeetingFormat,
)
from mentorquilt.profiles.forms import COMMON_TIMEZONES
from mentorquilt.profiles.models import NeedArea
from mentorquilt.profiles.selectors import terms_active

LENGTH_CHOICES = [
    (15, "15 minutes"),
    (30, "30 minutes"),
    (45, "45 minutes"),
    (60, "1 hour"),
    (90, "1 hour 30 minutes"),
    (120, "2 hours"),
]
TIMEZONE_CHOICES = [(value, label) for value, label in COMMON_TIMEZONES if value]


class MeetingScheduleForm(forms.Form):
    day = forms.DateField(
        label="Day",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Choose the day.", "invalid": "Choose a day on the calendar."},
    )
    time = forms.TimeField(
        label="Start time",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": "Enter the start time, for example 17:00."},
    )
    timezone = forms.ChoiceField(
        label="Time zone",
        choices=TIMEZONE_CHOICES,
        help_text="The calendar invitation shows the time in each person's own time zone.",
    )
    minutes = forms.TypedChoiceField(
        label="How long", choices=LENGTH_CHOICES, coerce=int, initial=60
    )
    format = forms.ChoiceField(
        label="How you will meet",
        choices=MeetingFormat.choices,
        widget=forms.RadioSelect,
        initial=MeetingFormat.VIDEO,
    )
    place = forms.CharField(
        label="Link or place",
        max_length=300,
        required=False,
        help_text="For a video call, paste the link. In person: the address or room. "
        "Phone: who calls whom, or leave it empty.",
    )

    def starts_at(self) -> datetime:
        data = self.cleaned_data
        zone = zoneinfo.ZoneInfo(data["timezone"])
        return datetime.combine(data["day"], data["time"]).replace(tzinfo=zone)


class MeetingLogForm(forms.Form):
    held_minutes = forms.IntegerField(
        label="How long did you meet, in minutes?",
        error_messages={"required": "Enter how many minutes you met, for example 45."},
        min_value=5,
        max_value=MEETING_MAX_MINUTES * 2,
    )
    topics = forms.CharField(
        error_messages={"required": "Write a few words about what you talked about."},
        label="What did you talk about?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A few words, for example “personal statement, MCAT plan”. "
        "Your mentoring partner sees this too.",
    )
    private_note = forms.CharField(
        label="Private notes",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only you can ever read these: not your partner, not your school, "
        "not the MentorQuilt team.",
    )


class MeetingRecordForm(forms.Form):
    day = forms.DateField(
        label="Day you met",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Choose the day.", "invalid": "Choose a day on the calendar."},
    )
    time = forms.TimeField(
        label="Time you started",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": "Enter the time you started, for example 16:30."},
    )
    timezone = forms.ChoiceField(label="Time zone", choices=TIMEZONE_CHOICES)
    format = forms.ChoiceField(
        label="How you met",
        choices=MeetingFormat.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you met."},
    )
    held_minutes = MeetingLogForm.base_fields["held_minutes"]
    topics = MeetingLogForm.base_fields["topics"]
    private_note = MeetingLogForm.base_fields["private_note"]

    def held_at(self) -> datetime:
        data = self.cleaned_data
        zone = zoneinfo.ZoneInfo(data["timezone"])
        return datetime.combine(data["day"], data["time"]).replace(tzinfo=zone)


class MeetingNoteForm(forms.Form):
    text = forms.CharField(
        label="Your private notes",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Only you can ever read these: not your partner, not your school, "
        "not the MentorQuilt team. Leave it empty to delete them.",
    )


MEETING_LENGTH_HINT = f"{MEETING_MIN_MINUTES} to {MEETING_MAX_MINUTES} minutes"


class MissionForm(forms.Form):
    mission = forms.CharField(
        label="Your personal mission",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="In a sentence or two: where you are heading and why it matters to you. "
        "Your current mentors can read it.",
    )


class GoalForm(forms.Form):
    title = forms.CharField(
        error_messages={"required": "Write your goal."},
        label="Your goal",
        max_length=200,
        help_text="Something you can tell when it is done, for example "
        "“Send my application to three nursing programs”.",
    )
    detail = forms.CharField(
        label="More about it",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    needs = forms.ModelMultipleChoiceField(
        queryset=NeedArea.objects.none(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Which areas of need is it about?",
    )
    due_on = forms.DateField(
        label="Finish by", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["needs"].queryset = terms_active(NeedArea)  # type: ignore[attr-defined]


class MilestoneForm(forms.Form):
    title = forms.CharField(label="Next step", max_length=200)
    due_on = forms.DateField(
        label="Step done by", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label="Your comment",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


SCALE_CHOICES = [
    (1, "1: not at all"),
    (2, "2"),
    (3, "3"),
    (4, "4"),
    (5, "5: completely"),
]


class EvaluationForm(forms.Form):
    comment = forms.CharField(
        label="Anything else you want the MentorQuilt team to know?",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Your mentor never sees this comment.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        questions = {
            name: forms.TypedChoiceField(
                label=question,
                choices=SCALE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": "Choose an answer from 1 to 5."},
            )
            for name, question in EVALUATION_QUESTIONS
        }
        self.fields = {**questions, **self.fields}  # type: ignore[assignment]

    def answers(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name, _ in EVALUATION_QUESTIONS}


class ConcernForm(forms.Form):
    text = forms.CharField(
        label="What happened?",
        error_messages={"required": "Tell us what happened, in your own words."},
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Say what happened and when, in your own words. Only the MentorQuilt "
        "team reads this. The other person is never shown your report.",
    )
    about_other = forms.BooleanField(
        label="It is about the other person in this mentorship",
        required=False,
        initial=True,
    )


class ConcernActForm(forms.Form):
    kind = forms.ChoiceField(
        label="What are you doing about it?",
        choices=ConcernActionKind.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Note for the team",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Seen only by platform staff. Needed when you only add a note.",
    )

    def __init__(self, *args: Any, offer: list[str] | None = None, **kwargs: Any) -> None:
        """`offer`: the steps that make sense now (engagement.selectors.concern_safety)."""
        super().__init__(*args, **kwargs)
        if offer is not None:
            kind = self.fields["kind"]
            assert isinstance(kind, forms.ChoiceField)
            kind.choices = [
                (value, label) for value, label in ConcernActionKind.choices if value in offer
            ]
