from django.apps import AppConfig


class InstitutionsConfig(AppConfig):
    name = "mentorquilt.institutions"
    label = "institutions"
    verbose_name = "Institutions"
