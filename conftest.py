"""Named personas for every test (ARCHITECTURE.md, "Tests").

Institution A holds a mentee, a mentor, an admin, a coordinator and a
researcher; platform staff belong to no institution; the outsider is a mentee
at institution B and must never see A's data. Everyone is created through the
real services. Privileged personas have a TOTP authenticator, as the platform
requires; `totp_code(user)` gives their current code.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.test import Client

from mentorquilt.accounts.models import User
from mentorquilt.institutions.models import Institution, InstitutionKind, Role
from mentorquilt.institutions.services import (
    institution_create,
    membership_grant,
    mentor_verify,
)

# tests.ci_gates: in CI (CI=true) a skipped browser or PostgreSQL test is an error.
pytest_plugins = ["tests.ci_gates", "pytester"]

PASSWORD = "correct horse battery staple"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def make_user(email: str, *, name: str = "", staff: bool = False, totp: bool = False) -> User:
    user = User.objects.create_user(
        email, PASSWORD, name=name or email.split("@")[0].title(), is_staff=staff
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if totp:
        TOTP.activate(user, TOTP_SECRET)
    return user


def totp_code(user: User, *, offset: int = 0) -> str:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))


@dataclass
class World:
    institution_a: Institution
    institution_b: Institution
    mentee: User
    mentor: User
    admin: User
    coordinator: User
    researcher: User
    staff: User
    outsider: User
    anonymous: None = None

    def persona(self, name: str) -> User | None:
        return getattr(self, name)


PERSONAS = [
    "anonymous",
    "mentee",
    "mentor",
    "admin",
    "coordinator",
    "staff",
    "researcher",
    "outsider",
]


def build_world() -> World:
    staff = make_user("staff@example.org", name="Sam Staff", staff=True, totp=True)
    a = institution_create(
        actor=staff, name="Institution A", kind=InstitutionKind.MD, class_size=120, region="Ohio"
    )
    b = institution_create(
        actor=staff, name="Institution B", kind=InstitutionKind.DO, class_size=40, region="Iowa"
    )

    def member(email: str, institution: Institution, role: str, totp: bool = False) -> User:
        user = make_user(email, totp=totp)
        membership_grant(actor=staff, user=user, institution=institution, role=role, source="test")
        return user

    mentor = member("mentor@a.example.org", a, Role.MENTOR)
    mentor_verify(actor=staff, membership=mentor.memberships.get(role=Role.MENTOR), verified=True)
    return World(
        institution_a=a,
        institution_b=b,
        mentee=member("mentee@a.example.org", a, Role.MENTEE),
        mentor=mentor,
        admin=member("admin@a.example.org", a, Role.ADMIN, totp=True),
        coordinator=member("coordinator@a.example.org", a, Role.COORDINATOR, totp=True),
        researcher=member("researcher@a.example.org", a, Role.RESEARCHER, totp=True),
        staff=staff,
        outsider=member("outsider@b.example.org", b, Role.MENTEE),
    )


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def login() -> Any:
    """login(user) -> a test client signed in as that user (anonymous for None)."""
    return client_for


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    """Rate limits and used TOTP codes live in the cache: start every test clean."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every transactional test (live server, browser, concurrency) restores the data our
    migrations seed (taxonomies, agreements, training modules) before it runs.

    A transactional test empties the database when it ends. With serialized rollback,
    Django puts the migrated data back at the start of the next such test and empties
    without re-running post_migrate; mixing tests with and without it breaks the reload
    (content types are recreated under new keys), so it is applied to all of them.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        fixtures = getattr(item, "fixturenames", ())
        transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
            {"live_server", "transactional_db"} & set(fixtures)
        )
        if transactional:
            kwargs = dict(marker.kwargs) if marker else {}
            kwargs.update(transaction=True, serialized_rollback=True)
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any) -> None:
    """Keep the serialized seed data reachable from every connection object.

    Browser tests run Playwright's event loop in the test thread, and there Django hands
    out a different connection object than the one that created the test database; the
    serialized data (see pytest_collection_modifyitems) must be found on that one too.
    """
    from django.db import connections

    for alias in connections:
        connection = connections[alias]
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents is not None:
            type(connection)._test_serialized_contents = contents
