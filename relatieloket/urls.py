from django.conf.urls.i18n import set_language
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views
from .roles import public

admin.site.site_header = _("Relatieloket portal – configuration")
admin.site.site_title = _("Relatieloket portal")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("inloggen/", views.login, name="login"),
    path("inloggen/tweede-factor/", views.second_factor_setup, name="second_factor_setup"),
    path("uitloggen/", views.logout, name="logout"),
    path("account/", views.account, name="account"),
    path("account/herstelcodes/", views.recovery_codes, name="recovery_codes"),
    path("taal/", public(set_language), name="set_language"),
    path("loket/", include("intake.urls")),
    path("netwerk/", include("referrals.urls")),
    path("rapportages/", include("reports.urls")),
    path("hulp/", include("public.urls")),
    path("open-data/", include("public.urls_opendata")),
    path("beheer/", admin.site.urls),
    path("loket/evaluatie/", include("evaluation.urls")),
    path("vervolg/", include("evaluation.urls_follow_up")),
]
