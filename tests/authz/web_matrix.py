"""The authorization matrix for every web route: URL name x persona -> expected status.

test_web_matrix.py walks the URL resolver and fails when a route has no row
here, so a new page cannot skip this check. API operations have their own
table (api_matrix.py), keyed by OpenAPI operation id.

A row is (method, URL kwargs, expectations); every POST row also has an entry in
web_writes.py (its valid body, its effect and where it redirects). URL kwargs name objects made by
web_fixtures.build_targets() (objects of institution A). Expectations map a
persona to a status; "*" is every persona not named, "signed_in" every persona
but anonymous. 302 for anonymous means "sent to sign in"; 404 means "does not
exist for you" (another institution's object, never 403).
"""

from __future__ import annotations

from typing import Any

ANON_TO_LOGIN = {"anonymous": 302}
Row = tuple[str, dict[str, str], dict[str, int]]

ADMINS_ONLY_ACTION = {"anonymous": 302, "admin": 302, "staff": 302, "*": 404}

WEB: dict[str, Row] = {
    # Public pages and the signed-in home
    "landing": ("GET", {}, {"anonymous": 200, "*": 302}),
    "healthz": ("GET", {}, {"*": 200}),
    "home": ("GET", {}, {**ANON_TO_LOGIN, "*": 200}),
    "membership_join": ("GET", {}, {**ANON_TO_LOGIN, "*": 200}),
    "invitation_accept": ("GET", {"token": "invitation_link_a"}, {"*": 200}),
    # Institutions: managers see their own; staff see all; the rest must not learn of them
    "institution_list": (
        "GET",
        {},
        {**ANON_TO_LOGIN, "admin": 200, "coordinator": 200, "staff": 200, "*": 403},
    ),
    "institution_create": ("GET", {}, {**ANON_TO_LOGIN, "staff": 200, "*": 403}),
    "institution_detail": (
        "GET",
        {"institution_id": "institution_a"},
        {**ANON_TO_LOGIN, "admin": 200, "coordinator": 200, "staff": 200, "*": 404},
    ),
    "institution_edit": (
        "GET",
        {"institution_id": "institution_a"},
        {**ANON_TO_LOGIN, "staff": 200, "*": 403},
    ),
    # Coordinators see their institution but only admins change who belongs to it.
    "institution_invite": (
        "GET",
        {"institution_id": "institution_a"},
        {**ANON_TO_LOGIN, "admin": 200, "staff": 200, "coordinator": 403, "*": 404},
    ),
    "institution_import": (
        "GET",
        {"institution_id": "institution_a"},
        {**ANON_TO_LOGIN, "admin": 200, "staff": 200, "coordinator": 403, "*": 404},
    ),
    "membership_approve": ("POST", {"membership_id": "pending_request_a"}, ADMINS_ONLY_ACTION),
    "membership_decline": ("POST", {"membership_id": "pending_request_a"}, ADMINS_ONLY_ACTION),
    "membership_end": ("POST", {"membership_id": "membership_mentee_a"}, ADMINS_ONLY_ACTION),
    "mentor_verify": (
        "POST",
        {"membership_id": "membership_unverified_mentor_a"},
        ADMINS_ONLY_ACTION,
    ),
    "mentor_unverify": ("POST", {"membership_id": "membership_mentor_a"}, ADMINS_ONLY_ACTION),
    "invitation_resend": ("POST", {"invitation_id": "invitation_a"}, ADMINS_ONLY_ACTION),
    "invitation_revoke": ("POST", {"invitation_id": "invitation_a"}, ADMINS_ONLY_ACTION),
    # Profiles (R3-R7, R11, R15, R19): each person edits their own; outsider is a mentee at B
    "profile_mentee": (
        "GET",
        {},
        {**ANON_TO_LOGIN, "mentee": 200, "outsider": 200, "*": 403},
    ),
    "profile_mentee_step": (
        "GET",
        {"step": "!about"},
        {**ANON_TO_LOGIN, "mentee": 200, "outsider": 200, "*": 403},
    ),
    "profile_background": (
        "GET",
        {},
        {**ANON_TO_LOGIN, "mentee": 200, "mentor": 200, "outsider": 200, "*": 403},
    ),
    "profile_mentor": ("GET", {}, {**ANON_TO_LOGIN, "mentor": 200, "*": 403}),
    "profile_mentor_publish": ("POST", {}, {**ANON_TO_LOGIN, "mentor": 302, "*": 403}),
    "profile_mentor_unpublish": ("POST", {}, {**ANON_TO_LOGIN, "mentor": 302, "*": 403}),
    "qualification_submit": ("GET", {}, {**ANON_TO_LOGIN, "mentor": 200, "*": 403}),
    # Institution admins and current (verified) mentors nominate (R4).
    "mentor_nominate": ("GET", {}, {**ANON_TO_LOGIN, "admin": 200, "mentor": 200, "*": 403}),
    "qualification_list": (
        "GET",
        {"institution_id": "institution_a"},
        {**ANON_TO_LOGIN, "admin": 200, "staff": 200, "coordinator": 403, "*": 404},
    ),
    "qualification_decide": ("POST", {"qualification_id": "qualification_a"}, ADMINS_ONLY_ACTION),
    # A published, verified mentor with local scope (R3): institution A's people find them,
    # another institution's people do not learn they exist.
    "mentor_profile_detail": (
        "GET",
        {"profile_id": "mentor_profile_a"},
        {**ANON_TO_LOGIN, "outsider": 404, "*": 200},
    ),
    "mentee_profile_detail": (
        "GET",
        {"profile_id": "mentee_profile_a"},
        {
            **ANON_TO_LOGIN,
            "mentee": 200,
            "admin": 200,
            "coordinator": 200,
            "staff": 200,
            "*": 404,
        },
    ),
    # A person's own account: names and the contact details they share
    "account_details_edit": ("GET", {}, {**ANON_TO_LOGIN, "*": 200}),
    "api_tokens": ("GET", {}, {**ANON_TO_LOGIN, "*": 200}),
    "api_token_revoke": (
        "POST",
        {"token_id": "token_of_mentee"},
        {**ANON_TO_LOGIN, "mentee": 302, "*": 404},
    ),
    # Privileged personas already have two-factor set up, so they are sent home.
    "mfa_required": (
        "GET",
        {},
        {**ANON_TO_LOGIN, "mentee": 200, "mentor": 200, "outsider": 200, "*": 302},
    ),
    "audit_log": ("GET", {}, {**ANON_TO_LOGIN, "staff": 200, "*": 403}),
    # allauth: sign-in, sign-up, passwords, email (signed-in people are sent on)
    "account_login": ("GET", {}, {"anonymous": 200, "*": 302}),
    "account_signup": ("GET", {}, {"anonymous": 200, "*": 302}),
    "account_logout": ("GET", {}, {**ANON_TO_LOGIN, "*": 200}),
    "account_inactive": ("GET", {}, {"*": 200}),
    "account_reauthenticate": ("GET", {}, {**ANON_TO_LOGIN, "*": 200}),
    "account_email": ("GET", {}, {**ANON_TO_LOGIN, "*": 200}),
    "account_email_verification_sent": ("GET", {}, {"*": 200}),
    "account_confirm_email": ("GET", {"key": "!no-such-key"}, {"*": 200}),
    "account_change_password": ("GET", {}, {**ANON_TO_LOGIN, "*": 200}),
    "account_set_password": ("GET", {}, {"*": 302}),  # everyone has a password already
    "account_reset_password": ("GET", {}, {"*": 200}),
    "account_reset_password_done": ("GET", {}, {"*": 200}),
    "account_reset_password_from_key": (
        "GET",
        {"uidb36": "!zz", "key": "!no-such-key"},
        {"*": 200},
    ),
    "account_reset_password_from_key_done": ("GET", {}, {"*": 200}),
    "account_confirm_login_code": ("GET", {}, {"*": 302}),  # no code sign-in in progress
    # allauth two-factor pages
    "mfa_index": ("GET", {}, {**ANON_TO_LOGIN, "*": 200}),
    "mfa_authenticate": ("GET", {}, {"*": 302}),  # only during a sign-in
    "mfa_reauthenticate": (
        "GET",
        {},
        {
            **ANON_TO_LOGIN,
            "admin": 200,
            "coordinator": 200,
            "staff": 200,
            "researcher": 200,
            "*": 302,
        },
    ),
    "mfa_activate_totp": ("GET", {}, {"*": 302}),  # asks for the password again first
    "mfa_deactivate_totp": (
        "GET",
        {},
        {**ANON_TO_LOGIN, "mentee": 404, "mentor": 404, "outsider": 404, "*": 302},
    ),
    "mfa_view_recovery_codes": ("GET", {}, {**ANON_TO_LOGIN, "*": 404}),
    "mfa_generate_recovery_codes": ("GET", {}, {"*": 302}),
    "mfa_download_recovery_codes": ("GET", {}, {**ANON_TO_LOGIN, "*": 404}),
    # Onboarding, agreements and training (R5, R9, R12, R27): curriculum texts are for
    # everyone signed in; a certificate only for its owner (404 for everyone else).
    "onboarding_checklist": ("GET", {}, {**ANON_TO_LOGIN, "*": 200}),
    "agreement_list": ("GET", {}, {**ANON_TO_LOGIN, "*": 200}),
    "agreement_detail": ("GET", {"kind": "!conduct"}, {**ANON_TO_LOGIN, "*": 200}),
    "training_list": ("GET", {}, {**ANON_TO_LOGIN, "*": 200}),
    "training_module": ("GET", {"module_id": "module_for_mentors"}, {**ANON_TO_LOGIN, "*": 200}),
    "certificate_list": ("GET", {}, {**ANON_TO_LOGIN, "*": 200}),
    "certificate_download": (
        "GET",
        {"completion_id": "certificate_of_mentor"},
        {**ANON_TO_LOGIN, "mentor": 200, "*": 404},
    ),
    # The API's documents (operations are in api_matrix.py)
    "api:openapi-json": ("GET", {}, {"*": 200}),
    "api:openapi-view": ("GET", {}, {"*": 200}),
    "api:api-root": ("GET", {}, {"*": 404}),
}

# Meetings, action plans, evaluations and concerns (R14, R26-R28): walked by
# mentorquilt/engagement/tests/test_authz_matrix.py (see web_matrix_engagement.py).
from tests.authz.web_matrix_engagement import WEB_ENGAGEMENT  # noqa: E402

WEB.update(WEB_ENGAGEMENT)
WALKED_ELSEWHERE = set(WEB_ENGAGEMENT)

# Coordinator pairing rounds (R22): walked by mentorquilt/pairing/tests/test_authz_matrix.py.
from tests.authz.web_matrix_pairing import WEB_PAIRING  # noqa: E402

WEB.update(WEB_PAIRING)
WALKED_ELSEWHERE |= set(WEB_PAIRING)

# Programs, cohorts, sessions and attendance (R29, R30): walked by
# mentorquilt/programs/tests/test_authz_matrix.py.
from tests.authz.web_matrix_programs import WEB_PROGRAMS  # noqa: E402

WEB.update(WEB_PROGRAMS)
WALKED_ELSEWHERE |= set(WEB_PROGRAMS)

# Django's admin: staff only. Rows for every admin URL name come from this one
# rule; the test checks it on the index and every model list.
ADMIN_RULE: dict[str, int] = {"staff": 200, "*": 302}

# Objects of institution B seen by institution A's people: never disclosed.
CROSS_INSTITUTION: dict[str, tuple[str, dict[str, str], dict[str, int]]] = {
    "institution_detail": (
        "GET",
        {"institution_id": "institution_b"},
        {"admin": 404, "coordinator": 404, "staff": 200},
    ),
    "institution_invite": (
        "GET",
        {"institution_id": "institution_b"},
        {"admin": 404, "coordinator": 404},
    ),
    "institution_import": ("GET", {"institution_id": "institution_b"}, {"admin": 404}),
    "qualification_list": (
        "GET",
        {"institution_id": "institution_b"},
        {"admin": 404, "coordinator": 404, "mentor": 404, "staff": 200},
    ),
    "mentee_profile_detail": (
        "GET",
        {"profile_id": "mentee_profile_b"},
        {"admin": 404, "coordinator": 404, "mentee": 404, "mentor": 404, "outsider": 200},
    ),
}


# Requests, mentorships, the quilt, suspensions and notifications (R6, R8, R13, R25, B3).
from tests.authz.web_matrix_mentorships import (  # noqa: E402
    CROSS_INSTITUTION as _MENTORSHIP_CROSS,
)
from tests.authz.web_matrix_mentorships import WEB as _MENTORSHIP_WEB  # noqa: E402

WEB.update(_MENTORSHIP_WEB)
CROSS_INSTITUTION.update(_MENTORSHIP_CROSS)

# Find mentors, quilt suggestions, supply and demand (R21-R24, B1, B4).
from tests.authz.web_matrix_matching import (  # noqa: E402
    CROSS_INSTITUTION as _MATCHING_CROSS,
)
from tests.authz.web_matrix_matching import WEB as _MATCHING_WEB  # noqa: E402

WEB.update(_MATCHING_WEB)
CROSS_INSTITUTION.update(_MATCHING_CROSS)


def expected(expectations: dict[str, int], persona: str) -> int:
    if persona in expectations:
        return expectations[persona]
    if persona != "anonymous" and "signed_in" in expectations:
        return expectations["signed_in"]
    return expectations["*"]


def url_kwargs(kwargs: dict[str, str], values: dict[str, Any]) -> dict[str, str]:
    """Placeholders name fixture objects; a leading "!" marks a literal value."""
    return {
        key: value[1:] if value.startswith("!") else values[value] for key, value in kwargs.items()
    }
