"""Django settings. Everything that differs between machines comes from the environment, read strictly:
a malformed value stops start-up with a message naming the variable."""

import datetime
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} moet true of false zijn, niet {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} moet een geheel getal zijn, niet {value!r}") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(env_str("IVB_DATA_DIR", "var")).resolve()

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY ontbreekt: zet een geheime sleutel in de omgeving (docs/getting-started.md), "
                                   "of DEBUG=1 voor een lokale demo met een wegwerpsleutel")
    # Never a fixed key, not even for debugging: a key in the source would sign sessions anyone can forge.
    # This one lives as long as the process (`make demo` keeps its own in var/demo-secret-key).
    SECRET_KEY = secrets.token_urlsafe(50)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ivb.store",
    "ivb.accounts",
    "ivb.plan",
    "ivb.report",
    "ivb.register",
    "ivb.web",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # Content-Security-Policy on every response (CONTENT_SECURITY_POLICY below)
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files from the same server, with caching headers
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ivb.web.middleware.LanguageMiddleware",
    "ivb.web.middleware.BodySizeMiddleware",  # before anything reads the body (CSRF reads the form)
    "ivb.web.middleware.ApiMethodMiddleware",  # the API's 405 in Dutch JSON, as its other refusals
    "ivb.web.middleware.RegisterNoStoreMiddleware",  # no cached copies of register pages
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "ivb.accounts.middleware.OneTimePasswordMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "ivb.web.middleware.ButtonAddressMiddleware",  # a button's address opened by hand: a page saying so, not a blank 405
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the login page with its message
]

# Login throttling (django-axes): LOGIN_FAILURE_LIMIT wrong passwords for one account, or from one address,
# block logins there for LOGIN_COOLOFF_MINUTES, the right password included. Failures are not reset by a
# successful login, which would let anyone with an account reset the count for the addresses they try from.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
LOGIN_COOLOFF_MINUTES = env_int("LOGIN_COOLOFF_MINUTES", 15)
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = datetime.timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # per account, and per address
AXES_RESET_ON_SUCCESS = False
AXES_DISABLE_ACCESS_LOG = True  # keep failed attempts only: no log of every login's address and browser
AXES_CLIENT_IP_CALLABLE = "ivb.accounts.throttle.client_ip"
AXES_LOCKOUT_CALLABLE = "ivb.accounts.throttle.locked_out"
AXES_VERBOSE = False

ROOT_URLCONF = "ivb.urls"
WSGI_APPLICATION = "ivb.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'ivb.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several people at once (docs/decisions, SQLite under load): WAL lets readers read while one writer
    # writes; every transaction takes the write lock when it begins (IMMEDIATE), so a reader never has to
    # upgrade to a writer half-way and fail; a writer waits up to SQLITE_BUSY_SECONDS for its turn.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_SECONDS", 30),
        # WAL is a property of the database file; synchronous=NORMAL is safe with it (a power cut may lose the
        # last commits, never corrupt the file) and spares an fsync per commit.
        # secure_delete: what is deleted is overwritten, not left in free pages (an erasure under AVG art. 17 must
        # not stay readable in the file; Debian builds SQLite so, others need not).
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "ivb.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LOCALE_PATHS = [Path(__file__).resolve().parent / "locale"]
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
# Numbers are formatted by ivb.domain.numbers.format_number; years must never read "2.019".
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
# WhiteNoise serves the app's static files straight from the package, so `make demo` needs no collectstatic.
WHITENOISE_USE_FINDERS = True

# Bounded input (docs/limits.md): an uploaded file is counted while it streams in and refused past
# IVB_UPLOAD_MAX_BYTES without being kept (ivb.web.uploads); a request body without files (a form, an API
# call) may be DATA_UPLOAD_MAX_MEMORY_SIZE at most (the API answers 413 above it).
IVB_UPLOAD_MAX_BYTES = 50 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "ivb.web.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # Django's default (2,5 MB), named here because the API states it

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60  # a working day
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
if env_bool("BEHIND_TLS_PROXY", False):  # a reverse proxy that terminates TLS and sets X-Forwarded-Proto
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    # The header covers this host's own subdomains only; preload is a flag the domain's owner may act on.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): everything from this server only; no inline script or style at all
# (pages keep their CSS and JavaScript in static/ivb/; inline SVG charts use presentation attributes, which a
# style-src does not govern). See docs/deployment-headers.md and the ADR on the choice.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
