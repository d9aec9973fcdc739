from django.urls import path

from mentorquilt.notifications import views

urlpatterns = [
    path("notifications/", views.notification_index, name="notification_list"),
    path("notifications/read/", views.notification_read_all, name="notification_read_all"),
    path(
        "notifications/<uuid:notification_id>/open/",
        views.notification_open,
        name="notification_open",
    ),
    path("notifications/settings/", views.notification_settings, name="notification_settings"),
]
