"""API matrix rows of programs (R29, R30; SECURITY V8).

Merged into api_matrix.API with "walked_by" set: mentorquilt/programs/tests/test_authz_matrix.py
sends every cell (token and session) from one world per persona, each request in a
rolled-back savepoint. Placeholders as in web_matrix_programs.py, plus {mentee_member} (the
mentee persona's accepted membership) and {institution_a}.
"""

from __future__ import annotations

from typing import Any

from tests.authz.api_matrix import row

WALKED_BY = "mentorquilt/programs/tests/test_authz_matrix.py"
NEW_PROGRAM = {"institution_id": "{institution_a}", "kind": "campaign", "name": "Matrix campaign"}
NEW_COHORT = {
    "name": "Matrix cohort",
    "starts_on": "2027-01-04",
    "ends_on": "2027-06-30",
    "capacity": 10,
}
APPLY = {"role": "mentor", "answers": ["Matrix answer"], "accept_values": True}
NEW_SESSION = {
    "kind": "workshop",
    "title": "Matrix workshop",
    "starts_at": "{later}",
    "ends_at": "{later_end}",
    "place": "Room 1",
}
PRESENT = {"member_id": "{mentee_member}", "status": "present"}

# fmt: off
ROWS: dict[str, dict[str, Any]] = {
    #                                anon ment mntr admn coor staf rsch outs
    "program_list": row("GET", "/programs",
                        (401, 200, 200, 200, 200, 200, 200, 200)),
    "program_create": row("POST", "/programs",
                        (401, 404, 404, 201, 201, 201, 404, 404), body=NEW_PROGRAM),
    "program_mine": row("GET", "/programs/mine",
                        (401, 200, 200, 200, 200, 200, 200, 200)),
    "program_get": row("GET", "/programs/{program}",
                        (401, 200, 200, 200, 200, 200, 200, 404)),
    "program_cohort_list": row("GET", "/programs/{program}/cohorts",
                        (401, 200, 200, 200, 200, 200, 200, 404)),
    "program_cohort_create": row("POST", "/programs/{program}/cohorts",
                        (401, 404, 404, 201, 201, 201, 404, 404), body=NEW_COHORT),
    "program_cohort_get": row("GET", "/programs/cohorts/{cohort}",
                        (401, 200, 200, 200, 200, 200, 200, 404)),
    "program_cohort_status": row("POST", "/programs/cohorts/{cohort}/status",
                        (401, 404, 404, 200, 200, 200, 404, 404), body={"status": "active"}),
    "program_member_list": row("GET", "/programs/cohorts/{cohort}/members",
                        (401, 404, 404, 200, 200, 200, 404, 404)),
    # The mentee is in already (400); staff belong to no institution (400); B is no partner.
    "program_member_apply": row("POST", "/programs/cohorts/{cohort}/apply",
                        (401, 400, 201, 201, 201, 400, 201, 404), body=APPLY),
    "program_member_decide": row("POST", "/programs/members/{applicant}/decide",
                        (401, 404, 404, 200, 200, 200, 404, 404), body={"decision": "accepted"}),
    "program_member_leave": row("POST", "/programs/members/{applicant}/leave",
                        (401, 404, 404, 200, 200, 200, 404, 404)),
    "program_session_list": row("GET", "/programs/cohorts/{cohort}/sessions",
                        (401, 200, 404, 200, 200, 200, 404, 404)),
    "program_session_create": row("POST", "/programs/cohorts/{cohort}/sessions",
                        (401, 404, 404, 201, 201, 201, 404, 404), body=NEW_SESSION),
    "program_attendance_list": row("GET", "/programs/sessions/{session}/attendance",
                        (401, 404, 404, 200, 200, 200, 404, 404)),
    "program_attendance_record": row("POST", "/programs/sessions/{session}/attendance",
                        (401, 404, 404, 200, 200, 200, 404, 404), body=PRESENT),
}
# fmt: on
for _row in ROWS.values():
    _row["walked_by"] = WALKED_BY

# Institution B's program and cohort, asked for by institution A's people: 404, never 403.
CROSS_PROGRAMS: dict[str, dict[str, Any]] = {
    "program_get": {"method": "GET", "path": "/programs/{program_b}"},
    "program_cohort_get": {"method": "GET", "path": "/programs/cohorts/{cohort_b}"},
    "program_member_list": {"method": "GET", "path": "/programs/cohorts/{cohort_b}/members"},
    "program_member_apply": {
        "method": "POST",
        "path": "/programs/cohorts/{cohort_b}/apply",
        "body": APPLY,
    },
}
