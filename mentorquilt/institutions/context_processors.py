from __future__ import annotations

from django.http import HttpRequest

from mentorquilt.institutions.selectors import user_roles


def roles(request: HttpRequest) -> dict[str, object]:
    """The signed-in person's roles, for the navigation (one query, only when signed in)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_roles": set()}
    return {"nav_roles": user_roles(user=user)}
