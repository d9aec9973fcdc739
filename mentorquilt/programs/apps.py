from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "mentorquilt.programs"
    label = "programs"
    verbose_name = "Programs, cohorts, small groups, sessions and attendance"
