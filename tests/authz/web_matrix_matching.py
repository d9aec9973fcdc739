"""Web matrix rows of find mentors, quilt suggestions and supply and demand (R21-R24, B1).

Merged into web_matrix.WEB (same shape).
"""

from __future__ import annotations

ANON_TO_LOGIN = {"anonymous": 302}
MENTEES = {**ANON_TO_LOGIN, "mentee": 200, "outsider": 200, "*": 403}

WEB: dict[str, tuple[str, dict[str, str], dict[str, int]]] = {
    "mentor_find": ("GET", {}, MENTEES),
    "quilt_suggestions": ("GET", {}, MENTEES),
    # A's managers (admin, coordinator) and staff; everyone else: not found.
    "supply_demand_institution": (
        "GET",
        {"institution_id": "institution_a"},
        {**ANON_TO_LOGIN, "admin": 200, "coordinator": 200, "staff": 200, "*": 404},
    ),
    "supply_demand_network": ("GET", {}, {**ANON_TO_LOGIN, "staff": 200, "*": 403}),
}

CROSS_INSTITUTION: dict[str, tuple[str, dict[str, str], dict[str, int]]] = {
    "supply_demand_institution": (
        "GET",
        {"institution_id": "institution_b"},
        {"admin": 404, "coordinator": 404, "staff": 200},
    ),
}
