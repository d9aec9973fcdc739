"""A cohort of ready mentees and mentors at institution A, made with the real services."""

from __future__ import annotations

from typing import Any

from conftest import make_user
from mentorquilt.institutions.models import Role
from mentorquilt.institutions.services import membership_grant, mentor_verify
from mentorquilt.mentorships.tests.helpers import ready_mentee, ready_mentor
from mentorquilt.pairing.services import round_create
from mentorquilt.profiles.services import qualification_decide, qualification_submit


def add_mentee(world: Any, n: int, *, prefix: str = "cohort") -> Any:
    user = make_user(f"{prefix}.mentee{n}@a.example.org", name=f"Mentee {n:03d}")
    membership_grant(
        actor=world.staff,
        user=user,
        institution=world.institution_a,
        role=Role.MENTEE,
        source="test",
    )
    return ready_mentee(user)


def add_mentor(
    world: Any,
    n: int,
    *,
    capacity: int = 3,
    shared_background: bool = False,
    prefix: str = "cohort",
) -> Any:
    user = make_user(f"{prefix}.mentor{n}@a.example.org", name=f"Mentor {n:03d}")
    membership = membership_grant(
        actor=world.staff,
        user=user,
        institution=world.institution_a,
        role=Role.MENTOR,
        source="test",
    )
    if shared_background:
        q = qualification_submit(
            actor=user, membership=membership, basis="shared_background", evidence="First gen"
        )
        qualification_decide(actor=world.staff, qualification=q, verify=True)
    else:
        mentor_verify(actor=world.staff, membership=membership, verified=True)
    ready_mentor(user, capacity=capacity, scope="local")
    return user


def cohort(world: Any, *, mentees: int = 6, mentors: int = 3, capacity: int = 3) -> None:
    for n in range(mentees):
        add_mentee(world, n)
    for n in range(mentors):
        add_mentor(world, n, capacity=capacity, shared_background=n == 0)


def make_round(world: Any, **settings: Any) -> Any:
    keep = settings.pop("keep", ())
    forbid = settings.pop("forbid", ())
    stage = settings.pop("training_stage", "")
    base = {"mode": "optimal", "cap": 3, "wants": 1, "publish_as": "mentorships"}
    base.update(settings)
    return round_create(
        actor=world.coordinator,
        institution=world.institution_a,
        name="Fall cohort",
        settings=base,
        keep=keep,
        forbid=forbid,
        training_stage=stage,
    )
