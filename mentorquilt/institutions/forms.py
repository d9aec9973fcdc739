from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from mentorquilt.institutions.models import (
    SELF_SERVICE_ROLES,
    Institution,
    InstitutionKind,
    Role,
)
from mentorquilt.institutions.services import MAX_CLASS_SIZE


class InstitutionForm(forms.Form):
    name = forms.CharField(max_length=200, label="Name")
    kind = forms.ChoiceField(label="Kind of institution", choices=InstitutionKind.choices)
    class_size = forms.IntegerField(
        label="Students per class",
        min_value=1,
        max_value=MAX_CLASS_SIZE,
        help_text="Sets the number of mentors the school must supply: under 50 students, 25 "
        "mentors; 50 to 100, 50; over 100, 75; HBCUs have no minimum.",
    )
    region = forms.CharField(max_length=100, label="State or region")
    is_active = forms.BooleanField(
        label="Active (people can join and be invited)", required=False, initial=True
    )


class JoinForm(forms.Form):
    institution = forms.ModelChoiceField(
        queryset=Institution.objects.none(),
        to_field_name="public_id",
        label="Your school or program",
        empty_label="Choose…",
    )
    role = forms.ChoiceField(
        label="I want to join as",
        choices=[(r.value, r.label) for r in Role if r in SELF_SERVICE_ROLES],
        widget=forms.RadioSelect,
        initial=Role.MENTEE,
    )

    def __init__(self, *args: Any, institutions: QuerySet[Institution], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions  # type: ignore[attr-defined]


class InviteForm(forms.Form):
    name = forms.CharField(max_length=150, label="Name", required=False)
    email = forms.EmailField(label="Email address")
    role = forms.ChoiceField(label="Role", choices=Role.choices)


class RosterImportForm(forms.Form):
    file = forms.FileField(
        label="Roster file (CSV)",
        help_text="The first line must be: name,email,role. Roles: mentee, mentor, admin, "
        "coordinator, researcher.",
    )

    MAX_BYTES = 2 * 1024 * 1024

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("The file is larger than 2 MB. Split it into parts.")
        try:
            return str(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(
                "The file is not UTF-8 text. In your spreadsheet program choose "
                "'CSV UTF-8' when you save it."
            ) from exc


class InvitationSignupForm(forms.Form):
    name = forms.CharField(
        max_length=150, label="Your name", widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    password = forms.CharField(
        label="Choose a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters. A few unrelated words make a strong password.",
    )

    def __init__(self, *args: Any, email: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean_password(self) -> str:
        from django.contrib.auth import get_user_model, password_validation

        password: str = self.cleaned_data["password"]
        password_validation.validate_password(password, get_user_model()(email=self.email))
        return password
