from django.urls import path

from mentorquilt.programs import views

urlpatterns = [
    path("programs/", views.program_list, name="program_list"),
    path("programs/new/", views.program_create, name="program_create"),
    path("programs/<uuid:program_id>/", views.program_detail, name="program_detail"),
    path("programs/<uuid:program_id>/edit/", views.program_edit, name="program_edit"),
    path("programs/<uuid:program_id>/cohorts/new/", views.cohort_create, name="cohort_create"),
    path("cohorts/<uuid:cohort_id>/", views.cohort_detail, name="cohort_detail"),
    path("cohorts/<uuid:cohort_id>/status/", views.cohort_status, name="cohort_status"),
    path("cohorts/<uuid:cohort_id>/invite/", views.cohort_invite, name="cohort_invite"),
    path("cohorts/<uuid:cohort_id>/apply/", views.cohort_apply, name="cohort_apply"),
    path("cohorts/<uuid:cohort_id>/groups/new/", views.group_create, name="group_create"),
    path("cohorts/<uuid:cohort_id>/sessions/new/", views.session_create, name="session_create"),
    path("cohorts/<uuid:cohort_id>/attendance/", views.cohort_attendance, name="cohort_attendance"),
    path("cohort-members/<uuid:member_id>/decide/", views.member_decide, name="member_decide"),
    path("cohort-members/<uuid:member_id>/leave/", views.member_leave, name="member_leave"),
    path("cohort-members/<uuid:member_id>/group/", views.member_group, name="member_group"),
    path(
        "sessions/<uuid:session_id>/attendance/",
        views.session_attendance,
        name="session_attendance",
    ),
    path("sessions/<uuid:session_id>/cancel/", views.session_cancel, name="session_cancel"),
    path("sessions/<uuid:session_id>/session.ics", views.session_invite, name="session_invite"),
    path("my-programs/", views.my_programs, name="my_programs"),
]
