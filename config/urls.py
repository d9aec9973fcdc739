from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path

from config.api import api
from mentorquilt.accounts import views as account_views
from mentorquilt.core import views as core_views
from mentorquilt.home import views as home_views
from mentorquilt.institutions import views as institution_views
from mentorquilt.matching import views as matching_views
from mentorquilt.profiles import views as profile_views

# The admin signs in through allauth, so it gets the same two-factor and
# lockout rules as every other page.
admin.site.login = login_required(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "MentorQuilt administration"

urlpatterns = [
    path("", home_views.landing, name="landing"),
    path("home/", home_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("join/", institution_views.membership_join, name="membership_join"),
    path("invitations/<str:token>/", institution_views.invitation_accept, name="invitation_accept"),
    path("institutions/", institution_views.institution_list, name="institution_list"),
    path("institutions/new/", institution_views.institution_create, name="institution_create"),
    path(
        "institutions/<uuid:institution_id>/",
        institution_views.institution_detail,
        name="institution_detail",
    ),
    path(
        "institutions/<uuid:institution_id>/edit/",
        institution_views.institution_edit,
        name="institution_edit",
    ),
    path(
        "institutions/<uuid:institution_id>/invite/",
        institution_views.institution_invite,
        name="institution_invite",
    ),
    path(
        "institutions/<uuid:institution_id>/import/",
        institution_views.institution_import,
        name="institution_import",
    ),
    path(
        "memberships/<uuid:membership_id>/approve/",
        institution_views.membership_approve,
        name="membership_approve",
    ),
    path(
        "memberships/<uuid:membership_id>/decline/",
        institution_views.membership_decline,
        name="membership_decline",
    ),
    path(
        "memberships/<uuid:membership_id>/end/",
        institution_views.membership_end,
        name="membership_end",
    ),
    path(
        "memberships/<uuid:membership_id>/verify/",
        institution_views.mentor_verify,
        name="mentor_verify",
    ),
    path(
        "memberships/<uuid:membership_id>/unverify/",
        institution_views.mentor_unverify,
        name="mentor_unverify",
    ),
    path(
        "sent-invitations/<uuid:invitation_id>/resend/",
        institution_views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "sent-invitations/<uuid:invitation_id>/revoke/",
        institution_views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("", include("mentorquilt.onboarding.urls")),
    path("", include("mentorquilt.training.urls")),
    # Requests, mentorships, the quilt and suspensions (R6, R8, R13, R25, B1, B3)
    path("", include("mentorquilt.mentorships.urls")),
    path("", include("mentorquilt.notifications.urls")),
    # Meetings, action plans, evaluations and concerns (R14, R26, R27, R28)
    path("", include("mentorquilt.engagement.urls")),
    # Find mentors, quilt suggestions, supply and demand (R19-R24, B1, B2, B4)
    path("", include("mentorquilt.matching.urls")),
    # Coordinator pairing rounds (R22, R23, B2)
    path("", include("mentorquilt.pairing.urls")),
    path("", include("mentorquilt.programs.urls")),  # Programs and cohorts (R29, R30, R25)
    # Profiles, consent and mentor qualification (R3-R7, R11, R15, R19)
    path("profile/mentee/", profile_views.profile_mentee, name="profile_mentee"),
    path(
        "profile/mentee/<slug:step>/",
        profile_views.profile_mentee_step,
        name="profile_mentee_step",
    ),
    path("profile/background/", profile_views.profile_background, name="profile_background"),
    path("profile/mentor/", profile_views.profile_mentor, name="profile_mentor"),
    path(
        "profile/mentor/publish/",
        profile_views.profile_mentor_publish,
        name="profile_mentor_publish",
    ),
    path(
        "profile/mentor/unpublish/",
        profile_views.profile_mentor_unpublish,
        name="profile_mentor_unpublish",
    ),
    path(
        "profile/mentor/qualification/",
        profile_views.qualification_submit,
        name="qualification_submit",
    ),
    path("profile/nominate/", profile_views.mentor_nominate, name="mentor_nominate"),
    path(
        "institutions/<uuid:institution_id>/qualifications/",
        profile_views.qualification_list,
        name="qualification_list",
    ),
    path(
        "qualifications/<uuid:qualification_id>/decide/",
        profile_views.qualification_decide,
        name="qualification_decide",
    ),
    path(
        "mentors/<uuid:profile_id>/",
        matching_views.mentor_profile_detail,
        name="mentor_profile_detail",
    ),
    path(
        "mentees/<uuid:profile_id>/",
        profile_views.mentee_profile_detail,
        name="mentee_profile_detail",
    ),
    path("account/details/", account_views.account_details, name="account_details_edit"),
    path("account/tokens/", account_views.api_tokens, name="api_tokens"),
    path(
        "account/tokens/<uuid:token_id>/revoke/",
        account_views.api_token_revoke,
        name="api_token_revoke",
    ),
    path("account/two-factor-required/", account_views.mfa_required, name="mfa_required"),
    path("staff/audit/", core_views.audit_log, name="audit_log"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
