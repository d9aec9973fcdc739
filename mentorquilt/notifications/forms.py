from __future__ import annotations

from django import forms

from mentorquilt.notifications.models import EmailMode


class PreferenceForm(forms.Form):
    email_mode = forms.ChoiceField(
        choices=EmailMode.choices,
        widget=forms.RadioSelect,
        label="How often should we email you?",
        help_text="Everything also appears in your notifications here, whichever you choose.",
    )
