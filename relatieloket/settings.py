"""Settings for the Relatieloket portal, read from the environment (django-environ).

Every variable is documented in `.env.example`. Development gets safe defaults; with
DEBUG=False the portal refuses to start without a real SECRET_KEY and ALLOWED_HOSTS.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

_DEV_SECRET_KEY = "insecure-development-key-only-for-debug-mode-never-in-production"
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if DEBUG:
    SECRET_KEY = SECRET_KEY or _DEV_SECRET_KEY
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["localhost", "127.0.0.1", "[::1]"]
else:
    # Django's own deploy check (W009) plus the placeholder of .env.example, which is long
    # enough to pass a length check.
    if (
        len(SECRET_KEY) < 50
        or len(set(SECRET_KEY)) < 5
        or SECRET_KEY.startswith("django-insecure-")
        or SECRET_KEY == _DEV_SECRET_KEY
        or "change-me" in SECRET_KEY
    ):
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a random value of at least 50 characters when DEBUG=False."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG=False.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # The admin's default site requires a verified second factor and sends logins to ours.
    "relatieloket.admin_site.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "django_otp",
    "django_otp.plugins.otp_static",
    "django_otp.plugins.otp_totp",
    "two_factor",
    "axes",
    "csp",
    "relatieloket",
    "referrals",
    "intake",
    "audit",
    # No models: before the last app, whose post_migrate syncs the roles' permissions.
    "public",
    "reports",
    "evaluation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Static files are answered here; everything below sees dynamic responses only.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "relatieloket.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Dutch by default; English only through the language switch (not Accept-Language).
    "relatieloket.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "relatieloket.middleware.IdleTimeoutMiddleware",
    "relatieloket.middleware.SecondFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: it turns a login refused by the lockout into the Dutch lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "relatieloket.urls"
WSGI_APPLICATION = "relatieloket.wsgi.application"

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
                "relatieloket.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a lock instead of failing at once when two requests write together.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Report requests (dashboards, exports, flow map) running at once on the whole server, over all
# worker processes (relatieloket.lanes, gunicorn.conf.py): the other cores stay free for saves.
# Default 1, for 2 cores; about cores - 1 on a larger machine.
REPORT_CONCURRENCY = env.int("REPORT_CONCURRENCY", default=1)
# Seconds a report waits for a free slot before the 503 page "Het is even druk".
REPORT_LANE_WAIT = env.float("REPORT_LANE_WAIT", default=20)
# Milliseconds one report query may run (PostgreSQL) before it is cancelled with that page.
REPORT_STATEMENT_TIMEOUT = env.int("REPORT_STATEMENT_TIMEOUT", default=30_000)
# PostgreSQL parallel workers one report query may use: 0 keeps a report slot to one core.
REPORT_PARALLEL_WORKERS = env.int("REPORT_PARALLEL_WORKERS", default=0)

AUTH_USER_MODEL = "relatieloket.User"
# The lockout backend comes first: it refuses a locked-out user before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
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

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
# Each app keeps its own catalog; `locale/` at the top holds the strings of `templates/`.
# Order matters to makemessages: a file goes to the first path whose folder contains it.
LOCALE_PATHS = [
    *(
        BASE_DIR / app / "locale"
        for app in ("relatieloket", "referrals", "intake", "reports", "public")
    ),
    BASE_DIR / "locale",
]
# The switch's choice is remembered for a year (a cookie with the language code only).
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

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
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Dates of visits, sessions, activities and closings may lie this many days after today (a
# counsellor logging ahead); 0 means not after today.
FUTURE_DATE_TOLERANCE_DAYS = env.int("FUTURE_DATE_TOLERANCE_DAYS", default=0)

# Small-count protection: published counts from 1 up to this threshold are hidden.
SMALL_COUNT_THRESHOLD = env.int("SMALL_COUNT_THRESHOLD", default=5)

# --- Login security (BIO / OWASP ASVS level 2) -------------------------------------------
# A session ends 8 hours after login at the latest, and after SESSION_IDLE_TIMEOUT seconds
# without a request (relatieloket.middleware.IdleTimeoutMiddleware).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)

# Second factor (django-two-factor-auth on django-otp): TOTP from an authenticator app plus
# one-time recovery codes, set up at first login and required for every staff page.
TWO_FACTOR_TOTP_DIGITS = 6
# Seconds between the password and the code of one login.
TWO_FACTOR_LOGIN_TIMEOUT = 600

# Lockout (django-axes): after AXES_FAILURE_LIMIT failed logins for one user name, or from
# one address, that user or address is refused for AXES_COOLOFF_MINUTES, even with the right
# password. The functional admin can lift a lockout early (admin: users, "Unlock login").
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "relatieloket.security.lockout_response"
# The login form's fields carry the wizard's prefix; never store what was typed in them.
AXES_PASSWORD_FORM_FIELD = "auth-password"
AXES_SENSITIVE_PARAMETERS = ["username", "password", "auth-username", "csrfmiddlewaretoken"]
# What was typed as user name is counted and logged only when it names an existing account.
AXES_USERNAME_CALLABLE = "relatieloket.security.login_attempt_username"
AXES_CLIENT_STR_CALLABLE = "relatieloket.security.login_attempt_description"
# Behind REVERSE_PROXY_COUNT proxies the client address is taken from X-Forwarded-For.
REVERSE_PROXY_COUNT = env.int("REVERSE_PROXY_COUNT", default=0)
if REVERSE_PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = REVERSE_PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

# --- Headers -------------------------------------------------------------------------------
# Content-Security-Policy (django-csp): only the portal's own files; no inline script or
# style anywhere (charts and the flow map use SVG presentation attributes, not style=).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Bootstrap draws checkboxes and select arrows with data: SVG images.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Permissions-Policy (django-permissions-policy): the portal uses no device feature.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
}

# Logs never carry free text from residents: only request paths, status codes and ids.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django logs the POST data of failing requests at DEBUG level only; keep it quiet.
        "django.request": {"level": "ERROR", "propagate": True},
        # WeasyPrint warns about every CSS property it ignores; errors still come through.
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        # The lockout's start-up banner on every command; its login records stay.
        "axes.apps": {"level": "WARNING"},
    },
}

# --- Evaluation (issue 23) ------------------------------------------------------------------
# Months after a traject closes during which its scores and follow-up answers stay tied to its
# code (the follow-up at 3 and 6 months needs it); after that `manage.py evaluation_retention`
# cuts the link and only the figures remain.
EVALUATION_FOLLOW_UP_MONTHS = env.int("EVALUATION_FOLLOW_UP_MONTHS", default=6)
# The follow-up page (/vervolg/) over the whole site, stored without any address: at most this
# many submissions a minute, and closed for LOCKOUT_MINUTES after LOCKOUT_FAILURES wrong codes.
EVALUATION_FOLLOW_UP_RATE_PER_MINUTE = env.int("EVALUATION_FOLLOW_UP_RATE_PER_MINUTE", default=30)
EVALUATION_FOLLOW_UP_LOCKOUT_FAILURES = env.int(
    "EVALUATION_FOLLOW_UP_LOCKOUT_FAILURES", default=200
)
EVALUATION_FOLLOW_UP_LOCKOUT_MINUTES = env.int("EVALUATION_FOLLOW_UP_LOCKOUT_MINUTES", default=60)
