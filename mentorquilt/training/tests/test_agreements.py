"""Versioned agreements and the code of conduct (R5, R12, R27)."""

from __future__ import annotations

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from mentorquilt.core.errors import DomainError
from mentorquilt.core.models import AuditEvent
from mentorquilt.institutions.models import Role
from mentorquilt.training.models import AgreementAcceptance, AgreementKind, AgreementVersion
from mentorquilt.training.selectors import (
    agreed_user_ids,
    agreement_current,
    missing_agreements,
)
from mentorquilt.training.services import (
    agreement_accept,
    agreement_draft_create,
    agreement_publish,
    agreement_publish_new,
)
from mentorquilt.training.tests.helpers import accept_agreements

pytestmark = pytest.mark.django_db


def kinds(versions):
    return sorted(v.kind for v in versions)


def test_a_fresh_install_has_a_published_mentor_agreement_mentee_agreement_and_code_of_conduct():
    for kind in AgreementKind.values:
        current = agreement_current(kind=kind)
        assert current is not None and current.version == 1
        assert len(current.paragraphs) >= 4
    conduct = agreement_current(kind=AgreementKind.CONDUCT).body
    assert "Mutual respect" in conduct and "Cultural humility" in conduct


def test_mentors_owe_the_mentor_agreement_and_code_of_conduct_and_mentees_the_mentee_agreement(
    world,
):
    assert kinds(missing_agreements(user=world.mentor, role=Role.MENTOR)) == ["conduct", "mentor"]
    assert kinds(missing_agreements(user=world.mentee, role=Role.MENTEE)) == ["conduct", "mentee"]


def test_accepting_records_the_version_and_the_time_and_is_audited(world):
    version = agreement_current(kind=AgreementKind.MENTEE)
    with time_machine.travel("2026-02-03 10:00:00Z", tick=False):
        acceptance = agreement_accept(user=world.mentee, version=version)
    assert acceptance.version == version
    assert acceptance.accepted_at.isoformat() == "2026-02-03T10:00:00+00:00"
    event = AuditEvent.objects.get(action="agreement.accept")
    assert event.actor == world.mentee
    assert event.data == {"agreement": str(version.public_id), "kind": "mentee", "version": 1}
    assert kinds(missing_agreements(user=world.mentee, role=Role.MENTEE)) == ["conduct"]


def test_accepting_twice_keeps_one_record_and_one_audit_row(world):
    version = agreement_current(kind=AgreementKind.CONDUCT)
    first = agreement_accept(user=world.mentee, version=version)
    second = agreement_accept(user=world.mentee, version=version)
    assert first.pk == second.pk
    assert AgreementAcceptance.objects.filter(user=world.mentee).count() == 1
    assert AuditEvent.objects.filter(action="agreement.accept").count() == 1


def test_publishing_a_new_version_asks_everyone_to_accept_it_again(world):
    accept_agreements(world.mentor, Role.MENTOR)
    accept_agreements(world.mentee, Role.MENTEE)
    assert missing_agreements(user=world.mentor, role=Role.MENTOR) == []

    new = agreement_publish_new(
        actor=world.staff,
        kind=AgreementKind.CONDUCT,
        title="MentorQuilt code of conduct",
        body="Mutual respect, updated.\n\nCultural humility, updated.",
    )

    assert new.version == 2 and agreement_current(kind=AgreementKind.CONDUCT) == new
    assert missing_agreements(user=world.mentor, role=Role.MENTOR) == [new]
    assert missing_agreements(user=world.mentee, role=Role.MENTEE) == [new]
    # The old acceptance stays on record: it says what they agreed to then.
    assert AgreementAcceptance.objects.filter(user=world.mentor, version__version=1).count() == 2


def test_an_older_version_cannot_be_accepted_once_a_newer_one_is_published(world):
    old = agreement_current(kind=AgreementKind.MENTOR)
    agreement_publish_new(actor=world.staff, kind=AgreementKind.MENTOR, title="v2", body="New.")
    with pytest.raises(DomainError, match="newer version"):
        agreement_accept(user=world.mentor, version=old)
    assert not AgreementAcceptance.objects.filter(user=world.mentor).exists()


def test_a_draft_is_not_current_and_cannot_be_accepted(world):
    draft = agreement_draft_create(
        actor=world.staff, kind=AgreementKind.MENTEE, title="Draft", body="Text."
    )
    assert draft.version == 2 and draft.published_at is None
    assert agreement_current(kind=AgreementKind.MENTEE).version == 1
    with pytest.raises(DomainError, match="newer version"):
        agreement_accept(user=world.mentee, version=draft)


def test_people_accept_only_agreements_for_their_own_roles(world):
    with pytest.raises(PermissionDenied, match="for people who are mentors"):
        agreement_accept(user=world.mentee, version=agreement_current(kind=AgreementKind.MENTOR))
    with pytest.raises(PermissionDenied, match="mentors or mentees"):
        agreement_accept(user=world.admin, version=agreement_current(kind=AgreementKind.CONDUCT))
    assert not AgreementAcceptance.objects.exists()


def test_publishing_is_audited_and_cannot_happen_twice(world):
    draft = agreement_draft_create(
        actor=world.staff, kind=AgreementKind.MENTOR, title="v2", body="Text."
    )
    agreement_publish(actor=world.staff, version=draft)
    event = AuditEvent.objects.get(action="agreement.publish")
    assert event.actor == world.staff
    assert event.data == {"kind": "mentor", "version": 2, "replaces": 1}
    with pytest.raises(DomainError, match="already published"):
        agreement_publish(actor=world.staff, version=draft)


def test_an_older_draft_cannot_be_published_over_a_newer_version(world):
    older = agreement_draft_create(actor=world.staff, kind="mentor", title="v2", body="Two.")
    newer = agreement_draft_create(actor=world.staff, kind="mentor", title="v3", body="Three.")
    agreement_publish(actor=world.staff, version=newer)
    with pytest.raises(DomainError, match="newer version"):
        agreement_publish(actor=world.staff, version=older)
    assert agreement_current(kind="mentor") == newer


def test_a_draft_needs_a_known_kind_a_title_and_a_text(world):
    with pytest.raises(DomainError) as error:
        agreement_draft_create(actor=world.staff, kind="nda", title="x", body="y")
    assert error.value.field == "kind"
    with pytest.raises(DomainError) as error:
        agreement_draft_create(actor=world.staff, kind="mentor", title=" ", body="y")
    assert error.value.field == "title"
    with pytest.raises(DomainError) as error:
        agreement_draft_create(actor=world.staff, kind="mentor", title="x", body="\n")
    assert error.value.field == "body"


def test_agreed_user_ids_holds_exactly_the_people_who_accepted_every_current_version(world):
    accept_agreements(world.mentor, Role.MENTOR)
    agreement_accept(user=world.mentee, version=agreement_current(kind=AgreementKind.CONDUCT))
    agreed = agreed_user_ids(role=Role.MENTOR).values_list("user_id", flat=True)
    assert set(agreed) == {world.mentor.pk}
    agreement_publish_new(actor=world.staff, kind="mentor", title="v2", body="New.")
    assert not agreed_user_ids(role=Role.MENTOR).exists()


# --- pages ---------------------------------------------------------------------------


def test_the_agreement_page_shows_the_text_and_records_acceptance(world, login):
    client = login(world.mentee)
    url = reverse("agreement_detail", kwargs={"kind": "mentee"})
    page = client.get(url)
    assert page.status_code == 200
    assert "I will take an active part in my mentoring." in page.content.decode()
    version = agreement_current(kind="mentee")

    refused = client.post(url, {"version": str(version.public_id)})
    assert refused.status_code == 200
    assert "Tick the box to show that you agree." in refused.content.decode()
    assert not AgreementAcceptance.objects.exists()

    done = client.post(url, {"version": str(version.public_id), "agree": "on"})
    assert done.status_code == 302 and done["Location"] == reverse("onboarding_checklist")
    assert AgreementAcceptance.objects.get(user=world.mentee).version == version
    assert "You accepted this version on" in client.get(url).content.decode()


def test_a_version_published_while_the_person_was_reading_is_not_accepted_for_them(world, login):
    client = login(world.mentee)
    read = agreement_current(kind="mentee")
    agreement_publish_new(actor=world.staff, kind="mentee", title="v2", body="Changed text.")
    page = client.post(
        reverse("agreement_detail", kwargs={"kind": "mentee"}),
        {"version": str(read.public_id), "agree": "on"},
    )
    assert page.status_code == 200
    assert "A newer version of this text was published" in page.content.decode()
    assert not AgreementAcceptance.objects.exists()


def test_an_agreement_for_another_role_is_readable_but_offers_no_acceptance(world, login):
    page = login(world.mentee).get(reverse("agreement_detail", kwargs={"kind": "mentor"}))
    assert page.status_code == 200
    assert "you do not need to accept it" in page.content.decode()
    assert 'name="agree"' not in page.content.decode()
    assert login(world.mentee).get("/agreements/nda/").status_code == 404


def grant_admin_permissions(user, model: str) -> None:
    from django.contrib.auth.models import Permission

    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="training", codename__endswith=model)
    )


def test_staff_publish_a_draft_with_the_admin_action(world, login):
    grant_admin_permissions(world.staff, "agreementversion")
    draft = agreement_draft_create(actor=world.staff, kind="conduct", title="v2", body="New.")
    client = login(world.staff)
    response = client.post(
        reverse("admin:training_agreementversion_changelist"),
        {"action": "publish", "_selected_action": [str(draft.pk)]},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.published_at is not None and draft.published_by == world.staff
    assert agreement_current(kind="conduct") == draft


def test_staff_add_a_draft_in_the_admin_and_it_is_numbered_for_them(world, login):
    grant_admin_permissions(world.staff, "agreementversion")
    client = login(world.staff)
    response = client.post(
        reverse("admin:training_agreementversion_add"),
        {"kind": "mentee", "title": "Mentee agreement, 2027", "body": "New text."},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = AgreementVersion.objects.get(title="Mentee agreement, 2027")
    assert draft.version == 2 and draft.published_at is None
    assert AuditEvent.objects.filter(action="agreement.draft", actor=world.staff).count() == 1
