"""Settings of the Party Building system, as it runs in production.

Safe by default: DEBUG is off unless DEBUG=1, the process refuses to start without a real
SECRET_KEY, and it is served over HTTPS only (redirect, HSTS, secure cookies). One machine
on plain HTTP (`make run`, the tests) uses `settings_local`, which relaxes only that.

Everything that differs between machines comes from the environment: DATABASE_URL
(default: SQLite file in the project folder), SECRET_KEY or SECRET_KEY_FILE, DEBUG,
ALLOWED_HOSTS, CSRF_TRUSTED_ORIGINS, BEHIND_TLS_PROXY, HSTS_SECONDS, TASKS_BACKEND,
JOB_FILES_DIR (docs/deploy.md).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent


def _flag(name: str, default: bool) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """The key signing sessions and tokens: from SECRET_KEY, or the file SECRET_KEY_FILE names."""
    key = os.environ.get("SECRET_KEY", "")
    if not key and os.environ.get("SECRET_KEY_FILE"):
        key = Path(os.environ["SECRET_KEY_FILE"]).read_text().strip()
    # A short or well-known key can be guessed, and with it every session forged.
    if len(key) < 50 or len(set(key)) < 5 or key.startswith(("django-insecure", "dev-only")):
        raise ImproperlyConfigured(
            "Set SECRET_KEY (or SECRET_KEY_FILE) to a random value of 50 characters or more, e.g. "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`. See docs/deploy.md."
        )
    return key


DEBUG = _flag("DEBUG", default=False)
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    # Our apps name their configuration: each is a PartyApp (core/apps.py).
    "partybuilding.core.apps.CoreConfig",
    "partybuilding.accounts.apps.AccountsConfig",
    "partybuilding.organizations.apps.OrganizationsConfig",
    "partybuilding.members.apps.MembersConfig",
    "partybuilding.admissions.apps.AdmissionsConfig",
    "partybuilding.meetings.apps.MeetingsConfig",
    "partybuilding.dues.apps.DuesConfig",
    "partybuilding.inspections.apps.InspectionsConfig",
    "partybuilding.directives.apps.DirectivesConfig",
    "partybuilding.cadres.apps.CadresConfig",
    "partybuilding.assessments.apps.AssessmentsConfig",
    "partybuilding.statistics.apps.StatisticsConfig",
    "partybuilding.notifications.apps.NotificationsConfig",
    "partybuilding.reports",
    "partybuilding.pwa.apps.PwaConfig",
    "partybuilding.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "partybuilding.core.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "partybuilding.core.nfc.NfcMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "partybuilding.accounts.middleware.ScopeMiddleware",
]

ROOT_URLCONF = "partybuilding.urls"
WSGI_APPLICATION = "partybuilding.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "partybuilding.accounts.context_processors.scope",
                "partybuilding.notifications.context_processors.bell",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets readers work while a writer commits; the timeout rides out short locks.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: this many failures for one username within the window lock it.
LOGIN_THROTTLE_FAILURES = int(os.environ.get("LOGIN_THROTTLE_FAILURES", "5"))
LOGIN_THROTTLE_WINDOW_SECONDS = int(os.environ.get("LOGIN_THROTTLE_WINDOW_SECONDS", "900"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600

# HTTPS only. Behind a TLS proxy (nginx, Caddy), BEHIND_TLS_PROXY=1 trusts its
# X-Forwarded-Proto header; never set it when clients reach the server directly.
SECURE_SSL_REDIRECT = True
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the health check comes over plain HTTP from inside
if _flag("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Every page: scripts, styles, images and fonts from this server only, no inline script,
# no plugin, no framing (core/security.py adds it; nothing is loaded from a CDN).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# The API's documentation (Swagger UI) sets style attributes from its script.
CONTENT_SECURITY_POLICY_RELAXED_STYLES = ("/api/docs",)

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "partybuilding" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# 20.002 and 101,22 on Vietnamese pages, 20,002 and 101.22 on English ones; identifiers and
# years in templates go through `unlocalize` (tests/test_number_formats.py checks them).
USE_THOUSAND_SEPARATOR = True
# Dates are written dd/mm/yyyy in both languages.
FORMAT_MODULE_PATH = ["partybuilding.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# WhiteNoise serves the collected, fingerprinted files (`manage.py collectstatic`),
# compressed and cached for a year; no separate web server is needed for them.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Source maps (megabytes, for developer tools only) are not worth compressing at every deploy.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
# htmx comes from npm (package.json) and is served by the application itself.
STATICFILES_DIRS = [("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist")]

NINJA_PAGINATION_PER_PAGE = 50

# Background jobs (core/jobs.py) wait in a queue kept in the database, and `manage.py
# db_worker` runs them: any web process can start one and any can show its progress.
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# Files that jobs produce (exports, reports) hold personal data: private, outside the web root.
JOB_FILES_DIR = os.environ.get("JOB_FILES_DIR") or str(Path(tempfile.gettempdir()) / "partybuilding-jobs")
# Files users upload into a FileField (the evidence of a remedied shortcoming): private, never
# served by URL, only through a view that checks the scope (core/files.py).
MEDIA_ROOT = os.environ.get("MEDIA_ROOT") or str(BASE_DIR / "var" / "media")

# Notices by e-mail (notifications/delivery.py), sent by the worker through this SMTP server;
# SITE_URL makes the links in the e-mails absolute.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _flag("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "thongbao@localhost")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# --- Database outages (core/unavailable.py) -------------------------------------------------
# A lost database answers 503 with Retry-After instead of 500. The middleware comes first:
# every other one may query (the session, the user, the headers that depend on the user),
# and it sets the security headers of its own page itself.
MIDDLEWARE.insert(0, "partybuilding.core.unavailable.DatabaseUnavailableMiddleware")
UNAVAILABLE_RETRY_AFTER_SECONDS = int(os.environ.get("UNAVAILABLE_RETRY_AFTER_SECONDS", "10"))
# A persistent connection is tested before each request reuses it, so the service recovers
# by itself once PostgreSQL is back; a server that does not answer fails fast, not after minutes.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5")))
    # No JIT compilation: the pages' queries read a page or a few counters, and compiling a
    # plan took longer than running it (110–350 ms of 460 on a province's badge count,
    # bench/README.md "Every page at national scale").
    DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")

# --- The audit chain's key (core/audit.py) --------------------------------------------------
# Each audit entry's hash is an HMAC under this key, kept outside the database, so that
# someone who can write to the database cannot rewrite the log and recompute its chain.
# AUDIT_KEY, or the file AUDIT_KEY_FILE names (32 characters or more). Unset, the key is
# derived from SECRET_KEY (core.audit.chain_key), which suits one machine only: production
# sets its own, kept apart from the database's backups, and never changes it (a new key does
# not verify the entries written under the old one). docs/deploy.md.
AUDIT_KEY = os.environ.get("AUDIT_KEY", "")
if not AUDIT_KEY and os.environ.get("AUDIT_KEY_FILE"):
    AUDIT_KEY = Path(os.environ["AUDIT_KEY_FILE"]).read_text().strip()
if AUDIT_KEY and len(AUDIT_KEY) < 32:
    raise ImproperlyConfigured("AUDIT_KEY (or the file AUDIT_KEY_FILE names) must be 32 characters or more.")

# --- Accounts: two-factor sign-in, idle sessions, sign-in throttling (accounts/) --------------
# Two-factor sign-in with an authenticator app and recovery codes (django-otp's devices;
# accounts/two_factor.py says who must use it). The backend loads the request's user with
# their devices in one query; the accounts middleware signs out idle sessions (it needs the
# messages middleware before it) and keeps a user who owes the second factor on its pages.
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static"]
AUTHENTICATION_BACKENDS = ["partybuilding.accounts.backends.AccountBackend"]
_after_messages = MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1
MIDDLEWARE[_after_messages:_after_messages] = [
    "partybuilding.accounts.middleware.SessionExpiryMiddleware",
    "partybuilding.accounts.middleware.TwoFactorMiddleware",
]
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Party Building")  # the name the authenticator app shows
# The sign-in throttle below counts code attempts; django-otp's own growing delays would
# refuse a right code a second after a wrong one, with no message to say so.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # no device key shown in Django's admin
# A signed-in session ends after this long without a request (0: never), and in any case
# SESSION_COOKIE_AGE after the sign-in.
SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_SECONDS", str(30 * 60)))
# Failed sign-ins (passwords and codes) from one client address within the window lock it,
# as LOGIN_THROTTLE_FAILURES lock one account; higher, as an office may share one address.
LOGIN_THROTTLE_ADDRESS_FAILURES = int(os.environ.get("LOGIN_THROTTLE_ADDRESS_FAILURES", "20"))
# The client address is REMOTE_ADDR. Behind reverse proxies that append to X-Forwarded-For,
# set how many of them to trust (1 for one nginx); never when clients can reach the server directly.
LOGIN_THROTTLE_TRUSTED_PROXIES = int(os.environ.get("LOGIN_THROTTLE_TRUSTED_PROXIES", "0"))

# --- The phone app (pwa/) ---------------------------------------------------------------------
# How many coming meetings (with their files) a device keeps for reading offline, and how many
# days ahead a secretary's attendance and cash screens are kept for a meeting without a connection.
PWA_MEETINGS_KEPT = 10
PWA_SECRETARY_DAYS_AHEAD = 7
