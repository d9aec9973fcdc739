from typing import Any

from django.core.management.base import BaseCommand

from mentorquilt.demo.people import DEMO_PASSWORD, build_demo_network, refuse_in_production


class Command(BaseCommand):
    help = "Load the made-up demo network and print one login per role (never in production)."

    def handle(self, *args: Any, **options: Any) -> None:
        refuse_in_production()
        logins = build_demo_network()
        out = self.stdout
        out.write("")
        out.write(self.style.SUCCESS("MentorQuilt demo is ready at http://127.0.0.1:8000"))
        out.write(f"Every demo login uses the password: {DEMO_PASSWORD}")
        out.write("")
        width = max(len(login.email) for login in logins)
        for login in logins:
            extra = "  (two-factor: make code who=" + login.role + ")" if login.two_factor else ""
            out.write(f"  {login.role:<12} {login.email:<{width}}  {login.institution}{extra}")
        out.write("")
        out.write(
            "Staff, admins, coordinators and researchers sign in with a 6-digit code as well;\n"
            "'make code who=ROLE' prints the current code for a demo login."
        )
