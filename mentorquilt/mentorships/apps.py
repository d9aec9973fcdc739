from django.apps import AppConfig


class MentorshipsConfig(AppConfig):
    name = "mentorquilt.mentorships"
    label = "mentorships"
    verbose_name = "Mentorship requests and mentorships"

    def ready(self) -> None:
        from mentorquilt.institutions.services import membership_ended_hook_add
        from mentorquilt.mentorships.services import alumni_invite_on_membership_end

        # R18: when a mentee's role ends (graduation), invite them to mentor. Registered
        # here because institutions sits below this app and must not import it.
        membership_ended_hook_add(name="alumni_invite", hook=alumni_invite_on_membership_end)
