"""API matrix rows of requests, mentorships, the quilt, suspensions and notifications.

Merged into api_matrix.API (same shape). Placeholders (built lazily by
mentorship_targets.py, only for the rows that name them):
{request_to_mentor} another mentee's pending request to the mentor persona;
{request_of_mentee} the mentee persona's pending request to another mentor;
{mentorship_a} the mentee persona's active mentorship with the mentor persona;
{mentor_profile_a} the mentor persona's published, local profile;
{mentor_profile_free} another local mentor of A with free places;
{suspension_a} a suspended mentor of A; {notification_own} a notification of the
caller; {notification_other} one of the outsider's.
"""

from __future__ import annotations

from typing import Any

from tests.authz.api_matrix import row

ASK = {"mentor_id": "{mentor_profile_free}", "message": "Hello", "needs": ["interviews"]}
CONCLUDE = {"reason": "Goals reached", "early_reason": "Moving away"}

# fmt: off
ROWS: dict[str, dict[str, Any]] = {
    #                                anon ment mntr admn coor staf rsch outs
    "mentorship_request_list": row("GET", "/mentorship-requests",
                                    (401, 200, 200, 200, 200, 200, 200, 200)),
    # Only mentees ask (403 for other roles); B's mentee cannot find A's local mentor.
    "mentorship_request_send": row("POST", "/mentorship-requests",
                                    (401, 201, 403, 403, 403, 403, 403, 404), body=ASK),
    # A request is its mentee's and its mentor's: everyone else gets 404.
    "mentorship_request_get": row("GET", "/mentorship-requests/{request_to_mentor}",
                                    (401, 404, 200, 404, 404, 404, 404, 404)),
    "mentorship_request_accept": row("POST", "/mentorship-requests/{request_to_mentor}/accept",
                                    (401, 404, 200, 404, 404, 404, 404, 404)),
    "mentorship_request_decline": row("POST",
                                      "/mentorship-requests/{request_to_mentor}/decline",
                                    (401, 404, 200, 404, 404, 404, 404, 404), body={"reason": ""}),
    "mentorship_request_message": row("POST",
                                      "/mentorship-requests/{request_to_mentor}/messages",
                                    (401, 404, 200, 404, 404, 404, 404, 404),
                                    body={"body": "Which schools?"}),
    "mentorship_request_withdraw": row("POST",
                                       "/mentorship-requests/{request_of_mentee}/withdraw",
                                    (401, 200, 404, 404, 404, 404, 404, 404)),
    "mentorship_list": row("GET", "/mentorships",
                                    (401, 200, 200, 200, 200, 200, 200, 200)),
    "mentorship_get": row("GET", "/mentorships/{mentorship_a}",
                                    (401, 200, 200, 404, 404, 404, 404, 404)),
    # The pair's private thread: its two people only; staff and everyone else get 404.
    "mentorship_message_list": row("GET", "/mentorships/{mentorship_a}/messages",
                                    (401, 200, 200, 404, 404, 404, 404, 404)),
    "mentorship_message_post": row("POST", "/mentorships/{mentorship_a}/messages",
                                    (401, 201, 201, 404, 404, 404, 404, 404),
                                    body={"body": "Hello"}),
    "mentorship_pause": row("POST", "/mentorships/{mentorship_a}/pause",
                                    (401, 200, 200, 404, 404, 404, 404, 404)),
    # Its two people may resume it; an active one answers 400 (nothing to resume).
    "mentorship_resume": row("POST", "/mentorships/{mentorship_a}/resume",
                                    (401, 400, 400, 404, 404, 404, 404, 404)),
    "mentorship_conclude": row("POST", "/mentorships/{mentorship_a}/conclude",
                                    (401, 200, 200, 404, 404, 404, 404, 404), body=CONCLUDE),
    "quilt_get": row("GET", "/quilt",
                                    (401, 200, 403, 403, 403, 403, 403, 200)),
    "mentor_responsiveness_get": row("GET", "/mentors/{mentor_profile_a}/responsiveness",
                                    (401, 200, 200, 200, 200, 200, 200, 404)),
    "mentor_suspension_list": row("GET", "/institutions/{institution_a}/suspensions",
                                    (401, 403, 403, 200, 403, 200, 403, 404)),
    "mentor_reinstate": row("POST", "/suspensions/{suspension_a}/reinstate",
                                    (401, 404, 404, 200, 404, 200, 404, 404), body={"note": ""}),
    "notification_list": row("GET", "/notifications",
                                    (401, 200, 200, 200, 200, 200, 200, 200)),
    "notification_read_all": row("POST", "/notifications/read",
                                    (401, 200, 200, 200, 200, 200, 200, 200)),
    "notification_read": row("POST", "/notifications/{notification_own}/read",
                                    (401, 200, 200, 200, 200, 200, 200, 200)),
    "notification_preference_get": row("GET", "/notifications/preference",
                                    (401, 200, 200, 200, 200, 200, 200, 200)),
    "notification_preference_set": row("PUT", "/notifications/preference",
                                    (401, 200, 200, 200, 200, 200, 200, 200),
                                    body={"email_mode": "weekly"}),
}
# fmt: on

CROSS: dict[str, dict[str, Any]] = {
    "mentor_suspension_list": {"path": "/institutions/{institution_b}/suspensions"},
    "notification_read": {"path": "/notifications/{notification_other}/read"},
}
