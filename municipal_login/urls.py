from django.urls import path

from . import views

app_name = "municipal_login"

urlpatterns = [
    path("", views.authenticate, name="start"),
    path("terug/", views.callback, name="callback"),
    path("code/", views.code, name="code"),
    path("uitloggen/", views.logout_view, name="logout"),
]
