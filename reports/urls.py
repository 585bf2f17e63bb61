from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.start, name="start"),
    path("raadsinformatiebrieven/", views.published_list, name="published_list"),
]
