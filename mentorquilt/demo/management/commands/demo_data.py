from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from mentorquilt.accounts.models import User
from mentorquilt.demo.mentorships import build_demo_lapsed_mentor, build_demo_mentorships
from mentorquilt.demo.network import build_scale_network
from mentorquilt.demo.people import (
    DEMO_DOMAIN,
    DEMO_PASSWORD,
    LOGINS,
    build_demo_network,
    demo_person,
    refuse_in_production,
)
from mentorquilt.institutions.models import Institution


class Command(BaseCommand):
    help = "Load the made-up demo network and print one login per role (never in production)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--scale",
            action="store_true",
            help="Also write a national-size network for benchmarks (20,000 mentors, "
            "100,000 mentees; bulk-written, takes a few minutes).",
        )
        parser.add_argument("--mentors", type=int, default=20_000)
        parser.add_argument("--mentees", type=int, default=100_000)

    def handle(self, *args: Any, **options: Any) -> None:
        refuse_in_production()
        logins = build_demo_network()
        # Requests and mentorships, so the request pages and a quilt show something (R8, R13).
        quilted = build_demo_mentorships(
            domain=DEMO_DOMAIN,
            mentor_email=LOGINS[1].email,
            exclude=[login.email for login in LOGINS],
        )
        # A mentor suspended after unanswered requests, for the reinstatement page (R8, B3).
        lapsed = build_demo_lapsed_mentor(
            domain=DEMO_DOMAIN,
            staff=User.objects.get(email=LOGINS[5].email),
            institution=Institution.objects.get(name=LOGINS[1].institution),
            person=demo_person,
            exclude=[login.email for login in LOGINS],
        )
        if options["scale"]:
            self.stdout.write("Writing the national-size network (R24)...")
            done = build_scale_network(
                mentors=options["mentors"],
                mentees=options["mentees"],
                progress=self.stdout.write,
            )
            self.stdout.write("Done." if done else "The national-size network is already there.")
        out = self.stdout
        out.write("")
        out.write(self.style.SUCCESS(f"MentorQuilt demo is ready at {settings.SITE_URL}"))
        out.write(f"Every demo login uses the password: {DEMO_PASSWORD}")
        out.write("")
        width = max(len(login.email) for login in logins)
        for login in logins:
            extra = "  (two-factor: make code who=" + login.role + ")" if login.two_factor else ""
            out.write(f"  {login.role:<12} {login.email:<{width}}  {login.institution}{extra}")
        out.write("")
        if quilted:
            out.write(f"  {'mentee':<12} {quilted:<{width}}  (has two mentors: see 'Your quilt')")
        out.write(
            f"  {'mentor':<12} {lapsed:<{width}}  (suspended after unanswered requests: "
            "the admin reinstates her)"
        )
        out.write("")
        out.write(
            "Staff, admins, coordinators and researchers sign in with a 6-digit code as well;\n"
            "'make code who=ROLE' prints the current code for a demo login."
        )
