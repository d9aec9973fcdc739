"""Institution pages for people: field errors, flows, scoping and bounded queries."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import World, client_for, make_user
from mentorquilt.institutions.models import Institution, Membership, MembershipStatus, Role
from mentorquilt.institutions.services import membership_grant
from tests.html import table_rows

pytestmark = pytest.mark.django_db


def test_staff_create_an_institution_and_see_its_required_mentors(world: World):
    client = client_for(world.staff)
    response = client.post(
        "/institutions/new/",
        {
            "name": "Prairie Medical College",
            "kind": "md",
            "class_size": "49",
            "region": "Kansas",
            "is_active": "on",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert response.context["compliance"].required == 25
    assert Institution.objects.get(name="Prairie Medical College").required_mentors == 25


def test_a_bad_institution_form_shows_field_errors_and_keeps_the_input(world: World):
    client = client_for(world.staff)
    response = client.post(
        "/institutions/new/",
        {
            "name": "Institution A",
            "kind": "md",
            "class_size": "-3",
            "region": "",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"class_size", "region"}
    assert b'value="Institution A"' in response.content
    response = client.post(
        "/institutions/new/",
        {
            "name": "institution a",
            "kind": "md",
            "class_size": "30",
            "region": "Ohio",
        },
    )
    assert "already exists" in response.context["form"].errors["name"][0]


def test_an_admin_invites_someone_and_the_email_goes_out(
    world: World, django_capture_on_commit_callbacks
):
    client = client_for(world.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/institutions/{world.institution_a.public_id}/invite/",
            {"name": "Ana", "email": "ana@example.org", "role": "mentor"},
        )
    assert response.status_code == 302
    assert mail.outbox[0].to == ["ana@example.org"]


def test_an_invite_with_a_bad_email_shows_the_error_on_the_field(world: World):
    client = client_for(world.admin)
    response = client.post(
        f"/institutions/{world.institution_a.public_id}/invite/",
        {"email": "not-an-email", "role": "mentee"},
    )
    assert response.status_code == 200
    assert "email" in response.context["form"].errors


def test_a_roster_with_problems_lists_each_line_and_imports_nothing(world: World):
    client = client_for(world.admin)
    roster = b"name,email,role\nAna,ana@example.org,mentee\nBo,bo@,mentor\n"
    response = client.post(
        f"/institutions/{world.institution_a.public_id}/import/",
        {"file": SimpleUploadedFile("roster.csv", roster)},
    )
    assert b"Nothing was imported" in response.content
    assert b"bo@" in response.content
    assert response.context["report"].errors[0][0] == 3


def test_a_roster_that_is_not_utf8_gets_a_plain_explanation(world: World):
    client = client_for(world.admin)
    response = client.post(
        f"/institutions/{world.institution_a.public_id}/import/",
        {"file": SimpleUploadedFile("r.csv", "name\nJosé".encode("latin-1"))},
    )
    assert "CSV UTF-8" in response.context["form"].errors["file"][0]


def test_a_newcomer_asks_to_join_and_the_admin_approves_from_the_page(world: World):
    newcomer = make_user("newcomer@example.org")
    client = client_for(newcomer)
    response = client.post(
        "/join/", {"institution": str(world.institution_a.public_id), "role": "mentee"}
    )
    assert response.status_code == 302
    request = Membership.objects.get(user=newcomer)
    assert request.status == MembershipStatus.PENDING
    home = client.get("/home/")
    assert b"waiting for approval" in home.content

    admin = client_for(world.admin)
    page = admin.get(f"/institutions/{world.institution_a.public_id}/")
    assert b"newcomer@example.org" in page.content
    admin.post(f"/memberships/{request.public_id}/approve/")
    request.refresh_from_db()
    assert request.status == MembershipStatus.ACTIVE
    assert b"You are a mentee at Institution A" in client.get("/home/").content


def test_a_newcomer_cannot_ask_for_the_admin_role_by_editing_the_form(world: World):
    client = client_for(make_user("sneaky@example.org"))
    response = client.post(
        "/join/", {"institution": str(world.institution_a.public_id), "role": "admin"}
    )
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert not Membership.objects.filter(user__email="sneaky@example.org").exists()


def test_verifying_a_mentor_raises_the_compliance_figure(world: World):
    mentor = make_user("second.mentor@a.example.org")
    membership = membership_grant(
        actor=world.admin,
        user=mentor,
        institution=world.institution_a,
        role=Role.MENTOR,
        source="test",
    )
    client = client_for(world.admin)
    before = client.get(f"/institutions/{world.institution_a.public_id}/").context["compliance"]
    client.post(f"/memberships/{membership.public_id}/verify/")
    after = client.get(f"/institutions/{world.institution_a.public_id}/").context["compliance"]
    assert (before.verified, after.verified) == (1, 2)


def test_a_coordinator_sees_people_but_gets_no_buttons_to_change_them(world: World):
    """An unverified mentor is there, so an admin gets a Verify button; a coordinator none."""
    waiting = membership_grant(
        actor=world.admin,
        user=make_user("unverified.mentor@a.example.org"),
        institution=world.institution_a,
        role=Role.MENTOR,
        source="test",
    )
    url = f"/institutions/{world.institution_a.public_id}/"
    actions = [
        f"/memberships/{waiting.public_id}/verify/",
        f"/institutions/{world.institution_a.public_id}/invite/",
        f"/memberships/{world.mentee.memberships.get().public_id}/end/",
    ]
    admin_page = client_for(world.admin).get(url).content.decode()
    assert all(f'action="{action}"' in admin_page for action in actions)
    page = client_for(world.coordinator).get(url)
    assert page.status_code == 200
    emails = [row[1] for row in table_rows(page.content, label="People")]
    assert "mentee@a.example.org" in emails and "unverified.mentor@a.example.org" in emails
    html = page.content.decode()
    assert not any(f'action="{action}"' in html for action in actions)
    assert "Verify mentor" not in html and "Send invitation" not in html


def test_the_institution_page_costs_the_same_queries_for_5_or_105_people(
    world: World, django_assert_max_num_queries
):
    client = client_for(world.admin)
    url = f"/institutions/{world.institution_a.public_id}/"
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for i in range(100):
        user = make_user(f"person{i}@a.example.org")
        membership_grant(
            actor=world.admin,
            user=user,
            institution=world.institution_a,
            role=Role.MENTOR if i % 2 else Role.MENTEE,
            source="test",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.context["page"].paginator.count == 105


def test_the_institution_list_costs_the_same_queries_for_2_or_42_institutions(
    world: World, django_assert_max_num_queries
):
    from mentorquilt.institutions.services import institution_create

    client = client_for(world.staff)
    with django_assert_max_num_queries(20) as few:
        client.get("/institutions/")
    for i in range(40):
        institution_create(
            actor=world.staff, name=f"School {i}", kind="md", class_size=60 + i, region="Ohio"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/institutions/")


def test_the_home_page_of_a_staff_member_costs_bounded_queries(
    world: World, django_assert_max_num_queries
):
    from mentorquilt.institutions.services import institution_create

    client = client_for(world.staff)
    with django_assert_max_num_queries(25) as few:
        client.get("/home/")
    for i in range(30):
        institution_create(
            actor=world.staff, name=f"School {i}", kind="do", class_size=30, region="Iowa"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/home/")
