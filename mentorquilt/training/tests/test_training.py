"""Training modules: required modules per role, completion with attestation (R5, R12)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from mentorquilt.core.errors import DomainError
from mentorquilt.core.models import AuditEvent
from mentorquilt.institutions.models import Role
from mentorquilt.training.models import ModuleCompletion, TrainingModule
from mentorquilt.training.selectors import (
    missing_modules,
    module_list_for_user,
    required_modules,
    trained_user_ids,
    user_training_complete,
)
from mentorquilt.training.services import module_complete
from mentorquilt.training.tests.helpers import complete_training, module

pytestmark = pytest.mark.django_db


def test_a_fresh_install_requires_six_modules_of_mentors_and_two_of_mentees():
    mentor_modules = list(required_modules(role=Role.MENTOR))
    mentee_modules = list(required_modules(role=Role.MENTEE))
    assert len(mentor_modules) == 6 and len(mentee_modules) == 2
    assert all(m.cme_credit_hours > 0 for m in mentor_modules)
    assert all(len(m.content) > 800 and "lorem" not in m.content.lower() for m in mentor_modules)
    assert required_modules(role=Role.ADMIN).count() == 0


def test_completing_a_module_needs_the_attestation(world):
    first = required_modules(role=Role.MENTOR).first()
    with pytest.raises(DomainError) as error:
        module_complete(user=world.mentor, module=first, attested=False)
    assert error.value.field == "attest"
    assert not ModuleCompletion.objects.exists()


def test_a_completion_keeps_the_statement_version_and_credit_of_that_moment_and_is_audited(world):
    humility = module("Cultural humility")
    completion = module_complete(user=world.mentor, module=humility, attested=True)
    humility.cme_credit_hours = Decimal("2.00")
    humility.attestation = "Something else."
    humility.version = 2
    humility.save()
    completion.refresh_from_db()
    assert completion.credit_hours == Decimal("0.75")
    assert completion.module_version == 1
    assert completion.attestation.startswith("I have read this module in full")
    event = AuditEvent.objects.get(action="training.module.complete")
    assert event.actor == world.mentor and event.target_id == str(completion.public_id)
    assert event.data["credit_hours"] == "0.75"


def test_completing_twice_keeps_one_completion(world):
    first = required_modules(role=Role.MENTEE).first()
    one = module_complete(user=world.mentee, module=first, attested=True)
    two = module_complete(user=world.mentee, module=first, attested=True)
    assert one.pk == two.pk and ModuleCompletion.objects.count() == 1


def test_people_complete_only_modules_for_their_own_roles(world):
    mentor_module = required_modules(role=Role.MENTOR).first()
    with pytest.raises(PermissionDenied, match="for mentors"):
        module_complete(user=world.mentee, module=mentor_module, attested=True)
    with pytest.raises(PermissionDenied, match="for mentors"):
        module_complete(user=world.admin, module=mentor_module, attested=True)


def test_an_inactive_module_cannot_be_completed(world):
    first = required_modules(role=Role.MENTEE).first()
    first.is_active = False
    first.save()
    with pytest.raises(DomainError, match="no longer offered"):
        module_complete(user=world.mentee, module=first, attested=True)


def test_training_is_complete_only_when_every_required_module_is_done(world):
    modules = list(required_modules(role=Role.MENTEE))
    assert not user_training_complete(user=world.mentee, role=Role.MENTEE)
    module_complete(user=world.mentee, module=modules[0], attested=True)
    assert missing_modules(user=world.mentee, role=Role.MENTEE) == [modules[1]]
    assert not user_training_complete(user=world.mentee, role=Role.MENTEE)
    module_complete(user=world.mentee, module=modules[1], attested=True)
    assert user_training_complete(user=world.mentee, role=Role.MENTEE)
    assert not user_training_complete(user=world.mentee, role=Role.MENTOR)


def test_a_new_required_module_makes_trained_people_untrained_until_they_complete_it(world):
    complete_training(world.mentor, Role.MENTOR)
    assert user_training_complete(user=world.mentor, role=Role.MENTOR)
    new = TrainingModule.objects.create(
        title="Mentoring online",
        summary="Video meetings.",
        content="Turn your camera on.",
        audience="mentor",
        estimated_minutes=10,
        required_for_mentors=True,
    )
    assert not user_training_complete(user=world.mentor, role=Role.MENTOR)
    new.is_active = False
    new.save()
    assert user_training_complete(user=world.mentor, role=Role.MENTOR)


def test_trained_user_ids_holds_exactly_the_people_who_completed_every_required_module(world):
    complete_training(world.mentor, Role.MENTOR)
    partly = required_modules(role=Role.MENTOR).first()
    from conftest import make_user
    from mentorquilt.institutions.services import membership_grant

    other = make_user("other-mentor@a.example.org")
    membership_grant(
        actor=world.staff, user=other, institution=world.institution_a, role="mentor", source="t"
    )
    module_complete(user=other, module=partly, attested=True)
    ids = set(trained_user_ids(role=Role.MENTOR).values_list("user_id", flat=True))
    assert ids == {world.mentor.pk}
    # Usable as a subquery, as a compliance count does it.
    from mentorquilt.institutions.models import Membership

    counted = Membership.objects.filter(
        role=Role.MENTOR, user_id__in=trained_user_ids(role=Role.MENTOR)
    )
    assert list(counted.values_list("user_id", flat=True)) == [world.mentor.pk]


def test_when_a_role_requires_no_module_everyone_counts_as_trained(world):
    TrainingModule.objects.filter(required_for_mentees=True).update(required_for_mentees=False)
    from mentorquilt.accounts.models import User

    ids = set(trained_user_ids(role=Role.MENTEE).values_list("user_id", flat=True))
    assert ids == set(User.objects.values_list("id", flat=True))
    assert user_training_complete(user=world.mentee, role=Role.MENTEE)


def test_the_module_list_shows_each_person_the_modules_for_their_roles(world):
    mentee_titles = {m.title for m in module_list_for_user(user=world.mentee)}
    mentor_titles = {m.title for m in module_list_for_user(user=world.mentor)}
    assert len(mentee_titles) == 2 and len(mentor_titles) == 6
    assert not mentee_titles & mentor_titles
    # People who are neither see the whole catalogue, read-only.
    assert len(module_list_for_user(user=world.admin)) == 8


def test_module_content_turns_headings_and_bullets_into_blocks():
    item = TrainingModule(content="## Start\nFirst line\nsecond line.\n\n- one\n- two")
    assert item.blocks == [("h", "Start"), ("p", "First line second line."), ("ul", ["one", "two"])]


# --- pages ---------------------------------------------------------------------------


def test_a_mentee_reads_a_module_ticks_the_box_and_completes_it(world, login):
    client = login(world.mentee)
    listing = client.get(reverse("training_list")).content.decode()
    assert "Getting the most from your mentors" in listing and "0 of 2 done" in listing
    target = module("Getting the most")
    url = reverse("training_module", kwargs={"module_id": target.public_id})
    page = client.get(url).content.decode()
    assert "A quilt of mentors" in page and target.attestation in page

    refused = client.post(url, {})
    assert "Tick the box to confirm the statement." in refused.content.decode()
    assert not ModuleCompletion.objects.exists()

    done = client.post(url, {"attest": "on"})
    assert done.status_code == 302 and done["Location"] == reverse("training_list")
    assert ModuleCompletion.objects.get(user=world.mentee).module == target
    assert "1 of 2 done" in client.get(reverse("training_list")).content.decode()


def test_a_module_for_another_role_can_be_read_but_not_completed_on_its_page(world, login):
    mentor_module = required_modules(role=Role.MENTOR).first()
    url = reverse("training_module", kwargs={"module_id": mentor_module.public_id})
    client = login(world.outsider)
    page = client.get(url)
    assert page.status_code == 200 and 'name="attest"' not in page.content.decode()
    client.post(url, {"attest": "on"})
    assert not ModuleCompletion.objects.exists()


def test_an_inactive_module_is_not_found_except_by_staff(world, login):
    first = required_modules(role=Role.MENTEE).first()
    first.is_active = False
    first.save()
    url = reverse("training_module", kwargs={"module_id": first.public_id})
    assert login(world.mentee).get(url).status_code == 404
    assert login(world.staff).get(url).status_code == 200
