"""Background tasks of the institutions app. Arguments are ids only, never personal data."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from mentorquilt.institutions.links import invitation_token
from mentorquilt.institutions.models import Invitation


@task()
def invitation_send(invitation_id: str) -> str:
    """Email one invitation. Safe to run twice: a sent or closed invitation is skipped."""
    invitation = (
        Invitation.objects.select_related("institution", "invited_by")
        .filter(public_id=invitation_id)
        .first()
    )
    if invitation is None or invitation.state != "open":
        return "skipped: closed"
    if invitation.sent_at is not None:
        return "skipped: already sent"
    link = settings.SITE_URL + reverse(
        "invitation_accept", kwargs={"token": invitation_token(str(invitation.public_id))}
    )
    context = {"invitation": invitation, "link": link, "days": settings.INVITATION_MAX_AGE_DAYS}
    send_mail(
        subject=f"[MentorQuilt] {invitation.institution.name} invites you to join",
        message=render_to_string("institutions/email/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())
    return "sent"
