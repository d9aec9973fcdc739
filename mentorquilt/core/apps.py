from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mentorquilt.core"
    label = "core"
    verbose_name = "Core"
