"""The demo network: made-up schools and people, built with the real services."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.core.management.base import CommandError
from django.db import transaction

from mentorquilt.accounts.models import User
from mentorquilt.demo.network import MORE_INSTITUTIONS, build_people, demo_mentor
from mentorquilt.demo.programs import build_demo_programs
from mentorquilt.demo.training import prepare_demo_training
from mentorquilt.institutions.models import Institution, InstitutionKind, Role
from mentorquilt.institutions.services import (
    institution_create,
    membership_grant,
    mentor_verify,
)

DEMO_DOMAIN = "demo.mentorquilt.test"
# Used only by demo accounts on a development machine; see refuse_in_production().
DEMO_PASSWORD = "quilt-demo-" + "2026"

INSTITUTIONS = [
    # name, kind, class size, region
    ("Lakeview School of Medicine", InstitutionKind.MD, 120, "Ohio"),
    ("Bayside College of Osteopathic Medicine", InstitutionKind.DO, 48, "California"),
    ("Hillcrest University (HBCU)", InstitutionKind.HBCU, 90, "Georgia"),
    ("Riverside Community College", InstitutionKind.COMMUNITY_COLLEGE, 30, "Texas"),
    ("Mesa State University", InstitutionKind.UNIVERSITY, 100, "Arizona"),
    ("Northern Health System Residency", InstitutionKind.RESIDENCY, 50, "Minnesota"),
    *MORE_INSTITUTIONS,
]


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    name: str
    institution: str
    two_factor: bool


# One login per role, plus an outsider at another school who must never see
# Lakeview's data.
LOGINS = [
    DemoLogin("mentee", f"mentee@{DEMO_DOMAIN}", "Maria Alvarez", INSTITUTIONS[0][0], False),
    DemoLogin("mentor", f"mentor@{DEMO_DOMAIN}", "Dr. James Okafor", INSTITUTIONS[0][0], False),
    DemoLogin("admin", f"admin@{DEMO_DOMAIN}", "Angela Brooks", INSTITUTIONS[0][0], True),
    DemoLogin("coordinator", f"coordinator@{DEMO_DOMAIN}", "Luis Romero", INSTITUTIONS[0][0], True),
    DemoLogin(
        "researcher", f"researcher@{DEMO_DOMAIN}", "Dr. Priya Natarajan", INSTITUTIONS[0][0], True
    ),
    DemoLogin("staff", f"staff@{DEMO_DOMAIN}", "Sam Whitfield", "(platform staff)", True),
    DemoLogin("outsider", f"outsider@{DEMO_DOMAIN}", "Tom Becker", INSTITUTIONS[1][0], False),
]


def refuse_in_production() -> None:
    if settings.PRODUCTION:
        raise CommandError(
            "Demo data is made-up people with a shared password: it is never loaded "
            "with MENTORQUILT_ENV=production."
        )


def demo_totp_secret(email: str) -> str:
    """A fixed TOTP secret per demo login, so `manage.py demo_code` can show its code."""
    digest = hashlib.sha256(f"mentorquilt-demo:{email}".encode()).digest()[:20]
    return base64.b32encode(digest).decode()


def _person(email: str, name: str, *, staff: bool = False, two_factor: bool = False) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, name=name, is_staff=staff)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if (
        two_factor
        and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    ):
        TOTP.activate(user, demo_totp_secret(email))
    return user


def demo_person(email: str, name: str) -> User:
    """A demo login without two-factor (made once, found after)."""
    return _person(email, name)


@transaction.atomic
def build_demo_network(*, extra_people_per_school: int = 30) -> list[DemoLogin]:
    """Create the demo network if it is not there yet (running twice changes nothing)."""
    refuse_in_production()
    staff = _person(LOGINS[5].email, LOGINS[5].name, staff=True, two_factor=True)
    schools: dict[str, Institution] = {}
    for name, kind, size, region in INSTITUTIONS:
        existing = Institution.objects.filter(name=name).first()
        schools[name] = existing or institution_create(
            actor=staff, name=name, kind=kind, class_size=size, region=region
        )
    lakeview = schools[INSTITUTIONS[0][0]]
    roles = {
        "mentee": Role.MENTEE,
        "mentor": Role.MENTOR,
        "admin": Role.ADMIN,
        "coordinator": Role.COORDINATOR,
        "researcher": Role.RESEARCHER,
    }
    for login in LOGINS:
        if login.role == "staff":
            continue
        user = _person(login.email, login.name, two_factor=login.two_factor)
        school = schools[login.institution]
        role = Role.MENTEE if login.role == "outsider" else roles[login.role]
        membership = membership_grant(
            actor=staff, user=user, institution=school, role=role, source="demo"
        )
        if role == Role.MENTOR and membership.verified_at is None:
            mentor_verify(actor=staff, membership=membership, verified=True)
        if role == Role.MENTOR:
            # A filled, verified, published profile; the demo mentee starts with an empty
            # one so the guided flow can be tried.
            demo_mentor(staff=staff, user=user, membership=membership, seed=1)
    # The resident who is both a mentee and a mentor (R2).
    resident = _person(f"resident@{DEMO_DOMAIN}", "Dr. Grace Lin")
    membership_grant(
        actor=staff, user=resident, institution=lakeview, role=Role.MENTEE, source="demo"
    )
    membership_grant(
        actor=staff, user=resident, institution=lakeview, role=Role.MENTOR, source="demo"
    )

    # Several hundred mentors and mentees with varied profiles and consents, so every
    # school's compliance figure and the matching pool mean something (R1, R19).
    build_people(staff=staff, schools=schools.values(), per_school=extra_people_per_school)
    # Agreements and training: the demo mentor is ready, the demo mentee has steps left.
    prepare_demo_training(
        domain=DEMO_DOMAIN, mentor_email=LOGINS[1].email, mentee_email=LOGINS[0].email
    )
    # One program of each kind: cohort, pairing, training campaign (R29, R30, R25).
    build_demo_programs(domain=DEMO_DOMAIN, schools=schools)
    return LOGINS
