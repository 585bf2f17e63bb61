from django.urls import path

from . import views

urlpatterns = [
    path("raadsinformatiebrieven/", views.published_list, name="published_list"),
]
