from __future__ import annotations

from typing import Any

from django import forms

from mentorquilt.training.models import AgreementVersion, TrainingModule


class AgreementAcceptForm(forms.Form):
    # The version the person read: if a newer one is published meanwhile, the
    # service refuses instead of recording consent to a text they never saw.
    version = forms.UUIDField(widget=forms.HiddenInput)
    agree = forms.BooleanField(
        required=True,
        error_messages={"required": "Tick the box to show that you agree."},
    )

    def __init__(self, *args: Any, agreement: AgreementVersion, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"version": agreement.public_id})
        super().__init__(*args, **kwargs)
        self.fields["agree"].label = (
            f"I have read the {agreement.get_kind_display().lower()} "
            f"(version {agreement.version}) and I agree to follow it."
        )


class ModuleCompleteForm(forms.Form):
    attest = forms.BooleanField(
        required=True,
        error_messages={"required": "Tick the box to confirm the statement."},
    )

    def __init__(self, *args: Any, module: TrainingModule, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attest"].label = module.attestation
