"""Helpers for the API tests: a JSON client that authenticates with a real personal access token."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from mentorquilt.accounts.models import User
from mentorquilt.accounts.services import api_token_create

BASE = "/api/v1"


class Api:
    """A test client for /api/v1/ that sends and reads JSON."""

    def __init__(self, client: Client):
        self.client = client

    def get(self, path: str, **query: Any) -> Any:
        return self.client.get(BASE + path, query)

    def post(self, path: str, body: Any = None) -> Any:
        return self.client.post(
            BASE + path,
            json.dumps(body if body is not None else {}),
            content_type="application/json",
        )

    def patch(self, path: str, body: Any) -> Any:
        return self.client.patch(BASE + path, json.dumps(body), content_type="application/json")

    def delete(self, path: str) -> Any:
        return self.client.delete(BASE + path)


def token_for(user: User, name: str = "api tests") -> str:
    _, raw = api_token_create(user=user, name=name)
    return raw


def bearer_client(user: User | None) -> Api:
    if user is None:
        return Api(Client())
    return Api(Client(headers={"Authorization": f"Bearer {token_for(user)}"}))


@pytest.fixture
def api() -> Any:
    """api(user) -> an Api client that signs every request with a fresh token of `user`."""
    return bearer_client
