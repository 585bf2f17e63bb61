"""A tiny OpenID Connect provider (django-oidc-provider) that the municipal-login tests start
on 127.0.0.1 in a process of its own: the municipality's identity provider in the tests.

Its users carry their claims in their groups: a group "gemeente:GM0505" gives that
municipality, a group "mfa" means the login used a second factor (amr ["pwd", "otp"]), any
other group name is sent in the "groups" claim.
"""

import os

BASE_DIR = os.path.dirname(os.path.abspath(__file__))
SECRET_KEY = "test-provider-only-" + "x" * 40
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "oidc_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "municipal_login.tests.provider.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [os.path.join(BASE_DIR, "templates")],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("PROVIDER_DB", os.path.join(BASE_DIR, "provider.sqlite3")),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
USE_TZ = True
LOGIN_URL = "/login/"
SITE_URL = os.environ.get("PROVIDER_URL", "http://127.0.0.1:8000")
OIDC_IDTOKEN_PROCESSING_HOOK = "municipal_login.tests.provider.claims.id_token_claims"
OIDC_USERINFO = "municipal_login.tests.provider.claims.userinfo"
OIDC_SKIP_CONSENT_EXPIRE = 1
