"""Lazily built objects for the mentorship rows of the API matrix (see api_matrix_mentorships).

Making people ready (profile, agreements, training) is slow, so each object is made
only when a row names it.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from conftest import World
from mentorquilt.mentorships.services import _suspend, mentorship_request_accept
from mentorquilt.mentorships.tests.helpers import (
    new_mentee,
    new_mentor,
    ready_mentee,
    ready_mentor,
    send,
)
from mentorquilt.notifications.services import notify


class MentorshipTargets(dict[str, str]):
    def __init__(self, values: dict[str, str], world: World, persona: str):
        super().__init__(values)
        self.world = world
        self.owner = world.persona(persona) or world.mentee
        self._ready: dict[str, Any] = {}

    def _mentee(self) -> Any:
        if "mentee" not in self._ready:
            self._ready["mentee"] = ready_mentee(self.world.mentee)
        return self._ready["mentee"]

    def _mentor(self) -> Any:
        if "mentor" not in self._ready:
            self._ready["mentor"] = ready_mentor(self.world.mentor, capacity=3, scope="local")
        return self._ready["mentor"]

    def __missing__(self, key: str) -> str:
        world = self.world
        if key == "mentor_profile_a":
            value = self._mentor().public_id
        elif key == "request_to_mentor":
            other = new_mentee(world, "matrix.mentee2@a.example.org")
            value = send(other, self._mentor()).public_id
        elif key == "request_of_mentee":
            other = new_mentor(world, "matrix.mentor2@a.example.org")
            value = send(self._mentee(), other).public_id
        elif key == "mentorship_a":
            request = send(self._mentee(), self._mentor())
            value = mentorship_request_accept(actor=world.mentor, request=request).public_id
        elif key == "mentor_profile_free":
            self._mentee()
            profile = new_mentor(world, "matrix.mentor3@a.example.org")
            profile.scope = "local"
            profile.save(update_fields=["scope"])
            value = profile.public_id
        elif key == "suspension_a":
            mentor = new_mentor(world, "matrix.suspended@a.example.org").user
            value = _suspend(mentor=mentor, lapse_count=2, now=timezone.now()).public_id
        elif key == "notification_own":
            value = notify(user=self.owner, kind="test", title="Hello").public_id
        elif key == "notification_other":
            value = notify(user=world.outsider, kind="test", title="Not yours").public_id
        else:
            raise KeyError(key)
        self[key] = str(value)
        return self[key]
