from django.urls import path

from . import council_views as views

urlpatterns = [
    path("raadsinformatiebrieven/", views.published_list, name="published_list"),
]
