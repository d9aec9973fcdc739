from django.apps import AppConfig


class PairingConfig(AppConfig):
    name = "mentorquilt.pairing"
    label = "pairing"
    verbose_name = "Coordinator pairing rounds"
