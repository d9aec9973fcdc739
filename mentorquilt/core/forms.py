from __future__ import annotations

from django import forms

from mentorquilt.core.errors import DomainError
from mentorquilt.core.selectors import AuditFilter


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal on the form: on its field when it names one we show."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


class AuditFilterForm(forms.Form):
    """The audit log's filters (all optional): see selectors.AuditFilter."""

    action = forms.CharField(
        required=False, max_length=64, help_text="The start is enough: “login” finds every sign-in."
    )
    actor = forms.CharField(
        required=False, max_length=254, label="Who", help_text="An email address, or its start."
    )
    target = forms.CharField(
        required=False, max_length=64, label="About", help_text="The id of one object."
    )
    since = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", "The last day must not be before the first day.")
        return data

    def filters(self) -> AuditFilter:
        data = self.cleaned_data
        return AuditFilter(
            action=data["action"],
            actor=data["actor"],
            target_id=data["target"],
            since=data["since"],
            until=data["until"],
        )
