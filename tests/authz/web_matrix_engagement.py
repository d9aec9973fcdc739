"""Web matrix rows of meetings, action plans, evaluations and concerns (R14, R26-R28).

Merged into web_matrix.WEB (same shape). Their objects need an accepted pair, which
is slow to make, so these rows are walked by
mentorquilt/engagement/tests/test_authz_matrix.py (one world per persona, every row in
a rolled-back savepoint), not cell by cell; test_web_matrix.py still checks that every
route has a row. Placeholders: mentorship (the mentee persona with the mentor persona,
active), meeting (planned, its time passed), goal and milestone (the mentee's),
evaluation (the mentee's, due), concern (reported by the mentee about the mentor).
"""

from __future__ import annotations

ANON = {"anonymous": 302}
PAIR_ONLY = {**ANON, "mentee": 200, "mentor": 200, "*": 404}
PAIR_ACTION = {**ANON, "mentee": 302, "mentor": 302, "*": 404}
OWNER_ACTION = {**ANON, "mentee": 302, "mentor": 403, "*": 404}  # the mentor reads, not writes
OWNER_PAGE = {**ANON, "mentee": 200, "mentor": 403, "*": 404}
MENTEES = {**ANON, "mentee": 200, "outsider": 200, "*": 403}
STAFF_PAGE = {**ANON, "staff": 200, "*": 403}

WEB_ENGAGEMENT: dict[str, tuple[str, dict[str, str], dict[str, int]]] = {
    # Meetings (R26): the pair only; everyone else, another institution too, gets 404.
    "meeting_list": ("GET", {"mentorship_id": "mentorship"}, PAIR_ONLY),
    "meeting_schedule": ("GET", {"mentorship_id": "mentorship"}, PAIR_ONLY),
    "meeting_record": ("GET", {"mentorship_id": "mentorship"}, PAIR_ONLY),
    "meeting_detail": ("GET", {"meeting_id": "meeting"}, PAIR_ONLY),
    "meeting_log": ("GET", {"meeting_id": "meeting"}, PAIR_ONLY),
    "meeting_cancel": ("POST", {"meeting_id": "meeting"}, PAIR_ACTION),
    "meeting_invite": ("GET", {"meeting_id": "meeting"}, PAIR_ONLY),
    # The action plan (R28): mentees keep theirs; their current mentor reads and comments.
    "action_plan": ("GET", {}, MENTEES),
    "goal_create": ("GET", {}, MENTEES),
    "mentee_plan": ("GET", {"mentorship_id": "mentorship"}, {**ANON, "mentor": 200, "*": 404}),
    "goal_detail": ("GET", {"goal_id": "goal"}, PAIR_ONLY),
    "goal_edit": ("GET", {"goal_id": "goal"}, OWNER_PAGE),
    "goal_done": ("POST", {"goal_id": "goal"}, OWNER_ACTION),
    "milestone_add": ("POST", {"goal_id": "goal"}, OWNER_ACTION),
    "milestone_done": ("POST", {"milestone_id": "milestone"}, OWNER_ACTION),
    "goal_comment": ("POST", {"goal_id": "goal"}, PAIR_ACTION),
    # Evaluations (R14): one's own list; an evaluation is its mentee's only.
    "evaluation_list": ("GET", {}, {**ANON, "*": 200}),
    "evaluation_submit": (
        "GET",
        {"evaluation_id": "evaluation"},
        {**ANON, "mentee": 200, "*": 404},
    ),
    # Concerns (R27): either side reports; only staff read the queue and act.
    "concern_report": ("GET", {"mentorship_id": "mentorship"}, PAIR_ONLY),
    "concern_list": ("GET", {}, {**ANON, "*": 200}),
    "concern_queue": ("GET", {}, STAFF_PAGE),
    "concern_detail": ("GET", {"concern_id": "concern"}, STAFF_PAGE),
    "concern_act": ("POST", {"concern_id": "concern"}, {**ANON, "staff": 302, "*": 403}),
}
