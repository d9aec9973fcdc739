"""R1, R2: institutions, memberships, verification and compliance, through the services."""

from __future__ import annotations

import pytest

from conftest import World, make_user
from mentorquilt.core.errors import DomainError
from mentorquilt.core.models import AuditEvent
from mentorquilt.institutions.models import InstitutionKind, MembershipStatus, Role
from mentorquilt.institutions.selectors import (
    institution_compliance,
    institution_get_managed,
    institution_list_managed,
    member_list,
)
from mentorquilt.institutions.services import (
    institution_create,
    institution_update,
    membership_approve,
    membership_decline,
    membership_end,
    membership_grant,
    membership_request,
    mentor_verify,
)

pytestmark = pytest.mark.django_db


def test_creating_an_institution_computes_its_required_mentors_and_is_audited(world: World):
    school = institution_create(
        actor=world.staff,
        name="Small School",
        kind=InstitutionKind.MD,
        class_size=49,
        region="Maine",
    )
    assert school.required_mentors == 25
    event = AuditEvent.objects.get(action="institution.create", target_id=str(school.public_id))
    assert event.actor == world.staff
    assert event.institution == school


def test_an_hbcu_needs_no_minimum_even_when_large(world: World):
    school = institution_create(
        actor=world.staff,
        name="Big HBCU",
        kind=InstitutionKind.HBCU,
        class_size=300,
        region="Alabama",
    )
    assert school.required_mentors == 0
    assert institution_compliance(institution=school).is_compliant


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("name", {"name": "  "}),
        ("kind", {"kind": "spaceport"}),
        ("class_size", {"class_size": -1}),
        ("class_size", {"class_size": 10_001}),
        ("region", {"region": ""}),
    ],
)
def test_bad_institution_fields_are_refused_with_the_field_named(world: World, field, values):
    data = {"name": "New School", "kind": InstitutionKind.MD, "class_size": 60, "region": "Utah"}
    with pytest.raises(DomainError) as error:
        institution_create(actor=world.staff, **(data | values))
    assert error.value.field == field


def test_two_institutions_cannot_share_a_name_whatever_the_case(world: World):
    with pytest.raises(DomainError, match="already exists"):
        institution_create(
            actor=world.staff,
            name="institution a",
            kind=InstitutionKind.MD,
            class_size=60,
            region="Utah",
        )


def test_changing_the_class_size_moves_the_required_mentors_across_the_boundary(world: World):
    school = world.institution_a
    institution_update(
        actor=world.staff,
        institution=school,
        name=school.name,
        kind=school.kind,
        class_size=100,
        region=school.region,
        is_active=True,
    )
    school.refresh_from_db()
    assert school.required_mentors == 50
    event = AuditEvent.objects.filter(action="institution.update").latest("at")
    assert event.data == {"fields": ["class_size"]}


def test_only_verified_active_mentors_count_toward_compliance(world: World):
    school = world.institution_a
    assert institution_compliance(institution=school).verified == 1
    unverified = make_user("new.mentor@a.example.org")
    membership_grant(
        actor=world.admin, user=unverified, institution=school, role=Role.MENTOR, source="test"
    )
    compliance = institution_compliance(institution=school)
    assert (compliance.verified, compliance.active_mentors) == (1, 2)
    assert compliance.required == 75
    # Only verified mentors who also published their profile count (R1, R7; see
    # mentorquilt/profiles/tests/test_services.py); this one has not published.
    assert (compliance.counted, compliance.shortfall) == (0, 75)

    verified = world.mentor.memberships.get(role=Role.MENTOR)
    membership_end(actor=world.admin, membership=verified)
    assert institution_compliance(institution=school).verified == 0


def test_annotated_and_counted_compliance_agree(world: World):
    annotated = institution_get_managed(user=world.admin, public_id=world.institution_a.public_id)
    school = world.institution_a
    assert institution_compliance(institution=annotated) == institution_compliance(
        institution=school
    )


def test_only_mentors_can_be_verified(world: World):
    mentee = world.mentee.memberships.get(role=Role.MENTEE)
    with pytest.raises(DomainError, match="Only mentors"):
        mentor_verify(actor=world.admin, membership=mentee, verified=True)


def test_a_person_may_hold_several_roles_at_one_institution(world: World):
    membership_grant(
        actor=world.admin,
        user=world.mentee,
        institution=world.institution_a,
        role=Role.MENTOR,
        source="test",
    )
    roles = set(world.mentee.memberships.values_list("role", flat=True))
    assert roles == {Role.MENTEE, Role.MENTOR}


def test_granting_the_same_role_twice_changes_nothing(world: World):
    before = AuditEvent.objects.count()
    membership_grant(
        actor=world.admin,
        user=world.mentee,
        institution=world.institution_a,
        role=Role.MENTEE,
        source="test",
    )
    assert world.mentee.memberships.count() == 1
    assert AuditEvent.objects.count() == before


def test_a_self_registered_person_asks_to_join_and_an_admin_approves(world: World):
    person = make_user("newcomer@example.org")
    request = membership_request(user=person, institution=world.institution_a, role=Role.MENTEE)
    assert request.status == MembershipStatus.PENDING
    membership_approve(actor=world.admin, membership=request)
    request.refresh_from_db()
    assert request.status == MembershipStatus.ACTIVE
    actions = list(
        AuditEvent.objects.filter(target_id=str(request.public_id)).values_list("action", flat=True)
    )
    assert sorted(actions) == ["membership.approve", "membership.request"]


def test_a_declined_request_is_kept_and_cannot_be_answered_twice(world: World):
    person = make_user("newcomer@example.org")
    request = membership_request(user=person, institution=world.institution_a, role=Role.MENTOR)
    membership_decline(actor=world.admin, membership=request)
    with pytest.raises(DomainError, match="already been answered"):
        membership_approve(actor=world.admin, membership=request)


@pytest.mark.parametrize("role", [Role.ADMIN, Role.COORDINATOR, Role.RESEARCHER, "staff"])
def test_nobody_can_ask_for_a_privileged_role_on_their_own(world: World, role: str):
    person = make_user("climber@example.org")
    with pytest.raises(DomainError, match="mentee or as a mentor"):
        membership_request(user=person, institution=world.institution_a, role=role)
    assert not person.memberships.exists()


def test_asking_twice_for_the_same_role_is_refused(world: World):
    person = make_user("keen@example.org")
    membership_request(user=person, institution=world.institution_a, role=Role.MENTEE)
    with pytest.raises(DomainError, match="waiting for approval"):
        membership_request(user=person, institution=world.institution_a, role=Role.MENTEE)


def test_an_inactive_institution_takes_no_requests(world: World):
    school = world.institution_b
    institution_update(
        actor=world.staff,
        institution=school,
        name=school.name,
        kind=school.kind,
        class_size=school.class_size,
        region=school.region,
        is_active=False,
    )
    with pytest.raises(DomainError, match="not taking new members"):
        membership_request(user=make_user("late@example.org"), institution=school, role=Role.MENTEE)


def test_an_admin_cannot_remove_their_own_admin_role(world: World):
    own = world.admin.memberships.get(role=Role.ADMIN)
    with pytest.raises(DomainError, match="your own admin role"):
        membership_end(actor=world.admin, membership=own)


def test_ending_a_role_keeps_its_history(world: World):
    membership = world.mentee.memberships.get(role=Role.MENTEE)
    membership_end(actor=world.admin, membership=membership)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ENDED
    assert membership.ended_at is not None


def test_managers_see_only_their_own_institutions(world: World):
    assert list(institution_list_managed(user=world.admin)) == [world.institution_a]
    assert list(institution_list_managed(user=world.coordinator)) == [world.institution_a]
    assert list(institution_list_managed(user=world.outsider)) == []
    assert list(institution_list_managed(user=world.mentor)) == []
    assert set(institution_list_managed(user=world.staff)) == {
        world.institution_a,
        world.institution_b,
    }


def test_member_lists_are_empty_for_anyone_who_does_not_manage_the_institution(world: World):
    for user in (world.mentee, world.mentor, world.researcher, world.outsider):
        assert not member_list(user=user, institution=world.institution_a).exists()
    assert member_list(user=world.admin, institution=world.institution_a).count() == 5
    assert not member_list(user=world.admin, institution=world.institution_b).exists()


def test_saving_an_institution_unchanged_writes_no_audit_row(world: World):
    school = world.institution_a
    before = AuditEvent.objects.filter(action="institution.update").count()
    institution_update(
        actor=world.staff,
        institution=school,
        name=school.name,
        kind=school.kind,
        class_size=school.class_size,
        region=school.region,
        is_active=True,
    )
    assert AuditEvent.objects.filter(action="institution.update").count() == before
