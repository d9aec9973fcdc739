from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "DEMO_MODE": not settings.PRODUCTION,
        # Whom to write to about a staff hold or a suspended account (R27).
        "CONTACT_EMAIL": settings.MENTORQUILT_CONTACT_EMAIL,
    }
