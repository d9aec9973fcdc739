"""The JSON API at /api/v1/ (django-ninja; OpenAPI document at /api/v1/openapi.json).

Authentication: the browser session (with its CSRF token) or a personal access
token sent as `Authorization: Bearer mq_...` (create one at /account/tokens/).
Errors are JSON objects with a `detail` message; see docs/api.md.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import HttpBearer, SessionAuth

from mentorquilt.accounts.services import api_token_authenticate
from mentorquilt.core.errors import DomainError


class TokenAuth(HttpBearer):
    openapi_description = "A personal access token from /account/tokens/ (mq_...)."

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="MentorQuilt API",
    version="1",
    description=__doc__ or "",
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
)


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
    return api.create_response(
        request, {"detail": str(exc) or "You may not do this."}, status=403
    )
