"""Agreements and training for the demo network, through the real services (R5, R12, R27).

The demo mentor is ready for mentorships; the demo mentee has accepted the mentee
agreement and finished one module, so a tester can walk the rest of the checklist;
three in four other mentors and two in three other mentees have accepted their
agreements and trained, so compliance and readiness figures differ from the raw
counts. Running it again changes nothing.
"""

from __future__ import annotations

from typing import Any

from mentorquilt.accounts.models import User
from mentorquilt.institutions.models import Membership, MembershipStatus, Role
from mentorquilt.training.models import ModuleCompletion
from mentorquilt.training.selectors import (
    missing_agreements,
    required_modules,
    user_training_complete,
)
from mentorquilt.training.services import agreement_accept, module_complete


def get_ready(
    user: Any, role: str, *, agreements: int | None = None, modules: int | None = None
) -> None:
    """Accept the role's current agreements and complete its required modules; only the
    first `agreements` and `modules` of them when given."""
    for version in missing_agreements(user=user, role=role)[:agreements]:
        agreement_accept(user=user, version=version)
    for module in list(required_modules(role=role))[:modules]:
        module_complete(user=user, module=module, attested=True)


def prepare_demo_training(*, domain: str, mentor_email: str, mentee_email: str) -> None:
    demo_mentee = User.objects.get(email=mentee_email)
    if not ModuleCompletion.objects.filter(user=demo_mentee).exists():
        get_ready(demo_mentee, Role.MENTEE, agreements=1, modules=1)
    get_ready(User.objects.get(email=mentor_email), Role.MENTOR)
    memberships = (
        Membership.objects.filter(
            user__email__endswith=f"@{domain}",
            role__in=[Role.MENTOR, Role.MENTEE],
            status=MembershipStatus.ACTIVE,
        )
        .exclude(user__email__in=[mentor_email, mentee_email])
        .select_related("user")
        .order_by("user__email", "role")
    )
    counts: dict[str, int] = {Role.MENTOR: 0, Role.MENTEE: 0}
    for membership in memberships:
        role = membership.role
        counts[role] += 1
        share = (counts[role] % 4 != 0) if role == Role.MENTOR else (counts[role] % 3 != 0)
        user = membership.user
        done = user_training_complete(user=user, role=role) and not missing_agreements(
            user=user, role=role
        )
        if share and not done:
            get_ready(user, role)
