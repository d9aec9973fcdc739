"""Forms of the mentorship pages: input parsing only; rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms

from mentorquilt.profiles.models import NeedArea


class RequestForm(forms.Form):
    needs = forms.ModelMultipleChoiceField(
        queryset=NeedArea.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="What do you want help with from this mentor?",
        help_text="Choose one or more of your areas. The mentor sees these with your message.",
    )
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=1000,
        label="A short message to the mentor",
        help_text="Say who you are and why you chose them, in a few sentences (up to 1,000 "
        "characters).",
    )

    def __init__(self, *args: Any, needs: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["needs"].queryset = needs  # type: ignore[attr-defined]


class DeclineForm(forms.Form):
    reason = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Reason",
        help_text="The student sees this. A kind sentence helps them ask someone else.",
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), label="Your message"
    )


class ConcludeForm(forms.Form):
    reason = forms.CharField(
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Why does the mentorship end?",
        help_text="For example: we reached our goals, or the application season is over.",
    )
    early_reason = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Why end before the program's minimum length?",
        help_text="Only needed before the date shown above.",
    )


class ReinstateForm(forms.Form):
    note = forms.CharField(
        required=False,
        max_length=500,
        label="Note",
        help_text="For the record, for example: talked with the mentor, back from leave.",
    )


class ThreadMessageForm(forms.Form):
    """A message in the pair's private thread on the mentorship page."""

    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        label="Your message",
        help_text="We tell the other person you wrote, but never copy your message into an email.",
    )
