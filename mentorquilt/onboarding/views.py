"""The "Your checklist" page: what each mentee and mentor still has to do (R5, R12, R27)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from mentorquilt.accounts.types import AuthedRequest
from mentorquilt.onboarding.selectors import checklist


@login_required
def onboarding_checklist(request: AuthedRequest) -> HttpResponse:
    return render(
        request, "onboarding/checklist.html", {"checklists": checklist(user=request.user)}
    )
