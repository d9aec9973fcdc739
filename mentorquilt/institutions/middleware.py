"""Rules for privileged sessions (staff, institution admins, coordinators, researchers).

- They must have TOTP two-factor sign-in set up before using the platform.
- Their sessions end after 30 minutes without activity and 12 hours in all.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from mentorquilt.accounts.selectors import user_has_totp
from mentorquilt.core.errors import TwoFactorRequired
from mentorquilt.core.services import audit_record
from mentorquilt.institutions.selectors import user_is_privileged

SESSION_STARTED = "mq_privileged_started"
SESSION_SEEN = "mq_privileged_seen"
# The API's answer (403) to a privileged person without two-factor sign-in, whether the
# request came with the session or with a personal access token (config/api.py).
TWO_FACTOR_API_REFUSAL = "Set up two-factor sign-in in the web app before using the API."


class PrivilegedSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not user.is_authenticated or request.path.startswith("/static/"):
            return self.get_response(request)
        if not user_is_privileged(user=user):
            return self.get_response(request)

        now = time.time()
        session = request.session
        started = session.setdefault(SESSION_STARTED, now)
        seen = session.get(SESSION_SEEN, now)
        idle = now - seen > settings.PRIVILEGED_IDLE_SECONDS
        too_long = now - started > settings.PRIVILEGED_ABSOLUTE_SECONDS
        if idle or too_long:
            audit_record(
                actor=user,
                action="session.expire",
                target=user,
                data={"reason": "idle" if idle else "absolute"},
            )
            logout(request)
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": "Your session has ended. Sign in again.", "code": "session_ended"},
                    status=401,
                )
            messages.info(request, "For your security you were signed out. Please sign in again.")
            return redirect(f"{reverse('account_login')}?{urlencode({'next': request.path})}")
        session[SESSION_SEEN] = now

        if not user_has_totp(user=user) and not self._setup_allowed(request.path):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": TWO_FACTOR_API_REFUSAL, "code": TwoFactorRequired.code}, status=403
                )
            return redirect("mfa_required")
        return self.get_response(request)

    @staticmethod
    def _setup_allowed(path: str) -> bool:
        allowed = (
            reverse("mfa_required"),
            reverse("mfa_activate_totp"),
            reverse("mfa_index"),
            reverse("account_logout"),
            "/accounts/2fa/",
            "/accounts/reauthenticate/",
        )
        return path.startswith(allowed)
