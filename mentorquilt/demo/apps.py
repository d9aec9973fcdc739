from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Made-up demo data for trying MentorQuilt locally. Refuses to run in production."""

    name = "mentorquilt.demo"
    label = "demo"
    verbose_name = "Demo data"
