"""Profiles, consent, eligibility and qualification through the real services
(R3, R4, R6, R7, R11, R15, R19, R36)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from conftest import World, make_user
from mentorquilt.core.errors import DomainError
from mentorquilt.core.models import AuditEvent
from mentorquilt.institutions.models import Membership, Role
from mentorquilt.institutions.selectors import institution_compliance
from mentorquilt.institutions.services import membership_grant
from mentorquilt.profiles.models import (
    AffinityDimension,
    MentorProfile,
    PersonAttribute,
    Qualification,
    QualificationStatus,
    Track,
    TrainingStage,
)
from mentorquilt.profiles.selectors import (
    matching_attributes,
    mentee_needs_ordered,
    mentee_preferences,
    profile_steps,
    profile_steps_missing,
)
from mentorquilt.profiles.services import (
    AttributeChoice,
    affinity_preferences_set,
    attributes_set,
    eligibility_attest,
    mentee_about_update,
    mentee_needs_set,
    mentor_nominate,
    mentor_profile_publish,
    qualification_decide,
    qualification_submit,
)
from mentorquilt.profiles.tests.helpers import (
    category,
    fill_mentor_profile,
    give_attribute,
    need,
    published_mentor,
)
from mentorquilt.training.tests.helpers import complete_training

pytestmark = pytest.mark.django_db


def new_mentor(world: World, email: str = "new.mentor@a.example.org"):
    user = make_user(email)
    membership = membership_grant(
        actor=world.admin,
        user=user,
        institution=world.institution_a,
        role=Role.MENTOR,
        source="test",
    )
    return user, membership


# --- consent (R19, R36) --------------------------------------------------------------


def test_a_new_attribute_has_both_consents_off_by_default(world: World):
    """R36: private by default."""
    attributes_set(actor=world.mentee, choices=[AttributeChoice(category("gender-woman"))])
    attribute = PersonAttribute.objects.get(user=world.mentee)
    assert (attribute.use_for_matching, attribute.show_on_profile) == (False, False)


def test_only_attributes_consented_for_matching_reach_the_matching_input(world: World):
    """R19: only consented attributes are used."""
    give_attribute(world.mentee, "race-hispanic-latino", match=True)
    give_attribute(world.mentee, "lgbtq-member", match=False, show=True)
    slugs = {a.category.slug for a in matching_attributes(user=world.mentee)}
    assert slugs == {"race-hispanic-latino"}


def test_each_consent_change_is_audited_without_the_value(world: World):
    """SECURITY V16: consent changes audited; no demographic value in audit data."""
    give_attribute(world.mentee, "race-black-african-american", match=True)
    give_attribute(world.mentee, "race-black-african-american", match=True, show=True)
    attributes_set(actor=world.mentee, choices=[])
    events = AuditEvent.objects.filter(action="consent.change").order_by("id")
    assert [e.data["change"] for e in events] == ["added", "changed", "removed"]
    for event in events:
        assert "race" not in str(event.data).lower()
        assert "black" not in str(event.data).lower()


def test_a_mentee_is_never_asked_for_immigration_status(world: World):
    """SECURITY: immigration status is not stored for mentees; they state the wish only."""
    with pytest.raises(DomainError):
        attributes_set(
            actor=world.mentee, choices=[AttributeChoice(category("immigrant-experience"))]
        )
    assert not PersonAttribute.objects.filter(user=world.mentee).exists()
    dimension = AffinityDimension.objects.get(slug="immigrant-daca")
    affinity_preferences_set(actor=world.mentee, importances={dimension: 3})
    assert mentee_preferences(profile=world.mentee.mentee_profile) == {dimension.pk: 3}


def test_a_mentor_may_offer_immigrant_experience_with_consent(world: World):
    give_attribute(world.mentor, "immigrant-experience", match=True)
    assert matching_attributes(user=world.mentor).count() == 1


# --- mentee profile (R11, R15, R19) --------------------------------------------------


def test_areas_of_need_keep_the_mentees_order_of_priority(world: World):
    """R19: needs in priority order."""
    mentee_needs_set(
        actor=world.mentee,
        needs=[need("interviews"), need("finances-aid"), need("personal-statement")],
    )
    profile = world.mentee.mentee_profile
    assert [n.slug for n in mentee_needs_ordered(profile=profile)] == [
        "interviews",
        "finances-aid",
        "personal-statement",
    ]
    mentee_needs_set(actor=world.mentee, needs=[need("wellness"), need("interviews")])
    assert [n.slug for n in mentee_needs_ordered(profile=profile)] == ["wellness", "interviews"]


def test_a_need_cannot_be_chosen_twice(world: World):
    with pytest.raises(DomainError):
        mentee_needs_set(actor=world.mentee, needs=[need("interviews"), need("interviews")])


def test_eligibility_needs_at_least_one_group_and_a_basis(world: World):
    """R11: URiM, first-generation or economically disadvantaged, one or more, attested."""
    with pytest.raises(DomainError) as error:
        eligibility_attest(
            actor=world.mentee, urim=False, first_gen=False, low_income=False, basis="x"
        )
    assert error.value.field == "groups"
    with pytest.raises(DomainError):
        eligibility_attest(
            actor=world.mentee, urim=True, first_gen=False, low_income=False, basis="  "
        )
    profile = eligibility_attest(
        actor=world.mentee,
        urim=False,
        first_gen=True,
        low_income=True,
        basis="My parents did not go to college.",
    )
    assert profile.eligibility_attested_at is not None
    event = AuditEvent.objects.get(action="eligibility.attest")
    assert event.data == {}


def test_the_database_refuses_an_attestation_without_a_group(world: World):
    """R11 holds in the database too."""
    eligibility_attest(
        actor=world.mentee, urim=True, first_gen=False, low_income=False, basis="I am Black."
    )
    profile = world.mentee.mentee_profile
    profile.eligible_urim = False
    with pytest.raises(IntegrityError), transaction.atomic():
        profile.save()


def test_the_mentee_checklist_lists_the_missing_steps_in_plain_words(world: World):
    missing = profile_steps_missing(user=world.mentee, role=Role.MENTEE)
    assert [s.key for s in missing][:2] == ["mentee_about", "mentee_needs"]
    mentee_about_update(
        actor=world.mentee,
        training_stage=TrainingStage.objects.get(slug="community-college"),
        track=Track.objects.get(slug="nursing"),
        goals="Transfer and become a nurse.",
    )
    mentee_needs_set(actor=world.mentee, needs=[need("transfer")])
    keys = [s.key for s in profile_steps_missing(user=world.mentee, role=Role.MENTEE)]
    assert keys == ["mentee_background", "mentee_matters", "mentee_eligibility"]
    assert all(step.message for step in profile_steps(user=world.mentee, role=Role.MENTEE))


# --- mentor profile (R3, R6, R7) ------------------------------------------------------


@pytest.mark.parametrize("capacity", [0, 4, 10])
def test_a_mentor_takes_one_to_three_mentees_never_more(world: World, capacity: int):
    """R6: capacity 1 to 3."""
    with pytest.raises(DomainError) as error:
        fill_mentor_profile(world.mentor, capacity=capacity)
    assert error.value.field == "capacity"


def test_the_database_refuses_a_capacity_above_three(world: World):
    """R6 is a database check constraint, not only a form rule."""
    profile = fill_mentor_profile(world.mentor, capacity=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        MentorProfile.objects.filter(pk=profile.pk).update(capacity=4)


def test_publishing_needs_a_filled_profile_and_records_consent_to_be_found(world: World):
    """R7."""
    fill_mentor_profile(world.mentor)
    profile = mentor_profile_publish(actor=world.mentor, publish=True)
    assert profile.published_at is not None
    event = AuditEvent.objects.get(action="mentor_profile.publish")
    assert event.data == {"consent_to_be_found": True}
    assert mentor_profile_publish(actor=world.mentor, publish=False).published_at is None


def test_an_empty_profile_cannot_be_published(world: World):
    MentorProfile.objects.create(user=world.mentor)
    with pytest.raises(DomainError) as error:
        mentor_profile_publish(actor=world.mentor, publish=True)
    assert "bio" in error.value.message


def test_a_mentee_cannot_keep_a_mentor_profile(world: World):
    with pytest.raises(DomainError):
        fill_mentor_profile(world.mentee)


# --- qualification and compliance (R1, R4) --------------------------------------------


def test_verifying_a_qualification_verifies_the_mentors_membership(world: World):
    """R4: the institution verifies; Membership.verified_at stays the single truth."""
    user, membership = new_mentor(world)
    q = qualification_submit(
        actor=user,
        membership=membership,
        basis="track_record",
        evidence="Teaching award 2024, department of pediatrics.",
    )
    qualification_decide(actor=world.admin, qualification=q, verify=True)
    membership.refresh_from_db()
    assert membership.verified_at is not None
    q.refresh_from_db()
    assert q.status == QualificationStatus.VERIFIED
    assert AuditEvent.objects.filter(action="mentor.verify", target_id=str(membership.public_id))


def test_a_rejection_needs_a_reason_and_leaves_the_mentor_unverified(world: World):
    user, membership = new_mentor(world)
    q = qualification_submit(
        actor=user,
        membership=membership,
        basis="shared_background",
        evidence="First in my family to go to college.",
    )
    with pytest.raises(DomainError):
        qualification_decide(actor=world.admin, qualification=q, verify=False, reason=" ")
    qualification_decide(
        actor=world.admin,
        qualification=q,
        verify=False,
        reason="Please add your college transcript note.",
    )
    membership.refresh_from_db()
    assert membership.verified_at is None


def test_a_coordinator_or_another_institution_cannot_decide(world: World):
    user, membership = new_mentor(world)
    q = qualification_submit(
        actor=user,
        membership=membership,
        basis="track_record",
        evidence="Teaching evaluations above 4.8.",
    )
    for actor in (world.coordinator, world.outsider, world.mentor):
        with pytest.raises(DomainError):
            qualification_decide(actor=actor, qualification=q, verify=True)


def test_a_mentor_can_record_a_leaders_nomination_but_not_their_own(world: World):
    """R4: nominations by educational or department leaders."""
    user, membership = new_mentor(world)
    with pytest.raises(DomainError):
        qualification_submit(
            actor=user,
            membership=membership,
            basis="nomination",
            evidence="x",
            nominator_kind="current_mentor",
        )
    q = qualification_submit(
        actor=user,
        membership=membership,
        basis="nomination",
        evidence="Dean Ruiz, letter of 3 May",
        nominator_kind="educational_leader",
    )
    stored = Qualification.objects.get(pk=q.pk)
    assert (stored.nominator_kind, stored.status) == (
        "educational_leader",
        QualificationStatus.PENDING,
    )
    assert not Qualification.objects.filter(
        membership=membership, nominator_kind="current_mentor"
    ).exists()


def test_a_current_mentor_and_an_admin_can_nominate_a_colleague(world: World):
    """R4: nomination by a current mentor or an institution admin."""
    user, _ = new_mentor(world)
    by_mentor = mentor_nominate(
        actor=world.mentor,
        institution=world.institution_a,
        email=user.email,
        evidence="We teach together.",
    )
    assert by_mentor is not None and by_mentor.nominator_kind == "current_mentor"
    by_admin = mentor_nominate(
        actor=world.admin,
        institution=world.institution_a,
        email=user.email.upper(),
        evidence="Chair's recommendation.",
        nominator_kind="department_leader",
    )
    assert by_admin is not None and by_admin.nominator_kind == "department_leader"


def test_a_mentee_or_outsider_cannot_nominate_and_unknown_emails_change_nothing(world: World):
    for actor in (world.mentee, world.outsider, world.coordinator):
        with pytest.raises(DomainError):
            mentor_nominate(
                actor=actor, institution=world.institution_a, email=world.mentor.email, evidence="x"
            )
    assert (
        mentor_nominate(
            actor=world.admin,
            institution=world.institution_a,
            email="nobody@example.org",
            evidence="x",
        )
        is None
    )


def test_compliance_counts_exactly_the_verified_trained_published_mentors(world: World):
    """R1 + R4 + R5 + R7: a mentor counts once verified, published and trained."""
    school = world.institution_a
    assert institution_compliance(institution=school).counted == 0  # verified, not published
    published_mentor(world.mentor)
    assert institution_compliance(institution=school).counted == 0  # not trained yet (R5)
    complete_training(world.mentor, Role.MENTOR)
    assert institution_compliance(institution=school).counted == 1
    user, _ = new_mentor(world)
    published_mentor(user)  # published and trained but not verified
    complete_training(user, Role.MENTOR)
    compliance = institution_compliance(institution=school)
    assert (compliance.counted, compliance.verified, compliance.active_mentors) == (1, 1, 2)
    from mentorquilt.institutions.selectors import institution_list_managed

    annotated = institution_list_managed(user=world.admin).get(pk=school.pk)
    assert institution_compliance(institution=annotated) == compliance


def test_the_mentor_checklist_follows_qualification_and_publishing(world: World):
    user, membership = new_mentor(world)
    keys = [s.key for s in profile_steps_missing(user=user, role=Role.MENTOR)]
    assert keys == ["mentor_profile", "mentor_qualification", "mentor_verified", "mentor_published"]
    fill_mentor_profile(user)
    q = qualification_submit(
        actor=user, membership=membership, basis="track_record", evidence="Award."
    )
    keys = [s.key for s in profile_steps_missing(user=user, role=Role.MENTOR)]
    assert keys == ["mentor_verified", "mentor_published"]
    qualification_decide(actor=world.admin, qualification=q, verify=True)
    mentor_profile_publish(actor=user, publish=True)
    assert profile_steps_missing(user=user, role=Role.MENTOR) == []
    assert Membership.objects.get(pk=membership.pk).verified_at is not None
