"""The JSON API at /api/v1/ (django-ninja; OpenAPI document at /api/v1/openapi.json).

Authentication: the browser session (with its CSRF token) or a personal access
token sent as `Authorization: Bearer mq_...` (create one at /account/tokens/).
Errors are JSON objects with a `detail` message; see docs/api.md.
"""

from __future__ import annotations

from typing import Any, get_args

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Router
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer, SessionAuth
from pydantic import BaseModel

from config.api_docs import ApiReference
from mentorquilt.accounts.api import router as accounts_router
from mentorquilt.accounts.services import api_token_authenticate
from mentorquilt.core.api import router as core_router
from mentorquilt.core.errors import ERROR_CODES, DomainError, TwoFactorRequired
from mentorquilt.core.schemas import Body
from mentorquilt.engagement.api import router as engagement_router
from mentorquilt.institutions.api import router as institutions_router
from mentorquilt.institutions.middleware import TWO_FACTOR_API_REFUSAL
from mentorquilt.institutions.selectors import user_needs_two_factor
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
        if user is None:
            return None
        # The same two-factor rule as the browser session (decision 0003): a token made
        # before its owner was given a privileged role must not skip it.
        if user_needs_two_factor(user=user):
            raise TwoFactorRequired(TWO_FACTOR_API_REFUSAL)
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
    docs=ApiReference(),
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


# Every error body carries a stable `code` beside its message (docs/api.md, "Errors"):
# a DomainError's own code for a refused rule, one fixed code per other status.
@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    body = {"detail": exc.message, "code": exc.code}
    if exc.field:
        body["field"] = exc.field
    return api.create_response(request, body, status=400)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(
        request, {"detail": "Not found.", "code": ERROR_CODES[404]}, status=404
    )


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    body = {
        "detail": str(exc) or "You may not do this.",
        "code": getattr(exc, "code", ERROR_CODES[403]),
    }
    return api.create_response(request, body, status=403)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # django-ninja's own refusals; its only 403 is the browser session's CSRF check.
    code = "csrf_failed" if "CSRF" in str(exc) else ERROR_CODES.get(exc.status_code, "error")
    return api.create_response(request, {"detail": str(exc), "code": code}, status=exc.status_code)


@api.exception_handler(AuthenticationError)
def _not_signed_in(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    body = {"detail": "Sign in, or send a valid personal access token.", "code": ERROR_CODES[401]}
    return api.create_response(request, body, status=401)


def body_models_that_are_not_strict(ninja_api: NinjaAPI) -> list[str]:
    """Request body models (and models inside them) that are not a core `Body`.

    A ninja `Schema` reads its input through attribute access, so any JSON value
    (`"junk"`, `42`, `[null]`, `null`) passes as "every field left out": an operation
    whose fields are all optional would then run with defaults (issue #9: that
    published pairing rounds). `Body` is a plain pydantic model: it takes only objects.
    """
    found: list[str] = []

    def walk(model: type[BaseModel], where: str, seen: set[type]) -> None:
        if model in seen:
            return
        seen.add(model)
        if not issubclass(model, Body):
            found.append(f"{where}: {model.__name__}")
        for name, field in model.model_fields.items():
            for inner in _models_in(field.annotation):
                walk(inner, f"{where}.{name}", seen)

    for _prefix, router in ninja_api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for params in operation.models:
                    if params.__ninja_param_source__ != "body":
                        continue
                    for name, field in params.model_fields.items():
                        for model in _models_in(field.annotation):
                            walk(model, f"{'/'.join(operation.methods)} {path} {name}", set())
    return found


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in get_args(annotation) for model in _models_in(arg)]


# The one place that keeps every body an object (issue #9): a new operation whose body
# is a ninja Schema stops the app at start-up instead of accepting `"junk"` as `{}`.
_not_strict = body_models_that_are_not_strict(api)
if _not_strict:
    raise ImproperlyConfigured(
        "Request bodies must subclass mentorquilt.core.schemas.Body: " + "; ".join(_not_strict)
    )
