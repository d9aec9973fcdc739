"""JSON API of the accounts app: a person's own personal access tokens."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from ninja import Query, Router

from mentorquilt.accounts import services
from mentorquilt.accounts.schemas import TokenCreatedOut, TokenIn, TokenOut, TokenPage
from mentorquilt.accounts.selectors import api_token_get, api_token_list
from mentorquilt.accounts.types import AuthedRequest
from mentorquilt.core.api import paginate
from mentorquilt.core.schemas import PageQuery, with_errors

router = Router(tags=["tokens"])


@router.get(
    "/tokens",
    response=with_errors({200: TokenPage}),
    operation_id="token_list",
    summary="Your personal access tokens, newest first",
)
def token_list(request: AuthedRequest, page: Query[PageQuery]) -> Any:
    return paginate(api_token_list(user=request.user), page)


@router.post(
    "/tokens",
    response=with_errors({201: TokenCreatedOut}),
    operation_id="token_create",
    summary="Create a personal access token; the answer shows it once",
)
def token_create(request: AuthedRequest, payload: TokenIn) -> Any:
    # A leaked token must not be able to mint tokens that outlive its revocation.
    if getattr(request, "authenticated_by_token", False):
        raise PermissionDenied("Create tokens from your account page while signed in.")
    token, raw = services.api_token_create(
        user=request.user, name=payload.name, expires_in_days=payload.expires_in_days
    )
    return 201, {**TokenOut.model_validate(token).model_dump(), "token": raw}


@router.delete(
    "/tokens/{token_id}",
    response=with_errors({204: None}),
    operation_id="token_revoke",
    summary="Revoke one of your tokens; it stops working at once",
)
def token_revoke(request: AuthedRequest, token_id: UUID) -> Any:
    token = api_token_get(user=request.user, public_id=token_id)
    services.api_token_revoke(user=request.user, token=token)
    return 204, None
