"""API matrix rows of coordinator pairing rounds (R22; SECURITY V8).

Merged into api_matrix.API with "walked_by" set: a round with a proposal needs ready
people, so mentorquilt/pairing/tests/test_authz_matrix.py sends every cell (token and
session) from one world per persona, each request in a rolled-back savepoint.
Placeholders: {round} (institution A's round, proposal ready), {pair} (one of its pairs),
{institution_a}. Coordinators and admins of the institution and staff; others 404. The
full engine input: staff only.
"""

from __future__ import annotations

from typing import Any

from tests.authz.api_matrix import row

WALKED_BY = "mentorquilt/pairing/tests/test_authz_matrix.py"
NEW_ROUND = {"institution_id": "{institution_a}", "name": "Matrix round", "cap": 2}

# fmt: off
ROWS: dict[str, dict[str, Any]] = {
    #                                anon ment mntr admn coor staf rsch outs
    "pairing_round_list": row("GET", "/pairing/rounds",
                                    (401, 404, 404, 200, 200, 200, 404, 404)),
    "pairing_round_create": row("POST", "/pairing/rounds",
                                    (401, 404, 404, 201, 201, 201, 404, 404), body=NEW_ROUND),
    "pairing_round_status": row("GET", "/pairing/rounds/{round}",
                                    (401, 404, 404, 200, 200, 200, 404, 404)),
    "pairing_round_run": row("POST", "/pairing/rounds/{round}/run",
                                    (401, 404, 404, 202, 202, 202, 404, 404)),
    "pairing_round_proposal": row("GET", "/pairing/rounds/{round}/proposal",
                                    (401, 404, 404, 200, 200, 200, 404, 404)),
    "pairing_round_adjust": row("POST", "/pairing/rounds/{round}/adjust",
                                    (401, 404, 404, 200, 200, 200, 404, 404),
                                    body={"action": "remove", "pair": "{pair}"}),
    "pairing_round_publish": row("POST", "/pairing/rounds/{round}/publish",
                                    (401, 404, 404, 202, 202, 202, 404, 404), body={}),
    "pairing_round_export": row("GET", "/pairing/rounds/{round}/export",
                                    (401, 404, 404, 200, 200, 200, 404, 404)),
    # the full input (hidden attributes, eligibility): staff only (decision 0007)
    "pairing_round_engine_input": row("GET", "/pairing/rounds/{round}/engine-input",
                                    (401, 404, 404, 404, 404, 200, 404, 404)),
}
# fmt: on
for _row in ROWS.values():
    _row["walked_by"] = WALKED_BY

# Institution B's round, asked for by institution A's people: 404, never 403.
CROSS_PAIRING: dict[str, dict[str, Any]] = {
    "pairing_round_status": {"method": "GET", "path": "/pairing/rounds/{round_b}"},
    "pairing_round_proposal": {"method": "GET", "path": "/pairing/rounds/{round_b}/proposal"},
    "pairing_round_export": {"method": "GET", "path": "/pairing/rounds/{round_b}/export"},
    "pairing_round_engine_input": {
        "method": "GET",
        "path": "/pairing/rounds/{round_b}/engine-input",
    },
    "pairing_round_run": {"method": "POST", "path": "/pairing/rounds/{round_b}/run"},
    "pairing_round_publish": {
        "method": "POST",
        "path": "/pairing/rounds/{round_b}/publish",
        "body": {},
    },
}
