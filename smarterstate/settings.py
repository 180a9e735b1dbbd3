"""Smarter State settings: one module, read from the environment.

Defaults give a working development set-up with no configuration at all
(SQLite under var/, DEBUG on). Production sets DJANGO_DEBUG=0, SECRET_KEY,
ALLOWED_HOSTS and DATABASE_URL; `manage.py check --deploy` then passes.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SMARTERSTATE_VAR_DIR", BASE_DIR / "var"))


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use 1/0, true/false)")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={value!r} is not an integer") from exc


def envlist(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = envbool("DJANGO_DEBUG", True)

if DEBUG:
    # Development only: a fixed key so sessions survive restarts of `make run`.
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret-" + "x" * 40)
else:
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("Set SECRET_KEY (50+ random characters) when DJANGO_DEBUG=0")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# The public body that runs this deployment, named in the header and footer (e.g. "Department for Work and
# Pensions"). Smarter State is not on GOV.UK, so it carries its operator's name rather than GOV.UK branding.
SERVICE_OPERATOR = os.environ.get("SERVICE_OPERATOR", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "crispy_forms",
    "crispy_forms_gds",
    "govuk_frontend_django",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "smarterstate.accounts",
    "smarterstate.organisations",
    "smarterstate.core",
    "smarterstate.jobs",
    "smarterstate.commercial",
    "smarterstate.lifecycle",
    "smarterstate.skills",
    "smarterstate.learningrecords",
    "smarterstate.outcomes",
    "smarterstate.ai",
    "smarterstate.capacity",
    "smarterstate.search",
    "smarterstate.pillars",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so static files carry the CSP and Permissions-Policy headers too.
    "smarterstate.core.security_headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Inside CommonMiddleware, which sets Content-Length after this rewrites the page.
    "smarterstate.core.responsive_tables.ResponsiveTablesMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns lock-outs into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "smarterstate.urls"
WSGI_APPLICATION = "smarterstate.wsgi.application"

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
                "smarterstate.core.context_processors.navigation",
            ],
        },
    },
]

# Default database engine is SQLite, so one can check out the code and run it
# with no database server. DATABASE_URL (postgres://…, sqlite:////absolute/path
# or sqlite:///path/under/the/project) selects another.
DEFAULT_SQLITE_PATH = VAR_DIR / "db.sqlite3"
_database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE_PATH}"
DATABASES = {
    "default": dj_database_url.parse(
        _database_url,
        # A PostgreSQL connection costs a server process and an authentication: opening one
        # per request halved the pages' throughput under load (docs/performance.md, Load).
        # SQLite opens a file, so it keeps Django's default of a connection per request.
        conn_max_age=envint("DB_CONN_MAX_AGE", 0 if _database_url.startswith("sqlite") else 60),
        # Checked before reuse, so a restarted database costs one reconnect, not an error page.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # sqlite:///relative/path is taken from the project folder, not from
    # wherever the process happens to start (sqlite:////absolute/path is as given).
    _sqlite_name = str(DATABASES["default"]["NAME"])
    if _sqlite_name and _sqlite_name != ":memory:" and not Path(_sqlite_name).is_absolute():
        DATABASES["default"]["NAME"] = str(BASE_DIR / _sqlite_name)
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        # A fresh checkout has no var/ yet: SQLite cannot create the file without its folder.
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL and a busy timeout let the web server and the job worker share the
    # file; IMMEDIATE transactions avoid "database is locked" on upgrade.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("SQLITE_TEST_NAME", "")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    # Axes first, so a locked-out user is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-axes: lock an account+address pair out after repeated failures.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "en-gb"
FORMAT_MODULE_PATH = ["smarterstate.core.formats"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"
# Uploads are never served directly: they are read by jobs only.
# Uploaded files stream to disk past this size rather than sitting in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
# Upload limits per kind of file (core/uploads.py; defaults and meanings in docs/uploads.md):
# UPLOAD_MAX_BYTES, _DECOMPRESSED_BYTES, _RATIO, _LINE_BYTES, _DOCUMENT_BYTES, _JSON_DEPTH for
# every kind, or with a kind suffix (UPLOAD_MAX_BYTES_SKILLS_PEOPLE) for one. 0 turns one off.
UPLOAD_LIMIT_OVERRIDES = {
    name: envint(name, 0) for name in sorted(os.environ) if name.startswith("UPLOAD_MAX_")
}
# Uploaded files are deleted when their job ends; keep them this many days instead
# (`manage.py clean_uploads` and the worker delete them afterwards).
UPLOAD_KEEP_DAYS = envint("UPLOAD_KEEP_DAYS", 0)
# Send the Content-Security-Policy as report-only (to try a change on a live service).
CSP_REPORT_ONLY = envbool("CSP_REPORT_ONLY", False)
# A running job or import whose process is on another host and has not beaten its
# heartbeat (every 30 s) for this long is taken as dead and marked "interrupted".
JOB_STALE_AFTER_SECONDS = envint("JOB_STALE_AFTER_SECONDS", 600)

# Per-process memory cache: rendered chart SVGs (keyed by content) and the
# static GOV.UK header/footer fragments. Nothing in it needs sharing between processes.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}

# The Learning Record Store (xAPI): request body limits. A worker reads at most this much of a
# request before answering 413, so memory stays bounded whatever a client sends.
LRS_MAX_BODY_BYTES = envint("LRS_MAX_BODY_BYTES", 32 * 1024 * 1024)  # with attachments
LRS_MAX_STATEMENTS_BYTES = envint("LRS_MAX_STATEMENTS_BYTES", 4 * 1024 * 1024)  # the JSON part
# Verbs whose statements become completed training records, beyond the standard set.
LRS_COMPLETION_VERBS = envlist("LRS_COMPLETION_VERBS", [])

# Every form's "required" errors name their field (core.forms.GovukBoundField).
FORM_RENDERER = "smarterstate.core.forms.GovukFormRenderer"
# crispy-forms-gds styles text inputs only; number, date and URL inputs get the same
# GOV.UK input (full-size text, thick border), at widths that fit what they hold.
CRISPY_CLASS_CONVERTERS = {
    "numberinput": "govuk-input govuk-input--width-10",
    "dateinput": "govuk-input govuk-input--width-10",
    "datetimeinput": "govuk-input govuk-input--width-20",
    "urlinput": "govuk-input",
    "fileinput": "govuk-file-upload",
}
CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# Background jobs: Django's tasks framework (backport) on the database backend,
# so no broker is needed; `manage.py db_worker` runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["smarterstate.authz.api.IsAuthenticatedMember"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # Documents our error body on every operation (see core/api_docs.py).
    "DEFAULT_SCHEMA_CLASS": "smarterstate.core.api_schema.ApiAutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    "EXCEPTION_HANDLER": "smarterstate.core.api.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Smarter State API",
    "DESCRIPTION": "Read and write the levers of reform for the organisations you belong to.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from the installed sidecar package, never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets on fields whose names other apps use too ("kind").
    "ENUM_NAME_OVERRIDES": {"RadarKindEnum": "smarterstate.capacity.models.radar.RadarKind"},
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 60 * 60)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if envbool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
