"""API matrix rows of mentor search, quilt suggestions, supply and demand (R21-R24, B1).

Merged into api_matrix.API (same shape).
"""

from __future__ import annotations

from typing import Any

from tests.authz.api_matrix import row

# fmt: off
ROWS: dict[str, dict[str, Any]] = {
    #                                anon ment mntr admn coor staf rsch outs
    # Mentees search and get suggestions for themselves; other roles: 403.
    "mentor_search": row("GET", "/matching/search",
                         (401, 200, 403, 403, 403, 403, 403, 200)),
    "quilt_suggestions": row("GET", "/matching/suggestions",
                             (401, 200, 403, 403, 403, 403, 403, 200)),
    # A's managers and staff; everyone else: not found.
    "supply_demand_institution": row("GET", "/institutions/{institution_a}/supply-demand",
                                     (401, 404, 404, 200, 200, 200, 404, 404)),
    "supply_demand_network": row("GET", "/supply-demand",
                                 (401, 403, 403, 403, 403, 200, 403, 403)),
}
# fmt: on

CROSS: dict[str, dict[str, Any]] = {
    "supply_demand_institution": {"path": "/institutions/{institution_b}/supply-demand"},
}
