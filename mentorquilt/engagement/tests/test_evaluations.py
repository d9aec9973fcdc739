"""Evaluations (R14): due 6 months after the start, every 6 months after and at the end;
reminded when due and when late; a mentor sees averages only, from 3 mentees on."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.http import Http404
from django.utils import timezone

from mentorquilt.core.errors import DomainError
from mentorquilt.core.models import AuditEvent
from mentorquilt.engagement.models import Evaluation
from mentorquilt.engagement.selectors import (
    add_months,
    evaluation_due_dates,
    evaluation_get_own,
    evaluation_summary_for_mentor,
    evaluations_open_for_mentee,
)
from mentorquilt.engagement.services import (
    engagement_tick,
    evaluation_reminders_send,
    evaluation_submit,
    evaluations_open_due,
)
from mentorquilt.engagement.tests.helpers import another_pair, pair
from mentorquilt.mentorships.services import mentorship_conclude
from mentorquilt.notifications.models import Notification

pytestmark = pytest.mark.django_db

GOOD = {"helpful": 5, "available": 4, "respectful": 5, "recommend": 4}


def test_months_are_added_to_the_calendar_day_or_the_month_end():
    assert add_months(date(2026, 1, 15), 6) == date(2026, 7, 15)
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2026, 11, 22), 12) == date(2027, 11, 22)


def test_evaluations_fall_due_every_six_months_and_once_at_the_end(world):
    mentorship = pair(world)
    start = mentorship.started_on
    assert (
        evaluation_due_dates(mentorship=mentorship, today=add_months(start, 6) - timedelta(1)) == []
    )
    dues = evaluation_due_dates(mentorship=mentorship, today=add_months(start, 13))
    assert dues == [("periodic", add_months(start, 6)), ("periodic", add_months(start, 12))]
    with time_machine.travel(timezone.now() + timedelta(days=200)):
        mentorship_conclude(
            actor=world.mentor, mentorship=mentorship, reason="Done", early_reason="Graduated early"
        )
        mentorship.refresh_from_db()
        end = timezone.localdate()
    dues = evaluation_due_dates(mentorship=mentorship, today=end + timedelta(days=400))
    assert dues == [("periodic", add_months(start, 6)), ("final", end)]


def test_the_tick_opens_due_evaluations_once_and_the_mentee_sees_them(world):
    mentorship = pair(world)
    with time_machine.travel(timezone.now() + timedelta(days=190)):
        assert evaluations_open_due() == 1
        assert evaluations_open_due() == 0
        (evaluation,) = evaluations_open_for_mentee(user=world.mentee)
        assert evaluation.mentorship == mentorship and evaluation.kind == "periodic"
        assert list(evaluations_open_for_mentee(user=world.mentor)) == []


def test_due_and_overdue_evaluations_are_reminded_once_each(world, settings):
    settings.EVALUATION_OVERDUE_DAYS = 14
    pair(world)
    due = add_months(timezone.localdate(), 6)
    with time_machine.travel(timezone.now() + timedelta(days=200)):
        engagement_tick(today=due)
        assert evaluation_reminders_send(today=due) == 0
        assert evaluation_reminders_send(today=due + timedelta(days=5)) == 0
        assert evaluation_reminders_send(today=due + timedelta(days=14)) == 1
        assert evaluation_reminders_send(today=due + timedelta(days=30)) == 0
    kinds = list(Notification.objects.filter(user=world.mentee).values_list("kind", flat=True))
    assert kinds.count("evaluation.due") == 1 and kinds.count("evaluation.overdue") == 1
    assert not Notification.objects.filter(
        user=world.mentor, kind__startswith="evaluation"
    ).exists()


def test_the_mentee_answers_once_and_only_their_own(world):
    pair(world)
    with time_machine.travel(timezone.now() + timedelta(days=190)):
        evaluations_open_due()
        evaluation = Evaluation.objects.get()
        for person in ("mentor", "outsider", "admin", "staff"):
            with pytest.raises(Http404):
                evaluation_get_own(user=world.persona(person), public_id=evaluation.public_id)
        with pytest.raises(DomainError):
            evaluation_submit(mentee=world.mentor, evaluation=evaluation, answers=GOOD)
        with pytest.raises(DomainError) as refused:
            evaluation_submit(
                mentee=world.mentee, evaluation=evaluation, answers={**GOOD, "helpful": 6}
            )
        assert refused.value.field == "helpful"
        evaluation_submit(
            mentee=world.mentee, evaluation=evaluation, answers=GOOD, comment="Very kind"
        )
        with pytest.raises(DomainError, match="already answered"):
            evaluation_submit(mentee=world.mentee, evaluation=evaluation, answers=GOOD)
        assert evaluations_open_for_mentee(user=world.mentee).count() == 0
    event = AuditEvent.objects.get(action="evaluation.submit")
    assert "Very kind" not in str(event.data) and "helpful" not in str(event.data)


def _evaluate(mentorship, answers):
    evaluation = Evaluation.objects.create(
        mentorship=mentorship, kind="periodic", due_on=timezone.localdate()
    )
    return evaluation_submit(mentee=mentorship.mentee, evaluation=evaluation, answers=answers)


def test_with_two_evaluations_the_mentor_sees_nothing_and_with_three_averages_only(world):
    first = pair(world)
    second = another_pair(world, mentor=world.mentor, email="second.mentee@a.example.org")
    third = another_pair(world, mentor=world.mentor, email="third.mentee@a.example.org")
    _evaluate(first, {"helpful": 5, "available": 3, "respectful": 5, "recommend": 5})
    _evaluate(second, {"helpful": 4, "available": 2, "respectful": 5, "recommend": 4})
    summary = evaluation_summary_for_mentor(user=world.mentor)
    assert not summary.shown and summary.averages == () and summary.count == 0
    _evaluate(third, {"helpful": 3, "available": 1, "respectful": 4, "recommend": 3})
    summary = evaluation_summary_for_mentor(user=world.mentor)
    assert summary.shown and summary.count == 3
    assert [average for _, average in summary.averages] == [4.0, 2.0, 4.7, 4.0]


def test_three_evaluations_from_one_mentee_still_show_nothing(world):
    mentorship = pair(world)
    for _ in range(3):
        evaluation = Evaluation.objects.create(
            mentorship=mentorship,
            kind="periodic",
            due_on=timezone.localdate() - timedelta(days=Evaluation.objects.count()),
        )
        evaluation_submit(mentee=world.mentee, evaluation=evaluation, answers=GOOD)
    assert not evaluation_summary_for_mentor(user=world.mentor).shown
