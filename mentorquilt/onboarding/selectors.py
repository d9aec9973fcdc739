"""The onboarding checklist and the readiness rule (R5, R12, R27).

A person is *ready* for a role (mentee or mentor) when every step of that
role's checklist is done:

- they hold the role, active, at an institution;
- the profile steps of `mentorquilt.profiles` are done: for mentees, about
  them, their needs, the background questions seen, what matters in a mentor,
  eligibility (R11); for mentors, a filled profile, a stated qualification,
  verification by every institution they mentor for (R4) and a published
  profile (R7);
- they accepted the current version of each agreement for the role (mentors:
  mentor agreement and code of conduct; mentees: mentee agreement and code of
  conduct);
- they completed every active training module the role requires.

`ensure_ready` is the gate: the mentorships app calls it for both people
before starting any mentorship, and it refuses with a message that says what
is missing. This app sits above profiles and training so that it can compose
both without an import cycle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from mentorquilt.core.errors import DomainError
from mentorquilt.institutions.models import Membership, MembershipStatus, Role
from mentorquilt.profiles.selectors import profile_steps
from mentorquilt.training.models import AgreementKind
from mentorquilt.training.selectors import (
    ONBOARDING_ROLES,
    agreement_current_list,
    agreement_kinds_for,
    missing_modules,
    onboarding_roles,
    required_modules,
)
from mentorquilt.training.selectors import (
    missing_agreements as training_missing_agreements,
)

# Profile steps someone else does: the institution verifies a mentor (R4).
SCHOOL_STEPS = frozenset({"mentor_verified"})

ROLE_NOUN: dict[str, str] = {Role.MENTEE: "mentee", Role.MENTOR: "mentor"}


@dataclass(frozen=True)
class Step:
    """One thing a person must have done before a mentorship.

    `key` is stable (for the API and tests), `title` is the imperative shown
    on the checklist, `todo` the short phrase used in refusal messages,
    `detail` one plain sentence of help, `url` where to do it (None when it is
    someone else's step), `by` who acts: "you" or "school".
    """

    key: str
    title: str
    done: bool
    todo: str
    detail: str = ""
    url: str | None = None
    by: str = "you"


@dataclass(frozen=True)
class Readiness:
    role: str
    steps: list[Step] = field(default_factory=list)

    @property
    def missing(self) -> list[Step]:
        return [step for step in self.steps if not step.done]

    @property
    def ready(self) -> bool:
        return not self.missing

    @property
    def done_count(self) -> int:
        return len(self.steps) - len(self.missing)


def _role_step(user: Any, role: str) -> Step | None:
    """Missing only when the person does not hold the role, active, anywhere."""
    active = Membership.objects.filter(user=user, role=role, status=MembershipStatus.ACTIVE)
    if active.exists():
        return None
    noun = ROLE_NOUN[role]
    return Step(
        key="role",
        title=f"Join a school or program as a {noun}",
        done=False,
        todo=f"join a school or program as a {noun}",
        detail="Open the invitation your school emailed you, or ask to join.",
        url=reverse("membership_join"),
    )


def _agreement_steps(user: Any, role: str) -> list[Step]:
    current = agreement_current_list(kinds=agreement_kinds_for(role=role))
    missing = {version.pk for version in training_missing_agreements(user=user, role=role)}
    steps = []
    for version in current:
        name = version.get_kind_display()
        accepted_before = version.version > 1 and version.pk in missing
        detail = (
            "A new version was published: please read it and accept it again."
            if accepted_before
            else {
                AgreementKind.MENTOR: "What you promise your mentees, in plain words.",
                AgreementKind.MENTEE: "What you and your mentors can expect of each other.",
                AgreementKind.CONDUCT: "Mutual respect and cultural humility, for everyone.",
            }[AgreementKind(version.kind)]
        )
        steps.append(
            Step(
                key=f"agreement:{version.kind}",
                title=f"Read and accept the {name.lower()}",
                done=version.pk not in missing,
                todo=f"accept the {name.lower()} (version {version.version})",
                detail=detail,
                url=reverse("agreement_detail", kwargs={"kind": version.kind}),
            )
        )
    return steps


def _training_step(user: Any, role: str) -> Step | None:
    required = required_modules(role=role).count()
    if required == 0:
        return None
    missing = missing_modules(user=user, role=role)
    done = required - len(missing)
    names = ", ".join(f"“{module.title}”" for module in missing)
    todo = (
        f"complete {len(missing)} training module{'s' if len(missing) != 1 else ''}: {names}"
        if missing
        else "complete the training"
    )
    return Step(
        key="training",
        title=f"Complete the {ROLE_NOUN[role]} training ({done} of {required} modules done)",
        done=not missing,
        todo=todo,
        detail="Short readings you can do at your own pace; tick the box at the end of each.",
        url=reverse("training_list"),
    )


def _profile_steps(user: Any, role: str) -> list[Step]:
    """The profile, eligibility (mentees) and verification (mentors) steps, from profiles."""
    return [
        Step(
            key=step.key,
            title=step.title,
            done=step.done,
            todo=step.todo or step.title[:1].lower() + step.title[1:],
            detail=step.message,
            url=step.url,
            by="school" if step.key in SCHOOL_STEPS else "you",
        )
        for step in profile_steps(user=user, role=role)
    ]


def readiness(*, user: Any, role: str) -> Readiness:
    """Everything a person must do before a mentorship in this role, and whether it is done."""
    if role not in ONBOARDING_ROLES:
        raise ValueError(f"Only mentees and mentors have a checklist, not {role!r}.")
    role_step = _role_step(user, role)
    if role_step is not None:
        return Readiness(role=role, steps=[role_step])
    steps: list[Step] = _profile_steps(user, role)
    steps.extend(_agreement_steps(user, role))
    training = _training_step(user, role)
    if training is not None:
        steps.append(training)
    return Readiness(role=role, steps=steps)


def checklist(*, user: Any) -> list[Readiness]:
    """One checklist per mentee or mentor role the person holds (a resident may have both)."""
    return [readiness(user=user, role=role) for role in onboarding_roles(user=user)]


def ensure_ready(*, user: Any, role: str, who: str = "") -> None:
    """Refuse (DomainError) unless the person is ready for a mentorship in this role.

    `who` names the person in the message when they are not the one asking
    (for example the mentor a mentee wants to start with); empty means "you".
    """
    state = readiness(user=user, role=role)
    if state.ready:
        return
    todo = "; ".join(step.todo for step in state.missing)
    noun = ROLE_NOUN[role]
    if who:
        message = f"{who} cannot start a mentorship as a {noun} yet. Still to do: {todo}."
    else:
        message = (
            f"You cannot start a mentorship as a {noun} yet. "
            f"Still to do: {todo}. Your checklist shows each step."
        )
    raise DomainError(message, code="not_ready")
