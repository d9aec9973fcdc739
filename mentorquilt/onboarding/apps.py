from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "mentorquilt.onboarding"
    label = "onboarding"
    verbose_name = "Onboarding checklist"
