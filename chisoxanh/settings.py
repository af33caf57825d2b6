"""The one settings file. Everything that differs between machines comes from the environment.

This docstring lists every environment variable the package reads, here or in the ``chisoxanh``
command (``cli.py``); ``tests/test_settings_documented.py`` checks the list against the code and
against the table under "Cấu hình" in the README.

For the operator (all optional; the README's table lists the same ones):

- ``DATABASE_URL``: ``postgres://user:pass@host:5432/name`` in production; SQLite in the data
  folder when unset.
- ``CHISOXANH_DATA_DIR``: where the SQLite database, uploads and collected static files live
  (default ``./data``).
- ``CHISOXANH_SECRET_KEY``: the secret key; when unset one is generated once and kept in
  ``<data>/secret_key`` so that sessions survive restarts.
- ``CHISOXANH_DEBUG``: ``1`` to turn debugging on (never in production); default off.
- ``CHISOXANH_ALLOWED_HOSTS``: comma-separated host names (default ``127.0.0.1,localhost``).
- ``CHISOXANH_HTTPS``: ``1`` behind HTTPS: secure cookies, HSTS, redirect; default off.
- ``CHISOXANH_MAX_UPLOAD_MB``: size limit of one uploaded file (default 20).
- ``CHISOXANH_CACHE_ENTRIES``: most entries in each process's in-memory cache (default 1000).
- ``CHISOXANH_DB_CONN_MAX_AGE``: seconds a database connection is kept open between requests
  (default 60); ``0`` closes it after every request, e.g. when the workers × threads of all the
  application servers come near PostgreSQL's ``max_connections``.
- ``CHISOXANH_LOGIN_FAILURE_LIMIT``: failed logins for one user name from one address before
  that pair is locked for 15 minutes (default 5).
- ``CHISOXANH_TASKS_IMMEDIATE``: ``1`` runs background tasks at once in the web process instead
  of leaving them for ``chisoxanh manage db_worker``; default off (``chisoxanh demo`` turns it on
  unless it is set).
- ``CHISOXANH_EMAIL_HOST``: the SMTP server; when unset, e-mails are printed to the console.
- ``CHISOXANH_EMAIL_PORT``: the SMTP port (default 587).
- ``CHISOXANH_EMAIL_USER``: the SMTP user name (default none).
- ``CHISOXANH_EMAIL_PASSWORD``: the SMTP password (default none).
- ``CHISOXANH_EMAIL_TLS``: STARTTLS to the SMTP server; default on.
- ``CHISOXANH_EMAIL_SSL``: ``1`` for an SMTP server that speaks TLS from the first byte (usually
  port 465) instead of STARTTLS; default off. Turns ``CHISOXANH_EMAIL_TLS`` off.
- ``CHISOXANH_EMAIL_TIMEOUT``: seconds to wait for the SMTP server before giving up on an
  e-mail (default 10). E-mails leave from the request that made the change, after it commits,
  so a hanging server must not hold the page for long; a failure is logged, never shown.
- ``CHISOXANH_EMAIL_FROM``: the sender of e-mails (default ``Chỉ số Xanh <khong-tra-loi@localhost>``).
- ``CHISOXANH_SITE_URL``: the address people reach the site at, for links in e-mails (default
  ``http://127.0.0.1:8000``).
- ``CHISOXANH_LOG_LEVEL``: level of the application's log on standard error: ``DEBUG``,
  ``INFO``, ``WARNING`` or ``ERROR`` (default ``WARNING``). gunicorn's access log is separate.
- ``CHISOXANH_HOST``: the address ``chisoxanh serve`` listens on without ``--host`` (default
  ``127.0.0.1``; ``0.0.0.0`` in a container).
- ``CHISOXANH_PORT``: the port ``chisoxanh serve`` listens on without ``--port`` (default 8000).
- ``CHISOXANH_WORKERS``: gunicorn worker processes of ``chisoxanh serve`` without ``--workers``
  (default: the number of cores + 1).
- ``CHISOXANH_THREADS``: threads per worker process without ``--threads`` (default 4).
- ``CHISOXANH_TIMEOUT``: seconds a worker may stay silent on one request before gunicorn
  restarts it (default 60).
- ``CHISOXANH_MAX_REQUESTS``: requests a worker process serves before it is replaced (default
  100000, plus a random 0 to 5000 so that the workers are not all replaced at once).

Set by the program itself or by its tools, not by the operator (so not in the README's table):

- ``CHISOXANH_DEMO``: ``1`` only while ``chisoxanh demo`` runs, which sets it; it allows the
  demo accounts and their well-known password. Default off; never set it by hand.
- ``CHISOXANH_STATIC_MANIFEST``: ``0`` links static files by their plain names instead of the
  hashed names listed in the manifest that ``collectstatic`` writes; default on. Only the page
  benchmark (``bench/pages.py``) sets it, as it renders pages without running ``collectstatic``.
- ``DJANGO_SETTINGS_MODULE``: Django's own; the ``chisoxanh`` command and ``wsgi.py`` set it to
  ``chisoxanh.settings`` when it is unset.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url


def env_bool(name: str, default: bool = False) -> bool:
    """Read a boolean variable strictly: a typo must not silently mean "off" or "on"."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"{name} must be 1/0, true/false, yes/no or on/off, not {value!r}")


BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("CHISOXANH_DATA_DIR", Path.cwd() / "data")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    if key := os.environ.get("CHISOXANH_SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        # Written with O_EXCL so that two workers starting together cannot write two keys.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("CHISOXANH_DEBUG")
DEMO_MODE = env_bool("CHISOXANH_DEMO")
HTTPS = env_bool("CHISOXANH_HTTPS")
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("CHISOXANH_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "chisoxanh.core",
    "chisoxanh.accounts",
    "chisoxanh.pgi",
    "chisoxanh.plans",
    "chisoxanh.reports",
    "chisoxanh.documents",
    "chisoxanh.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Audit entries say whether a change came from a page or the API (core/channel.py).
    "chisoxanh.core.middleware.ChannelMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as its documentation asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Password guessing: after 5 failed logins for the same user name from the same address, that
# pair is locked for 15 minutes (counted in the database, so every worker sees the same count).
AXES_FAILURE_LIMIT = int(os.environ.get("CHISOXANH_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = 1 if HTTPS else 0

ROOT_URLCONF = "chisoxanh.urls"
WSGI_APPLICATION = "chisoxanh.wsgi.application"

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
                "chisoxanh.web.context_processors.top_bar",
            ],
            "builtins": ["chisoxanh.core.templatetags.vi"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'chisoxanh.sqlite3'}",
        conn_max_age=int(os.environ.get("CHISOXANH_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a writer commits; the busy timeout makes a second writer
    # wait instead of failing at once with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    # Connections are kept between requests on SQLite too (CONN_MAX_AGE above): opening one
    # and running the PRAGMAs on every request halved the bare view's throughput (605 -> 1,077
    # req/s under wrk) and cost the board a fifth of its own.
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache per process, in memory. Nothing in it needs sharing between processes or servers:
# every entry is keyed by the revision of the data it shows (the Office board) or is a pure
# function of its key, so a process never serves what another has changed. Bounded by entries.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CHISOXANH_CACHE_ENTRIES", "1000"))},
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        # Django's rule with a Vietnamese message (its translation has none for this one).
        "NAME": "chisoxanh.accounts.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
# What Django's own Vietnamese lacks (recent admin strings, the models of axes and django-tasks).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
# Django's Vietnamese locale defines no input formats, and the global default would read
# "05/06/2026" as 6 May (US order). Dates are typed day first here; ISO stays accepted.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_ROOT = DATA_DIR / "uploads"
# Uploaded files are never served from this URL (no route exists for it): a view that checks
# access streams them. Django still wants a value distinct from STATIC_URL.
MEDIA_URL = "/uploads-not-served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("CHISOXANH_STATIC_MANIFEST", default=True)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MAX_UPLOAD_MB = int(os.environ.get("CHISOXANH_MAX_UPLOAD_MB", "20"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Background tasks (reminders now; imports and large exports later) wait in the database until
# a worker (`chisoxanh manage db_worker`) on any machine picks them up.
# CHISOXANH_TASKS_IMMEDIATE=1 runs them at once in the web process instead (the demo does, so
# that a scan is read without starting a worker).
TASKS = {
    "default": (
        {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
        if env_bool("CHISOXANH_TASKS_IMMEDIATE")
        else {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    )
}

# E-mail: printed to the console unless an SMTP server is configured (CHISOXANH_EMAIL_HOST).
EMAIL_HOST = os.environ.get("CHISOXANH_EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("CHISOXANH_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("CHISOXANH_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("CHISOXANH_EMAIL_PASSWORD", "")
EMAIL_USE_SSL = env_bool("CHISOXANH_EMAIL_SSL")
# Django refuses both at once; implicit TLS (port 465) wins when asked for.
EMAIL_USE_TLS = env_bool("CHISOXANH_EMAIL_TLS", default=True) and not EMAIL_USE_SSL
EMAIL_TIMEOUT = int(os.environ.get("CHISOXANH_EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("CHISOXANH_EMAIL_FROM", "Chỉ số Xanh <khong-tra-loi@localhost>")
# The address people reach the site at, for links in e-mails (password reset links too: never
# built from the Host header of the request, which whoever asks for a reset chooses).
SITE_URL = os.environ.get("CHISOXANH_SITE_URL", "http://127.0.0.1:8000")
# A password reset link works once, for a day (Django's default is three days).
PASSWORD_RESET_TIMEOUT = 24 * 3600

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CHISOXANH_LOG_LEVEL", "WARNING")},
}
