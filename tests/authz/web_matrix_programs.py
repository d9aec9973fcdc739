"""Web matrix rows of programs, cohorts, groups, sessions and attendance (R29, R30; SECURITY V8).

Merged into web_matrix.WEB and walked by mentorquilt/programs/tests/test_authz_matrix.py
(one world per persona, every request in a rolled-back savepoint). Placeholders:
program (institution A's, no partner), cohort (its recruiting cohort; the mentee persona is
an accepted participant), applicant (a member who applied, not a persona), session (a
workshop starting in 30 minutes), program_b (institution B's program).
Managers are A's coordinator and admin, and staff; another institution's people get 404.
"""

from __future__ import annotations

ANON = {"anonymous": 302}
SIGNED_IN = {**ANON, "*": 200}
MANAGERS_PAGE = {**ANON, "admin": 200, "coordinator": 200, "staff": 200, "*": 404}
MANAGERS_ACTION = {**ANON, "admin": 302, "coordinator": 302, "staff": 302, "*": 404}
VISIBLE = {**ANON, "outsider": 404, "*": 200}

WEB_PROGRAMS: dict[str, tuple[str, dict[str, str], dict[str, int]]] = {
    "program_list": ("GET", {}, SIGNED_IN),
    "program_create": (
        "GET",
        {},
        {**ANON, "admin": 200, "coordinator": 200, "staff": 200, "*": 403},
    ),
    "program_detail": ("GET", {"program_id": "program"}, VISIBLE),
    "program_edit": ("GET", {"program_id": "program"}, MANAGERS_PAGE),
    "cohort_create": ("GET", {"program_id": "program"}, MANAGERS_PAGE),
    "cohort_detail": ("GET", {"cohort_id": "cohort"}, MANAGERS_PAGE),
    "cohort_status": ("POST", {"cohort_id": "cohort"}, MANAGERS_ACTION),
    "cohort_invite": ("GET", {"cohort_id": "cohort"}, MANAGERS_PAGE),
    # The mentee is in the cohort already: sent to their programs page.
    "cohort_apply": ("GET", {"cohort_id": "cohort"}, {**VISIBLE, "mentee": 302}),
    "group_create": ("GET", {"cohort_id": "cohort"}, MANAGERS_PAGE),
    "session_create": ("GET", {"cohort_id": "cohort"}, MANAGERS_PAGE),
    "cohort_attendance": ("GET", {"cohort_id": "cohort"}, MANAGERS_PAGE),
    "member_decide": ("POST", {"member_id": "applicant"}, MANAGERS_ACTION),
    "member_leave": ("POST", {"member_id": "applicant"}, MANAGERS_ACTION),
    "member_group": ("POST", {"member_id": "applicant"}, MANAGERS_ACTION),
    "session_attendance": ("GET", {"session_id": "session"}, MANAGERS_PAGE),
    "session_cancel": ("POST", {"session_id": "session"}, MANAGERS_ACTION),
    "session_invite": ("GET", {"session_id": "session"}, {**MANAGERS_PAGE, "mentee": 200}),
    "my_programs": ("GET", {}, SIGNED_IN),
}

# Institution B's program seen by institution A's people: never disclosed (staff see it).
CROSS_PROGRAMS: dict[str, tuple[str, dict[str, str], dict[str, int]]] = {
    "program_detail": (
        "GET",
        {"program_id": "program_b"},
        {"admin": 404, "coordinator": 404, "mentee": 404, "mentor": 404, "staff": 200},
    ),
    "program_edit": ("GET", {"program_id": "program_b"}, {"admin": 404, "coordinator": 404}),
    "cohort_detail": ("GET", {"cohort_id": "cohort_b"}, {"admin": 404, "coordinator": 404}),
    "cohort_apply": ("GET", {"cohort_id": "cohort_b"}, {"mentee": 404, "mentor": 404}),
}
