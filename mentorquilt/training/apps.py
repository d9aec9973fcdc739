from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "mentorquilt.training"
    label = "training"
    verbose_name = "Agreements and training"
