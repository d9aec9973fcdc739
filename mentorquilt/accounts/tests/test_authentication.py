"""Sign-in, lockout, no enumeration, passwords, two-factor and sessions (SECURITY.md V6, V7)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD, World, client_for, make_user, totp_code
from mentorquilt.core.models import AuditEvent
from mentorquilt.institutions.models import Role

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def sign_in(client: Client, email: str, password: str = PASSWORD):
    return client.post(LOGIN, {"login": email, "password": password})


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_a_mentee_signs_in_with_email_and_password_and_lands_home(world: World):
    client = Client()
    response = sign_in(client, world.mentee.email)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert signed_in(client)
    assert AuditEvent.objects.filter(action="login.success", actor=world.mentee).exists()


def test_signing_in_gives_a_new_session_key(world: World):
    client = Client()
    client.get(LOGIN)
    client.session.save()
    before = client.session.session_key
    sign_in(client, world.mentee.email)
    assert client.session.session_key != before


def test_a_failed_sign_in_is_audited_without_the_typed_email(world: World):
    sign_in(Client(), world.mentee.email, "wrong password")
    sign_in(Client(), "nobody-here@example.org", "wrong password")
    failures = list(AuditEvent.objects.filter(action="login.failure").order_by("id"))
    assert [f.data for f in failures] == [{"known": True}, {"known": False}]
    assert failures[0].target_id == str(world.mentee.public_id)
    assert all("nobody-here" not in str(f.data) + f.target_id for f in failures)


def test_five_failures_lock_the_login_even_for_the_right_password(world: World):
    client = Client()
    for _ in range(5):
        sign_in(client, world.mentee.email, "wrong password")
    response = sign_in(client, world.mentee.email)
    assert response.status_code == 200
    assert not signed_in(client)
    assert b"Too many failed login attempts" in response.content


def test_the_lock_lifts_after_the_cool_off(world: World):
    client = Client()
    for _ in range(5):
        sign_in(client, world.mentee.email, "wrong password")
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        sign_in(client, world.mentee.email)
        assert signed_in(client)


def test_the_lock_on_one_email_does_not_lock_another(world: World):
    for _ in range(5):
        sign_in(Client(), world.mentee.email, "wrong password")
    client = Client()
    sign_in(client, world.mentor.email)
    assert signed_in(client)


def test_sign_in_answers_the_same_for_known_and_unknown_emails(world: World):
    known = sign_in(Client(), world.mentee.email, "wrong password")
    unknown = sign_in(Client(), "nobody@example.org", "wrong password")
    assert known.status_code == unknown.status_code == 200
    error = b"The email address and/or password you specified are not correct."
    assert error in known.content and error in unknown.content


def test_password_reset_answers_the_same_for_known_and_unknown_emails(world: World):
    known = Client().post("/accounts/password/reset/", {"email": world.mentee.email})
    unknown = Client().post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert {m.to[0] for m in mail.outbox} == {world.mentee.email, "nobody@example.org"}


def test_sign_up_answers_the_same_for_taken_and_new_emails(world: World):
    def sign_up(email: str):
        return Client().post(
            "/accounts/signup/",
            {
                "name": "Someone",
                "email": email,
                "password1": "a long passphrase",
                "password2": "a long passphrase",
            },
        )

    taken = sign_up(world.mentee.email)
    new = sign_up("brand.new@example.org")
    assert taken.status_code == new.status_code == 302
    assert taken["Location"] == new["Location"]


@pytest.mark.parametrize(
    ("password", "accepted"),
    [
        ("short1!", False),  # 7 characters
        ("password123", False),  # a common password
        ("eight ok", True),  # 8 characters, spaces allowed, no rules
        ("x" * 40 + " long passphrase " + "y" * 7, True),  # 64 characters
        ("correct horse " * 9 + "ab", True),  # 128 characters
        ("z" * 129, False),  # over the bound
    ],
)
def test_passwords_need_8_to_128_characters_and_must_not_be_common(password, accepted, db):
    response = Client().post(
        "/accounts/signup/",
        {
            "name": "Pat",
            "email": "pat@example.org",
            "password1": password,
            "password2": password,
        },
    )
    assert (response.status_code == 302) is accepted


def test_a_new_sign_up_must_confirm_the_email_before_signing_in(db):
    client = Client()
    client.post(
        "/accounts/signup/",
        {
            "name": "Pat Lee",
            "email": "pat@example.org",
            "password1": "a long passphrase",
            "password2": "a long passphrase",
        },
    )
    assert not signed_in(client)
    assert "confirm" in mail.outbox[0].subject.lower()


def test_privileged_people_sign_in_with_a_code_as_well(world: World):
    client = Client()
    response = sign_in(client, world.admin.email)
    assert response.status_code == 302 and "/2fa/authenticate/" in response["Location"]
    assert not signed_in(client)
    wrong = client.post(response["Location"], {"code": "000000"})
    assert wrong.status_code == 200 and not signed_in(client)
    right = client.post(response["Location"], {"code": totp_code(world.admin)})
    assert right.status_code == 302 and signed_in(client)


def test_a_privileged_person_without_two_factor_is_sent_to_set_it_up(world: World):
    newcomer = make_user("new.admin@example.org")
    from mentorquilt.institutions.services import membership_grant

    membership_grant(
        actor=world.staff,
        user=newcomer,
        institution=world.institution_a,
        role=Role.ADMIN,
        source="test",
    )
    client = client_for(newcomer)
    for url in ("/home/", f"/institutions/{world.institution_a.public_id}/", "/staff/audit/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("mfa_required")
    assert client.get(reverse("mfa_required")).status_code == 200
    # Setting up the authenticator is allowed (allauth first asks for the password again).
    setup = client.get(reverse("mfa_activate_totp"))
    assert setup.status_code == 302 and setup["Location"].startswith("/accounts/reauthenticate/")
    assert client.get(setup["Location"]).status_code == 200
    api = client.get("/api/v1/me")
    assert api.status_code == 403


def test_mentees_and_mentors_need_no_second_factor(world: World):
    for user in (world.mentee, world.mentor, world.outsider):
        assert client_for(user).get("/home/").status_code == 200


def test_a_privileged_session_ends_after_30_idle_minutes(world: World):
    client = client_for(world.admin)
    assert client.get("/home/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=29)):
        assert client.get("/home/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=29 + 31)):
        response = client.get("/home/")
        assert response.status_code == 302 and response["Location"].startswith(LOGIN)
        assert not signed_in(client)
    assert AuditEvent.objects.filter(action="session.expire", data={"reason": "idle"}).exists()


def test_a_privileged_session_ends_after_12_hours_even_when_busy(world: World):
    client = client_for(world.staff)
    start = timezone.now()
    for minutes in range(0, 12 * 60, 25):
        with time_machine.travel(start + timedelta(minutes=minutes)):
            assert client.get("/home/").status_code == 200
    with time_machine.travel(start + timedelta(hours=12, minutes=5)):
        assert client.get("/home/").status_code == 302
        assert not signed_in(client)


def test_a_mentee_session_is_not_cut_after_30_idle_minutes(world: World):
    client = client_for(world.mentee)
    client.get("/home/")
    with time_machine.travel(timezone.now() + timedelta(minutes=45)):
        assert client.get("/home/").status_code == 200


def test_deactivating_a_person_ends_their_sessions(world: World):
    client = client_for(world.mentee)
    assert client.get("/home/").status_code == 200
    world.mentee.is_active = False
    world.mentee.save()
    assert client.get("/home/").status_code == 302


def test_changing_the_password_ends_other_sessions(world: World):
    other = client_for(world.mentee)
    assert other.get("/home/").status_code == 200
    world.mentee.set_password("a different passphrase")
    world.mentee.save()
    assert other.get("/home/").status_code == 302


def test_signing_out_ends_the_session(world: World):
    client = client_for(world.mentee)
    client.post("/accounts/logout/")
    assert client.get("/home/").status_code == 302
    assert AuditEvent.objects.filter(action="logout", actor=world.mentee).exists()


def test_pages_for_signed_in_people_are_not_cached(world: World):
    response = client_for(world.mentee).get("/home/")
    assert response["Cache-Control"] == "no-store"
    assert "X-Request-ID" in response
