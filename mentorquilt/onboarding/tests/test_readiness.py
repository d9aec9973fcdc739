"""The checklist and the readiness gate before any mentorship (R5, R12, R27)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import make_user
from mentorquilt.core.errors import DomainError
from mentorquilt.institutions.models import Role
from mentorquilt.institutions.services import membership_grant, mentor_verify
from mentorquilt.onboarding.selectors import checklist, ensure_ready, readiness
from mentorquilt.onboarding.tests.helpers import make_fully_ready
from mentorquilt.training.selectors import required_modules
from mentorquilt.training.services import agreement_publish_new, module_complete
from mentorquilt.training.tests.helpers import accept_agreements, make_ready

pytestmark = pytest.mark.django_db


MENTEE_PROFILE = [
    "mentee_about",
    "mentee_needs",
    "mentee_background",
    "mentee_matters",
    "mentee_eligibility",
]


def keys(steps):
    return [step.key for step in steps]


def ours(steps):
    """The keys of the agreement and training steps (profile steps come from profiles)."""
    return [key for key in keys(steps) if key.startswith(("agreement:", "training"))]


def test_a_new_mentee_sees_the_agreements_and_the_training_still_to_do(world):
    state = readiness(user=world.mentee, role=Role.MENTEE)
    assert not state.ready
    assert keys(state.missing) == [
        *MENTEE_PROFILE,
        "agreement:mentee",
        "agreement:conduct",
        "training",
    ]
    training = state.missing[-1]
    assert training.title == "Complete the mentee training (0 of 2 modules done)"
    assert training.url == reverse("training_list")


def test_a_mentee_with_a_profile_both_texts_accepted_and_the_training_done_is_ready(world):
    make_ready(world.mentee, Role.MENTEE)
    state = readiness(user=world.mentee, role=Role.MENTEE)
    assert keys(state.missing) == MENTEE_PROFILE  # agreements and training alone are not enough
    make_fully_ready(world.mentee, Role.MENTEE)
    state = readiness(user=world.mentee, role=Role.MENTEE)
    assert state.ready and state.missing == []
    assert state.done_count == len(state.steps) == 8
    ensure_ready(user=world.mentee, role=Role.MENTEE)  # does not raise


def test_a_verified_mentor_who_did_everything_is_ready_but_an_unverified_one_waits(world):
    make_fully_ready(world.mentor, Role.MENTOR)
    assert readiness(user=world.mentor, role=Role.MENTOR).ready
    mentor_verify(
        actor=world.staff,
        membership=world.mentor.memberships.get(role=Role.MENTOR),
        verified=False,
    )
    state = readiness(user=world.mentor, role=Role.MENTOR)
    # Unverified, with no qualification on file: say why you qualify, then wait.
    assert keys(state.missing) == ["mentor_qualification", "mentor_verified"]
    assert [s.by for s in state.missing] == ["you", "school"]


def test_ensure_ready_refuses_with_a_message_that_names_everything_missing(world):
    module_complete(
        user=world.mentee, module=required_modules(role=Role.MENTEE).first(), attested=True
    )
    with pytest.raises(DomainError) as error:
        ensure_ready(user=world.mentee, role=Role.MENTEE)
    message = error.value.message
    assert error.value.code == "not_ready"
    assert message.startswith("You cannot start a mentorship as a mentee yet.")
    assert "accept the mentee agreement (version 1)" in message
    assert "accept the code of conduct (version 1)" in message
    assert "complete 1 training module: “Your first meeting: goals, questions and next steps”" in (
        message
    )


def test_ensure_ready_names_the_other_person_when_asked_about_them(world):
    with pytest.raises(DomainError) as error:
        ensure_ready(user=world.mentor, role=Role.MENTOR, who="Dr. Okafor")
    assert error.value.message.startswith("Dr. Okafor cannot start a mentorship as a mentor yet.")
    assert "complete 6 training modules" in error.value.message


def test_a_new_version_of_the_code_of_conduct_makes_ready_people_not_ready(world):
    make_fully_ready(world.mentee, Role.MENTEE)
    make_fully_ready(world.mentor, Role.MENTOR)
    agreement_publish_new(actor=world.staff, kind="conduct", title="Code v2", body="Respect.")
    for user, role in ((world.mentee, Role.MENTEE), (world.mentor, Role.MENTOR)):
        state = readiness(user=user, role=role)
        assert keys(state.missing) == ["agreement:conduct"]
        assert "A new version was published" in state.missing[0].detail
        with pytest.raises(DomainError, match=r"accept the code of conduct \(version 2\)"):
            ensure_ready(user=user, role=role)
    accept_agreements(world.mentee, Role.MENTEE)
    assert readiness(user=world.mentee, role=Role.MENTEE).ready


def test_someone_without_the_role_is_told_to_join_first(world):
    state = readiness(user=world.mentee, role=Role.MENTOR)
    assert keys(state.steps) == ["role"]
    with pytest.raises(DomainError, match="join a school or program as a mentor"):
        ensure_ready(user=world.mentee, role=Role.MENTOR)
    with pytest.raises(ValueError):
        readiness(user=world.admin, role=Role.ADMIN)


def test_a_resident_who_is_mentee_and_mentor_has_one_checklist_per_role(world):
    resident = make_user("resident@a.example.org")
    for role in (Role.MENTEE, Role.MENTOR):
        membership_grant(
            actor=world.staff, user=resident, institution=world.institution_a, role=role, source="t"
        )
    # The code of conduct is shared: accepting it once counts for both roles.
    make_fully_ready(resident, Role.MENTEE)
    states = checklist(user=resident)
    assert [s.role for s in states] == [Role.MENTEE, Role.MENTOR]
    assert states[0].ready
    assert ours(states[1].missing) == ["agreement:mentor", "training"]
    assert "mentor_verified" in keys(states[1].missing)
    assert checklist(user=world.admin) == []


# --- the page ----------------------------------------------------------------------------


def test_the_checklist_page_links_each_step_to_where_it_is_done(world, login):
    page = login(world.mentee).get(reverse("onboarding_checklist")).content.decode()
    assert "0 of 8 steps done" in page
    assert f'href="{reverse("agreement_detail", kwargs={"kind": "mentee"})}"' in page
    assert f'href="{reverse("agreement_detail", kwargs={"kind": "conduct"})}"' in page
    assert f'href="{reverse("training_list")}"' in page
    make_fully_ready(world.mentee, Role.MENTEE)
    page = login(world.mentee).get(reverse("onboarding_checklist")).content.decode()
    assert "You have done everything needed to start a mentorship as a mentee." in page


def test_the_checklist_page_tells_people_without_a_mentoring_role_how_to_get_one(world, login):
    page = login(world.admin).get(reverse("onboarding_checklist")).content.decode()
    assert "You do not hold either role yet." in page


def test_the_home_page_shows_the_checklist_summary_to_mentees_and_mentors(world, login):
    page = login(world.mentee).get(reverse("home")).content.decode()
    assert "0 of 8 steps done" in page
    assert f'href="{reverse("onboarding_checklist")}"' in page
    make_fully_ready(world.mentor, Role.MENTOR)
    page = login(world.mentor).get(reverse("home")).content.decode()
    assert "Ready" in page and "start a mentorship as a mentor" in page
    page = login(world.admin).get(reverse("home")).content.decode()
    assert "steps done" not in page
