"""API matrix rows of the profiles app (R3-R7, R11, R19, R37), merged into api_matrix.API.

Placeholders made by test_api_matrix.targets(): {mentor_profile_a} (the mentor's
published, verified profile, local scope), {mentee_profile_a} (the mentee's profile,
eligibility attested), {mentee_profile_b} (the outsider's), {qualification_a} (the
mentor's pending qualification). 403 for people without the role an operation is for;
404 for objects they cannot see.
"""

from __future__ import annotations

from typing import Any

from tests.authz.api_matrix import row

ABOUT = {"training_stage": "community-college", "track": "nursing", "goals": "Transfer."}
NEEDS = {"needs": ["transfer", "interviews"]}
PREFERENCES = {"preferences": {"gender": 1, "immigrant-daca": 2}}
ELIGIBILITY = {"first_gen": True, "basis": "First in my family to go to college."}
ATTRIBUTES = {"attributes": [{"category": "gender-woman", "use_for_matching": True}]}
MENTOR = {"bio": "Hello.", "areas": ["interviews"], "formats": ["video"], "capacity": 2}
QUALIFY = {"institution_id": "{institution_a}", "basis": "shared_background", "evidence": "x"}
NOMINATE = {"institution_id": "{institution_a}", "email": "mentor@a.example.org", "evidence": "x"}
REASON = {"reason": "Please add the award's year."}

# fmt: off
ROWS: dict[str, dict[str, Any]] = {
    #                                anon ment mntr admn coor staf rsch outs
    "taxonomy_list": row("GET", "/taxonomies",
                                    (401, 200, 200, 200, 200, 200, 200, 200)),
    # Mentees (the outsider is a mentee at B).
    "mentee_profile_own_get": row("GET", "/me/mentee-profile",
                                    (401, 200, 403, 403, 403, 403, 403, 200)),
    "mentee_profile_update": row("PUT", "/me/mentee-profile",
                                    (401, 200, 403, 403, 403, 403, 403, 200), ABOUT),
    "mentee_needs_set": row("PUT", "/me/mentee-profile/needs",
                                    (401, 200, 403, 403, 403, 403, 403, 200), NEEDS),
    "affinity_preferences_set": row("PUT", "/me/mentee-profile/preferences",
                                    (401, 200, 403, 403, 403, 403, 403, 200), PREFERENCES),
    "eligibility_attest": row("PUT", "/me/mentee-profile/eligibility",
                                    (401, 200, 403, 403, 403, 403, 403, 200), ELIGIBILITY),
    # One's own attributes and consents: mentees and mentors keep them.
    "attribute_list_own": row("GET", "/me/attributes",
                                    (401, 200, 200, 200, 200, 200, 200, 200)),
    "attributes_set": row("PUT", "/me/attributes",
                                    (401, 200, 200, 403, 403, 403, 403, 200), ATTRIBUTES),
    # Mentors.
    "mentor_profile_own_get": row("GET", "/me/mentor-profile",
                                    (401, 403, 200, 403, 403, 403, 403, 403)),
    "mentor_profile_update": row("PUT", "/me/mentor-profile",
                                    (401, 403, 200, 403, 403, 403, 403, 403), MENTOR),
    "mentor_profile_publish": row("POST", "/me/mentor-profile/publish",
                                    (401, 403, 200, 403, 403, 403, 403, 403)),
    "mentor_profile_unpublish": row("POST", "/me/mentor-profile/unpublish",
                                    (401, 403, 200, 403, 403, 403, 403, 403)),
    "profile_steps_get": row("GET", "/me/profile-steps",
                                    (401, 200, 200, 200, 200, 200, 200, 200)),
    # Qualification (R4): mentors state it; admins and verified mentors nominate (the
    # mentor's own email: admins 202, the mentor is refused nominating themself, 400);
    # the institution's admins decide.
    "qualification_list_own": row("GET", "/me/qualifications",
                                    (401, 200, 200, 200, 200, 200, 200, 200)),
    "qualification_submit": row("POST", "/me/qualifications",
                                    (401, 403, 201, 403, 403, 403, 403, 403), QUALIFY),
    "mentor_nominate": row("POST", "/nominations",
                                    (401, 403, 400, 202, 403, 403, 403, 404), NOMINATE),
    "qualification_list": row("GET", "/institutions/{institution_a}/qualifications",
                                    (401, 403, 403, 200, 403, 200, 403, 404)),
    "qualification_verify": row("POST", "/qualifications/{qualification_a}/verify",
                                    (401, 404, 404, 200, 404, 200, 404, 404)),
    "qualification_reject": row("POST", "/qualifications/{qualification_a}/reject",
                                    (401, 404, 404, 200, 404, 200, 404, 404), REASON),
    # Other people's profiles: a local mentor is not disclosed to another institution
    # (R3); a mentee profile is for its owner, the institution's managers and staff.
    "mentor_profile_get": row("GET", "/mentors/{mentor_profile_a}",
                                    (401, 200, 200, 200, 200, 200, 200, 404)),
    "mentee_profile_get": row("GET", "/mentees/{mentee_profile_a}",
                                    (401, 200, 404, 200, 200, 200, 404, 404)),
}
# fmt: on

CROSS: dict[str, dict[str, Any]] = {
    "qualification_list": {"path": "/institutions/{institution_b}/qualifications"},
    "mentee_profile_get": {"path": "/mentees/{mentee_profile_b}"},
}


def profile_targets(world: Any) -> dict[str, str]:
    """The profiles rows' objects, made with the real services."""
    from mentorquilt.institutions.models import Role
    from mentorquilt.profiles.services import eligibility_attest, qualification_submit
    from mentorquilt.profiles.tests.helpers import published_mentor

    mentor_profile = published_mentor(world.mentor, scope="local")
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
    return {
        "mentor_profile_a": str(mentor_profile.public_id),
        "qualification_a": str(qualification.public_id),
        "mentee_profile_a": str(mentee_profile.public_id),
        "mentee_profile_b": str(outsider_profile.public_id),
    }
