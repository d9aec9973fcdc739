from django.apps import AppConfig


class MatchingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "mentorquilt.matching"
    label = "matching"
    verbose_name = "Matching: search, suggestions, supply and demand"
