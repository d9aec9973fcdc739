from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    return {"DEMO_MODE": not settings.PRODUCTION}
