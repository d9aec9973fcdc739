"""Suspensions are visible and can be lifted by the right people (R8, B3, R27).

The admin's people list says who is suspended and why; staff lift a staff suspension
(from the concern page, the suspensions page or the API), an institution's admins lift
only a lapse suspension of their own mentors; every reinstatement is audited; the
suspended person reads in plain words what happened and whom to contact.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import PASSWORD, client_for, make_user
from mentorquilt.core.errors import DomainError
from mentorquilt.core.models import AuditEvent
from mentorquilt.institutions.models import Role
from mentorquilt.institutions.services import membership_grant
from mentorquilt.matching.tests.helpers import lapse_suspend, mentor_at, staff_suspend
from mentorquilt.mentorships.models import MentorSuspension
from mentorquilt.mentorships.services import mentor_reinstate
from tests.api.conftest import bearer_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def suspended(world):
    """Two mentors of institution A: one suspended by staff, one after lapses."""
    by_staff = mentor_at(world, "held@a.example.org", name="Dr Held")
    by_lapses = mentor_at(world, "quiet@a.example.org", name="Dr Quiet")
    concern = staff_suspend(world, by_staff.user)
    lapse_suspend(by_lapses.user)
    return by_staff.user, by_lapses.user, concern


def open_of(user):
    return MentorSuspension.objects.get(mentor=user, ended_at__isnull=True)


def test_a_staff_suspension_is_recorded_with_its_cause_and_the_concern(world, suspended):
    by_staff, by_lapses, concern = suspended
    assert open_of(by_staff).cause == "staff" and open_of(by_staff).reference == concern.public_id
    assert open_of(by_lapses).cause == "lapses"
    assert not by_staff.is_active


def test_the_people_list_says_who_is_suspended_and_why(world, suspended, login):
    page = login(world.admin).get(
        reverse("institution_detail", args=[world.institution_a.public_id]), {"role": "mentor"}
    )
    rows = {
        line.split("</td>")[0]: line
        for line in page.content.decode().split('<td data-label="Name">')[1:]
    }
    assert "Suspended by staff" in rows["Dr Held"]
    assert "Suspended after unanswered requests" in rows["Dr Quiet"]
    assert "Suspended" not in rows[world.mentor.name]


def test_an_admin_reinstates_a_lapse_suspension_but_never_a_staff_one(world, suspended):
    by_staff, by_lapses, _ = suspended
    with pytest.raises(DomainError) as refused:
        mentor_reinstate(actor=world.admin, suspension=open_of(by_staff))
    assert refused.value.code == "staff_only"
    by_staff.refresh_from_db()
    assert not by_staff.is_active
    mentor_reinstate(actor=world.admin, suspension=open_of(by_lapses), note="Talked")
    assert AuditEvent.objects.filter(action="mentor.reinstate", actor=world.admin).exists()


def test_the_suspensions_page_offers_reinstate_only_where_the_viewer_may(world, suspended, login):
    by_staff, by_lapses, _ = suspended
    url = reverse("mentor_suspension_list", args=[world.institution_a.public_id])
    staff_form = reverse("mentor_reinstate", args=[open_of(by_staff).public_id])
    lapse_form = reverse("mentor_reinstate", args=[open_of(by_lapses).public_id])
    admin_page = login(world.admin).get(url).content.decode()
    assert lapse_form in admin_page and staff_form not in admin_page
    assert "Only the program team can lift this suspension." in admin_page
    staff_page = login(world.staff).get(url).content.decode()
    assert lapse_form in staff_page and staff_form in staff_page
    for person in ("mentor", "mentee", "coordinator", "outsider"):
        assert login(world.persona(person)).get(url).status_code in (403, 404)


def test_posting_reinstate_for_a_staff_suspension_as_an_admin_changes_nothing(
    world, suspended, login
):
    by_staff, _, _ = suspended
    target = reverse("mentor_reinstate", args=[open_of(by_staff).public_id])
    response = login(world.admin).post(target, follow=True)
    assert "only they can lift it" in response.content.decode()
    by_staff.refresh_from_db()
    assert not by_staff.is_active
    for person in ("mentor", "mentee", "coordinator", "outsider"):
        assert login(world.persona(person)).post(target).status_code == 404
    assert login(world.staff).post(target).status_code == 302
    by_staff.refresh_from_db()
    assert by_staff.is_active
    event = AuditEvent.objects.get(action="user.reinstate")
    assert event.actor == world.staff and event.target_id == str(by_staff.public_id)


def test_the_api_refuses_an_admin_lifting_a_staff_suspension_and_lets_staff(world, suspended):
    by_staff, _, _ = suspended
    path = f"/suspensions/{open_of(by_staff).public_id}/reinstate"
    assert bearer_client(world.admin).post(path, {"note": ""}).status_code == 400
    assert bearer_client(world.outsider).post(path, {"note": ""}).status_code == 404
    listed = bearer_client(world.admin).get(
        f"/institutions/{world.institution_a.public_id}/suspensions"
    )
    causes = {row["mentor"]["name"]: row["cause"] for row in listed.json()["items"]}
    assert causes == {"Dr Held": "staff", "Dr Quiet": "lapses"}
    assert bearer_client(world.staff).post(path, {"note": "Resolved"}).status_code == 200
    by_staff.refresh_from_db()
    assert by_staff.is_active


def test_another_institutions_admin_cannot_see_or_lift_a_lapse_suspension(world, suspended):
    _, by_lapses, _ = suspended
    admin_b = make_user("admin@b.example.org", totp=True)
    membership_grant(
        actor=world.staff,
        user=admin_b,
        institution=world.institution_b,
        role=Role.ADMIN,
        source="test",
    )
    path = f"/suspensions/{open_of(by_lapses).public_id}/reinstate"
    assert bearer_client(admin_b).post(path, {"note": ""}).status_code == 404
    page = client_for(admin_b).post(
        reverse("mentor_reinstate", args=[open_of(by_lapses).public_id])
    )
    assert page.status_code == 404


def test_staff_lift_a_staff_suspension_from_the_concern_page_audited(world, suspended, login):
    by_staff, _, concern = suspended
    staff = login(world.staff)
    url = reverse("concern_detail", args=[concern.public_id])
    page = staff.get(url).content.decode()
    assert "Account suspended by staff" in page and 'value="reinstate_user"' in page
    staff.post(reverse("concern_act", args=[concern.public_id]), {"kind": "reinstate_user"})
    by_staff.refresh_from_db()
    assert by_staff.is_active
    assert not MentorSuspension.objects.filter(mentor=by_staff, ended_at__isnull=True).exists()
    assert AuditEvent.objects.filter(action="user.reinstate", actor=world.staff).exists()


def test_a_staff_suspended_person_reads_what_happened_and_whom_to_write_to(
    world, suspended, settings
):
    settings.MENTORQUILT_CONTACT_EMAIL = "safety@program.example.org"
    response = client_for(None).post(
        reverse("account_login"), {"login": "held@a.example.org", "password": PASSWORD}, follow=True
    )
    html = response.content.decode()
    assert "Your account is suspended" in html
    assert "program team" in html and "safety@program.example.org" in html
    assert "Account Inactive" not in html


def test_a_lapse_suspended_mentor_sees_why_and_which_admin_to_talk_to(world, suspended, login):
    _, by_lapses, _ = suspended
    world.admin.name = "Avery Admin"
    world.admin.save()
    home = login(by_lapses).get(reverse("home")).content.decode()
    assert "Students cannot find or ask you for now" in home
    assert "Avery Admin (Institution A)" in home
    requests_page = login(by_lapses).get(reverse("mentorship_requests")).content.decode()
    assert "Avery Admin (Institution A)" in requests_page
