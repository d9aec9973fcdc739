"""Set-up helpers: an accepted pair made through the real services (mentorships app)."""

from __future__ import annotations

from typing import Any

from mentorquilt.mentorships.models import Mentorship
from mentorquilt.mentorships.services import mentorship_request_accept
from mentorquilt.mentorships.tests.helpers import (
    new_mentee,
    new_mentor,
    ready_mentee,
    ready_mentor,
    send,
)


def pair(world: Any) -> Mentorship:
    """The world's mentee and mentor (institution A), ready, asked and accepted."""
    ready_mentee(world.mentee)
    profile = ready_mentor(world.mentor, capacity=3)
    return mentorship_request_accept(actor=world.mentor, request=send(world.mentee, profile))


def another_pair(world: Any, *, mentor: Any, email: str, name: str = "") -> Mentorship:
    """Another ready mentee of institution A, accepted by `mentor` (who must be ready)."""
    mentee = new_mentee(world, email, name=name)
    profile = mentor.mentor_profile
    return mentorship_request_accept(actor=mentor, request=send(mentee, profile))


def other_mentor(world: Any, email: str = "other.mentor@a.example.org") -> Any:
    """A ready mentor of institution A who does not mentor the world's mentee."""
    return new_mentor(world, email, capacity=3).user
