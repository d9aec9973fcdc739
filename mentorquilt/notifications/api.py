"""JSON API of notifications: each person reads and marks only their own."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from ninja import Query, Router

from mentorquilt.accounts.types import AuthedRequest
from mentorquilt.core.api import paginate
from mentorquilt.core.schemas import PageQuery, with_errors
from mentorquilt.notifications import services
from mentorquilt.notifications.schemas import (
    NotificationOut,
    NotificationPage,
    PreferenceIn,
    PreferenceOut,
    ReadOut,
)
from mentorquilt.notifications.selectors import (
    email_mode_of,
    notification_get,
    notification_list,
    notification_unread_count,
)

router = Router(tags=["notifications"])


@router.get(
    "/notifications",
    response=with_errors({200: NotificationPage}),
    operation_id="notification_list",
    summary="The caller's notifications, newest first, with the unread count",
)
def notification_list_api(request: AuthedRequest, page: Query[PageQuery]) -> Any:
    return {
        **paginate(notification_list(user=request.user), page),
        "unread": notification_unread_count(user=request.user),
    }


@router.post(
    "/notifications/read",
    response=with_errors({200: ReadOut}),
    operation_id="notification_read_all",
    summary="Mark all of the caller's notifications read",
)
def notification_read_all(request: AuthedRequest) -> Any:
    return {"marked": services.notification_mark_read(user=request.user)}


@router.post(
    "/notifications/{notification_id}/read",
    response=with_errors({200: NotificationOut}),
    operation_id="notification_read",
    summary="Mark one of the caller's notifications read",
)
def notification_read(request: AuthedRequest, notification_id: UUID) -> Any:
    notification = notification_get(user=request.user, public_id=notification_id)
    services.notification_mark_read(user=request.user, notification=notification)
    notification.refresh_from_db()
    return notification


@router.get(
    "/notifications/preference",
    response=with_errors({200: PreferenceOut}),
    operation_id="notification_preference_get",
    summary="How often the caller is emailed: immediate or weekly",
)
def notification_preference_get(request: AuthedRequest) -> Any:
    return {"email_mode": email_mode_of(user=request.user)}


@router.put(
    "/notifications/preference",
    response=with_errors({200: PreferenceOut}),
    operation_id="notification_preference_set",
    summary="Choose immediate emails or a weekly digest",
)
def notification_preference_set(request: AuthedRequest, payload: PreferenceIn) -> Any:
    services.notification_preference_set(user=request.user, email_mode=payload.email_mode)
    return {"email_mode": payload.email_mode}
