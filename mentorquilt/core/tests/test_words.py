"""Wording: 'a' or 'an' before a role, in pages and emails (issue 10 item 8)."""

from __future__ import annotations

import pytest
from django.core import mail

from conftest import World
from mentorquilt.core.templatetags.words import with_article
from mentorquilt.institutions.models import Role
from mentorquilt.institutions.services import invitation_create
from mentorquilt.institutions.tasks import invitation_send


@pytest.mark.parametrize(
    ("noun", "phrase"),
    [
        ("mentor", "a mentor"),
        ("institution admin", "an institution admin"),
        ("Alumni mentor", "an Alumni mentor"),
        ("coordinator", "a coordinator"),
        ("", ""),
    ],
)
def test_a_noun_gets_the_article_its_first_sound_asks_for(noun: str, phrase: str):
    assert with_article(noun) == phrase


@pytest.mark.django_db
def test_an_invitation_to_be_an_admin_says_an_institution_admin(world: World):
    invitation = invitation_create(
        actor=world.staff,
        institution=world.institution_a,
        email="new.admin@example.org",
        name="New Admin",
        role=Role.ADMIN,
    )
    mail.outbox.clear()
    invitation_send.call(str(invitation.public_id))
    assert "join MentorQuilt as an institution admin." in mail.outbox[0].body


@pytest.mark.parametrize(
    ("days", "said"),
    [
        (0.0, "within a day"),
        (0.4, "within a day"),
        (1.0, "within a day"),
        (1.2, "within 2 days"),
        (6.0, "within 6 days"),
        (None, ""),
    ],
)
def test_an_answer_time_is_said_in_whole_days_and_never_as_zero_days(days, said):
    from mentorquilt.core.templatetags.words import answer_time

    assert answer_time(days) == said


@pytest.mark.parametrize(
    ("label", "inside"),
    [
        ("Race or ethnicity", "race or ethnicity"),
        ("LGBTQ+", "LGBTQ+"),
        ("MCAT preparation", "MCAT preparation"),
        ("First-generation college", "first-generation college"),
    ],
)
def test_a_label_inside_a_sentence_keeps_the_case_of_words_in_capitals(label, inside):
    from mentorquilt.core.words import in_sentence

    assert in_sentence(label) == inside


@pytest.mark.django_db
def test_the_background_page_says_lgbtq_plus_in_its_own_case(world: World):
    from conftest import client_for

    page = client_for(world.mentee).get("/profile/background/").content.decode()
    assert "Use my LGBTQ+ answers to suggest mentors" in page
    assert "lgbtq+ answers" not in page


@pytest.mark.django_db
def test_the_background_step_says_what_is_and_is_not_stored_about_immigration(world: World):
    from conftest import client_for

    response = client_for(world.mentee).get("/profile/mentee/background/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "we never ask for or store your immigration or DACA status" in page
    assert "we store that wish, nothing about you" in page
