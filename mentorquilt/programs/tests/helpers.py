"""Programs made with the real services, for tests."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from mentorquilt.programs.models import Cohort, CohortMember, Program
from mentorquilt.programs.services import (
    cohort_create,
    member_apply,
    member_decide,
    program_create,
)

QUESTIONS = ["Why do you want to join?"]


def make_program(world: Any, *, partners: tuple[Any, ...] = (), **kwargs: Any) -> Program:
    fields: dict[str, Any] = {
        "kind": "cohort",
        "name": "Pre-health scholars",
        "description": "Twelve months of workshops and small groups.",
        "values_statement": "We treat each other with respect and cultural humility.",
        "application_questions": QUESTIONS,
        "cadence_weeks": 4,
    }
    fields.update(kwargs)
    return program_create(
        actor=world.coordinator, institution=world.institution_a, partners=partners, **fields
    )


def make_cohort(
    world: Any, program: Program, *, capacity: int = 20, status: str = "recruiting"
) -> Cohort:
    today = timezone.localdate()
    return cohort_create(
        actor=world.coordinator,
        program=program,
        name="Fall cohort",
        starts_on=today,
        ends_on=today + timedelta(days=365),
        capacity=capacity,
        status=status,
    )


def apply(user: Any, cohort: Cohort, role: str = "participant") -> CohortMember:
    return member_apply(
        actor=user, cohort=cohort, role=role, answers=["To become a doctor."], accept_values=True
    )


def accepted(world: Any, user: Any, cohort: Cohort, role: str = "participant") -> CohortMember:
    return member_decide(
        actor=world.coordinator, member=apply(user, cohort, role), decision="accepted"
    )


def at(days: float = 0, hours: float = 0, minutes: float = 0) -> datetime:
    return timezone.now() + timedelta(days=days, hours=hours, minutes=minutes)


def today() -> date:
    return timezone.localdate()
