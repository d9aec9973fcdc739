"""The demo network: one login per role, real data, never in production."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from mentorquilt.accounts.models import User
from mentorquilt.institutions.models import Institution, InstitutionKind
from mentorquilt.institutions.selectors import institution_compliance, user_roles

pytestmark = pytest.mark.django_db


def test_the_demo_prints_one_login_per_role_and_builds_a_varied_network(capsys):
    call_command("demo_data")
    out = capsys.readouterr().out
    for role in ("mentee", "mentor", "admin", "coordinator", "researcher", "staff"):
        assert f"{role}@demo.mentorquilt.test" in out
    kinds = set(Institution.objects.values_list("kind", flat=True))
    assert {InstitutionKind.HBCU, InstitutionKind.COMMUNITY_COLLEGE, InstitutionKind.MD} <= kinds
    admin = User.objects.get(email="admin@demo.mentorquilt.test")
    assert "admin" in user_roles(user=admin)
    resident = User.objects.get(email="resident@demo.mentorquilt.test")
    assert {"mentee", "mentor"} <= user_roles(user=resident)
    lakeview = Institution.objects.get(name="Lakeview School of Medicine")
    assert institution_compliance(institution=lakeview).verified >= 2


def test_loading_the_demo_twice_changes_nothing():
    call_command("demo_data")
    counts = (User.objects.count(), Institution.objects.count())
    call_command("demo_data")
    assert (User.objects.count(), Institution.objects.count()) == counts


def test_the_demo_refuses_a_production_configuration(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="never loaded"):
        call_command("demo_data")
    with pytest.raises(CommandError, match="never loaded"):
        call_command("demo_code", "admin")
    assert not User.objects.exists()


def test_the_demo_code_command_prints_a_code_that_signs_in(capsys):
    call_command("demo_data")
    capsys.readouterr()
    call_command("demo_code", "admin")
    code = capsys.readouterr().out.split()[0]
    from django.test import Client

    client = Client()
    step = client.post(
        "/accounts/login/", {"login": "admin@demo.mentorquilt.test", "password": "quilt-demo-2026"}
    )
    done = client.post(step["Location"], {"code": code})
    assert done.status_code == 302 and "_auth_user_id" in client.session


def test_the_demo_code_command_shows_codes_only_for_demo_logins():
    with pytest.raises(CommandError, match="Only demo logins"):
        call_command("demo_code", "someone@example.org")
