"""The landing page and the role-based home page.

Home shows one section per role a person holds (a resident may be a mentee and
a mentor at once), each from real data.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from mentorquilt.core.selectors import audit_event_list
from mentorquilt.engagement.selectors import engagement_home
from mentorquilt.institutions.forms import JoinForm
from mentorquilt.institutions.models import MembershipStatus, Role
from mentorquilt.institutions.selectors import (
    institution_compliance,
    institution_list_joinable,
    institution_list_managed,
    membership_list_for_user,
    user_roles,
)
from mentorquilt.mentorships.selectors import mentorship_home
from mentorquilt.onboarding.selectors import checklist


def landing(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    return render(request, "home/landing.html")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    roles = user_roles(user=user)
    memberships = list(membership_list_for_user(user=user))
    active = [m for m in memberships if m.status == MembershipStatus.ACTIVE]
    managed = []
    if roles & {Role.ADMIN, Role.COORDINATOR, "staff"}:
        managed = [
            (institution, institution_compliance(institution=institution))
            for institution in institution_list_managed(user=user)[:50]
        ]
    context = {
        "roles": roles,
        "memberships": memberships,
        "mentee_memberships": [m for m in active if m.role == Role.MENTEE],
        "mentor_memberships": [m for m in active if m.role == Role.MENTOR],
        "researcher_memberships": [m for m in active if m.role == Role.RESEARCHER],
        "pending": [m for m in memberships if m.status == MembershipStatus.PENDING],
        "managed": managed,
        "checklists": checklist(user=user),
        "recent_audit": audit_event_list(user=user)[:8] if user.is_staff else [],
        "engagement": engagement_home(
            user=user,
            overdue_days=settings.EVALUATION_OVERDUE_DAYS,
            is_mentee=Role.MENTEE in roles,
        ),
        "mentorships": mentorship_home(user=user) if roles & {Role.MENTEE, Role.MENTOR} else None,
        "join_form": None if active else JoinForm(institutions=institution_list_joinable()),
    }
    return render(request, "home/home.html", context)
