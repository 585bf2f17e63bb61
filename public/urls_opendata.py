from django.urls import path

from . import views_opendata as views

app_name = "open_data"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("cijfers/", views.figures_page, name="figures"),
    path("brieven/<int:pk>/cijfers.csv", views.letter_csv, name="letter_csv"),
    path("brieven/<int:pk>/cijfers.json", views.letter_json, name="letter_json"),
]
