"""The authorization matrix for every API operation: operation id x persona -> expected status.

test_api_matrix.py walks the OpenAPI document and fails when an operation has
no row here, so a new endpoint cannot skip this check; then it sends every
cell as a real request, once with a personal access token and once with the
browser session.

A row is {"method", "path", "body" (for writes), and one status per persona}.
Paths are relative to /api/v1 and name objects of institution A by
placeholder (see test_api_matrix.targets()): {institution_a}, {institution_b},
{membership_a_pending} (a join request), {membership_a_mentee},
{membership_a_mentor}, {invitation_a}, {token_own} (a token of the caller).
Bodies are valid, so the status is the authorization decision, not a
validation error.

Reading the statuses: 401 no credentials; 403 "you can see this but may not do
it" (a coordinator changing their own institution, a mentee asking for staff
pages); 404 "does not exist for you" (another institution's objects, and
objects of a kind you cannot read at all), never 403.

CROSS_INSTITUTION lists, for operations on one object, the same request aimed
at institution B's object: every person of institution A gets 404.
"""

from __future__ import annotations

from typing import Any

# fmt: off
PERSONAS = ("anonymous", "mentee", "mentor", "admin", "coordinator", "staff", "researcher",
            "outsider")
# fmt: on


def row(
    method: str,
    path: str,
    statuses: tuple[int, ...],
    body: Any = None,
    by_token: dict[str, int] | None = None,
) -> dict[str, Any]:
    """One row; `statuses` are in the order of PERSONAS. `by_token` overrides the status
    of some personas when they call with a personal access token instead of the session."""
    assert len(statuses) == len(PERSONAS), path
    cells: dict[str, Any] = {"method": method, "path": path}
    if body is not None:
        cells["body"] = body
    if by_token:
        cells["by_token"] = by_token
    cells.update(zip(PERSONAS, statuses, strict=True))
    return cells


NEW_SCHOOL = {"name": "Matrix School", "kind": "md", "class_size": 60, "region": "Ohio"}
INVITEE = {"email": "matrix.invitee@example.org", "name": "Matrix Invitee", "role": "mentee"}
ROSTER = {"csv": "name,email,role\nRoster Person,roster.person@example.org,mentee\n"}
JOIN_B = {"institution_id": "{institution_b}", "role": "mentor"}
TOKEN = {"name": "matrix"}
CHANGE = {"region": "Ohio Valley"}
ATTEST = {"attest": True}

# fmt: off
API: dict[str, dict[str, Any]] = {
    # operation id: row(method, path,
    #                                anon ment mntr admn coor staf rsch outs
    #                               (statuses, in the order of PERSONAS), body)
    # Oneself and one's tokens: everyone signed in.
    "me_get": row("GET", "/me",
                                    (401, 200, 200, 200, 200, 200, 200, 200)),
    "token_list": row("GET", "/tokens",
                                    (401, 200, 200, 200, 200, 200, 200, 200)),
    # ...but only from a signed-in session: a token cannot mint tokens.
    "token_create": row("POST", "/tokens",
                                    (401, 201, 201, 201, 201, 201, 201, 201), body=TOKEN,
                        by_token={p: 403 for p in PERSONAS if p != "anonymous"}),
    "token_revoke": row("DELETE", "/tokens/{token_own}",
                                    (401, 204, 204, 204, 204, 204, 204, 204)),
    # Asking to join any open institution (B here, where the outsider is a mentee).
    "membership_request": row("POST", "/membership-requests",
                                    (401, 201, 201, 201, 201, 201, 201, 201), body=JOIN_B),
    # Institutions: members read theirs, staff read and change all.
    "institution_list": row("GET", "/institutions",
                                    (401, 200, 200, 200, 200, 200, 200, 200)),
    "institution_create": row("POST", "/institutions",
                                    (401, 403, 403, 403, 403, 201, 403, 403), body=NEW_SCHOOL),
    "institution_get": row("GET", "/institutions/{institution_a}",
                                    (401, 200, 200, 200, 200, 200, 200, 404)),
    "institution_update": row("PATCH", "/institutions/{institution_a}",
                                    (401, 403, 403, 403, 403, 200, 403, 404), body=CHANGE),
    # Managers (admins and coordinators) and staff read compliance and members.
    "institution_compliance": row("GET", "/institutions/{institution_a}/compliance",
                                    (401, 403, 403, 200, 200, 200, 403, 404)),
    "member_list": row("GET", "/institutions/{institution_a}/members",
                                    (401, 403, 403, 200, 200, 200, 403, 404)),
    # Only admins and staff invite; coordinators see the institution, so 403.
    "invitation_list": row("GET", "/institutions/{institution_a}/invitations",
                                    (401, 403, 403, 200, 403, 200, 403, 404)),
    "invitation_create": row("POST", "/institutions/{institution_a}/invitations",
                                    (401, 403, 403, 201, 403, 201, 403, 404), body=INVITEE),
    "roster_import": row("POST", "/institutions/{institution_a}/roster-imports",
                                    (401, 403, 403, 201, 403, 201, 403, 404), body=ROSTER),
    # Only admins read invitations, so for everyone else they do not exist: 404.
    "invitation_resend": row("POST", "/invitations/{invitation_a}/resend",
                                    (401, 404, 404, 200, 404, 200, 404, 404)),
    "invitation_revoke": row("POST", "/invitations/{invitation_a}/revoke",
                                    (401, 404, 404, 200, 404, 200, 404, 404)),
    # Memberships: admins and staff change them; coordinators can read them, so 403;
    # people who cannot read the member list get 404.
    "membership_approve": row("POST", "/memberships/{membership_a_pending}/approve",
                                    (401, 404, 404, 200, 403, 200, 404, 404)),
    "membership_decline": row("POST", "/memberships/{membership_a_pending}/decline",
                                    (401, 404, 404, 200, 403, 200, 404, 404)),
    "membership_end": row("POST", "/memberships/{membership_a_mentee}/end",
                                    (401, 404, 404, 200, 403, 200, 404, 404)),
    "membership_verify": row("POST", "/memberships/{membership_a_mentor}/verify",
                                    (401, 404, 404, 200, 403, 200, 404, 404)),
    "membership_unverify": row("POST", "/memberships/{membership_a_mentor}/unverify",
                                    (401, 404, 404, 200, 403, 200, 404, 404)),
    # The audit log is for platform staff.
    "audit_event_list": row("GET", "/audit-events",
                                    (401, 403, 403, 403, 403, 200, 403, 403)),
    # Agreements and training (R5, R9, R12, R27): the texts are curriculum, read by
    # everyone signed in; mentees and mentors accept and complete what is for their role
    # (anyone else: 400, a rule says no); a certificate is its owner's only (404 to all).
    "agreement_list": row("GET", "/agreements",
                                    (401, 200, 200, 200, 200, 200, 200, 200)),
    "agreement_get": row("GET", "/agreements/{agreement_conduct}",
                                    (401, 200, 200, 200, 200, 200, 200, 200)),
    "agreement_accept": row("POST", "/agreements/{agreement_conduct}/acceptance",
                                    (401, 200, 200, 403, 403, 403, 403, 200)),
    "module_list": row("GET", "/training/modules",
                                    (401, 200, 200, 200, 200, 200, 200, 200)),
    "module_get": row("GET", "/training/modules/{module_mentor}",
                                    (401, 200, 200, 200, 200, 200, 200, 200)),
    "module_complete": row("POST", "/training/modules/{module_mentor}/completion",
                                    (401, 403, 200, 403, 403, 403, 403, 403), body=ATTEST),
    "completion_list": row("GET", "/training/completions",
                                    (401, 200, 200, 200, 200, 200, 200, 200)),
    "certificate_download": row("GET", "/training/completions/{completion_mentor}/certificate",
                                    (401, 404, 200, 404, 404, 404, 404, 404)),
    "checklist_get": row("GET", "/onboarding/checklist",
                                    (401, 200, 200, 200, 200, 200, 200, 200)),
}
# fmt: on

# Operations whose success is not JSON: operation id -> content type of a 200.
NOT_JSON: dict[str, str] = {"certificate_download": "application/pdf"}

# The same requests aimed at institution B's objects (and at someone else's token):
# every person of institution A, whatever their role there, gets 404.
CROSS_INSTITUTION: dict[str, dict[str, Any]] = {
    "institution_get": {"path": "/institutions/{institution_b}"},
    "institution_update": {"path": "/institutions/{institution_b}", "body": {"region": "X"}},
    "institution_compliance": {"path": "/institutions/{institution_b}/compliance"},
    "member_list": {"path": "/institutions/{institution_b}/members"},
    "invitation_list": {"path": "/institutions/{institution_b}/invitations"},
    "invitation_create": {"path": "/institutions/{institution_b}/invitations", "body": INVITEE},
    "roster_import": {"path": "/institutions/{institution_b}/roster-imports", "body": ROSTER},
    "invitation_resend": {"path": "/invitations/{invitation_b}/resend"},
    "invitation_revoke": {"path": "/invitations/{invitation_b}/revoke"},
    "membership_approve": {"path": "/memberships/{membership_b_pending}/approve"},
    "membership_decline": {"path": "/memberships/{membership_b_pending}/decline"},
    "membership_end": {"path": "/memberships/{membership_b_outsider}/end"},
    "membership_verify": {"path": "/memberships/{membership_b_mentor}/verify"},
    "membership_unverify": {"path": "/memberships/{membership_b_mentor}/unverify"},
    "token_revoke": {"path": "/tokens/{token_other}"},
}
CROSS_INSTITUTION_PERSONAS = ("mentee", "mentor", "admin", "coordinator", "researcher")

# Requests, mentorships, the quilt, suspensions and notifications (R6, R8, R13, R25, B3).
from tests.authz.api_matrix_mentorships import CROSS as _MENTORSHIP_CROSS  # noqa: E402
from tests.authz.api_matrix_mentorships import ROWS as _MENTORSHIP_ROWS  # noqa: E402

API.update(_MENTORSHIP_ROWS)
CROSS_INSTITUTION.update(_MENTORSHIP_CROSS)

# Meetings, action plans, evaluations and concerns (R14, R26-R28): each row has
# "walked_by", the test that sends its cells (see api_matrix_engagement.py).
from tests.authz.api_matrix_engagement import ROWS as _ENGAGEMENT_ROWS  # noqa: E402

API.update(_ENGAGEMENT_ROWS)

# Profiles, consent and qualification (R3-R7, R11, R19, R37).
from tests.authz.api_matrix_profiles import CROSS as _PROFILE_CROSS  # noqa: E402
from tests.authz.api_matrix_profiles import ROWS as _PROFILE_ROWS  # noqa: E402

API.update(_PROFILE_ROWS)
CROSS_INSTITUTION.update(_PROFILE_CROSS)

# Coordinator pairing rounds (R22): walked by mentorquilt/pairing/tests/test_authz_matrix.py.
from tests.authz.api_matrix_pairing import ROWS as _PAIRING_ROWS  # noqa: E402

API.update(_PAIRING_ROWS)

# Programs, cohorts, sessions and attendance (R29, R30): walked by
# mentorquilt/programs/tests/test_authz_matrix.py.
from tests.authz.api_matrix_programs import ROWS as _PROGRAM_ROWS  # noqa: E402

API.update(_PROGRAM_ROWS)

# Mentor search, quilt suggestions, supply and demand (R21-R24, B1, B4).
from tests.authz.api_matrix_matching import CROSS as _MATCHING_CROSS  # noqa: E402
from tests.authz.api_matrix_matching import ROWS as _MATCHING_ROWS  # noqa: E402

API.update(_MATCHING_ROWS)
CROSS_INSTITUTION.update(_MATCHING_CROSS)
