"""Web matrix rows of requests, mentorships, the quilt, suspensions and notifications.

Merged into web_matrix.WEB (same shape). Placeholders are built lazily by
mentorship_targets.MentorshipTargets (see api_matrix_mentorships.py for what each
names); {notification_own} is the mentee persona's notification here.
"""

from __future__ import annotations

ANON_TO_LOGIN = {"anonymous": 302}
MENTEES = {**ANON_TO_LOGIN, "mentee": 200, "outsider": 200, "*": 403}
MENTEES_AND_MENTORS = {**ANON_TO_LOGIN, "mentee": 200, "mentor": 200, "outsider": 200, "*": 403}

WEB: dict[str, tuple[str, dict[str, str], dict[str, int]]] = {
    "mentorship_requests": ("GET", {}, MENTEES_AND_MENTORS),
    # The old mentor list: mentees are sent on to Find mentors.
    "mentorship_request_new": (
        "GET",
        {},
        {**ANON_TO_LOGIN, "mentee": 302, "outsider": 302, "*": 403},
    ),
    # B's mentee cannot find A's local mentor: 404; other roles do not ask: 403.
    "mentorship_request_create": (
        "GET",
        {"profile_id": "mentor_profile_free"},
        {**ANON_TO_LOGIN, "mentee": 200, "outsider": 404, "*": 403},
    ),
    # A request is its mentee's and its mentor's only.
    "mentorship_request_detail": (
        "GET",
        {"request_id": "request_to_mentor"},
        {**ANON_TO_LOGIN, "mentor": 200, "*": 404},
    ),
    "mentorship_request_accept": (
        "POST",
        {"request_id": "request_to_mentor"},
        {**ANON_TO_LOGIN, "mentor": 302, "*": 404},
    ),
    "mentorship_request_decline": (
        "POST",
        {"request_id": "request_to_mentor"},
        {**ANON_TO_LOGIN, "mentor": 302, "*": 404},
    ),
    "mentorship_request_message": (
        "POST",
        {"request_id": "request_to_mentor"},
        {**ANON_TO_LOGIN, "mentor": 302, "*": 404},
    ),
    "mentorship_request_withdraw": (
        "POST",
        {"request_id": "request_of_mentee"},
        {**ANON_TO_LOGIN, "mentee": 302, "*": 404},
    ),
    "quilt": ("GET", {}, MENTEES),
    "mentorship_list": ("GET", {}, MENTEES_AND_MENTORS),
    "mentorship_detail": (
        "GET",
        {"mentorship_id": "mentorship_a"},
        {**ANON_TO_LOGIN, "mentee": 200, "mentor": 200, "*": 404},
    ),
    # The pair's private thread: its two people write; everyone else, staff and
    # another institution too, gets 404.
    "mentorship_message_post": (
        "POST",
        {"mentorship_id": "mentorship_a"},
        {**ANON_TO_LOGIN, "mentee": 302, "mentor": 302, "*": 404},
    ),
    "mentorship_pause": (
        "POST",
        {"mentorship_id": "mentorship_a"},
        {**ANON_TO_LOGIN, "mentee": 302, "mentor": 302, "*": 404},
    ),
    "mentorship_resume": (
        "POST",
        {"mentorship_id": "mentorship_a"},
        {**ANON_TO_LOGIN, "mentee": 302, "mentor": 302, "*": 404},
    ),
    "mentorship_conclude": (
        "POST",
        {"mentorship_id": "mentorship_a"},
        {**ANON_TO_LOGIN, "mentee": 302, "mentor": 302, "*": 404},
    ),
    # Admins reinstate; coordinators see the school but may not (403).
    "mentor_suspension_list": (
        "GET",
        {"institution_id": "institution_a"},
        {**ANON_TO_LOGIN, "admin": 200, "staff": 200, "coordinator": 403, "*": 404},
    ),
    "mentor_reinstate": (
        "POST",
        {"suspension_id": "suspension_a"},
        {**ANON_TO_LOGIN, "admin": 302, "staff": 302, "*": 404},
    ),
    "notification_list": ("GET", {}, {**ANON_TO_LOGIN, "*": 200}),
    "notification_read_all": ("POST", {}, {**ANON_TO_LOGIN, "*": 302}),
    "notification_open": (
        "POST",
        {"notification_id": "notification_own"},
        {**ANON_TO_LOGIN, "mentee": 302, "*": 404},
    ),
    "notification_settings": ("GET", {}, {**ANON_TO_LOGIN, "*": 200}),
}

CROSS_INSTITUTION: dict[str, tuple[str, dict[str, str], dict[str, int]]] = {
    "mentor_suspension_list": (
        "GET",
        {"institution_id": "institution_b"},
        {"admin": 404, "coordinator": 404, "staff": 200},
    ),
}
