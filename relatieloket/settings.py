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
    # Retention and the check after a restore (no role permissions: commands only).
    "operations",
    # OpenID Connect login for municipal staff (mozilla-django-oidc).
    "municipal_login",
    "evaluation",
]

MIDDLEWARE = [
    # The cluster's liveness and readiness probes, answered before anything else.
    "relatieloket.health.HealthCheckMiddleware",
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
    # The request id, user id and roles on every log line; one JSON line per request.
    "relatieloket.logs.RequestLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "relatieloket.middleware.IdleTimeoutMiddleware",
    # A municipal login without the provider's second factor is sent to the portal's code.
    "municipal_login.middleware.MunicipalSecondFactorMiddleware",
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
# PostgreSQL: waiting reports queue first come, first served (relatieloket.lanes); False = the
# lane without a queue (tries every 50 ms, the 503 page after REPORT_LANE_WAIT), as on SQLite.
REPORT_QUEUE = env.bool("REPORT_QUEUE", default=True)
# Seconds a report request waits for its turn before it answers with the waiting page, which
# comes back every REPORT_QUEUE_REFRESH seconds with its ticket; a ticket not back within
# REPORT_QUEUE_EXPIRE seconds loses its place. A newcomer finding REPORT_QUEUE_LENGTH reports
# waiting gets the 503 page.
REPORT_QUEUE_HOLD = env.float("REPORT_QUEUE_HOLD", default=10)
REPORT_QUEUE_REFRESH = env.int("REPORT_QUEUE_REFRESH", default=2)
REPORT_QUEUE_EXPIRE = env.float("REPORT_QUEUE_EXPIRE", default=8)
# … or within REPORT_QUEUE_MANUAL_EXPIRE seconds when its user turned the refresh off.
REPORT_QUEUE_MANUAL_EXPIRE = env.float("REPORT_QUEUE_MANUAL_EXPIRE", default=60)
REPORT_QUEUE_LENGTH = env.int("REPORT_QUEUE_LENGTH", default=100)

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

# --- Operations (health, JSON logs, retention) -----------------------------------------------
# One JSON object per log line with the request id, user id and roles (relatieloket.logs);
# LOG_FORMAT=plain for reading logs on a terminal.
LOGGING["formatters"]["json"] = {"()": "relatieloket.logs.JsonFormatter"}
LOGGING["handlers"]["console"]["formatter"] = env.str("LOG_FORMAT", default="json")
# Probes of the cluster speak plain HTTP to the pod.
SECURE_REDIRECT_EXEMPT = [r"^_healthz/", r"^healthz/$"]

# Retention (`manage.py apply_retention`, nightly CronJob): days a kind of record is kept.
# README, Deploying, gives the reason for each default.
# Failed and successful login records (user name, IP address) of django-axes.
RETENTION_LOGIN_RECORDS_DAYS = env.int("RETENTION_LOGIN_RECORDS_DAYS", default=90)
# An unused feedback link expires; a used one loses its tie to the visit.
RETENTION_FEEDBACK_LINK_DAYS = env.int("RETENTION_FEEDBACK_LINK_DAYS", default=30)
# Audit entries: at least 183 days (BIO 12.4.1; the database refuses to delete younger ones).
RETENTION_AUDIT_DAYS = env.int("RETENTION_AUDIT_DAYS", default=730)
# A closed traject's code (on the couple's card) after the follow-up period.
RETENTION_TRAJECT_CODE_DAYS = env.int("RETENTION_TRAJECT_CODE_DAYS", default=365)

# One cache for every process and replica, in the database they already share: the flyers
# (public.flyer) rendered once serve every replica, and no cache server is needed. The table
# is made by migrate (operations migration 0002). The functools caches left in the code hold
# pure functions of their arguments (text normalisation), the same in every process.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "relatieloket_cache",
        "OPTIONS": {"MAX_ENTRIES": env.int("CACHE_MAX_ENTRIES", default=2000)},
    }
}

# --- Municipal login (OpenID Connect, mozilla-django-oidc; README, Deploying) ---------------
# On when OIDC_RP_CLIENT_ID is set. Staff are matched on the `sub` claim; their roles come from
# the groups in OIDC_GROUPS_CLAIM through OIDC_GROUP_ROLES (group=role,...; roles: hulpverlener,
# coordinator, beleidsmedewerker, raadslid; the functional admin logs in locally), their
# municipalities from the CBS codes in OIDC_MUNICIPALITIES_CLAIM.
OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", default="")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET", default="")
OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = env.str("OIDC_RP_SCOPES", default="openid profile")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT", default="")
OIDC_OP_LOGOUT_ENDPOINT = env.str("OIDC_OP_LOGOUT_ENDPOINT", default="")
OIDC_OP_LOGOUT_URL_METHOD = "municipal_login.logout.provider_logout_url"
OIDC_STORE_ID_TOKEN = True
OIDC_AUTHENTICATION_CALLBACK_URL = "municipal_login:callback"
OIDC_GROUPS_CLAIM = env.str("OIDC_GROUPS_CLAIM", default="groups")
OIDC_GROUP_ROLES = env.dict(
    "OIDC_GROUP_ROLES",
    default={
        role: role for role in ("hulpverlener", "coordinator", "beleidsmedewerker", "raadslid")
    },
)
OIDC_MUNICIPALITIES_CLAIM = env.str("OIDC_MUNICIPALITIES_CLAIM", default="municipalities")
# `amr` values (RFC 8176) and `acr` levels that mean the provider asked a second factor.
OIDC_MFA_AMR_VALUES = env.list(
    "OIDC_MFA_AMR_VALUES", default=["mfa", "otp", "hwk", "swk", "sms", "sc", "fpt", "face"]
)
OIDC_MFA_ACR_VALUES = env.list(
    "OIDC_MFA_ACR_VALUES",
    default=["http://eidas.europa.eu/LoA/substantial", "http://eidas.europa.eu/LoA/high"],
)
LOGIN_REDIRECT_URL_FAILURE = "/inloggen/"
AUTHENTICATION_BACKENDS += ["municipal_login.backends.MunicipalOIDCBackend"]
# --- Evaluation (issue 23) ------------------------------------------------------------------
# Months after a traject closes during which its scores and follow-up answers stay tied to its
# code (the follow-up at 3 and 6 months needs it); after that `manage.py apply_retention`
# cuts the link and only the figures remain.
EVALUATION_FOLLOW_UP_MONTHS = env.int("EVALUATION_FOLLOW_UP_MONTHS", default=6)
# The follow-up page (/vervolg/) over the whole site, stored without any address: at most this
# many submissions a minute, and closed for LOCKOUT_MINUTES after LOCKOUT_FAILURES wrong codes.
EVALUATION_FOLLOW_UP_RATE_PER_MINUTE = env.int("EVALUATION_FOLLOW_UP_RATE_PER_MINUTE", default=30)
EVALUATION_FOLLOW_UP_LOCKOUT_FAILURES = env.int(
    "EVALUATION_FOLLOW_UP_LOCKOUT_FAILURES", default=200
)
EVALUATION_FOLLOW_UP_LOCKOUT_MINUTES = env.int("EVALUATION_FOLLOW_UP_LOCKOUT_MINUTES", default=60)
# A wrong second-factor code makes the next try wait 0.2 s, doubling with each further wrong
# code (django-otp's default 1 s refused a correct code typed just after a typo); guessing stays
# hopeless: after 20 wrong codes the wait is more than a day.
OTP_TOTP_THROTTLE_FACTOR = 0.2
OTP_STATIC_THROTTLE_FACTOR = 0.2

# --- Public pages for a crowd (relatieloket.caching) ----------------------------------------
# How long a browser or proxy may keep a public page (seconds, `Cache-Control: public`); the
# shared cache keeps a rendered page until its data changes (or this many seconds pass).
PUBLIC_PAGE_MAX_AGE = env.int("PUBLIC_PAGE_MAX_AGE", default=60)
PUBLIC_PAGE_CACHE_TIMEOUT = env.int("PUBLIC_PAGE_CACHE_TIMEOUT", default=3600)
# Desks per page of the overview (/hulp/), alphabetical by municipality.
PUBLIC_OVERVIEW_PAGE_SIZE = env.int("PUBLIC_OVERVIEW_PAGE_SIZE", default=50)
# Off: every public page rendered per request and `no-store`, as before (benchmark_public).
PUBLIC_PAGE_CACHE = env.bool("PUBLIC_PAGE_CACHE", default=True)
