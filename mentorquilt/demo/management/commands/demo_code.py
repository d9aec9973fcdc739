import time
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.core.management.base import BaseCommand, CommandError

from mentorquilt.demo.people import DEMO_DOMAIN, refuse_in_production


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo login (demo only, never in production)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("who", help="A demo role (admin, staff, ...) or a demo email address.")

    def handle(self, *args: Any, who: str, **options: Any) -> None:
        refuse_in_production()
        email = who if "@" in who else f"{who}@{DEMO_DOMAIN}"
        if not email.endswith("@" + DEMO_DOMAIN):
            raise CommandError("Only demo logins have codes shown here.")
        authenticator = Authenticator.objects.filter(
            user__email=email, type=Authenticator.Type.TOTP
        ).first()
        if authenticator is None:
            raise CommandError(f"{email} has no two-factor app set up.")
        secret = decrypt(authenticator.data["secret"])
        now = int(time.time())
        code = format_hotp_value(hotp_value(secret, now // 30))
        self.stdout.write(f"{code}   (valid for about {30 - now % 30} more seconds)")
