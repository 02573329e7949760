"""Settings for Xuncha, read from the environment (one module; see docs/architecture.md).

Without ``DATABASE_URL`` the system runs on an SQLite file under ``var/``; with
``DATABASE_URL=postgres://…`` it runs on PostgreSQL through psycopg 3. Secrets that are
not given in the environment are generated once into ``var/`` and never committed.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("XUNCHA_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_secret(name: str, filename: str, nbytes: int = 48) -> str:
    """A secret from the environment, else from ``var/<filename>``, generated there on first use."""
    value = os.environ.get(name)
    if value:
        return value
    path = VAR_DIR / filename
    if not path.exists():
        # O_EXCL: two processes starting together must not write two different keys.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_urlsafe(nbytes))
    return path.read_text().strip()


DEBUG = env_bool("XUNCHA_DEBUG", False)
SECRET_KEY = env_secret("XUNCHA_SECRET_KEY", "secret_key")
# Field encryption at rest (xuncha.core.crypto, docs/security.md, ADR-0019). Keys never live in the database.
# The first key of the ring, id "k0" (and the key of the older "gcm1:" values): 32 bytes of key material.
FIELD_ENCRYPTION_KEY = env_secret("XUNCHA_FIELD_KEY", "field_key", nbytes=32)
# Further keys: "id=secret;id=secret" in the environment, and files var/keys/field/<id>.key (written by
# `manage.py rotate_field_keys --new-key`). The current key (the one new values are sealed with) is
# XUNCHA_FIELD_KEY_ID, else the id in var/keys/field/current, else "k0"; older keys only decrypt.
FIELD_ENCRYPTION_KEYS = dict(
    item.strip().split("=", 1) for item in os.environ.get("XUNCHA_FIELD_KEYS", "").split(";") if "=" in item
)
FIELD_ENCRYPTION_KEY_ID = os.environ.get("XUNCHA_FIELD_KEY_ID", "")
FIELD_ENCRYPTION_KEYS_DIR = Path(os.environ.get("XUNCHA_FIELD_KEYS_DIR", VAR_DIR / "keys" / "field"))
# The cipher of new values, per deployment: "aes-256-gcm" or "sm4-gcm" (GB/T 32907). Values sealed with the
# other one stay readable; `manage.py rotate_field_keys` re-seals them with this one.
FIELD_ENCRYPTION_ALGORITHM = os.environ.get("XUNCHA_FIELD_CIPHER", "aes-256-gcm")
ALLOWED_HOSTS = [h for h in os.environ.get("XUNCHA_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("XUNCHA_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

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
    "django_filters",
    "django_tables2",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "captcha",
    "ninja",
    "xuncha.core",
    "xuncha.accounts",
    "xuncha.orgs",
    "xuncha.taxonomy",
    "xuncha.rules",
    "xuncha.documents",
    "xuncha.inspections",
    "xuncha.planning",
    "xuncha.pool",
    "xuncha.fieldwork",
    "xuncha.petitions",
    "xuncha.surveys",
    "xuncha.findings",
    "xuncha.leads",
    "xuncha.notices",
    "xuncha.reports",
    "xuncha.audit",
    "xuncha.directory",
    "xuncha.dashboards",
    "xuncha.administration",
    "xuncha.api",
    "xuncha.demo",
    "xuncha.datasets",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "xuncha.core.middleware.SessionRenewalMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "xuncha.core.middleware.RequestContextMiddleware",
    # Inside the request context (request id, client address): records 403/404 of signed-in users.
    "xuncha.audit.middleware.DeniedAccessAuditMiddleware",
    "xuncha.core.middleware.NoStoreMiddleware",
    # After the request context (audit) and before the views: one session per account, the second factor,
    # a password that must be changed (ADR authentication).
    "xuncha.accounts.middleware.SignInStepsMiddleware",
    "axes.middleware.AxesMiddleware",
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
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "xuncha.accounts.context_processors.navigation",
            ],
        },
    },
]


def database_from_env() -> dict[str, object]:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("XUNCHA_SQLITE_PATH", str(VAR_DIR / "xuncha.sqlite3")),
            "OPTIONS": {
                # Writers queue instead of failing with "database is locked" (ADR-0002).
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                    "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
                ),
            },
        }
    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql"}:
        raise ValueError(f"DATABASE_URL must be postgres://…, not {parsed.scheme}://")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parsed.path.lstrip("/")),
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": parsed.hostname or "",
        "PORT": str(parsed.port or ""),
        "CONN_MAX_AGE": env_int("XUNCHA_CONN_MAX_AGE", 60),
        "CONN_HEALTH_CHECKS": True,
    }


DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": env_int("XUNCHA_PASSWORD_MIN_LENGTH", 10)}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # GB/T 22239 §8.1.4.1 a): complexity, and no reuse of the last few passwords.
    {"NAME": "xuncha.accounts.passwords.CharacterClassValidator",
     "OPTIONS": {"min_classes": env_int("XUNCHA_PASSWORD_MIN_CLASSES", 3)}},
    {"NAME": "xuncha.accounts.passwords.PasswordHistoryValidator",
     "OPTIONS": {"count": env_int("XUNCHA_PASSWORD_HISTORY", 5)}},
]
# 定期更换 (GB/T 22239 §8.1.4.1 a), a deliberate deviation from ASVS 6.2.10, see targets.md §0.3): an older
# password must be changed at the next sign-in. 0 turns expiry off.
XUNCHA_PASSWORD_MAX_AGE_DAYS = env_int("XUNCHA_PASSWORD_MAX_AGE_DAYS", 180)
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboards:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Second factor (SEC-06): TOTP for the roles that read confidential records and the three administrators
# (xuncha.accounts.roles.SECOND_FACTOR_ROLES). Off: only accounts that enrolled a device of their own are asked.
XUNCHA_REQUIRE_2FA = env_bool("XUNCHA_REQUIRE_2FA", True)
OTP_TOTP_ISSUER = "Xuncha"
# One active session per account: a new sign-in ends the older session (audited).
XUNCHA_SINGLE_SESSION = env_bool("XUNCHA_SINGLE_SESSION", False)

# Lock-out after repeated failures (SEC-07), per account and per client address, each with its own limit: an
# office behind one NAT address gets more room than one account, and password spraying (one guess for each of
# many accounts) is still stopped. Every further lock-out within a day doubles the cool-off
# (xuncha.accounts.lockout).
AXES_FAILURE_LIMIT = env_int("XUNCHA_LOCKOUT_FAILURES", 5)
XUNCHA_LOCKOUT_ADDRESS_FAILURES = env_int("XUNCHA_LOCKOUT_ADDRESS_FAILURES", 10)
XUNCHA_LOCKOUT_MINUTES = env_int("XUNCHA_LOCKOUT_MINUTES", 30)
XUNCHA_LOCKOUT_MAX_MINUTES = env_int("XUNCHA_LOCKOUT_MAX_MINUTES", 24 * 60)
AXES_COOLOFF_TIME = "xuncha.accounts.lockout.cool_off"
# The order matters: xuncha.accounts.lockout reads the account's attempts first, then the address's.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "xuncha.accounts.lockout.LockoutHandler"
# The same client address as the audit log (a trusted proxy header, or REMOTE_ADDR).
AXES_CLIENT_IP_CALLABLE = "xuncha.core.middleware.client_ip"
SILENCED_SYSTEM_CHECKS: list[str] = []
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# A refused attempt during a lock-out neither counts nor restarts it; the next lock-out's doubling does the work.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False

# Sessions: 15 minutes idle, 12 hours absolute (SEC-12).
SESSION_COOKIE_AGE = env_int("XUNCHA_SESSION_IDLE_SECONDS", 15 * 60)
# No write per request: xuncha.core.middleware.SessionRenewalMiddleware saves the session (pushing its expiry
# SESSION_COOKIE_AGE ahead) only once it is older than this, so idle sessions still end within SESSION_COOKIE_AGE.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_AFTER_SECONDS = env_int("XUNCHA_SESSION_RENEW_AFTER_SECONDS", SESSION_COOKIE_AGE // 2)
SESSION_ABSOLUTE_SECONDS = env_int("XUNCHA_SESSION_ABSOLUTE_SECONDS", 12 * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_HTTPS = env_bool("XUNCHA_HTTPS", False)
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
if SECURE_HTTPS:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_SSL_REDIRECT = env_bool("XUNCHA_SSL_REDIRECT", True)
    # Behind nginx (docs/deployment.md) TLS ends at the proxy: trust its X-Forwarded-Proto, which nginx sets
    # itself (overwriting any the client sent); without this SECURE_SSL_REDIRECT would loop.
    if env_bool("XUNCHA_BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The HSTS preload list is for public hostnames; an intranet name cannot be submitted to it, so security.W021
# is silenced unless XUNCHA_HSTS_PRELOAD says the host is public and meant for the list (SEC-47).
SECURE_HSTS_PRELOAD = env_bool("XUNCHA_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS.append("security.W021")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Every asset is vendored: nothing may load from another origin (SEC-19).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

LANGUAGE_CODE = "zh-hans"
# The offices work in Chinese only: no language switch, no half-translated English.
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
# Uploaded and generated files (imports, exports, later attachments) are private: stored under var/, outside
# STATIC_ROOT and any web root, with no public URL, and read only through xuncha.core.files.serve_private_file
# (an authorising, audited view; SEC-16). There are no public media in this system, so this is the default storage.
PRIVATE_FILES_ROOT = Path(os.environ.get("XUNCHA_PRIVATE_FILES_ROOT", VAR_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "xuncha.core.files.PrivateFileSystemStorage", "OPTIONS": {"location": PRIVATE_FILES_ROOT}},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG

# Imports run on the "long" queue, everything else on "default"; scripts/run.sh starts a worker for each so
# one long job never holds up the others (ADR: spreadsheets and jobs).
TASK_QUEUES = ["default", "long"]
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": TASK_QUEUES,
    }
}
# Seconds a background job may run, by kind; past it the job is stopped and failed (xuncha.core.jobs).
XUNCHA_JOB_TIME_LIMITS = {
    "pool.import": 10 * 60,
    "pool.export": 10 * 60,
    "survey.results_export": 10 * 60,
    "audit.verify": 60 * 60,
}
XUNCHA_JOB_TIME_LIMIT_DEFAULT = 30 * 60

# Client address for the audit log: REMOTE_ADDR unless a trusted proxy is declared.
XUNCHA_TRUSTED_PROXY_HEADER = os.environ.get("XUNCHA_TRUSTED_PROXY_HEADER", "")
XUNCHA_PAGE_SIZE = env_int("XUNCHA_PAGE_SIZE", 50)
# The trivial page of bench/bench_load.py (framework overhead); 404 unless turned on for a measurement.
XUNCHA_BENCH_VIEWS = env_bool("XUNCHA_BENCH_VIEWS", False)
XUNCHA_MAX_PAGE_SIZE = 200
XUNCHA_SITE_NAME = _("巡察工作管理系统")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("XUNCHA_LOG_LEVEL", "WARNING")},
}

# Per signed-in user (or token) and gunicorn process; empty turns it off (xuncha.api.throttling).
XUNCHA_API_USER_RATE = os.environ.get("XUNCHA_API_USER_RATE", "1200/m")
NINJA_PAGINATION_PER_PAGE = XUNCHA_PAGE_SIZE
NINJA_PAGINATION_MAX_PER_PAGE_SIZE = XUNCHA_MAX_PAGE_SIZE

# Audit log anchoring and retention (AUD-05, AUD-07; ADR-0010). Signed checkpoints of the chain head go to a
# directory that is not the database's (in production: another mount or host the database's users cannot
# write, e.g. an append-only or WORM share), and optionally to syslog ("/dev/log" or "host:514").
XUNCHA_AUDIT_ANCHOR_DIR = Path(os.environ.get("XUNCHA_AUDIT_ANCHOR_DIR", VAR_DIR / "audit-anchors"))
(VAR_DIR / "keys").mkdir(mode=0o700, exist_ok=True)
# HMAC-SM3 key of the checkpoints: from the environment, else var/keys/audit_anchor_key (never in the database).
XUNCHA_AUDIT_ANCHOR_KEY = env_secret("XUNCHA_AUDIT_ANCHOR_KEY", "keys/audit_anchor_key", nbytes=32)
XUNCHA_AUDIT_ANCHOR_EVERY = env_int("XUNCHA_AUDIT_ANCHOR_EVERY", 100)
XUNCHA_AUDIT_SYSLOG = os.environ.get("XUNCHA_AUDIT_SYSLOG", "")
# Online retention of audit events in days: at least 183 (six months, 网络安全法 Art. 21; a system check refuses
# less); nothing younger is ever archived out of the database.
XUNCHA_AUDIT_RETENTION_DAYS = env_int("XUNCHA_AUDIT_RETENTION_DAYS", 3 * 365)
XUNCHA_AUDIT_ARCHIVE_DIR = Path(os.environ.get("XUNCHA_AUDIT_ARCHIVE_DIR", VAR_DIR / "audit-archive"))

# Petitions (信访, xuncha.petitions). The office's numbering rule: a str.format pattern over {term}, {round},
# {team} (numbers), {team_code} ("11-7-03"), {year} and {seq} (the team's sequence in that year).
XUNCHA_PETITION_NUMBER_PATTERN = os.environ.get("XUNCHA_PETITION_NUMBER_PATTERN", "{team_code}-XF-{year}-{seq:03d}")
# Days a handled petition is kept after it was handled, by status (None: kept with the inspection's archive);
# never purged before XUNCHA_PETITION_GRACE_DAYS have passed since the petitioner's last message.
XUNCHA_PETITION_RETENTION_DAYS: dict[str, int | None] = {
    "answered": env_int("XUNCHA_PETITION_KEEP_ANSWERED_DAYS", 2 * 365),
    "referred": env_int("XUNCHA_PETITION_KEEP_REFERRED_DAYS", 2 * 365),
    "merged": env_int("XUNCHA_PETITION_KEEP_MERGED_DAYS", 2 * 365),
    "reported": None,
}
XUNCHA_PETITION_GRACE_DAYS = env_int("XUNCHA_PETITION_GRACE_DAYS", 90)
# Public petition page (per client address, hashed, in the cache; nothing is stored with the petition):
# submissions and receipt look-ups allowed per window.
XUNCHA_PETITION_SUBMIT_RATE = (env_int("XUNCHA_PETITION_SUBMITS", 5), 3600)
XUNCHA_PETITION_LOOKUP_RATE = (env_int("XUNCHA_PETITION_LOOKUPS", 20), 600)
# Surveys (民主测评, xuncha.surveys): the smallest number of answers a result, a group's column or a group's free
# text needs before it is shown (a new survey's default; the team may raise it, 3 to 50); the wrong answer codes
# one client may type on the public /s/ pages per 10 minutes (hashed address, in the cache, as for petitions).
XUNCHA_SURVEY_MIN_GROUP = env_int("XUNCHA_SURVEY_MIN_GROUP", 5)
XUNCHA_SURVEY_CODE_RATE = (env_int("XUNCHA_SURVEY_CODE_TRIES", 20), 600)
CAPTCHA_LENGTH = 5
CAPTCHA_TIMEOUT = 10
