"""Shapes of the onboarding checklist in the JSON API (R5, R12, R27)."""

from __future__ import annotations

from typing import Literal

from ninja import Field, Schema


class StepOut(Schema):
    key: str = Field(
        description="Stable: role, profile..., verification, agreement:<kind>, training."
    )
    title: str
    done: bool
    detail: str
    by: Literal["you", "school"] = Field(description="Who acts on this step.")
    url: str | None = Field(description="The page where the step is done (null: not yours).")


class ReadinessOut(Schema):
    role: Literal["mentee", "mentor"]
    ready: bool = Field(description="Every step done: a mentorship in this role may start.")
    steps: list[StepOut]


class ChecklistOut(Schema):
    checklists: list[ReadinessOut] = Field(description="One per mentee or mentor role held.")
