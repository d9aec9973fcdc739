"""The adapter turns database rows into engine inputs with consent respected (R19-R21, B4)."""

from __future__ import annotations

from mentorquilt.institutions.models import Role
from mentorquilt.matching.adapter import (
    labels_all,
    mentee_for_engine,
    mentors_for_engine,
    reasons,
)
from mentorquilt.matching.tests.helpers import dimension, mentee_at, mentor_at
from mentorquilt.mentorships.tests.helpers import send
from mentorquilt.profiles.models import NeedArea, Specialty
from mentorquilt.profiles.services import affinity_preferences_set, mentor_profile_publish
from mentorquilt.profiles.tests.helpers import category, give_attribute
from quiltmatch.scoring import MentorPool


def test_a_ready_published_mentor_becomes_a_ready_engine_mentor_with_taxonomy_codes(world):
    profile = mentor_at(world, "m1@a.example.org", capacity=2)
    mentors, facts = mentors_for_engine([profile.user_id])
    (m,) = mentors
    assert m.id == profile.user_id
    assert m.ready and not m.suspended and m.national
    assert m.capacity == 2 and m.load == 0
    assert m.institution == world.institution_a.pk
    assert m.areas == {
        NeedArea.objects.get(slug="personal-statement").pk,
        NeedArea.objects.get(slug="interviews").pk,
    }
    assert m.specialties == {Specialty.objects.get(slug="pediatrics").pk}
    assert m.tz_offset_minutes in (-360, -300)  # America/Chicago
    assert facts[m.id].profile_public_id == profile.public_id


def test_only_attributes_consented_for_matching_enter_the_engine(world):
    profile = mentor_at(world, "m1@a.example.org")
    give_attribute(profile.user, "race-hispanic-latino", match=False, show=True)
    give_attribute(profile.user, "first-generation-college", match=True, show=False)
    give_attribute(profile.user, "income-low", match=True, show=True)
    (m,), facts = mentors_for_engine([profile.user_id])
    cats = {a.category for a in m.attributes}
    assert cats == {category("first-generation-college").pk, category("income-low").pk}
    low = category("income-low")
    assert facts[m.id].shown == {(low.dimension_id, low.pk)}


def test_an_unpublished_mentor_is_left_out_and_pending_requests_are_counted(world):
    profile = mentor_at(world, "m1@a.example.org")
    mentee = mentee_at(world, "s1@a.example.org")
    send(mentee, profile)
    _, facts = mentors_for_engine([profile.user_id])
    assert facts[profile.user_id].pending == 1
    mentor_profile_publish(actor=profile.user, publish=False)
    assert mentors_for_engine([profile.user_id]) == ([], {})


def test_a_mentee_has_needs_in_priority_order_weights_and_never_themself(world):
    mentee = mentee_at(world, "s1@a.example.org")
    affinity_preferences_set(
        actor=mentee,
        importances={dimension("first-generation"): 3, dimension("immigrant-daca"): 2},
    )
    give_attribute(mentee, "first-generation-college", match=True)
    m = mentee_for_engine(mentee)
    assert m is not None
    slugs = ["personal-statement", "interviews", "finances-aid"]
    assert m.needs == tuple(NeedArea.objects.get(slug=s).pk for s in slugs)
    assert m.affinity_weights[dimension("first-generation").pk] == 3.0
    assert m.must_share == {dimension("first-generation").pk}
    assert mentee.pk in m.excluded
    assert m.institution == world.institution_a.pk
    assert m.first_gen and not m.urim
    # the wish for an immigrant-experienced mentor becomes a synthetic attribute
    immigrant = dimension("immigrant-daca")
    assert any(a.dimension == immigrant.pk for a in m.attributes)


def test_reasons_name_only_attributes_the_mentor_consented_to_show(world):
    profile = mentor_at(world, "m1@a.example.org")
    give_attribute(profile.user, "first-generation-college", match=True, show=False)
    give_attribute(profile.user, "income-low", match=True, show=True)
    mentee = mentee_at(world, "s1@a.example.org")
    give_attribute(mentee, "first-generation-college", match=True)
    give_attribute(mentee, "income-low", match=True)
    affinity_preferences_set(
        actor=mentee,
        importances={dimension("first-generation"): 2, dimension("income-background"): 2},
    )
    mentors, facts = mentors_for_engine([profile.user_id])
    pool = MentorPool(mentors)
    labels = labels_all()
    engine_mentee = mentee_for_engine(mentee)
    assert engine_mentee is not None
    explanation = pool.explain(engine_mentee, profile.user_id, labels)
    # the engine uses both (consented for matching) ...
    assert len(explanation.shared) == 2
    # ... the mentee is told only the shown one
    told = reasons(explanation, facts=facts[profile.user_id], labels=labels)
    text = " ".join(told.sentences)
    assert "Grew up in a low-income household" in text
    assert "First in my family" not in text
    assert any(s.startswith("Helps with: Personal statement") for s in told.sentences)


def test_a_person_who_is_mentor_and_mentee_is_never_their_own_candidate(world):
    profile = mentor_at(world, "both@a.example.org")
    from mentorquilt.institutions.services import membership_grant
    from mentorquilt.mentorships.tests.helpers import ready_mentee

    membership_grant(
        actor=world.staff,
        user=profile.user,
        institution=world.institution_a,
        role=Role.MENTEE,
        source="test",
    )
    ready_mentee(profile.user)
    m = mentee_for_engine(profile.user)
    assert m is not None and profile.user_id in m.excluded


def test_a_must_on_a_background_the_mentee_keeps_private_weighs_but_does_not_empty_the_list(
    world,
):
    mentee = mentee_at(world, "s1@a.example.org")
    affinity_preferences_set(actor=mentee, importances={dimension("first-generation"): 3})
    give_attribute(mentee, "first-generation-college", match=False)
    m = mentee_for_engine(mentee)
    assert m is not None
    assert m.must_share == frozenset()
    assert m.affinity_weights[dimension("first-generation").pk] == 3.0
