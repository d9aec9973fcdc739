"""The action plan (R28): the mentee's goals and steps, tied to needs; their current mentors
read and comment; nobody else finds it (404)."""

from __future__ import annotations

from datetime import date

import pytest
from django.http import Http404

from mentorquilt.core.errors import DomainError
from mentorquilt.engagement.selectors import action_plan_of_mentee_for, goal_get_visible
from mentorquilt.engagement.services import (
    action_plan_mission_set,
    goal_comment_add,
    goal_create,
    goal_mark,
    milestone_add,
    milestone_mark,
)
from mentorquilt.engagement.tests.helpers import other_mentor, pair
from mentorquilt.mentorships.services import mentorship_conclude, mentorship_pause
from mentorquilt.notifications.models import Notification
from mentorquilt.profiles.models import NeedArea

pytestmark = pytest.mark.django_db


def a_goal(world):
    return goal_create(
        mentee=world.mentee,
        title="Apply to three nursing programs",
        needs=[NeedArea.objects.get(slug="interviews")],
        due_on=date(2027, 3, 1),
    )


def test_the_mentee_writes_a_mission_goals_tied_to_needs_and_steps(world):
    plan = action_plan_mission_set(mentee=world.mentee, mission="Become a rural family doctor.")
    goal = a_goal(world)
    step = milestone_add(mentee=world.mentee, goal=goal, title="Ask for two letters")
    milestone_mark(mentee=world.mentee, milestone=step, done=True)
    goal_mark(mentee=world.mentee, goal=goal, done=True)
    goal.refresh_from_db()
    step.refresh_from_db()
    assert goal.plan == plan and plan.mission == "Become a rural family doctor."
    assert [n.slug for n in goal.needs.all()] == ["interviews"]
    assert goal.done_at and step.done_at


def test_a_goal_needs_a_title_and_active_areas(world):
    with pytest.raises(DomainError) as refused:
        goal_create(mentee=world.mentee, title="  ")
    assert refused.value.field == "title"
    retired = NeedArea.objects.create(slug="retired-area", name="Retired", is_active=False)
    with pytest.raises(DomainError) as refused:
        goal_create(mentee=world.mentee, title="Goal", needs=[retired])
    assert refused.value.field == "needs"


def test_only_the_mentee_changes_their_plan(world):
    mentorship = pair(world)
    goal = a_goal(world)
    with pytest.raises(DomainError):
        milestone_add(mentee=world.mentor, goal=goal, title="Sneaky step")
    with pytest.raises(DomainError):
        goal_mark(mentee=world.mentor, goal=goal, done=True)
    assert mentorship.mentor == world.mentor


def test_the_mentor_of_an_active_mentorship_reads_and_comments(world):
    mentorship = pair(world)
    goal = a_goal(world)
    assert goal_get_visible(user=world.mentor, public_id=goal.public_id) == goal
    assert action_plan_of_mentee_for(user=world.mentor, mentorship=mentorship) == goal.plan
    goal_comment_add(author=world.mentor, goal=goal, text="Start with the closest program.")
    assert Notification.objects.filter(user=world.mentee, kind="goal.comment").exists()
    goal_comment_add(author=world.mentee, goal=goal, text="Thanks!")
    assert Notification.objects.filter(user=world.mentor, kind="goal.comment").exists()


def test_nobody_else_finds_the_plan(world):
    pair(world)
    goal = a_goal(world)
    stranger = other_mentor(world)
    for person in (
        stranger,
        world.outsider,
        world.admin,
        world.coordinator,
        world.staff,
        world.researcher,
    ):
        with pytest.raises(Http404):
            goal_get_visible(user=person, public_id=goal.public_id)
    with pytest.raises(DomainError):
        goal_comment_add(author=stranger, goal=goal, text="Hello")


def test_a_paused_or_concluded_mentorship_no_longer_opens_the_plan(world):
    mentorship = pair(world)
    goal = a_goal(world)
    mentorship_pause(actor=world.mentee, mentorship=mentorship)
    with pytest.raises(Http404):
        goal_get_visible(user=world.mentor, public_id=goal.public_id)
    mentorship.refresh_from_db()
    with pytest.raises(Http404):
        action_plan_of_mentee_for(user=world.mentor, mentorship=mentorship)
    from mentorquilt.mentorships.services import mentorship_resume

    mentorship_resume(actor=world.mentee, mentorship=mentorship)
    assert goal_get_visible(user=world.mentor, public_id=goal.public_id) == goal
    mentorship_conclude(
        actor=world.mentee, mentorship=mentorship, reason="Moving on", early_reason="Moved"
    )
    with pytest.raises(Http404):
        goal_get_visible(user=world.mentor, public_id=goal.public_id)
