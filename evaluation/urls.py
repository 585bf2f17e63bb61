from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("trajecten/<int:pk>/scores/", views.traject_scores, name="traject_scores"),
    path("trajecten/<int:pk>/kaart/", views.traject_card, name="traject_card"),
]
