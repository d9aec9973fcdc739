"""Set-up helpers for tests: make people agreed and trained through the real services."""

from __future__ import annotations

from typing import Any

from mentorquilt.training.models import TrainingModule
from mentorquilt.training.selectors import missing_agreements, required_modules
from mentorquilt.training.services import agreement_accept, module_complete


def accept_agreements(user: Any, role: str) -> None:
    for version in missing_agreements(user=user, role=role):
        agreement_accept(user=user, version=version)


def complete_training(user: Any, role: str) -> None:
    for module in required_modules(role=role):
        module_complete(user=user, module=module, attested=True)


def make_ready(user: Any, role: str) -> None:
    """Accept every current agreement and complete every required module of the role."""
    accept_agreements(user, role)
    complete_training(user, role)


def module(title_start: str) -> TrainingModule:
    """A seeded module by the start of its title."""
    return TrainingModule.objects.get(title__startswith=title_start)
