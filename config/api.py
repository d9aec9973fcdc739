"""The JSON API at /api/v1/ (django-ninja; OpenAPI document at /api/v1/openapi.json).

Authentication: the browser session (with its CSRF token) or a personal access
token sent as `Authorization: Bearer mq_...` (create one at /account/tokens/).
Errors are JSON objects with a `detail` message; see docs/api.md.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Router
from ninja.security import HttpBearer, SessionAuth

from mentorquilt.accounts.api import router as accounts_router
from mentorquilt.accounts.services import api_token_authenticate
from mentorquilt.core.api import router as core_router
from mentorquilt.core.errors import DomainError
from mentorquilt.engagement.api import router as engagement_router
from mentorquilt.institutions.api import router as institutions_router
from mentorquilt.matching.api import router as matching_router
from mentorquilt.mentorships.api import router as mentorships_router
from mentorquilt.notifications.api import router as notifications_router
from mentorquilt.onboarding.api import router as onboarding_router
from mentorquilt.pairing.api import router as pairing_router
from mentorquilt.profiles.api import router as profiles_router
from mentorquilt.programs.api import router as programs_router
from mentorquilt.training.api import router as training_router


class TokenAuth(HttpBearer):
    openapi_description = "A personal access token from /account/tokens/ (mq_...)."

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
            request.authenticated_by_token = True  # type: ignore[attr-defined]
        return user


class BrowserSessionAuth(SessionAuth):
    """The browser session; writes need its CSRF token in the X-CSRFToken header.

    Without a signed-in session this scheme simply does not apply, so a request
    with no (or a bad) token gets 401, not a CSRF 403.
    """

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


api = NinjaAPI(
    title="MentorQuilt API",
    version="1",
    description=__doc__ or "",
    auth=[TokenAuth(), BrowserSessionAuth()],
    urls_namespace="api",
)
api.add_router("", institutions_router)
api.add_router("", profiles_router)
api.add_router("", accounts_router)
api.add_router("", core_router)
api.add_router("", training_router)
api.add_router("", onboarding_router)
api.add_router("", engagement_router)
api.add_router("", mentorships_router)
api.add_router("", notifications_router)
api.add_router("", pairing_router)
api.add_router("", matching_router)
api.add_router("", programs_router)  # Programs, cohorts, sessions, attendance (R29, R30)

# Last: any other path under /api/v1/ answers a JSON 404 like the rest of the API,
# not Django's HTML page (for example an id with an encoded "/" in it).
_unknown = Router()


@_unknown.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"],
    "/{path:unknown}",
    auth=None,
    include_in_schema=False,
)
def _unknown_path(request: HttpRequest, unknown: str) -> HttpResponse:
    raise Http404


api.add_router("", _unknown)


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    body = {"detail": exc.message}
    if exc.field:
        body["field"] = exc.field
    return api.create_response(request, body, status=400)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "You may not do this."}, status=403)
