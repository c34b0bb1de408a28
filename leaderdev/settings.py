"""LeaderDev settings, read from the environment (12-factor).

Every setting an operator may change is read here with `env(...)`; the README's configuration table
lists them. Production mode is simply ``DEBUG=false`` (the default): it refuses to start without a real
``SECRET_KEY`` and turns on the HTTPS hardening that ``manage.py check --deploy`` expects.
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A developer may keep local overrides in .env; real deployments set real environment variables.
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

# Only a development server may run on this key; production must bring its own.
DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-never-use-in-production"  # noqa: S105
# Secrets are read as written: django-environ would take a value starting with "$" for the name of another
# variable, and get_random_secret_key() starts one key in fifty with "$".
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
if not DEBUG and (
    not SECRET_KEY
    or SECRET_KEY.startswith("django-insecure")
    or len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
):
    raise ImproperlyConfigured(
        "Production mode (DEBUG=false) needs a real SECRET_KEY: at least 50 characters, 5 distinct, "
        "not starting with 'django-insecure'. Generate one with: python -c \"from "
        'django.core.management.utils import get_random_secret_key as k; print(k())". '
        "For local development set DEBUG=true instead."
    )

# Stripped, so "a.example, b.example" means what an operator meant (django-environ keeps the spaces).
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", cast=str.strip, default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", cast=str.strip, default=[])

INSTALLED_APPS = [
    "leaderdev",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "import_export",
    "simple_history",  # audit history of recruitment records (who changed what, when)
    "django_celery_beat",  # beat's schedules as database rows, edited in the admin
    "bootstrap",  # django-bootstrap-static: Bootstrap 5 CSS/JS served locally, never from a CDN
    "csp",  # django-csp: the Content-Security-Policy header (see "Content-Security-Policy" below)
    "axes",  # django-axes: locks out repeated failed logins (see "Login brute-force protection" below)
    # The office's functions, one app each.
    "competencies",
    "programs",
    "mentoring",
    "recruitment",
    "fellowships",
    "licensure",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # early, so every response (errors and static files too) carries it
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "leaderdev.security.SessionTimeoutMiddleware",  # after auth and messages: it signs out, and says why
    "simple_history.middleware.HistoryRequestMiddleware",  # records who made each audited change
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a lockout raised during authentication into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "leaderdev.urls"
WSGI_APPLICATION = "leaderdev.wsgi.application"

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
                "leaderdev.context_processors.navigation",
            ],
        },
    },
]

# Database: a local SQLite file unless DATABASE_URL says otherwise (Postgres in CI and production).
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "leaderdev.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# django-axes checks every login for a lockout before the password is tried, so it comes first.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sessions: office staff share computers. A sign-in ends SESSION_COOKIE_AGE seconds after it began (a
# working day), after SESSION_IDLE_TIMEOUT seconds without a request, and when the browser closes,
# whichever comes first (leaderdev.security.SessionTimeoutMiddleware enforces the first two).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 12)
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", default=True)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="America/New_York")  # the district's zone, for display
USE_I18N = True
USE_TZ = True

# The month a school (and leadership) year turns over: a leader who starts in role on or after
# July 1 is in their first year for the school year that begins that summer.
SCHOOL_YEAR_START_MONTH = 7

# Mentorship health: a pair with no logged contact for this many weeks is flagged on the health page.
MENTORING_NO_CONTACT_WEEKS = env.int("MENTORING_NO_CONTACT_WEEKS", default=4)

# Recruitment: how many completed reference checks an application needs to pass the reference stage.
RECRUITMENT_REQUIRED_REFERENCES = env.int("RECRUITMENT_REQUIRED_REFERENCES", default=2)

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# In development whitenoise serves straight from the apps' static folders, no collectstatic needed.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploaded files people must not fetch by address (licensure evidence, fellows' photos): kept outside
# the web root and served only by views that check who asks (leaderdev/uploads.py).
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "var" / "uploads")
# Uploads larger than this go to a temporary file instead of memory while they are checked.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: the console backend unless an SMTP server is configured.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")  # read as written, like SECRET_KEY
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="LeaderDev <leaderdev@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where the file backend (django.core.mail.backends.filebased.EmailBackend) writes each message.
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "mail"))
# Seconds: a hung mail server fails the try, which is retried later.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
# The site's address for links in e-mails (and the host in calendar invitations' UIDs).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# Reminders' timing (leaderdev.notifications; each app's reminders.py).
SESSION_REMINDER_DAYS = env.int("SESSION_REMINDER_DAYS", default=2)  # days before a session

# Celery: with no broker configured every task runs eagerly, in-process, so `make run` needs nothing.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
# Publishing gives up fast (one try, 2 s to connect) so a request never hangs on a broker that is down:
# the work waits in the outbox (leaderdev.notifications.outbox). Unacknowledged messages come back after
# an hour; no countdown or retry delay comes near that (far-future work is rows plus beat).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
# Beat reads its schedule from the database (django-celery-beat), so staff see and change it in the admin;
# the schedules themselves are rows made by a migration (leaderdev/migrations/0007_beat_schedules.py).
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# Production hardening: on whenever DEBUG is off, each switch can be turned off behind a proxy that
# already does the job (e.g. TLS terminated and redirected upstream).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): the same policy in development and production, so a page that
# breaks it breaks on a developer's machine first. Every script and stylesheet is a static file; no page
# has an inline <script>, a style="" attribute or an inline event handler. The one exception is the
# <style> element pygal writes inside each server-drawn SVG chart (its colours and fonts, scoped to the
# chart's id): the chart templates stamp it with this response's nonce (the csp_nonce filter in
# leaderdev/templatetags/security.py), so 'unsafe-inline' is never allowed, and pages without a chart
# send no nonce at all.
# Where browsers report violations, if anywhere (a lower-case name: django-csp 4 refuses CSP_* settings).
csp_report_uri = env.str("CSP_REPORT_URI", default="")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],  # data: for Bootstrap's inline SVG icons (form validation, selects)
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        **({"report-uri": [csp_report_uri]} if csp_report_uri else {}),
    },
}

# Login brute-force protection (django-axes): AXES_FAILURE_LIMIT wrong passwords for one e-mail address
# from one IP address lock that pair out for AXES_COOLOFF_MINUTES (each further try restarts the wait);
# a success clears the count. Staff see and clear lockouts in the admin ("Access attempts"). The username
# recorded is the e-mail typed, lower-cased (logins are not case-sensitive), and the IP address is the
# proxy's X-Forwarded-For entry only when BEHIND_PROXY says a proxy sets it (leaderdev/security.py).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_MINUTES = env.int("AXES_COOLOFF_MINUTES", default=15)
AXES_COOLOFF_TIME = timedelta(minutes=AXES_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "leaderdev.security.login_username"
AXES_CLIENT_IP_CALLABLE = "leaderdev.security.client_ip_address"
AXES_LOCKOUT_CALLABLE = "leaderdev.security.lockout_response"
# How many proxies append to X-Forwarded-For in front of the app (used only with BEHIND_PROXY=true).
PROXY_COUNT = env.int("PROXY_COUNT", default=1)
# Who a locked-out person should ask, shown on the lockout page.
LOCKOUT_CONTACT = env.str("LOCKOUT_CONTACT", default="the Office of Leadership Development")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
