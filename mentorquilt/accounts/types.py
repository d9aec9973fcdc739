from django.http import HttpRequest

from mentorquilt.accounts.models import User


class AuthedRequest(HttpRequest):
    """A request behind login_required (or API authentication): `user` is a real User."""

    user: User
