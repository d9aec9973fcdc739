from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "mentorquilt.engagement"
    label = "engagement"
    verbose_name = "Meetings, action plans, evaluations and concerns"
