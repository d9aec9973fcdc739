from __future__ import annotations

from typing import Any

from django import forms


class SignupExtraForm(forms.Form):
    """Extra fields on allauth's sign-up form."""

    name = forms.CharField(
        max_length=150,
        label="Your name",
        help_text="How mentors and staff will address you.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def signup(self, request: Any, user: Any) -> None:
        user.name = self.cleaned_data["name"].strip()
        user.save(update_fields=["name"])


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=80, label="Name", help_text="For example: my laptop, the reporting script."
    )
    expires_in_days = forms.TypedChoiceField(
        label="Expires after",
        coerce=int,
        choices=[(30, "30 days"), (90, "90 days"), (366, "1 year")],
        initial=90,
    )
