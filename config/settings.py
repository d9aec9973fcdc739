"""MentorQuilt settings: one file, driven by environment variables.

Nothing secret lives here. The defaults give a development/demo set-up on
SQLite; production sets MENTORQUILT_ENV=production and the variables listed in
README.md ("Configuration"), and refuses to start without a SECRET_KEY.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# "development" (the default: demo data allowed, DEBUG on) or "production".
ENVIRONMENT = env("MENTORQUILT_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"
DEBUG = env_bool("DJANGO_DEBUG", default=not PRODUCTION)

SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")
    SECRET_KEY = "development-only-key-not-for-production-use-0123456789abcdef"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SITE_URL = env("MENTORQUILT_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # serves the API docs page's Swagger UI from our own static files (no CDN)
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks_db",
    "mentorquilt.core",
    "mentorquilt.accounts",
    "mentorquilt.institutions",
    "mentorquilt.notifications",
    "mentorquilt.training",
    "mentorquilt.onboarding",
    "mentorquilt.profiles",
    "mentorquilt.mentorships",
    "mentorquilt.engagement",
    "mentorquilt.matching",
    "mentorquilt.pairing",
    "mentorquilt.programs",
    "mentorquilt.home",
    "mentorquilt.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "mentorquilt.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # NUL and lone surrogates in any query string, form or JSON body: 400 (docs/api.md).
    "mentorquilt.core.middleware.BadTextMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "mentorquilt.institutions.middleware.PrivilegedSessionMiddleware",
    "mentorquilt.core.middleware.NoStoreMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "mentorquilt.core.context_processors.site",
                "mentorquilt.institutions.context_processors.roles",
                "mentorquilt.notifications.context_processors.unread",
            ],
        },
    },
]

# SQLite by default (zero set-up); DATABASE_URL switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process and the task worker use the file side by side.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Shared cache (rate limits, lockouts). Several app servers need a shared one:
# set CACHE_URL=redis://host:6379/0 (see docs/deploy.md).
if env("CACHE_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("CACHE_URL"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Passwords: 8 to 128 characters, common passwords refused, no composition rules.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "mentorquilt.accounts.validators.MaximumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- allauth: email login, verification, TOTP, no enumeration --------------
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_UNIQUE_EMAIL = True
# One address per person, replaced (after confirmation) when changed: invitations and
# audit rows match on User.email, so a second, switchable address would confuse them.
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[MentorQuilt] "
ACCOUNT_ADAPTER = "mentorquilt.accounts.adapter.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "mentorquilt.accounts.forms.SignupExtraForm"
MENTORQUILT_OPEN_SIGNUP = env_bool("MENTORQUILT_OPEN_SIGNUP", default=True)
# 5 failed logins per (email) within 5 minutes lock that login for the rest of
# the window; the per-IP limit slows spraying across many emails.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/key,30/5m/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "MentorQuilt"
LOGIN_REDIRECT_URL = "home"
LOGIN_URL = "account_login"
LOGOUT_REDIRECT_URL = "landing"

# Privileged sessions (staff, admins, coordinators, researchers): 30 minutes
# idle, 12 hours in all. Everyone else: 2 weeks in all, browser-close ends it.
PRIVILEGED_IDLE_SECONDS = 30 * 60
PRIVILEGED_ABSOLUTE_SECONDS = 12 * 60 * 60
SESSION_COOKIE_AGE = 14 * 24 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- email: console in development, SMTP in production ------------------------
# EMAIL_HOST switches to SMTP; production refuses to start without it.
if env("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env("EMAIL_HOST"),
                "port": int(env("EMAIL_PORT", "587")),
                "username": env("EMAIL_HOST_USER") or None,
                "password": env("EMAIL_HOST_PASSWORD") or None,
                "use_tls": env_bool("EMAIL_USE_TLS", default=True),
                "timeout": 20,
            },
        }
    }
elif PRODUCTION and not env_bool("MENTORQUILT_ALLOW_NO_EMAIL"):
    raise ImproperlyConfigured("Set EMAIL_HOST (and EMAIL_HOST_USER/PASSWORD) in production.")
else:
    # Development: each email printed readably (links whole) where `make run` runs.
    MAILERS = {"default": {"BACKEND": "mentorquilt.core.mail.ReadableConsoleBackend"}}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "MentorQuilt <no-reply@mentorquilt.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- background tasks: Django's Tasks API on the database ---------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- security headers -----------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# --- logging: no personal data; request ids tie lines to audit rows ------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "mentorquilt.core.logging.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django logs the full URL of failed requests; our URLs carry no personal
        # data (UUIDs only), so these are safe to keep.
        "django.request": {"level": "WARNING"},
    },
}

# --- MentorQuilt settings ---------------------------------------------------------
# Whom people write to about a staff hold on a mentorship or a suspended account (R27).
MENTORQUILT_CONTACT_EMAIL = env("MENTORQUILT_CONTACT_EMAIL", "safety@mentorquilt.invalid")
INVITATION_MAX_AGE_DAYS = int(env("MENTORQUILT_INVITATION_DAYS", "14"))
ROSTER_IMPORT_MAX_ROWS = int(env("MENTORQUILT_IMPORT_MAX_ROWS", "5000"))

# Mentorship requests (R8, R25, B3): a mentee's open requests at once, the days a
# mentor has to answer, the reminder before that, and how many lapsed requests
# within a period hide a mentor from search until their institution reinstates them.
MENTORSHIP_MAX_PENDING_REQUESTS = int(env("MENTORQUILT_MAX_PENDING_REQUESTS", "5"))
# R18: a mentee whose role ended within this many days is invited to mentor (once).
ALUMNI_INVITE_WINDOW_DAYS = int(env("MENTORQUILT_ALUMNI_INVITE_DAYS", "30"))
MENTORSHIP_REQUEST_WINDOW_DAYS = int(env("MENTORQUILT_REQUEST_WINDOW_DAYS", "7"))
MENTORSHIP_REMINDER_DAYS_BEFORE = int(env("MENTORQUILT_REMINDER_DAYS_BEFORE", "2"))
MENTORSHIP_LAPSES_TO_SUSPEND = int(env("MENTORQUILT_LAPSES_TO_SUSPEND", "2"))
MENTORSHIP_LAPSE_PERIOD_DAYS = int(env("MENTORQUILT_LAPSE_PERIOD_DAYS", "180"))
# The program's minimum length of a mentorship in days (R25); 0 means none.
MENTORSHIP_MINIMUM_DAYS = int(env("MENTORQUILT_MINIMUM_MENTORSHIP_DAYS", "365"))

NINJA_PAGINATION_PER_PAGE = 50

# Meetings, evaluations (R26, R14): a pair with no meeting for this many days is nudged;
# an evaluation not answered this many days after it fell due is reminded again.
MEETING_QUIET_DAYS = int(env("MENTORQUILT_MEETING_QUIET_DAYS", "60"))
EVALUATION_OVERDUE_DAYS = int(env("MENTORQUILT_EVALUATION_OVERDUE_DAYS", "14"))
