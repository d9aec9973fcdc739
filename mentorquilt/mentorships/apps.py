from django.apps import AppConfig


class MentorshipsConfig(AppConfig):
    name = "mentorquilt.mentorships"
    label = "mentorships"
    verbose_name = "Mentorship requests and mentorships"
