from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The landing page and each person's home: composes the other apps' reads."""

    name = "mentorquilt.home"
    label = "home"
    verbose_name = "Home"
