"""Mentorships (R13, R18, R25), the quilt (B1), the tick command and the pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from mentorquilt.core.errors import DomainError
from mentorquilt.institutions.models import Role
from mentorquilt.institutions.services import membership_end
from mentorquilt.mentorships.models import Mentorship, MentorshipState, RequestStatus
from mentorquilt.mentorships.selectors import open_mentorship_count, quilt_for
from mentorquilt.mentorships.services import (
    alumni_invite_due,
    mentorship_conclude,
    mentorship_pause,
    mentorship_request_accept,
    mentorship_resume,
)
from mentorquilt.mentorships.tests.helpers import (
    new_mentee,
    new_mentor,
    ready_mentee,
    ready_mentor,
    send,
)
from mentorquilt.notifications.models import Notification
from mentorquilt.profiles.models import NeedArea
from mentorquilt.profiles.tests.helpers import give_attribute
from tests.html import list_after_heading

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentorship(world):
    ready_mentee(world.mentee)
    profile = ready_mentor(world.mentor, capacity=1)
    return mentorship_request_accept(actor=world.mentor, request=send(world.mentee, profile))


def test_a_mentee_holds_several_mentors_and_the_quilt_shows_the_needs_each_covers_r13_b1(world):
    ready_mentee(world.mentee)  # needs: personal statement, interviews, finances
    first = new_mentor(world, "first@a.example.org", name="Dr. First")
    second = new_mentor(world, "second@a.example.org", name="Dr. Second")
    mentorship_request_accept(
        actor=first.user, request=send(world.mentee, first, needs=("interviews",))
    )
    mentorship_request_accept(
        actor=second.user, request=send(world.mentee, second, needs=("personal-statement",))
    )
    quilt = quilt_for(user=world.mentee)
    assert [p.mentorship.mentor.name for p in quilt.patches] == ["Dr. First", "Dr. Second"]
    assert [[n.slug for n in p.needs] for p in quilt.patches] == [
        ["interviews"],
        ["personal-statement"],
    ]
    assert [n.slug for n in quilt.uncovered] == ["finances-aid"]


def test_the_quilt_page_shows_each_mentor_with_their_needs_and_names_the_gaps(
    world, login, mentorship
):
    page = login(world.mentee).get(reverse("quilt")).content.decode()
    covered = mentorship.needs.get()
    assert f"Helps you with: {covered.name}" in page
    gaps = page.split("Needs no mentor covers yet", 1)[1]
    for slug in ("personal-statement", "finances-aid"):
        assert NeedArea.objects.get(slug=slug).name in gaps


def test_pausing_keeps_the_place_and_concluding_frees_it(world, mentorship):
    mentorship_pause(actor=world.mentee, mentorship=mentorship)
    assert open_mentorship_count(mentor=world.mentor) == 1
    mentorship = mentorship_resume(actor=world.mentor, mentorship=mentorship)
    assert mentorship.state == MentorshipState.ACTIVE
    with time_machine.travel(timezone.now() + timedelta(days=400), tick=False):
        done = mentorship_conclude(actor=world.mentor, mentorship=mentorship, reason="Goals met")
    assert done.state == MentorshipState.CONCLUDED and done.slot is None
    assert open_mentorship_count(mentor=world.mentor) == 0
    assert Notification.objects.filter(user=world.mentee, kind="mentorship.concluded").exists()


def test_concluding_before_the_programs_minimum_length_asks_why_r25(world, mentorship):
    with pytest.raises(DomainError) as error:
        mentorship_conclude(actor=world.mentee, mentorship=mentorship, reason="Busy")
    assert error.value.field == "early_reason"
    done = mentorship_conclude(
        actor=world.mentee, mentorship=mentorship, reason="Busy", early_reason="Moving abroad"
    )
    stored = Mentorship.objects.get(pk=done.pk)
    assert (stored.state, stored.early_reason) == (MentorshipState.CONCLUDED, "Moving abroad")


def test_without_a_program_minimum_a_mentorship_ends_with_one_reason(world, settings):
    settings.MENTORSHIP_MINIMUM_DAYS = 0
    ready_mentee(world.mentee)
    profile = ready_mentor(world.mentor)
    mentorship = mentorship_request_accept(actor=world.mentor, request=send(world.mentee, profile))
    assert mentorship.minimum_end_on is None
    mentorship_conclude(actor=world.mentor, mentorship=mentorship, reason="Goals met")


def test_only_its_two_people_change_a_mentorship(world, mentorship):
    for user in (world.admin, world.staff, world.outsider):
        with pytest.raises(DomainError):
            mentorship_pause(actor=user, mentorship=mentorship)


def test_a_graduating_mentee_is_invited_to_become_a_mentor_and_keeps_their_history_r18(
    world, mentorship, django_capture_on_commit_callbacks
):
    membership = world.mentee.memberships.get(role=Role.MENTEE)
    mail.outbox.clear()
    membership_end(actor=world.admin, membership=membership)
    assert not Notification.objects.filter(kind="alumni.invite").exists()  # the tick invites
    with django_capture_on_commit_callbacks(execute=True):
        call_command("tick", verbosity=0)
        call_command("tick", verbosity=0)
    invite = Notification.objects.get(user=world.mentee, kind="alumni.invite")
    assert invite.link == reverse("membership_join")
    assert [m.to for m in mail.outbox if "become a mentor" in m.subject] == [[world.mentee.email]]
    mentorship.refresh_from_db()
    assert mentorship.mentee_id == world.mentee.pk  # history kept


def test_a_mentor_whose_role_ends_is_not_invited_to_mentor(world):
    membership = world.mentor.memberships.get(role=Role.MENTOR)
    membership_end(actor=world.admin, membership=membership)
    alumni_invite_due()
    assert not Notification.objects.filter(kind="alumni.invite").exists()


def test_a_mentee_who_left_long_ago_is_not_invited_by_the_new_job(world, settings):
    settings.ALUMNI_INVITE_WINDOW_DAYS = 30
    membership = world.mentee.memberships.get(role=Role.MENTEE)
    with time_machine.travel(timezone.now() - timedelta(days=31)):
        membership_end(actor=world.admin, membership=membership)
    assert alumni_invite_due() == 0
    assert not Notification.objects.filter(kind="alumni.invite").exists()


def test_the_tick_command_reminds_lapses_and_sends_nothing_twice(
    world, django_capture_on_commit_callbacks
):
    ready_mentee(world.mentee)
    profile = ready_mentor(world.mentor)
    request = send(world.mentee, profile)
    mail.outbox.clear()
    with (
        time_machine.travel(request.due_at - timedelta(hours=12), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("mentorships_tick", verbosity=0)
        call_command("mentorships_tick", verbosity=0)
    assert [m.subject for m in mail.outbox] == [
        "[MentorQuilt] Reminder: a student is waiting for your answer"
    ]
    with (
        time_machine.travel(request.due_at + timedelta(hours=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("mentorships_tick", verbosity=0)
        call_command("mentorships_tick", verbosity=0)
    request.refresh_from_db()
    assert request.status == RequestStatus.LAPSED
    assert len(mail.outbox) == 3  # reminder, then one lapse email to each side


def test_the_mentor_sees_only_the_background_the_mentee_chose_to_show(world, login):
    ready_mentee(world.mentee)
    give_attribute(world.mentee, "first-generation-college", match=True, show=True)
    give_attribute(world.mentee, "income-low", match=True, show=False)
    profile = ready_mentor(world.mentor)
    request = send(world.mentee, profile)
    page = login(world.mentor).get(reverse("mentorship_request_detail", args=[request.public_id]))
    shared = list_after_heading(page.content, "Background the student chose to share")
    assert shared == ["First generation: First in my family to go to college"]
    assert "Grew up in a low-income household" not in page.content.decode()
    api = login(world.mentor).get(f"/api/v1/mentorship-requests/{request.public_id}").json()
    categories = [b["category"] for b in api["mentee_background"]]
    assert len(categories) == 1 and "income" not in categories[0].lower()
    own = login(world.mentee).get(f"/api/v1/mentorship-requests/{request.public_id}").json()
    assert "mentee_background" not in own or own["mentee_background"] is None


def test_the_request_pages_say_how_long_the_mentor_has_and_what_lapsed_means(world, login):
    ready_mentee(world.mentee)
    profile = ready_mentor(world.mentor)
    client = login(world.mentee)
    form = client.get(reverse("mentorship_request_create", args=[profile.public_id]))
    assert "has 7 days to accept, decline or ask you a question" in form.content.decode()
    response = client.post(
        reverse("mentorship_request_create", args=[profile.public_id]),
        {"message": "Hello, I would value your help.", "needs": [profile.areas.first().pk]},
    )
    assert response.status_code == 302
    requests_page = client.get(reverse("mentorship_requests")).content.decode()
    assert "lapses" in requests_page and "says nothing about you" in requests_page


def test_a_mentor_accepts_on_the_page_and_a_full_mentor_is_told_plainly(world, login):
    profile = ready_mentor(world.mentor, capacity=1)
    first = new_mentee(world, "one@a.example.org")
    second = new_mentee(world, "two@a.example.org")
    r1, r2 = send(first, profile), send(second, profile)
    client = login(world.mentor)
    assert client.post(reverse("mentorship_request_accept", args=[r1.public_id])).status_code == 302
    response = client.post(reverse("mentorship_request_accept", args=[r2.public_id]), follow=True)
    assert "your limit" in response.content.decode()


def test_the_home_page_tells_the_mentor_how_many_students_wait_and_the_mentee_their_mentors(
    world, login
):
    ready_mentee(world.mentee)
    profile = ready_mentor(world.mentor)
    send(world.mentee, profile)
    mentor_home = login(world.mentor).get(reverse("home")).content.decode()
    assert "1 student waiting for your answer" in mentor_home
    mentee_home = login(world.mentee).get(reverse("home")).content.decode()
    assert "You have no mentor yet." in mentee_home and "1 request waiting" in mentee_home
    admin_home = login(world.admin).get(reverse("home")).content.decode()
    assert reverse("mentor_suspension_list", args=[world.institution_a.public_id]) in admin_home
