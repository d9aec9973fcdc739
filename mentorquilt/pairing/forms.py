"""Forms of pairing rounds: parse input; services hold the rules (R22)."""

from __future__ import annotations

from typing import Any

from django import forms

from mentorquilt.pairing.models import PublishAs

WEIGHT_HELP = "From 0 (ignore) to 1. Only the ratios matter."


def _pairs(text: str) -> list[list[str]]:
    """One pair a line: mentee email, mentor email (comma or space between)."""
    out = []
    for line in (text or "").splitlines():
        parts = [p for p in line.replace(",", " ").split() if p]
        if not parts:
            continue
        if len(parts) != 2:
            raise forms.ValidationError(
                f"Write one pair a line: the mentee's email, then the mentor's ({line.strip()!r})."
            )
        out.append(parts)
    return out


class RoundCreateForm(forms.Form):
    institution = forms.ChoiceField(label="Institution")
    name = forms.CharField(label="Name of the round", max_length=120)
    training_stage = forms.ChoiceField(
        label="Cohort",
        required=False,
        help_text="All of the institution's mentees, or those at one training stage. "
        "Program cohorts come with a later release.",
    )
    mode = forms.ChoiceField(
        label="How to pair",
        choices=[
            ("optimal", "Optimal: the best total fit across the cohort"),
            ("stable", "Stable: no mentee and mentor would both rather be paired together"),
        ],
        widget=forms.RadioSelect,
        initial="optimal",
    )
    cap = forms.TypedChoiceField(
        label="Mentees per mentor, at most",
        choices=[(1, "1"), (2, "2"), (3, "3")],
        coerce=int,
        initial=2,
        help_text="Never more than a mentor's own limit (at most 3).",
    )
    wants = forms.TypedChoiceField(
        label="Mentors per mentee",
        choices=[(1, "1"), (2, "2"), (3, "3")],
        coerce=int,
        initial=1,
        help_text="Everyone gets a first mentor before anyone gets a second.",
    )
    availability = forms.FloatField(
        label="Weight: availability", min_value=0, max_value=1, initial=0.25, help_text=WEIGHT_HELP
    )
    responsiveness = forms.FloatField(
        label="Weight: responsiveness",
        min_value=0,
        max_value=1,
        initial=0.25,
        help_text=WEIGHT_HELP,
    )
    affinity = forms.FloatField(
        label="Weight: shared background",
        min_value=0,
        max_value=1,
        initial=0.20,
        help_text=WEIGHT_HELP,
    )
    needs = forms.FloatField(
        label="Weight: areas of need", min_value=0, max_value=1, initial=0.20, help_text=WEIGHT_HELP
    )
    fit = forms.FloatField(
        label="Weight: specialty and track",
        min_value=0,
        max_value=1,
        initial=0.10,
        help_text=WEIGHT_HELP,
    )
    keep = forms.CharField(
        label="Pairs to keep",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One pair a line: the mentee's email, then the mentor's.",
    )
    forbid = forms.CharField(
        label="Pairs never to make",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One pair a line: the mentee's email, then the mentor's.",
    )
    publish_as = forms.ChoiceField(
        label="When you publish",
        choices=PublishAs.choices,
        widget=forms.RadioSelect,
        initial=PublishAs.MENTORSHIPS,
    )

    def __init__(self, *args: Any, institutions: Any, stages: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.institutions = {str(i.public_id): i for i in institutions}
        institution = self.fields["institution"]
        stage = self.fields["training_stage"]
        assert isinstance(institution, forms.ChoiceField)
        assert isinstance(stage, forms.ChoiceField)
        institution.choices = [(k, i.name) for k, i in self.institutions.items()]
        stage.choices = [("", "All ready mentees")] + [
            (s.slug, f"Mentees at the stage: {s.name}") for s in stages
        ]

    def clean_keep(self) -> list[list[str]]:
        return _pairs(self.cleaned_data.get("keep", ""))

    def clean_forbid(self) -> list[list[str]]:
        return _pairs(self.cleaned_data.get("forbid", ""))

    def settings(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "mode": d["mode"],
            "cap": d["cap"],
            "wants": d["wants"],
            "publish_as": d["publish_as"],
            "weights": {
                k: d[k] for k in ("affinity", "needs", "availability", "responsiveness", "fit")
            },
        }


class PublishForm(forms.Form):
    publish_as = forms.ChoiceField(
        label="Publish as", choices=PublishAs.choices, widget=forms.RadioSelect
    )
