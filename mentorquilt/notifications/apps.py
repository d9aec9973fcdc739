from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "mentorquilt.notifications"
    label = "notifications"
    verbose_name = "Notifications"
