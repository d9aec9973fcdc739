from django.urls import path

from mentorquilt.engagement import views

urlpatterns = [
    # Meetings (R26)
    path(
        "mentorships/<uuid:mentorship_id>/meetings/",
        views.meeting_list_page,
        name="meeting_list",
    ),
    path(
        "mentorships/<uuid:mentorship_id>/meetings/plan/",
        views.meeting_schedule,
        name="meeting_schedule",
    ),
    path(
        "mentorships/<uuid:mentorship_id>/meetings/record/",
        views.meeting_record,
        name="meeting_record",
    ),
    path("meetings/<uuid:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<uuid:meeting_id>/log/", views.meeting_log, name="meeting_log"),
    path("meetings/<uuid:meeting_id>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<uuid:meeting_id>/meeting.ics", views.meeting_invite, name="meeting_invite"),
    # The action plan (R28)
    path("plan/", views.action_plan, name="action_plan"),
    path("plan/goals/new/", views.goal_create, name="goal_create"),
    path("mentorships/<uuid:mentorship_id>/plan/", views.mentee_plan, name="mentee_plan"),
    path("goals/<uuid:goal_id>/", views.goal_detail, name="goal_detail"),
    path("goals/<uuid:goal_id>/edit/", views.goal_edit, name="goal_edit"),
    path("goals/<uuid:goal_id>/done/", views.goal_done, name="goal_done"),
    path("goals/<uuid:goal_id>/steps/", views.milestone_add, name="milestone_add"),
    path("goals/<uuid:goal_id>/comments/", views.goal_comment, name="goal_comment"),
    path("steps/<uuid:milestone_id>/done/", views.milestone_done, name="milestone_done"),
    # Evaluations (R14)
    path("evaluations/", views.evaluation_list, name="evaluation_list"),
    path(
        "evaluations/<uuid:evaluation_id>/",
        views.evaluation_submit,
        name="evaluation_submit",
    ),
    # Concerns (R27)
    path(
        "mentorships/<uuid:mentorship_id>/concern/",
        views.concern_report,
        name="concern_report",
    ),
    path("concerns/", views.concern_list, name="concern_list"),
    path("staff/concerns/", views.concern_queue_page, name="concern_queue"),
    path("staff/concerns/<uuid:concern_id>/", views.concern_detail, name="concern_detail"),
    path("staff/concerns/<uuid:concern_id>/act/", views.concern_act, name="concern_act"),
]
