"""API matrix rows of meetings, action plans, evaluations and concerns (R14, R26-R28).

Merged into api_matrix.API (same shape), with "walked_by" set: their objects need an
accepted pair, which is slow to make, so mentorquilt/engagement/tests/test_authz_matrix.py
sends every cell (token and session) from one world per persona, each request in a
rolled-back savepoint. test_api_matrix.py still checks that every operation has a row.
Placeholders as in web_matrix_engagement.py, plus {future} and {past}
(times ahead of and behind the clock).
"""

from __future__ import annotations

from typing import Any

from tests.authz.api_matrix import row

WALKED_BY = "mentorquilt/engagement/tests/test_authz_matrix.py"
MEETING = {"starts_at": "{future}", "minutes": 30, "format": "phone", "place": ""}
LOG = {"held_minutes": 30, "topics": "Interviews"}
HELD = {"held_at": "{past}", "held_minutes": 30, "format": "phone", "topics": "Interviews"}
GOAL = {"title": "Take the MCAT", "needs": ["interviews"]}
ANSWERS = {"helpful": 4, "available": 4, "respectful": 5, "recommend": 4}

# fmt: off
ROWS: dict[str, dict[str, Any]] = {
    #                                anon ment mntr admn coor staf rsch outs
    "meeting_list": row("GET", "/mentorships/{mentorship}/meetings",
                                    (401, 200, 200, 404, 404, 404, 404, 404)),
    "meeting_schedule": row("POST", "/mentorships/{mentorship}/meetings",
                                    (401, 201, 201, 404, 404, 404, 404, 404), body=MEETING),
    "meeting_record": row("POST", "/mentorships/{mentorship}/meetings/held",
                                    (401, 201, 201, 404, 404, 404, 404, 404), body=HELD),
    "meeting_get": row("GET", "/meetings/{meeting}",
                                    (401, 200, 200, 404, 404, 404, 404, 404)),
    "meeting_log": row("POST", "/meetings/{meeting}/log",
                                    (401, 200, 200, 404, 404, 404, 404, 404), body=LOG),
    "meeting_cancel": row("POST", "/meetings/{meeting}/cancel",
                                    (401, 200, 200, 404, 404, 404, 404, 404)),
    "meeting_note_set": row("PUT", "/meetings/{meeting}/my-note",
                                    (401, 200, 200, 404, 404, 404, 404, 404),
                                    body={"text": "mine"}),
    # The action plan is for mentees (the outsider is a mentee at B, with a plan of their own).
    "action_plan_get": row("GET", "/action-plan",
                                    (401, 200, 403, 403, 403, 403, 403, 200)),
    "action_plan_update": row("PUT", "/action-plan",
                                    (401, 200, 403, 403, 403, 403, 403, 200),
                                    body={"mission": "Serve my town"}),
    "mentee_action_plan_get": row("GET", "/mentorships/{mentorship}/action-plan",
                                    (401, 404, 200, 404, 404, 404, 404, 404)),
    "goal_create": row("POST", "/action-plan/goals",
                                    (401, 201, 403, 403, 403, 403, 403, 201), body=GOAL),
    "goal_get": row("GET", "/goals/{goal}",
                                    (401, 200, 200, 404, 404, 404, 404, 404)),
    # The current mentor reads the goal, so changing it is 403 for them.
    "goal_update": row("PATCH", "/goals/{goal}",
                                    (401, 200, 403, 404, 404, 404, 404, 404),
                                    body={"done": True}),
    "milestone_add": row("POST", "/goals/{goal}/milestones",
                                    (401, 201, 403, 404, 404, 404, 404, 404),
                                    body={"title": "Book a date"}),
    "milestone_update": row("PATCH", "/milestones/{milestone}",
                                    (401, 200, 403, 404, 404, 404, 404, 404),
                                    body={"done": True}),
    "goal_comment_add": row("POST", "/goals/{goal}/comments",
                                    (401, 201, 201, 404, 404, 404, 404, 404),
                                    body={"text": "Nice"}),
    "evaluation_list": row("GET", "/evaluations",
                                    (401, 200, 200, 200, 200, 200, 200, 200)),
    "evaluation_submit": row("POST", "/evaluations/{evaluation}/answers",
                                    (401, 200, 404, 404, 404, 404, 404, 404), body=ANSWERS),
    "evaluation_summary": row("GET", "/evaluations/summary",
                                    (401, 200, 200, 200, 200, 200, 200, 200)),
    "concern_report": row("POST", "/mentorships/{mentorship}/concerns",
                                    (401, 201, 201, 404, 404, 404, 404, 404),
                                    body={"text": "Something worried me."}),
    "concern_list": row("GET", "/concerns",
                                    (401, 200, 200, 200, 200, 200, 200, 200)),
    # Its reporter (the mentee) reads it; the mentor it is about does not learn it exists.
    "concern_get": row("GET", "/concerns/{concern}",
                                    (401, 200, 404, 404, 404, 404, 404, 404)),
    "concern_queue": row("GET", "/staff/concerns",
                                    (401, 403, 403, 403, 403, 200, 403, 403)),
    "concern_read": row("GET", "/staff/concerns/{concern}",
                                    (401, 404, 404, 404, 404, 200, 404, 404)),
    "concern_act": row("POST", "/staff/concerns/{concern}/actions",
                                    (401, 404, 404, 404, 404, 201, 404, 404),
                                    body={"kind": "review"}),
}
# fmt: on
for _row in ROWS.values():
    _row["walked_by"] = WALKED_BY
