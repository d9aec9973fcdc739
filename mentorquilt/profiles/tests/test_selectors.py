"""Who sees whose profile and attributes (R3, R7, R19, R36; SECURITY V8 field level)."""

from __future__ import annotations

import pytest
from django.http import Http404

from conftest import World, make_user
from mentorquilt.core.models import AuditEvent
from mentorquilt.institutions.models import Role
from mentorquilt.institutions.services import membership_grant, mentor_verify
from mentorquilt.profiles.models import MenteeProfile
from mentorquilt.profiles.selectors import (
    eligibility_visible,
    mentee_profile_get_visible,
    mentor_profile_get_visible,
    mentor_profiles_findable,
    visible_attributes,
)
from mentorquilt.profiles.services import eligibility_attest
from mentorquilt.profiles.tests.helpers import give_attribute, published_mentor

pytestmark = pytest.mark.django_db


def slugs(attributes):
    return {a.category.slug for a in attributes}


@pytest.fixture
def mentor_with_attributes(world: World):
    give_attribute(world.mentor, "race-black-african-american", match=True, show=True)
    give_attribute(world.mentor, "lgbtq-member", match=True, show=False)
    give_attribute(world.mentor, "disability-yes", match=False, show=False)
    return world.mentor


def test_the_owner_sees_all_of_their_attributes(world: World, mentor_with_attributes):
    assert slugs(visible_attributes(viewer=world.mentor, owner=world.mentor)) == {
        "race-black-african-american",
        "lgbtq-member",
        "disability-yes",
    }


@pytest.mark.parametrize("persona", ["mentee", "admin", "coordinator", "outsider", "researcher"])
def test_others_see_only_attributes_the_owner_chose_to_show(
    world: World, mentor_with_attributes, persona: str
):
    viewer = getattr(world, persona)
    assert slugs(visible_attributes(viewer=viewer, owner=world.mentor)) == {
        "race-black-african-american"
    }


def test_another_mentee_sees_nothing_of_a_mentee_who_consented_to_nothing(world: World):
    give_attribute(world.mentee, "race-hispanic-latino", match=True, show=False)
    other = make_user("other.mentee@a.example.org")
    membership_grant(
        actor=world.admin,
        user=other,
        institution=world.institution_a,
        role=Role.MENTEE,
        source="test",
    )
    assert visible_attributes(viewer=other, owner=world.mentee) == []


def test_a_mentor_without_show_consent_shows_nothing(world: World):
    give_attribute(world.mentor, "first-generation-college", match=True, show=False)
    assert visible_attributes(viewer=world.mentee, owner=world.mentor) == []


def test_staff_reads_are_audited_and_private_attributes_need_an_explicit_reveal(
    world: World, mentor_with_attributes
):
    """SECURITY V16: every staff read of sensitive data is audited (ids, never values)."""
    shown = visible_attributes(viewer=world.staff, owner=world.mentor)
    assert slugs(shown) == {"race-black-african-american"}
    revealed = visible_attributes(viewer=world.staff, owner=world.mentor, reveal=True)
    assert len(revealed) == 3
    events = AuditEvent.objects.filter(action="attribute.read").order_by("id")
    assert [e.data for e in events] == [
        {"scope": "shown", "count": 1},
        {"scope": "all", "count": 3},
    ]
    assert all(e.target_id == str(world.mentor.public_id) for e in events)


def test_reveal_does_nothing_for_anyone_but_staff(world: World, mentor_with_attributes):
    assert len(visible_attributes(viewer=world.admin, owner=world.mentor, reveal=True)) == 1


def test_a_published_verified_national_mentor_is_findable_across_institutions(world: World):
    """R3 national scope, R4 verified, R7 published."""
    profile = published_mentor(world.mentor, scope="national")
    assert mentor_profiles_findable(viewer=world.outsider).filter(pk=profile.pk).exists()
    assert mentor_profile_get_visible(viewer=world.outsider, public_id=profile.public_id)


def test_a_local_mentor_is_hidden_from_other_institutions(world: World):
    """R3 local scope: another institution's people do not learn the mentor exists."""
    profile = published_mentor(world.mentor, scope="local")
    assert mentor_profiles_findable(viewer=world.mentee).filter(pk=profile.pk).exists()
    assert not mentor_profiles_findable(viewer=world.outsider).filter(pk=profile.pk).exists()
    with pytest.raises(Http404):
        mentor_profile_get_visible(viewer=world.outsider, public_id=profile.public_id)


def test_an_unverified_or_unpublished_mentor_is_not_findable(world: World):
    """R4: only verified mentors appear in search; R7: only published ones."""
    profile = published_mentor(world.mentor)
    membership = world.mentor.memberships.get(role=Role.MENTOR)
    mentor_verify(actor=world.admin, membership=membership, verified=False)
    assert not mentor_profiles_findable(viewer=world.mentee).exists()
    with pytest.raises(Http404):
        mentor_profile_get_visible(viewer=world.mentee, public_id=profile.public_id)
    # ...but the mentor's own institution managers still open it.
    assert mentor_profile_get_visible(viewer=world.admin, public_id=profile.public_id)


def test_a_mentee_profile_is_seen_by_its_owner_its_managers_and_staff_only(world: World):
    profile = MenteeProfile.objects.create(user=world.mentee)
    for viewer in (world.mentee, world.admin, world.coordinator, world.staff):
        assert mentee_profile_get_visible(viewer=viewer, public_id=profile.public_id) == profile
    for viewer in (world.mentor, world.outsider, world.researcher):
        with pytest.raises(Http404):
            mentee_profile_get_visible(viewer=viewer, public_id=profile.public_id)


def test_eligibility_is_seen_by_the_owner_and_audited_staff_only(world: World):
    """R11 attestations are sensitive: not even the institution's admin sees them."""
    profile = eligibility_attest(
        actor=world.mentee,
        urim=True,
        first_gen=False,
        low_income=False,
        basis="I am Native American.",
    )
    assert eligibility_visible(viewer=world.mentee, profile=profile)
    assert not eligibility_visible(viewer=world.admin, profile=profile)
    assert eligibility_visible(viewer=world.staff, profile=profile)
    assert AuditEvent.objects.filter(action="eligibility.read", actor=world.staff).count() == 1
