from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from mentorquilt.core.request_context import current_request_id

logger = logging.getLogger(__name__)

_SAFE_ID = re.compile(r"^[A-Za-z0-9-]{8,36}$")


class RequestIdMiddleware:
    """Gives every request an id (or keeps a proxy's X-Request-ID) for logs and audit."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_ID.match(incoming) else str(uuid.uuid4())
        request.request_id = request_id  # type: ignore[attr-defined]
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class NoStoreMiddleware:
    """Pages for signed-in people may show personal data: no browser or proxy may keep them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith("/static/"):
            response["Cache-Control"] = "no-store"
        return response


# A NUL cannot be stored in PostgreSQL text, and a lone surrogate (half of a UTF-16
# pair, which JSON's "\ud800" escape can carry) cannot be encoded as UTF-8: either
# reached the database as a 500. No one types them; they are refused at the door.
_BAD_TEXT = re.compile("[\x00\ud800-\udfff]")
BAD_TEXT_REFUSAL = (
    "The request contains a character that is not allowed "
    "(a NUL character or half of a UTF-16 surrogate pair). Remove it and try again."
)
# The pages say it in plain words (the person most likely pasted the text).
BAD_TEXT_PAGE = (
    "Something you sent contains a hidden character that cannot be saved. "
    "Please type the text again instead of pasting it, then try again."
)
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _bad_text_in(value: Any, where: str) -> str | None:
    """The key (or `where`) of the first string inside a decoded JSON value with bad text."""
    stack: list[tuple[Any, str]] = [(value, where)]
    while stack:
        item, key = stack.pop()
        if isinstance(item, str):
            if _BAD_TEXT.search(item):
                return key
        elif isinstance(item, dict):
            for inner_key, inner in item.items():
                if _BAD_TEXT.search(inner_key):
                    return key
                stack.append((inner, inner_key if key == where else key))
        elif isinstance(item, list):
            stack.extend((inner, key) for inner in item)
    return None


def _bad_text_in_querydict(data: Any) -> str | None:
    for key, values in data.lists():
        if _BAD_TEXT.search(key):
            return ""
        if any(_BAD_TEXT.search(v) for v in values):
            return str(key)
    return None


def request_bad_text_field(request: HttpRequest) -> str | None:
    """The query parameter, form field or top-level JSON key that carries a NUL or a lone
    surrogate ("" when none can be named: the path, a key, a raw NUL byte), or None when
    the request carries neither."""
    if _BAD_TEXT.search(request.path):
        return ""
    field = _bad_text_in_querydict(request.GET)
    if field is not None:
        return field
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return None
    if request.content_type in _FORM_TYPES:
        try:
            post = request.POST
        except Exception:  # a malformed form: the view answers as it did before
            return None
        return _bad_text_in_querydict(post)
    # JSON: the API reads any other body as JSON whatever its type (django-ninja).
    if request.content_type != "application/json" and not request.path.startswith("/api/"):
        return None
    body = request.body
    if b"\x00" in body:
        return ""  # a raw NUL byte is never valid JSON: refused as what it is
    if not body or (b"\\u" not in body and _is_utf8(body)):
        return None  # fast path: no escapes and plain UTF-8 carry neither character
    try:
        data = json.loads(body)  # as django-ninja parses it (bytes: "surrogatepass")
    except ValueError:
        return None  # not JSON: the API answers 400 "Cannot parse request body"
    return _bad_text_in(data, "")


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class BadTextMiddleware:
    """Refuses a NUL or a lone surrogate in the path, the query string, a form or a JSON
    body with 400, before any view or form sees it: JSON `{"detail", "field"}` under
    /api/ (see docs/api.md), a plain error page elsewhere."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        field = request_bad_text_field(request)
        if field is None:
            return self.get_response(request)
        logger.info("Refused a request that carries a NUL or a lone surrogate (400)")
        if request.path.startswith("/api/"):
            body: dict[str, str] = {"detail": BAD_TEXT_REFUSAL, "code": "bad_text"}
            if field:
                body["field"] = field
            return JsonResponse(body, status=400)
        return render(request, "400.html", {"detail": BAD_TEXT_PAGE}, status=400)
