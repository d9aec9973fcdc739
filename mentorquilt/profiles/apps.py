from django.apps import AppConfig
from django.db.models import Q


def _published(prefix: str) -> Q:
    return Q(**{f"{prefix}user__mentor_profile__published_at__isnull": False})


def _trained(prefix: str) -> Q:
    # Built at query time: staff may change which modules are required.
    from mentorquilt.training.selectors import trained_user_ids

    return Q(**{f"{prefix}user_id__in": trained_user_ids(role="mentor")})


class ProfilesConfig(AppConfig):
    name = "mentorquilt.profiles"
    label = "profiles"
    verbose_name = "Profiles, taxonomies and consent"

    def ready(self) -> None:
        from mentorquilt.institutions.selectors import counted_mentor_condition_add

        # R1: a mentor counts toward compliance once verified (institutions), published
        # (R7) and trained (R5). Registered here because profiles sits above training.
        counted_mentor_condition_add(name="profile_published", condition=_published)
        counted_mentor_condition_add(name="training_complete", condition=_trained)
