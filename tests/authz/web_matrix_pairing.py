"""Web matrix rows of coordinator pairing rounds (R22; SECURITY V8).

Merged into web_matrix.WEB. A round with a proposal needs ready people, so these rows
are walked by mentorquilt/pairing/tests/test_authz_matrix.py (one world per persona,
every request in a rolled-back savepoint). Placeholders: round (institution A's round,
proposal ready), pair (one of its pairs), round_b (institution B's round).
Coordinators and admins of the institution and staff; everyone else 404.
"""

from __future__ import annotations

ANON = {"anonymous": 302}
MANAGERS_PAGE = {**ANON, "admin": 200, "coordinator": 200, "staff": 200, "*": 404}
MANAGERS_ACTION = {**ANON, "admin": 302, "coordinator": 302, "staff": 302, "*": 404}
STAFF_PAGE = {**ANON, "staff": 200, "*": 404}

WEB_PAIRING: dict[str, tuple[str, dict[str, str], dict[str, int]]] = {
    "pairing_round_list": ("GET", {}, MANAGERS_PAGE),
    "pairing_round_create": ("GET", {}, MANAGERS_PAGE),
    "pairing_round_detail": ("GET", {"round_id": "round"}, MANAGERS_PAGE),
    "pairing_round_progress": ("GET", {"round_id": "round"}, MANAGERS_PAGE),
    "pairing_round_run": ("POST", {"round_id": "round"}, MANAGERS_ACTION),
    "pairing_pair_swap": ("POST", {"round_id": "round"}, MANAGERS_ACTION),
    "pairing_pair_add": ("POST", {"round_id": "round"}, MANAGERS_ACTION),
    "pairing_pair_remove": ("POST", {"round_id": "round", "pair_id": "pair"}, MANAGERS_ACTION),
    # GET: the confirmation with the counts; the POST that confirms is in SECOND_METHOD
    "pairing_round_publish": ("GET", {"round_id": "round"}, MANAGERS_PAGE),
    "pairing_round_export": ("GET", {"round_id": "round"}, MANAGERS_PAGE),
    # the full engine input (hidden attributes, eligibility): staff only (decision 0007)
    "pairing_round_engine_input": ("GET", {"round_id": "round"}, STAFF_PAGE),
    "pairing_round_import": ("POST", {"round_id": "round"}, MANAGERS_ACTION),
}

# A second method of a URL whose row above is for the other method, walked by the same
# test. A POST to publish without `confirm` only shows the confirmation again (200).
SECOND_METHOD: dict[str, tuple[str, dict[str, str], dict[str, int]]] = {
    "pairing_round_publish": ("POST", {"round_id": "round"}, MANAGERS_PAGE),
}

# Institution B's round seen by institution A's people: never disclosed (staff see it).
CROSS_PAIRING: dict[str, tuple[str, dict[str, str], dict[str, int]]] = {
    "pairing_round_detail": (
        "GET",
        {"round_id": "round_b"},
        {"admin": 404, "coordinator": 404, "staff": 200},
    ),
    "pairing_round_export": ("GET", {"round_id": "round_b"}, {"admin": 404, "coordinator": 404}),
    "pairing_round_engine_input": (
        "GET",
        {"round_id": "round_b"},
        {"admin": 404, "coordinator": 404, "staff": 200},
    ),
    "pairing_round_publish": ("POST", {"round_id": "round_b"}, {"admin": 404, "coordinator": 404}),
}
