from __future__ import annotations

from django import forms

from mentorquilt.core.errors import DomainError


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal on the form: on its field when it names one we show."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
