"""Who may open a page or call an operation: the role checks every view and API use.

One place answers a refusal the same way everywhere: a signed-in person without
the role gets 403 (PermissionDenied: the error page, or the API's `forbidden`
body); anonymous visitors of a page go to sign-in first. Objects of another
institution are not found (404) in the selectors, never refused here, so their
existence is not disclosed. Public ids are parsed by `core.ids.parse_public_id`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from mentorquilt.institutions.models import Role
from mentorquilt.institutions.selectors import user_roles

STAFF_ONLY = "Only platform staff can do this."


def _role_words(roles: tuple[str, ...]) -> str:
    labels = [str(Role(role).label).lower() for role in roles]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]


def require_role(user: Any, *roles: str, message: str = "") -> set[str]:
    """The user's active roles when they hold one of `roles`; otherwise 403."""
    held = user_roles(user=user) if getattr(user, "is_authenticated", False) else set()
    if not held & set(roles):
        raise PermissionDenied(message or f"This is for people with a {_role_words(roles)} role.")
    return held


def require_staff(user: Any, message: str = STAFF_ONLY) -> None:
    """Platform staff only; anyone else 403."""
    if not getattr(user, "is_staff", False):
        raise PermissionDenied(message)


def role_required(
    *roles: str, message: str = ""
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A page for people with one of `roles`: sign-in first, then 403 with a plain reason."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            require_role(request.user, *roles, message=message)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
