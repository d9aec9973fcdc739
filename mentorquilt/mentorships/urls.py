from django.urls import path

from mentorquilt.mentorships import views

urlpatterns = [
    path("requests/", views.request_list, name="mentorship_requests"),
    path("requests/new/", views.request_new, name="mentorship_request_new"),
    path(
        "requests/new/<uuid:profile_id>/",
        views.request_create,
        name="mentorship_request_create",
    ),
    path("requests/<uuid:request_id>/", views.request_detail, name="mentorship_request_detail"),
    path(
        "requests/<uuid:request_id>/accept/",
        views.request_accept,
        name="mentorship_request_accept",
    ),
    path(
        "requests/<uuid:request_id>/decline/",
        views.request_decline,
        name="mentorship_request_decline",
    ),
    path(
        "requests/<uuid:request_id>/message/",
        views.request_message,
        name="mentorship_request_message",
    ),
    path(
        "requests/<uuid:request_id>/withdraw/",
        views.request_withdraw,
        name="mentorship_request_withdraw",
    ),
    path("quilt/", views.quilt, name="quilt"),
    path("mentorships/", views.mentorship_list, name="mentorship_list"),
    path("mentorships/<uuid:mentorship_id>/", views.mentorship_detail, name="mentorship_detail"),
    path(
        "mentorships/<uuid:mentorship_id>/messages/",
        views.mentorship_message_post,
        name="mentorship_message_post",
    ),
    path(
        "mentorships/<uuid:mentorship_id>/pause/",
        views.mentorship_pause,
        name="mentorship_pause",
    ),
    path(
        "mentorships/<uuid:mentorship_id>/resume/",
        views.mentorship_resume,
        name="mentorship_resume",
    ),
    path(
        "mentorships/<uuid:mentorship_id>/conclude/",
        views.mentorship_conclude,
        name="mentorship_conclude",
    ),
    path(
        "institutions/<uuid:institution_id>/suspensions/",
        views.suspension_list,
        name="mentor_suspension_list",
    ),
    path(
        "suspensions/<uuid:suspension_id>/reinstate/",
        views.suspension_reinstate,
        name="mentor_reinstate",
    ),
]
