from django.urls import path

from . import views

app_name = "referrals"

urlpatterns = [
    path("sociale-kaart/", views.directory, name="directory"),
    path("sociale-kaart/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("verwijsstromen/", views.flow_map, name="flow_map"),
    path("opgaven/", views.return_list, name="return_list"),
    path("opgaven/nieuw/", views.return_edit, name="return_create"),
    path("opgaven/<int:pk>/wijzigen/", views.return_edit, name="return_edit"),
    path("opgaven/<int:pk>/verwijderen/", views.return_delete, name="return_delete"),
]
