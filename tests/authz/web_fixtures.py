"""Objects the authorization matrices point at, made with the real services."""

from __future__ import annotations

from dataclasses import dataclass

from conftest import World, build_world, make_user
from mentorquilt.accounts.services import api_token_create
from mentorquilt.institutions.links import invitation_token
from mentorquilt.institutions.models import Role
from mentorquilt.institutions.services import (
    invitation_create,
    membership_grant,
    membership_request,
)
from mentorquilt.profiles.services import eligibility_attest, qualification_submit
from mentorquilt.profiles.tests.helpers import give_attribute, published_mentor
from mentorquilt.training.selectors import required_modules
from mentorquilt.training.services import module_complete
from tests.authz.mentorship_targets import MentorshipTargets


@dataclass
class Targets:
    world: World
    values: dict[str, str]  # a MentorshipTargets: some objects are made when named


def build_targets() -> Targets:
    """A world plus one object of each kind at institution A, by placeholder name."""
    world = build_world()
    a = world.institution_a
    newcomer = make_user("newcomer@example.org")
    pending = membership_request(user=newcomer, institution=a, role=Role.MENTEE)
    invitation = invitation_create(
        actor=world.admin,
        institution=a,
        email="invitee@example.org",
        name="Invitee",
        role=Role.MENTEE,
    )
    unverified_mentor = membership_grant(
        actor=world.admin,
        user=make_user("unverified.mentor@a.example.org"),
        institution=a,
        role=Role.MENTOR,
        source="test",
    )
    token, _ = api_token_create(user=world.mentee, name="mentee laptop")
    mentor_module = required_modules(role=Role.MENTOR).first()
    completion = module_complete(user=world.mentor, module=mentor_module, attested=True)
    mentor_profile = published_mentor(world.mentor, scope="local")
    give_attribute(world.mentor, "first-generation-college", match=True, show=False)
    qualification = qualification_submit(
        actor=world.mentor,
        membership=world.mentor.memberships.get(role=Role.MENTOR),
        basis="track_record",
        evidence="Teaching award",
    )
    mentee_profile = eligibility_attest(
        actor=world.mentee, urim=True, first_gen=False, low_income=False, basis="URiM"
    )
    outsider_profile = eligibility_attest(
        actor=world.outsider, urim=False, first_gen=True, low_income=False, basis="First gen"
    )
    values = {
        "institution_a": str(a.public_id),
        "institution_b": str(world.institution_b.public_id),
        "pending_request_a": str(pending.public_id),
        "membership_mentee_a": str(world.mentee.memberships.get(role=Role.MENTEE).public_id),
        "membership_mentor_a": str(world.mentor.memberships.get(role=Role.MENTOR).public_id),
        "membership_unverified_mentor_a": str(unverified_mentor.public_id),
        "invitation_a": str(invitation.public_id),
        "invitation_link_a": invitation_token(str(invitation.public_id)),
        "token_of_mentee": str(token.public_id),
        "module_for_mentors": str(mentor_module.public_id),
        "certificate_of_mentor": str(completion.public_id),
        "mentor_profile_a": str(mentor_profile.public_id),
        "mentee_profile_a": str(mentee_profile.public_id),
        "mentee_profile_b": str(outsider_profile.public_id),
        "qualification_a": str(qualification.public_id),
    }
    # The mentorship rows' objects (slow: ready people) are made only when a row names them.
    return Targets(world=world, values=MentorshipTargets(values, world, "mentee"))
