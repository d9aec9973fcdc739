# ruff: noqa: S603, S108, E501  (a benchmark driving its own subprocesses; embedded scripts)
"""HTTP benchmark of mentor search at national scale (R21, R24): target median < 150 ms.

    .venv/bin/python bench/search_http.py [--db PATH] [--requests 300] [--workers 2]

1. Builds (once) a separate SQLite database with `manage.py migrate` and
   `manage.py demo_data --scale` (20,000 mentors, 100,000 mentees), then makes the scale
   mentors whose profile is verified and published *ready* (the scale builder writes
   profiles only): it bulk-writes acceptances of the current mentor agreements and
   completions of the required mentor modules, as the real services would record them.
2. Starts gunicorn on 127.0.0.1 with that database (DEBUG off, like production).
3. Signs in a few scale mentees (server-side sessions) and warms each worker up (the first
   search of a process builds its mentor pool).
4. A bounded loop of GET /find-mentors/ (the HTML page) and GET /api/v1/matching/search
   (JSON), rotating mentees and filters, one request at a time on a keep-alive connection.
   Prints median and p95 per endpoint and the ratio of the median to the 150 ms target.

Never run by `make test`: it measures, it does not assert (ARCHITECTURE.md).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
TARGET_MS = 150.0

READY_UP = r"""
import django, os
django.setup()
from django.utils import timezone
from mentorquilt.institutions.models import Role
from mentorquilt.profiles.models import MentorProfile
from mentorquilt.training.models import AgreementAcceptance, ModuleCompletion
from mentorquilt.training.selectors import agreement_current_list, agreement_kinds_for, required_modules
now = timezone.now()
users = list(MentorProfile.objects.filter(published_at__isnull=False).values_list("user_id", flat=True))
versions = agreement_current_list(kinds=agreement_kinds_for(role=Role.MENTOR))
have = set(AgreementAcceptance.objects.values_list("user_id", "version_id"))
AgreementAcceptance.objects.bulk_create(
    [AgreementAcceptance(user_id=u, version=v, accepted_at=now) for u in users for v in versions
     if (u, v.pk) not in have], batch_size=5000)
modules = list(required_modules(role=Role.MENTOR))
done = set(ModuleCompletion.objects.values_list("user_id", "module_id"))
ModuleCompletion.objects.bulk_create(
    [ModuleCompletion(user_id=u, module=m, completed_at=now, module_version=m.version,
                      attestation="I completed this module.", credit_hours=m.cme_credit_hours)
     for u in users for m in modules if (u, m.pk) not in done], batch_size=5000)
print(f"ready-up: {len(users)} published mentors, {len(versions)} agreements, {len(modules)} modules")
"""

SESSIONS = r"""
import django
django.setup()
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from mentorquilt.accounts.models import User
from mentorquilt.institutions.models import Role
from mentorquilt.profiles.models import MenteeProfile
from mentorquilt.demo.network import SCALE_DOMAIN
ids = list(MenteeProfile.objects.filter(user__memberships__role=Role.MENTEE, user__email__endswith=SCALE_DOMAIN)
           .order_by("pk").values_list("user_id", flat=True)[:400:40])
for user in User.objects.filter(pk__in=ids):
    s = SessionStore()
    s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    s.create()
    print(settings.SESSION_COOKIE_NAME, s.session_key)
"""

FILTERS = [
    "",
    "?reach=national",
    "?accepting_now=on",
    "?need={need}",
    "?meeting_format=video",
    "?need={need}&reach=local",
]


def env_for(db: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"sqlite:///{db}",
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="false",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        PYTHONPATH=str(ROOT),
    )
    return env


def build(db: Path) -> None:
    env = env_for(db)
    if not db.exists():
        print(f"building {db} (migrate + demo_data --scale: several minutes)...", flush=True)
        subprocess.run([PY, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
        subprocess.run(
            [PY, "manage.py", "demo_data", "--scale"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    subprocess.run([PY, "-c", READY_UP], cwd=ROOT, env=env, check=True)


def sessions(db: Path) -> list[tuple[str, str]]:
    out = subprocess.run(
        [PY, "-c", SESSIONS], cwd=ROOT, env=env_for(db), check=True, capture_output=True, text=True
    ).stdout.split()
    return list(zip(out[::2], out[1::2], strict=True))


def get(
    conn: http.client.HTTPConnection, path: str, cookie: tuple[str, str], found: list[int]
) -> float:
    started = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": f"{cookie[0]}={cookie[1]}"})
    response = conn.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    if response.status != 200:
        raise RuntimeError(f"{path}: {response.status} {body[:300]!r}")
    if path.startswith("/api/"):
        found.append(len(json.loads(body)["mentors"]))
    else:
        found.append(body.count(b"Why this mentor"))
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, default=Path("/tmp/mentorquilt_search_bench.sqlite3"))
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    build(args.db)
    cookies = sessions(args.db)
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "config.wsgi",
            "-b",
            f"127.0.0.1:{args.port}",
            "-w",
            str(args.workers),
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env_for(args.db),
    )
    try:
        conn = None
        for _ in range(100):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=120)
                conn.request("GET", "/healthz")
                conn.getresponse().read()
                break
            except OSError:
                time.sleep(0.2)
        assert conn is not None
        need = "interviews"
        # Warm-up: every worker builds its pool on its first search.
        warm = []
        for i in range(args.workers * 4):
            warm.append(get(conn, "/find-mentors/", cookies[i % len(cookies)], []))
            conn.close()
        print(f"warm-up (pool builds): max {max(warm):.0f} ms")
        results: dict[str, list[float]] = {"page": [], "api": []}
        found: dict[str, list[int]] = {"page": [], "api": []}
        for i in range(args.requests):
            cookie = cookies[i % len(cookies)]
            query = FILTERS[i % len(FILTERS)].format(need=need)
            if i % 2 == 0:
                results["page"].append(get(conn, "/find-mentors/" + query, cookie, found["page"]))
            else:
                api_query = query.replace("meeting_format=", "format=").replace("=on", "=true")
                path = "/api/v1/matching/search" + api_query
                results["api"].append(get(conn, path, cookie, found["api"]))
        load = os.getloadavg()
        print(
            f"machine: {platform.machine()} {os.cpu_count()} cores, "
            f"load {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}; "
            f"gunicorn {args.workers} workers; {args.requests} requests, one at a time"
        )
        for name, times in results.items():
            times.sort()
            median = statistics.median(times)
            p95 = times[int(0.95 * (len(times) - 1))]
            print(
                f"{name:>4}: median {median:6.1f} ms  p95 {p95:6.1f} ms  "
                f"ratio to the {TARGET_MS:.0f} ms target {median / TARGET_MS:.2f}; "
                f"mentors per answer {statistics.mean(found[name]):.1f}, "
                f"empty answers {sum(1 for n in found[name] if n == 0)}"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
