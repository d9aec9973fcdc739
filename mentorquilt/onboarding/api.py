"""JSON API of the onboarding checklist: what the caller still has to do before a mentorship."""

from __future__ import annotations

from typing import Any

from ninja import Router

from mentorquilt.accounts.types import AuthedRequest
from mentorquilt.core.schemas import with_errors
from mentorquilt.onboarding.schemas import ChecklistOut
from mentorquilt.onboarding.selectors import checklist

router = Router(tags=["onboarding"])


@router.get(
    "/onboarding/checklist",
    response=with_errors({200: ChecklistOut}),
    operation_id="checklist_get",
    summary="The caller's checklist for each mentee or mentor role, and whether they are ready",
)
def checklist_get(request: AuthedRequest) -> Any:
    return {"checklists": checklist(user=request.user)}
