"""A mentor's requests page says how fast they answer in words, never "0.0 days" (R8, R20)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from conftest import client_for
from mentorquilt.mentorships.services import mentorship_request_accept
from mentorquilt.mentorships.tests.helpers import new_mentee, ready_mentor, send

pytestmark = pytest.mark.django_db


def test_a_mentor_who_answers_within_hours_reads_that_they_answer_within_a_day(world):
    profile = ready_mentor(world.mentor, capacity=3)
    mentee = new_mentee(world, "quick@a.example.org")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        request = send(mentee, profile)
    with time_machine.travel(start + timedelta(hours=2), tick=False):
        mentorship_request_accept(actor=world.mentor, request=request)

    page = client_for(world.mentor).get("/requests/").content.decode()
    assert "you usually answer within a day." in page
    assert "0.0 days" not in page
