"""What each web write (a POST row of the web matrix) does when it is allowed.

The matrix says who gets which status; a 302 alone does not say the write happened
(our views redirect after a refused action too, with an error message), nor where
it leads. For every POST row walked by test_web_matrix.py this table gives:

* body: a valid form body, sent to every persona (so a refusal is the authorization
  decision, never a form error);
* prepare: optional, puts the object in the state the write changes (a published
  profile is unpublished before "publish");
* done: whether the write's effect is in the database. It must be False before the
  request, True after an allowed one, and still False after a refused one;
* redirect: where an allowed write sends its person (a path).

Each callable gets (targets, persona); targets.values names the matrix objects.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from mentorquilt.accounts.models import PersonalAccessToken
from mentorquilt.core.models import AuditEvent
from mentorquilt.institutions.models import Invitation, Membership, MembershipStatus
from mentorquilt.mentorships.models import (
    Mentorship,
    MentorshipRequest,
    MentorshipState,
    MentorSuspension,
    RequestStatus,
)
from mentorquilt.mentorships.services import mentorship_pause
from mentorquilt.notifications.models import Notification
from mentorquilt.notifications.services import notify
from mentorquilt.profiles.models import MentorProfile, Qualification, QualificationStatus
from mentorquilt.profiles.services import mentor_profile_publish

Check = Callable[[Any, str], Any]


@dataclass(frozen=True)
class Write:
    done: Callable[[Any, str], bool]
    redirect: Callable[[Any, str], str]
    body: Check = field(default=lambda targets, persona: {})
    prepare: Check | None = None


def _membership(targets: Any, key: str) -> Membership:
    return Membership.objects.get(public_id=targets.values[key])


def _institution_page(targets: Any, persona: str) -> str:
    return reverse("institution_detail", kwargs={"institution_id": targets.values["institution_a"]})


def _request(targets: Any, key: str) -> MentorshipRequest:
    return MentorshipRequest.objects.get(public_id=targets.values[key])


def _mentorship(targets: Any) -> Mentorship:
    return Mentorship.objects.get(public_id=targets.values["mentorship_a"])


def _mentorship_page(targets: Any, persona: str) -> str:
    return reverse("mentorship_detail", kwargs={"mentorship_id": targets.values["mentorship_a"]})


def _audited(action: str, key: str) -> Callable[[Any, str], bool]:
    def done(targets: Any, persona: str) -> bool:
        return AuditEvent.objects.filter(action=action, target_id=targets.values[key]).exists()

    return done


def _unpublish(targets: Any, persona: str) -> None:
    mentor_profile_publish(actor=targets.world.mentor, publish=False)


def _pause(targets: Any, persona: str) -> None:
    mentorship_pause(actor=targets.world.mentee, mentorship=_mentorship(targets))


def _notify_persona(targets: Any, persona: str) -> None:
    user = targets.world.persona(persona)
    if user is not None:
        notify(user=user, kind="test", title="Something new")


def _no_unread(targets: Any, persona: str) -> bool:
    user = targets.world.persona(persona)
    if user is None:
        return False
    notes = Notification.objects.filter(user=user)
    return notes.exists() and not notes.filter(read_at__isnull=True).exists()


def _suspension_list(targets: Any, persona: str) -> str:
    return reverse(
        "mentor_suspension_list", kwargs={"institution_id": targets.values["institution_a"]}
    )


WRITES: dict[str, Write] = {
    "membership_approve": Write(
        done=lambda t, p: _membership(t, "pending_request_a").status == MembershipStatus.ACTIVE,
        redirect=_institution_page,
    ),
    "membership_decline": Write(
        done=lambda t, p: _membership(t, "pending_request_a").status == MembershipStatus.DECLINED,
        redirect=_institution_page,
    ),
    "membership_end": Write(
        done=lambda t, p: _membership(t, "membership_mentee_a").status == MembershipStatus.ENDED,
        redirect=_institution_page,
    ),
    "mentor_verify": Write(
        done=lambda t, p: _membership(t, "membership_unverified_mentor_a").verified_at is not None,
        redirect=_institution_page,
    ),
    "mentor_unverify": Write(
        done=lambda t, p: _membership(t, "membership_mentor_a").verified_at is None,
        redirect=_institution_page,
    ),
    "invitation_resend": Write(
        done=_audited("invitation.resend", "invitation_a"), redirect=_institution_page
    ),
    "invitation_revoke": Write(
        done=lambda t, p: (
            Invitation.objects.get(public_id=t.values["invitation_a"]).state == "revoked"
        ),
        redirect=_institution_page,
    ),
    "profile_mentor_publish": Write(
        prepare=_unpublish,
        done=lambda t, p: MentorProfile.objects.get(user=t.world.mentor).published_at is not None,
        redirect=lambda t, p: reverse("profile_mentor"),
    ),
    "profile_mentor_unpublish": Write(
        done=lambda t, p: MentorProfile.objects.get(user=t.world.mentor).published_at is None,
        redirect=lambda t, p: reverse("profile_mentor"),
    ),
    "qualification_decide": Write(
        body=lambda t, p: {"decision": "verify", "reason": ""},
        done=lambda t, p: (
            Qualification.objects.get(public_id=t.values["qualification_a"]).status
            == QualificationStatus.VERIFIED
        ),
        redirect=lambda t, p: reverse(
            "qualification_list", kwargs={"institution_id": t.values["institution_a"]}
        ),
    ),
    "api_token_revoke": Write(
        done=lambda t, p: (
            PersonalAccessToken.objects.get(public_id=t.values["token_of_mentee"]).revoked_at
            is not None
        ),
        redirect=lambda t, p: reverse("api_tokens"),
    ),
    "mentorship_request_accept": Write(
        done=lambda t, p: _request(t, "request_to_mentor").status == RequestStatus.ACCEPTED,
        redirect=lambda t, p: reverse(
            "mentorship_detail",
            kwargs={"mentorship_id": _request(t, "request_to_mentor").mentorship.public_id},
        ),
    ),
    "mentorship_request_decline": Write(
        body=lambda t, p: {"reason": "I am away this term."},
        done=lambda t, p: (
            _request(t, "request_to_mentor").status == RequestStatus.DECLINED
            and _request(t, "request_to_mentor").decline_reason == "I am away this term."
        ),
        redirect=lambda t, p: reverse("mentorship_requests"),
    ),
    "mentorship_request_message": Write(
        body=lambda t, p: {"body": "Which interviews are you preparing for?"},
        done=lambda t, p: (
            _request(t, "request_to_mentor")
            .thread.filter(body="Which interviews are you preparing for?")
            .exists()
        ),
        redirect=lambda t, p: reverse(
            "mentorship_request_detail", kwargs={"request_id": t.values["request_to_mentor"]}
        ),
    ),
    "mentorship_request_withdraw": Write(
        done=lambda t, p: _request(t, "request_of_mentee").status == RequestStatus.WITHDRAWN,
        redirect=lambda t, p: reverse("mentorship_requests"),
    ),
    "mentorship_message_post": Write(
        body=lambda t, p: {"body": "Hello from the matrix"},
        done=lambda t, p: _mentorship(t).messages.filter(body="Hello from the matrix").exists(),
        redirect=lambda t, p: _mentorship_page(t, p) + "#messages",
    ),
    "mentorship_pause": Write(
        done=lambda t, p: _mentorship(t).state == MentorshipState.PAUSED,
        redirect=_mentorship_page,
    ),
    "mentorship_resume": Write(
        prepare=_pause,
        done=lambda t, p: _mentorship(t).state == MentorshipState.ACTIVE,
        redirect=_mentorship_page,
    ),
    "mentorship_conclude": Write(
        body=lambda t, p: {"reason": "We reached our goals.", "early_reason": "Interview done."},
        done=lambda t, p: _mentorship(t).state == MentorshipState.CONCLUDED,
        redirect=_mentorship_page,
    ),
    "mentor_reinstate": Write(
        body=lambda t, p: {"note": "Back from leave.", "next": _suspension_list(t, p)},
        done=lambda t, p: (
            MentorSuspension.objects.get(public_id=t.values["suspension_a"]).ended_at is not None
        ),
        redirect=_suspension_list,
    ),
    "notification_read_all": Write(
        prepare=_notify_persona,
        done=_no_unread,
        redirect=lambda t, p: reverse("notification_list"),
    ),
    "notification_open": Write(
        done=lambda t, p: (
            Notification.objects.get(public_id=t.values["notification_own"]).read_at is not None
        ),
        redirect=lambda t, p: reverse("notification_list"),
    ),
}
