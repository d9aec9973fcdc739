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


class AccountDetailsForm(forms.Form):
    """Names and the contact details a person chooses to share with their mentors and mentees."""

    name = forms.CharField(
        max_length=150,
        label="Your full name",
        help_text="As your school knows you, with a title if you use one (for example Dr.).",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    preferred_name = forms.CharField(
        max_length=80,
        required=False,
        label="What should people call you?",
        help_text="We use this to greet you and when we show your name to others. "
        "Leave it empty to use your first name.",
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    share_email = forms.BooleanField(
        required=False,
        label="Show my email address to my mentors and mentees",
        help_text="They see it on the page of a mentorship while it is active.",
    )
    phone = forms.CharField(
        max_length=32,
        required=False,
        label="Phone number",
        help_text="For example +1 614 555 0142. Nobody sees it unless you share it below.",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    share_phone = forms.BooleanField(
        required=False,
        label="Show my phone number to my mentors and mentees",
        help_text="They see it on the page of a mentorship while it is active.",
    )
